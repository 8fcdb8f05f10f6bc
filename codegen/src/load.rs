//! Parsing spec text into an [`openapiv3::OpenAPI`] document, with errors that
//! point at a line and column or a path inside the document.

use openapiv3::OpenAPI;
use serde::de::Deserialize;

use crate::error::{Diagnostic, Location};

/// Parses OpenAPI 3.0.x YAML (or JSON, which is YAML) text.
///
/// Three passes, each with its own kind of error:
/// 1. YAML syntax (line and column from the YAML parser);
/// 2. the `openapi` version: only 3.0.x is accepted, since progenitor and
///    `openapiv3` read nothing else (3.1 would parse partly and silently
///    misread `type: [string, "null"]` and friends);
/// 3. the OpenAPI structure, with the path inside the document of the value
///    that did not fit.
pub fn load(text: &str) -> Result<OpenAPI, Vec<Diagnostic>> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| vec![yaml_error(&e)])?;
    check_version(&value)?;

    let deserializer = serde_yaml::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, OpenAPI>(deserializer) {
        Ok(spec) => Ok(spec),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = refine_untagged(&value, &path, strip_position(&inner));
            let location = match inner.location() {
                Some(loc) if path != "." => Location::PathAndPosition {
                    path,
                    line: loc.line(),
                    column: loc.column(),
                },
                Some(loc) => Location::Position {
                    line: loc.line(),
                    column: loc.column(),
                },
                None => Location::Path(path),
            };
            Err(vec![Diagnostic { location, message }])
        }
    }
}

fn yaml_error(e: &serde_yaml::Error) -> Diagnostic {
    let message = format!("invalid YAML: {}", strip_position(e));
    match e.location() {
        Some(loc) => Diagnostic {
            location: Location::Position {
                line: loc.line(),
                column: loc.column(),
            },
            message,
        },
        None => Diagnostic {
            location: Location::Document,
            message,
        },
    }
}

/// serde_yaml appends " at line L column C" to its messages; the location is
/// reported separately, so drop it from the text.
fn strip_position(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn check_version(value: &serde_yaml::Value) -> Result<(), Vec<Diagnostic>> {
    let version = match value.get("openapi") {
        Some(serde_yaml::Value::String(v)) => v.as_str(),
        Some(other) => {
            return Err(vec![Diagnostic::at(
                "openapi",
                format!("`openapi` must be a string such as \"3.0.3\", found {other:?}"),
            )]);
        }
        None if value.get("swagger").is_some() => {
            return Err(vec![Diagnostic {
                location: Location::Document,
                message: "this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported"
                    .to_string(),
            }]);
        }
        None => {
            return Err(vec![Diagnostic {
                location: Location::Document,
                message: "missing `openapi` field; expected an OpenAPI 3.0.x document".to_string(),
            }]);
        }
    };
    let mut parts = version.split('.');
    if parts.next() == Some("3") && parts.next() == Some("0") {
        Ok(())
    } else {
        Err(vec![Diagnostic::at(
            "openapi",
            format!(
                "OpenAPI {version} is not supported; only 3.0.x is (progenitor 0.15 reads 3.0 only)"
            ),
        )])
    }
}

/// `openapiv3` wraps most objects in an untagged `ReferenceOr<T>`, whose only
/// message is "data did not match any variant of untagged enum ReferenceOr".
/// When that happens, decode the same value again as the inner type alone to
/// say what is actually wrong and where inside it.
fn refine_untagged(root: &serde_yaml::Value, path: &str, message: String) -> String {
    if !message.contains("untagged enum") {
        return message;
    }
    let Some(value) = lookup(root, path) else {
        return message;
    };
    if let Some(reference) = value.get("$ref") {
        return match reference {
            serde_yaml::Value::String(_) => message,
            _ => "`$ref` must be a string".to_string(),
        };
    }
    let detail = match kind_of(path) {
        Kind::PathItem => inner_error::<openapiv3::PathItem>(value),
        Kind::Parameter => inner_error::<openapiv3::Parameter>(value),
        Kind::Response => inner_error::<openapiv3::Response>(value),
        Kind::Schema => inner_error::<openapiv3::Schema>(value),
        Kind::RequestBody => inner_error::<openapiv3::RequestBody>(value),
        Kind::Other => None,
    };
    detail.unwrap_or(message)
}

enum Kind {
    PathItem,
    Parameter,
    Response,
    Schema,
    RequestBody,
    Other,
}

fn kind_of(path: &str) -> Kind {
    let segments: Vec<&str> = split_path(path);
    let parent = segments.len().checked_sub(2).map(|i| segments[i]);
    match (segments.first().copied(), segments.len(), parent) {
        (Some("paths"), 2, _) => Kind::PathItem,
        (_, _, Some("parameters")) => Kind::Parameter,
        (_, _, Some("responses")) => Kind::Response,
        (_, _, Some("schemas" | "properties" | "allOf" | "oneOf" | "anyOf")) => Kind::Schema,
        (_, _, Some("requestBodies")) => Kind::RequestBody,
        _ if segments.last() == Some(&"requestBody") => Kind::RequestBody,
        _ if matches!(
            segments.last(),
            Some(&"schema" | &"items" | &"additionalProperties" | &"not")
        ) =>
        {
            Kind::Schema
        }
        _ => Kind::Other,
    }
}

fn inner_error<'de, T: Deserialize<'de>>(value: &'de serde_yaml::Value) -> Option<String> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let inner_path = e.path().to_string();
            let inner = strip_position(e.inner());
            Some(if inner_path == "." {
                inner
            } else {
                format!("{inner} (at `{inner_path}` inside it)")
            })
        }
    }
}

/// Splits a serde_path_to_error path (`paths./a/b.get.responses.200`) into
/// its segments. Map keys that hold dots are not split further, since the
/// only keys here with slashes are paths, which start with `/`.
fn split_path(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        let end = if rest.starts_with('/') {
            // A URL path may hold dots of its own (`/v1.0/items`): it ends at
            // the first dot that is followed by a path-item key.
            url_path_end(rest)
        } else {
            rest.find('.').unwrap_or(rest.len())
        };
        out.push(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
    }
    out
}

const PATH_ITEM_KEYS: &[&str] = &[
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "servers",
    "parameters",
    "summary",
    "description",
    "$ref",
];

fn url_path_end(rest: &str) -> usize {
    rest.match_indices('.')
        .map(|(i, _)| i)
        .find(|&i| {
            let next = rest[i + 1..].split('.').next().unwrap_or("");
            PATH_ITEM_KEYS.contains(&next) || next.starts_with("x-")
        })
        .unwrap_or(rest.len())
}

fn lookup<'a>(root: &'a serde_yaml::Value, path: &str) -> Option<&'a serde_yaml::Value> {
    let mut node = root;
    for segment in split_path(path) {
        node = match node {
            serde_yaml::Value::Mapping(map) => map
                .iter()
                .find(|(k, _)| key_matches(k, segment))
                .map(|(_, v)| v)?,
            serde_yaml::Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn key_matches(key: &serde_yaml::Value, segment: &str) -> bool {
    match key {
        serde_yaml::Value::String(s) => s == segment,
        serde_yaml::Value::Number(n) => n.to_string() == segment,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths_with_url_segments() {
        assert_eq!(
            split_path("paths./chat/threads/{id}/readReceipts.get.responses.200"),
            vec![
                "paths",
                "/chat/threads/{id}/readReceipts",
                "get",
                "responses",
                "200"
            ]
        );
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = load("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(
            matches!(
                err[0].location,
                Location::Position { line: 3, .. } | Location::Position { line: 2, .. }
            ),
            "{err:?}"
        );
        assert!(err[0].message.starts_with("invalid YAML"), "{err:?}");
    }

    #[test]
    fn openapi_31_is_refused() {
        let err = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(err[0].message.contains("3.1.0 is not supported"), "{err:?}");
    }
}
