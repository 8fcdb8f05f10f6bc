//! Request bodies: which media types the generated method can send.
//!
//! JSON-family types (`application/json`, `text/json`, any `+json`, and the
//! range `application/*+json`) are sent as JSON with the declared
//! `Content-Type` (see `normalize::media_types`); the other types are those
//! progenitor writes request code for. A body offered in several media types
//! gives one method when every type has the same schema (JSON when one of
//! them is JSON-family, and then the others need not be supported types);
//! with different schemas the method could send only one of them, so it is
//! refused.

use std::collections::BTreeSet;

use crate::error::Diagnostic;
use crate::media_type::{is_json_family, is_valid_media_type};
use crate::resolve;

/// Non-JSON media types progenitor generates request code for.
const OTHER_REQUEST_MEDIA_TYPES: &[&str] = &[
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "text/plain",
];

pub(super) fn check_request_body(
    body: &openapiv3::RequestBody,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let schemas: BTreeSet<String> = body
        .content
        .values()
        .filter_map(|m| m.schema.as_ref().map(resolve::schema_key))
        .collect();
    if schemas.len() > 1 {
        let list = body
            .content
            .iter()
            .map(|(media, m)| {
                let schema = m.schema.as_ref().map(resolve::schema_key);
                format!("{media}: {}", schema.as_deref().unwrap_or("no schema"))
            })
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Diagnostic::at(
            format!("{at}.content"),
            format!(
                "the request body's media types have different schemas ({list}); the generated \
                 method sends one body type, so give every media type the same schema or keep one"
            ),
        ));
    }
    // With a JSON-family type for the one schema, the method sends JSON:
    // other types of the same schema (Swagger's `consumes: [application/json,
    // application/xml]`) are not sent, so not refused.
    let sends_json = schemas.len() <= 1 && body.content.keys().any(|m| is_json_family(m));
    for (media, m) in &body.content {
        let here = format!("{at}.content.{media}");
        if !is_valid_media_type(media) {
            out.push(Diagnostic::at(
                &here,
                format!("`{media}` is not a media type (`type/subtype`, visible ASCII)"),
            ));
        } else if !is_json_family(media)
            && !OTHER_REQUEST_MEDIA_TYPES.contains(&media.as_str())
            && !sends_json
        {
            out.push(Diagnostic::at(
                &here,
                format!(
                    "request media type `{media}` is not supported (supported: application/json \
                     and the JSON family (`text/json`, `*/*+json`), {})",
                    OTHER_REQUEST_MEDIA_TYPES.join(", ")
                ),
            ));
        }
        if !m.encoding.is_empty() {
            out.push(Diagnostic::at(
                format!("{here}.encoding"),
                "`encoding` is not supported",
            ));
        }
        if m.schema.is_none() {
            out.push(Diagnostic::at(&here, "a request body needs a `schema`"));
        }
    }
}
