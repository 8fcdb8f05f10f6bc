#!/usr/bin/env bash
# A short run of every fuzz target: proves they build and run, and catches
# shallow crashes. Long runs are a documented command (RELIABILITY.md).
#
#   bash tests/fuzz/smoke.sh [SECONDS_PER_TARGET]
#
# cargo-fuzz needs nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the
# machine's stable toolchain accept them (no other toolchain can be
# installed here). Skips with a message when cargo-fuzz cannot be installed.
set -euo pipefail
seconds="${1:-20}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2 || {
    echo "SKIP: cargo-fuzz could not be installed; fuzz smoke run not done"
    exit 0
  }
fi

# Seeds: the real spec and every fixture, so that mutations start from
# documents that get deep into the generator.
corpus="tests/fuzz/corpus/spec_generate"
mkdir -p "$corpus"
cp spec/*.yaml codegen/tests/fixtures/specs/*.yaml codegen/tests/fixtures/bad-specs/*.yaml "$corpus/"

# Seeds for the mock's HTTP handling: raw requests (mode byte 0) and
# assembled ones (fields separated by 0xff), see fuzz_targets/mock_http.rs.
corpus="tests/fuzz/corpus/mock_http"
mkdir -p "$corpus"
printf '\000GET /chat/threads/19%%3Ademo%%40thread.v2/readReceipts?api-version=2025-03-15 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' >"$corpus/raw-list"
printf '\000POST /_mock/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Mock-Admin: 1\r\nContent-Length: 17\r\n\r\n{"fault":"delay"}' >"$corpus/raw-admin"
printf '\001\011\377\377api-version=2025-03-15\377\377{"chatMessageId":"1591137790240"}' >"$corpus/send"
printf '\001\010\377\377api-version=2025-03-15&maxPageSize=1\377x-ms-client-request-id: a\377' >"$corpus/list"

for target in spec_generate client_decode paging_canonical mock_http; do
  echo "fuzzing $target for ${seconds}s"
  cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none -O "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 2>&1 | tail -n 12
done
