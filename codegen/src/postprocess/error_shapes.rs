//! Hands each operation's declared error shapes (see
//! `normalize::error_shapes`) to the runtime: the generated `send` passes
//! the error of `pipeline::execute` through
//! the runtime contract's `with_declared`, which fills a missing
//! code or message from the pointers the spec's error schemas give.

use heck::ToPascalCase;
use quote::quote;
use syn::{Expr, Stmt};

use super::template::{self, Fill};

use crate::error::Diagnostic;
use crate::normalize::OperationErrorShapes;

/// Rewrites `send` of every listed operation's builder (after `operation_calls`).
pub fn apply(file: &mut syn::File, listed: &[OperationErrorShapes]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(());
    };
    let impls = super::syntax::Impls::of(builders);
    let (error_shape, with_declared) = (
        crate::runtime_contract::error_shape(),
        crate::runtime_contract::with_declared(),
    );
    let shape_template: Expr = template::parse(quote! {
        #error_shape { code: __code, message: __message }
    });
    let call_template: Expr = template::parse(quote! {
        __call.map_err(|e| #with_declared(e, __shapes))
    });
    for wanted in listed {
        let builder = wanted.operation_id.to_pascal_case();
        let send = impls.fn_mut(builders, &builder, "send");
        let execute = send.and_then(|send| {
            send.block.stmts.iter_mut().find_map(|s| match s {
                Stmt::Local(l) if is_response(&l.pat) => l.init.as_mut(),
                _ => None,
            })
        });
        let Some(init) = execute else {
            problems.push(Diagnostic::at(
                format!("operation `{}`", wanted.operation_id),
                format!("internal: no `let response = ..` in `{builder}::send`"),
            ));
            continue;
        };
        let Expr::Try(attempt) = &mut *init.expr else {
            problems.push(Diagnostic::at(
                format!("operation `{}`", wanted.operation_id),
                "internal: `let response` is not `execute(..).await?`",
            ));
            continue;
        };
        let pointers =
            |list: &[String]| template::slice(list.iter().map(|p| template::str_literal(p)));
        let shapes = template::slice(wanted.shapes.iter().map(|s| {
            let (code, message) = (pointers(&s.code), pointers(&s.message));
            template::fill(
                &shape_template,
                &[
                    ("__code", Fill::Expr(&code)),
                    ("__message", Fill::Expr(&message)),
                ],
            )
        }));
        let call = std::mem::replace(&mut *attempt.expr, Expr::PLACEHOLDER);
        *attempt.expr = template::fill(
            &call_template,
            &[
                ("__call", Fill::Expr(&call)),
                ("__shapes", Fill::Expr(&shapes)),
            ],
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn is_response(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::Ident(p) if p.ident == "response")
}
