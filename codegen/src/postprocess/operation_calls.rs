//! Routes every operation through the runtime's request pipeline and its
//! single error type.
//!
//! progenitor's `send()` builds a request, runs the `ClientHooks`, and
//! decodes the response into `progenitor_client::Error<E>`, which loses the
//! status when an error body does not parse and has no place for retries or
//! credential errors. Each operation builder is split instead into:
//! - `build_request(self)`: progenitor's request building, unchanged, with
//!   its errors as `crate::Error::InvalidRequest`;
//! - `decode(response)`: progenitor's match on the success statuses, each
//!   arm's `ResponseValue::from_response(response).await` (and `empty`,
//!   `stream`, `Error::UnexpectedResponse`) rewritten to the runtime's
//!   function for it, which reads the `BufferedResponse` the pipeline
//!   returns (the body already read within the attempt) without reading or
//!   copying again (error statuses never get there: the pipeline turns
//!   them into `crate::Error::Service`);
//! - `send(self)`: build, `crate::pipeline::execute`, decode; returning
//!   `Result<ResponseValue<T>, crate::Error>`.

use std::collections::{BTreeMap, HashMap};

use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item, Pat, Stmt};

use super::syntax::first_generic;
use super::template::{self, Fill};
use crate::error::Diagnostic;
use crate::runtime_contract;

/// What paging needs to know of an operation (see `pageable`).
pub struct Operation {
    /// The builder struct's name.
    pub builder: String,
    /// The success body type as written outside `mod types` (`types::Page`).
    pub success: syn::Type,
    /// The operation id string progenitor put in `OperationInfo`.
    pub operation_id: syn::Expr,
    /// Whether the runtime may send it again (from the plan).
    pub retry_safe: bool,
    /// Its declared error shapes, `&[ErrorShape { .. }]` (see
    /// `error_shapes`), for its `OperationInfo`.
    pub error_shapes: syn::Expr,
}

/// Rewrites every builder's `send`; returns what it found, per builder.
/// `retry_safe` is the plan's retry safety by method name as in the spec
/// (the builder is that name in PascalCase); `error_shapes`, the declared
/// error shapes by builder name (`error_shapes::by_builder`).
pub fn apply(
    file: &mut syn::File,
    retry_safe: &BTreeMap<String, bool>,
    error_shapes: &HashMap<String, syn::Expr>,
) -> Result<Vec<Operation>, Vec<Diagnostic>> {
    let by_builder: HashMap<String, bool> = retry_safe
        .iter()
        .map(|(name, safe)| (super::syntax::builder_name(name), *safe))
        .collect();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(found);
    };
    let templates = Templates::new();
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
        let Some(&safe) = by_builder.get(&name) else {
            problems.push(Diagnostic::at(
                format!("builder `{name}`"),
                "internal: no operation of the spec has this builder's name, so its retry \
                 safety is unknown",
            ));
            continue;
        };
        // `send` is taken out and its statements moved into the new
        // functions; on an error nothing is generated anyway.
        let ImplItem::Fn(send) = imp.items.remove(index) else {
            unreachable!("the position of a function")
        };
        let shapes = error_shapes
            .get(&name)
            .cloned()
            .unwrap_or_else(super::error_shapes::none);
        match split(send, &name, safe, shapes, &templates) {
            Ok((items, op)) => {
                imp.items.splice(index..index, items);
                found.push(op);
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

/// The template of the three functions `send` becomes, and the paths
/// `OwnErrors` writes: parsed once per run (see `template`).
struct Templates {
    /// `build_request`, `decode` and `send`, with the holes `__Success`
    /// (the success type), `__operation_id`, `__retry_safe` and
    /// `__error_shapes`.
    functions: syn::ItemImpl,
    own_errors: OwnErrors,
    success_arms: SuccessArms,
}

impl Templates {
    fn new() -> Self {
        let error = runtime_contract::error();
        let buffered = runtime_contract::buffered_response();
        let execute = runtime_contract::execute();
        let field = quote::format_ident!("{}", super::call_options::FIELD);
        let info = runtime_contract::operation_info_for(
            &quote!(__operation_id),
            quote!(__retry_safe),
            quote!(__error_shapes),
        );
        // The template has empty places; progenitor's statements and status
        // match are moved into them as syntax trees, not printed and parsed
        // again.
        let functions = template::parse(quote! {
            impl X {
                /// Builds this operation's HTTP request without sending it.
                pub(crate) fn build_request(
                    self,
                ) -> Result<(&'a super::Client, ::reqwest::Request), #error> {
                    Ok((client, request))
                }

                /// Decodes a success response of this operation.
                pub(crate) fn decode(
                    response: #buffered,
                ) -> Result<ResponseValue<__Success>, #error> {
                    ()
                }

                /// Sends the request through the client's pipeline (credential,
                /// client-level parameters, retries, timeouts, tracing), with
                /// this builder's per-call options, and decodes the response.
                pub async fn send(self) -> Result<ResponseValue<__Success>, #error> {
                    let mut this = self;
                    let options = ::std::mem::take(&mut this.#field);
                    let (client, request) = this.build_request()?;
                    let info = #info;
                    let response = #execute(&client.inner, request, &info, &options).await?;
                    Self::decode(response)
                }
            }
        });
        let form_urlencoded = runtime_contract::form_urlencoded();
        let invalid_request = runtime_contract::invalid_request();
        Templates {
            functions,
            own_errors: OwnErrors {
                form_urlencoded: template::parse(form_urlencoded),
                invalid_request: template::parse(invalid_request),
            },
            success_arms: SuccessArms {
                json_value: template::parse(runtime_contract::json_value()),
                empty_value: template::parse(runtime_contract::empty_value()),
                stream_value: template::parse(runtime_contract::stream_value()),
                unexpected: template::parse(runtime_contract::unexpected()),
                unknown: None,
            },
        }
    }
}

fn split(
    send: syn::ImplItemFn,
    builder: &str,
    retry_safe: bool,
    error_shapes: syn::Expr,
    templates: &Templates,
) -> Result<(Vec<ImplItem>, Operation), String> {
    let success = success_type(&send.sig.output)
        .ok_or("`send` does not return Result<ResponseValue<T>, _>")?;
    let syn::ImplItemFn {
        attrs,
        block: syn::Block { mut stmts, .. },
        ..
    } = send;
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
            .map(|f| f.expr.clone())
            .ok_or("OperationInfo has no operation_id")?,
        _ => return Err("`info` is not an OperationInfo literal".into()),
    };
    let Some(Stmt::Expr(Expr::Match(mut decoding), None)) = stmts.pop() else {
        return Err("`send` does not end with the status match".into());
    };

    stmts.truncate(request_at + 1);
    let mut building = stmts;
    let mut own_errors = templates.own_errors.clone();
    for stmt in &mut building {
        own_errors.visit_stmt_mut(stmt);
    }
    decoding.arms.retain(|arm| is_success_arm(&arm.pat));
    let mut success_arms = templates.success_arms.clone();
    success_arms.visit_expr_match_mut(&mut decoding);
    if let Some(unknown) = success_arms.unknown {
        return Err(format!(
            "a success arm has `{unknown}`, which has no runtime counterpart"
        ));
    }

    let retry_safe_expr = template::bool_literal(retry_safe);
    let items = template::fill(
        &templates.functions,
        &[
            ("__Success", Fill::Type(&success)),
            ("__operation_id", Fill::Expr(&operation_id)),
            ("__retry_safe", Fill::Expr(&retry_safe_expr)),
            ("__error_shapes", Fill::Expr(&error_shapes)),
        ],
    );
    let mut out = items.items;
    let [
        ImplItem::Fn(build),
        ImplItem::Fn(decode),
        ImplItem::Fn(send),
    ] = &mut out[..]
    else {
        unreachable!("the template has three functions")
    };
    build.block.stmts.splice(0..0, building);
    decode.block.stmts = vec![Stmt::Expr(Expr::Match(decoding), None)];
    // Keep progenitor's documentation of `send`.
    send.attrs.splice(0..0, super::syntax::doc_attrs(&attrs));
    Ok((
        out,
        Operation {
            builder: builder.to_string(),
            success,
            operation_id,
            retry_safe,
            error_shapes,
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
    match pat {
        Pat::Lit(_) | Pat::Range(_) => super::syntax::status_of(pat).is_some_and(|s| s < 400),
        _ => true,
    }
}

/// progenitor's success arms, which read a `reqwest::Response`, → the
/// runtime's functions for a `BufferedResponse`:
/// `ResponseValue::from_response(r).await` → `json_value(r)`,
/// `ResponseValue::empty(r)` → `empty_value(r)`, `ResponseValue::stream(r)`
/// → `stream_value(r)`, `Error::UnexpectedResponse(r)` → `unexpected(r)`.
/// Anything else of progenitor's in an arm but `ResponseValue::new`
/// (`ResponseValue::upgrade`, for a `101`, which validation refuses) is
/// kept in `unknown`, and the rewrite fails rather than generate a call the
/// runtime does not have.
#[derive(Clone)]
struct SuccessArms {
    json_value: syn::ExprPath,
    empty_value: syn::ExprPath,
    stream_value: syn::ExprPath,
    unexpected: syn::ExprPath,
    unknown: Option<String>,
}

impl VisitMut for SuccessArms {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Await(awaited) = e
            && let Expr::Call(call) = &mut *awaited.base
            && is_call_of(&call.func, "ResponseValue", "from_response")
        {
            *call.func = Expr::Path(self.json_value.clone());
            let Expr::Await(awaited) = std::mem::replace(e, Expr::PLACEHOLDER) else {
                unreachable!("matched above")
            };
            *e = *awaited.base;
        }
        syn::visit_mut::visit_expr_mut(self, e);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        let replacement = if is_call_of(&call.func, "ResponseValue", "empty") {
            Some(&self.empty_value)
        } else if is_call_of(&call.func, "ResponseValue", "stream") {
            Some(&self.stream_value)
        } else if is_call_of(&call.func, "Error", "UnexpectedResponse") {
            Some(&self.unexpected)
        } else {
            None
        };
        if let Some(path) = replacement {
            *call.func = Expr::Path(path.clone());
        }
        syn::visit_mut::visit_expr_call_mut(self, call);
    }

    fn visit_expr_path_mut(&mut self, p: &mut syn::ExprPath) {
        let first = p.path.segments.first().map(|s| s.ident.to_string());
        // `ResponseValue::new(value, status, headers)` (an empty status of
        // an optional body, see `optional_body`) reads no response itself.
        let constructor = is_path(&p.path, "ResponseValue", "new");
        if matches!(first.as_deref(), Some("ResponseValue" | "Error"))
            && !constructor
            && self.unknown.is_none()
        {
            self.unknown = Some(quote!(#p).to_string());
        }
    }
}

/// Whether `func` is the two-segment path `ty::name`.
fn is_call_of(func: &Expr, ty: &str, name: &str) -> bool {
    matches!(func, Expr::Path(p) if is_path(&p.path, ty, name))
}

/// Whether `path` is `ty::name`.
fn is_path(path: &syn::Path, ty: &str, name: &str) -> bool {
    path.segments.len() == 2 && path.segments[0].ident == ty && path.segments[1].ident == name
}

/// `Error::InvalidRequest` (progenitor's) → `crate::Error::InvalidRequest`,
/// and `builder.form_urlencoded(&body)` (progenitor's, returning its error
/// type) → `crate::url_encoding::form_urlencoded(builder, &body)`. Holds
/// the two runtime paths, parsed once.
#[derive(Clone)]
struct OwnErrors {
    form_urlencoded: syn::Expr,
    invalid_request: syn::ExprPath,
}

impl VisitMut for OwnErrors {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, e);
        if let Expr::MethodCall(call) = e
            && call.method == "form_urlencoded"
        {
            let Expr::MethodCall(call) = std::mem::replace(e, Expr::PLACEHOLDER) else {
                unreachable!("matched above")
            };
            let mut args = syn::punctuated::Punctuated::new();
            args.push(*call.receiver);
            args.extend(call.args);
            *e = Expr::Call(syn::ExprCall {
                attrs: call.attrs,
                func: Box::new(self.form_urlencoded.clone()),
                paren_token: call.paren_token,
                args,
            });
        }
    }

    fn visit_expr_path_mut(&mut self, p: &mut syn::ExprPath) {
        if is_path(&p.path, "Error", "InvalidRequest") {
            *p = self.invalid_request.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(arms: proc_macro2::TokenStream) -> Result<String, String> {
        let mut decoding: syn::ExprMatch = syn::parse2(arms).unwrap();
        let mut success_arms = Templates::new().success_arms;
        success_arms.visit_expr_match_mut(&mut decoding);
        match success_arms.unknown {
            Some(unknown) => Err(unknown),
            None => Ok(quote!(#decoding).to_string()),
        }
    }

    #[test]
    fn each_success_arm_progenitor_writes_reads_the_buffered_response() {
        let code = rewritten(quote! {
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                201u16 => Ok(ResponseValue::empty(response)),
                200..=299 => Ok(ResponseValue::stream(response)),
                204u16 => Ok(ResponseValue::new(None, response.status(), response.headers().clone())),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        })
        .unwrap();
        for (wanted, arm) in [
            (
                "crate :: runtime :: contract :: json_value (response)",
                "JSON",
            ),
            (
                "crate :: runtime :: contract :: empty_value (response)",
                "no body",
            ),
            (
                "crate :: runtime :: contract :: stream_value (response)",
                "raw body",
            ),
            (
                "crate :: runtime :: contract :: unexpected (response)",
                "catch-all",
            ),
            ("ResponseValue :: new (None", "optional body's empty status"),
        ] {
            assert!(code.contains(wanted), "{arm}: {code}");
        }
        assert!(!code.contains("await"), "nothing left to read: {code}");
        assert!(!code.contains("from_response"), "{code}");
    }

    #[test]
    fn a_call_the_runtime_has_no_counterpart_for_fails_the_rewrite() {
        let unknown = rewritten(quote! {
            match response.status().as_u16() {
                101u16 => ResponseValue::upgrade(response).await,
                _ => Err(Error::UnexpectedResponse(response)),
            }
        })
        .unwrap_err();
        assert_eq!(unknown, "ResponseValue :: upgrade");
    }
}
