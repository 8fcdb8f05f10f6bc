//! Where each error schema an operation declares keeps its code and
//! message, for the runtime's `error_shapes`.
//!
//! The runtime decodes every error status itself (the generated code only
//! decodes successes) and knows the ACS shapes; other declared shapes are
//! read through JSON pointers derived here from the schemas:
//! - a string property named `code` / `message` (any case), on the schema
//!   or on one of its object properties (`{"error": {"code", "message"}}`,
//!   under any property name);
//! - otherwise, RFC 9457 problem details: code from `type`, message from
//!   `detail`, else `title`.
//!
//! Error schemas may differ per status (a problem body for 400, an
//! `ErrorResponse` as `default`): progenitor needs one error type, and
//! nothing generated decodes error bodies into it, so when they differ the
//! error responses lose their bodies in the document progenitor sees (their
//! schemas stay component types, for `ServiceError::decode_body`).

use openapiv3::{OpenAPI, Operation, ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use crate::resolve;

/// Code and message pointers of one declared error schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorShape {
    /// JSON pointers to the code, tried in order.
    pub code: Vec<String>,
    /// JSON pointers to the message, tried in order.
    pub message: Vec<String>,
}

/// The shape the runtime reads without being told.
fn is_builtin(shape: &ErrorShape) -> bool {
    shape.code == ["/error/code"] && shape.message == ["/error/message"]
}

/// The declared error schemas of `op` (document order, JSON-family media
/// types, each schema once) and their shapes, leaving out what the runtime
/// already reads.
pub(super) fn of(spec: &OpenAPI, op: &Operation) -> Vec<ErrorShape> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for schema in error_schemas(spec, op) {
        let key = resolve::schema_key(schema);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if let Some(shape) = resolve::schema(spec, schema).and_then(|s| shape(spec, s))
            && !is_builtin(&shape)
            && !out.contains(&shape)
        {
            out.push(shape);
        }
    }
    out
}

/// When the error schemas of `op` differ, its error responses keep no body.
pub(super) fn drop_bodies_if_they_differ(spec: &OpenAPI, op: &mut Operation) {
    let mut keys: Vec<String> = error_schemas(spec, op).map(resolve::schema_key).collect();
    keys.sort();
    keys.dedup();
    if keys.len() < 2 {
        return;
    }
    let error_responses = op
        .responses
        .responses
        .iter_mut()
        .filter(|(code, _)| !is_success(code))
        .map(|(_, r)| r)
        .chain(op.responses.default.as_mut());
    for r in error_responses {
        let Some(resolved) = resolve::response(spec, r) else {
            continue;
        };
        let mut bodiless = resolved.clone();
        bodiless.content.clear();
        *r = ReferenceOr::Item(bodiless);
    }
}

fn error_schemas<'a>(
    spec: &'a OpenAPI,
    op: &'a Operation,
) -> impl Iterator<Item = &'a ReferenceOr<Schema>> + 'a {
    op.responses
        .responses
        .iter()
        .filter(|(code, _)| !is_success(code))
        .map(|(_, r)| r)
        .chain(op.responses.default.as_ref())
        .filter_map(move |r| resolve::response(spec, r))
        .flat_map(|r| &r.content)
        .filter(|(media, _)| crate::media_type::is_json_family(media))
        .filter_map(|(_, m)| m.schema.as_ref())
}

fn shape(spec: &OpenAPI, schema: &Schema) -> Option<ErrorShape> {
    let top = properties(spec, schema, 0);
    let string_named = |props: &[(String, &Schema)], name: &str| {
        props
            .iter()
            .find(|(n, s)| n.eq_ignore_ascii_case(name) && is_string(s))
            .map(|(n, _)| n.clone())
    };
    let find = |name: &str| -> Option<String> {
        if let Some(n) = string_named(&top, name) {
            return Some(format!("/{}", escape(&n)));
        }
        top.iter().find_map(|(outer, s)| {
            let inner = properties(spec, s, 1);
            string_named(&inner, name).map(|n| format!("/{}/{}", escape(outer), escape(&n)))
        })
    };
    let (code, message) = (find("code"), find("message"));
    if code.is_some() || message.is_some() {
        return Some(ErrorShape {
            code: code.into_iter().collect(),
            message: message.into_iter().collect(),
        });
    }
    // RFC 9457 problem details.
    let named = |n: &str| string_named(&top, n).map(|n| format!("/{}", escape(&n)));
    let code: Vec<String> = named("type").into_iter().collect();
    let message: Vec<String> = [named("detail"), named("title")]
        .into_iter()
        .flatten()
        .collect();
    (!code.is_empty() || !message.is_empty()).then_some(ErrorShape { code, message })
}

/// The properties of an object schema (and of its `allOf` parts), resolved.
fn properties<'a>(spec: &'a OpenAPI, schema: &'a Schema, depth: u8) -> Vec<(String, &'a Schema)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object
            .properties
            .iter()
            .filter_map(|(n, s)| Some((n.clone(), resolve::boxed_schema(spec, s)?)))
            .collect(),
        SchemaKind::AllOf { all_of } if depth < 4 => all_of
            .iter()
            .filter_map(|s| resolve::schema(spec, s))
            .flat_map(|s| properties(spec, s, depth + 1))
            .collect(),
        _ => Vec::new(),
    }
}

fn is_string(schema: &Schema) -> bool {
    matches!(schema.schema_kind, SchemaKind::Type(Type::String(_)))
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (100..400).contains(c),
        StatusCode::Range(r) => *r < 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> OpenAPI {
        serde_yaml::from_str(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: string}
        "400":
          description: problem
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
        "404":
          description: acs
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AcsError'}
        "409":
          description: composed
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Base'
                  - type: object
                    properties:
                      Message: {type: string}
        default:
          description: plain text is not read
          content:
            text/plain:
              schema: {type: string}
components:
  schemas:
    Problem:
      type: object
      properties:
        type: {type: string}
        title: {type: string}
        detail: {type: string}
    AcsError:
      type: object
      properties:
        error:
          type: object
          properties:
            code: {type: string}
            message: {type: string}
    Base:
      type: object
      properties:
        Code: {type: integer}
        reason: {type: string}
"#,
        )
        .unwrap()
    }

    #[test]
    fn shapes_come_from_each_declared_json_error_schema() {
        let spec = spec();
        let op = spec.paths.paths["/a"]
            .as_item()
            .unwrap()
            .get
            .clone()
            .unwrap();
        let shapes = of(&spec, &op);
        let s = |code: &[&str], message: &[&str]| ErrorShape {
            code: code.iter().map(|c| c.to_string()).collect(),
            message: message.iter().map(|c| c.to_string()).collect(),
        };
        // The ACS shape is the runtime's own and left out; an integer
        // `Code` is not a string code; `Message` matches in any case.
        assert_eq!(
            shapes,
            [s(&["/type"], &["/detail", "/title"]), s(&[], &["/Message"])]
        );
    }

    #[test]
    fn differing_error_schemas_lose_their_bodies_for_progenitor() {
        let spec = spec();
        let mut op = spec.paths.paths["/a"]
            .as_item()
            .unwrap()
            .get
            .clone()
            .unwrap();
        drop_bodies_if_they_differ(&spec, &mut op);
        for (code, r) in &op.responses.responses {
            let r = resolve::response(&spec, r).unwrap();
            assert_eq!(r.content.is_empty(), code.to_string() != "200", "{code}");
        }
        assert!(
            op.responses
                .default
                .as_ref()
                .unwrap()
                .as_item()
                .unwrap()
                .content
                .is_empty()
        );
    }
}
