//! Verdicts and exit decisions, load errors on either side, specs the
//! generator refuses, determinism and the shape of the markdown.

use std::path::{Path, PathBuf};

use acs_chat_spec_diff::model::Semver;
use acs_chat_spec_diff::{FailOn, Format};

use super::{compare_case, corpus, load};

#[test]
fn identical_specs_report_no_changes_and_never_fail() {
    let report = compare_case(&corpus().join("identical"));
    assert_eq!(report.verdict, "no-changes");
    assert!(report.wire.is_empty());
    assert_eq!(report.rust_api.semver, Semver::None);
    assert!(report.is_empty());
    for fail_on in [FailOn::Breaking, FailOn::Any, FailOn::Never] {
        assert!(!acs_chat_spec_diff::fails(&report, fail_on));
    }
    assert!(acs_chat_spec_diff::render(&report, Format::Markdown).contains("no changes"));
}

#[test]
fn exit_codes_follow_fail_on() {
    let breaking = compare_case(&corpus().join("many-changes"));
    assert_eq!(breaking.verdict, "breaking");
    assert!(acs_chat_spec_diff::fails(&breaking, FailOn::Breaking));
    assert!(acs_chat_spec_diff::fails(&breaking, FailOn::Any));
    assert!(!acs_chat_spec_diff::fails(&breaking, FailOn::Never));

    let compatible = compare_case(&corpus().join("parameter-added"));
    assert_eq!(compatible.verdict, "breaking"); // a new required parameter
    let compatible = compare_case(&corpus().join("path-added"));
    assert_eq!(compatible.verdict, "compatible");
    assert!(!acs_chat_spec_diff::fails(&compatible, FailOn::Breaking));
    assert!(acs_chat_spec_diff::fails(&compatible, FailOn::Any));

    // Same wire, renamed method: the generated API breaks, so the verdict does.
    let renamed = compare_case(&corpus().join("operation-id-changed"));
    assert_eq!(renamed.counts.breaking, 0);
    assert_eq!(renamed.rust_api.semver, Semver::Major);
    assert_eq!(renamed.verdict, "breaking");
}

fn broken(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("broken.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_spec_that_is_not_openapi_is_a_one_line_error_with_its_place_on_either_side() {
    let tmp = tempfile::tempdir().unwrap();
    let good = corpus().join("identical/base.yaml");
    let text = std::fs::read_to_string(&good).unwrap();
    // `in: body` is Swagger 2.0: not an OpenAPI 3.0 parameter at all.
    let bad = broken(
        tmp.path(),
        &text.replacen(
            "          in: query
",
            "          in: body
",
            1,
        ),
    );
    for (base, head, side) in [(&good, &bad, "head"), (&bad, &good, "base")] {
        let err = acs_chat_spec_diff::compare(&load(base), &load(head), None).unwrap_err();
        assert!(
            err.starts_with(&format!("error: cannot load the {side} spec (")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("broken.yaml:38:11: error: at `paths."),
            "{err}"
        );
    }
    // Not YAML at all.
    let bad = broken(tmp.path(), "openapi: [3.0.3\n");
    let err = acs_chat_spec_diff::compare(&load(&good), &load(&bad), None).unwrap_err();
    assert!(err.contains("cannot load the head spec"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Valid OpenAPI 3.0 the generator refuses: the wire diff is reported all
/// the same, and the Rust API section says which side does not generate.
#[test]
fn valid_specs_the_generator_refuses_still_get_a_wire_report() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "not-generated-no-operation-id",
            &["head"],
            "parameter-added-optional",
        ),
        // Generates: the credential serves the `Authorization`
        // alternative, so the others are not required.
        (
            "oauth2-basic-digest-security",
            &[],
            "security-alternative-removed",
        ),
        (
            "several-request-media-types",
            &["base", "head"],
            "request-media-type-removed",
        ),
        (
            "deep-object-parameter",
            &["base", "head"],
            "request-property-added-required",
        ),
        ("integer-status-keys", &[], "response-error-status-removed"),
        (
            "lenient-missing-responses",
            &["head"],
            "response-success-status-removed",
        ),
    ];
    for (case, sides, rule) in cases {
        let report = compare_case(&corpus().join(case));
        assert!(
            report.wire.iter().any(|c| c.rule == *rule),
            "{case}: no `{rule}` in {:#?}",
            report.wire
        );
        let refused: Vec<&str> = report
            .rust_api
            .not_generated
            .iter()
            .map(|n| n.side)
            .collect();
        assert_eq!(&refused, sides, "{case}");
        if !sides.is_empty() {
            assert_eq!(report.rust_api.semver, Semver::Major, "{case}");
            assert_eq!(report.verdict, "breaking", "{case}");
            for n in &report.rust_api.not_generated {
                assert_eq!(n.error.lines().count(), 1, "{case}: {}", n.error);
                assert!(n.error.contains(".yaml:"), "{case}: {}", n.error);
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    let dir = corpus().join("many-changes");
    let first = compare_case(&dir);
    for _ in 0..3 {
        let again = compare_case(&dir);
        for format in [Format::Markdown, Format::Json, Format::Github] {
            assert_eq!(
                acs_chat_spec_diff::render(&first, format),
                acs_chat_spec_diff::render(&again, format)
            );
        }
    }
}

#[test]
fn markdown_starts_with_the_verdict_and_lists_breaking_first() {
    let report = compare_case(&corpus().join("many-changes"));
    let md = acs_chat_spec_diff::render(&report, Format::Markdown);
    let first = md.lines().next().unwrap();
    assert!(
        first.starts_with(
            "**spec-diff: ❌ breaking**: 1 breaking, 2 possibly breaking, 2 compatible"
        ),
        "{first}"
    );
    let breaking = md.find("❌ breaking |").unwrap();
    let compatible = md.find("✅ compatible |").unwrap();
    assert!(breaking < compatible);
}

#[test]
fn semver_bumps_for_0x_and_1x() {
    use acs_chat_spec_diff::rust_api::bump;
    assert!(bump(Semver::Major, Some("0.1.0")).starts_with("0.1.0 → 0.2.0"));
    assert!(bump(Semver::Minor, Some("0.1.0")).starts_with("0.1.0 → 0.1.1"));
    assert_eq!(bump(Semver::Patch, Some("0.1.3")), "0.1.3 → 0.1.4");
    assert_eq!(bump(Semver::Major, Some("1.2.3")), "1.2.3 → 2.0.0");
    assert_eq!(bump(Semver::Minor, Some("1.2.3")), "1.2.3 → 1.3.0");
    assert_eq!(
        bump(Semver::None, Some("1.2.3")),
        "no release needed (1.2.3)"
    );
    assert_eq!(bump(Semver::Minor, None), "a minor release");
}
