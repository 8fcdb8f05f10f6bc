//! A lenient reading of a spec for review (`cargo xtask spec-diff`): fills
//! in what OpenAPI requires but a reviewer does not need, so that a document
//! that breaks one of those rules is still compared instead of refused.
//!
//! Only absent fields are added, with empty values (`responses: {}`,
//! `description: ""`, `info.title`/`info.version`, `paths: {}`); nothing
//! that is present is changed or dropped. The generator's strict path never
//! calls this.

use serde_yaml::{Mapping, Value};

use crate::operations::METHODS;

/// Adds the missing required fields; `true` when anything was added.
pub fn fill_required(root: &mut Value) -> bool {
    let mut changed = false;
    let Some(map) = root.as_mapping_mut() else {
        return false;
    };
    changed |= ensure(map, "paths", Value::Mapping(Mapping::new()));
    if let Some(info) = ensure_map(map, "info", &mut changed) {
        changed |= ensure(info, "title", Value::String(String::new()));
        changed |= ensure(info, "version", Value::String(String::new()));
    }
    if let Some(paths) = map.get_mut("paths").and_then(Value::as_mapping_mut) {
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_mapping_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                if !method.as_str().is_some_and(|m| METHODS.contains(&m)) {
                    continue;
                }
                let Some(op) = op.as_mapping_mut() else {
                    continue;
                };
                if let Some(responses) = ensure_map(op, "responses", &mut changed) {
                    changed |= describe_all(responses);
                }
            }
        }
    }
    if let Some(responses) = map
        .get_mut("components")
        .and_then(|c| c.get_mut("responses"))
        .and_then(Value::as_mapping_mut)
    {
        changed |= describe_all(responses);
    }
    changed
}

/// Every response (not a `$ref`) gets a `description` if it has none.
fn describe_all(responses: &mut Mapping) -> bool {
    let mut changed = false;
    for (_, response) in responses.iter_mut() {
        if let Some(r) = response.as_mapping_mut()
            && !r.contains_key("$ref")
        {
            changed |= ensure(r, "description", Value::String(String::new()));
        }
    }
    changed
}

fn ensure(map: &mut Mapping, key: &str, value: Value) -> bool {
    if map.contains_key(key) {
        false
    } else {
        map.insert(Value::String(key.to_string()), value);
        true
    }
}

fn ensure_map<'m>(map: &'m mut Mapping, key: &str, changed: &mut bool) -> Option<&'m mut Mapping> {
    *changed |= ensure(map, key, Value::Mapping(Mapping::new()));
    map.get_mut(key).and_then(Value::as_mapping_mut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_only_what_is_missing() {
        let mut v: Value = serde_yaml::from_str(
            "openapi: 3.0.3\ninfo: {title: t}\npaths:\n  /a:\n    get: {}\n    post:\n      responses:\n        '200': {description: ok}\n        '404': {}\n",
        )
        .unwrap();
        assert!(fill_required(&mut v));
        assert_eq!(v["info"]["title"], Value::String("t".into()));
        assert_eq!(v["info"]["version"], Value::String(String::new()));
        assert!(v["paths"]["/a"]["get"]["responses"].is_mapping());
        assert_eq!(
            v["paths"]["/a"]["post"]["responses"]["200"]["description"],
            Value::String("ok".into())
        );
        assert_eq!(
            v["paths"]["/a"]["post"]["responses"]["404"]["description"],
            Value::String(String::new())
        );
        assert!(!fill_required(&mut v));
    }
}
