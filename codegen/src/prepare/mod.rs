//! Rewrites of the loaded document that come before everything else (the
//! model, validation, normalization), for valid OpenAPI that the rest of
//! the pipeline would otherwise refuse or turn into code that does not
//! compile clippy-clean:
//! - [`pointer_refs`]: `$ref`s that point *inside* a component schema
//!   (`#/components/schemas/X/properties/y/items`, as `swagger2openapi
//!   --resolve` writes them) become references to new component schemas;
//! - [`zero_bounds`]: `minLength: 0`, `minItems: 0` and `minProperties: 0`
//!   say nothing, but typify turns them into `len() < 0usize` checks;
//! - [`api_version`]: a query parameter `api-version` is a client setting
//!   whose default is `info.version` unless the spec gives one.
//!
//! The first two work on the document as a YAML value (whose mappings keep
//! their order, so paths, media types and properties stay in document
//! order; a `serde_json::Value` would sort them), and only when the spec
//! text can hold what they rewrite, so a spec without either pays nothing;
//! the third works on the typed document.

mod api_version;
mod pointer_refs;
mod zero_bounds;

use openapiv3::OpenAPI;
use serde_yaml::{Mapping, Value};

use crate::error::{Diagnostic, Location};

/// Applies the rewrites when `text` (the spec the document was loaded
/// from) may need them.
pub fn prepare(mut spec: OpenAPI, text: &str) -> Result<OpenAPI, Vec<Diagnostic>> {
    api_version::settle(&mut spec);
    let deep = pointer_refs::may_have(text);
    let zero = zero_bounds::may_have(text);
    if !deep && !zero {
        return Ok(spec);
    }
    let mut root = serde_yaml::to_value(&spec).map_err(|e| internal(&e))?;
    let mut changed = false;
    if zero {
        changed |= zero_bounds::drop(&mut root);
    }
    if deep {
        changed |= pointer_refs::hoist(&mut root);
    }
    if !changed {
        return Ok(spec);
    }
    serde_yaml::from_value(root).map_err(|e| internal(&e))
}

fn internal(e: &serde_yaml::Error) -> Vec<Diagnostic> {
    vec![Diagnostic {
        location: Location::Document,
        message: format!("internal: the document does not survive its own YAML form: {e}"),
    }]
}

/// The value at a JSON pointer (`/a/b~1c/0`), if any.
pub(super) fn pointer<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut at = root;
    for segment in segments(pointer)? {
        at = match at {
            Value::Mapping(m) => m.get(segment.as_str())?,
            Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// [`pointer`], for changing the value.
pub(super) fn pointer_mut<'a>(root: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let mut at = root;
    for segment in segments(pointer)? {
        at = match at {
            Value::Mapping(m) => m.get_mut(segment.as_str())?,
            Value::Sequence(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Calls `visit` on every JSON object of the document that can be a schema
/// or hold one, skipping free-form data (`example`, `examples`, `default`,
/// `enum`, `x-` extensions), where a key like `minLength` or `$ref` is data.
pub(super) fn visit_objects(value: &mut Value, visit: &mut dyn FnMut(&mut Mapping)) {
    match value {
        Value::Mapping(map) => {
            visit(map);
            for (k, v) in map.iter_mut() {
                let data = k.as_str().is_some_and(|k| {
                    matches!(k, "example" | "examples" | "default" | "enum") || k.starts_with("x-")
                });
                if !data {
                    visit_objects(v, visit);
                }
            }
        }
        Value::Sequence(items) => {
            for v in items {
                visit_objects(v, visit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    /// The rewrite keeps document order: a `serde_json::Value` round trip
    /// would sort paths and media types, and with them the generated
    /// methods and the media type a body is sent in.
    #[test]
    fn document_order_survives_the_rewrite() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /zeta:
    post:
      requestBody:
        content:
          text/json:
            schema: {$ref: '#/components/schemas/B'}
          application/a+json:
            schema: {$ref: '#/components/schemas/B'}
      responses: {"204": {description: ok}}
  /alpha:
    get:
      responses: {"204": {description: ok}}
components:
  schemas:
    B:
      type: object
      properties:
        s: {type: string, minLength: 0}
        t: {$ref: '#/components/schemas/B/properties/s'}
"#;
        let spec: openapiv3::OpenAPI = serde_yaml::from_str(text).unwrap();
        let out = super::prepare(spec, text).unwrap();
        let paths: Vec<&String> = out.paths.paths.keys().collect();
        assert_eq!(paths, ["/zeta", "/alpha"]);
        let body = out.paths.paths["/zeta"]
            .as_item()
            .unwrap()
            .post
            .as_ref()
            .unwrap();
        let Some(openapiv3::ReferenceOr::Item(body)) = &body.request_body else {
            panic!()
        };
        let media: Vec<&String> = body.content.keys().collect();
        assert_eq!(media, ["text/json", "application/a+json"]);
        let schemas: Vec<&String> = out.components.as_ref().unwrap().schemas.keys().collect();
        assert_eq!(schemas, ["B", "BS"]);
        let b = serde_json::to_value(&out.components.as_ref().unwrap().schemas["B"]).unwrap();
        assert_eq!(b["properties"]["s"]["$ref"], "#/components/schemas/BS");
        let bs = serde_json::to_value(&out.components.as_ref().unwrap().schemas["BS"]).unwrap();
        assert!(bs.get("minLength").is_none(), "{bs}");
    }
}
