//! Rewrites a valid document into the form progenitor handles, and records
//! what the post-processing must add back. Rewriting the input is preferred
//! to patching progenitor's output wherever both would work.

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};

use crate::error::{Diagnostic, path};
use crate::extensions::{self, MsEnum, Pageable};
use crate::resolve;
use crate::validate::client_parameter_default;

/// What the spec asks for beyond what progenitor generates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Parameters marked `x-ms-parameter-location: client`, in first-seen order.
    pub client_parameters: Vec<ClientParameter>,
    /// Operations marked `x-ms-pageable`.
    pub pageables: Vec<PageableOperation>,
    /// Component schema names of extensible enums (`modelAsString: true`).
    pub extensible_enums: Vec<String>,
}

/// A parameter set once on the client and sent on every request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientParameter {
    /// Name on the wire, e.g. `api-version`.
    pub name: String,
    /// Query string or header.
    pub location: ParameterLocation,
    /// The value sent unless the user sets another.
    pub default: String,
    /// The spec's description.
    pub description: Option<String>,
    /// snake_case Rust name, e.g. `api_version`.
    pub rust_name: String,
    /// The values the spec lists for it (a string `enum`, extensible with
    /// `x-ms-enum.modelAsString`), which become typed constants.
    pub known_values: Vec<String>,
}

/// Where a client-level parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterLocation {
    /// In the query string; replaces any value already there (as in a `nextLink`).
    Query,
    /// As a request header.
    Header,
}

impl ParameterLocation {
    /// The OpenAPI spelling: `query` or `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        }
    }
}

/// A pageable operation and how to read its pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageableOperation {
    /// The operationId as in the spec.
    pub operation_id: String,
    /// The extension's settings.
    pub pageable: Pageable,
}

/// Applies every rewrite; the document must have passed validation.
pub fn normalize(mut spec: OpenAPI) -> Result<(OpenAPI, Plan), Vec<Diagnostic>> {
    let mut plan = Plan::default();
    let mut problems = Vec::new();

    // Client-level parameters leave the operations (progenitor would make
    // them per-call arguments) and become client settings.
    let snapshot = spec.clone();
    for (url, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = path(&["paths", url]);
        take_client_parameters(
            &snapshot,
            &mut item.parameters,
            &at,
            &mut plan,
            &mut problems,
        );
        let operations = crate::operations::slots_mut(item);
        for (method, op) in operations {
            let Some(op) = op.as_mut() else { continue };
            let at = path(&["paths", url, method]);
            take_client_parameters(&snapshot, &mut op.parameters, &at, &mut plan, &mut problems);
            rewrite_default_response(op);
            if let Some(id) = op.operation_id.clone() {
                op.operation_id = Some(operation_name(&id).to_string());
                op.extensions.insert(
                    ORIGINAL_OPERATION_ID.to_string(),
                    serde_json::Value::String(id),
                );
            }
            if let Ok(Some(pageable)) =
                extensions::read::<Pageable>(&op.extensions, extensions::PAGEABLE)
            {
                plan.pageables.push(PageableOperation {
                    operation_id: op.operation_id.clone().unwrap_or_default(),
                    pageable,
                });
            }
        }
    }
    if let Some(components) = &mut spec.components {
        // Unused once the operations no longer refer to them.
        components.parameters.retain(|_, p| match p {
            ReferenceOr::Item(p) => {
                !extensions::is_client_parameter(&p.parameter_data_ref().extensions)
                    .unwrap_or(false)
            }
            ReferenceOr::Reference { .. } => true,
        });
        for (name, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema
                && let Ok(Some(MsEnum {
                    model_as_string: true,
                    ..
                })) =
                    extensions::read::<MsEnum>(&schema.schema_data.extensions, extensions::ENUM)
            {
                plan.extensible_enums.push(name.clone());
            }
        }
    }
    if problems.is_empty() {
        Ok((spec, plan))
    } else {
        Err(problems)
    }
}

/// Where normalization keeps the spec's own operationId, for messages.
pub const ORIGINAL_OPERATION_ID: &str = "x-acs-chat-original-operation-id";

/// The part of an operationId that names the generated method and builder.
///
/// Azure operationIds are `Group_Operation` (`ChatThread_ListChatReadReceipts`);
/// as in the official SDKs, the group is dropped and the method is
/// `list_chat_read_receipts`. An id without `_` is used whole. Validation
/// checks that no two operations end up with the same name.
pub fn operation_name(operation_id: &str) -> &str {
    match operation_id.rsplit_once('_') {
        Some((group, name)) if !group.is_empty() && !name.is_empty() => name,
        _ => operation_id,
    }
}

fn take_client_parameters(
    spec: &OpenAPI,
    parameters: &mut Vec<ReferenceOr<openapiv3::Parameter>>,
    at: &str,
    plan: &mut Plan,
    problems: &mut Vec<Diagnostic>,
) {
    parameters.retain(|p| {
        let Some(resolved) = resolve::parameter(spec, p) else {
            return true;
        };
        let data = resolved.parameter_data_ref();
        if !extensions::is_client_parameter(&data.extensions).unwrap_or(false) {
            return true;
        }
        let location = match resolved {
            openapiv3::Parameter::Header { .. } => ParameterLocation::Header,
            _ => ParameterLocation::Query,
        };
        let parameter = ClientParameter {
            name: data.name.clone(),
            location,
            default: client_parameter_default(spec, resolved).unwrap_or_default(),
            description: data.description.clone(),
            rust_name: data.name.to_snake_case(),
            known_values: crate::validate::client_parameter_values(spec, resolved),
        };
        match plan
            .client_parameters
            .iter()
            .find(|c| c.name == parameter.name)
        {
            None => plan.client_parameters.push(parameter),
            Some(known)
                if known.location == parameter.location && known.default == parameter.default => {}
            Some(known) => problems.push(Diagnostic::at(
                format!("{at}.parameters"),
                format!(
                    "client-level parameter `{}` is declared twice with different settings \
                     (in: {}, default `{}` vs in: {}, default `{}`); declare it once under \
                     components/parameters and `$ref` it",
                    parameter.name,
                    known.location.as_str(),
                    known.default,
                    parameter.location.as_str(),
                    parameter.default
                ),
            )),
        }
        false
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
