//! Responses: one success body type per operation (or `Option` of it), and
//! `x-ms-pageable` pages.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation, ReferenceOr, SchemaKind, StatusCode, Type};

use crate::error::Diagnostic;
use crate::model::Paging;
use crate::model::extensions;
use crate::resolve;

pub(super) fn check_responses(
    spec: &OpenAPI,
    op: &Operation,
    pageable: bool,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    if op.responses.responses.is_empty() && op.responses.default.is_none() {
        out.push(Diagnostic::at(
            format!("{at}.responses"),
            "list at least one response, e.g. `\"200\"` with its body",
        ));
        return;
    }
    // progenitor answers a `101` with the upgraded connection; the
    // pipeline reads every non-error response whole, within its attempt.
    if op.responses.responses.contains_key(&StatusCode::Code(101)) {
        out.push(Diagnostic::at(
            format!("{at}.responses.101"),
            "a `101` (switching protocols) response is not supported: the client reads every \
             response whole, so it cannot hand over an upgraded connection",
        ));
    }
    // Which body each status has: Some(schema key) for a JSON body, None for none.
    let mut success: BTreeMap<String, Option<String>> = BTreeMap::new();
    let statuses = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| (code.to_string(), is_success(code), r))
        .chain(
            op.responses
                .default
                .iter()
                .map(|r| ("default".to_string(), false, r)),
        );
    for (code, ok, r) in statuses {
        let Some(response) = resolve::response(spec, r) else {
            continue; // reported by check_refs
        };
        for (media, m) in &response.content {
            let json = media == "application/json" || media.starts_with("application/json;");
            let here = format!("{at}.responses.{code}.content.{media}");
            if json && m.schema.is_none() {
                out.push(Diagnostic::at(&here, "a JSON response needs a `schema`"));
            }
            if json && !m.encoding.is_empty() {
                out.push(Diagnostic::at(
                    format!("{here}.encoding"),
                    "`encoding` is not supported",
                ));
            }
        }
        // progenitor gives every response with content a body type: JSON
        // schemas their type, any other media type a byte stream.
        let body = response.content.iter().next().map(|(media, m)| {
            let json = media == "application/json" || media.ends_with("+json");
            match (&m.schema, json) {
                (Some(schema), true) => resolve::schema_key(schema),
                _ => format!("{media} (raw bytes)"),
            }
        });
        // Error bodies may differ per status: the runtime decodes them
        // (normalize::error_shapes).
        if ok {
            success.insert(code, body);
        }
    }
    // One typed body beside exact codes without one gives `Option<T>`
    // (normalize::optional_body); a raw byte stream, a range without a
    // body, or a pageable operation cannot.
    let typed: BTreeSet<_> = success.values().flatten().collect();
    let empty_ok = typed.len() == 1
        && typed.iter().all(|t| !t.ends_with("(raw bytes)"))
        && !pageable
        && success
            .iter()
            .all(|(code, body)| body.is_some() || code.parse::<u16>().is_ok());
    if typed.len() > 1 || (typed.len() == 1 && success.values().any(Option::is_none) && !empty_ok) {
        let list = success
            .iter()
            .map(|(code, body)| format!("{code}: {}", body.as_deref().unwrap_or("no body")))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Diagnostic::at(
            format!("{at}.responses"),
            format!(
                "success responses have different bodies ({list}); the generated method can \
                 return only one type (or `Option` of one JSON type, for exact 2xx codes \
                 without a body, except on a pageable operation), so give every 2xx response \
                 the same body"
            ),
        ));
    }
}

pub(super) fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

pub(super) fn check_pageable(
    spec: &OpenAPI,
    op: &Operation,
    pageable: &Paging,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let here = format!("{at}.{}", extensions::PAGEABLE);
    let body = op
        .responses
        .responses
        .iter()
        .filter(|(code, _)| is_success(code))
        .find_map(|(code, r)| Some((code, resolve::response(spec, r)?)))
        .and_then(|(code, r)| Some((code, r.content.get("application/json")?.schema.as_ref()?)));
    let Some((code, body)) = body else {
        out.push(Diagnostic::at(
            here,
            "a pageable operation needs a 2xx response with an `application/json` body",
        ));
        return;
    };
    let body_at = format!("{at}.responses.{code}");
    if !matches!(body, ReferenceOr::Reference { .. }) {
        out.push(Diagnostic::at(
            &body_at,
            "the page schema of a pageable operation must be a `$ref` to components/schemas, \
             so that the page type has a name",
        ));
    }
    let Some(schema) = resolve::schema(spec, body) else {
        return;
    };
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        out.push(Diagnostic::at(
            &body_at,
            "the page schema of a pageable operation must be an object",
        ));
        return;
    };
    match object.properties.get(&pageable.item_name) {
        Some(item)
            if matches!(
                resolve::boxed_schema(spec, item).map(|s| &s.schema_kind),
                Some(SchemaKind::Type(Type::Array(_)))
            ) =>
        {
            // An optional item property is allowed (the usual case in
            // Azure list schemas): the generated page field is a `Vec`
            // with `#[serde(default)]`, so a page without it is empty.
        }
        _ => out.push(Diagnostic::at(
            &here,
            format!(
                "`itemName: {}` is not an array property of the page schema",
                pageable.item_name
            ),
        )),
    }
    if let Some(next) = &pageable.next_link_name {
        match object.properties.get(next) {
            Some(link)
                if matches!(
                    resolve::boxed_schema(spec, link).map(|s| &s.schema_kind),
                    Some(SchemaKind::Type(Type::String(_)))
                ) =>
            {
                if object.required.contains(next) {
                    out.push(Diagnostic::at(
                        &here,
                        format!(
                            "`nextLinkName: {next}` must not be required: the last page has none"
                        ),
                    ));
                }
            }
            _ => out.push(Diagnostic::at(
                &here,
                format!("`nextLinkName: {next}` is not a string property of the page schema"),
            )),
        }
    }
}
