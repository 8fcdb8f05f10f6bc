//! Request media types: one body per method, sent as JSON with the declared
//! `Content-Type`.
//!
//! progenitor writes JSON request code only for `application/json` and
//! rejects a body in several media types. Every JSON-family type
//! (`text/json`, `application/merge-patch+json`, a vendor `+json`, the range
//! `application/*+json`) is serialized the same way, so the body is
//! rewritten to the one media type the method sends, as `application/json`,
//! and the declared type is recorded in the [`crate::Plan`]: the
//! `request_content_type` pass sets it on the built request. Validation has
//! checked that all media types of a body share one schema.

use openapiv3::{OpenAPI, Operation, ReferenceOr};

use crate::media_type::{essence, is_json_family};
use crate::resolve;

/// The `Content-Type` to send for a chosen JSON-family media type, when it
/// is not progenitor's `application/json`. A range (`application/*+json`)
/// names no concrete type: `application/json` is sent.
fn declared_content_type(media: &str) -> Option<String> {
    let essence = essence(media);
    if !is_json_family(media) || essence == "application/json" || essence.contains('*') {
        return None;
    }
    Some(media.trim().to_string())
}

/// The media type a body is sent in: `application/json` if offered, else
/// the first JSON-family type, else the first one.
fn chosen(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<String> {
    let keys = || content.keys();
    keys()
        .find(|k| essence(k) == "application/json")
        .or_else(|| keys().find(|k| is_json_family(k)))
        .or_else(|| keys().next())
        .cloned()
}

/// Rewrites the request body of `op` to its one chosen media type (JSON
/// family as `application/json`); returns the `Content-Type` the request
/// must carry instead of `application/json`, if any.
pub(super) fn rewrite_request_body(spec: &OpenAPI, op: &mut Operation) -> Option<String> {
    let body = resolve::request_body(spec, op.request_body.as_ref()?)?;
    let chosen = chosen(&body.content)?;
    let declared = declared_content_type(&chosen);
    if body.content.len() == 1 && !is_json_family(&chosen) {
        return None;
    }
    let mut body = body.clone();
    let media = body.content.shift_remove(&chosen)?;
    body.content.clear();
    let key = if is_json_family(&chosen) {
        "application/json".to_string()
    } else {
        chosen
    };
    body.content.insert(key, media);
    op.request_body = Some(ReferenceOr::Item(body));
    declared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media_type::is_valid_media_type;

    #[test]
    fn json_family_members() {
        for m in [
            "application/json",
            "application/json; charset=utf-8",
            "text/json",
            "application/merge-patch+json",
            "application/vnd.contoso.document+json",
            "application/*+json",
            "Application/JSON",
        ] {
            assert!(is_json_family(m), "{m}");
        }
        for m in ["text/plain", "application/jsonl", "application/json-seq"] {
            assert!(!is_json_family(m), "{m}");
        }
    }

    #[test]
    fn declared_type_is_sent_except_for_json_and_ranges() {
        assert_eq!(declared_content_type("application/json"), None);
        assert_eq!(declared_content_type("application/*+json"), None);
        assert_eq!(declared_content_type("text/plain"), None);
        assert_eq!(
            declared_content_type("application/merge-patch+json").as_deref(),
            Some("application/merge-patch+json")
        );
        assert_eq!(
            declared_content_type("text/json").as_deref(),
            Some("text/json")
        );
    }

    #[test]
    fn media_type_syntax() {
        assert!(is_valid_media_type("application/vnd.a+json; v=1"));
        assert!(!is_valid_media_type("json"));
        assert!(!is_valid_media_type("application/"));
        assert!(!is_valid_media_type("application/json\u{7f}"));
        assert!(!is_valid_media_type("application/jsön"));
    }
}
