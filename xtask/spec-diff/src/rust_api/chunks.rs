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

/// The number of parts for a pair of specs, or `None` when neither has
/// more than [`THRESHOLD`] paths (both are then generated whole).
pub fn part_count(texts: &[&str]) -> Option<usize> {
    let counts: Vec<usize> = texts
        .iter()
        .filter_map(|t| {
            let root: Value = serde_yaml::from_str(t).ok()?;
            Some(root.get("paths")?.as_mapping()?.len())
        })
        .collect();
    parts_for(&counts)
}

/// [`part_count`] from the numbers of paths of the sides.
pub fn parts_for(path_counts: &[usize]) -> Option<usize> {
    let most = path_counts.iter().copied().max()?;
    (most > THRESHOLD).then(|| most.div_ceil(PATHS_PER_PART))
}

/// Which part a path goes to: a stable hash of the path (FNV-1a), so that
/// a path keeps its part whatever else is added or removed, and the parts
/// of a pair that hold the same paths are the same text.
fn part_of(url: &str, parts: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in url.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % parts as u64) as usize
}

/// Splits `text` into `parts` parts by `part_of`; a part with no path is
/// `None`. `None` as a whole when `text` is not a mapping with `paths`.
pub fn split_into(text: &str, parts: usize) -> Option<Vec<Option<String>>> {
    let root: Value = serde_yaml::from_str(text).ok()?;
    let paths = root.get("paths")?.as_mapping()?;
    let components = root.get("components").and_then(Value::as_mapping);
    let mut slices: Vec<Vec<(&Value, &Value)>> = vec![Vec::new(); parts.max(1)];
    for (url, item) in paths {
        slices[part_of(url.as_str().unwrap_or(""), parts.max(1))].push((url, item));
    }
    let mut reached_any: BTreeSet<(String, String)> = BTreeSet::new();
    let mut reached_per_part = Vec::new();
    for slice in &slices {
        let mut seeds = Vec::new();
        for (_, item) in slice {
            refs(item, &mut seeds);
        }
        let reached = closure(components, seeds);
        reached_any.extend(reached.iter().cloned());
        reached_per_part.push(reached);
    }
    // Components no path reaches: the first part with paths generates them.
    if let Some(first) = slices.iter().position(|s| !s.is_empty()) {
        let mut unreached = Vec::new();
        for kind in KINDS {
            let Some(map) = components
                .and_then(|c| c.get(kind))
                .and_then(Value::as_mapping)
            else {
                continue;
            };
            for name in map.keys().filter_map(Value::as_str) {
                if !reached_any.contains(&(kind.to_string(), name.to_string())) {
                    unreached.push(format!("#/components/{kind}/{name}"));
                }
            }
        }
        let extra = closure(components, unreached);
        reached_per_part[first].extend(extra);
    }
    let mut out = Vec::with_capacity(slices.len());
    for (slice, reached) in slices.iter().zip(&reached_per_part) {
        if slice.is_empty() {
            out.push(None);
            continue;
        }
        out.push(Some(part_text(&root, slice, reached)?));
    }
    Some(out)
}

/// Splits `text` alone: its non-empty parts, or `None` when it has no more
/// than [`THRESHOLD`] paths.
pub fn split(text: &str) -> Option<Vec<String>> {
    let parts = part_count(&[text])?;
    Some(split_into(text, parts)?.into_iter().flatten().collect())
}

/// The document with only `slice` for its paths and `reached` components.
/// Only what the part holds is copied: copying the whole document for each
/// part would make splitting quadratic.
fn part_text(
    root: &Value,
    slice: &[(&Value, &Value)],
    reached: &BTreeSet<(String, String)>,
) -> Option<String> {
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
                    let kind_name = kind.as_str().unwrap_or("");
                    match items.as_mapping() {
                        Some(items) if KINDS.contains(&kind_name) => {
                            let mut filtered = Mapping::new();
                            for (name, item) in items {
                                let wanted = name.as_str().is_some_and(|n| {
                                    reached.contains(&(kind_name.to_string(), n.to_string()))
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
    serde_yaml::to_string(&Value::Mapping(part)).ok()
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
        let n = THRESHOLD + 1;
        let parts = split(&spec(n)).unwrap();
        assert!(parts.len() <= n.div_ceil(PATHS_PER_PART));
        let parts: Vec<Value> = parts
            .iter()
            .map(|p| serde_yaml::from_str(p).unwrap())
            .collect();
        let mut seen = 0;
        let mut unused = 0;
        for part in &parts {
            let schemas = part["components"]["schemas"].as_mapping().unwrap();
            unused += usize::from(schemas.contains_key("Unused"));
            let urls = part["paths"].as_mapping().unwrap();
            seen += urls.len();
            for url in urls.keys() {
                let p = &url.as_str().unwrap()[2..];
                assert!(schemas.contains_key(format!("S{p}")), "{url:?}");
            }
            assert!(schemas.contains_key("Shared"));
            // Only its own schemas (plus Shared, and Unused in one part).
            assert!(schemas.len() <= urls.len() + 2, "{schemas:?}");
        }
        assert_eq!(seen, n, "every path in exactly one part");
        assert_eq!(unused, 1, "unreached components go to one part");
    }

    #[test]
    fn a_path_keeps_its_part_when_others_change() {
        let parts = part_count(&[&spec(THRESHOLD + 1)]).unwrap();
        let a = split_into(&spec(THRESHOLD + 1), parts).unwrap();
        let b = split_into(&spec(THRESHOLD + 2), parts).unwrap();
        // Adding a path changes one part; the others are the same text,
        // except the part holding `Unused` when the first part moves.
        let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
        assert!(same >= parts - 2, "{same} of {parts}");
    }
}
