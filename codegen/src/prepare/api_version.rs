//! `api-version`: always a client setting, defaulting to `info.version`.
//!
//! Azure data-plane specs declare a query parameter `api-version` on every
//! operation, often without a default, and sometimes as
//! `x-ms-parameter-location: method` (ACS Chat). Taken literally that is a
//! required argument of every call, which no user can get right; the
//! official SDKs make it a client option whose default is the version the
//! client was built from. Here too: a query parameter named `api-version`
//! whose string schema has no `default` gets `info.version` (the document's
//! own version, which is the API version in Azure specs) as its default and
//! becomes client-level (`x-ms-parameter-location: client`), wherever the
//! spec put it. An `enum` that does not list `info.version` but has exactly
//! one value gives that value; with several, no default is set and
//! validation refuses the (client-level) parameter with a message saying
//! how to give one. An `api-version` with a `default` is left as written
//! (method or client, as the spec says).

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
    // A malformed location stays for validation to report.
    match data.extensions.get(extensions::PARAMETER_LOCATION) {
        None => {}
        Some(Value::String(s)) if s == "client" || s == "method" => {}
        Some(_) => return false,
    }
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &mut data.format else {
        return false;
    };
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return false;
    };
    // With a default, the spec has said all: nothing changes.
    if schema.schema_data.default.is_some() {
        return false;
    }
    let listed: Vec<&str> = string
        .enumeration
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let default = if listed.is_empty() || listed.contains(&version) {
        version.to_string()
    } else if listed.len() == 1 {
        listed[0].to_string()
    } else {
        // Which version to send is not said; a client-level parameter
        // without a default is refused with a message saying so.
        let client = Value::String("client".to_string());
        let changed = data.extensions.get(extensions::PARAMETER_LOCATION) != Some(&client);
        data.extensions
            .insert(extensions::PARAMETER_LOCATION.to_string(), client);
        return changed;
    };
    schema.schema_data.default = Some(Value::String(default));
    data.extensions.insert(
        extensions::PARAMETER_LOCATION.to_string(),
        Value::String("client".to_string()),
    );
    true
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
                "G": {"name": "api-version", "in": "query",
                      "schema": {"type": "string", "enum": ["2019-01-01", "2020-01-01"]}},
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
        assert!(p["B"].get(LOCATION).is_none());
        assert_eq!(p["B"]["schema"]["default"], "2020-01-01");
        assert_eq!(p["C"]["schema"]["default"], "2019-01-01");
        assert_eq!(p["C"][LOCATION], "client");
        assert_eq!(p["G"][LOCATION], "client");
        assert!(p["G"]["schema"].get("default").is_none());
        assert_eq!(p["F"][LOCATION], "client");
        assert_eq!(p["F"]["schema"]["default"], "2025-03-15");
        assert!(p["D"].get(LOCATION).is_none());
        assert_eq!(p["E"][LOCATION], "bogus");
        assert!(p["E"]["schema"].get("default").is_none());
        assert!(!super::settle(&mut spec));
    }
}
