//! `$ref`s: local, of the right kind, pointing at something, and not in a
//! cycle that never reaches a definition.

use std::collections::{BTreeSet, HashMap};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::Diagnostic;
use crate::resolve;

/// Every `$ref` must be local (`#/components/<kind>/<name>`), of the kind
/// its place needs, point at something, and not be part of a cycle of
/// references that never reaches a definition.
pub(super) fn check_refs(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let Ok(root) = serde_json::to_value(spec) else {
        return;
    };
    let mut refs = Vec::new();
    collect_refs(&root, &mut refs);
    let mut cycles_seen: BTreeSet<Vec<String>> = BTreeSet::new();
    // What depends on the reference alone, looked up once per distinct
    // reference (a spec names the same few components from every
    // operation): whether it points at something, and its alias cycle.
    let mut targets: HashMap<&str, Target> = HashMap::new();
    for (at, reference) in &refs {
        let segments: Vec<&str> = at.split('.').collect();
        if segments.len() == 2 && segments[0] == "paths" {
            out.push(Diagnostic::at(
                at,
                "a path item given by `$ref` is not supported; write the operations inline",
            ));
            continue;
        }
        let Some(pointer) = reference.strip_prefix("#/") else {
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` is not a local reference; only `#/components/...` is supported"),
            ));
            continue;
        };
        let expected = expected_kind(&segments);
        if let Some(kind) = expected
            && resolve::ref_name(reference, kind).is_none()
        {
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` must point into `#/components/{kind}/` here"),
            ));
            continue;
        }
        let target = targets.entry(reference.as_str()).or_insert_with(|| {
            match root.pointer(&format!("/{pointer}")) {
                None => Target::Nothing,
                Some(_) => Target::Found(alias_cycle(&root, reference)),
            }
        });
        let cycle = match target {
            Target::Nothing => {
                out.push(Diagnostic::at(
                    at,
                    format!("`$ref: {reference}` points at nothing"),
                ));
                continue;
            }
            Target::Found(cycle) => cycle,
        };
        if let Some((members, cycle)) = cycle {
            if !cycles_seen.insert(members.clone()) {
                continue; // the same cycle, reported once
            }
            out.push(Diagnostic::at(
                at,
                format!("`$ref: {reference}` is part of a cycle of references that never reaches a definition ({cycle})"),
            ));
        }
    }
    super::composition_cycles::check(&root, out);
}

/// Where a local reference leads, as `check_refs` needs it.
enum Target {
    /// It points at nothing.
    Nothing,
    /// It points at something, and this is its alias cycle if any.
    Found(Option<(Vec<String>, String)>),
}

/// The component kind a `$ref` at this place must point into.
pub(super) fn expected_kind(segments: &[&str]) -> Option<&'static str> {
    let last = *segments.last()?;
    let parent = segments.len().checked_sub(2).map(|i| segments[i]);
    let grandparent = segments.len().checked_sub(3).map(|i| segments[i]);
    match (grandparent, parent, last) {
        (_, Some("parameters"), _) => Some("parameters"),
        (Some("components"), Some("responses"), _) => Some("responses"),
        (_, Some("responses"), _) if segments.first() == Some(&"paths") => Some("responses"),
        (_, _, "requestBody") => Some("requestBodies"),
        (Some("components"), Some("requestBodies"), _) => Some("requestBodies"),
        (_, _, "schema" | "items" | "not" | "additionalProperties") => Some("schemas"),
        (_, Some("properties" | "allOf" | "oneOf" | "anyOf"), _) => Some("schemas"),
        (Some("components"), Some("schemas"), _) => Some("schemas"),
        _ => None,
    }
}

/// A cycle of components that are nothing but a `$ref` to the next one
/// (`A: {$ref: B}`, `B: {$ref: A}`): progenitor would recurse forever.
pub(super) fn alias_cycle(root: &Value, start: &str) -> Option<(Vec<String>, String)> {
    let mut seen = vec![start.to_string()];
    let mut current = start.to_string();
    loop {
        let target = root.pointer(current.strip_prefix('#')?)?;
        let next = target.as_object()?.get("$ref")?.as_str()?.to_string();
        if let Some(first) = seen.iter().position(|r| *r == next) {
            let mut members: Vec<String> = seen[first..].to_vec();
            seen.push(next);
            let names: Vec<&str> = seen[first..]
                .iter()
                .map(|r| r.rsplit('/').next().unwrap_or(r))
                .collect();
            let text = names.join(" → ");
            members.sort();
            return Some((members, text));
        }
        seen.push(next.clone());
        current = next;
    }
}

/// Every `$ref` under `value` with its dotted path. The path is kept as a
/// stack of segments and joined only where a `$ref` is found (joining it at
/// every node was a string per node of the whole document).
pub(super) fn collect_refs(value: &Value, out: &mut Vec<(String, String)>) {
    fn walk<'a>(
        value: &'a Value,
        at: &mut Vec<std::borrow::Cow<'a, str>>,
        out: &mut Vec<(String, String)>,
    ) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push((at.join("."), r.clone()));
                }
                for (k, v) in map {
                    // Examples are free-form data; a `$ref` key there is just data.
                    if k != "example" && k != "examples" && !k.starts_with("x-") {
                        at.push(std::borrow::Cow::Borrowed(k));
                        walk(v, at, out);
                        at.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push(std::borrow::Cow::Owned(i.to_string()));
                    walk(v, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    walk(value, &mut Vec::new(), out);
}
