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
use crate::schema_walk;

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
    if !out.is_empty() {
        // Everything below follows references; with broken ones it would
        // only repeat the same problems in other words.
        return out;
    }
    check_security(spec, &mut out);
    check_enums(spec, &mut out);
    check_schemas(spec, &mut out);

    let mut method_names: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (url, item) in spec.paths.iter() {
        let here = path(&["paths", url]);
        let ReferenceOr::Item(item) = item else {
            continue; // reported by check_refs
        };
        for (i, p) in item.parameters.iter().enumerate() {
            check_parameter(spec, p, &format!("{here}.parameters.{i}"), &mut out);
        }
        for (method, op) in item.iter() {
            let at = path(&["paths", url, method]);
            check_operation(spec, op, &at, &mut method_names, &mut out);
            check_path_template(spec, url, &item.parameters, op, &at, &mut out);
        }
    }
    out
}

fn check_operation(
    spec: &OpenAPI,
    op: &Operation,
    at: &str,
    method_names: &mut BTreeMap<String, (String, String)>,
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
            } else if let Some((other, other_at)) =
                method_names.insert(method.clone(), (id.to_string(), at.to_string()))
            {
                let message = if other == id {
                    format!("operationId `{id}` is also used at `{other_at}`")
                } else {
                    format!(
                        "operationId `{id}` collides with `{other}` at `{other_at}`: both become the method `{method}`"
                    )
                };
                out.push(Diagnostic::at(format!("{at}.operationId"), message));
            }
        }
    }

    for (i, p) in op.parameters.iter().enumerate() {
        check_parameter(spec, p, &format!("{at}.parameters.{i}"), out);
    }

    if let Some(body) = &op.request_body
        && let Some(body) = resolve::request_body(spec, body)
    {
        check_request_body(body, &format!("{at}.requestBody"), out);
    }

    check_responses(spec, op, at, out);

    match extensions::read::<Pageable>(&op.extensions, extensions::PAGEABLE) {
        Err(e) => out.push(Diagnostic::at(format!("{at}.{}", extensions::PAGEABLE), e)),
        Ok(Some(pageable)) => check_pageable(spec, op, &pageable, at, out),
        Ok(None) => {}
    }
}

fn check_request_body(body: &openapiv3::RequestBody, at: &str, out: &mut Vec<Diagnostic>) {
    if body.content.len() > 1 {
        out.push(Diagnostic::at(
            format!("{at}.content"),
            "a request body with more than one media type is not supported; keep one",
        ));
    }
    for (media, m) in &body.content {
        let here = format!("{at}.content.{media}");
        if !REQUEST_MEDIA_TYPES.contains(&media.as_str()) {
            out.push(Diagnostic::at(
                &here,
                format!(
                    "request media type `{media}` is not supported (supported: {})",
                    REQUEST_MEDIA_TYPES.join(", ")
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
    let here = at;
    let name = &data.name;
    if let ParameterSchemaOrContent::Content(_) = data.format {
        out.push(Diagnostic::at(
            here,
            format!("parameter `{name}`: parameters described with `content` are not supported; use `schema`"),
        ));
    }
    match p {
        openapiv3::Parameter::Path { style, .. } => {
            if !data.required {
                out.push(Diagnostic::at(
                    here,
                    format!("path parameter `{name}` must be `required: true`"),
                ));
            }
            if !matches!(style, openapiv3::PathStyle::Simple) {
                out.push(Diagnostic::at(
                    here,
                    format!("path parameter `{name}`: only the `simple` style is supported"),
                ));
            }
        }
        openapiv3::Parameter::Cookie { .. } => out.push(Diagnostic::at(
            here,
            format!("parameter `{name}`: cookie parameters are not supported"),
        )),
        openapiv3::Parameter::Query { style, .. } if !matches!(style, QueryStyle::Form) => out
            .push(Diagnostic::at(
                here,
                format!(
                    "query parameter `{name}`: style `{}` is not supported; only `form` is",
                    serde_json::to_value(style)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
            )),
        _ => {}
    }
    match extensions::is_client_parameter(&data.extensions) {
        Err(e) => out.push(Diagnostic::at(here, format!("parameter `{name}`: {e}"))),
        Ok(false) => {}
        Ok(true) => {
            if !matches!(
                p,
                openapiv3::Parameter::Query { .. } | openapiv3::Parameter::Header { .. }
            ) {
                out.push(Diagnostic::at(
                    here,
                    format!("client-level parameter `{name}` must be in `query` or `header`"),
                ));
            }
            if client_parameter_default(spec, p).is_none() {
                out.push(Diagnostic::at(
                    here,
                    format!(
                        "client-level parameter `{name}` needs `schema: {{type: string, default: ...}}`: \
                         the default is what the client sends unless the user overrides it"
                    ),
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
    if op.responses.responses.is_empty() && op.responses.default.is_none() {
        out.push(Diagnostic::at(
            format!("{at}.responses"),
            "list at least one response, e.g. `\"200\"` with its body",
        ));
        return;
    }
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
    let named: Vec<String> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .map(|name| path(&["components", "schemas", name]))
        .collect();
    schema_walk::walk(spec, &mut |at, schema| {
        let at_ext = format!("{at}.{}", extensions::ENUM);
        match extensions::read::<MsEnum>(&schema.schema_data.extensions, extensions::ENUM) {
            Err(e) => out.push(Diagnostic::at(at_ext, e)),
            Ok(Some(e)) if e.model_as_string => {
                match &schema.schema_kind {
                    SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                        if s.enumeration.iter().any(Option::is_none) {
                            out.push(Diagnostic::at(
                                &at_ext,
                                "an extensible enum cannot list `null`",
                            ));
                        }
                    }
                    _ => out.push(Diagnostic::at(
                        &at_ext,
                        "`modelAsString: true` needs a `type: string` schema with an `enum` list",
                    )),
                }
                if !named.iter().any(|n| n == at) {
                    out.push(Diagnostic::at(
                        at,
                        "an extensible enum (`x-ms-enum` with `modelAsString: true`) must be a \
                         schema under components/schemas, referenced by `$ref`, so that its \
                         generated type has a stable name",
                    ));
                }
            }
            Ok(_) => {}
        }
    });
}

/// Schema problems that would otherwise surface as a panic deep inside
/// progenitor: unknown `type`s and enum values that map to the same Rust
/// variant name.
fn check_schemas(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
    schema_walk::walk(spec, &mut |at, schema| match &schema.schema_kind {
        SchemaKind::Any(any) if !any.enumeration.is_empty() && any.typ.is_none() => {
            out.push(Diagnostic::at(
                format!("{at}.enum"),
                "an `enum` needs a `type` (e.g. `type: string`), so that its values have one",
            ));
        }
        SchemaKind::Any(any) => {
            if let Some(t) = &any.typ
                && !TYPES.contains(&t.as_str())
            {
                out.push(Diagnostic::at(
                    format!("{at}.type"),
                    format!(
                        "`type: {t}` is not an OpenAPI type (one of: {})",
                        TYPES.join(", ")
                    ),
                ));
            }
        }
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            let mut variants: BTreeMap<String, &str> = BTreeMap::new();
            for value in s.enumeration.iter().flatten() {
                let variant = variant_name(value);
                if let Some(first) = variants.insert(variant.clone(), value) {
                    out.push(Diagnostic::at(
                            format!("{at}.enum"),
                            format!(
                                "enum values `{first}` and `{value}` both become the Rust variant `{variant}`; \
                                 rename one of them"
                            ),
                        ));
                }
            }
        }
        _ => {}
    });
}

/// The variant name typify gives an enum value (its `sanitize` rule).
fn variant_name(value: &str) -> String {
    use heck::ToPascalCase;
    let cleaned: String = value
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = cleaned.to_pascal_case();
    match name.chars().next() {
        None => "X".to_string(),
        Some(c) if c.is_alphabetic() || c == '_' => name,
        Some(_) => format!("X{name}"),
    }
}

/// Every `{name}` in the URL template has a path parameter, and every path
/// parameter appears in the template.
fn check_path_template(
    spec: &OpenAPI,
    url: &str,
    shared: &[ReferenceOr<openapiv3::Parameter>],
    op: &Operation,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let in_template: Vec<&str> = url
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let declared: Vec<&str> = shared
        .iter()
        .chain(&op.parameters)
        .filter_map(|p| resolve::parameter(spec, p))
        .filter(|p| matches!(p, openapiv3::Parameter::Path { .. }))
        .map(|p| p.parameter_data_ref().name.as_str())
        .collect();
    for name in &in_template {
        if !declared.contains(name) {
            out.push(Diagnostic::at(
                format!("{at}.parameters"),
                format!("`{{{name}}}` in `{url}` has no `in: path` parameter named `{name}`"),
            ));
        }
    }
    for name in &declared {
        if !in_template.contains(name) {
            out.push(Diagnostic::at(
                format!("{at}.parameters"),
                format!("path parameter `{name}` does not appear in `{url}`"),
            ));
        }
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

/// Every `$ref` must be local (`#/components/<kind>/<name>`), of the kind
/// its place needs, point at something, and not be part of a cycle of
/// references that never reaches a definition.
fn check_refs(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let Ok(root) = serde_json::to_value(spec) else {
        return;
    };
    let mut refs = Vec::new();
    collect_refs(&root, String::new(), &mut refs);
    let mut cycles_seen: BTreeSet<Vec<String>> = BTreeSet::new();
    for (at, reference) in refs {
        let segments: Vec<&str> = at.split('.').collect();
        if segments.len() == 2 && segments[0] == "paths" {
            out.push(Diagnostic::at(
                at,
                "a path item given by `$ref` is not supported; write the operations inline",
            ));
            continue;
        }
        let Some(pointer) = reference.strip_prefix("#/") else {
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` is not a local reference; only `#/components/...` is supported"),
            ));
            continue;
        };
        let expected = expected_kind(&segments);
        if let Some(kind) = expected
            && resolve::ref_name(&reference, kind).is_none()
        {
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` must point into `#/components/{kind}/` here"),
            ));
            continue;
        }
        if root.pointer(&format!("/{pointer}")).is_none() {
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` points at nothing"),
            ));
            continue;
        }
        if let Some((members, cycle)) = alias_cycle(&root, &reference) {
            if !cycles_seen.insert(members) {
                continue; // the same cycle, reported once
            }
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` is part of a cycle of references that never reaches a definition ({cycle})"),
            ));
        }
    }
    crate::composition_cycles::check(&root, out);
}

/// The component kind a `$ref` at this place must point into.
fn expected_kind(segments: &[&str]) -> Option<&'static str> {
    let last = *segments.last()?;
    let parent = segments.len().checked_sub(2).map(|i| segments[i]);
    let grandparent = segments.len().checked_sub(3).map(|i| segments[i]);
    match (grandparent, parent, last) {
        (_, Some("parameters"), _) => Some("parameters"),
        (Some("components"), Some("responses"), _) => Some("responses"),
        (_, Some("responses"), _) if segments.first() == Some(&"paths") => Some("responses"),
        (_, _, "requestBody") => Some("requestBodies"),
        (Some("components"), Some("requestBodies"), _) => Some("requestBodies"),
        (_, _, "schema" | "items" | "not" | "additionalProperties") => Some("schemas"),
        (_, Some("properties" | "allOf" | "oneOf" | "anyOf"), _) => Some("schemas"),
        (Some("components"), Some("schemas"), _) => Some("schemas"),
        _ => None,
    }
}

/// A cycle of components that are nothing but a `$ref` to the next one
/// (`A: {$ref: B}`, `B: {$ref: A}`): progenitor would recurse forever.
fn alias_cycle(root: &Value, start: &str) -> Option<(Vec<String>, String)> {
    let mut seen = vec![start.to_string()];
    let mut current = start.to_string();
    loop {
        let target = root.pointer(current.strip_prefix('#')?)?;
        let next = target.as_object()?.get("$ref")?.as_str()?.to_string();
        if let Some(first) = seen.iter().position(|r| *r == next) {
            let mut members: Vec<String> = seen[first..].to_vec();
            seen.push(next);
            let names: Vec<&str> = seen[first..]
                .iter()
                .map(|r| r.rsplit('/').next().unwrap_or(r))
                .collect();
            let text = names.join(" → ");
            members.sort();
            return Some((members, text));
        }
        seen.push(next.clone());
        current = next;
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
                if k != "example" && k != "examples" && !k.starts_with("x-") {
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
