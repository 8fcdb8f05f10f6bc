//! Checks that the document is something this generator turns into working
//! code: what progenitor needs (or would panic on) and the project's own
//! conventions for the Azure extensions. Every problem is reported, not just
//! the first, each with its path inside the document.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use openapiv3::{
    OpenAPI, Operation, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SchemaKind,
    SecurityScheme, StatusCode, Type,
};
use serde_json::Value;

use crate::error::{Diagnostic, path};
use crate::extensions::{self, MsEnum, Pageable};
use crate::resolve;

/// Media types progenitor generates request code for.
const REQUEST_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "text/plain",
];

/// Returns every problem found; an empty list means the document is usable.
pub fn validate(spec: &OpenAPI) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_refs(spec, &mut out);
    check_security(spec, &mut out);
    check_enums(spec, &mut out);

    let mut method_names: BTreeMap<String, String> = BTreeMap::new();
    for (url, item) in spec.paths.iter() {
        let here = path(&["paths", url]);
        let ReferenceOr::Item(item) = item else {
            out.push(Diagnostic::at(
                here,
                "a path item given by `$ref` is not supported; write the operations inline",
            ));
            continue;
        };
        for (i, p) in item.parameters.iter().enumerate() {
            check_parameter(spec, p, &format!("{here}.parameters.{i}"), &mut out);
        }
        for (method, op) in item.iter() {
            let at = path(&["paths", url, method]);
            check_operation(spec, op, &at, &mut method_names, &mut out);
        }
    }
    out
}

fn check_operation(
    spec: &OpenAPI,
    op: &Operation,
    at: &str,
    method_names: &mut BTreeMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    match op.operation_id.as_deref() {
        None | Some("") => out.push(Diagnostic::at(
            at,
            "operation has no `operationId`; the generated method is named after it",
        )),
        Some(id) => {
            let method = crate::normalize::operation_name(id).to_snake_case();
            if method.is_empty()
                || !method
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
            {
                out.push(Diagnostic::at(
                    format!("{at}.operationId"),
                    format!("operationId `{id}` does not make a Rust method name"),
                ));
            } else if let Some(other) = method_names.insert(method.clone(), id.to_string()) {
                let what = if other == id {
                    "is used twice"
                } else {
                    "collides"
                };
                out.push(Diagnostic::at(
                    format!("{at}.operationId"),
                    format!(
                        "operationId `{id}` {what}: `{other}` and `{id}` both become the method `{method}`"
                    ),
                ));
            }
        }
    }

    for (i, p) in op.parameters.iter().enumerate() {
        check_parameter(spec, p, &format!("{at}.parameters.{i}"), out);
    }

    if let Some(body) = &op.request_body
        && let Some(body) = resolve::request_body(spec, body)
    {
        for media in body.content.keys() {
            if !REQUEST_MEDIA_TYPES.contains(&media.as_str()) {
                out.push(Diagnostic::at(
                    format!("{at}.requestBody.content.{media}"),
                    format!(
                        "request media type `{media}` is not supported (supported: {})",
                        REQUEST_MEDIA_TYPES.join(", ")
                    ),
                ));
            }
        }
    }

    check_responses(spec, op, at, out);

    match extensions::read::<Pageable>(&op.extensions, extensions::PAGEABLE) {
        Err(e) => out.push(Diagnostic::at(format!("{at}.{}", extensions::PAGEABLE), e)),
        Ok(Some(pageable)) => check_pageable(spec, op, &pageable, at, out),
        Ok(None) => {}
    }
}

fn check_parameter(
    spec: &OpenAPI,
    p: &ReferenceOr<openapiv3::Parameter>,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(p) = resolve::parameter(spec, p) else {
        return; // reported by check_refs
    };
    let data = p.parameter_data_ref();
    let here = format!("{at} (`{}`)", data.name);
    if let ParameterSchemaOrContent::Content(_) = data.format {
        out.push(Diagnostic::at(
            &here,
            "parameters described with `content` are not supported; use `schema`",
        ));
    }
    match p {
        openapiv3::Parameter::Cookie { .. } => {
            out.push(Diagnostic::at(&here, "cookie parameters are not supported"))
        }
        openapiv3::Parameter::Query { style, .. } if !matches!(style, QueryStyle::Form) => out
            .push(Diagnostic::at(
                &here,
                format!("query parameter style `{style:?}` is not supported; only `form` is"),
            )),
        _ => {}
    }
    match extensions::is_client_parameter(&data.extensions) {
        Err(e) => out.push(Diagnostic::at(&here, e)),
        Ok(false) => {}
        Ok(true) => {
            if !matches!(
                p,
                openapiv3::Parameter::Query { .. } | openapiv3::Parameter::Header { .. }
            ) {
                out.push(Diagnostic::at(
                    &here,
                    "a client-level parameter must be in `query` or `header`",
                ));
            }
            if client_parameter_default(spec, p).is_none() {
                out.push(Diagnostic::at(
                    &here,
                    "a client-level parameter needs `schema: {type: string, default: ...}`: \
                     the default is what the client sends unless the user overrides it",
                ));
            }
        }
    }
}

/// The string default of a client-level parameter's schema, if it has one.
pub fn client_parameter_default(spec: &OpenAPI, p: &openapiv3::Parameter) -> Option<String> {
    let ParameterSchemaOrContent::Schema(schema) = &p.parameter_data_ref().format else {
        return None;
    };
    let schema = resolve::schema(spec, schema)?;
    match (&schema.schema_kind, &schema.schema_data.default) {
        (SchemaKind::Type(Type::String(_)), Some(Value::String(d))) => Some(d.clone()),
        _ => None,
    }
}

fn check_responses(spec: &OpenAPI, op: &Operation, at: &str, out: &mut Vec<Diagnostic>) {
    // Which body each status has: Some(schema key) for a JSON body, None for none.
    let mut success: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
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
        let body = response.content.iter().find_map(|(media, m)| {
            (media == "application/json" || media.ends_with("+json"))
                .then(|| m.schema.as_ref().map(resolve::schema_key))
                .flatten()
        });
        if ok {
            success.insert(code, body);
        } else if let Some(body) = body {
            errors.insert(code, body);
        }
    }
    let typed: BTreeSet<_> = success.values().flatten().collect();
    if typed.len() > 1 || (typed.len() == 1 && success.values().any(Option::is_none)) {
        let list = success
            .iter()
            .map(|(code, body)| format!("{code}: {}", body.as_deref().unwrap_or("no body")))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Diagnostic::at(
            format!("{at}.responses"),
            format!(
                "success responses have different bodies ({list}); the generated method can \
                 return only one type, so give every 2xx response the same body"
            ),
        ));
    }
    let error_types: BTreeSet<_> = errors.values().collect();
    if error_types.len() > 1 {
        let list = errors
            .iter()
            .map(|(code, body)| format!("{code}: {body}"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Diagnostic::at(
            format!("{at}.responses"),
            format!(
                "error responses have different bodies ({list}); the generated error type can \
                 hold only one, so give every error response the same schema"
            ),
        ));
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

fn check_pageable(
    spec: &OpenAPI,
    op: &Operation,
    pageable: &Pageable,
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
            if !object.required.contains(&pageable.item_name) {
                out.push(Diagnostic::at(
                    &here,
                    format!(
                        "the item property `{}` must be required in the page schema",
                        pageable.item_name
                    ),
                ));
            }
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

fn check_enums(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let Some(components) = &spec.components else {
        return;
    };
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let at = path(&["components", "schemas", name, extensions::ENUM]);
        match extensions::read::<MsEnum>(&schema.schema_data.extensions, extensions::ENUM) {
            Err(e) => out.push(Diagnostic::at(at, e)),
            Ok(Some(e)) if e.model_as_string => match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                    if s.enumeration.iter().any(Option::is_none) {
                        out.push(Diagnostic::at(at, "an extensible enum cannot list `null`"));
                    }
                }
                _ => out.push(Diagnostic::at(
                    at,
                    "`modelAsString: true` needs a `type: string` schema with an `enum` list",
                )),
            },
            Ok(_) => {}
        }
    }
    // An extensible enum must be a named component so its generated type has
    // a stable name; look for any inline use.
    let mut inline = Vec::new();
    if let Ok(value) = serde_json::to_value(&spec.paths) {
        find_inline_enums(&value, "paths", &mut inline);
    }
    for (name, schema) in &components.schemas {
        if let ReferenceOr::Item(s) = schema
            && let Ok(value) = serde_json::to_value(&s.schema_kind)
        {
            find_inline_enums(&value, &path(&["components", "schemas", name]), &mut inline);
        }
    }
    for at in inline {
        out.push(Diagnostic::at(
            at,
            "an extensible enum (`x-ms-enum` with `modelAsString: true`) must be a schema under \
             components/schemas, referenced by `$ref`, so its generated type has a stable name",
        ));
    }
}

fn find_inline_enums(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map
                .get(extensions::ENUM)
                .and_then(|e| e.get("modelAsString"))
                .and_then(Value::as_bool)
                == Some(true)
            {
                out.push(at.to_string());
            }
            for (k, v) in map {
                find_inline_enums(v, &format!("{at}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_inline_enums(v, &format!("{at}.{i}"), out);
            }
        }
        _ => {}
    }
}

fn check_security(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let Some(components) = &spec.components else {
        return;
    };
    for (name, scheme) in &components.security_schemes {
        let ok = match scheme {
            ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. }) => {
                matches!(location, openapiv3::APIKeyLocation::Header)
                    && name.eq_ignore_ascii_case("authorization")
            }
            ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) => {
                scheme.eq_ignore_ascii_case("bearer")
            }
            _ => false,
        };
        if !ok {
            out.push(Diagnostic::at(
                path(&["components", "securitySchemes", name]),
                "unsupported security scheme: the client's credential sends \
                 `Authorization: Bearer <token>`, so only an `Authorization` header apiKey or \
                 an http `bearer` scheme can be described",
            ));
        }
    }
}

/// Every `$ref` must be local (`#/components/...`) and point at something.
fn check_refs(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let Ok(root) = serde_json::to_value(spec) else {
        return;
    };
    let mut refs = Vec::new();
    collect_refs(&root, String::new(), &mut refs);
    for (at, reference) in refs {
        let target = reference
            .strip_prefix("#/")
            .map(|pointer| root.pointer(&format!("/{pointer}")));
        match target {
            None => out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` is not a local reference; only `#/components/...` is supported"),
            )),
            Some(None) => out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` points at nothing"),
            )),
            Some(Some(_)) => {}
        }
    }
}

fn collect_refs(value: &Value, at: String, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((at.clone(), r.clone()));
            }
            for (k, v) in map {
                // Examples are free-form data; a `$ref` key there is just data.
                if k != "example" && k != "examples" {
                    collect_refs(v, join(k), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_refs(v, join(&i.to_string()), out);
            }
        }
        _ => {}
    }
}
