//! Rewrites a valid document into the form progenitor handles, and records
//! what the post-processing must add back. Rewriting the input is preferred
//! to patching progenitor's output wherever both would work.

use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};

use crate::error::{Diagnostic, path};
use crate::model::extensions::Pageable;
pub use crate::model::{ClientParameter, ParameterLocation};
use crate::model::{Model, operation_name};

mod error_shapes;
mod inline_enums;
mod media_types;
mod optional_body;
mod query_styles;
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
    /// Operations whose request body is sent with a JSON-family
    /// `Content-Type` other than `application/json`.
    pub request_content_types: Vec<RequestContentType>,
    /// Operations with a typed 2xx body beside 2xx statuses without one.
    pub optional_bodies: Vec<OptionalBody>,
    /// Array query parameters sent as one delimited value.
    pub delimited_queries: Vec<DelimitedQuery>,
    /// Operations declaring error shapes the runtime does not know.
    pub error_shapes: Vec<OperationErrorShapes>,
    /// Discriminated unions, each base rewritten as a `oneOf` of its cases.
    pub unions: Vec<UnionPlan>,
    /// Operations the runtime may send again after a failure (the model's
    /// [`crate::model::RetrySafety`]), by method name as in the spec
    /// (`SendChatReadReceipt`); every operation has an entry (a builder
    /// without one is an internal error of `operation_calls`).
    pub retry_safe: std::collections::BTreeMap<String, bool>,
    /// What the runtime needs to know of the operations' own query
    /// parameters (not the client-level ones).
    pub query: QueryFacts,
    /// Scopes (`x-acs-scope`), from the model.
    pub scopes: Vec<crate::model::Scope>,
}

/// Facts of the operations' query parameters that the runtime acts on:
/// which values may be logged, and how to tell two spellings of one page
/// apart (the next-link loop check).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryFacts {
    /// Names of query parameters typed as numbers or booleans (their values
    /// say nothing about anyone), sorted.
    pub scalar: Vec<String>,
    /// Names of query parameters typed as integers (`02` and `2` are one
    /// value), sorted.
    pub integer: Vec<String>,
    /// `(name, default)` of query parameters whose schema has a default (a
    /// pair at that value asks for what no pair does), sorted.
    pub defaults: Vec<(String, String)>,
}

impl QueryFacts {
    fn of(model: &crate::model::Model) -> QueryFacts {
        let mut facts = QueryFacts::default();
        for p in model.operations.iter().flat_map(|op| &op.parameters) {
            if p.location != crate::model::ParameterIn::Query || p.client == Ok(true) {
                continue;
            }
            if p.scalar.is_some() {
                facts.scalar.push(p.name.clone());
            }
            if p.scalar == Some("integer") {
                facts.integer.push(p.name.clone());
            }
            if let Some(default) = &p.wire_default {
                facts.defaults.push((p.name.clone(), default.clone()));
            }
        }
        for list in [&mut facts.scalar, &mut facts.integer] {
            list.sort();
            list.dedup();
        }
        facts.defaults.sort();
        facts.defaults.dedup();
        facts
    }
}

pub use error_shapes::ErrorShape;

/// The declared error shapes of one operation, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationErrorShapes {
    /// The operation's method name before case conversion (see [`operation_name`]).
    pub operation_id: String,
    /// Each declared schema's code and message pointers.
    pub shapes: Vec<ErrorShape>,
}

/// An array query parameter sent as `name=a<delimiter>b`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelimitedQuery {
    /// The operation's method name before case conversion (see [`operation_name`]).
    pub operation_id: String,
    /// The parameter's wire name.
    pub name: String,
    /// `required: true` (the builder's value is a `Vec`, not an `Option`).
    pub required: bool,
    /// As written between values: `,`, `%20` or `|`.
    pub delimiter: String,
}

/// An operation whose method returns `Option<T>`: `None` for these statuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionalBody {
    /// The operation's method name before case conversion (see [`operation_name`]).
    pub operation_id: String,
    /// The 2xx codes that carry no body, e.g. `[204]`.
    pub empty_statuses: Vec<u16>,
}

/// The `Content-Type` an operation's JSON body is sent with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContentType {
    /// The operation's method name before case conversion (see [`operation_name`]).
    pub operation_id: String,
    /// The declared media type, e.g. `application/merge-patch+json`.
    pub content_type: String,
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
        request_content_types: Vec::new(),
        optional_bodies: Vec::new(),
        delimited_queries: Vec::new(),
        error_shapes: Vec::new(),
        unions: Vec::new(),
        retry_safe: model
            .operations
            .iter()
            .filter_map(|op| Some((op.method_name()?.to_string(), op.is_retry_safe())))
            .collect(),
        query: QueryFacts::of(model),
        scopes: model.scopes.clone(),
    };
    for name in inline_enums::hoist(&mut spec, model) {
        if !plan.extensible_enums.contains(&name) {
            plan.extensible_enums.push(name);
        }
    }
    plan.unions = unions::rewrite(&mut spec, model)?;
    // Request bodies may `$ref` components/requestBodies: looked up here
    // while the paths are borrowed for rewriting (after the rewrites above,
    // which change components).
    let lookup = OpenAPI {
        components: spec.components.clone(),
        ..OpenAPI::default()
    };

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
        query_styles::as_form(&mut item.parameters);
        let operations = crate::operations::slots_mut(item);
        for (method, op) in operations {
            let Some(op) = op.as_mut() else { continue };
            let at = path(&["paths", url, method]);
            take_client_parameters(&mut op.parameters, &at, &is_client);
            query_styles::as_form(&mut op.parameters);
            let method_name = op
                .operation_id
                .as_deref()
                .map(operation_name)
                .unwrap_or_default()
                .to_string();
            let shapes = error_shapes::of(&lookup, op);
            if !shapes.is_empty() {
                plan.error_shapes.push(OperationErrorShapes {
                    operation_id: method_name.clone(),
                    shapes,
                });
            }
            error_shapes::drop_bodies_if_they_differ(&lookup, op);
            rewrite_default_response(op);
            if let Some(facts) = model.operation(url, method) {
                for p in &facts.parameters {
                    if let Some(delimiter) = query_styles::delimiter(p) {
                        plan.delimited_queries.push(DelimitedQuery {
                            operation_id: method_name.clone(),
                            name: p.name.clone(),
                            required: p.required,
                            delimiter: delimiter.to_string(),
                        });
                    }
                }
                let empty_statuses = optional_body::take_empty_statuses(facts, op);
                if !empty_statuses.is_empty() {
                    plan.optional_bodies.push(OptionalBody {
                        operation_id: method_name.clone(),
                        empty_statuses,
                    });
                }
            }
            if let Some(content_type) = media_types::rewrite_request_body(&lookup, op) {
                plan.request_content_types.push(RequestContentType {
                    operation_id: method_name,
                    content_type,
                });
            }
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
        query_styles::as_form(components.parameters.values_mut());
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
