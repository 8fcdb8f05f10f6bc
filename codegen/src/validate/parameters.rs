//! Parameters: where they go, their styles, and client-level parameters.

use openapiv3::{OpenAPI, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

use crate::error::Diagnostic;
use crate::extensions::{self};
use crate::resolve;

pub(super) fn check_parameter(
    spec: &OpenAPI,
    p: &ReferenceOr<openapiv3::Parameter>,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(p) = resolve::parameter(spec, p) else {
        return; // reported by check_refs
    };
    let data = p.parameter_data_ref();
    let here = at;
    let name = &data.name;
    if let ParameterSchemaOrContent::Content(_) = data.format {
        out.push(Diagnostic::at(
            here,
            format!("parameter `{name}`: parameters described with `content` are not supported; use `schema`"),
        ));
    }
    match p {
        openapiv3::Parameter::Path { style, .. } => {
            if !data.required {
                out.push(Diagnostic::at(
                    here,
                    format!("path parameter `{name}` must be `required: true`"),
                ));
            }
            if !matches!(style, openapiv3::PathStyle::Simple) {
                out.push(Diagnostic::at(
                    here,
                    format!("path parameter `{name}`: only the `simple` style is supported"),
                ));
            }
        }
        openapiv3::Parameter::Cookie { .. } => out.push(Diagnostic::at(
            here,
            format!("parameter `{name}`: cookie parameters are not supported"),
        )),
        openapiv3::Parameter::Query { style, .. } if !matches!(style, QueryStyle::Form) => out
            .push(Diagnostic::at(
                here,
                format!(
                    "query parameter `{name}`: style `{}` is not supported; only `form` is",
                    serde_json::to_value(style)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
            )),
        _ => {}
    }
    match extensions::is_client_parameter(&data.extensions) {
        Err(e) => out.push(Diagnostic::at(here, format!("parameter `{name}`: {e}"))),
        Ok(false) => {}
        Ok(true) => {
            if !matches!(
                p,
                openapiv3::Parameter::Query { .. } | openapiv3::Parameter::Header { .. }
            ) {
                out.push(Diagnostic::at(
                    here,
                    format!("client-level parameter `{name}` must be in `query` or `header`"),
                ));
            }
            if client_parameter_default(spec, p).is_none() {
                out.push(Diagnostic::at(
                    here,
                    format!(
                        "client-level parameter `{name}` needs `schema: {{type: string, default: ...}}`: \
                         the default is what the client sends unless the user overrides it"
                    ),
                ));
            }
        }
    }
}

/// The string values a client-level parameter's schema lists in `enum`.
pub fn client_parameter_values(spec: &OpenAPI, p: &openapiv3::Parameter) -> Vec<String> {
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

/// The string default of a client-level parameter's schema, if it has one.
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
