//! Pageable operations (`x-ms-pageable`): which properties of the page hold
//! the items and the next link.

use openapiv3::{OpenAPI, Operation, ReferenceOr, SchemaKind, Type};

use super::extensions::Pageable;
use crate::resolve;

/// How to read the pages of a pageable operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paging {
    /// The extension as written (defaults filled in).
    pub extension: Pageable,
    /// JSON name of the array property holding the items (`itemName`).
    pub item_name: String,
    /// JSON name of the next-link property; `None` for a one-page listing.
    pub next_link_name: Option<String>,
    /// The component name of the page schema, when the first 2xx JSON body
    /// is a `$ref` to one.
    pub page_schema: Option<String>,
    /// Whether the page schema lists the item property as `required`;
    /// `None` when the page schema is not an object with that property.
    pub item_required: Option<bool>,
}

pub(super) fn of(spec: &OpenAPI, op: &Operation, extension: Pageable) -> Paging {
    let body = op
        .responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            openapiv3::StatusCode::Code(c) => (200..300).contains(c),
            openapiv3::StatusCode::Range(r) => *r == 2,
        })
        .find_map(|(_, r)| resolve::response(spec, r))
        .and_then(|r| r.content.get("application/json")?.schema.as_ref());
    let page_schema = match body {
        Some(ReferenceOr::Reference { reference }) => {
            resolve::ref_name(reference, "schemas").map(str::to_string)
        }
        _ => None,
    };
    let item_required = body
        .and_then(|b| resolve::schema(spec, b))
        .and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some(o),
            _ => None,
        })
        .filter(|o| o.properties.contains_key(&extension.item_name))
        .map(|o| o.required.contains(&extension.item_name));
    Paging {
        item_name: extension.item_name.clone(),
        next_link_name: extension.next_link_name.clone(),
        page_schema,
        item_required,
        extension,
    }
}
