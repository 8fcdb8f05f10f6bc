//! `api-version`: always a client setting, defaulting to `info.version`.
//!
//! Azure data-plane specs declare a query parameter `api-version` on every
//! operation, often without a default, and sometimes as
//! `x-ms-parameter-location: method` (ACS Chat). Taken literally that is a
//! required argument of every call, which no user can get right; the
//! official SDKs make it a client option whose default is the version the
//! client was built from. Here too: a query parameter named `api-version`
//! becomes client-level (`x-ms-parameter-location: client`), and when its
//! string schema has no `default`, the default is `info.version` (the
//! document's own version, which is the API version in Azure specs). An
//! `enum` that does not list `info.version` but has exactly one value gives
//! that value; otherwise no default is set and validation says how to give
//! one.

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

use crate::model::extensions;

const NAME: &str = "api-version";

/// Marks every `api-version` query parameter of the typed document
/// client-level with a default; whether anything changed. On the typed
/// document, not its JSON form: nearly every Azure spec has one, and most
/// need no change.
pub(super) fn settle(spec: &mut OpenAPI) -> bool {
    let version = spec.info.version.clone();
    let mut changed = false;
    let mut settle_one = |p: &mut ReferenceOr<Parameter>| {
        if let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) = p
            && parameter_data.name == NAME
        {
            changed |= settle_parameter(parameter_data, &version);
        }
    };
    if let Some(components) = &mut spec.components {
        components.parameters.values_mut().for_each(&mut settle_one);
    }
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        item.parameters.iter_mut().for_each(&mut settle_one);
        for (_, op) in crate::operations::slots_mut(item) {
            if let Some(op) = op {
                op.parameters.iter_mut().for_each(&mut settle_one);
            }
        }
    }
    changed
}

fn settle_parameter(data: &mut openapiv3::ParameterData, version: &str) -> bool {
    // Absent or `method` becomes `client`; a malformed value stays for
    // validation to report.
    let mut changed = false;
    match data.extensions.get(extensions::PARAMETER_LOCATION) {
        None => {}
        Some(Value::String(s)) if s == "client" => {}
        Some(Value::String(s)) if s == "method" => {}
        Some(_) => return false,
    }
    let client = Value::String("client".to_string());
    if data.extensions.get(extensions::PARAMETER_LOCATION) != Some(&client) {
        data.extensions
            .insert(extensions::PARAMETER_LOCATION.to_string(), client);
        changed = true;
    }
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &mut data.format else {
        return changed;
    };
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return changed;
    };
    if schema.schema_data.default.is_some() {
        return changed;
    }
    let listed: Vec<&str> = string
        .enumeration
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let default = if listed.is_empty() || listed.contains(&version) {
        Some(version.to_string())
    } else if listed.len() == 1 {
        Some(listed[0].to_string())
    } else {
        None
    };
    if let Some(default) = default {
        schema.schema_data.default = Some(Value::String(default));
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use crate::model::extensions::PARAMETER_LOCATION as LOCATION;

    #[test]
    fn method_level_without_default_becomes_client_level_with_info_version() {
        let text = r#"{
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "2025-03-15"},
            "paths": {},
            "components": {"parameters": {
                "A": {"name": "api-version", "in": "query", "required": true,
                      "LOCATION": "method", "schema": {"type": "string"}},
                "B": {"name": "api-version", "in": "query",
                      "schema": {"type": "string", "default": "2020-01-01"}},
                "F": {"name": "api-version", "in": "query", "LOCATION": "client",
                      "schema": {"type": "string"}},
                "C": {"name": "api-version", "in": "query",
                      "schema": {"type": "string", "enum": ["2019-01-01"]}},
                "D": {"name": "api-version", "in": "header", "schema": {"type": "string"}},
                "E": {"name": "api-version", "in": "query", "LOCATION": "bogus",
                      "schema": {"type": "string"}}
            }}
        }"#
        .replace("LOCATION", LOCATION);
        let mut spec: openapiv3::OpenAPI = serde_json::from_str(&text).unwrap();
        assert!(super::settle(&mut spec));
        let doc = serde_json::to_value(&spec).unwrap();
        let p = &doc["components"]["parameters"];
        assert_eq!(p["A"][LOCATION], "client");
        assert_eq!(p["A"]["schema"]["default"], "2025-03-15");
        assert_eq!(p["B"][LOCATION], "client");
        assert_eq!(p["B"]["schema"]["default"], "2020-01-01");
        assert_eq!(p["C"]["schema"]["default"], "2019-01-01");
        assert_eq!(p["F"][LOCATION], "client");
        assert_eq!(p["F"]["schema"]["default"], "2025-03-15");
        assert!(p["D"].get(LOCATION).is_none());
        assert_eq!(p["E"][LOCATION], "bogus");
        assert!(p["E"]["schema"].get("default").is_none());
        assert!(!super::settle(&mut spec));
    }
}
