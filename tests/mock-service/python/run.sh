#!/usr/bin/env bash
# The official Azure SDK for Python against acs-chat-mock, over HTTPS.
#
#   bash tests/mock-service/python/run.sh      (from anywhere in the repository)
#
# Skips (exit 0) when python3 is missing. Otherwise: a venv under
# target/py-sdk-venv with azure-communication-chat from PyPI, the mock built
# (if needed) and started with --tls --no-throttling on a free port, the
# tests in test_official_sdk.py, the mock stopped. The last line is
# `N passed, M failed`; the exit status is non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"

if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is not installed; the official Python SDK test was not run"
  echo "0 passed, 0 failed (skipped)"
  exit 0
fi

# shellcheck source=../start-mock.sh
source "$here/../start-mock.sh"
mock_build

venv="$target_dir/py-sdk-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "azure-communication-chat==1.3.0"

mock_start
echo "acs-chat-mock at $base_url (CA: $ca_file); azure-communication-chat $("$venv/bin/python" -m pip show azure-communication-chat | sed -n 's/^Version: //p')"

status=0
MOCK_BASE_URL="$base_url" MOCK_CA_FILE="$ca_file" MOCK_BIN="$bin" \
  "$venv/bin/python" "$here/test_official_sdk.py" || status=$?
exit "$status"
