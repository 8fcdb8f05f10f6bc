//! Schemas that typify would merge into themselves.
//!
//! typify merges schemas: the members of an `allOf`, and the sibling
//! keywords of a `oneOf`/`anyOf` (`properties`, `additionalProperties`, …)
//! into each of its members. A merge follows each member's `$ref` and, in the
//! schema it reaches, every `allOf`, `oneOf` and `anyOf` in turn. When that
//! walk comes back to where it started, the merge has no end: it recurses
//! until the stack overflows and the whole process aborts, which no
//! `catch_unwind` can turn into an error. Each such shape is refused here,
//! with the cycle spelled out. Seen:
//! - `A: {allOf: [{$ref: A}]}`, or `A` → `B` → `A` through `allOf`;
//! - `Tree: {oneOf: [{$ref: Node}, {$ref: Tree}], additionalProperties: {$ref: Tree}}`;
//! - `Pet: {oneOf: [{$ref: Cat}, …]}` with `Cat: {allOf: [{$ref: Pet}, …]}`.
//!
//! Not refused: self-reference through a property, `items` or
//! `additionalProperties` (a tree, an error with `innererror`), and a
//! `oneOf`/`anyOf` with nothing beside it that lists the schema itself
//! (typify makes an enum with a boxed variant; nothing is merged).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Diagnostic, path};

const PREFIX: &str = "#/components/schemas/";

/// Keywords beside a `oneOf`/`anyOf` that typify does not merge into its
/// members (annotations).
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "discriminator",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "externalDocs",
    "xml",
];

/// One step of a merge walk: to a component, and whether this step starts a
/// merge (`allOf`, or `oneOf`/`anyOf` with merged siblings) or only follows
/// one already started.
#[derive(Clone, Copy)]
struct Edge<'a> {
    to: &'a str,
    merges: bool,
}

/// Reports each cycle once, at the first component of it in name order.
pub fn check(root: &Value, out: &mut Vec<Diagnostic>) {
    let Some(schemas) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let edges: BTreeMap<&str, Vec<Edge>> = schemas
        .iter()
        .map(|(name, schema)| {
            let mut to = Vec::new();
            composition_refs(schema, false, &mut to);
            (name.as_str(), to)
        })
        .collect();

    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for start in schemas.keys() {
        let Some(cycle) = merge_cycle_from(start, &edges) else {
            continue;
        };
        let mut members = cycle[..cycle.len() - 1].to_vec();
        members.sort_unstable();
        members.dedup();
        if !reported.insert(members) {
            continue;
        }
        out.push(Diagnostic::at(
            path(&["components", "schemas", start]),
            format!(
                "`{start}` is merged into itself through `allOf`/`oneOf`/`anyOf` ({}); the \
                 generator's schema merge would never end. Refer to the schema from a property \
                 or `items` instead, or drop the member that leads back to it",
                cycle.join(" → ")
            ),
        ));
    }
}

/// The components a merge walk steps to from this schema: `$ref`s among its
/// `allOf`/`oneOf`/`anyOf` members (inline members' own compositions
/// included), and its own `$ref` when it is a plain alias. `in_merge` says
/// whether an enclosing inline schema already started a merge.
fn composition_refs<'a>(schema: &'a Value, in_merge: bool, out: &mut Vec<Edge<'a>>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(to) = map
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(PREFIX))
    {
        out.push(Edge {
            to,
            merges: in_merge,
        });
        return;
    }
    let has_merged_siblings = map.keys().any(|k| {
        !matches!(k.as_str(), "oneOf" | "anyOf" | "allOf")
            && !k.starts_with("x-")
            && !ANNOTATIONS.contains(&k.as_str())
    });
    for (keyword, merges) in [
        ("allOf", true),
        ("oneOf", in_merge || has_merged_siblings),
        ("anyOf", in_merge || has_merged_siblings),
    ] {
        if let Some(members) = map.get(keyword).and_then(Value::as_array) {
            for member in members {
                composition_refs(member, in_merge || merges, out);
            }
        }
    }
}

/// A path `start → … → start` along composition edges with at least one
/// edge that merges, if there is one. Iterative, so that a long chain cannot
/// overflow this walk either.
fn merge_cycle_from<'a>(
    start: &'a str,
    edges: &BTreeMap<&'a str, Vec<Edge<'a>>>,
) -> Option<Vec<&'a str>> {
    // Depth-first over (component, merged yet on this path); the path is
    // kept on the stack with each frame's next edge index.
    let mut stack: Vec<(&str, bool, usize)> = vec![(start, false, 0)];
    let mut seen: BTreeSet<(&str, bool)> = BTreeSet::from([(start, false)]);
    while let Some(&mut (node, merged, ref mut next)) = stack.last_mut() {
        let out = edges.get(node).map_or(&[][..], Vec::as_slice);
        let Some(&edge) = out.get(*next) else {
            stack.pop();
            continue;
        };
        *next += 1;
        let merged = merged || edge.merges;
        if edge.to == start && merged {
            let mut cycle: Vec<&str> = stack.iter().map(|(n, _, _)| *n).collect();
            cycle.push(start);
            return Some(cycle);
        }
        if seen.insert((edge.to, merged)) {
            stack.push((edge.to, merged, 0));
        }
    }
    None
}
