//! Visiting every schema of the document, named or inline, with its path.

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};

use crate::error::path;

/// Calls `visit(path, schema)` for every inline schema (not `$ref`s) in
/// components/schemas, parameters, request bodies and responses, nested
/// ones included.
pub fn walk(spec: &OpenAPI, visit: &mut dyn FnMut(&str, &Schema)) {
    if let Some(components) = &spec.components {
        for (name, schema) in &components.schemas {
            walk_ref(&path(&["components", "schemas", name]), schema, visit);
        }
        for (name, p) in &components.parameters {
            if let ReferenceOr::Item(p) = p {
                walk_parameter(&path(&["components", "parameters", name]), p, visit);
            }
        }
        for (name, r) in &components.responses {
            if let ReferenceOr::Item(r) = r {
                walk_content(&path(&["components", "responses", name]), &r.content, visit);
            }
        }
        for (name, b) in &components.request_bodies {
            if let ReferenceOr::Item(b) = b {
                walk_content(
                    &path(&["components", "requestBodies", name]),
                    &b.content,
                    visit,
                );
            }
        }
    }
    for (url, item) in spec.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (i, p) in item.parameters.iter().enumerate() {
            if let ReferenceOr::Item(p) = p {
                walk_parameter(
                    &path(&["paths", url, "parameters", &i.to_string()]),
                    p,
                    visit,
                );
            }
        }
        for (method, op) in item.iter() {
            let at = path(&["paths", url, method]);
            for (i, p) in op.parameters.iter().enumerate() {
                if let ReferenceOr::Item(p) = p {
                    walk_parameter(&format!("{at}.parameters.{i}"), p, visit);
                }
            }
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                walk_content(&format!("{at}.requestBody"), &body.content, visit);
            }
            let responses = op
                .responses
                .responses
                .iter()
                .map(|(code, r)| (code.to_string(), r))
                .chain(
                    op.responses
                        .default
                        .iter()
                        .map(|r| ("default".to_string(), r)),
                );
            for (code, r) in responses {
                if let ReferenceOr::Item(r) = r {
                    walk_content(&format!("{at}.responses.{code}"), &r.content, visit);
                }
            }
        }
    }
}

fn walk_parameter(at: &str, p: &Parameter, visit: &mut dyn FnMut(&str, &Schema)) {
    if let ParameterSchemaOrContent::Schema(s) = &p.parameter_data_ref().format {
        walk_ref(&format!("{at}.schema"), s, visit);
    }
}

fn walk_content(
    at: &str,
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    visit: &mut dyn FnMut(&str, &Schema),
) {
    for (media, m) in content {
        if let Some(s) = &m.schema {
            walk_ref(&format!("{at}.content.{media}.schema"), s, visit);
        }
    }
}

fn walk_ref(at: &str, s: &ReferenceOr<Schema>, visit: &mut dyn FnMut(&str, &Schema)) {
    if let ReferenceOr::Item(s) = s {
        walk_schema(at, s, visit);
    }
}

fn walk_boxed(at: &str, s: &ReferenceOr<Box<Schema>>, visit: &mut dyn FnMut(&str, &Schema)) {
    if let ReferenceOr::Item(s) = s {
        walk_schema(at, s, visit);
    }
}

fn walk_schema(at: &str, s: &Schema, visit: &mut dyn FnMut(&str, &Schema)) {
    visit(at, s);
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            for (name, p) in &o.properties {
                walk_boxed(&format!("{at}.properties.{name}"), p, visit);
            }
            if let Some(openapiv3::AdditionalProperties::Schema(extra)) = &o.additional_properties {
                walk_ref(&format!("{at}.additionalProperties"), extra, visit);
            }
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(items) = &a.items {
                walk_boxed(&format!("{at}.items"), items, visit);
            }
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => {
            let key = match &s.schema_kind {
                SchemaKind::OneOf { .. } => "oneOf",
                SchemaKind::AllOf { .. } => "allOf",
                _ => "anyOf",
            };
            for (i, item) in list.iter().enumerate() {
                walk_ref(&format!("{at}.{key}.{i}"), item, visit);
            }
        }
        SchemaKind::Not { not } => walk_ref(&format!("{at}.not"), not, visit),
        SchemaKind::Any(any) => {
            for (name, p) in &any.properties {
                walk_boxed(&format!("{at}.properties.{name}"), p, visit);
            }
            if let Some(items) = &any.items {
                walk_boxed(&format!("{at}.items"), items, visit);
            }
            for (key, list) in [
                ("oneOf", &any.one_of),
                ("allOf", &any.all_of),
                ("anyOf", &any.any_of),
            ] {
                for (i, item) in list.iter().enumerate() {
                    walk_ref(&format!("{at}.{key}.{i}"), item, visit);
                }
            }
        }
        _ => {}
    }
}
