//! `cargo bench -p acs-chat-bench --bench codegen`: generation time and
//! allocations (divan's allocation profiler) for the real spec and
//! synthetic specs. The 2,000-operation spec is in `cargo xtask bench`.

use acs_chat_bench::specs;
use divan::{AllocProfiler, Bencher};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn real_spec(bencher: Bencher) {
    let options = acs_chat_codegen::Options::new(specs::REAL_SPEC_NAME);
    bencher.bench(|| acs_chat_codegen::generate(specs::REAL_SPEC, &options).unwrap());
}

#[divan::bench(args = [2, 20, 200], sample_count = 10)]
fn synthetic(bencher: Bencher, operations: usize) {
    let spec = specs::synthetic(operations);
    let options = acs_chat_codegen::Options::new("synthetic.yaml");
    bencher
        .counter(divan::counter::ItemsCount::new(operations))
        .bench(|| acs_chat_codegen::generate(&spec, &options).unwrap());
}

/// Only the front half (parse, validate, normalize): how much of the time
/// is progenitor and formatting.
#[divan::bench(sample_count = 20)]
fn real_spec_check_only(bencher: Bencher) {
    let options = acs_chat_codegen::Options::new(specs::REAL_SPEC_NAME);
    bencher.bench(|| acs_chat_codegen::check(specs::REAL_SPEC, &options).unwrap());
}
