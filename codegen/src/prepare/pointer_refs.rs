//! `$ref`s that point inside a component schema, e.g.
//! `#/components/schemas/CommunicationError/properties/details/items`.
//!
//! Valid OpenAPI (a `$ref` is any JSON pointer), and what `swagger2openapi
//! --resolve` writes for the second use of an inlined external definition,
//! but typify only follows `#/components/schemas/<name>`. Each such target
//! is moved to a component schema of its own, named after its place
//! (`CommunicationErrorDetailsItem`; a number is added on a collision); the
//! place and every `$ref` to it then refer to that component. One type,
//! shared as the spec shares it, and no field lost; a target that contains
//! a reference to itself (a recursive inlined definition) stays recursive
//! through the component.
//!
//! A pointer that leads nowhere is left as it is: validation reports it.

use heck::ToPascalCase;
use serde_yaml::{Mapping, Value};

use super::{pointer, pointer_mut};

const PREFIX: &str = "#/components/schemas/";

/// Whether the spec text may hold a pointer into a component schema.
pub(super) fn may_have(text: &str) -> bool {
    text.match_indices(PREFIX).any(|(i, _)| {
        text[i + PREFIX.len()..]
            .split(|c: char| c == '\'' || c == '"' || c.is_whitespace())
            .next()
            .is_some_and(|rest| rest.contains('/'))
    })
}

/// Hoists every resolvable target; whether anything changed.
pub(super) fn hoist(root: &mut Value) -> bool {
    let mut targets: Vec<String> = Vec::new();
    super::visit_objects(root, &mut |map| {
        if let Some(Value::String(r)) = map.get("$ref")
            && is_deep(r)
            && !targets.contains(r)
        {
            targets.push(r.clone());
        }
    });
    if targets.is_empty() {
        return false;
    }
    // Deepest first: a target inside another target moves out before its
    // container does, so its pointer is still valid when it is taken.
    targets.sort_by(|a, b| {
        b.matches('/')
            .count()
            .cmp(&a.matches('/').count())
            .then_with(|| a.cmp(b))
    });
    let mut changed = false;
    for target in targets {
        let at = &target[1..];
        if pointer(root, at).is_none() {
            continue;
        }
        let Some(name) = free_name(root, &target) else {
            continue;
        };
        let reference = format!("{PREFIX}{}", escape(&name));
        let Some(place) = pointer_mut(root, at) else {
            continue;
        };
        let mut by_ref = Mapping::new();
        by_ref.insert("$ref".into(), Value::String(reference.clone()));
        let value = std::mem::replace(place, Value::Mapping(by_ref));
        let Some(Value::Mapping(schemas)) = pointer_mut(root, "/components/schemas") else {
            continue;
        };
        schemas.insert(Value::String(name), value);
        super::visit_objects(root, &mut |map| {
            if map.get("$ref").and_then(Value::as_str) == Some(target.as_str()) {
                map.insert("$ref".into(), Value::String(reference.clone()));
            }
        });
        changed = true;
    }
    changed
}

fn is_deep(reference: &str) -> bool {
    reference
        .strip_prefix(PREFIX)
        .is_some_and(|rest| rest.contains('/'))
}

/// A component name for the target, free in `components/schemas`.
fn free_name(root: &Value, target: &str) -> Option<String> {
    let rest = target.strip_prefix(PREFIX)?;
    let mut segments = rest.split('/').map(unescape);
    let mut name = segments.next()?;
    for segment in segments {
        match segment.as_str() {
            "properties" => {}
            "items" => name.push_str("Item"),
            "additionalProperties" => name.push_str("Value"),
            other => name.push_str(&other.to_pascal_case()),
        }
    }
    let Value::Mapping(schemas) = pointer(root, "/components/schemas")? else {
        return None;
    };
    if !schemas.contains_key(name.as_str()) {
        return Some(name);
    }
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|n| !schemas.contains_key(n.as_str()))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::prepare::zero_bounds::{json as to_json, yaml};

    #[test]
    fn text_guard() {
        assert!(may_have("$ref: '#/components/schemas/A/properties/b'"));
        assert!(may_have("$ref: \"#/components/schemas/A/properties/b\""));
        assert!(!may_have(
            "$ref: '#/components/schemas/A'\n$ref: '#/components/schemas/B'"
        ));
    }

    #[test]
    fn recursive_inlined_definition_becomes_a_recursive_component() {
        let mut doc = yaml(json!({"components": {"schemas": {
            "Error": {"type": "object", "properties": {
                "details": {"type": "array", "items": {"type": "object", "properties": {
                    "code": {"type": "string"},
                    "inner": {"$ref": "#/components/schemas/Error/properties/details/items"},
                }}},
                "inner": {"$ref": "#/components/schemas/Error/properties/details/items"},
            }},
        }}}));
        assert!(hoist(&mut doc));
        let json = to_json(&doc);
        let schemas = &json["components"]["schemas"];
        let item = "#/components/schemas/ErrorDetailsItem";
        assert_eq!(
            schemas["Error"]["properties"]["details"]["items"]["$ref"],
            item
        );
        assert_eq!(schemas["Error"]["properties"]["inner"]["$ref"], item);
        assert_eq!(
            schemas["ErrorDetailsItem"]["properties"]["inner"]["$ref"],
            item
        );
        assert_eq!(
            schemas["ErrorDetailsItem"]["properties"]["code"]["type"],
            "string"
        );
        assert!(!hoist(&mut doc));
    }

    #[test]
    fn nested_targets_and_collisions() {
        let mut doc = yaml(json!({"components": {"schemas": {
            "AB": {"type": "string"},
            "A": {"type": "object", "properties": {"b": {"type": "object", "properties": {
                "c": {"type": "integer"}}}}},
            "U": {"type": "object", "properties": {
                "x": {"$ref": "#/components/schemas/A/properties/b"},
                "y": {"$ref": "#/components/schemas/A/properties/b/properties/c"},
                "z": {"$ref": "#/components/schemas/A/properties/missing"},
            }},
        }}}));
        assert!(hoist(&mut doc));
        let json = to_json(&doc);
        let s = &json["components"]["schemas"];
        assert_eq!(s["AB"]["type"], "string");
        assert_eq!(
            s["U"]["properties"]["x"]["$ref"],
            "#/components/schemas/AB2"
        );
        assert_eq!(
            s["U"]["properties"]["y"]["$ref"],
            "#/components/schemas/ABC"
        );
        assert_eq!(
            s["AB2"]["properties"]["c"]["$ref"],
            "#/components/schemas/ABC"
        );
        assert_eq!(s["ABC"]["type"], "integer");
        // Left for validation to report.
        assert_eq!(
            s["U"]["properties"]["z"]["$ref"],
            "#/components/schemas/A/properties/missing"
        );
    }
}
