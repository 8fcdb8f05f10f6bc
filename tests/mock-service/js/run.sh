#!/usr/bin/env bash
# The official Azure SDK for JavaScript against acs-chat-mock, over HTTPS.
#
#   bash tests/mock-service/js/run.sh      (from anywhere in the repository)
#
# Skips (exit 0) when node or npm is missing. Otherwise: `npm ci` of the
# pinned @azure/communication-chat and @azure/communication-common
# (package-lock.json) into js/node_modules, the mock built (if needed) and
# started with --tls --no-throttling on a free port, its CA trusted through
# NODE_EXTRA_CA_CERTS, the tests in official_sdk.test.mjs run with node's
# test runner, and identifier_parity.test.mjs (acs-chat's
# CommunicationIdentifier against @azure/communication-common, through the
# `identifier_corpus` example), the mock stopped. The last line is `N passed, M failed`; the
# exit status is non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node or npm is not installed; the official JavaScript SDK test was not run"
  echo "0 passed, 0 failed (skipped)"
  exit 0
fi

# shellcheck source=../start-mock.sh
source "$here/../start-mock.sh"
mock_build
# The Rust half of identifier_parity.test.mjs.
corpus_bin="$target_dir/debug/examples/identifier_corpus"
if command -v cargo >/dev/null 2>&1; then
  cargo build --quiet -p acs-chat --example identifier_corpus
fi
[ -x "$corpus_bin" ] || { echo "error: $corpus_bin not found; run: cargo build -p acs-chat --example identifier_corpus" >&2; exit 1; }

# Exactly the locked versions; reinstalled only when the lock file changed.
stamp="$here/node_modules/.acs-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$here/package-lock.json" "$stamp"; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$stamp"
fi

mock_start
version() { node -p "require('$here/node_modules/$1/package.json').version"; }
echo "acs-chat-mock at $base_url (CA: $ca_file); node $(node --version)," \
  "@azure/communication-chat $(version @azure/communication-chat)," \
  "@azure/communication-common $(version @azure/communication-common)"

status=0
(cd "$here" && MOCK_BASE_URL="$base_url" MOCK_BIN="$bin" NODE_EXTRA_CA_CERTS="$ca_file" \
  IDENTIFIER_CORPUS_BIN="$corpus_bin" \
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$work/tap" official_sdk.test.mjs identifier_parity.test.mjs) || status=$?
passed="$(grep -c '^ok ' "$work/tap" || true)"
failed="$(grep -c '^not ok ' "$work/tap" || true)"
echo "$passed passed, $failed failed"
if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then status=1; fi
if [ "$passed" -eq 0 ]; then echo "error: no test ran" >&2; status=1; fi
exit "$status"
