//! Checks that the document is something this generator turns into working
//! code: what progenitor needs (or would panic on) and the project's own
//! conventions for the Azure extensions. Every problem is reported, not just
//! the first, each with its path inside the document.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, Operation, ReferenceOr};

use crate::error::{Diagnostic, path};
use crate::model::{self, Model, extensions};
use crate::resolve;

mod composition_cycles;
mod parameters;
mod refs;
mod request_body;
mod responses;
mod schemas;
mod security;

use parameters::check_parameter;
use refs::check_refs;
use request_body::check_request_body;
use responses::{check_pageable, check_responses};
pub(crate) use schemas::variant_name;
use schemas::{check_enums, check_schemas};
use security::check_security;

/// Returns every problem found; an empty list means the document is usable.
/// `model` is the model of `spec`: the facts the extensions give, and their
/// errors, come from it.
pub fn validate(spec: &OpenAPI, model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_refs(spec, &mut out);
    if !out.is_empty() {
        // Everything below follows references; with broken ones it would
        // only repeat the same problems in other words.
        return out;
    }
    check_security(spec, &mut out);
    check_enums(model, &mut out);
    check_schemas(spec, &mut out);
    check_unions(model, &mut out);
    out.extend(model.scope_problems.iter().cloned());
    if let Some(e) = &model.client_docs_error {
        out.push(Diagnostic::at(
            format!("info.{}", crate::model::extensions::CLIENT_DOCS),
            e,
        ));
    }

    let mut method_names: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (url, item) in spec.paths.iter() {
        let here = path(&["paths", url]);
        let ReferenceOr::Item(item) = item else {
            continue; // reported by check_refs
        };
        for (i, p) in item.parameters.iter().enumerate() {
            check_parameter(spec, model, p, &format!("{here}.parameters.{i}"), &mut out);
        }
        for (method, op) in item.iter() {
            let at = path(&["paths", url, method]);
            let Some(facts) = model.operation(url, method) else {
                continue; // every operation is in the model
            };
            check_operation(spec, model, op, facts, &at, &mut method_names, &mut out);
            check_path_template(spec, url, &item.parameters, op, &at, &mut out);
        }
    }
    out
}

fn check_operation(
    spec: &OpenAPI,
    model: &Model,
    op: &Operation,
    facts: &model::Operation,
    at: &str,
    method_names: &mut BTreeMap<String, (String, String)>,
    out: &mut Vec<Diagnostic>,
) {
    match op.operation_id.as_deref() {
        None | Some("") => out.push(Diagnostic::at(
            at,
            "operation has no `operationId`; the generated method is named after it",
        )),
        Some(id) => {
            let method = model::operation_name(id).to_snake_case();
            if method.is_empty()
                || !method
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
            {
                out.push(Diagnostic::at(
                    format!("{at}.operationId"),
                    format!("operationId `{id}` does not make a Rust method name"),
                ));
            } else if let Some((other, other_at)) =
                method_names.insert(method.clone(), (id.to_string(), at.to_string()))
            {
                let message = if other == id {
                    format!("operationId `{id}` is also used at `{other_at}`")
                } else {
                    format!(
                        "operationId `{id}` collides with `{other}` at `{other_at}`: both become the method `{method}`"
                    )
                };
                out.push(Diagnostic::at(format!("{at}.operationId"), message));
            }
        }
    }

    for (i, p) in op.parameters.iter().enumerate() {
        check_parameter(spec, model, p, &format!("{at}.parameters.{i}"), out);
    }

    if let Some(body) = &op.request_body
        && let Some(body) = resolve::request_body(spec, body)
    {
        check_request_body(body, &format!("{at}.requestBody"), out);
    }

    check_responses(spec, op, matches!(facts.pageable, Ok(Some(_))), at, out);

    match &facts.pageable {
        Err(e) => out.push(Diagnostic::at(format!("{at}.{}", extensions::PAGEABLE), e)),
        Ok(Some(paging)) => check_pageable(spec, op, paging, at, out),
        Ok(None) => {}
    }
    if let Err(e) = &facts.retry {
        out.push(Diagnostic::at(format!("{at}.{}", extensions::RETRYABLE), e));
    }
}

/// A variant's `x-ms-discriminator-value` must be a string.
fn check_unions(model: &Model, out: &mut Vec<Diagnostic>) {
    for union in &model.unions {
        for v in &union.variants {
            if let Err(e) = &v.value {
                out.push(Diagnostic::at(
                    format!("{}.{}", v.at, extensions::DISCRIMINATOR_VALUE),
                    e,
                ));
            }
        }
    }
}

/// Every `{name}` in the URL template has a path parameter, and every path
/// parameter appears in the template.
fn check_path_template(
    spec: &OpenAPI,
    url: &str,
    shared: &[ReferenceOr<openapiv3::Parameter>],
    op: &Operation,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let in_template: Vec<&str> = url
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let declared: Vec<&str> = shared
        .iter()
        .chain(&op.parameters)
        .filter_map(|p| resolve::parameter(spec, p))
        .filter(|p| matches!(p, openapiv3::Parameter::Path { .. }))
        .map(|p| p.parameter_data_ref().name.as_str())
        .collect();
    for name in &in_template {
        if !declared.contains(name) {
            out.push(Diagnostic::at(
                format!("{at}.parameters"),
                format!("`{{{name}}}` in `{url}` has no `in: path` parameter named `{name}`"),
            ));
        }
    }
    for name in &declared {
        if !in_template.contains(name) {
            out.push(Diagnostic::at(
                format!("{at}.parameters"),
                format!("path parameter `{name}` does not appear in `{url}`"),
            ));
        }
    }
}
