//! Rendering a [`Report`]: markdown (a PR comment), JSON, GitHub annotations.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{ApiChangeKind, Report, Semver, Severity, WireChange};

fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "❌",
        Severity::PossiblyBreaking => "⚠️",
        Severity::Compatible => "✅",
    }
}

fn semver_icon(semver: Semver) -> &'static str {
    match semver {
        Semver::Major => "❌",
        Semver::Minor => "⚠️",
        Semver::Patch | Semver::None => "✅",
    }
}

/// Escapes a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {} ``", cell(text))
    } else {
        format!("`{}`", cell(text))
    }
}

/// The one-line verdict with counts.
pub fn verdict_line(report: &Report) -> String {
    let c = report.counts;
    let headline = match report.verdict {
        "breaking" => "❌ breaking",
        "possibly-breaking" => "⚠️ possibly breaking",
        "compatible" => "✅ compatible",
        _ => "✅ no changes",
    };
    let api = &report.rust_api;
    let sides: Vec<&str> = api.not_generated.iter().map(|n| n.side).collect();
    let api = match api.semver {
        _ if !sides.is_empty() => format!(
            "**major**, {} ({})",
            if sides.len() == 2 {
                "neither spec generates".to_string()
            } else {
                format!("the {} spec does not generate", sides[0])
            },
            api.bump
        ),
        Semver::None => "unchanged".to_string(),
        Semver::Patch => format!("patch, same public API ({})", api.bump),
        s => format!("**{}** ({})", s.as_str(), api.bump),
    };
    if report.wire.is_empty() {
        format!("**spec-diff: {headline}**: no wire changes; generated Rust API: {api}.")
    } else {
        format!(
            "**spec-diff: {headline}**: {} breaking, {} possibly breaking, {} compatible wire change{}; generated Rust API: {api}.",
            c.breaking,
            c.possibly_breaking,
            c.compatible,
            if c.breaking + c.possibly_breaking + c.compatible == 1 {
                ""
            } else {
                "s"
            }
        )
    }
}

fn group_title(operations: &[String]) -> String {
    if operations.is_empty() {
        "Whole document".to_string()
    } else {
        operations
            .iter()
            .map(|o| code(o))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn place(report: &Report, change: &WireChange) -> String {
    let head = format!("{}:{}", report.head.file, change.head.line);
    match &change.base {
        Some(base) if change.head.path != base.path && is_removal(change) => {
            format!("{} (was {}:{})", code(&head), report.base.file, base.line)
        }
        _ => code(&head),
    }
}

fn is_removal(change: &WireChange) -> bool {
    change.rule.ends_with("-removed") || change.rule.ends_with("-gone")
}

/// The markdown report: verdict first, then wire changes grouped by
/// operation (breaking groups first), then the generated Rust API.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", verdict_line(report));
    let _ = writeln!(
        out,
        "Base: {} · head: {}\n",
        code(&report.base.source),
        code(&report.head.source)
    );
    if report.wire.is_empty()
        && report.rust_api.changes.is_empty()
        && report.rust_api.not_generated.is_empty()
    {
        return out;
    }
    if !report.wire.is_empty() {
        let _ = writeln!(out, "### Wire changes\n");
        // Groups in order of their worst change, whole-document ones last
        // among equals; the changes are already sorted within.
        let mut groups: BTreeMap<(Severity, bool, Vec<String>), Vec<&WireChange>> = BTreeMap::new();
        let mut worst: BTreeMap<Vec<String>, Severity> = BTreeMap::new();
        for c in &report.wire {
            let w = worst.entry(c.operations.clone()).or_insert(c.severity);
            *w = (*w).min(c.severity);
        }
        for c in &report.wire {
            let key = (
                worst[&c.operations],
                c.operations.is_empty(),
                c.operations.clone(),
            );
            groups.entry(key).or_default().push(c);
        }
        for ((_, _, ops), changes) in groups {
            let _ = writeln!(out, "#### {}\n", group_title(&ops));
            let _ = writeln!(out, "| | rule | change | where |\n|---|---|---|---|");
            for c in changes {
                let _ = writeln!(
                    out,
                    "| {} {} | `{}` | {} | {} |",
                    icon(c.severity),
                    c.severity.as_str(),
                    c.rule,
                    cell(&c.message),
                    place(report, c)
                );
            }
            out.push('\n');
        }
    }
    let api = &report.rust_api;
    if !api.not_generated.is_empty() {
        let _ = writeln!(
            out,
            "### Generated Rust API: {} {} ({})\n",
            semver_icon(api.semver),
            api.semver.as_str(),
            api.bump
        );
        for n in &api.not_generated {
            let _ = writeln!(
                out,
                "- The {} spec does not generate a client, so the crate cannot be built from it: {}",
                n.side,
                code(&n.error)
            );
        }
        out.push('\n');
    }
    if !api.changes.is_empty() {
        let _ = writeln!(
            out,
            "### Generated Rust API: {} {} ({})\n",
            semver_icon(api.semver),
            api.semver.as_str(),
            api.bump
        );
        let _ = writeln!(
            out,
            "| | rule | item | before | after |\n|---|---|---|---|---|"
        );
        for c in &api.changes {
            let show = |s: &Option<String>| s.as_deref().map(code).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} {} | `{}` | {} | {} | {} |",
                semver_icon(c.semver),
                c.semver.as_str(),
                c.rule,
                code(&c.item),
                show(&c.before),
                show(&c.after)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "<sub>Rules and classifications: `docs/spec-diff.md`. Generated by `cargo xtask spec-diff`.</sub>"
    );
    out
}

/// The JSON report (shape in docs/spec-diff.md), with a final newline.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("a report serializes");
    s.push('\n');
    s
}

/// Escapes a GitHub workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a GitHub workflow command's property.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands: one annotation per wire change on the head
/// spec (`::error` breaking, `::warning` possibly breaking, `::notice`
/// compatible), then one for the Rust API and the verdict.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for c in &report.wire {
        let level = match c.severity {
            Severity::Breaking => "error",
            Severity::PossiblyBreaking => "warning",
            Severity::Compatible => "notice",
        };
        let ops = if c.operations.is_empty() {
            String::new()
        } else {
            format!("{}: ", c.operations.join(", "))
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            escape_property(&report.head.file),
            c.head.line,
            escape_property(&format!("spec-diff {} ({})", c.rule, c.severity.as_str())),
            escape_data(&format!("{ops}{}", c.message))
        );
    }
    let api = &report.rust_api;
    for n in &api.not_generated {
        let _ = writeln!(
            out,
            "::error title={}::{}",
            escape_property("spec-diff generated Rust API"),
            escape_data(&format!(
                "the {} spec does not generate a client: {}; {}",
                n.side, n.error, api.bump
            ))
        );
    }
    if !api.changes.is_empty() {
        let level = match api.semver {
            Semver::Major => "error",
            Semver::Minor => "warning",
            _ => "notice",
        };
        let count = |k: ApiChangeKind| api.changes.iter().filter(|c| c.change == k).count();
        let _ = writeln!(
            out,
            "::{level} title={}::{}",
            escape_property("spec-diff generated Rust API"),
            escape_data(&format!(
                "{} change: {} removed, {} changed, {} added; {}",
                api.semver.as_str(),
                count(ApiChangeKind::Removed),
                count(ApiChangeKind::Changed),
                count(ApiChangeKind::Added),
                api.bump
            ))
        );
    }
    let _ = writeln!(
        out,
        "::notice title=spec-diff::{}",
        escape_data(&verdict_line(report).replace("**", ""))
    );
    out
}
