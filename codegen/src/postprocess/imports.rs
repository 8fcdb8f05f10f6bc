//! progenitor's `builder` module imports `super::types` without
//! `#[allow(unused_imports)]`; for a spec whose operations use no generated
//! type, that import is unused and fails `-D warnings` builds.

use syn::Item;

/// Allows the unused import in `mod builder`.
pub fn apply(file: &mut syn::File) {
    let Some(items) = super::syntax::module_mut(file, "builder") else {
        return;
    };
    for item in items {
        if let Item::Use(u) = item
            && !u.attrs.iter().any(|a| a.path().is_ident("allow"))
        {
            u.attrs.push(syn::parse_quote!(#[allow(unused_imports)]));
        }
    }
}
