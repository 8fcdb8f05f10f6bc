//! Routes every operation through the runtime's request pipeline and its
//! single error type.
//!
//! progenitor's `send()` builds a request, runs the `ClientHooks`, and
//! decodes the response into `progenitor_client::Error<E>`, which loses the
//! status when an error body does not parse and has no place for retries or
//! credential errors. Each operation builder is split instead into:
//! - `build_request(self)`: progenitor's request building, unchanged, with
//!   its errors as `crate::Error::InvalidRequest`;
//! - `decode(response)`: progenitor's decoding of the success statuses
//!   (error statuses never get there: the pipeline turns them into
//!   `crate::Error::Service`);
//! - `send(self)`: build, `crate::pipeline::execute`, decode; returning
//!   `Result<ResponseValue<T>, crate::Error>`.

use std::collections::{BTreeMap, HashMap};

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item, Pat, Stmt};

use super::syntax::first_generic;
use crate::error::Diagnostic;
use crate::runtime_contract;

/// What paging needs to know of an operation (see `pageable`).
pub struct Operation {
    /// The builder struct's name.
    pub builder: String,
    /// The success body type as written outside `mod types` (`types::Page`).
    pub success: syn::Type,
    /// The operation id string progenitor put in `OperationInfo`.
    pub operation_id: TokenStream,
    /// Whether the runtime may send it again (from the plan).
    pub retry_safe: bool,
}

/// Rewrites every builder's `send`; returns what it found, per builder.
/// `retry_safe` is the plan's retry safety by method name as in the spec
/// (the builder is that name in PascalCase).
pub fn apply(
    file: &mut syn::File,
    retry_safe: &BTreeMap<String, bool>,
) -> Result<Vec<Operation>, Vec<Diagnostic>> {
    let by_builder: HashMap<String, bool> = retry_safe
        .iter()
        .map(|(name, safe)| (name.to_pascal_case(), *safe))
        .collect();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(found);
    };
    for item in builders.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(name) = super::syntax::type_name(&imp.self_ty) else {
            continue;
        };
        let Some(index) = imp
            .items
            .iter()
            .position(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == "send"))
        else {
            continue;
        };
        let ImplItem::Fn(send) = &imp.items[index] else {
            unreachable!()
        };
        let Some(&safe) = by_builder.get(&name) else {
            problems.push(Diagnostic::at(
                format!("builder `{name}`"),
                "internal: no operation of the spec has this builder's name, so its retry \
                 safety is unknown",
            ));
            continue;
        };
        match split(send, safe) {
            Ok((items, op)) => {
                imp.items.splice(index..=index, items);
                found.push(Operation {
                    builder: name,
                    ..op
                });
            }
            Err(message) => problems.push(Diagnostic::at(
                format!("builder `{name}`"),
                format!("internal: cannot rewrite progenitor's `send`: {message}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

fn split(send: &syn::ImplItemFn, retry_safe: bool) -> Result<(Vec<ImplItem>, Operation), String> {
    let success = success_type(&send.sig.output)
        .ok_or("`send` does not return Result<ResponseValue<T>, _>")?;
    let stmts = &send.block.stmts;
    let request_at = stmts
        .iter()
        .position(|s| matches!(s, Stmt::Local(l) if binds(&l.pat, "request")))
        .ok_or("no `let request`")?;
    let info = stmts
        .iter()
        .find_map(|s| match s {
            Stmt::Local(l) if binds(&l.pat, "info") => l.init.as_ref().map(|i| &i.expr),
            _ => None,
        })
        .ok_or("no `let info = OperationInfo {..}`")?;
    let operation_id = match &**info {
        Expr::Struct(s) => s
            .fields
            .iter()
            .find(|f| matches!(&f.member, syn::Member::Named(n) if n == "operation_id"))
            .map(|f| {
                let e = &f.expr;
                quote!(#e)
            })
            .ok_or("OperationInfo has no operation_id")?,
        _ => return Err("`info` is not an OperationInfo literal".into()),
    };
    let Some(Stmt::Expr(Expr::Match(decoding), None)) = stmts.last() else {
        return Err("`send` does not end with the status match".into());
    };

    let mut building: Vec<Stmt> = stmts[..=request_at].to_vec();
    for stmt in &mut building {
        OwnErrors.visit_stmt_mut(stmt);
    }
    let mut decoding = decoding.clone();
    decoding.arms.retain(|arm| is_success_arm(&arm.pat));

    let error = runtime_contract::error();
    let decoded = runtime_contract::decoded();
    let execute = runtime_contract::execute();
    let info = runtime_contract::operation_info_for(&operation_id, retry_safe);
    // The template is parsed with empty places; progenitor's statements
    // and status match are moved into them as syntax trees, not printed
    // and parsed again (that round trip was a third of this pass's time).
    let mut items: syn::ItemImpl = syn::parse_quote! {
        impl X {
            /// Builds this operation's HTTP request without sending it.
            pub(crate) fn build_request(
                self,
            ) -> Result<(&'a super::Client, ::reqwest::Request), #error> {
                Ok((client, request))
            }

            /// Decodes a success response of this operation.
            pub(crate) async fn decode(
                response: ::reqwest::Response,
            ) -> Result<ResponseValue<#success>, #error> {
                let status = response.status();
                let result: Result<ResponseValue<#success>, Error<()>> = ();
                #decoded(result, status).await
            }

            /// Sends the request through the client's pipeline (credential,
            /// client-level parameters, retries, timeouts, tracing), with
            /// this builder's per-call options, and decodes the response.
            pub async fn send(self) -> Result<ResponseValue<#success>, #error> {
                let mut this = self;
                let options = ::std::mem::take(&mut this.options);
                let (client, request) = this.build_request()?;
                let info = #info;
                let response = #execute(&client.inner, request, &info, &options).await?;
                Self::decode(response).await
            }
        }
    };
    let [ImplItem::Fn(build), ImplItem::Fn(decode), ImplItem::Fn(_)] = &mut items.items[..] else {
        unreachable!("the template has three functions")
    };
    build.block.stmts.splice(0..0, building);
    match decode.block.stmts.get_mut(1) {
        Some(Stmt::Local(syn::Local {
            init: Some(init), ..
        })) => *init.expr = Expr::Match(decoding),
        _ => unreachable!("the template's second statement is `let result = ..`"),
    }
    let mut out = items.items;
    // Keep progenitor's documentation of `send`.
    if let Some(ImplItem::Fn(f)) = out.last_mut() {
        let docs: Vec<_> = send
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .cloned()
            .collect();
        f.attrs.splice(0..0, docs);
    }
    Ok((
        out,
        Operation {
            builder: String::new(),
            success,
            operation_id,
            retry_safe,
        },
    ))
}

fn success_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let ok = first_generic(ty)?;
    first_generic(&ok)
}

fn binds(pat: &Pat, name: &str) -> bool {
    match pat {
        Pat::Ident(p) => p.ident == name,
        Pat::Type(t) => binds(&t.pat, name),
        _ => false,
    }
}

/// Arms for statuses below 400 and the catch-all stay; error statuses are
/// the pipeline's.
fn is_success_arm(pat: &Pat) -> bool {
    fn literal(e: &Expr) -> Option<u16> {
        match e {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(i),
                ..
            }) => i.base10_parse().ok(),
            _ => None,
        }
    }
    match pat {
        Pat::Wild(_) => true,
        Pat::Lit(l) => literal(&Expr::Lit(l.clone())).is_some_and(|s| s < 400),
        Pat::Range(r) => r
            .start
            .as_deref()
            .and_then(literal)
            .is_some_and(|s| s < 400),
        _ => true,
    }
}

/// `Error::InvalidRequest` (progenitor's) → `crate::Error::InvalidRequest`,
/// and `builder.form_urlencoded(&body)` (progenitor's, returning its error
/// type) → `crate::url_encoding::form_urlencoded(builder, &body)`.
struct OwnErrors;

impl VisitMut for OwnErrors {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, e);
        if let Expr::MethodCall(call) = e
            && call.method == "form_urlencoded"
        {
            let receiver = &call.receiver;
            let args = &call.args;
            let form_urlencoded = runtime_contract::form_urlencoded();
            *e = syn::parse_quote!(#form_urlencoded(#receiver, #args));
        }
    }

    fn visit_expr_path_mut(&mut self, p: &mut syn::ExprPath) {
        let segments: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if segments == ["Error", "InvalidRequest"] {
            let invalid_request = runtime_contract::invalid_request();
            *p = syn::parse_quote!(#invalid_request);
        }
    }
}
