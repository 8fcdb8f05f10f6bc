//! Rewrites a valid document into the form progenitor handles, and records
//! what the post-processing must add back. Rewriting the input is preferred
//! to patching progenitor's output wherever both would work.

use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};

use crate::error::{Diagnostic, path};
use crate::model::extensions::Pageable;
pub use crate::model::{ClientParameter, ParameterLocation};
use crate::model::{Model, operation_name};

mod inline_enums;
mod unions;

pub use unions::UnionPlan;

/// What the spec asks for beyond what progenitor generates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Parameters marked `x-ms-parameter-location: client`, in first-seen order.
    pub client_parameters: Vec<ClientParameter>,
    /// Operations marked `x-ms-pageable`.
    pub pageables: Vec<PageableOperation>,
    /// Component schema names of extensible enums (`modelAsString: true`).
    pub extensible_enums: Vec<String>,
    /// Discriminated unions, each base rewritten as a `oneOf` of its cases.
    pub unions: Vec<UnionPlan>,
    /// Operations the runtime may send again after a failure (the model's
    /// [`crate::model::RetrySafety`]), by method name as in the spec
    /// (`SendChatReadReceipt`); absent: not safe.
    pub retry_safe: std::collections::BTreeMap<String, bool>,
    /// Scopes (`x-acs-scope`), from the model.
    pub scopes: Vec<crate::model::Scope>,
}

/// A pageable operation and how to read its pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageableOperation {
    /// The operationId as in the spec.
    pub operation_id: String,
    /// The extension's settings.
    pub pageable: Pageable,
}

/// Applies every rewrite; the document must have passed validation, and
/// `model` must be the model of this document. Every fact comes from the
/// model: nothing here reads an extension.
pub fn normalize(mut spec: OpenAPI, model: &Model) -> Result<(OpenAPI, Plan), Vec<Diagnostic>> {
    if !model.client_parameter_conflicts.is_empty() {
        return Err(model.client_parameter_conflicts.clone());
    }
    let mut plan = Plan {
        client_parameters: model.client_parameters.clone(),
        pageables: model
            .operations
            .iter()
            .filter_map(|op| {
                let paging = op.pageable.as_ref().ok()?.as_ref()?;
                Some(PageableOperation {
                    operation_id: op.method_name().unwrap_or_default().to_string(),
                    pageable: paging.extension.clone(),
                })
            })
            .collect(),
        extensible_enums: model
            .enums
            .iter()
            .filter(|e| e.is_extensible())
            .filter_map(|e| e.component.clone())
            .collect(),
        unions: Vec::new(),
        retry_safe: model
            .operations
            .iter()
            .filter_map(|op| Some((op.method_name()?.to_string(), op.is_retry_safe())))
            .collect(),
        scopes: model.scopes.clone(),
    };
    for name in inline_enums::hoist(&mut spec, model) {
        if !plan.extensible_enums.contains(&name) {
            plan.extensible_enums.push(name);
        }
    }
    plan.unions = unions::rewrite(&mut spec, model)?;

    // progenitor documents `Client` with `info.description`: the user-facing
    // text goes there (the rest of a description is for spec authors).
    spec.info.description = model.client_docs.clone();
    spec.info
        .extensions
        .shift_remove(crate::model::extensions::CLIENT_DOCS);

    // Client-level parameters leave the operations (progenitor would make
    // them per-call arguments) and become client settings.
    let is_client = |at: &str| model.parameter(at).is_some_and(|p| p.client == Ok(true));
    for (url, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = path(&["paths", url]);
        take_client_parameters(&mut item.parameters, &at, &is_client);
        let operations = crate::operations::slots_mut(item);
        for (method, op) in operations {
            let Some(op) = op.as_mut() else { continue };
            let at = path(&["paths", url, method]);
            take_client_parameters(&mut op.parameters, &at, &is_client);
            rewrite_default_response(op);
            if let Some(id) = op.operation_id.clone() {
                op.operation_id = Some(operation_name(&id).to_string());
                op.extensions.insert(
                    ORIGINAL_OPERATION_ID.to_string(),
                    serde_json::Value::String(id),
                );
            }
        }
    }
    if let Some(components) = &mut spec.components {
        // Unused once the operations no longer refer to them.
        components
            .parameters
            .retain(|name, _| !model.client_component_parameters.contains(name));
    }
    Ok((spec, plan))
}

/// Where normalization keeps the spec's own operationId, for messages.
pub const ORIGINAL_OPERATION_ID: &str = "x-acs-chat-original-operation-id";

/// Drops the parameters of `list` (declared at `<at>.parameters.<i>`) that
/// the model marks client-level.
fn take_client_parameters(
    list: &mut Vec<ReferenceOr<openapiv3::Parameter>>,
    at: &str,
    is_client: &dyn Fn(&str) -> bool,
) {
    let mut i = 0;
    list.retain(|_| {
        let keep = !is_client(&format!("{at}.parameters.{i}"));
        i += 1;
        keep
    });
}

/// progenitor panics when a typed 2xx body sits beside a typed `default`
/// response, and an explicit error code beside a range makes an unreachable
/// match arm. Every error response of an operation has one schema (checked by
/// validation), so `default` becomes `4XX` and `5XX`, and explicit error
/// codes are folded into those ranges: the generated error type is the same,
/// and the status stays readable from the error value.
fn rewrite_default_response(op: &mut Operation) {
    let Some(default) = op.responses.default.take() else {
        return;
    };
    let responses = &mut op.responses.responses;
    responses.retain(|code, _| match code {
        StatusCode::Code(c) => !(400..600).contains(c),
        StatusCode::Range(_) => true,
    });
    for range in [4, 5] {
        responses
            .entry(StatusCode::Range(range))
            .or_insert_with(|| default.clone());
    }
    responses.sort_keys();
}
