//! Scenario 1b: the whole `acs_chat_codegen::generate` against its floor,
//! raw progenitor `generate_tokens` + prettyplease on the same normalized
//! document (`acs_chat_codegen::generate_unprocessed`), measured side by
//! side in one run on the synthetic specs. The ratio is the cost of this
//! project's own steps (load, validate, the model, normalize, the
//! post-processing passes); issue 14 asks for at most 1.3× at 2,000
//! operations, which a pass that walks the whole file once per operation
//! cannot meet.

use std::fmt::Write;
use std::time::Instant;

use crate::{alloc, specs, stats};

/// The target ratio at [`TARGET_OPERATIONS`].
pub const TARGET: f64 = 1.3;
/// The size the target is about.
pub const TARGET_OPERATIONS: usize = 2000;

/// One size's figures.
#[derive(Debug, Clone)]
pub struct BaselineResult {
    /// Operations in the synthetic spec.
    pub operations: usize,
    /// Timed runs of each side (interleaved, after one warm-up each).
    pub runs: usize,
    /// Median of `generate`, milliseconds.
    pub generate_ms: f64,
    /// Median of progenitor + prettyplease, milliseconds.
    pub baseline_ms: f64,
    /// Peak heap growth of one `generate`, bytes.
    pub generate_peak: usize,
    /// Peak heap growth of one baseline run, bytes.
    pub baseline_peak: usize,
}

impl BaselineResult {
    /// `generate` time over baseline time.
    pub fn ratio(&self) -> f64 {
        self.generate_ms / self.baseline_ms
    }
}

/// The sizes measured: 20, 200 and 2,000 operations (20 alone when quick).
pub fn sizes(quick: bool) -> &'static [usize] {
    if quick { &[20] } else { &[20, 200, 2000] }
}

/// Measures one size.
pub fn measure(operations: usize, runs: usize) -> BaselineResult {
    let spec = specs::synthetic(operations);
    let options = acs_chat_codegen::Options::new(format!("synthetic {operations}"));
    let (normalized, _) = acs_chat_codegen::check(&spec, &options).expect("the spec is valid");
    let ours = || acs_chat_codegen::generate(&spec, &options).expect("the spec generates");
    let floor = || {
        acs_chat_codegen::generate_unprocessed(&normalized, &options)
            .expect("progenitor generates the normalized spec")
    };
    let (_, ours_usage) = alloc::measure_process(ours);
    let (_, floor_usage) = alloc::measure_process(floor);
    let (mut ours_ms, mut floor_ms) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(ours());
        ours_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(floor());
        floor_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    BaselineResult {
        operations,
        runs,
        generate_ms: stats::median(&ours_ms),
        baseline_ms: stats::median(&floor_ms),
        generate_peak: ours_usage.peak_bytes,
        baseline_peak: floor_usage.peak_bytes,
    }
}

/// Every size of this mode. `CODEGEN_BASELINE_SIZES=200,2000` measures
/// those sizes instead, one run each (for a profiler such as callgrind).
pub fn run(quick: bool) -> Vec<BaselineResult> {
    if let Ok(list) = std::env::var("CODEGEN_BASELINE_SIZES") {
        return list
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .map(|n| measure(n, 1))
            .collect();
    }
    sizes(quick)
        .iter()
        .map(|&n| {
            eprintln!("codegen-baseline: synthetic spec of {n} operations");
            let runs = match (quick, n) {
                (true, _) => 1,
                (false, ..=20) => 15,
                (false, ..=200) => 5,
                // Five, not three: a run at 2,000 operations peaks at 1 GiB,
                // and page faults move single runs by ±5%.
                _ => 5,
            };
            measure(n, runs)
        })
        .collect()
}

/// The table, with the verdict on the largest size.
pub fn markdown(s: &mut String, rows: &[BaselineResult], counted: bool) {
    let mib = |b: usize| {
        if counted {
            format!("{:.1}", b as f64 / (1024.0 * 1024.0))
        } else {
            "n/a".into()
        }
    };
    let _ = writeln!(
        s,
        "### Code generation against raw progenitor (same normalized document, same run)\n\n\
         `generate`: the whole `acs_chat_codegen::generate` from spec text. Baseline: progenitor \
         `generate_tokens` + `syn::parse2` + prettyplease on the document `acs_chat_codegen::check` \
         returns (`acs_chat_codegen::generate_unprocessed`). Runs interleaved; medians.\n\n\
         | operations | runs | `generate` ms | baseline ms | × baseline | `generate` peak heap MiB | baseline peak heap MiB |\n\
         |---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} | {:.1} | {:.2}× | {} | {} |",
            r.operations,
            r.runs,
            r.generate_ms,
            r.baseline_ms,
            r.ratio(),
            mib(r.generate_peak),
            mib(r.baseline_peak),
        );
    }
    match rows.last() {
        Some(last) if last.operations >= TARGET_OPERATIONS => {
            let ok = last.ratio() <= TARGET;
            let _ = writeln!(
                s,
                "\nTarget, {} operations within {TARGET}× of the baseline: {} ({:.2}×).\n",
                last.operations,
                if ok { "**met**" } else { "**NOT met**" },
                last.ratio()
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "\nTarget ({TARGET_OPERATIONS} operations within {TARGET}×): not measured at these sizes.\n"
            );
        }
    }
}
