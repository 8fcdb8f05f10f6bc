//! Parameters: where they go, their styles, and client-level parameters.

use openapiv3::{OpenAPI, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use crate::error::Diagnostic;
use crate::model::Model;
use crate::resolve;

pub(super) fn check_parameter(
    spec: &OpenAPI,
    model: &Model,
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
        openapiv3::Parameter::Query { style, .. } => {
            let is_array = model.parameter(at).is_some_and(|f| f.is_array);
            let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
            let style_name = serde_json::to_value(style)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            match style {
                QueryStyle::Form => {}
                QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited if is_array && !explode => {}
                QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => out.push(Diagnostic::at(
                    here,
                    format!(
                        "query parameter `{name}`: style `{style_name}` is defined for an array \
                         with `explode: false` only"
                    ),
                )),
                QueryStyle::DeepObject => out.push(Diagnostic::at(
                    here,
                    format!(
                        "query parameter `{name}`: style `deepObject` is not supported (supported: \
                         `form`, and `spaceDelimited`/`pipeDelimited` for arrays)"
                    ),
                )),
            }
        }
        _ => {}
    }
    let Some(facts) = model.parameter(at) else {
        return; // every resolvable parameter is in the model
    };
    match &facts.client {
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
            if facts.default.is_none() {
                let hint = if name == "api-version" {
                    " (an `api-version` takes `info.version` unless its `enum` leaves that out)"
                } else {
                    ""
                };
                out.push(Diagnostic::at(
                    here,
                    format!(
                        "client-level parameter `{name}` needs `schema: {{type: string, default: ...}}`: \
                         the default is what the client sends unless the user overrides it{hint}"
                    ),
                ));
            }
        }
    }
}
