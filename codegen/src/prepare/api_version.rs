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

use serde_json::Value;

use crate::model::extensions;

const NAME: &str = "api-version";

pub(super) fn may_have(text: &str) -> bool {
    text.contains(NAME)
}

/// Marks every `api-version` query parameter client-level with a default;
/// whether anything changed.
pub(super) fn settle(root: &mut Value) -> bool {
    let version = root
        .pointer("/info/version")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut changed = false;
    super::visit_objects(root, &mut |map| {
        let is_it = map.get("name").and_then(Value::as_str) == Some(NAME)
            && map.get("in").and_then(Value::as_str) == Some("query");
        if !is_it {
            return;
        }
        // Absent or `method` becomes `client`; a malformed value stays for
        // validation to report.
        match map.get(extensions::PARAMETER_LOCATION) {
            None => {}
            Some(Value::String(s)) if s == "method" || s == "client" => {}
            Some(_) => return,
        }
        let client = Value::String("client".to_string());
        if map.get(extensions::PARAMETER_LOCATION) != Some(&client) {
            map.insert(extensions::PARAMETER_LOCATION.to_string(), client);
            changed = true;
        }
        let Some(schema) = map.get_mut("schema").and_then(Value::as_object_mut) else {
            return;
        };
        if schema.get("type").and_then(Value::as_str) != Some("string")
            || schema.contains_key("default")
        {
            return;
        }
        let listed: Option<Vec<&str>> = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(Value::as_str).collect());
        let default = match (&version, listed) {
            (Some(v), None) => Some(v.clone()),
            (Some(v), Some(values)) if values.contains(&v.as_str()) => Some(v.clone()),
            (_, Some(values)) if values.len() == 1 => Some(values[0].to_string()),
            _ => None,
        };
        if let Some(default) = default {
            schema.insert("default".to_string(), Value::String(default));
            changed = true;
        }
    });
    changed
}

#[cfg(test)]
mod tests {
    use crate::model::extensions::PARAMETER_LOCATION as LOCATION;

    #[test]
    fn method_level_without_default_becomes_client_level_with_info_version() {
        let text = r#"{
            "info": {"version": "2025-03-15"},
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
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(super::settle(&mut doc));
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
        assert!(!super::settle(&mut doc));
    }
}
