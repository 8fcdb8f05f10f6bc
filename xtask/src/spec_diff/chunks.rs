//! A large spec split into parts for generating its Rust API: each part is
//! the document with a slice of its paths and only the components those
//! paths reach (components no path reaches go with the first part). The
//! generator's cost grows faster than its input, and its peak memory with
//! the whole document; parts of bounded size keep both linear, and the
//! public surface of the whole is the union of the parts' surfaces.
//!
//! Only used above [`THRESHOLD`] paths: the real spec and the corpus are
//! generated whole, exactly as `cargo xtask regenerate` does.

use std::collections::{BTreeSet, VecDeque};

use serde_yaml::{Mapping, Value};

/// Specs with more paths than this are generated in parts.
pub const THRESHOLD: usize = 100;

/// Paths per part.
pub const PATHS_PER_PART: usize = 50;

/// The component kinds a `$ref` can name, as `(key, #/components/<key>/)`.
const KINDS: [&str; 7] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
];

/// Splits `text` into parts of [`PATHS_PER_PART`] paths, or `None` when it
/// has no more than [`THRESHOLD`] paths or is not a mapping with `paths`.
pub fn split(text: &str) -> Option<Vec<String>> {
    let root: Value = serde_yaml::from_str(text).ok()?;
    let paths = root.get("paths")?.as_mapping()?;
    if paths.len() <= THRESHOLD {
        return None;
    }
    let components = root.get("components").and_then(Value::as_mapping);
    let entries: Vec<(&Value, &Value)> = paths.iter().collect();
    let mut parts = Vec::new();
    let mut reached_any: BTreeSet<(String, String)> = BTreeSet::new();
    let mut reached_per_part = Vec::new();
    for slice in entries.chunks(PATHS_PER_PART) {
        let mut seeds = Vec::new();
        for (_, item) in slice {
            refs(item, &mut seeds);
        }
        // Client-level parameters and security are document-wide anyway.
        let reached = closure(components, seeds);
        reached_any.extend(reached.iter().cloned());
        reached_per_part.push((slice, reached));
    }
    for (i, (slice, mut reached)) in reached_per_part.into_iter().enumerate() {
        if i == 0 {
            // Components no path reaches: the first part generates them.
            for kind in KINDS {
                let Some(map) = components
                    .and_then(|c| c.get(kind))
                    .and_then(Value::as_mapping)
                else {
                    continue;
                };
                for name in map.keys().filter_map(Value::as_str) {
                    let key = (kind.to_string(), name.to_string());
                    if !reached_any.contains(&key) {
                        reached.insert(key);
                    }
                }
            }
            reached = closure(
                components,
                reached
                    .iter()
                    .map(|(k, n)| format!("#/components/{k}/{n}"))
                    .collect(),
            );
        }
        // Only what the part holds is copied: copying the whole document
        // for each part would make splitting quadratic.
        let mut part = Mapping::new();
        for (key, value) in root.as_mapping()? {
            match key.as_str() {
                Some("paths") => {
                    let mut sliced = Mapping::new();
                    for (url, item) in slice {
                        sliced.insert((*url).clone(), (*item).clone());
                    }
                    part.insert(key.clone(), Value::Mapping(sliced));
                }
                Some("components") => {
                    let mut kept = Mapping::new();
                    for (kind, items) in value.as_mapping()? {
                        let name_of = kind.as_str().unwrap_or("");
                        match items.as_mapping() {
                            Some(items) if KINDS.contains(&name_of) => {
                                let mut filtered = Mapping::new();
                                for (name, item) in items {
                                    let wanted = name.as_str().is_some_and(|n| {
                                        reached.contains(&(name_of.to_string(), n.to_string()))
                                    });
                                    if wanted {
                                        filtered.insert(name.clone(), item.clone());
                                    }
                                }
                                kept.insert(kind.clone(), Value::Mapping(filtered));
                            }
                            _ => {
                                kept.insert(kind.clone(), items.clone());
                            }
                        }
                    }
                    part.insert(key.clone(), Value::Mapping(kept));
                }
                _ => {
                    part.insert(key.clone(), value.clone());
                }
            }
        }
        parts.push(serde_yaml::to_string(&Value::Mapping(part)).ok()?);
    }
    Some(parts)
}

/// Every `$ref` string inside `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                if k.as_str() == Some("$ref")
                    && let Some(r) = v.as_str()
                {
                    out.push(r.to_string());
                } else {
                    refs(v, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| refs(v, out)),
        Value::Tagged(t) => refs(&t.value, out),
        _ => {}
    }
}

/// The components reached from `seeds`, following their own `$ref`s.
fn closure(components: Option<&Mapping>, seeds: Vec<String>) -> BTreeSet<(String, String)> {
    let mut reached = BTreeSet::new();
    let mut queue: VecDeque<String> = seeds.into();
    while let Some(reference) = queue.pop_front() {
        let Some(rest) = reference.strip_prefix("#/components/") else {
            continue;
        };
        let Some((kind, name)) = rest.split_once('/') else {
            continue;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if !reached.insert((kind.to_string(), name.clone())) {
            continue;
        }
        if let Some(target) = components
            .and_then(|c| c.get(kind))
            .and_then(|m| m.get(name.as_str()))
        {
            let mut found = Vec::new();
            refs(target, &mut found);
            queue.extend(found);
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(paths: usize) -> String {
        let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for p in 0..paths {
            s.push_str(&format!(
                "  /r{p}:\n    get:\n      operationId: Get{p}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S{p}'}}\n"
            ));
        }
        s.push_str(
            "components:\n  schemas:\n    Shared: {type: string}\n    Unused: {type: integer}\n",
        );
        for p in 0..paths {
            s.push_str(&format!(
                "    S{p}:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/Shared'}}\n"
            ));
        }
        s
    }

    #[test]
    fn small_specs_are_not_split() {
        assert!(split(&spec(THRESHOLD)).is_none());
    }

    #[test]
    fn each_part_has_its_paths_and_what_they_reach() {
        let parts = split(&spec(THRESHOLD + 1)).unwrap();
        assert_eq!(parts.len(), (THRESHOLD + 1).div_ceil(PATHS_PER_PART));
        let first: Value = serde_yaml::from_str(&parts[0]).unwrap();
        let schemas = first["components"]["schemas"].as_mapping().unwrap();
        assert!(schemas.contains_key("S0") && schemas.contains_key("Shared"));
        assert!(
            schemas.contains_key("Unused"),
            "unreached components go first"
        );
        assert!(!schemas.contains_key(format!("S{PATHS_PER_PART}")));
        let last: Value = serde_yaml::from_str(parts.last().unwrap()).unwrap();
        let schemas = last["components"]["schemas"].as_mapping().unwrap();
        assert_eq!(schemas.len(), 2, "{schemas:?}"); // its own S and Shared
        assert_eq!(last["paths"].as_mapping().unwrap().len(), 1);
    }
}
