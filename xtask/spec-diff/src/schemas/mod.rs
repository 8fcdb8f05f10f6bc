//! Schemas, compared structurally with `$ref`s resolved and `allOf`
//! merged; component schemas added, removed and renamed.

pub(crate) mod composition;
mod properties;
pub(crate) mod values;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::schemas::composition::merge;
use crate::schemas::values::constraints;
use crate::wire::*;

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn component_schemas(&mut self) {
        let schemas = |doc: &Doc<'_>| -> BTreeMap<String, Value> {
            doc.json
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let bs = schemas(self.base);
        let hs = schemas(self.head);
        let removed: Vec<&String> = bs.keys().filter(|k| !hs.contains_key(*k)).collect();
        let mut added: Vec<&String> = hs.keys().filter(|k| !bs.contains_key(*k)).collect();
        let at = |k: &str| format!("components.schemas.{k}");
        for name in removed {
            let shape = shape(&bs[name]);
            if let Some(i) = added.iter().position(|n| shape == self::shape(&hs[*n])) {
                let new = added.remove(i);
                self.push(
                    "schema-renamed",
                    format!(
                        "Schema `{name}` was renamed `{new}` (same shape): the wire is the same, the generated type is renamed."
                    ),
                    Some(at(name)),
                    Some(at(new)),
                );
            } else {
                self.push(
                    "schema-removed",
                    format!("Schema `{name}` is gone."),
                    Some(at(name)),
                    None,
                );
            }
        }
        for name in added {
            self.push(
                "schema-added",
                format!("New schema `{name}`."),
                None,
                Some(at(name)),
            );
        }
    }
}

/// Resolves a `$ref` to a component schema: the schema and its path.
pub(crate) fn resolve(doc: &Doc<'_>, schema: &Value, at: String) -> (Value, String) {
    let mut schema = schema.clone();
    let mut at = at;
    for _ in 0..16 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(name) = ref_name(reference, "schemas") else {
            break;
        };
        let Some(target) = doc.json.pointer(&format!(
            "/components/schemas/{}",
            name.replace('~', "~0").replace('/', "~1")
        )) else {
            break;
        };
        at = format!("components.schemas.{name}");
        schema = target.clone();
    }
    (schema, at)
}

impl<'d, 'a> Differ<'d, 'a> {
    /// Compares two schemas met in direction `dir`; `what` names the thing
    /// in messages (`parameter \`skip\` (in: query)`). `$ref`s are
    /// resolved and `allOf` members merged first; a pair of places already
    /// compared in this operation (a reference cycle) is not compared again.
    pub(crate) fn schema(
        &mut self,
        b: &Value,
        h: &Value,
        ba: String,
        ha: String,
        dir: Dir,
        what: &str,
    ) {
        let (b, ba) = resolve(self.base, b, ba);
        let (h, ha) = resolve(self.head, h, ha);
        if !self.visited.insert((ba.clone(), ha.clone(), dir)) {
            return;
        }
        // A component is named the same whichever way it was reached, so
        // that one change met through several operations is merged.
        let component = ha
            .strip_prefix("components.schemas.")
            .filter(|n| !n.contains('.'))
            .map(|n| format!("schema `{n}`"));
        let what = component.as_deref().unwrap_or(what);
        let bm = merge(self.base, &b, &ba);
        let hm = merge(self.head, &h, &ha);
        let (b, h) = (&bm.schema, &hm.schema);
        let here = (Some(ba.clone()), Some(ha.clone()));
        let push = |d: &mut Self, suffix: &str, message: String| {
            d.push(rule(dir, suffix), message, here.0.clone(), here.1.clone());
        };
        let what_c = capitalize(what);

        // Type: integer → number widens what a request may send, and
        // narrows what a response may hold; any other change breaks.
        let ty = |s: &Value| s.get("type").and_then(Value::as_str).map(str::to_string);
        let mut type_changed = false;
        if let (Some(x), Some(y)) = (ty(b), ty(h))
            && x != y
        {
            match (x.as_str(), y.as_str(), dir) {
                ("integer", "number", Dir::Request | Dir::Parameter) => push(
                    self,
                    "type-widened",
                    format!(
                        "The type of {what} widened from `integer` to `number`: every value sent before is still accepted."
                    ),
                ),
                ("number", "integer", Dir::Response) => push(
                    self,
                    "type-narrowed",
                    format!(
                        "The type of {what} narrowed from `number` to `integer`: every value received is still a number."
                    ),
                ),
                _ => {
                    push(
                        self,
                        "type-changed",
                        format!("The type of {what} changed from `{x}` to `{y}`."),
                    );
                    return;
                }
            }
            type_changed = true;
        }
        self.composition(b, h, &ba, &ha, dir, what);
        // Format (an integer's format says nothing once it is a number).
        if !type_changed && b.get("format") != h.get("format") {
            let f = |s: &Value| s.get("format").cloned().unwrap_or(Value::Null);
            push(
                self,
                "format-changed",
                format!(
                    "The format of {what} changed from {} to {}.",
                    short(&f(b)),
                    short(&f(h))
                ),
            );
        }
        // Nullable.
        let nullable = |s: &Value| s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        match (nullable(b), nullable(h)) {
            (false, true) => push(
                self,
                "became-nullable",
                format!("{what_c} may now be null."),
            ),
            (true, false) => push(
                self,
                "became-non-nullable",
                format!("{what_c} is no longer nullable."),
            ),
            _ => {}
        }
        // Enum.
        self.enumeration(b, h, &ba, &ha, dir, what);
        // Default.
        if b.get("default") != h.get("default") {
            let f = |s: &Value| s.get("default").cloned().unwrap_or(Value::Null);
            push(
                self,
                "default-changed",
                format!(
                    "The default of {what} changed from {} to {}.",
                    short(&f(b)),
                    short(&f(h))
                ),
            );
        }
        // Constraints.
        let found = constraints(b, h);
        for (suffix, how, list) in [
            ("constraint-tightened", "tightened", &found.tightened),
            ("constraint-loosened", "loosened", &found.loosened),
            (
                "pattern-changed",
                "changed in a way that cannot be compared (review by hand)",
                &found.changed,
            ),
        ] {
            if !list.is_empty() {
                push(
                    self,
                    suffix,
                    format!("Constraints of {what} {how}: {}.", list.join(", ")),
                );
            }
        }
        // Properties, wherever the `allOf` members define them.
        self.property_sets(&bm, &hm, &ba, &ha, dir, what);
        // Items.
        if let (Some(bi), Some(hi)) = (b.get("items"), h.get("items")) {
            self.schema(
                bi,
                hi,
                format!("{ba}.items"),
                format!("{ha}.items"),
                dir,
                &format!("the items of {what}"),
            );
        }
    }
}

/// A schema's shape for rename detection: without descriptions, examples
/// and its own enum name.
pub(crate) fn shape(schema: &Value) -> Value {
    pub(crate) fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "description" | "example" | "title"))
                    .map(|(k, v)| {
                        if k == "x-ms-enum"
                            && let Value::Object(e) = v
                        {
                            let mut e = e.clone();
                            e.remove("name");
                            return (k.clone(), Value::Object(e));
                        }
                        (k.clone(), strip(v))
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(schema)
}
