//! Large specs: generated in parts for their Rust API, with the same
//! surface and only the real change reported.

use acs_chat_spec_diff::model::Semver;
use acs_chat_spec_diff::rust_api::{chunks, generation};

use super::{CRATE_VERSION, corpus, load};

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
    let paths = chunks::THRESHOLD + 7;
    let text = large_spec(paths);
    assert!(chunks::split(&text).is_some_and(|p| p.len() > 1));
    let (_, whole) = generation::one_side(&text, "large.yaml", false).unwrap();
    let (_, parts) = generation::one_side(&text, "large.yaml", true).unwrap();
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
    let base_text = large_spec(chunks::THRESHOLD + 7);
    let head_text = base_text.replacen(
        "        - name: skip\n",
        "        - name: top\n          in: query\n          required: false\n          schema:\n            type: integer\n        - name: skip\n",
        1,
    );
    let (b, h) = (tmp.path().join("base.yaml"), tmp.path().join("head.yaml"));
    std::fs::write(&b, &base_text).unwrap();
    std::fs::write(&h, &head_text).unwrap();
    let report = acs_chat_spec_diff::compare(&load(&b), &load(&h), Some(CRATE_VERSION)).unwrap();
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

    let same = acs_chat_spec_diff::compare(&load(&b), &load(&b), Some(CRATE_VERSION)).unwrap();
    assert!(same.is_empty(), "{same:#?}");
}
