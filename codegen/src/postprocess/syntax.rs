//! Small lookups in progenitor's syntax tree shared by the passes.

use std::collections::HashMap;

use syn::{Item, ItemImpl, ItemMod, Type};

/// The items of the top-level module `name` (`types`, `builder`, …).
pub fn module_mut<'a>(file: &'a mut syn::File, name: &str) -> Option<&'a mut Vec<Item>> {
    file.items.iter_mut().find_map(|item| match item {
        Item::Mod(ItemMod {
            ident,
            content: Some((_, items)),
            ..
        }) if ident == name => Some(items),
        _ => None,
    })
}

/// The inherent impls among `items` (progenitor's `builder` module) by the
/// type they are for, in one walk: a pass that looks up the builder of each
/// operation the plan lists uses it instead of searching the module once
/// per operation, which made a spec that lists every operation quadratic.
pub struct Impls(HashMap<String, Vec<usize>>);

impl Impls {
    /// Indexes `items`. Valid while no item is inserted or removed before
    /// the last indexed one (changing an impl's contents is fine).
    pub fn of(items: &[Item]) -> Self {
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            if let Item::Impl(imp) = item
                && imp.trait_.is_none()
                && let Some(name) = type_name(&imp.self_ty)
            {
                by_type.entry(name).or_default().push(i);
            }
        }
        Impls(by_type)
    }

    /// The method `method` of the first inherent impl of `builder` that has
    /// one: `build_request` or `send`.
    pub fn fn_mut<'a>(
        &self,
        items: &'a mut [Item],
        builder: &str,
        method: &str,
    ) -> Option<&'a mut syn::ImplItemFn> {
        let at = self
            .0
            .get(builder)?
            .iter()
            .copied()
            .find(|&i| items.get(i).is_some_and(|item| has_fn(item, method)))?;
        match items.get_mut(at)? {
            Item::Impl(imp) => imp.items.iter_mut().find_map(|i| match i {
                syn::ImplItem::Fn(f) if f.sig.ident == method => Some(f),
                _ => None,
            }),
            _ => None,
        }
    }
}

fn has_fn(item: &Item, method: &str) -> bool {
    matches!(item, Item::Impl(imp) if imp.items.iter().any(
        |i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == method)
    ))
}

/// The builder progenitor makes for an operation's method name
/// (`SendChatReadReceipt`, `ListItems0`): the name in PascalCase. Every
/// pass that goes from the plan to a builder names it this way.
pub fn builder_name(method_name: &str) -> String {
    heck::ToPascalCase::to_pascal_case(method_name)
}

/// Names the type an `impl` is for: the last segment of its path becomes
/// `name` (a template's `impl<'a> __Builder<'a>` becomes the builder's).
pub fn set_self_name(imp: &mut ItemImpl, name: syn::Ident) {
    match &mut *imp.self_ty {
        Type::Path(p) => match p.path.segments.last_mut() {
            Some(last) => last.ident = name,
            None => unreachable!("a template's impl is for a named type"),
        },
        _ => unreachable!("a template's impl is for a named type"),
    }
}

/// The status a match arm's pattern starts at: `200u16`, or the start of
/// `200u16..=299u16`; `None` for any other pattern.
pub fn status_of(pat: &syn::Pat) -> Option<u16> {
    let lit = match pat {
        syn::Pat::Lit(l) => &l.lit,
        syn::Pat::Range(r) => match r.start.as_deref()? {
            syn::Expr::Lit(l) => &l.lit,
            _ => return None,
        },
        _ => return None,
    };
    match lit {
        syn::Lit::Int(i) => i.base10_parse().ok(),
        _ => None,
    }
}

/// The last identifier of a type path: `types::Foo<'a>` → `Foo`.
pub fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Whether an impl block is `impl Trait for <name>` or `impl <name>`.
pub fn impl_is_for(item: &ItemImpl, name: &str) -> bool {
    type_name(&item.self_ty).as_deref() == Some(name)
}

/// The JSON name serde uses for a field or variant: its `#[serde(rename =
/// "...")]` if any, else `None`.
pub fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                // Skip `key = value` pairs we do not need.
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// The `#[doc]` attributes of an item, to carry over onto a replacement.
pub fn doc_attrs(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect()
}

/// The first type argument of a path type: `Vec<T>` → `T`,
/// `Result<A, B>` → `A`.
pub fn first_generic(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

/// [`first_generic`], in place.
pub fn first_generic_mut(ty: &mut Type) -> Option<&mut Type> {
    let Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &mut p.path.segments.last_mut()?.arguments
    else {
        return None;
    };
    args.args.iter_mut().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}
