//! Per-call options on every operation builder: a field holding the
//! runtime's `CallOptions` and the setters `options`, `timeout`,
//! `per_try_timeout`, `retry` and `header`, which `send`, `pages` and
//! `stream` hand to the pipeline (see `operation_calls` and `pageable`).
//!
//! Driven by nothing per operation: every builder `operation_calls` found
//! gets the same items, named from the runtime contract. A builder that
//! already has a method or field of one of these names (a spec parameter
//! called `timeout`, say) is refused with a message instead of getting a
//! second method of that name.

use std::collections::HashSet;

use quote::{format_ident, quote};
use syn::{Expr, ImplItem, Item, Pat, Stmt};

use super::operation_calls::Operation;
use super::template;
use crate::error::Diagnostic;
use crate::runtime_contract;

/// The field the options live in, and the setters added to each builder.
pub(crate) const FIELD: &str = "options";
const SETTERS: &[&str] = &["options", "timeout", "per_try_timeout", "retry", "header"];

/// Adds the options field and setters to every builder in `operations`.
pub fn apply(file: &mut syn::File, operations: &[Operation]) -> Result<(), Vec<Diagnostic>> {
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(());
    };
    let names: HashSet<&str> = operations.iter().map(|o| o.builder.as_str()).collect();
    let templates = Templates::new();
    let mut problems = Vec::new();
    // The builders with an impl, in file order, each once.
    let mut taken: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in builders.iter_mut() {
        match item {
            Item::Struct(s) if names.contains(s.ident.to_string().as_str()) => {
                let syn::Fields::Named(fields) = &mut s.fields else {
                    continue;
                };
                if fields
                    .named
                    .iter()
                    .any(|f| f.ident.as_ref().is_some_and(|i| i == FIELD))
                {
                    problems.push(clash(&s.ident.to_string(), FIELD));
                    continue;
                }
                fields.named.push(templates.field.clone());
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                let Some(name) = super::syntax::type_name(&imp.self_ty) else {
                    continue;
                };
                if !names.contains(name.as_str()) {
                    continue;
                }
                for f in imp.items.iter_mut() {
                    let ImplItem::Fn(f) = f else { continue };
                    if SETTERS.iter().any(|s| f.sig.ident == s) {
                        problems.push(clash(&name, &f.sig.ident.to_string()));
                    } else if f.sig.ident == "new" {
                        initialise(&mut f.block.stmts, &templates.initial);
                    } else if f.sig.ident == "build_request" {
                        ignore_in_destructuring(&mut f.block.stmts);
                    }
                }
                if seen.insert(name.clone()) {
                    taken.push(name);
                }
            }
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for name in taken {
        builders.push(templates.setters_for(format_ident!("{name}")));
    }
    Ok(())
}

fn clash(builder: &str, name: &str) -> Diagnostic {
    Diagnostic::at(
        format!("the operation builder {builder}"),
        format!(
            "the operation has a parameter named `{name}`, which is also the name of a \
             per-call option setter every builder has ({}); rename the parameter in the spec",
            SETTERS.join(", ")
        ),
    )
}

/// `Self { .. }` in `new` gets `options: Default::default()`.
fn initialise(stmts: &mut [Stmt], initial: &syn::FieldValue) {
    for stmt in stmts {
        if let Stmt::Expr(Expr::Struct(s), _) = stmt
            && s.path.is_ident("Self")
        {
            s.fields.push(initial.clone());
        }
    }
}

/// `let Self { a, b } = self;` in `build_request` gets `..`: the options
/// are taken out before (by `send` or `pages`), not part of the request.
fn ignore_in_destructuring(stmts: &mut [Stmt]) {
    for stmt in stmts {
        if let Stmt::Local(local) = stmt
            && let Pat::Struct(p) = &mut local.pat
            && p.path.is_ident("Self")
            && p.rest.is_none()
        {
            p.rest = Some(syn::PatRest {
                attrs: Vec::new(),
                dot2_token: Default::default(),
            });
        }
    }
}

/// What every builder gets, parsed once per run (see `template`).
struct Templates {
    /// `options: CallOptions`.
    field: syn::Field,
    /// `options: Default::default()`, for `new`.
    initial: syn::FieldValue,
    /// The setters' `impl`, for the builder `__Builder`.
    setters: Item,
}

impl Templates {
    fn new() -> Self {
        let field = format_ident!("{FIELD}");
        let call_options = runtime_contract::call_options();
        let fields: syn::FieldsNamed = template::parse(quote!({ #field: #call_options }));
        Templates {
            field: fields.named.into_iter().next().expect("one field"),
            initial: template::parse(quote!(#field: ::std::default::Default::default())),
            setters: setters(),
        }
    }

    /// The setters' `impl` for `builder`: the template with its one hole,
    /// the type the `impl` is for, set in place (a `template::fill` would
    /// visit every node of the five methods to find it).
    fn setters_for(&self, builder: syn::Ident) -> Item {
        let mut item = self.setters.clone();
        match &mut item {
            Item::Impl(imp) => super::syntax::set_self_name(imp, builder),
            _ => unreachable!("the template is an impl"),
        }
        item
    }
}

/// The setters, one `impl` per builder (`__Builder`, filled in per builder).
fn setters() -> Item {
    let call_options = runtime_contract::call_options();
    let retry_options = runtime_contract::retry_options();
    let field = format_ident!("{FIELD}");
    template::parse(quote! {
        impl<'a> __Builder<'a> {
            /// Every per-call setting at once, replacing those set before
            /// on this builder.
            pub fn options(mut self, options: #call_options) -> Self {
                self.#field = options;
                self
            }

            /// The time limit of this whole call (retries, waits and, for a
            /// listing, each page's call), instead of the client's.
            pub fn timeout(mut self, limit: ::std::time::Duration) -> Self {
                self.#field = self.#field.timeout(limit);
                self
            }

            /// The time limit of each attempt of this call, instead of the
            /// client's.
            pub fn per_try_timeout(mut self, limit: ::std::time::Duration) -> Self {
                self.#field = self.#field.per_try_timeout(limit);
                self
            }

            /// How this call is retried, instead of the client's
            /// (`RetryOptions::none()`: one attempt).
            pub fn retry(mut self, retry: #retry_options) -> Self {
                self.#field = self.#field.retry(retry);
                self
            }

            /// An extra request header (its value is never logged). The
            /// headers the pipeline owns (`authorization`, the request id;
            /// see the crate's `RESERVED_HEADERS`), or an invalid name or
            /// value, fail the call with `Error::InvalidRequest` before
            /// anything is sent.
            pub fn header<N, V>(mut self, name: N, value: V) -> Self
            where
                N: ::std::convert::TryInto<::reqwest::header::HeaderName>,
                V: ::std::convert::TryInto<::reqwest::header::HeaderValue>,
            {
                self.#field = self.#field.header(name, value);
                self
            }
        }
    })
}
