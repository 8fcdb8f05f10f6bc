//! `spec-diff` against a corpus of spec pairs (`spec-diff-corpus/<case>/
//! {base,head}.yaml`, small specs derived from the real one): markdown and
//! JSON reports as insta snapshots, every wire rule met at least once, and
//! the behaviour around them (no changes, load errors, exit codes, git).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xtask::spec_diff::model::{Report, Semver};
use xtask::spec_diff::{self, FailOn, Format, Input, Loaded};

const CRATE_VERSION: &str = "0.1.0";

fn root() -> PathBuf {
    xtask::workspace::root()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec-diff-corpus")
}

fn load(path: &Path) -> Loaded {
    spec_diff::load(&root(), &Input::File(path.to_path_buf())).unwrap()
}

fn compare_case(dir: &Path) -> Report {
    let base = load(&dir.join("base.yaml"));
    let head = load(&dir.join("head.yaml"));
    spec_diff::compare(&base, &head, Some(CRATE_VERSION))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

#[test]
fn corpus_reports() {
    insta::glob!("spec-diff-corpus/*/base.yaml", |base| {
        let report = compare_case(base.parent().unwrap());
        insta::assert_snapshot!("markdown", spec_diff::render(&report, Format::Markdown));
        insta::assert_snapshot!("json", spec_diff::render(&report, Format::Json));
    });
}

#[test]
fn github_annotations() {
    let report = compare_case(&corpus().join("many-changes"));
    insta::assert_snapshot!(spec_diff::render(&report, Format::Github));
}

#[test]
fn every_wire_rule_is_met_by_the_corpus_and_classified_as_documented() {
    let mut met = BTreeSet::new();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let dir = entry.unwrap().path();
        for change in compare_case(&dir).wire {
            assert_eq!(
                change.severity,
                spec_diff::wire::severity(change.rule),
                "{}",
                change.rule
            );
            met.insert(change.rule);
        }
    }
    let missing: Vec<_> = spec_diff::wire::RULES
        .iter()
        .map(|(id, ..)| *id)
        .filter(|id| !met.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules no corpus case meets: {missing:?}"
    );

    let docs = std::fs::read_to_string(root().join("docs/spec-diff.md")).unwrap();
    for (id, severity, _) in spec_diff::wire::RULES {
        let row = format!("| `{id}` | {} |", severity.as_str());
        assert!(
            docs.contains(&row),
            "docs/spec-diff.md lacks the row `{row}`"
        );
    }
}

#[test]
fn identical_specs_report_no_changes_and_never_fail() {
    let report = compare_case(&corpus().join("identical"));
    assert_eq!(report.verdict, "no-changes");
    assert!(report.wire.is_empty());
    assert_eq!(report.rust_api.semver, Semver::None);
    assert!(report.is_empty());
    for fail_on in [FailOn::Breaking, FailOn::Any, FailOn::Never] {
        assert!(!spec_diff::fails(&report, fail_on));
    }
    assert!(spec_diff::render(&report, Format::Markdown).contains("no changes"));
}

#[test]
fn the_real_spec_against_itself_through_git() {
    let request = spec_diff::Request {
        base: Input::Rev("HEAD".into()),
        head: Input::Rev("HEAD".into()),
        format: Format::Markdown,
        fail_on: FailOn::Any,
    };
    let outcome = spec_diff::run(&root(), &request).unwrap();
    assert_eq!(outcome.report.verdict, "no-changes");
    assert!(!outcome.failed);
    assert_eq!(
        outcome.report.base.source,
        "HEAD:spec/acs-chat-read-receipts.yaml"
    );
    assert_eq!(outcome.report.head.file, "spec/acs-chat-read-receipts.yaml");
    // The default base resolves to something git can show.
    let base = spec_diff::git::default_base(&root());
    assert!(spec_diff::load(&root(), &Input::Rev(base)).is_ok());
}

#[test]
fn a_missing_revision_is_an_error() {
    let err = spec_diff::load(&root(), &Input::Rev("no-such-revision-xyz".into())).unwrap_err();
    assert!(err.contains("git show"), "{err}");
}

#[test]
fn exit_codes_follow_fail_on() {
    let breaking = compare_case(&corpus().join("many-changes"));
    assert_eq!(breaking.verdict, "breaking");
    assert!(spec_diff::fails(&breaking, FailOn::Breaking));
    assert!(spec_diff::fails(&breaking, FailOn::Any));
    assert!(!spec_diff::fails(&breaking, FailOn::Never));

    let compatible = compare_case(&corpus().join("parameter-added"));
    assert_eq!(compatible.verdict, "breaking"); // a new required parameter
    let compatible = compare_case(&corpus().join("path-added"));
    assert_eq!(compatible.verdict, "compatible");
    assert!(!spec_diff::fails(&compatible, FailOn::Breaking));
    assert!(spec_diff::fails(&compatible, FailOn::Any));

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
        for format in [Format::Markdown, Format::Json, Format::Github] {
            let request = spec_diff::Request {
                base: Input::File(base.clone()),
                head: Input::File(head.clone()),
                format,
                fail_on: FailOn::Never,
            };
            let err = spec_diff::run(&root(), &request).unwrap_err();
            assert!(
                err.starts_with(&format!("error: cannot load the {side} spec (")),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.contains("broken.yaml:38:11: error: at `paths."),
                "{err}"
            );
            assert!(err.contains(": error: at `paths."), "{err}");
        }
    }
    // Not YAML at all.
    let bad = broken(tmp.path(), "openapi: [3.0.3\n");
    let err = spec_diff::compare(&load(&good), &load(&bad), None).unwrap_err();
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
        (
            "oauth2-basic-digest-security",
            &["base", "head"],
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

/// The command itself, as the workflow runs it: no panic text and no
/// backtrace on stderr, whatever the format, even with RUST_BACKTRACE=1.
#[test]
fn the_command_prints_no_panic_text_or_backtrace() {
    let dir = corpus().join("oauth2-basic-digest-security");
    for format in ["markdown", "json", "github"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["spec-diff", "--format", format, "--fail-on", "never"])
            .arg(dir.join("base.yaml"))
            .arg(dir.join("head.yaml"))
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        for text in [&stderr, &stdout] {
            assert!(!text.contains("panicked"), "{format}: {text}");
            assert!(!text.contains("stack backtrace"), "{format}: {text}");
        }
        assert!(stderr.is_empty(), "{format}: {stderr}");
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
                spec_diff::render(&first, format),
                spec_diff::render(&again, format)
            );
        }
    }
}

#[test]
fn markdown_starts_with_the_verdict_and_lists_breaking_first() {
    let report = compare_case(&corpus().join("many-changes"));
    let md = spec_diff::render(&report, Format::Markdown);
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
    use xtask::spec_diff::rust_api::bump;
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

/// The rules of a case, as `(rule, head path)` pairs.
fn rules_of(case: &str) -> Vec<(&'static str, String)> {
    compare_case(&corpus().join(case))
        .wire
        .into_iter()
        .map(|c| (c.rule, c.head.path))
        .collect()
}

fn has(found: &[(&'static str, String)], rule: &str, path: &str) -> bool {
    found.iter().any(|(r, p)| *r == rule && p == path)
}

#[test]
fn changes_behind_ref_and_composition_are_reported_at_their_place() {
    let found = rules_of("composition-all-of");
    // Defined in the `$ref` member of an allOf: reported there.
    assert!(
        has(
            &found,
            "request-type-changed",
            "components.schemas.ReceiptBase.properties.chatMessageId"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "request-property-added-required",
            "components.schemas.SendReadReceiptRequest.allOf.1.properties.clientTag"
        ),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(r, _)| r.ends_with("schema-changed")),
        "{found:?}"
    );

    let found = rules_of("composition-one-of-any-of");
    assert!(
        has(
            &found,
            "request-variant-removed",
            "components.schemas.SendReadReceiptRequest.properties.target.oneOf"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "response-variant-added",
            "components.schemas.ChatMessageReadReceipt.properties.sender.anyOf.2"
        ),
        "{found:?}"
    );
    // Inside the matched `$ref` member, on both sides it is used.
    assert!(
        has(
            &found,
            "request-constraint-tightened",
            "components.schemas.UserTarget.properties.userId"
        ),
        "{found:?}"
    );

    let found = rules_of("composition-cycles");
    assert!(
        has(
            &found,
            "response-property-added",
            "components.schemas.NodeBase.properties.weight"
        ),
        "{found:?}"
    );

    let found = rules_of("request-property-schemas");
    assert!(
        found
            .iter()
            .any(|(r, p)| *r == "request-type-changed" && p.ends_with(".additionalProperties")),
        "{found:?}"
    );
}

#[test]
fn response_headers_are_compared() {
    let report = compare_case(&corpus().join("response-headers"));
    assert_eq!(report.verdict, "breaking");
    let rules: BTreeSet<_> = report.wire.iter().map(|c| c.rule).collect();
    for rule in [
        "response-required-header-removed",
        "response-optional-header-removed",
        "response-header-added",
        "response-header-became-optional",
        "response-header-became-required",
        "response-type-changed",
    ] {
        assert!(rules.contains(rule), "{rule} missing: {rules:?}");
    }
    // `Retry-After` → `retry-after` is the same header.
    assert!(
        !report
            .wire
            .iter()
            .any(|c| c.message.contains("Retry-After` of response `200` is gone"))
    );
}

#[test]
fn wire_semantics_decide_the_class() {
    // readOnly request / writeOnly response properties do not travel.
    let found = rules_of("read-only-write-only");
    assert!(
        !found
            .iter()
            .any(|(_, p)| p.ends_with(".properties.id") || p.ends_with(".properties.secret")),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "request-property-removed",
            "components.schemas.SendReadReceiptRequest.properties.createdBy"
        ),
        "{found:?}"
    );

    // A renamed path parameter is the same URL.
    let report = compare_case(&corpus().join("path-parameter-renamed"));
    assert_eq!(report.counts.breaking, 0, "{:#?}", report.wire);
    assert!(
        report
            .wire
            .iter()
            .all(|c| c.rule == "path-parameter-renamed")
    );

    // integer → number widens a request, breaks a response.
    let found = rules_of("numeric-widening");
    assert!(
        has(
            &found,
            "request-type-widened",
            "components.schemas.SendReadReceiptRequest.properties.count"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "response-type-changed",
            "components.schemas.ChatMessageReadReceipt.properties.total"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "response-type-narrowed",
            "components.schemas.ChatMessageReadReceipt.properties.score"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "request-type-changed",
            "components.schemas.SendReadReceiptRequest.properties.ratio"
        ),
        "{found:?}"
    );

    // A pattern widened to match anything loosens; rewriting one that
    // matches anything is nothing; unrelated ones need review.
    let found = rules_of("pattern-widening");
    let at = |p: &str| format!("components.schemas.SendReadReceiptRequest.properties.{p}");
    assert!(
        has(&found, "request-constraint-loosened", &at("a")),
        "{found:?}"
    );
    assert!(
        has(&found, "request-constraint-loosened", &at("b")),
        "{found:?}"
    );
    assert!(
        has(&found, "request-pattern-changed", &at("c")),
        "{found:?}"
    );
    assert!(!found.iter().any(|(_, p)| *p == at("d")), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(r, _)| *r == "request-constraint-tightened"),
        "{found:?}"
    );
}

#[test]
fn deprecation_is_reported_and_removing_a_deprecated_item_is_named_so() {
    let found = rules_of("deprecated");
    let rules: BTreeSet<_> = found.iter().map(|(r, _)| *r).collect();
    for rule in [
        "operation-deprecated",
        "parameter-deprecated",
        "property-deprecated",
        "deprecated-operation-removed",
        "deprecated-parameter-removed",
        "deprecated-property-removed",
    ] {
        assert!(rules.contains(rule), "{rule} missing: {rules:?}");
    }
    for plain in [
        "operation-removed",
        "path-removed",
        "parameter-removed",
        "request-property-removed",
    ] {
        assert!(!rules.contains(plain), "{plain}: {rules:?}");
    }
}

/// The table against oasdiff names corpus cases; each exists (a name
/// ending in `*` stands for every case it starts).
#[test]
fn the_oasdiff_table_names_real_corpus_cases() {
    let docs = std::fs::read_to_string(root().join("docs/spec-diff.md")).unwrap();
    let table = docs
        .split("## Against oasdiff")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/spec-diff.md has the section");
    let cases: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut named = 0;
    for row in table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| oasdiff"))
    {
        let Some(last) = row.trim_end_matches('|').rsplit('|').next() else {
            continue;
        };
        for name in last.split('`').skip(1).step_by(2) {
            named += 1;
            let found = match name.strip_suffix('*') {
                Some(prefix) => cases.iter().any(|c| c.starts_with(prefix)),
                None => cases.iter().any(|c| c == name),
            };
            assert!(
                found,
                "the oasdiff table names `{name}`, which is not a corpus case"
            );
        }
    }
    assert!(named > 30, "{named}");
}

/// A spec of `paths` paths shaped like the corpus one: on each a pageable
/// GET and a POST with their own schemas, sharing the error schemas.
fn large_spec(paths: usize) -> String {
    let base = std::fs::read_to_string(corpus().join("identical/base.yaml")).unwrap();
    let (head, rest) = base.split_once("paths:\n").unwrap();
    let (item, components) = rest.split_once("components:\n").unwrap();
    let (schemas_before, schemas) = components.split_once("  schemas:\n").unwrap();
    let mut out = format!("{head}paths:\n");
    let mut own_schemas = String::new();
    for p in 0..paths {
        let renamed = |t: &str| {
            t.replace("/chat/threads/", &format!("/chat/set{p}/threads/"))
                .replace("ChatReadReceipts\n", &format!("ChatReadReceipts{p}\n"))
                .replace("ChatReadReceipt\n", &format!("ChatReadReceipt{p}\n"))
                .replace(
                    "SendReadReceiptRequest",
                    &format!("SendReadReceiptRequest{p}"),
                )
                .replace(
                    "ChatMessageReadReceiptsCollection",
                    &format!("ReceiptPage{p}"),
                )
        };
        out.push_str(&renamed(item));
        own_schemas.push_str(&renamed(
            "    SendReadReceiptRequest:\n      type: object\n      required:\n        - chatMessageId\n      properties:\n        chatMessageId:\n          type: string\n    ChatMessageReadReceiptsCollection:\n      type: object\n      required:\n        - value\n      properties:\n        value:\n          type: array\n          items:\n            $ref: '#/components/schemas/ChatMessageReadReceipt'\n        nextLink:\n          type: string\n          readOnly: true\n",
        ));
    }
    format!("{out}components:\n{schemas_before}  schemas:\n{own_schemas}{schemas}")
}

/// A large spec is generated in parts for its Rust API; the surface is
/// the same as generating it whole.
#[test]
fn a_large_spec_generated_in_parts_has_the_same_rust_surface() {
    let paths = spec_diff::chunks::THRESHOLD + 7;
    let text = large_spec(paths);
    assert!(spec_diff::chunks::split(&text).is_some_and(|p| p.len() > 1));
    let (_, whole) = spec_diff::generation::one_side(&text, "large.yaml", false).unwrap();
    let (_, parts) = spec_diff::generation::one_side(&text, "large.yaml", true).unwrap();
    let only_whole: Vec<_> = whole
        .items()
        .filter(|i| !parts.items().any(|j| j == *i))
        .collect();
    let only_parts: Vec<_> = parts
        .items()
        .filter(|i| !whole.items().any(|j| j == *i))
        .collect();
    assert!(
        only_whole.is_empty() && only_parts.is_empty(),
        "{only_whole:?} / {only_parts:?}"
    );
    assert_eq!(whole, parts);
    assert!(
        whole
            .items()
            .any(|i| i == format!("Client::list_chat_read_receipts{}", paths - 1))
            || whole.items().count() > paths * 4
    );
}

/// In a large pair, a part that is the same on both sides is generated
/// once: the Rust API diff is still exactly the change (no type shared with
/// such a part shows as removed).
#[test]
fn a_large_pair_reports_only_what_changed_in_the_rust_api() {
    let tmp = tempfile::tempdir().unwrap();
    let base_text = large_spec(spec_diff::chunks::THRESHOLD + 7);
    let head_text = base_text.replacen(
        "        - name: skip\n",
        "        - name: top\n          in: query\n          required: false\n          schema:\n            type: integer\n        - name: skip\n",
        1,
    );
    let (b, h) = (tmp.path().join("base.yaml"), tmp.path().join("head.yaml"));
    std::fs::write(&b, &base_text).unwrap();
    std::fs::write(&h, &head_text).unwrap();
    let report = spec_diff::compare(&load(&b), &load(&h), Some(CRATE_VERSION)).unwrap();
    let rules: Vec<_> = report.wire.iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["parameter-added-optional"]);
    let items: Vec<_> = report
        .rust_api
        .changes
        .iter()
        .map(|c| c.item.as_str())
        .collect();
    assert_eq!(
        items,
        ["builder::ListChatReadReceipts0::top"],
        "{:#?}",
        report.rust_api
    );
    assert_eq!(report.rust_api.semver, Semver::Minor);

    let same = spec_diff::compare(&load(&b), &load(&b), Some(CRATE_VERSION)).unwrap();
    assert!(same.is_empty(), "{same:#?}");
}
