//! The per-operation retry flag the generated code gives the runtime comes
//! from the spec's retry safety (`model::RetrySafety`), never from the
//! operation's name: fixture `shape-repeatability.yaml` and the real spec.

use acs_chat_codegen::{Options, generate};

/// `(operation_id literal, retry_safe)` of every `OperationInfo` the code
/// builds, in order.
fn emitted_flags(code: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("OperationInfo {") {
        let rest = &code[at..];
        let end = rest.find('}').expect("a closed literal");
        let literal = &rest[..end];
        let id = literal
            .split("operation_id:")
            .nth(1)
            .and_then(|r| r.split('"').nth(1))
            .expect("an operation_id")
            .to_string();
        let safe = literal
            .split("retry_safe:")
            .nth(1)
            .map(|r| r.trim_start().starts_with("true"))
            .unwrap_or_else(|| panic!("no retry_safe in `{literal}`"));
        out.push((id, safe));
    }
    out
}

fn flags_of(spec_file: &str) -> std::collections::BTreeMap<String, bool> {
    let text = std::fs::read_to_string(spec_file).unwrap();
    let code = generate(&text, &Options::new("spec")).unwrap_or_else(|e| panic!("{e}"));
    let mut map = std::collections::BTreeMap::new();
    for (id, safe) in emitted_flags(&code) {
        let before = map.insert(id.clone(), safe);
        assert!(
            before.is_none_or(|b| b == safe),
            "{id}: one flag per operation"
        );
    }
    map
}

#[test]
fn a_plain_post_is_not_retry_safe_a_repeatable_post_and_a_delete_are() {
    let flags = flags_of(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/specs/shape-repeatability.yaml"
    ));
    let expected: std::collections::BTreeMap<String, bool> = [
        ("cancel_order", true),  // DELETE: idempotent
        ("create_order", true),  // POST with `repeatability-request-id`
        ("submit_order", false), // plain POST
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(flags, expected);
}

#[test]
fn the_real_spec_marks_sending_a_receipt_retryable() {
    let flags = flags_of(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/acs-chat-read-receipts.yaml"
    ));
    assert_eq!(flags.get("list_chat_read_receipts"), Some(&true));
    assert_eq!(flags.get("send_chat_read_receipt"), Some(&true));

    // Without `x-acs-retryable: true`, the same POST is not retry safe:
    // the flag follows the spec, not the name.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/acs-chat-read-receipts.yaml"
    ))
    .unwrap()
    .replace("      x-acs-retryable: true\n", "");
    let code = generate(&text, &Options::new("spec")).unwrap();
    let flags: std::collections::BTreeMap<_, _> = emitted_flags(&code).into_iter().collect();
    assert_eq!(flags.get("send_chat_read_receipt"), Some(&false));
    assert_eq!(flags.get("list_chat_read_receipts"), Some(&true));
}
