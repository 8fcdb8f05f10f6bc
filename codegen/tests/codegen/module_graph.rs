//! The modules of `acs-chat-codegen` depend on each other one way: the
//! graph of `crate::<module>` references between its top-level modules
//! has no cycle (issue 14: `normalize` and `validate` used to import each
//! other). Read from the source, so a new cycle fails here with its path.
//!
//! Paths inside `quote!`/`parse_quote!` name the generated crate
//! (`crate::pipeline`, `crate::paging`, …), not this one; they are not
//! modules of codegen, so only names that are its modules count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules: `src/<name>.rs` and `src/<name>/mod.rs`.
fn modules() -> BTreeSet<String> {
    std::fs::read_dir(src())
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            if e.path().is_dir() {
                e.path().join("mod.rs").exists().then_some(name)
            } else {
                name.strip_suffix(".rs")
                    .filter(|n| *n != "lib")
                    .map(str::to_string)
            }
        })
        .collect()
}

fn files_of(module: &str) -> Vec<PathBuf> {
    let dir = src().join(module);
    if dir.is_dir() {
        let mut out = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        out
    } else {
        vec![src().join(format!("{module}.rs"))]
    }
}

/// Every module named as `crate::<name>` (or inside `crate::{..}`) in `text`.
fn referenced(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        // `acs_chat_codegen::` or `some_crate::` are not `crate::`.
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            group
                .split('}')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|n| n.trim().split("::").next().unwrap_or("").trim())
                .collect()
        } else {
            vec![
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(""),
            ]
        };
        out.extend(
            names
                .into_iter()
                .filter(|n| known.contains(*n))
                .map(str::to_string),
        );
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules();
    known
        .iter()
        .map(|m| {
            let mut deps = BTreeSet::new();
            for file in files_of(m) {
                deps.extend(referenced(&std::fs::read_to_string(file).unwrap(), &known));
            }
            deps.remove(m);
            (m.clone(), deps)
        })
        .collect()
}

/// A cycle of `graph`, as the list of modules on it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>, // 1 = on the stack, 2 = done
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node.as_str())
            && let Some(c) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn codegen_modules_have_no_cycle() {
    let graph = graph();
    assert!(
        graph.contains_key("model") && graph.contains_key("validate"),
        "{graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "module cycle in codegen/src: {}\nfull graph: {graph:#?}",
            cycle.join(" → ")
        );
    }
}

#[test]
fn validate_and_normalize_read_the_model() {
    let graph = graph();
    for m in ["validate", "normalize"] {
        assert!(graph[m].contains("model"), "{m}: {:?}", graph[m]);
    }
    assert!(!graph["model"].contains("validate"), "{:?}", graph["model"]);
    assert!(
        !graph["model"].contains("normalize"),
        "{:?}",
        graph["model"]
    );
}

/// The checker itself finds a cycle and reads grouped imports.
#[test]
fn the_checker_finds_a_cycle() {
    let known: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let deps = referenced(
        "use crate::{a::X, b};\nlet x = crate::c::y(); my_crate::a::z();",
        &known,
    );
    assert_eq!(deps, known);
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
    g.insert("b".to_string(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
}

/// Only the model reads spec extensions (`model::extensions::read`).
#[test]
fn only_the_model_reads_extensions() {
    for module in modules().into_iter().filter(|m| m != "model") {
        for file in files_of(&module) {
            let text = std::fs::read_to_string(&file).unwrap();
            for needle in ["extensions::read", "is_client_parameter", "\"x-ms-"] {
                assert!(
                    !text.contains(needle),
                    "{} reads an extension itself (`{needle}`); read it from the model",
                    file.display()
                );
            }
        }
    }
}
