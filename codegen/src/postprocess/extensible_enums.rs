//! Extensible enums (`x-ms-enum` with `modelAsString: true`): the service may
//! send values this crate does not know yet, so the generated enum gets an
//! `UnknownValue(String)` variant that keeps them, and is `#[non_exhaustive]`
//! so that a value added to the spec later is a compatible change. typify's closed enum and
//! its string conversions are replaced; its variant names and documentation
//! are kept.

use heck::ToPascalCase;
use quote::format_ident;
use syn::{Item, ItemEnum};

use std::collections::{HashMap, HashSet};

use super::syntax::{doc_attrs, serde_rename, type_name};
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
        match open_enum(closed) {
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

fn open_enum(closed: &ItemEnum) -> Result<Vec<Item>, String> {
    let ident = &closed.ident;
    let docs = doc_attrs(&closed.attrs);
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
    let names: Vec<_> = variants.iter().map(|(v, _, _)| v).collect();
    let wires: Vec<_> = variants.iter().map(|(_, w, _)| w).collect();
    let variant_docs: Vec<_> = variants.iter().map(|(_, _, d)| d).collect();
    let file: syn::File = syn::parse_quote! {
        #(#docs)*
        ///
        /// The list is open: a value the service sends that this version of
        /// the crate does not know is kept in the last variant rather than
        /// failing to decode. New known values become new variants in later
        /// versions, so matches need a `_` arm (`#[non_exhaustive]`).
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        #[non_exhaustive]
        pub enum #ident {
            #( #(#variant_docs)* #names, )*
            /// A value not known to this version of the crate, as sent.
            #unknown(::std::string::String),
        }

        impl #ident {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #wires, )*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#names, )*
                    other => Self::#unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#names, )*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::string::String::deserialize(deserializer).map(Self::from)
            }
        }
    };
    Ok(file.items)
}
