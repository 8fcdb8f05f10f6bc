//! Composition: `allOf` merged into one schema whose properties keep the
//! place they are defined; `oneOf`/`anyOf` members matched one to one;
//! `additionalProperties` and `not`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value};

use crate::schemas::{resolve, shape};
use crate::wire::*;

/// A schema with its `allOf` members (and theirs, through `$ref`s) merged:
/// the schema's own keys win, then the members' in order.
pub(crate) struct Merged {
    /// Every key but `allOf`, `properties` and `required`.
    pub(crate) schema: Value,
    /// Properties by name: the schema and the path where it is defined
    /// (`components.schemas.Base.properties.name` for one from a member).
    pub(crate) properties: BTreeMap<String, (Value, String)>,
    /// Required property names of the schema and of every member.
    pub(crate) required: BTreeSet<String>,
}

/// Merges `schema` (already resolved, at `at`) with its `allOf` members.
/// A member met twice (a reference cycle) is merged once.
pub(crate) fn merge(doc: &Doc<'_>, schema: &Value, at: &str) -> Merged {
    let mut merged = Merged {
        schema: Value::Object(Map::new()),
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
    };
    let mut seen = HashSet::new();
    merge_into(doc, schema, at.to_string(), &mut merged, &mut seen);
    merged
}

fn merge_into(
    doc: &Doc<'_>,
    schema: &Value,
    at: String,
    merged: &mut Merged,
    seen: &mut HashSet<String>,
) {
    let (schema, at) = resolve(doc, schema, at);
    if !seen.insert(at.clone()) {
        return;
    }
    let Some(object) = schema.as_object() else {
        return;
    };
    let Value::Object(out) = &mut merged.schema else {
        return;
    };
    for (key, value) in object {
        match key.as_str() {
            "allOf" => {}
            "properties" => {
                for (name, property) in value.as_object().into_iter().flatten() {
                    merged
                        .properties
                        .entry(name.clone())
                        .or_insert_with(|| (property.clone(), format!("{at}.properties.{name}")));
                }
            }
            "required" => merged.required.extend(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(String::from),
            ),
            _ => {
                out.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    for (i, member) in object
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        merge_into(doc, member, format!("{at}.allOf.{i}"), merged, seen);
    }
}

/// What `additionalProperties` allows.
enum Additional<'v> {
    /// Absent or `true`: anything.
    Any,
    /// `false`: nothing.
    None,
    /// Values of this schema.
    Schema(&'v Value),
}

fn additional(schema: &Value) -> Additional<'_> {
    match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => Additional::Any,
        Some(Value::Bool(false)) => Additional::None,
        Some(other) => Additional::Schema(other),
    }
}

/// How a `oneOf`/`anyOf` member is recognised on the other side.
fn member_key(member: &Value) -> Option<&str> {
    member.get("$ref").and_then(Value::as_str)
}

impl<'d, 'a> Differ<'d, 'a> {
    /// `oneOf`, `anyOf`, `additionalProperties` and `not` of two merged
    /// schemas at `ba`/`ha`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn composition(
        &mut self,
        b: &Value,
        h: &Value,
        ba: &str,
        ha: &str,
        dir: Dir,
        what: &str,
    ) {
        let here = || (Some(ba.to_string()), Some(ha.to_string()));
        for key in ["oneOf", "anyOf"] {
            match (
                b.get(key).and_then(Value::as_array),
                h.get(key).and_then(Value::as_array),
            ) {
                (None, None) => {}
                (Some(bm), Some(hm)) => self.members(bm, hm, key, ba, ha, dir, what),
                (x, _) => {
                    let how = if x.is_some() {
                        "was removed"
                    } else {
                        "was added"
                    };
                    let (base, head) = here();
                    self.push(
                        rule(dir, "schema-changed"),
                        format!("`{key}` of {what} {how}; review by hand."),
                        base,
                        head,
                    );
                }
            }
        }
        let (tightened, loosened) = (
            rule(dir, "constraint-tightened"),
            rule(dir, "constraint-loosened"),
        );
        let change = match (additional(b), additional(h)) {
            (Additional::Schema(x), Additional::Schema(y)) => {
                self.schema(
                    x,
                    y,
                    format!("{ba}.additionalProperties"),
                    format!("{ha}.additionalProperties"),
                    dir,
                    &format!("the additional properties of {what}"),
                );
                None
            }
            (Additional::Any, Additional::None) | (Additional::Schema(_), Additional::None) => {
                Some((tightened, "no longer allowed"))
            }
            (Additional::None, Additional::Any) | (Additional::None, Additional::Schema(_)) => {
                Some((loosened, "now allowed"))
            }
            (Additional::Any, Additional::Schema(_)) => {
                Some((tightened, "now limited to one schema"))
            }
            (Additional::Schema(_), Additional::Any) => {
                Some((loosened, "no longer limited to one schema"))
            }
            _ => None,
        };
        if let Some((rule, how)) = change {
            let (base, head) = here();
            self.push(
                rule,
                format!(
                    "Constraints of {what} {}: additional properties are {how}.",
                    if rule == tightened {
                        "tightened"
                    } else {
                        "loosened"
                    }
                ),
                base,
                head,
            );
        }
        let (rule_id, message) = match (b.get("not"), h.get("not")) {
            (None, Some(_)) => (
                tightened,
                format!("Constraints of {what} tightened: `not` added."),
            ),
            (Some(_), None) => (
                loosened,
                format!("Constraints of {what} loosened: `not` removed."),
            ),
            (Some(x), Some(y)) if shape(x) != shape(y) => (
                rule(dir, "schema-changed"),
                format!("`not` of {what} changed; review by hand."),
            ),
            _ => return,
        };
        let (base, head) = here();
        self.push(rule_id, message, base, head);
    }

    /// Matches the members of a `oneOf`/`anyOf` one to one: the same
    /// `$ref`, then the same shape, then the same `title`, then the same
    /// `type` in order. Matched members are compared; the rest are members
    /// removed or added.
    #[allow(clippy::too_many_arguments)]
    fn members(
        &mut self,
        bm: &[Value],
        hm: &[Value],
        key: &str,
        ba: &str,
        ha: &str,
        dir: Dir,
        what: &str,
    ) {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut free_b: Vec<usize> = (0..bm.len()).collect();
        let mut free_h: Vec<usize> = (0..hm.len()).collect();
        let base_shapes: Vec<Value> = bm
            .iter()
            .enumerate()
            .map(|(i, m)| shape(&resolve(self.base, m, format!("{ba}.{key}.{i}")).0))
            .collect();
        let head_shapes: Vec<Value> = hm
            .iter()
            .enumerate()
            .map(|(i, m)| shape(&resolve(self.head, m, format!("{ha}.{key}.{i}")).0))
            .collect();
        let title = |s: &Value| s.get("title").cloned();
        let ty = |s: &Value| s.get("type").cloned();
        type Same<'s> = Box<dyn Fn(usize, usize) -> bool + 's>;
        let passes: [Same<'_>; 4] = [
            Box::new(|i, j| {
                member_key(&bm[i]).is_some() && member_key(&bm[i]) == member_key(&hm[j])
            }),
            Box::new(|i, j| base_shapes[i] == head_shapes[j]),
            Box::new(|i, j| {
                title(&base_shapes[i]).is_some() && title(&base_shapes[i]) == title(&head_shapes[j])
            }),
            Box::new(|i, j| ty(&base_shapes[i]) == ty(&head_shapes[j])),
        ];
        for same in &passes {
            free_b.retain(|&i| match free_h.iter().position(|&j| same(i, j)) {
                Some(p) => {
                    pairs.push((i, free_h.remove(p)));
                    false
                }
                None => true,
            });
        }
        pairs.sort();
        for (i, j) in pairs {
            self.schema(
                &bm[i],
                &hm[j],
                format!("{ba}.{key}.{i}"),
                format!("{ha}.{key}.{j}"),
                dir,
                &format!("member {j} of the `{key}` of {what}"),
            );
        }
        let name = |m: &Value, n: usize| match member_key(m) {
            Some(r) => format!("`{}`", r.rsplit('/').next().unwrap_or(r)),
            None => format!("{n}"),
        };
        for i in free_b {
            self.push(
                rule(dir, "variant-removed"),
                format!(
                    "Member {} of the `{key}` of {what} is gone.",
                    name(&bm[i], i)
                ),
                Some(format!("{ba}.{key}.{i}")),
                Some(format!("{ha}.{key}")),
            );
        }
        for j in free_h {
            self.push(
                rule(dir, "variant-added"),
                format!("New member {} in the `{key}` of {what}.", name(&hm[j], j)),
                Some(format!("{ba}.{key}")),
                Some(format!("{ha}.{key}.{j}")),
            );
        }
    }
}
