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

target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="${ACS_CHAT_MOCK_BIN:-$target_dir/debug/acs-chat-mock}"
if [ -z "${ACS_CHAT_MOCK_BIN:-}" ] && command -v cargo >/dev/null 2>&1; then
  cargo build --quiet -p acs-chat-mock   # a no-op when already built
fi
[ -x "$bin" ] || { echo "error: $bin not found; run: cargo build -p acs-chat-mock" >&2; exit 1; }

venv="$target_dir/py-sdk-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "azure-communication-chat==1.3.0"

work="$(mktemp -d)"
"$bin" serve --tls --no-throttling --quiet --addr 127.0.0.1:0 --cert-out "$work/ca.pem" \
  >"$work/stdout" 2>"$work/stderr" &
mock_pid=$!
cleanup() {
  kill -TERM "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# First stdout line: the base URL; second: the CA certificate file.
for _ in $(seq 1 200); do
  [ "$(wc -l <"$work/stdout")" -ge 2 ] && break
  if ! kill -0 "$mock_pid" 2>/dev/null; then
    echo "error: the mock exited:" >&2; cat "$work/stderr" >&2; exit 1
  fi
  sleep 0.1
done
base_url="$(sed -n 1p "$work/stdout")"
ca_file="$(sed -n 2p "$work/stdout")"
[ -n "$ca_file" ] || { echo "error: the mock did not start in time" >&2; cat "$work/stderr" >&2; exit 1; }
echo "acs-chat-mock at $base_url (CA: $ca_file); azure-communication-chat $("$venv/bin/python" -m pip show azure-communication-chat | sed -n 's/^Version: //p')"

status=0
MOCK_BASE_URL="$base_url" MOCK_CA_FILE="$ca_file" MOCK_BIN="$bin" \
  "$venv/bin/python" "$here/test_official_sdk.py" || status=$?
exit "$status"
