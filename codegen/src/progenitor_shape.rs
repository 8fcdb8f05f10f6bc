//! The shape of progenitor's output that the post-processing relies on.
//!
//! The passes in `postprocess/` find their places in progenitor's syntax
//! tree by shape: a `use progenitor_client::{.., encode_path, ..}`, an
//! `impl Client` with `new` and `new_with_client`, `mod builder` and
//! `mod types`, one builder with a `send` per operation, an `api-version`
//! header statement. Several passes do nothing when their place is missing,
//! so a progenitor release that moved one would quietly drop a behaviour
//! (full path-segment encoding, say). progenitor, progenitor-impl and
//! typify-impl are therefore pinned exactly in the workspace `Cargo.toml`,
//! and this test names each anchor, and the pass that needs it, when one
//! goes missing after a version change.

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use syn::{ImplItem, Item, UseTree};

    use crate::Options;
    use crate::postprocess::syntax::impl_is_for;

    const SPEC: &str = include_str!("../../spec/acs-chat-read-receipts.yaml");

    fn raw_progenitor_output() -> syn::File {
        let (spec, _plan) = crate::check(SPEC, &Options::new("spec")).expect("the spec loads");
        let tokens = crate::progenitor_run::generate(&spec).expect("progenitor runs");
        syn::parse2(tokens).expect("progenitor's output parses")
    }

    fn changed(anchor: &str, pass: &str) -> String {
        format!(
            "progenitor's output changed shape: {anchor} is missing, and \
             codegen/src/postprocess/{pass}.rs depends on it. Was progenitor, \
             progenitor-impl or typify-impl upgraded (they are pinned with `=` in \
             the workspace Cargo.toml)? Adapt the pass to the new shape first."
        )
    }

    fn module<'a>(file: &'a syn::File, name: &str) -> Option<&'a [Item]> {
        file.items.iter().find_map(|item| match item {
            Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.as_slice()),
            _ => None,
        })
    }

    /// The names of the inherent methods of `Client`.
    fn client_fns(file: &syn::File) -> Vec<String> {
        file.items
            .iter()
            .filter_map(|item| match item {
                Item::Impl(imp) if imp.trait_.is_none() && impl_is_for(imp, "Client") => Some(imp),
                _ => None,
            })
            .flat_map(|imp| &imp.items)
            .filter_map(|i| match i {
                ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn progenitor_output_has_every_anchor_the_passes_use() {
        let file = raw_progenitor_output();

        let imports_encode_path = file.items.iter().any(|item| match item {
            Item::Use(u) => match &u.tree {
                UseTree::Path(p) if p.ident == "progenitor_client" => {
                    p.tree.to_token_stream().to_string().contains("encode_path")
                }
                _ => false,
            },
            _ => false,
        });
        assert!(
            imports_encode_path,
            "{}",
            changed(
                "the top-level `use progenitor_client::{.., encode_path, ..}`",
                "path_encoding"
            )
        );

        let constructors = client_fns(&file);
        for name in ["new", "new_with_client"] {
            assert!(
                constructors.iter().any(|c| c == name),
                "{}",
                changed(&format!("`impl Client {{ fn {name} }}`"), "constructors")
            );
        }

        assert!(
            module(&file, "types").is_some(),
            "{}",
            changed("`mod types`", "extensible_enums")
        );
        let builder = module(&file, "builder").unwrap_or_else(|| {
            panic!("{}", changed("`mod builder`", "operation_calls"));
        });
        let sends = builder
            .iter()
            .filter_map(|item| match item {
                Item::Impl(imp) if imp.trait_.is_none() => Some(imp),
                _ => None,
            })
            .filter(|imp| {
                imp.items
                    .iter()
                    .any(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == "send"))
            })
            .count();
        assert_eq!(
            sends,
            2,
            "{}",
            changed(
                "one builder with `fn send` per operation (the spec has 2)",
                "operation_calls"
            )
        );
        let builder_text: String = builder
            .iter()
            .map(|i| i.to_token_stream().to_string())
            .collect();
        assert!(
            builder_text.contains("api_version ()"),
            "{}",
            changed(
                "the `api-version` header statement calling `Client::api_version()`",
                "api_version_header"
            )
        );
    }

    #[test]
    fn every_anchor_is_gone_after_post_processing() {
        let code = crate::generate(SPEC, &Options::new("spec")).expect("the spec generates");
        let file = syn::parse_file(&code).expect("generated code parses");
        let top_uses: String = file
            .items
            .iter()
            .filter(|i| matches!(i, Item::Use(_)))
            .map(|i| i.to_token_stream().to_string())
            .collect();
        assert!(
            top_uses.contains("crate :: runtime :: contract :: encode_path"),
            "{top_uses}"
        );
        let progenitor_uses: String = top_uses
            .split(';')
            .filter(|u| u.contains("progenitor_client"))
            .collect();
        assert!(
            !progenitor_uses.contains("encode_path"),
            "{progenitor_uses}"
        );
        let builder_text: String = module(&file, "builder")
            .expect("mod builder")
            .iter()
            .map(|i| i.to_token_stream().to_string())
            .collect();
        assert!(
            !builder_text.contains("api_version ()"),
            "the api-version header is still sent"
        );
        let client_fns = client_fns(&file);
        assert!(
            !client_fns.iter().any(|f| f == "new"),
            "Client::new is still there: {client_fns:?}"
        );
        let trait_impls: Vec<String> = file
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Impl(imp) => imp
                    .trait_
                    .as_ref()
                    .map(|(p, _)| p.to_token_stream().to_string()),
                _ => None,
            })
            .collect();
        assert!(
            !trait_impls
                .iter()
                .any(|t| t.contains("ClientInfo") || t.contains("ClientHooks")),
            "progenitor's ClientInfo/ClientHooks (a way around the pipeline) are still implemented: {trait_impls:?}"
        );
    }
}
