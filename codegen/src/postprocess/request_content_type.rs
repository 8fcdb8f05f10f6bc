//! Sets the declared JSON-family `Content-Type` on the request of each
//! operation the [`Plan`](crate::Plan) lists.
//!
//! Normalization sends every JSON-family body through progenitor as
//! `application/json` (its `.json(&body)` writes that header); here the
//! built request's header is replaced by the type the spec declares (e.g.
//! `application/merge-patch+json`), just before `build_request` returns it.

use quote::quote;
use syn::Stmt;

use super::template::{self, Fill};

use crate::error::Diagnostic;
use crate::normalize::RequestContentType;

/// Rewrites `build_request` of every listed operation's builder.
pub fn apply(file: &mut syn::File, listed: &[RequestContentType]) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return Ok(());
    };
    let impls = super::syntax::Impls::of(builders);
    let set_template: Stmt = template::parse(quote! {
        request.headers_mut().insert(
            ::reqwest::header::CONTENT_TYPE,
            ::reqwest::header::HeaderValue::from_static(__content_type),
        );
    });
    for wanted in listed {
        let builder = super::syntax::builder_name(&wanted.operation_id);
        let build = impls.fn_mut(builders, &builder, "build_request");
        let Some(build) = build else {
            problems.push(Diagnostic::at(
                format!("operation `{}`", wanted.operation_id),
                format!(
                    "internal: no `{builder}::build_request` to set the request's Content-Type on"
                ),
            ));
            continue;
        };
        let set = template::fill(
            &set_template,
            &[(
                "__content_type",
                Fill::Expr(&template::str_literal(&wanted.content_type)),
            )],
        );
        let at = build.block.stmts.len().saturating_sub(1);
        build.block.stmts.insert(at, set);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
