//! The spec extensions this generator understands (Azure's AutoRest ones and
//! this project's own), their keys and typed values. Only the model
//! ([`super::Model::build`]) reads them from the document, once; everything
//! else reads the model.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// `x-ms-pageable` on an operation: the response is one page of a list, and
/// the next page is fetched from the URL in `nextLinkName`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "a mapping with `nextLinkName` and `itemName`"
)]
pub struct Pageable {
    /// JSON name of the property holding the next page's URL; `None` (an
    /// explicit `null`) when the list is never more than one page.
    #[serde(default = "default_next_link")]
    pub next_link_name: Option<String>,
    /// JSON name of the array property holding the page's items.
    #[serde(default = "default_item_name")]
    pub item_name: String,
    /// AutoRest's name for the generated paging method; accepted, not used.
    #[serde(default)]
    pub operation_name: Option<String>,
}

fn default_next_link() -> Option<String> {
    Some("nextLink".to_string())
}

fn default_item_name() -> String {
    "value".to_string()
}

/// `x-ms-enum` on a string schema with `enum`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "a mapping with `name` and `modelAsString`"
)]
pub struct MsEnum {
    /// The enum's type name; needed when the schema is not a named component.
    pub name: Option<String>,
    /// `true`: the list is open; the service may send values not listed, so
    /// the generated type must accept them.
    #[serde(default)]
    pub model_as_string: bool,
    /// Per-value names and descriptions; accepted, not used.
    #[serde(default)]
    pub values: Option<serde_json::Value>,
    /// Newer AutoRest spelling of `modelAsString`; accepted, not used.
    #[serde(default)]
    pub model_as_extensible: Option<bool>,
}

/// The extension keys, in one place.
pub const PAGEABLE: &str = "x-ms-pageable";
/// See [`MsEnum`].
pub const ENUM: &str = "x-ms-enum";
/// `x-ms-parameter-location: client | method` on a parameter.
pub const PARAMETER_LOCATION: &str = "x-ms-parameter-location";
/// `x-ms-discriminator-value: <value>` on a schema that `allOf`-extends a
/// schema with a `discriminator`: the value naming this variant.
pub const DISCRIMINATOR_VALUE: &str = "x-ms-discriminator-value";
/// This project's extension `x-acs-retryable: true | false` on an
/// operation: whether a POST or PATCH may be sent again after a time-out or
/// a 5xx (the operation is idempotent, or the service deduplicates it).
/// Azure's own marker, a `repeatability-request-id` header parameter, means
/// the same; see [`super::RetrySafety`].
pub const RETRYABLE: &str = "x-acs-retryable";

/// This project's extension `x-acs-client-docs: <Markdown>` on `info`: the
/// `Client` type's documentation, for the crate's users.
pub const CLIENT_DOCS: &str = "x-acs-client-docs";
/// This project's extension `x-acs-scope: {name, type}` on a path
/// parameter: a scope type holding it (see [`super::Scope`]).
pub const SCOPE: &str = "x-acs-scope";
/// This project's extension `x-acs-scope-method: <snake_case>` on an
/// operation: its method's name on a scope.
pub const SCOPE_METHOD: &str = "x-acs-scope-method";

/// Reads one extension as `T`; `Ok(None)` when absent, `Err` with serde's
/// message when present but malformed.
pub(crate) fn read<T: for<'de> Deserialize<'de>>(
    extensions: &IndexMap<String, Value>,
    key: &str,
) -> Result<Option<T>, String> {
    match extensions.get(key) {
        None => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| format!("malformed `{key}`: {e}")),
    }
}

/// Whether a parameter is marked client-level.
pub(crate) fn is_client_parameter(extensions: &IndexMap<String, Value>) -> Result<bool, String> {
    match read::<String>(extensions, PARAMETER_LOCATION)?.as_deref() {
        None | Some("method") => Ok(false),
        Some("client") => Ok(true),
        Some(other) => Err(format!(
            "`{PARAMETER_LOCATION}` must be `client` or `method`, found `{other}`"
        )),
    }
}
