//! Methods that answer `Option<T>`: a typed 2xx body beside 2xx statuses
//! without one (see `normalize::optional_body`).
//!
//! Runs on progenitor's `send` before `operation_calls` splits it, so the
//! split sees `Option<T>` as the success type: the return type is wrapped,
//! each typed success arm wraps its value in `Some`, and each empty status
//! the [`Plan`](crate::Plan) lists gets an arm answering `None` with the
//! response's status and headers.

use quote::quote;
use syn::Expr;

use super::template::{self, Fill};

use crate::error::Diagnostic;
use crate::normalize::OptionalBody;

/// Rewrites `send` of every listed operation's builder.
pub fn apply(file: &mut syn::File, listed: &[OptionalBody]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(());
    };
    let impls = super::syntax::Impls::of(builders);
    let templates = Templates::new();
    for wanted in listed {
        let builder = super::syntax::builder_name(&wanted.operation_id);
        let send = impls.fn_mut(builders, &builder, "send");
        let result = match send {
            Some(send) => rewrite(send, &wanted.empty_statuses, &templates),
            None => Err(format!("no `{builder}::send`")),
        };
        if let Err(message) = result {
            problems.push(Diagnostic::at(
                format!("operation `{}`", wanted.operation_id),
                format!("internal: cannot make the success body optional: {message}"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Parsed once per run (see `template`); `__T` is the body type.
struct Templates {
    /// `Option<__T>`.
    optional: syn::Type,
    /// A typed arm's value, `__body` (its expression), made an `Option`.
    some: Expr,
    /// The arm of an empty status, `__code` its status.
    none: syn::Arm,
}

impl Templates {
    fn new() -> Self {
        Templates {
            optional: template::parse(quote!(::std::option::Option<__T>)),
            some: template::parse(quote! {
                __body.and_then(|v: ResponseValue<__T>| v.map(::std::option::Option::Some))
            }),
            none: template::parse::<syn::ExprMatch>(quote! {
                match x {
                    __code => Ok(ResponseValue::new(
                        ::std::option::Option::None,
                        response.status(),
                        response.headers().clone(),
                    )),
                }
            })
            .arms
            .remove(0),
        }
    }
}

fn rewrite(send: &mut syn::ImplItemFn, empty: &[u16], templates: &Templates) -> Result<(), String> {
    let syn::ReturnType::Type(_, ty) = &mut send.sig.output else {
        return Err("`send` returns nothing".into());
    };
    let value = super::syntax::first_generic_mut(ty)
        .and_then(super::syntax::first_generic_mut)
        .ok_or("`send` does not return Result<ResponseValue<T>, _>")?;
    let inner = value.clone();
    *value = template::fill(&templates.optional, &[("__T", Fill::Type(&inner))]);
    let Some(syn::Stmt::Expr(Expr::Match(decoding), None)) = send.block.stmts.last_mut() else {
        return Err("`send` does not end with the status match".into());
    };
    for arm in &mut decoding.arms {
        if is_success(&arm.pat) {
            let body = single_expression(&arm.body);
            *arm.body = template::fill(
                &templates.some,
                &[("__body", Fill::Expr(&body)), ("__T", Fill::Type(&inner))],
            );
        }
    }
    let wildcard = decoding
        .arms
        .iter()
        .position(|a| matches!(a.pat, syn::Pat::Wild(_)))
        .unwrap_or(decoding.arms.len());
    for (i, code) in empty.iter().enumerate() {
        let code = syn::Pat::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Int(syn::LitInt::new(
                &format!("{code}u16"),
                proc_macro2::Span::call_site(),
            )),
        });
        let arm = template::fill(&templates.none, &[("__code", Fill::Pat(&code))]);
        decoding.arms.insert(wildcard + i, arm);
    }
    Ok(())
}

/// The arm's expression without a block around it, in parentheses unless
/// it is a call or an `.await` (which a method call binds to as it is).
fn single_expression(body: &Expr) -> Expr {
    let mut e = body;
    while let Expr::Block(b) = e
        && b.block.stmts.len() == 1
        && let Some(syn::Stmt::Expr(inner, None)) = b.block.stmts.first()
    {
        e = inner;
    }
    match e {
        Expr::Await(_) | Expr::Call(_) | Expr::MethodCall(_) | Expr::Path(_) => e.clone(),
        _ => Expr::Paren(syn::ExprParen {
            attrs: Vec::new(),
            paren_token: Default::default(),
            expr: Box::new(e.clone()),
        }),
    }
}

/// A literal or range pattern of 2xx codes.
fn is_success(pat: &syn::Pat) -> bool {
    super::syntax::status_of(pat).is_some_and(|c| (200..300).contains(&c))
}
