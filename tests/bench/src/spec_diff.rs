//! Scenario 6: `cargo xtask spec-diff` on a synthetic pair (the synthetic
//! spec of N operations against a head with a few changes), in process:
//! time and peak heap, against generating the client once from the same
//! spec in the same run (the baseline: a review does that twice, plus the
//! wire diff and parsing both generated clients).

use std::time::Instant;

use xtask::spec_diff::{Input, Loaded, compare, load};

use crate::alloc;
use crate::specs;
use crate::stats;

/// One size's figures.
#[derive(Debug, Clone)]
pub struct SpecDiffResult {
    /// Operations on each side.
    pub operations: usize,
    /// Timed runs.
    pub runs: usize,
    /// Median time of one comparison (wire diff and Rust API), ms.
    pub median_ms: f64,
    /// Median time of one `acs_chat_codegen::generate` of the base, ms.
    pub generate_ms: f64,
    /// Peak heap growth during one comparison, bytes.
    pub peak_bytes: usize,
    /// Peak heap growth during one generation, bytes.
    pub generate_peak_bytes: usize,
    /// Wire changes found (the same every run: a check that it compared).
    pub wire_changes: usize,
}

/// The head of a pair: the base with an optional parameter added to the
/// first listing, a property type changed in the first item schema, and
/// the last path removed (wire changes and Rust API changes both).
pub fn head_of(base: &str, operations: usize) -> String {
    let last = operations.div_ceil(2).max(1) - 1;
    let mut head = base.replacen(
        "        - name: skip\n",
        "        - name: top\n          in: query\n          required: false\n          schema:\n            type: integer\n        - name: skip\n",
        1,
    );
    if let (Some(start), Some(end)) = (
        head.find(&format!("  /resources{last}/{{resourceId}}/items:\n")),
        head.find("components:\n"),
    ) && last > 0
    {
        head.replace_range(start..end, "");
    }
    head
}

fn side(name: &str, text: String) -> Loaded {
    let path =
        std::env::temp_dir().join(format!("acs-chat-bench-{}-{name}.yaml", std::process::id()));
    std::fs::write(&path, &text).expect("write the synthetic spec");
    let loaded = load(std::path::Path::new("."), &Input::File(path.clone())).expect("read it back");
    let _ = std::fs::remove_file(&path);
    loaded
}

/// Compares the pair of `operations` `runs` times and generates the base
/// as often, each after one measured run for the peak heap.
pub fn measure(operations: usize, runs: usize) -> SpecDiffResult {
    let base_text = specs::synthetic(operations);
    let head_text = head_of(&base_text, operations);
    let base = side("base", base_text.clone());
    let head = side("head", head_text);
    let diff = || compare(&base, &head, Some("0.1.0")).expect("the pair compares");
    let (report, usage) = alloc::measure(diff);
    let options = acs_chat_codegen::Options::new("synthetic");
    let generate = || acs_chat_codegen::generate(&base_text, &options).expect("it generates");
    let (_, generate_usage) = alloc::measure(generate);
    let mut times = Vec::new();
    let mut generate_times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(diff());
        times.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(generate());
        generate_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    SpecDiffResult {
        operations,
        runs,
        median_ms: stats::median(&times),
        generate_ms: stats::median(&generate_times),
        peak_bytes: usage.peak_bytes,
        generate_peak_bytes: generate_usage.peak_bytes,
        wire_changes: report.wire.len(),
    }
}

/// Every spec-diff measurement of this mode.
pub fn run(quick: bool) -> Vec<SpecDiffResult> {
    let sizes: &[usize] = if quick { &[2, 20] } else { &[20, 200, 2000] };
    sizes
        .iter()
        .map(|&n| {
            eprintln!("spec-diff: pair of {n} operations");
            measure(n, if quick || n >= 2000 { 1 } else { 3 })
        })
        .collect()
}

/// The Markdown section.
pub fn markdown(s: &mut String, rows: &[SpecDiffResult], counted: bool) {
    use std::fmt::Write as _;
    let _ = writeln!(
        s,
        "### spec-diff (`xtask::spec_diff::compare`: wire diff and Rust API of a synthetic pair, release build, in process)\n\n\
         Head = base + one optional parameter − the last path. Baseline: one `acs_chat_codegen::generate` of the base, same run.\n\n\
         | operations | runs | wire changes | median ms | generate ms (baseline) | × baseline | peak heap MiB | generate peak MiB | × baseline |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.0} | {:.0} | {:.2}× | {} | {} | {} |",
            r.operations,
            r.runs,
            r.wire_changes,
            r.median_ms,
            r.generate_ms,
            r.median_ms / r.generate_ms,
            if counted {
                format!("{:.1}", mib(r.peak_bytes))
            } else {
                "n/a".into()
            },
            if counted {
                format!("{:.1}", mib(r.generate_peak_bytes))
            } else {
                "n/a".into()
            },
            if counted && r.generate_peak_bytes > 0 {
                format!("{:.2}×", r.peak_bytes as f64 / r.generate_peak_bytes as f64)
            } else {
                "n/a".into()
            },
        );
    }
    if let [.., a, b] = rows {
        let exp_t = stats::growth_exponent(
            (a.operations as f64, a.median_ms),
            (b.operations as f64, b.median_ms),
        );
        let exp_m = stats::growth_exponent(
            (a.operations as f64, a.peak_bytes as f64),
            (b.operations as f64, b.peak_bytes as f64),
        );
        let big = b;
        let target = if big.operations < 2000 {
            "Target, 2,000 operations in ≤ 10 s and ≤ 500 MB: not measured in this run.".to_string()
        } else {
            let met = big.median_ms <= 10_000.0 && mib(big.peak_bytes) <= 500.0;
            format!(
                "Target, 2,000 operations in ≤ 10 s and ≤ 500 MB: **{}** ({:.1} s, {:.0} MiB).",
                if met { "met" } else { "not met" },
                big.median_ms / 1e3,
                mib(big.peak_bytes),
            )
        };
        let _ = writeln!(
            s,
            "\nFrom {} to {} operations time grows as n^{exp_t:.2} and peak heap as n^{exp_m:.2} (1.00 = linear). {target}\n",
            a.operations, b.operations,
        );
    } else {
        s.push('\n');
    }
}
