//! Path parameters are encoded by the runtime's `crate::url_encoding::encode_path`
//! instead of progenitor's, which leaves `:` and `@` unencoded (see that
//! module). progenitor's import is swapped for the runtime's, so every call
//! in the generated code (all inside `format!`) resolves to it.

use syn::{Item, UseTree};

/// Replaces `encode_path` in the top-level `use progenitor_client::{..}`.
pub fn apply(file: &mut syn::File) {
    let mut replaced = false;
    for item in &mut file.items {
        let Item::Use(u) = item else { continue };
        let UseTree::Path(p) = &mut u.tree else {
            continue;
        };
        if p.ident != "progenitor_client" {
            continue;
        }
        if let UseTree::Group(group) = &mut *p.tree {
            let before = group.items.len();
            group.items = group
                .items
                .iter()
                .filter(|t| !matches!(t, UseTree::Name(n) if n.ident == "encode_path"))
                .cloned()
                .collect();
            replaced |= group.items.len() != before;
        }
    }
    if replaced {
        let encode_path = crate::runtime_contract::encode_path();
        file.items.insert(
            0,
            syn::parse_quote!(
                use #encode_path;
            ),
        );
    }
}
