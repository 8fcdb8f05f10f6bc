//! Every wire rule is met by the corpus and classified as documented, and
//! changes are reported at their place (behind `$ref`, in compositions, in
//! headers, by wire semantics, deprecation).

use std::collections::BTreeSet;

use super::{compare_case, corpus, root};

#[test]
fn every_wire_rule_is_met_by_the_corpus_and_classified_as_documented() {
    let mut met = BTreeSet::new();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let dir = entry.unwrap().path();
        for change in compare_case(&dir).wire {
            assert_eq!(
                change.severity,
                acs_chat_spec_diff::wire::severity(change.rule),
                "{}",
                change.rule
            );
            met.insert(change.rule);
        }
    }
    let missing: Vec<_> = acs_chat_spec_diff::wire::RULES
        .iter()
        .map(|(id, ..)| *id)
        .filter(|id| !met.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules no corpus case meets: {missing:?}"
    );

    let docs = std::fs::read_to_string(root().join("docs/spec-diff.md")).unwrap();
    for (id, severity, _) in acs_chat_spec_diff::wire::RULES {
        let row = format!("| `{id}` | {} |", severity.as_str());
        assert!(
            docs.contains(&row),
            "docs/spec-diff.md lacks the row `{row}`"
        );
    }
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

/// The facts the generator derives are read from its model: a 3xx is an
/// error status to the generated client (only 2xx is success), so a new
/// one is `response-error-status-added`, not a new success status (the
/// reading before the model, status < 400, called it possibly breaking).
#[test]
fn a_new_3xx_status_is_an_error_status_as_the_generator_reads_it() {
    let base_path = corpus().join("pageable-changed/base.yaml");
    let base = super::load(&base_path);
    let mut head = super::load(&base_path);
    head.text = base.text.replacen(
        "        \"401\":\n",
        "        \"304\":\n          description: Not modified.\n        \"401\":\n",
        1,
    );
    assert_ne!(head.text, base.text);
    let report = acs_chat_spec_diff::compare(&base, &head, None).unwrap();
    let rules: Vec<_> = report.wire.iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["response-error-status-added"], "{:#?}", report.wire);
    assert_eq!(report.counts.possibly_breaking, 0);
}

/// Retry safety as the model decides it: a `repeatability-request-id`
/// header makes a POST safe to retry; `x-acs-retryable: true` does too
/// (corpus case `retry-safety`), and `x-acs-retryable: false` takes it
/// away even from a GET.
#[test]
fn a_change_of_retry_safety_is_reported_with_its_reason() {
    let found = rules_of("retry-safety");
    let post = "paths./chat/threads/{chatThreadId}/readReceipts.post.x-acs-retryable";
    let get = "paths./chat/threads/{chatThreadId}/readReceipts.get.x-acs-retryable";
    assert!(has(&found, "retry-safety-gained", post), "{found:?}");
    assert!(has(&found, "retry-safety-lost", get), "{found:?}");

    let base_path = corpus().join("pageable-changed/base.yaml");
    let base = super::load(&base_path);
    let mut head = super::load(&base_path);
    head.text = base.text.replacen(
        "      operationId: ChatThread_SendChatReadReceipt\n",
        "      operationId: ChatThread_SendChatReadReceipt\n      parameters:\n        - name: repeatability-request-id\n          in: header\n          schema:\n            type: string\n",
        1,
    );
    assert_ne!(head.text, base.text);
    let report = acs_chat_spec_diff::compare(&base, &head, None).unwrap();
    let gained: Vec<_> = report
        .wire
        .iter()
        .filter(|c| c.rule == "retry-safety-gained")
        .collect();
    assert_eq!(gained.len(), 1, "{:#?}", report.wire);
    assert!(
        gained[0]
            .message
            .contains("`repeatability-request-id` header"),
        "{}",
        gained[0].message
    );
}
