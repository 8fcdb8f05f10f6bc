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

for target in spec_generate client_decode paging_canonical; do
  echo "fuzzing $target for ${seconds}s"
  cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none -O "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 2>&1 | tail -n 12
done
