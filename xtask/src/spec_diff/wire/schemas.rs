//! Schemas, compared structurally with `$ref`s resolved; component schemas
//! added, removed and renamed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;

impl<'d, 'a> Differ<'d, 'a> {
    pub(super) fn component_schemas(&mut self) {
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
            let shape = shape(&bs[name], name);
            if let Some(i) = added.iter().position(|n| shape == self::shape(&hs[*n], n)) {
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

    /// Resolves a `$ref` to a component schema: the schema and its path.
    pub(super) fn resolve(doc: &Doc<'_>, schema: &Value, at: String) -> (Value, String) {
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

    /// Compares two schemas met in direction `dir`; `what` names the thing
    /// in messages (`parameter \`skip\` (in: query)`).
    pub(super) fn schema(
        &mut self,
        b: &Value,
        h: &Value,
        ba: String,
        ha: String,
        dir: Dir,
        what: &str,
    ) {
        let (b, ba) = Self::resolve(self.base, b, ba);
        let (h, ha) = Self::resolve(self.head, h, ha);
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
        let here = (Some(ba.clone()), Some(ha.clone()));
        let push = |d: &mut Self, suffix: &str, message: String| {
            d.push(rule(dir, suffix), message, here.0.clone(), here.1.clone());
        };
        let what_c = capitalize(what);

        // Type.
        let ty = |s: &Value| s.get("type").and_then(Value::as_str).map(str::to_string);
        if let (Some(x), Some(y)) = (ty(&b), ty(&h))
            && x != y
        {
            push(
                self,
                "type-changed",
                format!("The type of {what} changed from `{x}` to `{y}`."),
            );
            return;
        }
        for key in ["allOf", "oneOf", "anyOf", "not", "additionalProperties"] {
            if b.get(key) != h.get(key) {
                push(
                    self,
                    "schema-changed",
                    format!("`{key}` of {what} changed; review by hand."),
                );
            }
        }
        // Format.
        if b.get("format") != h.get("format") {
            let f = |s: &Value| s.get("format").cloned().unwrap_or(Value::Null);
            push(
                self,
                "format-changed",
                format!(
                    "The format of {what} changed from {} to {}.",
                    short(&f(&b)),
                    short(&f(&h))
                ),
            );
        }
        // Nullable.
        let nullable = |s: &Value| s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        match (nullable(&b), nullable(&h)) {
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
        self.enumeration(&b, &h, &ba, &ha, dir, what);
        // Default.
        if b.get("default") != h.get("default") {
            let f = |s: &Value| s.get("default").cloned().unwrap_or(Value::Null);
            push(
                self,
                "default-changed",
                format!(
                    "The default of {what} changed from {} to {}.",
                    short(&f(&b)),
                    short(&f(&h))
                ),
            );
        }
        // Constraints.
        let (tightened, loosened) = constraints(&b, &h);
        if !tightened.is_empty() {
            push(
                self,
                "constraint-tightened",
                format!("Constraints of {what} tightened: {}.", tightened.join(", ")),
            );
        }
        if !loosened.is_empty() {
            push(
                self,
                "constraint-loosened",
                format!("Constraints of {what} loosened: {}.", loosened.join(", ")),
            );
        }
        // Properties.
        self.properties(&b, &h, &ba, &ha, dir, what);
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

    pub(super) fn enumeration(
        &mut self,
        b: &Value,
        h: &Value,
        ba: &str,
        ha: &str,
        dir: Dir,
        what: &str,
    ) {
        let values = |s: &Value| -> Option<BTreeSet<String>> {
            s.get("enum")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(short).collect())
        };
        let extensible = |s: &Value| {
            s.pointer("/x-ms-enum/modelAsString")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let here = (Some(ba.to_string()), Some(ha.to_string()));
        let (bx, hx) = (extensible(b), extensible(h));
        if b.get("enum").is_some() || h.get("enum").is_some() {
            match (bx, hx) {
                (false, true) => self.push(
                    "enum-became-extensible",
                    format!(
                        "The enum of {what} became extensible (`x-ms-enum.modelAsString: true`)."
                    ),
                    here.0.clone(),
                    here.1.clone(),
                ),
                (true, false) if dir != Dir::Parameter => self.push(
                    rule(dir, "enum-became-closed"),
                    format!("The enum of {what} is no longer extensible."),
                    here.0.clone(),
                    here.1.clone(),
                ),
                _ => {}
            }
        }
        let (bv, hv) = (values(b), values(h));
        let (removed, added): (Vec<String>, Vec<String>) = match (&bv, &hv) {
            (Some(x), Some(y)) => (
                x.difference(y).cloned().collect(),
                y.difference(x).cloned().collect(),
            ),
            // An enum appeared: every other value is now out.
            (None, Some(_)) => (vec!["any value not listed".to_string()], vec![]),
            (Some(_), None) => (vec![], vec!["any value".to_string()]),
            (None, None) => (vec![], vec![]),
        };
        if !removed.is_empty() {
            self.push(
                rule(dir, "enum-narrowed"),
                format!("The enum of {what} lost {}.", removed.join(", ")),
                here.0.clone(),
                here.1.clone(),
            );
        }
        if !added.is_empty() {
            let suffix = if dir == Dir::Response && hx {
                "extensible-enum-widened"
            } else {
                "enum-widened"
            };
            self.push(
                rule(dir, suffix),
                format!("The enum of {what} gained {}.", added.join(", ")),
                here.0,
                here.1,
            );
        }
    }

    pub(super) fn properties(
        &mut self,
        b: &Value,
        h: &Value,
        ba: &str,
        ha: &str,
        dir: Dir,
        owner: &str,
    ) {
        if b.get("properties").is_none() && h.get("properties").is_none() {
            return;
        }
        let props = |s: &Value| {
            s.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        self.property_sets(b, h, &props(b), &props(h), ba, ha, dir, owner);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn property_sets(
        &mut self,
        b: &Value,
        h: &Value,
        bp: &serde_json::Map<String, Value>,
        hp: &serde_json::Map<String, Value>,
        ba: &str,
        ha: &str,
        dir: Dir,
        owner: &str,
    ) {
        let required = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (br, hr) = (required(b), required(h));
        // readOnly properties are never sent, writeOnly never received.
        let skip = |v: &Value| match dir {
            Dir::Request | Dir::Parameter => v.get("readOnly") == Some(&Value::Bool(true)),
            Dir::Response => v.get("writeOnly") == Some(&Value::Bool(true)),
        };
        let pa = |side: &str, name: &str| format!("{side}.properties.{name}");
        let mut names: BTreeSet<&String> = bp.keys().collect();
        names.extend(hp.keys());
        for name in names {
            let what = format!(
                "property `{name}` of {}",
                owner.trim_start_matches("schema ")
            );
            match (bp.get(name), hp.get(name)) {
                (Some(x), None) => {
                    if skip(x) {
                        continue;
                    }
                    self.push(
                        rule(dir, "property-removed"),
                        format!("{} is gone.", capitalize(&what)),
                        Some(pa(ba, name)),
                        Some(ha.to_string()),
                    );
                }
                (None, Some(y)) => {
                    if skip(y) {
                        continue;
                    }
                    let (suffix, how) = match (dir, hr.contains(name)) {
                        (Dir::Response, _) => ("property-added", "New"),
                        (_, true) => ("property-added-required", "New required"),
                        (_, false) => ("property-added-optional", "New optional"),
                    };
                    self.push(
                        rule(dir, suffix),
                        format!("{how} {what}."),
                        Some(ba.to_string()),
                        Some(pa(ha, name)),
                    );
                }
                (Some(x), Some(y)) => {
                    if !(skip(x) && skip(y)) {
                        match (br.contains(name), hr.contains(name)) {
                            (false, true) => self.push(
                                rule(dir, "property-became-required"),
                                format!("{} became required.", capitalize(&what)),
                                Some(pa(ba, name)),
                                Some(pa(ha, name)),
                            ),
                            (true, false) => self.push(
                                rule(dir, "property-became-optional"),
                                format!("{} became optional.", capitalize(&what)),
                                Some(pa(ba, name)),
                                Some(pa(ha, name)),
                            ),
                            _ => {}
                        }
                    }
                    self.schema(x, y, pa(ba, name), pa(ha, name), dir, &what);
                }
                (None, None) => {}
            }
        }
    }
}

/// A schema's shape for rename detection: without descriptions, examples
/// and its own enum name.
pub(super) fn shape(schema: &Value, _name: &str) -> Value {
    pub(super) fn strip(v: &Value) -> Value {
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

/// Constraint changes as (tightened, loosened) descriptions.
pub(super) fn constraints(b: &Value, h: &Value) -> (Vec<String>, Vec<String>) {
    let mut tightened = Vec::new();
    let mut loosened = Vec::new();
    let num = |s: &Value, k: &str| s.get(k).and_then(Value::as_f64);
    let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
    // Upper bounds: lower or new is tighter.
    for key in ["maximum", "maxLength", "maxItems", "maxProperties"] {
        let (x, y) = (num(b, key), num(h, key));
        let change = format!("`{key}` {} → {}", show(x), show(y));
        match (x, y) {
            (None, Some(_)) => tightened.push(change),
            (Some(_), None) => loosened.push(change),
            (Some(x), Some(y)) if y < x => tightened.push(change),
            (Some(x), Some(y)) if y > x => loosened.push(change),
            _ => {}
        }
    }
    // Lower bounds: higher or new is tighter.
    for key in ["minimum", "minLength", "minItems", "minProperties"] {
        let (x, y) = (num(b, key), num(h, key));
        let change = format!("`{key}` {} → {}", show(x), show(y));
        match (x, y) {
            (None, Some(y)) if y > 0.0 => tightened.push(change),
            (Some(x), None) if x > 0.0 => loosened.push(change),
            (Some(x), Some(y)) if y > x => tightened.push(change),
            (Some(x), Some(y)) if y < x => loosened.push(change),
            _ => {}
        }
    }
    for key in ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] {
        let flag = |s: &Value| s.get(key).and_then(Value::as_bool).unwrap_or(false);
        match (flag(b), flag(h)) {
            (false, true) => tightened.push(format!("`{key}` set")),
            (true, false) => loosened.push(format!("`{key}` unset")),
            _ => {}
        }
    }
    for key in ["pattern", "multipleOf"] {
        let (x, y) = (b.get(key), h.get(key));
        match (x, y) {
            (None, Some(y)) => tightened.push(format!("`{key}` {} added", short(y))),
            (Some(x), None) => loosened.push(format!("`{key}` {} removed", short(x))),
            (Some(x), Some(y)) if x != y => {
                tightened.push(format!("`{key}` {} → {}", short(x), short(y)))
            }
            _ => {}
        }
    }
    (tightened, loosened)
}
