//! Inline enums named by `x-ms-enum.name` become component schemas of that
//! name, referenced by `$ref` where they were written: typify then gives them
//! the name the spec chose (not one made up from the parent's name), and an
//! extensible one gets the open-enum treatment of every component enum.
//!
//! Validation has checked that each name is free or shared only by the same
//! enum (`validate::schemas`), so one schema per name is kept.

use std::collections::HashMap;

use heck::ToPascalCase;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};

use crate::error::path;
use crate::model::Model;

/// Moves every named inline enum of `model` under components/schemas;
/// returns the names of the extensible ones, for the open-enum pass.
pub(super) fn hoist(spec: &mut OpenAPI, model: &Model) -> Vec<String> {
    // Names that give one Rust type name are one enum (validation allows
    // that only for the same values): the first spelling is kept.
    let mut canonical: HashMap<String, &str> = HashMap::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    let mut extensible: Vec<String> = Vec::new();
    for e in &model.enums {
        let Some(name) = e.hoisted_name() else {
            continue;
        };
        let name = *canonical.entry(name.to_pascal_case()).or_insert(name);
        names.insert(e.at.as_str(), name);
        if e.is_extensible() && !extensible.iter().any(|n| n == name) {
            extensible.push(name.to_string());
        }
    }
    if names.is_empty() {
        return Vec::new();
    }
    let mut hoisted: Vec<(String, Schema)> = Vec::new();
    let mut take = |at: &str, schema: &Schema| -> Option<String> {
        let name = names.get(at)?;
        if !hoisted.iter().any(|(n, _)| n == name) {
            hoisted.push((name.to_string(), schema.clone()));
        }
        Some(format!("#/components/schemas/{name}"))
    };
    walk_mut(spec, &mut take);
    let components = spec.components.get_or_insert_with(Default::default);
    for (name, schema) in hoisted {
        components.schemas.insert(name, ReferenceOr::Item(schema));
    }
    extensible
}

/// What to put in place of the schema at a path: `Some(reference)` turns the
/// slot into that `$ref`.
type Take<'a> = dyn FnMut(&str, &Schema) -> Option<String> + 'a;

/// Visits every inline schema slot that `schema_walk::walk` visits, with the
/// same paths, children first.
fn walk_mut(spec: &mut OpenAPI, take: &mut Take) {
    if let Some(components) = &mut spec.components {
        for (name, schema) in components.schemas.iter_mut() {
            if let ReferenceOr::Item(s) = schema {
                children(&path(&["components", "schemas", name]), s, take);
            }
        }
        for (name, p) in components.parameters.iter_mut() {
            if let ReferenceOr::Item(p) = p {
                parameter(&path(&["components", "parameters", name]), p, take);
            }
        }
        for (name, r) in components.responses.iter_mut() {
            if let ReferenceOr::Item(r) = r {
                content(
                    &path(&["components", "responses", name]),
                    &mut r.content,
                    take,
                );
            }
        }
        for (name, b) in components.request_bodies.iter_mut() {
            if let ReferenceOr::Item(b) = b {
                let at = path(&["components", "requestBodies", name]);
                content(&at, &mut b.content, take);
            }
        }
    }
    for (url, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (i, p) in item.parameters.iter_mut().enumerate() {
            if let ReferenceOr::Item(p) = p {
                parameter(
                    &path(&["paths", url, "parameters", &i.to_string()]),
                    p,
                    take,
                );
            }
        }
        for (method, op) in crate::operations::slots_mut(item) {
            let Some(op) = op.as_mut() else { continue };
            let at = path(&["paths", url, method]);
            for (i, p) in op.parameters.iter_mut().enumerate() {
                if let ReferenceOr::Item(p) = p {
                    parameter(&format!("{at}.parameters.{i}"), p, take);
                }
            }
            if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
                content(&format!("{at}.requestBody"), &mut body.content, take);
            }
            for (code, r) in op.responses.responses.iter_mut() {
                if let ReferenceOr::Item(r) = r {
                    content(&format!("{at}.responses.{code}"), &mut r.content, take);
                }
            }
            if let Some(ReferenceOr::Item(r)) = &mut op.responses.default {
                content(&format!("{at}.responses.default"), &mut r.content, take);
            }
        }
    }
}

fn parameter(at: &str, p: &mut Parameter, take: &mut Take) {
    let data = match p {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    if let ParameterSchemaOrContent::Schema(s) = &mut data.format {
        slot(&format!("{at}.schema"), s, take);
    }
}

fn content(
    at: &str,
    content: &mut indexmap::IndexMap<String, openapiv3::MediaType>,
    take: &mut Take,
) {
    for (media, m) in content.iter_mut() {
        if let Some(s) = &mut m.schema {
            slot(&format!("{at}.content.{media}.schema"), s, take);
        }
    }
}

fn slot(at: &str, s: &mut ReferenceOr<Schema>, take: &mut Take) {
    if let ReferenceOr::Item(schema) = s {
        children(at, schema, take);
        if let Some(reference) = take(at, schema) {
            *s = ReferenceOr::Reference { reference };
        }
    }
}

fn boxed(at: &str, s: &mut ReferenceOr<Box<Schema>>, take: &mut Take) {
    if let ReferenceOr::Item(schema) = s {
        children(at, schema, take);
        if let Some(reference) = take(at, schema) {
            *s = ReferenceOr::Reference { reference };
        }
    }
}

fn children(at: &str, s: &mut Schema, take: &mut Take) {
    match &mut s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            for (name, p) in o.properties.iter_mut() {
                boxed(&format!("{at}.properties.{name}"), p, take);
            }
            if let Some(openapiv3::AdditionalProperties::Schema(extra)) =
                &mut o.additional_properties
            {
                boxed_schema(&format!("{at}.additionalProperties"), extra, take);
            }
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(items) = &mut a.items {
                boxed(&format!("{at}.items"), items, take);
            }
        }
        SchemaKind::OneOf { one_of: list } => seq(at, "oneOf", list, take),
        SchemaKind::AllOf { all_of: list } => seq(at, "allOf", list, take),
        SchemaKind::AnyOf { any_of: list } => seq(at, "anyOf", list, take),
        SchemaKind::Not { not } => boxed_schema(&format!("{at}.not"), not, take),
        SchemaKind::Any(any) => {
            for (name, p) in any.properties.iter_mut() {
                boxed(&format!("{at}.properties.{name}"), p, take);
            }
            if let Some(items) = &mut any.items {
                boxed(&format!("{at}.items"), items, take);
            }
            seq(at, "oneOf", &mut any.one_of, take);
            seq(at, "allOf", &mut any.all_of, take);
            seq(at, "anyOf", &mut any.any_of, take);
        }
        _ => {}
    }
}

fn boxed_schema(at: &str, s: &mut Box<ReferenceOr<Schema>>, take: &mut Take) {
    slot(at, s, take);
}

fn seq(at: &str, key: &str, list: &mut [ReferenceOr<Schema>], take: &mut Take) {
    for (i, item) in list.iter_mut().enumerate() {
        slot(&format!("{at}.{key}.{i}"), item, take);
    }
}
