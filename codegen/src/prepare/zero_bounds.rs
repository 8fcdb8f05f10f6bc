//! `minLength: 0`, `minItems: 0`, `minProperties: 0`: always true, common in
//! converted Azure specs, and turned by typify into `if len < 0usize`, which
//! clippy refuses (`unused_comparisons`). Dropping them changes nothing a
//! value may be.

use serde_yaml::Value;

const KEYS: [&str; 3] = ["minLength", "minItems", "minProperties"];

/// Whether the spec text may give one of the keys the value 0 (`minLength:
/// 0`, `"minLength": 0`), so that a spec with only real bounds pays nothing.
pub(super) fn may_have(text: &str) -> bool {
    KEYS.iter().any(|key| {
        text.match_indices(key).any(|(i, _)| {
            let rest = text[i + key.len()..].trim_start_matches(['"', '\'']);
            let Some(rest) = rest.trim_start().strip_prefix(':') else {
                return false;
            };
            let rest = rest.trim_start();
            rest.starts_with('0')
                && !rest[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.')
        })
    })
}

/// Drops every zero lower bound; whether any was dropped.
pub(super) fn drop(root: &mut Value) -> bool {
    let mut changed = false;
    super::visit_objects(root, &mut |map| {
        for key in KEYS {
            if map.get(key).and_then(Value::as_u64) == Some(0) {
                map.remove(key);
                changed = true;
            }
        }
    });
    changed
}

#[cfg(test)]
pub(super) fn yaml(json: serde_json::Value) -> Value {
    serde_yaml::to_value(json).unwrap()
}

#[cfg(test)]
pub(super) fn json(yaml: &Value) -> serde_json::Value {
    serde_json::to_value(yaml).unwrap()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn text_guard() {
        assert!(super::may_have("minLength: 0\n"));
        assert!(super::may_have("{\"minItems\": 0}"));
        assert!(super::may_have("minProperties:0"));
        assert!(!super::may_have(
            "minLength: 1\nminItems: 10\nminLength: 0.5"
        ));
        assert!(!super::may_have("no bounds at all"));
    }

    #[test]
    fn zero_bounds_go_and_others_stay() {
        let mut doc = super::yaml(json!({
            "components": {"schemas": {"A": {
                "type": "object",
                "minProperties": 0,
                "properties": {
                    "s": {"type": "string", "minLength": 0, "maxLength": 5},
                    "t": {"type": "string", "minLength": 1},
                    "l": {"type": "array", "minItems": 0, "items": {"type": "string"}},
                    "minLength": {"type": "integer", "default": 0},
                },
                "example": {"minLength": 0},
            }}}
        }));
        assert!(super::drop(&mut doc));
        let doc = super::json(&doc);
        let a = &doc["components"]["schemas"]["A"];
        assert!(a.get("minProperties").is_none());
        assert!(a["properties"]["s"].get("minLength").is_none());
        assert_eq!(a["properties"]["s"]["maxLength"], 5);
        assert_eq!(a["properties"]["t"]["minLength"], 1);
        assert!(a["properties"]["l"].get("minItems").is_none());
        // A property named `minLength` and example data are not bounds.
        assert_eq!(a["properties"]["minLength"]["default"], 0);
        assert_eq!(a["example"]["minLength"], 0);
        let mut doc = super::yaml(doc);
        assert!(!super::drop(&mut doc));
    }
}
