//! Parsing spec text into an [`openapiv3::OpenAPI`] document, with errors that
//! point at a line and column or a path inside the document.

use openapiv3::OpenAPI;
use serde::de::Deserialize;

use crate::error::{Diagnostic, Location};
use crate::operations::METHODS;

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
    load_with(text, false)
}

/// [`load`] for review: a document that lacks fields OpenAPI requires but
/// a comparison does not need (see [`crate::lenient`]) is read with them
/// filled in. Every other error is the same as [`load`]'s.
pub fn load_lenient(text: &str) -> Result<OpenAPI, Vec<Diagnostic>> {
    load_with(text, true)
}

fn load_with(text: &str, lenient: bool) -> Result<OpenAPI, Vec<Diagnostic>> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| vec![yaml_error(&e, text)])?;
    match &value {
        serde_yaml::Value::Mapping(_) => {}
        serde_yaml::Value::Null => {
            return Err(vec![Diagnostic {
                location: Location::Document,
                message: "the spec is empty; expected an OpenAPI 3.0.x document".to_string(),
            }]);
        }
        other => {
            return Err(vec![Diagnostic {
                location: Location::Position { line: 1, column: 1 },
                message: format!(
                    "the top level is a YAML {}; expected a mapping with `openapi`, `info` and `paths`",
                    yaml_kind(other)
                ),
            }]);
        }
    }
    check_version(&value)?;

    // Fast path: the document from the YAML value already parsed. Only
    // when that fails is the text parsed a second time, by the
    // deserializer that knows the path and position of the first error.
    if let Ok(spec) = OpenAPI::deserialize(&value) {
        let problems = check_status_keys(&value);
        return if problems.is_empty() {
            Ok(spec)
        } else {
            Err(problems)
        };
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let mut parsed = serde_path_to_error::deserialize::<_, OpenAPI>(deserializer);
    if lenient && parsed.is_err() {
        let mut filled = value.clone();
        if crate::lenient::fill_required(&mut filled)
            && let Ok(spec) = serde_path_to_error::deserialize::<_, OpenAPI>(filled)
        {
            parsed = Ok(spec);
        }
    }
    match parsed {
        Ok(spec) => {
            let problems = check_status_keys(&value);
            if problems.is_empty() {
                Ok(spec)
            } else {
                Err(problems)
            }
        }
        Err(err) => {
            let path = dotted(&err.path().to_string());
            let inner = err.into_inner();
            let message = clean(&strip_position(&inner));
            let (refined_path, refined) = refine_untagged(&value, &path, message.clone());
            let location = if refined_path != path {
                // The position serde_yaml knows is where the untagged value
                // starts; the caller finds the refined path's own position.
                Location::Path(refined_path)
            } else {
                match inner.location() {
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
                }
            };
            Err(vec![Diagnostic {
                location,
                message: refined,
            }])
        }
    }
}

/// Response keys must be status codes, `1XX`…`5XX` or `default`;
/// `openapiv3` silently drops any other key.
fn check_status_keys(root: &serde_yaml::Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(serde_yaml::Value::as_mapping) else {
        return out;
    };
    for (url, item) in paths {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        for (method, op) in item {
            let method = key_text(method);
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let Some(responses) = op.get("responses").and_then(serde_yaml::Value::as_mapping)
            else {
                continue;
            };
            for key in responses.keys() {
                let key = key_text(key);
                let valid = key == "default"
                    || key.starts_with("x-")
                    || (key.len() == 3
                        && matches!(key.as_bytes()[0], b'1'..=b'5')
                        && (key[1..].bytes().all(|b| b.is_ascii_digit()) || &key[1..] == "XX"));
                if !valid {
                    out.push(Diagnostic::at(
                        format!("paths.{}.{method}.responses.{key}", key_text(url)),
                        format!(
                            "`{key}` is not a status code; use e.g. \"200\", \"4XX\" or `default`"
                        ),
                    ));
                }
            }
        }
    }
    out
}

fn yaml_kind(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "null",
        serde_yaml::Value::Bool(_) => "boolean",
        serde_yaml::Value::Number(_) => "number",
        serde_yaml::Value::String(_) => "string",
        serde_yaml::Value::Sequence(_) => "list",
        serde_yaml::Value::Mapping(_) => "mapping",
        serde_yaml::Value::Tagged(_) => "tagged value",
    }
}

fn yaml_error(e: &serde_yaml::Error, text: &str) -> Diagnostic {
    let mut message = format!("invalid YAML: {}", strip_position(e));
    match e.location() {
        Some(loc) => {
            let line = text.lines().nth(loc.line().saturating_sub(1)).unwrap_or("");
            if line.starts_with('\t') || line.trim_start_matches(' ').starts_with('\t') {
                message.push_str(" (a tab cannot indent YAML; use spaces)");
            }
            if strip_position(e).contains("recursion limit exceeded") {
                // serde_yaml's limit; it is what bounds every recursive walk
                // of the document later on (see deep_stack.rs).
                message.push_str(" (values nest more than 128 levels deep here; flatten the schema with named components)");
            }
            Diagnostic {
                location: Location::Position {
                    line: loc.line(),
                    column: loc.column(),
                },
                message,
            }
        }
        None => Diagnostic {
            location: Location::Document,
            message,
        },
    }
}

/// serde_yaml puts " at line L column C" (the error's own position) into its
/// messages; the position is reported separately, so that part is dropped.
/// Other positions in the text (e.g. where a list started) stay.
fn strip_position(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    match e.location() {
        Some(loc) => text.replacen(
            &format!(" at line {} column {}", loc.line(), loc.column()),
            "",
            1,
        ),
        None => text,
    }
}

/// serde's words for Rust types, in OpenAPI terms.
fn clean(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find("expected struct ") {
        let rest = &out[i + "expected struct ".len()..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .unwrap_or(rest.len());
        out = format!("{}expected a mapping{}", &out[..i], &rest[end..]);
    }
    out.replace("expected internally tagged enum", "expected a mapping")
}

fn check_version(value: &serde_yaml::Value) -> Result<(), Vec<Diagnostic>> {
    let version = match value.get("openapi") {
        Some(serde_yaml::Value::String(v)) => v.as_str(),
        Some(other) => {
            return Err(vec![Diagnostic::at(
                "openapi",
                format!(
                    "`openapi` must be a string such as \"3.0.3\", found `{}`; quote it",
                    serde_yaml::to_string(other).unwrap_or_default().trim()
                ),
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
/// message is "data did not match any variant of untagged enum ReferenceOr",
/// placed at the start of the value (or of the map holding it). When that
/// happens, the same values are decoded again as the inner types alone,
/// descending until the real problem and its path are found.
fn refine_untagged(root: &serde_yaml::Value, path: &str, message: String) -> (String, String) {
    let mut path = path.to_string();
    let mut message = message;
    // serde_yaml starts its messages with the path; it is reported apart.
    if let Some(rest) = message.strip_prefix(&format!("{path}: ")) {
        message = rest.to_string();
    }
    for _ in 0..32 {
        let Some(value) = lookup(root, &path) else {
            break;
        };
        let step = match kind_of(&path) {
            Shape::One(kind) => first_error(kind, value).map(|(sub, m)| (join(&path, &sub), m)),
            Shape::Map(kind) => value.as_mapping().and_then(|map| {
                map.iter().find_map(|(k, child)| {
                    let (sub, m) = first_error(kind, child)?;
                    Some((join(&join(&path, &key_text(k)), &sub), m))
                })
            }),
            Shape::Seq(kind) => value.as_sequence().and_then(|items| {
                items.iter().enumerate().find_map(|(i, child)| {
                    let (sub, m) = first_error(kind, child)?;
                    Some((join(&join(&path, &i.to_string()), &sub), m))
                })
            }),
            Shape::Unknown => None,
        };
        match step {
            Some((next, m)) if next.len() > path.len() => {
                path = next;
                message = clean(&m);
            }
            _ => break,
        }
    }
    if message.contains("untagged enum") {
        message = "this is neither a `$ref` nor a valid definition here".to_string();
    }
    (path, message)
}

/// serde_path_to_error writes list indexes as `parameters[0]`; the rest of
/// the crate writes `parameters.0`.
fn dotted(path: &str) -> String {
    path.replace('[', ".").replace(']', "")
}

fn join(path: &str, sub: &str) -> String {
    match (path, sub) {
        (p, ".") | (p, "") => p.to_string(),
        (".", s) | ("", s) => s.to_string(),
        (p, s) => format!("{p}.{s}"),
    }
}

fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[derive(Clone, Copy)]
enum Kind {
    PathItem,
    Operation,
    Parameter,
    Response,
    Schema,
    RequestBody,
}

enum Shape {
    One(Kind),
    Map(Kind),
    Seq(Kind),
    Unknown,
}

/// What a value at this document path is, judged by the path's shape.
fn kind_of(path: &str) -> Shape {
    let segments = split_path(path);
    let n = segments.len();
    let last = segments.last().copied().unwrap_or("");
    let parent = n.checked_sub(2).map(|i| segments[i]).unwrap_or("");
    let in_components = segments.first() == Some(&"components");
    match (segments.first().copied(), n) {
        (Some("paths"), 1) => return Shape::Map(Kind::PathItem),
        (Some("paths"), 2) => return Shape::One(Kind::PathItem),
        (Some("paths"), 3) if METHODS.contains(&last) => return Shape::One(Kind::Operation),
        _ => {}
    }
    match (parent, last) {
        (_, "parameters") if in_components && n == 2 => Shape::Map(Kind::Parameter),
        (_, "parameters") => Shape::Seq(Kind::Parameter),
        ("parameters", _) => Shape::One(Kind::Parameter),
        (_, "responses") if in_components && n == 2 => Shape::Map(Kind::Response),
        (_, "responses") => Shape::Map(Kind::Response),
        ("responses", _) => Shape::One(Kind::Response),
        (_, "requestBodies") => Shape::Map(Kind::RequestBody),
        ("requestBodies", _) | (_, "requestBody") => Shape::One(Kind::RequestBody),
        (_, "schemas" | "properties") => Shape::Map(Kind::Schema),
        (_, "allOf" | "oneOf" | "anyOf") => Shape::Seq(Kind::Schema),
        ("schemas" | "properties" | "allOf" | "oneOf" | "anyOf", _) => Shape::One(Kind::Schema),
        (_, "schema" | "items" | "additionalProperties" | "not") => Shape::One(Kind::Schema),
        _ => Shape::Unknown,
    }
}

/// Decodes `value` as the inner type of `kind`: `None` if it decodes (or is
/// a `$ref`), else the path inside it and the message.
fn first_error(kind: Kind, value: &serde_yaml::Value) -> Option<(String, String)> {
    if value.get("$ref").is_some() && !matches!(kind, Kind::PathItem | Kind::Operation) {
        return match value.get("$ref") {
            Some(serde_yaml::Value::String(_)) => None,
            _ => Some(("$ref".to_string(), "`$ref` must be a string".to_string())),
        };
    }
    fn attempt<'de, T: Deserialize<'de>>(
        value: &'de serde_yaml::Value,
    ) -> Option<(String, String)> {
        serde_path_to_error::deserialize::<_, T>(value)
            .err()
            .map(|e| (dotted(&e.path().to_string()), strip_position(e.inner())))
    }
    match kind {
        Kind::PathItem => attempt::<openapiv3::PathItem>(value),
        Kind::Operation => attempt::<openapiv3::Operation>(value),
        Kind::Parameter => attempt::<openapiv3::Parameter>(value),
        Kind::Response => attempt::<openapiv3::Response>(value),
        Kind::Schema => attempt::<openapiv3::Schema>(value),
        Kind::RequestBody => attempt::<openapiv3::RequestBody>(value),
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

/// Path-item keys besides the methods.
const PATH_ITEM_KEYS: &[&str] = &["servers", "parameters", "summary", "description", "$ref"];

fn url_path_end(rest: &str) -> usize {
    rest.match_indices('.')
        .map(|(i, _)| i)
        .find(|&i| {
            let next = rest[i + 1..].split('.').next().unwrap_or("");
            METHODS.contains(&next) || PATH_ITEM_KEYS.contains(&next) || next.starts_with("x-")
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
