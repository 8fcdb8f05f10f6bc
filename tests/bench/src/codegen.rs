//! Scenario 1: code generation time and peak memory, the real spec and
//! synthetic specs of growing size.

use std::time::Instant;

use crate::alloc;
use crate::specs;
use crate::stats;

/// One spec's figures.
#[derive(Debug, Clone)]
pub struct CodegenResult {
    /// `real spec` or `synthetic N`.
    pub name: String,
    /// Operations in the spec.
    pub operations: usize,
    /// Spec size in bytes.
    pub spec_bytes: usize,
    /// Generated source size in bytes.
    pub output_bytes: usize,
    /// Timed runs (after one warm-up run, except for single runs).
    pub runs: usize,
    /// Median generation time, milliseconds.
    pub median_ms: f64,
    /// Fastest run, milliseconds.
    pub min_ms: f64,
    /// Peak heap growth during one run, bytes (0 without the counting allocator).
    pub peak_bytes: usize,
    /// Allocations during one run.
    pub allocations: u64,
}

/// The sizes of the synthetic specs.
pub fn sizes(quick: bool) -> &'static [usize] {
    if quick { &[2, 20] } else { &[2, 20, 200, 2000] }
}

/// Generates `spec` `runs` times (plus a warm-up) and measures.
pub fn measure(name: &str, spec: &str, operations: usize, runs: usize) -> CodegenResult {
    let options = acs_chat_codegen::Options::new(name);
    let generate = || acs_chat_codegen::generate(spec, &options).expect("the spec generates");
    // Generation runs on a thread of its own: count every thread.
    let (output, usage) = alloc::measure_process(generate);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(generate());
        times.push(started.elapsed().as_secs_f64() * 1e3);
    }
    CodegenResult {
        name: name.to_string(),
        operations,
        spec_bytes: spec.len(),
        output_bytes: output.len(),
        runs,
        median_ms: stats::median(&times),
        min_ms: times.iter().copied().fold(f64::INFINITY, f64::min),
        peak_bytes: usage.peak_bytes,
        allocations: usage.allocations,
    }
}

/// Every codegen measurement of this mode.
pub fn run(quick: bool) -> Vec<CodegenResult> {
    let mut out = Vec::new();
    eprintln!("codegen: real spec");
    out.push(measure(
        specs::REAL_SPEC_NAME,
        specs::REAL_SPEC,
        2,
        if quick { 1 } else { 30 },
    ));
    for &n in sizes(quick) {
        eprintln!("codegen: synthetic spec of {n} operations");
        let runs = match (quick, n) {
            (true, _) => 1,
            (false, ..=20) => 30,
            (false, ..=200) => 10,
            _ => 3,
        };
        out.push(measure(
            &format!("synthetic {n}"),
            &specs::synthetic(n),
            n,
            runs,
        ));
    }
    out
}
