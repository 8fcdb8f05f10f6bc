//! Parameters: where they go, their style, and the client-level ones.

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

use super::extensions;
use super::operation::Operation;
use crate::error::Diagnostic;
use crate::resolve;

/// Where a parameter goes on the wire (OpenAPI's `in`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParameterIn {
    /// In the URL path.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter of an operation, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Name on the wire.
    pub name: String,
    /// Where it goes.
    pub location: ParameterIn,
    /// Where it is declared in the document (`paths.<url>[.<method>].parameters.<i>`).
    pub at: String,
    /// `required: true`.
    pub required: bool,
    /// The serialization style as written or defaulted (`simple`, `form`, …).
    pub style: String,
    /// `explode`, or its default for the style (true for `form` only).
    pub explode: bool,
    /// `x-ms-parameter-location: client`; `Err` when the value is neither
    /// `client` nor `method`.
    pub client: Result<bool, String>,
    /// Whether the schema is an array.
    pub is_array: bool,
    /// The string default of its schema, if any.
    pub default: Option<String>,
    /// The spec's description.
    pub description: Option<String>,
    /// The string values its schema lists in `enum` (empty when none).
    pub values: Vec<String>,
    /// `integer`, `number` or `boolean` when its schema is that scalar type.
    pub scalar: Option<&'static str>,
    /// Its schema's `default`, as the query string spells it, when that is
    /// a string, number or boolean.
    pub wire_default: Option<String>,
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

/// The string default of a parameter's schema, if it has one.
pub fn client_parameter_default(spec: &OpenAPI, p: &openapiv3::Parameter) -> Option<String> {
    let ParameterSchemaOrContent::Schema(schema) = &p.parameter_data_ref().format else {
        return None;
    };
    let schema = resolve::schema(spec, schema)?;
    match (&schema.schema_kind, &schema.schema_data.default) {
        (SchemaKind::Type(Type::String(_)), Some(Value::String(d))) => Some(d.clone()),
        _ => None,
    }
}

/// `integer`, `number` or `boolean`: the scalar type of a parameter's schema.
fn scalar(spec: &OpenAPI, p: &openapiv3::Parameter) -> Option<&'static str> {
    let ParameterSchemaOrContent::Schema(schema) = &p.parameter_data_ref().format else {
        return None;
    };
    match &resolve::schema(spec, schema)?.schema_kind {
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
    }
}

/// A parameter schema's scalar `default` as it is written on the wire.
fn wire_default(spec: &OpenAPI, p: &openapiv3::Parameter) -> Option<String> {
    let ParameterSchemaOrContent::Schema(schema) = &p.parameter_data_ref().format else {
        return None;
    };
    match resolve::schema(spec, schema)?
        .schema_data
        .default
        .as_ref()?
    {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The string values a parameter's schema lists in `enum`.
fn string_values(spec: &OpenAPI, p: &openapiv3::Parameter) -> Vec<String> {
    let ParameterSchemaOrContent::Schema(schema) = &p.parameter_data_ref().format else {
        return Vec::new();
    };
    match resolve::schema(spec, schema).map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::String(s))) => {
            s.enumeration.iter().flatten().cloned().collect()
        }
        _ => Vec::new(),
    }
}

/// The parameters of one list, resolved, with the place of each.
pub(super) fn resolve_all(
    spec: &OpenAPI,
    list: &[ReferenceOr<openapiv3::Parameter>],
    at: &str,
) -> Vec<Parameter> {
    list.iter()
        .enumerate()
        .filter_map(|(i, p)| {
            Some(of(
                spec,
                resolve::parameter(spec, p)?,
                format!("{at}.parameters.{i}"),
            ))
        })
        .collect()
}

/// Path-level parameters overridden by the operation's own (same name and place).
pub(super) fn merge(shared: &[Parameter], own: Vec<Parameter>) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = shared
        .iter()
        .filter(|s| {
            !own.iter()
                .any(|o| o.name == s.name && o.location == s.location)
        })
        .cloned()
        .collect();
    out.extend(own);
    out
}

fn of(spec: &OpenAPI, p: &openapiv3::Parameter, at: String) -> Parameter {
    use openapiv3::Parameter as P;
    let data = p.parameter_data_ref();
    let (location, style) = match p {
        P::Path { style, .. } => (ParameterIn::Path, style_name(style)),
        P::Query { style, .. } => (ParameterIn::Query, style_name(style)),
        P::Header { style, .. } => (ParameterIn::Header, style_name(style)),
        P::Cookie { style, .. } => (ParameterIn::Cookie, style_name(style)),
    };
    let is_array = match &data.format {
        ParameterSchemaOrContent::Schema(s) => matches!(
            resolve::schema(spec, s).map(|s| &s.schema_kind),
            Some(SchemaKind::Type(Type::Array(_)))
        ),
        ParameterSchemaOrContent::Content(_) => false,
    };
    Parameter {
        name: data.name.clone(),
        location,
        at,
        required: data.required,
        explode: data.explode.unwrap_or(style == "form"),
        style,
        client: extensions::is_client_parameter(&data.extensions),
        is_array,
        default: client_parameter_default(spec, p),
        description: data.description.clone(),
        values: string_values(spec, p),
        scalar: scalar(spec, p),
        wire_default: wire_default(spec, p),
    }
}

fn style_name(style: &impl serde::Serialize) -> String {
    serde_json::to_value(style)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The client-level parameters of every operation, first-seen order, one
/// per name; a second declaration with other settings is a diagnostic.
pub(super) fn client_parameters(
    operations: &[Operation],
) -> (Vec<ClientParameter>, Vec<Diagnostic>) {
    let mut out: Vec<ClientParameter> = Vec::new();
    let mut problems = Vec::new();
    // A path-level parameter is in the list of every operation of its
    // path, with the same `at`: it counts once, where it is declared.
    let mut seen = std::collections::HashSet::new();
    for op in operations {
        for p in op.parameters.iter().filter(|p| p.client == Ok(true)) {
            if !seen.insert(p.at.as_str()) {
                continue;
            }
            let parameter = ClientParameter {
                name: p.name.clone(),
                location: match p.location {
                    ParameterIn::Header => ParameterLocation::Header,
                    _ => ParameterLocation::Query,
                },
                default: p.default.clone().unwrap_or_default(),
                description: p.description.clone(),
                rust_name: p.name.to_snake_case(),
                known_values: p.values.clone(),
            };
            match out.iter().find(|c| c.name == parameter.name) {
                None => out.push(parameter),
                Some(known)
                    if known.location == parameter.location
                        && known.default == parameter.default => {}
                Some(known) => problems.push(Diagnostic::at(
                    p.at.rsplit_once('.')
                        .map_or(p.at.as_str(), |(list, _)| list)
                        .to_string(),
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
        }
    }
    (out, problems)
}

/// Names under `components/parameters` whose parameter is client-level.
pub(super) fn client_component_parameters(spec: &OpenAPI) -> Vec<String> {
    spec.components
        .iter()
        .flat_map(|c| &c.parameters)
        .filter_map(|(name, p)| match p {
            ReferenceOr::Item(p) => {
                extensions::is_client_parameter(&p.parameter_data_ref().extensions)
                    .unwrap_or(false)
                    .then(|| name.clone())
            }
            ReferenceOr::Reference { .. } => None,
        })
        .collect()
}
