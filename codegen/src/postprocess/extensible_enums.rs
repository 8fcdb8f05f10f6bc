//! Extensible enums (`x-ms-enum` with `modelAsString: true`): the service may
//! send values this crate does not know yet, so the generated enum gets an
//! `UnknownValue(String)` variant that keeps them, and is `#[non_exhaustive]`
//! so that a value added to the spec later is a compatible change. typify's closed enum and
//! its string conversions are replaced; its variant names and documentation
//! are kept.

use heck::ToPascalCase;
use quote::{format_ident, quote};
use syn::{Item, ItemEnum};

use std::collections::{HashMap, HashSet};

use super::syntax::{doc_attrs, serde_rename, type_name};
use super::template::{self, Fill};
use crate::error::Diagnostic;

/// Replaces the enum generated for each named component schema.
///
/// One pass over `types` whatever the number of enums (a spec of 1,000
/// extensible enums has some 10,000 items there): the enums are found by
/// name through a map, then the items are rebuilt in order, each enum in
/// place of its replacement and its non-`Default` impls dropped. The output
/// is the same as replacing them one by one.
pub fn apply(types: &mut Vec<Item>, schema_names: &[String]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    // The first enum of each name, as the one-by-one search found it.
    let mut enums: HashMap<String, usize> = HashMap::new();
    for (i, item) in types.iter().enumerate() {
        if let Item::Enum(e) = item {
            enums.entry(e.ident.to_string()).or_insert(i);
        }
    }
    // Replacements by the index of the enum they replace.
    let mut replacements: HashMap<usize, Vec<Item>> = HashMap::new();
    let mut replaced: HashSet<String> = HashSet::new();
    let templates = (!schema_names.is_empty()).then(Templates::new);
    for schema in schema_names {
        let name = schema.to_pascal_case();
        let at = format!("components.schemas.{schema}");
        let Some(&index) = enums.get(&name) else {
            problems.push(Diagnostic::at(
                at,
                format!("extensible enum: no generated enum `{name}` found for this schema"),
            ));
            continue;
        };
        if replaced.contains(&name) {
            continue;
        }
        let Item::Enum(closed) = &types[index] else {
            unreachable!("the map holds enums")
        };
        let templates = templates.as_ref().expect("made when there are schemas");
        match open_enum(closed, templates) {
            Ok(items) => {
                replacements.insert(index, items);
                replaced.insert(name);
            }
            Err(message) => problems.push(Diagnostic::at(at, message)),
        }
    }
    if !replacements.is_empty() {
        let old = std::mem::take(types);
        types.reserve(old.len());
        for (i, item) in old.into_iter().enumerate() {
            if let Some(items) = replacements.remove(&i) {
                types.extend(items);
                continue;
            }
            // Drop typify's conversions (Display, FromStr, TryFrom…); they
            // are fallible or incomplete for an open enum. `Default` stays
            // valid.
            if let Item::Impl(imp) = &item
                && let Some(owner) = type_name(&imp.self_ty)
                && replaced.contains(&owner)
                && !imp.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments.last().is_some_and(|s| s.ident == "Default")
                })
            {
                continue;
            }
            types.push(item);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// An open enum's items, parsed once per run and filled in per enum (see
/// `template`): the enum `__Enum` with only its last variant
/// `__Unknown(String)`, its impls with only the match arms for that
/// variant, and the arms each known variant adds.
struct Templates {
    items: Vec<Item>,
    /// `Self::__Variant => __wire,` (the wire value, a string literal)
    as_str_arm: syn::Arm,
    /// `__wire => Self::__Variant,` (the pattern, a string literal)
    from_arm: syn::Arm,
}

/// Where the matches that list every variant are among `Templates::items`.
const AS_STR: usize = 1;
const FROM_STR: usize = 4;
const FROM_STRING: usize = 5;

impl Templates {
    fn new() -> Self {
        let file: syn::File = template::parse(quote! {
            ///
            /// The list is open: a value the service sends that this version of
            /// the crate does not know is kept in the last variant rather than
            /// failing to decode. New known values become new variants in later
            /// versions, so matches need a `_` arm (`#[non_exhaustive]`).
            #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
            #[non_exhaustive]
            pub enum __Enum {
                /// A value not known to this version of the crate, as sent.
                __Unknown(::std::string::String),
            }

            impl __Enum {
                /// The value as it is on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::__Unknown(value) => value.as_str(),
                    }
                }
            }

            impl ::std::fmt::Display for __Enum {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for __Enum {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl ::std::convert::From<&str> for __Enum {
                fn from(value: &str) -> Self {
                    match value {
                        other => Self::__Unknown(other.to_string()),
                    }
                }
            }

            impl ::std::convert::From<::std::string::String> for __Enum {
                fn from(value: ::std::string::String) -> Self {
                    match value.as_str() {
                        _ => Self::__Unknown(value),
                    }
                }
            }

            impl ::serde::Serialize for __Enum {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for __Enum {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    ::std::string::String::deserialize(deserializer).map(Self::from)
                }
            }
        });
        Templates {
            items: file.items,
            as_str_arm: template::parse::<syn::ExprMatch>(quote! {
                match x { Self::__Variant => __wire, }
            })
            .arms
            .remove(0),
            from_arm: template::parse::<syn::ExprMatch>(quote! {
                match x { __wire => Self::__Variant, }
            })
            .arms
            .remove(0),
        }
    }
}

fn open_enum(closed: &ItemEnum, templates: &Templates) -> Result<Vec<Item>, String> {
    let ident = &closed.ident;
    let mut variants = Vec::new();
    for v in &closed.variants {
        if !v.fields.is_empty() {
            return Err(format!(
                "extensible enum: variant `{}` carries data",
                v.ident
            ));
        }
        let wire = serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
        variants.push((v.ident.clone(), wire, doc_attrs(&v.attrs)));
    }
    let mut unknown = format_ident!("UnknownValue");
    while variants.iter().any(|(v, _, _)| *v == unknown) {
        unknown = format_ident!("{unknown}_");
    }
    // The enum and each impl get their name set in place, and only the
    // arms naming the last variant are filled: visiting all eight items to
    // find two names cost about half as much again as cloning them.
    let mut items = templates.items.clone();
    for item in &mut items {
        match item {
            Item::Enum(e) => {
                e.ident = ident.clone();
                if let Some(last) = e.variants.last_mut() {
                    last.ident = unknown.clone();
                }
            }
            Item::Impl(imp) => super::syntax::set_self_name(imp, ident.clone()),
            _ => unreachable!("the template has an enum and impls"),
        }
    }
    let unknown_hole = [("__Unknown", Fill::Ident(&unknown))];
    for at in [AS_STR, FROM_STR, FROM_STRING] {
        for arm in &mut only_match(&mut items[at]).arms {
            *arm = template::fill(arm, &unknown_hole);
        }
    }
    let (mut as_str_arms, mut from_arms) = (Vec::new(), Vec::new());
    let mut known = Vec::new();
    for (name, wire, docs) in variants {
        let value = template::str_literal(&wire);
        let syn::Expr::Lit(literal) = &value else {
            unreachable!("a literal")
        };
        let pattern = syn::Pat::Lit(literal.clone());
        let holes = [
            ("__Variant", Fill::Ident(&name)),
            ("__wire", Fill::Expr(&value)),
        ];
        as_str_arms.push(template::fill(&templates.as_str_arm, &holes));
        let holes = [
            ("__Variant", Fill::Ident(&name)),
            ("__wire", Fill::Pat(&pattern)),
        ];
        from_arms.push(template::fill(&templates.from_arm, &holes));
        known.push(syn::Variant {
            attrs: docs,
            ident: name,
            fields: syn::Fields::Unit,
            discriminant: None,
        });
    }
    let Item::Enum(open) = &mut items[0] else {
        unreachable!("the template starts with the enum")
    };
    open.attrs.splice(0..0, doc_attrs(&closed.attrs));
    let mut all = syn::punctuated::Punctuated::new();
    all.extend(known);
    all.extend(std::mem::take(&mut open.variants));
    open.variants = all;
    only_match(&mut items[AS_STR])
        .arms
        .splice(0..0, as_str_arms);
    only_match(&mut items[FROM_STR])
        .arms
        .splice(0..0, from_arms.iter().cloned());
    only_match(&mut items[FROM_STRING])
        .arms
        .splice(0..0, from_arms);
    Ok(items)
}

/// The `match` that the one function of a template `impl` is.
fn only_match(item: &mut Item) -> &mut syn::ExprMatch {
    match item {
        Item::Impl(imp) => match imp.items.first_mut() {
            Some(syn::ImplItem::Fn(f)) => match f.block.stmts.first_mut() {
                Some(syn::Stmt::Expr(syn::Expr::Match(m), None)) => m,
                _ => unreachable!("the template's function is a match"),
            },
            _ => unreachable!("the template's impl has one function"),
        },
        _ => unreachable!("the template's matches are in impls"),
    }
}
