//! The public surface of the generated module and its semver diff.
//!
//! Both sides are generated in process by `acs_chat_codegen::generate` and
//! parsed with syn. The surface is every `pub` item reachable from the
//! module: methods of `Client` (operations and paging), the operation
//! builders in `builder` and their setters, the structs (with pub fields),
//! enums (with variants) and methods in `types`, `ClientParameters`
//! accessors and `ClientBuilder` setters, and trait impls of those types.

pub mod chunks;
pub mod crate_api;
pub mod generation;

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

use crate::model::{ApiChange, ApiChangeKind, ItemKind, NotGenerated, RustApi, Semver};

/// One public item: what kind, its signature, and whether adding to it
/// (fields, variants) breaks code that builds or matches it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    kind: ItemKind,
    signature: String,
    /// For fields and variants: the owner is `#[non_exhaustive]`.
    owner_non_exhaustive: bool,
}

/// The public surface: item path → entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Surface(BTreeMap<String, Entry>);

impl Surface {
    /// The item paths, in order.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Adds the items of another part of the same module (items both
    /// parts generate, such as `Client` or a shared type, are the same).
    pub fn merge(&mut self, other: Surface) {
        for (path, entry) in other.0 {
            self.0.entry(path).or_insert(entry);
        }
    }
}

/// The generated source without its `@generated` header comment, which
/// names the spec it came from and is no change.
pub fn without_header(source: &str) -> &str {
    let mut rest = source;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

/// Reads the public surface of a generated module.
pub fn surface(source: &str) -> Result<Surface, String> {
    let file = syn::parse_file(source).map_err(|e| format!("cannot parse generated code: {e}"))?;
    let mut out = BTreeMap::new();
    walk(&file.items, "", &mut out);
    Ok(Surface(out))
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}::{name}")
    }
}

/// Token text, made readable: formatted as prettyplease would inside an
/// item, on one line, with `::std::…` paths of prelude types shortened.
fn tidy(tokens: impl ToTokens) -> String {
    let tokens = tokens.to_token_stream();
    // Format inside a throwaway item so prettyplease can print it.
    let printed = syn::parse2::<syn::Signature>(tokens.clone())
        .ok()
        .and_then(|sig| syn::parse2::<syn::File>(quote::quote!(#sig {})).ok())
        .or_else(|| {
            syn::parse2::<syn::Type>(tokens.clone())
                .ok()
                .and_then(|ty| syn::parse2::<syn::File>(quote::quote!(type T = #ty;)).ok())
        })
        .map(|file| {
            let text = prettyplease::unparse(&file);
            let text = text.trim().trim_end_matches("{}").trim_end();
            let text = text.strip_prefix("type T = ").unwrap_or(text);
            text.trim_end_matches(';').to_string()
        });
    let mut s = match printed {
        Some(text) => text.split_whitespace().collect::<Vec<_>>().join(" "),
        None => tokens.to_string(),
    };
    const TIDY: [(&str, &str); 16] = [
        ("( ", "("),
        ("< ", "<"),
        (",>", ">"),
        ("derive (", "derive("),
        (",::", ", ::"),
        (", )", ")"),
        (",)", ")"),
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("::std::option::Option", "Option"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
    ];
    loop {
        let before = s.clone();
        for (from, to) in TIDY {
            s = s.replace(from, to);
        }
        if s == before {
            break;
        }
    }
    s.trim_end_matches(',').to_string()
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn derives(attrs: &[syn::Attribute]) -> String {
    let list: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .map(|a| tidy(&a.meta))
        .collect();
    if list.is_empty() {
        String::new()
    } else {
        format!("#[{}] ", list.join("] #["))
    }
}

fn walk(items: &[Item], prefix: &str, out: &mut BTreeMap<String, Entry>) {
    let add = |out: &mut BTreeMap<String, Entry>, path: String, kind, signature: String| {
        out.insert(
            path,
            Entry {
                kind,
                signature,
                owner_non_exhaustive: false,
            },
        );
    };
    for item in items {
        match item {
            Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, items)) = &m.content {
                    walk(items, &join(prefix, &m.ident.to_string()), out);
                }
            }
            Item::Struct(s) if is_pub(&s.vis) => {
                let path = join(prefix, &s.ident.to_string());
                add(
                    out,
                    path.clone(),
                    ItemKind::Struct,
                    format!(
                        "{}pub struct {}{}",
                        derives(&s.attrs),
                        s.ident,
                        tidy(&s.generics)
                    ),
                );
                let ne = non_exhaustive(&s.attrs);
                if let Fields::Named(fields) = &s.fields {
                    for f in &fields.named {
                        if !is_pub(&f.vis) {
                            continue;
                        }
                        let Some(name) = &f.ident else { continue };
                        out.insert(
                            format!("{path}::{name}"),
                            Entry {
                                kind: ItemKind::Field,
                                signature: format!("pub {name}: {}", tidy(&f.ty)),
                                owner_non_exhaustive: ne,
                            },
                        );
                    }
                }
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let path = join(prefix, &e.ident.to_string());
                add(
                    out,
                    path.clone(),
                    ItemKind::Enum,
                    format!(
                        "{}pub enum {}{}",
                        derives(&e.attrs),
                        e.ident,
                        tidy(&e.generics)
                    ),
                );
                let ne = non_exhaustive(&e.attrs);
                for v in &e.variants {
                    let fields = match &v.fields {
                        Fields::Unit => String::new(),
                        other => tidy(other),
                    };
                    out.insert(
                        format!("{path}::{}", v.ident),
                        Entry {
                            kind: ItemKind::Variant,
                            signature: format!("{}{fields}", v.ident),
                            owner_non_exhaustive: ne,
                        },
                    );
                }
            }
            Item::Impl(imp) => {
                let self_ty = tidy(&imp.self_ty);
                // `crate::ClientBuilder` → `ClientBuilder`; drop lifetimes.
                let ty_name = self_ty
                    .rsplit("::")
                    .next()
                    .unwrap_or(&self_ty)
                    .split('<')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let owner = if self_ty.starts_with("crate::") {
                    ty_name.clone()
                } else {
                    join(prefix, &ty_name)
                };
                if let Some((trait_path, _)) = &imp.trait_ {
                    let signature = format!(
                        "impl{} {} for {}",
                        tidy(&imp.generics),
                        tidy(trait_path),
                        self_ty
                    );
                    add(
                        out,
                        format!("{owner} (impl {})", tidy(trait_path)),
                        ItemKind::Other,
                        signature,
                    );
                    continue;
                }
                for ii in &imp.items {
                    let ImplItem::Fn(f) = ii else { continue };
                    if !is_pub(&f.vis) {
                        continue;
                    }
                    let name = f.sig.ident.to_string();
                    let kind = method_kind(prefix, &ty_name, &name);
                    add(out, format!("{owner}::{name}"), kind, tidy(&f.sig));
                }
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                add(
                    out,
                    join(prefix, &f.sig.ident.to_string()),
                    ItemKind::Other,
                    tidy(&f.sig),
                );
            }
            Item::Type(t) if is_pub(&t.vis) => {
                add(
                    out,
                    join(prefix, &t.ident.to_string()),
                    ItemKind::Other,
                    tidy(&t.ty),
                );
            }
            _ => {}
        }
    }
}

fn method_kind(prefix: &str, ty: &str, name: &str) -> ItemKind {
    let paging = matches!(name, "pages" | "stream")
        || name.ends_with("_next_page")
        || name.ends_with("_pages_from");
    match (prefix, ty) {
        (_, "ClientBuilder") => ItemKind::ClientBuilderSetter,
        (_, "ClientParameters") => ItemKind::ClientParameter,
        ("", "Client") if paging => ItemKind::PagingMethod,
        ("", "Client") => ItemKind::ClientMethod,
        ("builder", _) if paging => ItemKind::PagingMethod,
        ("builder", _) => ItemKind::BuilderMethod,
        (p, _) if p.starts_with("types") => ItemKind::TypeMethod,
        _ => ItemKind::Other,
    }
}

fn kind_slug(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::ClientMethod => "client-method",
        ItemKind::PagingMethod => "paging-method",
        ItemKind::BuilderMethod => "builder-method",
        ItemKind::Struct => "struct",
        ItemKind::Field => "field",
        ItemKind::Enum => "enum",
        ItemKind::Variant => "variant",
        ItemKind::TypeMethod => "type-method",
        ItemKind::ClientParameter => "client-parameter",
        ItemKind::ClientBuilderSetter => "client-builder-setter",
        ItemKind::Other => "item",
    }
}

/// The rule id of a change: `rust-<kind>-<removed|changed|added>`.
pub fn rule_id(kind: ItemKind, change: ApiChangeKind) -> String {
    let what = match change {
        ApiChangeKind::Removed => "removed",
        ApiChangeKind::Changed => "changed",
        ApiChangeKind::Added => "added",
    };
    format!("rust-{}-{what}", kind_slug(kind))
}

/// Compares two generated modules (their full text, to tell a docs-only
/// change from none at all).
pub fn diff(
    base: &Surface,
    base_source: &str,
    head: &Surface,
    head_source: &str,
    crate_version: Option<&str>,
) -> RustApi {
    let mut changes = Vec::new();
    for (path, b) in &base.0 {
        match head.0.get(path) {
            None => changes.push(change(path, ApiChangeKind::Removed, b, Some(b), None)),
            Some(h) if h.signature != b.signature => {
                changes.push(change(path, ApiChangeKind::Changed, h, Some(b), Some(h)))
            }
            Some(_) => {}
        }
    }
    for (path, h) in &head.0 {
        if !base.0.contains_key(path) {
            changes.push(change(path, ApiChangeKind::Added, h, None, Some(h)));
        }
    }
    // A type gone or new: its fields, variants and methods go with it, and
    // are not listed one by one.
    let parents: Vec<(String, ApiChangeKind)> = changes
        .iter()
        .filter(|c| matches!(c.kind, ItemKind::Struct | ItemKind::Enum | ItemKind::Other))
        .filter(|c| c.change != ApiChangeKind::Changed)
        .map(|c| (c.item.clone(), c.change))
        .collect();
    changes.retain(|c| {
        !parents.iter().any(|(p, k)| {
            *k == c.change
                && (c.item.starts_with(&format!("{p}::")) || c.item.starts_with(&format!("{p} (")))
        })
    });
    changes.sort_by(|a, b| (a.semver, a.change, &a.item).cmp(&(b.semver, b.change, &b.item)));
    // The `@generated` header names the spec it came from; it is no change.
    let semver = if without_header(base_source) == without_header(head_source) {
        Semver::None
    } else {
        changes
            .iter()
            .map(|c| c.semver)
            .min()
            .unwrap_or(Semver::Patch)
    };
    RustApi {
        semver,
        bump: bump(semver, crate_version),
        changes,
        not_generated: Vec::new(),
    }
}

/// The Rust API section when one side (or both) does not generate: the
/// crate cannot be built from that side, which breaks it, so the level is
/// major whichever side it is. Each error is the generator's, on one line.
pub fn not_generated(
    base: Option<String>,
    head: Option<String>,
    crate_version: Option<&str>,
) -> RustApi {
    let not_generated = [("base", base), ("head", head)]
        .into_iter()
        .filter_map(|(side, error)| {
            Some(NotGenerated {
                side,
                error: error?,
            })
        })
        .collect();
    RustApi {
        semver: Semver::Major,
        bump: bump(Semver::Major, crate_version),
        changes: Vec::new(),
        not_generated,
    }
}

fn change(
    path: &str,
    how: ApiChangeKind,
    entry: &Entry,
    before: Option<&Entry>,
    after: Option<&Entry>,
) -> ApiChange {
    let semver = match how {
        ApiChangeKind::Removed | ApiChangeKind::Changed => Semver::Major,
        // A new pub field breaks struct literals, a new variant breaks
        // exhaustive matches, unless the owner is `#[non_exhaustive]`.
        ApiChangeKind::Added
            if matches!(entry.kind, ItemKind::Field | ItemKind::Variant)
                && !entry.owner_non_exhaustive =>
        {
            Semver::Major
        }
        ApiChangeKind::Added => Semver::Minor,
    };
    ApiChange {
        rule: rule_id(entry.kind, how),
        change: how,
        kind: entry.kind,
        item: path.to_string(),
        semver,
        before: before.map(|e| e.signature.clone()),
        after: after.map(|e| e.signature.clone()),
    }
}

/// What `semver` means for the crate's version number. Cargo treats the
/// left-most non-zero component as the breaking one, so for `0.y.z` a major
/// change bumps `y` and anything else bumps `z`.
pub fn bump(semver: Semver, version: Option<&str>) -> String {
    let parsed = version.and_then(|v| {
        let mut it = v.split('.').map(|p| p.parse::<u64>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    });
    let Some((major, minor, patch)) = parsed else {
        return match semver {
            Semver::None => "no release needed".to_string(),
            other => format!("a {} release", other.as_str()),
        };
    };
    let next = match (semver, major) {
        (Semver::None, _) => return format!("no release needed ({major}.{minor}.{patch})"),
        (Semver::Major, 0) => (0, minor + 1, 0),
        (Semver::Major, _) => (major + 1, 0, 0),
        (Semver::Minor, 0) | (Semver::Patch, _) => (major, minor, patch + 1),
        (Semver::Minor, _) => (major, minor + 1, 0),
    };
    let rule = match (semver, major) {
        (Semver::Major, 0) => " (0.x: a breaking change bumps the minor number)",
        (Semver::Minor, 0) => " (0.x: an addition bumps the patch number)",
        _ => "",
    };
    format!(
        "{major}.{minor}.{patch} → {}.{}.{}{rule}",
        next.0, next.1, next.2
    )
}
