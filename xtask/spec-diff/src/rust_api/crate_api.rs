//! The public surface of a whole crate, hand-written modules included, for
//! `cargo xtask api-diff`: what a user of `acs-chat` can name.
//!
//! Starts at `lib.rs` and follows `pub mod` and `pub use` (named, renamed
//! and glob) through the crate's own modules; a private module counts only
//! through what is re-exported from it. Methods and trait impls written in
//! one module for a type defined in another (`impl Client` in
//! `client_builder.rs`) follow the type to wherever it is exposed. A
//! re-export of another crate's item is one entry (`pub use other::Thing`).
//! The items of each module are read as for the generated module
//! ([`super::surface`]), plus `const`, `static` and `trait` items.

use std::collections::{BTreeMap, BTreeSet};

use syn::{Item, UseTree};

use super::{Entry, Surface, is_pub, join, tidy, walk};
use crate::model::ItemKind;

/// How deep `pub use` chains and `pub mod` nesting are followed: far past
/// any real crate, and a bound on a cycle of re-exports.
const MAX_DEPTH: usize = 32;

/// One module: its items as read locally, and what it declares.
struct Module {
    /// Local path → entry (inline `pub mod`s included, prefixed).
    entries: BTreeMap<String, Entry>,
    /// Names of the types, traits and inline modules defined here.
    defined: BTreeSet<String>,
    /// `pub mod x;` declared here.
    pub_mods: Vec<String>,
    /// `pub use` trees declared here.
    uses: Vec<UseTree>,
}

/// The crate's module path of a source file (`lib.rs` → ``, `a/mod.rs`
/// and `a.rs` → `a`, `a/b.rs` → `a::b`).
fn module_path(file: &str) -> Option<String> {
    let file = file.strip_suffix(".rs")?;
    let file = file.strip_suffix("/mod").unwrap_or(file);
    Some(if file == "lib" {
        String::new()
    } else {
        file.replace('/', "::")
    })
}

fn read(source: &str, file: &str) -> Result<Module, String> {
    let parsed = syn::parse_file(source).map_err(|e| format!("cannot parse {file}: {e}"))?;
    let mut entries = BTreeMap::new();
    walk(&parsed.items, "", &mut entries);
    more_items(&parsed.items, "", &mut entries);
    let mut module = Module {
        entries,
        defined: BTreeSet::new(),
        pub_mods: Vec::new(),
        uses: Vec::new(),
    };
    for item in &parsed.items {
        match item {
            Item::Struct(s) => {
                module.defined.insert(s.ident.to_string());
            }
            Item::Enum(e) => {
                module.defined.insert(e.ident.to_string());
            }
            Item::Trait(t) => {
                module.defined.insert(t.ident.to_string());
            }
            Item::Type(t) => {
                module.defined.insert(t.ident.to_string());
            }
            Item::Mod(m) if m.content.is_some() => {
                module.defined.insert(m.ident.to_string());
            }
            Item::Mod(m) if is_pub(&m.vis) && !hidden(&m.attrs) => {
                module.pub_mods.push(m.ident.to_string())
            }
            Item::Use(u) if is_pub(&u.vis) && !hidden(&u.attrs) => module.uses.push(u.tree.clone()),
            _ => {}
        }
    }
    Ok(module)
}

/// `#[doc(hidden)]`: public for other code (generated code, fuzz targets),
/// not for users; a module or re-export so marked is not in the surface.
fn hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "hidden")
    })
}

/// `const`, `static` and `trait` items, which the generated module's
/// surface does not list.
fn more_items(items: &[Item], prefix: &str, out: &mut BTreeMap<String, Entry>) {
    let add = |out: &mut BTreeMap<String, Entry>, path: String, signature: String| {
        out.insert(
            path,
            Entry {
                kind: ItemKind::Other,
                signature,
                owner_non_exhaustive: false,
            },
        );
    };
    for item in items {
        match item {
            Item::Const(c) if is_pub(&c.vis) => add(
                out,
                join(prefix, &c.ident.to_string()),
                format!("pub const {}: {}", c.ident, tidy(&c.ty)),
            ),
            Item::Static(s) if is_pub(&s.vis) => add(
                out,
                join(prefix, &s.ident.to_string()),
                format!("pub static {}: {}", s.ident, tidy(&s.ty)),
            ),
            Item::Trait(t) if is_pub(&t.vis) => {
                let methods: Vec<String> = t
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        syn::TraitItem::Fn(f) => Some(tidy(&f.sig)),
                        _ => None,
                    })
                    .collect();
                add(
                    out,
                    join(prefix, &t.ident.to_string()),
                    format!(
                        "pub trait {}{} {{ {} }}",
                        t.ident,
                        tidy(&t.generics),
                        methods.join("; ")
                    ),
                );
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, items)) = &m.content {
                    more_items(items, &join(prefix, &m.ident.to_string()), out);
                }
            }
            _ => {}
        }
    }
}

/// Every `(source path, exposed name)` of a `pub use` tree; `*` as the
/// name for a glob.
fn flatten(tree: &UseTree, prefix: &str, out: &mut Vec<(String, String)>) {
    match tree {
        UseTree::Path(p) => flatten(&p.tree, &join(prefix, &p.ident.to_string()), out),
        UseTree::Name(n) => out.push((join(prefix, &n.ident.to_string()), n.ident.to_string())),
        UseTree::Rename(r) => out.push((join(prefix, &r.ident.to_string()), r.rename.to_string())),
        UseTree::Glob(_) => out.push((prefix.to_string(), "*".to_string())),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out);
            }
        }
    }
}

/// A `use` path as a path from the crate root, or `None` when it names
/// another crate.
fn resolve(path: &str, here: &str, modules: &BTreeMap<String, Module>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = here.split("::").filter(|s| !s.is_empty()).collect();
    match segments.first() {
        Some(&"crate") => {
            base.clear();
            segments.remove(0);
        }
        Some(&"self") => drop(segments.remove(0)),
        _ => {}
    }
    while segments.first() == Some(&"super") {
        segments.remove(0);
        base.pop()?;
    }
    let full: Vec<&str> = base.into_iter().chain(segments).collect();
    // A path whose first segment is no module of this crate is another
    // crate's (`pub use reqwest::Url`).
    modules
        .contains_key(*full.first()?)
        .then(|| full.join("::"))
}

/// What module `path` exposes, keyed by its own paths.
fn exports(
    path: &str,
    modules: &BTreeMap<String, Module>,
    depth: usize,
) -> Result<BTreeMap<String, Entry>, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "`pub use` and `pub mod` nest deeper than {MAX_DEPTH} at `{path}` (a cycle?)"
        ));
    }
    let Some(module) = modules.get(path) else {
        return Ok(BTreeMap::new());
    };
    let mut out = module.entries.clone();
    for name in &module.pub_mods {
        let child = join(path, name);
        for (k, e) in exports(&child, modules, depth + 1)? {
            out.insert(join(name, &k), e);
        }
    }
    for tree in &module.uses {
        let mut pairs = Vec::new();
        flatten(tree, "", &mut pairs);
        for (source, name) in pairs {
            let Some(full) = resolve(&source, path, modules) else {
                out.insert(
                    name.clone(),
                    Entry {
                        kind: ItemKind::Other,
                        signature: format!("pub use {source}"),
                        owner_non_exhaustive: false,
                    },
                );
                continue;
            };
            if name == "*" {
                out.extend(exports(&full, modules, depth + 1)?);
                continue;
            }
            let (from, item) = full.rsplit_once("::").unwrap_or(("", &full));
            let source_exports = exports(from, modules, depth + 1)?;
            for (k, e) in source_exports {
                let rest = if k == item {
                    Some("")
                } else {
                    k.strip_prefix(item)
                        .filter(|r| r.starts_with("::") || r.starts_with(" ("))
                };
                if let Some(rest) = rest {
                    out.insert(format!("{name}{rest}"), e);
                }
            }
        }
    }
    Ok(out)
}

/// The public surface of a crate from its source files (paths relative to
/// its `src/`, e.g. `lib.rs`, `client_builder.rs`).
pub fn crate_surface(files: &BTreeMap<String, String>) -> Result<Surface, String> {
    let mut modules = BTreeMap::new();
    for (file, source) in files {
        if let Some(path) = module_path(file) {
            modules.insert(path, read(source, file)?);
        }
    }
    if !modules.contains_key("") {
        return Err("no lib.rs: not a library crate".to_string());
    }
    let mut out = exports("", &modules, 0)?;
    // Methods and trait impls written for a type another module defines:
    // they follow the type to each place it is exposed.
    let exposed: Vec<(String, String)> = out
        .iter()
        .filter(|(_, e)| matches!(e.kind, ItemKind::Struct | ItemKind::Enum | ItemKind::Other))
        .map(|(k, _)| (k.rsplit("::").next().unwrap_or(k).to_string(), k.clone()))
        .collect();
    for module in modules.values() {
        for (k, e) in &module.entries {
            let Some(ty) = k.split([':', ' ']).next() else {
                continue;
            };
            if module.defined.contains(ty) || ty == k {
                continue;
            }
            let rest = &k[ty.len()..];
            for (name, at) in &exposed {
                if name == ty {
                    out.entry(format!("{at}{rest}"))
                        .or_insert_with(|| e.clone());
                }
            }
        }
    }
    Ok(Surface(out))
}

/// All source files, concatenated in order: a change anywhere (docs
/// included) is at least a patch.
pub fn joined(files: &BTreeMap<String, String>) -> String {
    files.values().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn follows_pub_use_pub_mod_and_foreign_impls_and_skips_doc_hidden() {
        let surface = crate_surface(&files(&[
            (
                "lib.rs",
                "mod hidden; pub mod open; mod gen; pub use hidden::{Thing as Renamed, helper}; pub use gen::*; pub use other_crate::Url; #[doc(hidden)] pub mod secret; #[doc(hidden)] pub use hidden::not_exported;",
            ),
            (
                "hidden.rs",
                "pub struct Thing { pub a: u8 } pub fn helper() {} pub fn not_exported() {} impl crate::gen::Client { pub fn builder() {} }",
            ),
            ("secret.rs", "pub fn internal() {}"),
            ("open/mod.rs", "pub const LIMIT: usize = 3; pub trait Hook { fn call(&self); }"),
            ("gen.rs", "pub struct Client; impl Client { pub fn send(&self) {} fn private(&self) {} } pub mod types { pub enum Kind { A } }"),
        ]))
        .unwrap();
        let items: Vec<&str> = surface.items().collect();
        assert_eq!(
            items,
            [
                "Client",
                "Client::builder",
                "Client::send",
                "Renamed",
                "Renamed::a",
                "Url",
                "helper",
                "open::Hook",
                "open::LIMIT",
                "types::Kind",
                "types::Kind::A",
            ]
        );
    }

    #[test]
    fn a_cycle_of_reexports_is_an_error() {
        let err = crate_surface(&files(&[
            ("lib.rs", "mod a; mod b; pub use a::*;"),
            ("a.rs", "pub use crate::b::*;"),
            ("b.rs", "pub use crate::a::*;"),
        ]))
        .unwrap_err();
        assert!(err.contains("nest deeper"), "{err}");
    }
}
