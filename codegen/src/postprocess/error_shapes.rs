//! Each operation's declared error shapes (see `normalize::error_shapes`),
//! as the `error_shapes` of the `OperationInfo` the generated code hands
//! the runtime with every call: `pipeline::execute` fills a missing code or
//! message from the pointers the spec's error schemas give, for `send` and
//! for every page of a listing alike (a wrapper around `send` alone left
//! the pages without them).

use std::collections::HashMap;

use quote::quote;
use syn::Expr;

use super::template::{self, Fill};
use crate::normalize::OperationErrorShapes;

/// The `&[ErrorShape { .. }, ..]` of each listed operation, by builder name;
/// an operation not listed has `&[]` ([`none`]).
pub fn by_builder(listed: &[OperationErrorShapes]) -> HashMap<String, Expr> {
    if listed.is_empty() {
        return HashMap::new();
    }
    let error_shape = crate::runtime_contract::error_shape();
    let shape_template: Expr = template::parse(quote! {
        #error_shape { code: __code, message: __message }
    });
    let pointers = |list: &[String]| template::slice(list.iter().map(|p| template::str_literal(p)));
    listed
        .iter()
        .map(|wanted| {
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
            (super::syntax::builder_name(&wanted.operation_id), shapes)
        })
        .collect()
}

/// `&[]`: the operation declares no shape the runtime does not read itself.
pub fn none() -> Expr {
    template::slice([])
}
