//! Delimited array query parameters (see `normalize::query_styles`).
//!
//! progenitor chains `.query(&QueryParam::new("name", &value))` into the
//! request builder, which writes one `name=v` pair per element. For each
//! parameter the [`Plan`](crate::Plan) lists, that call leaves the chain and
//! the runtime contract's `append_delimited` writes the one delimited pair on
//! the built request's URL instead, in the order the parameters are listed.

use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Expr, Stmt};

use super::template::{self, Fill};

use crate::error::Diagnostic;
use crate::normalize::DelimitedQuery;

/// Rewrites `build_request` of every builder with a listed parameter.
pub fn apply(file: &mut syn::File, listed: &[DelimitedQuery]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(());
    };
    let impls = super::syntax::Impls::of(builders);
    let append_delimited = crate::runtime_contract::append_delimited();
    let append_template: Stmt = template::parse(quote! {
        #append_delimited(request.url_mut(), __name, __values, __delimiter);
    });
    let required_template: Expr =
        template::parse(quote!(::std::option::Option::Some(__value.as_slice())));
    let optional_template: Expr = template::parse(quote!(__value.as_deref()));
    for wanted in listed {
        let builder = super::syntax::builder_name(&wanted.operation_id);
        let build = impls.fn_mut(builders, &builder, "build_request");
        let Some(build) = build else {
            problems.push(problem(wanted, format!("no `{builder}::build_request`")));
            continue;
        };
        let mut take = TakeQuery {
            name: wanted.name.clone(),
            value: None,
        };
        for stmt in &mut build.block.stmts {
            take.visit_stmt_mut(stmt);
        }
        let Some(value) = take.value else {
            problems.push(problem(
                wanted,
                "no `.query(&QueryParam::new(..))` call".into(),
            ));
            continue;
        };
        let values = template::fill(
            if wanted.required {
                &required_template
            } else {
                &optional_template
            },
            &[("__value", Fill::Expr(&value))],
        );
        let append = template::fill(
            &append_template,
            &[
                ("__name", Fill::Expr(&template::str_literal(&wanted.name))),
                ("__values", Fill::Expr(&values)),
                (
                    "__delimiter",
                    Fill::Expr(&template::str_literal(&wanted.delimiter)),
                ),
            ],
        );
        let at = build.block.stmts.len().saturating_sub(1);
        build.block.stmts.insert(at, append);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn problem(wanted: &DelimitedQuery, message: String) -> Diagnostic {
    Diagnostic::at(
        format!("operation `{}`", wanted.operation_id),
        format!(
            "internal: cannot send query parameter `{}` delimited: {message}",
            wanted.name
        ),
    )
}

/// Replaces `<receiver>.query(&QueryParam::new("<name>", &<value>))` by
/// `<receiver>`, keeping `<value>`.
struct TakeQuery {
    name: String,
    value: Option<Expr>,
}

impl VisitMut for TakeQuery {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, e);
        let Expr::MethodCall(call) = e else { return };
        if call.method != "query" || call.args.len() != 1 {
            return;
        }
        let Some(value) = query_param_value(&call.args[0], &self.name) else {
            return;
        };
        self.value = Some(value);
        *e = (*call.receiver).clone();
    }
}

/// `&QueryParam::new("<name>", &value)` → `value`.
fn query_param_value(arg: &Expr, name: &str) -> Option<Expr> {
    let Expr::Reference(r) = arg else { return None };
    let Expr::Call(new) = &*r.expr else {
        return None;
    };
    let Expr::Path(f) = &*new.func else {
        return None;
    };
    let segments: Vec<String> = f
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if !segments.ends_with(&["QueryParam".to_string(), "new".to_string()]) || new.args.len() != 2 {
        return None;
    }
    match &new.args[0] {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) if s.value() == name => {}
        _ => return None,
    }
    match &new.args[1] {
        Expr::Reference(v) => Some((*v.expr).clone()),
        other => Some(syn::parse_quote!((*#other))),
    }
}
