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
# test runner, the mock stopped. The last line is `N passed, M failed`; the
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

target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="${ACS_CHAT_MOCK_BIN:-$target_dir/debug/acs-chat-mock}"
if [ -z "${ACS_CHAT_MOCK_BIN:-}" ] && command -v cargo >/dev/null 2>&1; then
  cargo build --quiet -p acs-chat-mock   # a no-op when already built
fi
[ -x "$bin" ] || { echo "error: $bin not found; run: cargo build -p acs-chat-mock" >&2; exit 1; }

# Exactly the locked versions; reinstalled only when the lock file changed.
stamp="$here/node_modules/.acs-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$here/package-lock.json" "$stamp"; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$stamp"
fi

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
version() { node -p "require('$here/node_modules/$1/package.json').version"; }
echo "acs-chat-mock at $base_url (CA: $ca_file); node $(node --version)," \
  "@azure/communication-chat $(version @azure/communication-chat)," \
  "@azure/communication-common $(version @azure/communication-common)"

status=0
(cd "$here" && MOCK_BASE_URL="$base_url" MOCK_BIN="$bin" NODE_EXTRA_CA_CERTS="$ca_file" \
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$work/tap" official_sdk.test.mjs) || status=$?
passed="$(grep -c '^ok ' "$work/tap" || true)"
failed="$(grep -c '^not ok ' "$work/tap" || true)"
echo "$passed passed, $failed failed"
if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then status=1; fi
if [ "$passed" -eq 0 ]; then echo "error: no test ran" >&2; status=1; fi
exit "$status"
