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
//! The first two work on the JSON form of the document, and only when the
//! spec text can hold what they rewrite, so a spec without either pays
//! nothing; the third works on the typed document.

mod api_version;
mod pointer_refs;
mod zero_bounds;

use openapiv3::OpenAPI;

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
    let mut root = serde_json::to_value(&spec).map_err(|e| internal(&e))?;
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
    serde_json::from_value(root).map_err(|e| internal(&e))
}

fn internal(e: &serde_json::Error) -> Vec<Diagnostic> {
    vec![Diagnostic {
        location: Location::Document,
        message: format!("internal: the document does not survive its own JSON form: {e}"),
    }]
}

/// Calls `visit` on every JSON object of the document that can be a schema
/// or hold one, skipping free-form data (`example`, `examples`, `default`,
/// `enum`, `x-` extensions), where a key like `minLength` or `$ref` is data.
pub(super) fn visit_objects(
    value: &mut serde_json::Value,
    visit: &mut dyn FnMut(&mut serde_json::Map<String, serde_json::Value>),
) {
    match value {
        serde_json::Value::Object(map) => {
            visit(map);
            for (k, v) in map.iter_mut() {
                if !matches!(k.as_str(), "example" | "examples" | "default" | "enum")
                    && !k.starts_with("x-")
                {
                    visit_objects(v, visit);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                visit_objects(v, visit);
            }
        }
        _ => {}
    }
}
