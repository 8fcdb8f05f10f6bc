//! Discriminated unions: typify's type for each base (an untagged enum of
//! the flat cases that `normalize::unions` made) is replaced by an enum
//! that reads the discriminating property and decodes the case it names,
//! and keeps a value of a case this version does not know whole, every
//! property as it came, in a last `Unknown` variant. Sending a value writes
//! the case as it is (its discriminating property is an enum of its single
//! value, so it is always right) or the unknown one's properties unchanged.
//!
//! An untagged enum would decode a value into the first case whose required
//! fields it has, whatever its discriminator says, and fail on an unknown
//! case; this one never guesses.

use std::collections::HashSet;

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Item;

use super::syntax::{doc_attrs, type_name};
use crate::error::Diagnostic;
use crate::normalize::UnionPlan;

/// Derives the replacement may keep from typify's: those the unknown
/// variant's `serde_json::Map` has too.
const DERIVES: &[&str] = &["Clone", "Debug", "PartialEq", "Eq"];

/// Replaces typify's type for each union base in `types`.
pub fn apply(types: &mut Vec<Item>, unions: &[UnionPlan]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for union in unions {
        let name = union.schema.to_pascal_case();
        // typify writes a `oneOf` of several cases as an untagged enum, and
        // one of a single case as a newtype struct.
        let Some(index) = types.iter().position(|item| match item {
            Item::Enum(e) => e.ident == name,
            Item::Struct(s) => s.ident == name,
            _ => false,
        }) else {
            problems.push(Diagnostic::at(
                format!("components.schemas.{}", union.schema),
                format!("discriminated union: no generated type `{name}` found for this schema"),
            ));
            continue;
        };
        // The case types as typify named them, one per `oneOf` member.
        let (ident, attrs, fields): (_, _, Vec<&syn::Fields>) = match &types[index] {
            Item::Enum(e) => (
                &e.ident,
                &e.attrs,
                e.variants.iter().map(|v| &v.fields).collect(),
            ),
            Item::Struct(s) => (&s.ident, &s.attrs, vec![&s.fields]),
            _ => unreachable!("found as an enum or a struct"),
        };
        let cases: Option<Vec<syn::Type>> = fields
            .into_iter()
            .map(|f| match f {
                syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => Some(f.unnamed[0].ty.clone()),
                _ => None,
            })
            .collect();
        let Some(cases) = cases.filter(|c| c.len() == union.variants.len()) else {
            problems.push(Diagnostic::at(
                format!("components.schemas.{}", union.schema),
                format!(
                    "discriminated union: the generated type `{name}` does not have one member \
                     per case"
                ),
            ));
            continue;
        };
        // typify keeps the `oneOf` order; where its names are the schema
        // names in Rust case, pair them by name all the same.
        let by_name: Option<Vec<syn::Type>> = union
            .variants
            .iter()
            .map(|(_, schema)| {
                let want = schema.to_pascal_case();
                cases
                    .iter()
                    .find(|c| type_name(c).as_deref() == Some(want.as_str()))
                    .cloned()
            })
            .collect();
        let cases = by_name.unwrap_or(cases);
        let derives = kept_derives(attrs);
        let ident = ident.clone();
        let items = union_items(union, &ident, &cases, doc_attrs(attrs), &derives);
        // typify's impls for the base (`From<Case>`, a newtype's `Deref` and
        // `From<Base> for Case`) are replaced too.
        let mut i = 0;
        types.retain(|item| {
            let keep = i == index || !matches!(item, Item::Impl(imp) if impl_mentions(imp, &name));
            i += 1;
            keep
        });
        let index = types
            .iter()
            .position(|item| match item {
                Item::Enum(e) => e.ident == name,
                Item::Struct(s) => s.ident == name,
                _ => false,
            })
            .expect("still there");
        types.splice(index..=index, items);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Whether an impl is for `name`, or converts from it (`impl From<name> for X`).
fn impl_mentions(imp: &syn::ItemImpl, name: &str) -> bool {
    if type_name(&imp.self_ty).as_deref() == Some(name) {
        return true;
    }
    let Some((path, _)) = &imp.trait_ else {
        return false;
    };
    path.segments.iter().any(|s| match &s.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().any(
            |a| matches!(a, syn::GenericArgument::Type(t) if type_name(t).as_deref() == Some(name)),
        ),
        _ => false,
    })
}

/// The derives of typify's item that the replacement can keep.
fn kept_derives(attrs: &[syn::Attribute]) -> Vec<syn::Ident> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last()
                && meta.path.segments.len() == 1
                && DERIVES.contains(&last.ident.to_string().as_str())
            {
                out.push(last.ident.clone());
            }
            Ok(())
        });
    }
    out
}

/// The variant name of each case: its discriminator value in Rust case.
pub(crate) fn case_names(union: &UnionPlan) -> Vec<syn::Ident> {
    union
        .variants
        .iter()
        .map(
            |(value, _)| match crate::validate::variant_name(value).as_str() {
                "Self" => format_ident!("Self_"),
                name => format_ident!("{name}"),
            },
        )
        .collect()
}

fn union_items(
    union: &UnionPlan,
    ident: &syn::Ident,
    cases: &[syn::Type],
    docs: Vec<syn::Attribute>,
    derives: &[syn::Ident],
) -> Vec<Item> {
    let tag = &union.property;
    let names = case_names(union);
    let taken: HashSet<String> = names.iter().map(|n| n.to_string()).collect();
    let mut unknown = format_ident!("Unknown");
    while taken.contains(&unknown.to_string()) {
        unknown = format_ident!("{unknown}_");
    }
    let values: Vec<&String> = union.variants.iter().map(|(v, _)| v).collect();
    let case_docs: Vec<String> = values
        .iter()
        .map(|v| format!("`{tag}: \"{v}\"`."))
        .collect();
    let about = format!(
        " One of the cases below, told apart by the property `{tag}`. A value whose `{tag}` \
         this version of the crate does not know is kept whole, every property as it came, \
         in the last variant, and sent back unchanged; later versions may add cases, so \
         matches need a `_` arm (`#[non_exhaustive]`)."
    );
    let not_string = format!("the discriminating property `{tag}` is not a string");
    let map = quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>);
    let tokens: TokenStream = quote! {
        #(#docs)*
        ///
        #[doc = #about]
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub enum #ident {
            #( #[doc = #case_docs] #names(#cases), )*
            /// A case not known to this version of the crate: every property as sent, in order.
            #unknown(#map),
        }

        impl #ident {
            /// The value of the discriminating property, as on the wire.
            pub fn discriminator(&self) -> &str {
                match self {
                    #( Self::#names(_) => #values, )*
                    Self::#unknown(map) => map.get(#tag).and_then(::serde_json::Value::as_str).unwrap_or_default(),
                }
            }
        }

        #(
            impl ::std::convert::From<#cases> for #ident {
                fn from(value: #cases) -> Self {
                    Self::#names(value)
                }
            }
        )*

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#names(value) => value.serialize(serializer), )*
                    Self::#unknown(map) => map.serialize(serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let map = <#map as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = match map.get(#tag) {
                    Some(::serde_json::Value::String(tag)) => tag.clone(),
                    Some(_) => return Err(D::Error::custom(#not_string)),
                    None => return Err(D::Error::missing_field(#tag)),
                };
                match tag.as_str() {
                    #(
                        #values => ::serde_json::from_value(::serde_json::Value::Object(map))
                            .map(Self::#names)
                            .map_err(|e| D::Error::custom(format_args!("{} `{}`: {}", #tag, tag, e))),
                    )*
                    _ => Ok(Self::#unknown(map)),
                }
            }
        }
    };
    super::template::parse::<syn::File>(tokens).items
}
