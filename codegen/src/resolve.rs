//! Following local `$ref`s (`#/components/<kind>/<name>`) inside the document.

use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// The name in a local reference of the given component kind, e.g.
/// `#/components/schemas/Foo` → `Foo` for kind `schemas`.
pub fn ref_name<'a>(reference: &'a str, kind: &str) -> Option<&'a str> {
    reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')
        .filter(|name| !name.is_empty() && !name.contains('/'))
}

fn components(spec: &OpenAPI) -> Option<&Components> {
    spec.components.as_ref()
}

/// Resolves a parameter, following at most a few hops of references.
pub fn parameter<'a>(spec: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    follow(p, |r| {
        components(spec)?.parameters.get(ref_name(r, "parameters")?)
    })
}

/// Resolves a response.
pub fn response<'a>(spec: &'a OpenAPI, r: &'a ReferenceOr<Response>) -> Option<&'a Response> {
    follow(r, |r| {
        components(spec)?.responses.get(ref_name(r, "responses")?)
    })
}

/// Resolves a request body.
pub fn request_body<'a>(
    spec: &'a OpenAPI,
    b: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    follow(b, |r| {
        components(spec)?
            .request_bodies
            .get(ref_name(r, "requestBodies")?)
    })
}

/// Resolves a schema.
pub fn schema<'a>(spec: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    follow(s, |r| {
        components(spec)?.schemas.get(ref_name(r, "schemas")?)
    })
}

/// Resolves a boxed schema (as found in properties and items).
pub fn boxed_schema<'a>(spec: &'a OpenAPI, s: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match s {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let target = components(spec)?
                .schemas
                .get(ref_name(reference, "schemas")?)?;
            schema(spec, target)
        }
    }
}

/// Follows references until an item, giving up after 16 hops (a cycle).
fn follow<'a, T>(
    start: &'a ReferenceOr<T>,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
) -> Option<&'a T> {
    let mut current = start;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => current = lookup(reference)?,
        }
    }
    None
}

/// A stable key for "which schema is this": the reference string for a
/// reference, the JSON text of an inline schema otherwise.
pub fn schema_key(s: &ReferenceOr<Schema>) -> String {
    match s {
        ReferenceOr::Reference { reference } => reference.clone(),
        ReferenceOr::Item(item) => serde_json::to_string(item).unwrap_or_default(),
    }
}
