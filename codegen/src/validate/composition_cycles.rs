//! Schemas that contain themselves through `allOf`.
//!
//! typify merges the members of an `allOf` into one schema, following each
//! member's `$ref` and merging that schema's own `allOf` in turn. A component
//! that reaches itself along such edges (`A: {allOf: [{$ref: B}]}`,
//! `B: {allOf: [{$ref: A}]}`, or `A` naming itself) has no finite merge: the
//! merge recurses until the stack overflows and the whole process aborts,
//! which no `catch_unwind` can turn into an error. Such a schema describes no
//! value anyway (it is its own base type), so it is refused here, with the
//! cycle spelled out.
//!
//! A schema that refers to itself through a property or `items` (a tree, an
//! error with `innererror`) is fine and is not reported: only `allOf`
//! membership, and plain `$ref` aliases on the way, form edges.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Diagnostic, path};

const PREFIX: &str = "#/components/schemas/";

/// Reports each `allOf` cycle among `components.schemas` once, at the
/// first component of the cycle in name order.
pub fn check(root: &Value, out: &mut Vec<Diagnostic>) {
    let Some(schemas) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let edges: BTreeMap<&str, Vec<&str>> = schemas
        .iter()
        .map(|(name, schema)| {
            let mut to = Vec::new();
            merged_refs(schema, &mut to);
            (name.as_str(), to)
        })
        .collect();

    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for start in schemas.keys() {
        let Some(cycle) = cycle_from(start, &edges) else {
            continue;
        };
        let mut members = cycle[..cycle.len() - 1].to_vec();
        members.sort_unstable();
        if !reported.insert(members) {
            continue;
        }
        out.push(Diagnostic::at(
            format!("{}.allOf", path(&["components", "schemas", start])),
            format!(
                "`{start}` contains itself through `allOf` ({}); such a schema has no finite \
                 definition and cannot be generated (refer to it from a property or `items` instead)",
                cycle.join(" → ")
            ),
        ));
    }
}

/// The component names this schema's merge follows: `$ref`s among its
/// `allOf` members (at any depth of inline `allOf`), and the schema's own
/// `$ref` when it is a plain alias.
fn merged_refs<'a>(schema: &'a Value, out: &mut Vec<&'a str>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(name) = map
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(PREFIX))
    {
        out.push(name);
        return;
    }
    if let Some(members) = map.get("allOf").and_then(Value::as_array) {
        for member in members {
            merged_refs(member, out);
        }
    }
}

/// A path `start → … → start` along `edges`, if there is one (iterative, so
/// that a long chain cannot overflow this walk either).
fn cycle_from<'a>(start: &'a str, edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    // Depth-first, keeping the path; `done` holds nodes fully explored.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        let targets = edges.get(node).map_or(&[][..], Vec::as_slice);
        if let Some(&target) = targets.get(*next) {
            *next += 1;
            if target == start {
                let mut cycle: Vec<&str> = stack.iter().map(|(n, _)| *n).collect();
                cycle.push(start);
                return Some(cycle);
            }
            if !done.contains(target) && !stack.iter().any(|(n, _)| *n == target) {
                stack.push((target, 0));
            }
        } else {
            done.insert(node);
            stack.pop();
        }
    }
    None
}
