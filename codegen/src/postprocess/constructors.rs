//! progenitor's `Client::new` builds a `reqwest::Client` with `.unwrap()` and
//! no credential or policies. Clients are made by the hand-written
//! `ClientBuilder` instead, so `new` is removed and `new_with_client` is
//! kept for the crate's own use only.

use syn::{ImplItem, Item};

use super::syntax::impl_is_for;

/// Applies the change to the inherent `impl Client` block, and removes
/// progenitor's `ClientInfo` and `ClientHooks` impls: `ClientInfo::client()`
/// would hand out the inner `reqwest::Client` (a way around the pipeline's
/// credential, retries and redaction), and its `api_version()` is the spec's
/// version whatever the client was built with. Nothing generated uses them.
pub fn apply(file: &mut syn::File) {
    file.items.retain(|item| {
        let Item::Impl(imp) = item else { return true };
        let Some((path, _)) = &imp.trait_ else {
            return true;
        };
        !path
            .segments
            .last()
            .is_some_and(|s| s.ident == "ClientInfo" || s.ident == "ClientHooks")
    });
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || !impl_is_for(imp, "Client") {
            continue;
        }
        imp.items
            .retain(|i| !matches!(i, ImplItem::Fn(f) if f.sig.ident == "new"));
        for i in &mut imp.items {
            if let ImplItem::Fn(f) = i
                && f.sig.ident == "new_with_client"
            {
                f.vis = syn::parse_quote!(pub(crate));
            }
        }
    }
}
