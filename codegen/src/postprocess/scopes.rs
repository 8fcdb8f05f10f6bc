//! Scope types (`x-acs-scope`, see `crate::model::Scope`): for each scope,
//! a struct holding a `Client` clone and the scoped path parameter, a
//! `Client` method making one, and a method per operation under the
//! parameter returning that operation's builder with the parameter (and a
//! flattened body's one required property) filled in.
//!
//! Driven by the model's scopes only: nothing here names an operation or a
//! schema of a particular spec. The builder setter names are progenitor's
//! (snake case of the wire names); a name this pass expects and does not
//! find in progenitor's output is an error, not a silently missing method.

use std::collections::HashSet;

use heck::ToSnakeCase;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{ImplItem, Item};

use crate::error::Diagnostic;
use crate::model::{Scope, ScopeMethod};

/// Adds the items of every scope to `file`.
///
/// The scope types live in `mod scopes` (always there, empty for a spec
/// without scopes, so that the crate can re-export it whatever the spec).
pub fn apply(file: &mut syn::File, scopes: &[Scope]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let top_level: HashSet<String> = file.items.iter().filter_map(item_name).collect();
    let client_methods = client_methods(file);
    let mut items = Vec::new();
    let mut client_items = Vec::new();
    for scope in scopes {
        if top_level.contains(&scope.type_name) {
            problems.push(Diagnostic::at(
                &scope.at,
                format!(
                    "scope type `{}` is also the name of an item the client crate has at \
                     its top level; choose another `type`",
                    scope.type_name
                ),
            ));
            continue;
        }
        if client_methods.contains(&scope.name) {
            problems.push(Diagnostic::at(
                &scope.at,
                format!(
                    "scope name `{}` is also a method of `Client`; choose another `name`",
                    scope.name
                ),
            ));
            continue;
        }
        if let Some(m) = scope
            .methods
            .iter()
            .find(|m| !client_methods.contains(&m.operation.to_snake_case()))
        {
            problems.push(Diagnostic::at(
                &scope.at,
                format!(
                    "internal: no `Client::{}` for scope method `{}`",
                    m.operation.to_snake_case(),
                    m.name
                ),
            ));
            continue;
        }
        match scope_items(file, scope) {
            Ok((new, client)) => {
                items.extend(new);
                client_items.push(client);
            }
            Err(message) => problems.push(Diagnostic::at(&scope.at, message)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    file.items.push(syn::parse_quote! {
        /// Scope types: the operations on one value of a shared path
        /// parameter (`Client::thread(id)`, say), generated from the
        /// spec's `x-acs-scope`.
        pub mod scopes {
            #[allow(unused_imports)]
            use super::{Client, builder, types};
            #(#items)*
        }
    });
    file.items.extend(client_items);
    Ok(())
}

fn item_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Mod(m) => Some(m.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        Item::Trait(t) => Some(t.ident.to_string()),
        Item::Fn(f) => Some(f.sig.ident.to_string()),
        _ => None,
    }
}

/// Every method name of every `impl Client`.
fn client_methods(file: &syn::File) -> HashSet<String> {
    let mut out = HashSet::new();
    for item in &file.items {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && super::syntax::impl_is_for(imp, "Client")
        {
            for i in &imp.items {
                if let ImplItem::Fn(f) = i {
                    out.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    out
}

/// The scope's items for `mod scopes`, and its `impl Client`.
fn scope_items(file: &syn::File, scope: &Scope) -> Result<(Vec<Item>, Item), String> {
    let ty = format_ident!("{}", scope.type_name);
    let make = format_ident!("{}", scope.name);
    let param = format_ident!("{}", scope.parameter.to_snake_case());
    let wire = &scope.parameter;
    let type_doc = format!(
        "The operations on one `{wire}`: made by [`Client::{make}`], holding a clone of \
         the client (cheap: one `Arc`) and the `{wire}`. Each method returns the \
         operation's builder with `{wire}` filled in, so per-call options, optional \
         parameters and `send`/`stream` work as on the long form."
    );
    let description = scope
        .description
        .as_deref()
        .map(|d| format!("\n\n`{wire}`: {}", d.trim()))
        .unwrap_or_default();
    let make_doc = format!(
        "The operations on one `{wire}` (see [`scopes::{ty}`]), without repeating it on every \
         call.{description}"
    );
    let mut methods = Vec::new();
    for m in &scope.methods {
        methods.push(method(file, m, &param)?);
    }
    let id_doc = format!("The `{wire}` this scope holds.");
    let client: Item = syn::parse_quote! {
        impl Client {
            #[doc = #make_doc]
            pub fn #make(&self, #param: impl ::std::convert::Into<::std::string::String>) -> scopes::#ty {
                scopes::#ty::new(self.clone(), #param.into())
            }
        }
    };
    let items: Vec<Item> = vec![
        syn::parse_quote! {
            #[doc = #type_doc]
            #[derive(Clone, Debug)]
            pub struct #ty {
                client: Client,
                #param: ::std::string::String,
            }
        },
        syn::parse_quote! {
            impl #ty {
                pub(crate) fn new(client: Client, #param: ::std::string::String) -> Self {
                    #ty { client, #param }
                }

                #[doc = #id_doc]
                pub fn id(&self) -> &str {
                    &self.#param
                }

                /// The client this scope sends with.
                pub fn client(&self) -> &Client {
                    &self.client
                }

                #(#methods)*
            }
        },
    ];
    Ok((items, client))
}

fn method(
    file: &syn::File,
    m: &ScopeMethod,
    param: &syn::Ident,
) -> Result<proc_macro2::TokenStream, String> {
    let name = format_ident!("{}", m.name);
    let client_method = format_ident!("{}", m.operation.to_snake_case());
    let builder = format_ident!("{}", super::syntax::builder_name(&m.operation));
    let doc = format!(
        "[`Client::{client_method}`] on this scope's id: returns its builder with the id \
         filled in."
    );
    let (Some(property), Some(schema)) = (&m.flattened, &m.body_schema) else {
        return Ok(quote! {
            #[doc = #doc]
            pub fn #name(&self) -> builder::#builder<'_> {
                self.client.#client_method().#param(self.#param.clone())
            }
        });
    };
    let setter_name = property.to_snake_case();
    let setter = body_setter(file, schema, &setter_name).ok_or_else(|| {
        format!(
            "operation `{}`: the generated body builder `types::builder::{schema}` has no \
             setter `{setter_name}` for the required property `{property}`",
            m.operation
        )
    })?;
    let setter_ident = format_ident!("{setter_name}");
    let generics = &setter.sig.generics;
    let where_clause = &setter.sig.generics.where_clause;
    let arg_ty = match setter.sig.inputs.iter().nth(1) {
        Some(syn::FnArg::Typed(t)) => &t.ty,
        _ => {
            return Err(format!(
                "setter `{setter_name}` of `{schema}` takes no value"
            ));
        }
    };
    let doc = format!(
        "{doc} The request body's one required property, `{property}`, is the argument; \
         set the others with the builder's `body_map`."
    );
    Ok(quote! {
        #[doc = #doc]
        pub fn #name #generics(&self, #setter_ident: #arg_ty) -> builder::#builder<'_>
        #where_clause
        {
            self.client
                .#client_method()
                .#param(self.#param.clone())
                .body_map(|body| body.#setter_ident(#setter_ident))
        }
    })
}

/// The setter `name` of `types::builder::<schema>`, with its paths made
/// valid outside `types::builder` (`super::X` there is `types::X` here).
fn body_setter(file: &syn::File, schema: &str, name: &str) -> Option<syn::ImplItemFn> {
    let types = file.items.iter().find_map(|i| match i {
        Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })?;
    let builders = types.iter().find_map(|i| match i {
        Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })?;
    let mut found = builders.iter().find_map(|i| match i {
        Item::Impl(imp) if imp.trait_.is_none() && super::syntax::impl_is_for(imp, schema) => {
            imp.items.iter().find_map(|f| match f {
                ImplItem::Fn(f) if f.sig.ident == name => Some(f.clone()),
                _ => None,
            })
        }
        _ => None,
    })?;
    OutOfTypesBuilder.visit_signature_mut(&mut found.sig);
    Some(found)
}

/// `super::X` (relative to `types::builder`) → `types::X`.
struct OutOfTypesBuilder;

impl VisitMut for OutOfTypesBuilder {
    fn visit_path_mut(&mut self, p: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, p);
        if p.leading_colon.is_none() && p.segments.len() > 1 && p.segments[0].ident == "super" {
            p.segments[0].ident = format_ident!("types");
        }
    }
}
