//! Operations: method, path, operationId, request bodies, responses per
//! status, and what the extensions say about them.

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

use super::extensions::{self, Pageable};
use super::paging::{self, Paging};
use super::parameter::{self, Parameter};
use super::retry::{self, RetrySafety};
use crate::error::{Diagnostic, path};
use crate::resolve;

/// An HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `get`
    Get,
    /// `put`
    Put,
    /// `post`
    Post,
    /// `delete`
    Delete,
    /// `options`
    Options,
    /// `head`
    Head,
    /// `patch`
    Patch,
    /// `trace`
    Trace,
}

impl Method {
    /// The OpenAPI spelling (lower case), as in document paths.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    fn parse(method: &str) -> Option<Method> {
        Some(match method {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        })
    }
}

/// One operation of the spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The URL template, e.g. `/chat/threads/{chatThreadId}/readReceipts`.
    pub path: String,
    /// The HTTP method.
    pub method: Method,
    /// Where it is in the document: `paths.<url>.<method>`.
    pub at: String,
    /// The `operationId` as written; `None` when missing or empty.
    pub operation_id: Option<String>,
    /// Path-level then operation-level parameters, resolved; an operation
    /// parameter replaces a path-level one of the same name and place.
    /// Unresolvable references are left out.
    pub parameters: Vec<Parameter>,
    /// The request body, resolved.
    pub request: Option<RequestBody>,
    /// 2xx responses (codes and `2XX`), in document order.
    pub success: Vec<Response>,
    /// Every other status, `default` last.
    pub errors: Vec<Response>,
    /// `x-ms-pageable`: `Ok(None)` when absent, `Err` when malformed.
    pub pageable: Result<Option<Paging>, String>,
    /// Whether the operation may be sent again after a failure.
    pub retry: Result<RetrySafety, String>,
}

impl Operation {
    /// The malformed extensions of this operation (its parameters' are
    /// in [`super::Model::diagnostics`]).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Err(e) = &self.pageable {
            out.push(Diagnostic::at(
                format!("{}.{}", self.at, extensions::PAGEABLE),
                e,
            ));
        }
        if let Err(e) = &self.retry {
            out.push(Diagnostic::at(
                format!("{}.{}", self.at, extensions::RETRYABLE),
                e,
            ));
        }
        out
    }

    /// Whether the runtime may send this operation again after a time-out
    /// or a 5xx (see [`RetrySafety`]); `false` when the marker is malformed.
    pub fn is_retry_safe(&self) -> bool {
        self.retry.as_ref().is_ok_and(|r| r.is_safe())
    }

    /// The generated method's name before case conversion: see [`operation_name`].
    pub fn method_name(&self) -> Option<&str> {
        self.operation_id.as_deref().map(operation_name)
    }
}

/// The part of an operationId that names the generated method and builder.
///
/// Azure operationIds are `Group_Operation` (`ChatThread_ListChatReadReceipts`);
/// as in the official SDKs, the group is dropped and the method is
/// `list_chat_read_receipts`. An id without `_` is used whole. Validation
/// checks that no two operations end up with the same name.
pub fn operation_name(operation_id: &str) -> &str {
    match operation_id.rsplit_once('_') {
        Some((group, name)) if !group.is_empty() && !name.is_empty() => name,
        _ => operation_id,
    }
}

/// A request body and its media types.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// `required: true`.
    pub required: bool,
    /// Each media type offered, in document order.
    pub media: Vec<MediaBody>,
}

/// One media type of a body and its schema.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaBody {
    /// e.g. `application/json`, `application/merge-patch+json`.
    pub media_type: String,
    /// The component schema name when the schema is a `$ref` to one.
    pub schema_name: Option<String>,
    /// Whether a schema is given at all.
    pub has_schema: bool,
}

impl MediaBody {
    /// JSON or a JSON-family type (`+json`, `text/json`), parameters ignored.
    pub fn is_json(&self) -> bool {
        let essence = self.media_type.split(';').next().unwrap_or("").trim();
        essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
    }
}

/// A response status as the spec writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// An exact code, e.g. 200.
    Code(u16),
    /// A range, e.g. 4 for `4XX`.
    Range(u16),
    /// `default`.
    Default,
}

impl Status {
    /// The status of `code` as openapiv3 reads it.
    pub fn of(code: &StatusCode) -> Status {
        match code {
            StatusCode::Code(c) => Status::Code(*c),
            StatusCode::Range(r) => Status::Range(*r),
        }
    }

    /// A 2xx code or `2XX`: what the generated method returns as success;
    /// anything else (3xx included) is an error.
    pub fn is_success(&self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(c),
            Status::Range(r) => *r == 2,
            Status::Default => false,
        }
    }
}

/// One response of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// Its bodies, one per media type (empty: no body).
    pub body: Vec<MediaBody>,
    /// The names of the headers it declares.
    pub headers: Vec<String>,
}

/// Every operation of `spec`, in document order, and every parameter
/// declared on a path or an operation by the place it is declared.
pub(super) fn all(spec: &OpenAPI) -> (Vec<Operation>, HashMap<String, Parameter>) {
    let mut out = Vec::new();
    let mut declared = HashMap::new();
    for (url, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let shared = parameter::resolve_all(spec, &item.parameters, &path(&["paths", url]));
        declared.extend(shared.iter().map(|p| (p.at.clone(), p.clone())));
        for (method, op) in item.iter() {
            let Some(method_enum) = Method::parse(method) else {
                continue;
            };
            let at = path(&["paths", url, method]);
            let own = parameter::resolve_all(spec, &op.parameters, &at);
            declared.extend(own.iter().map(|p| (p.at.clone(), p.clone())));
            let parameters = parameter::merge(&shared, own);
            let mut success = Vec::new();
            let mut errors = Vec::new();
            for (code, r) in &op.responses.responses {
                let Some(r) = resolve::response(spec, r) else {
                    continue;
                };
                let status = Status::of(code);
                let ok = status.is_success();
                let response = response(status, r);
                if ok {
                    success.push(response);
                } else {
                    errors.push(response);
                }
            }
            if let Some(r) = op.responses.default.as_ref()
                && let Some(r) = resolve::response(spec, r)
            {
                errors.push(response(Status::Default, r));
            }
            let pageable = extensions::read::<Pageable>(&op.extensions, extensions::PAGEABLE)
                .map(|p| p.map(|p| paging::of(spec, op, p)));
            let retry = retry::of(method_enum, &op.extensions, &parameters);
            out.push(Operation {
                path: url.clone(),
                method: method_enum,
                at,
                operation_id: op.operation_id.clone().filter(|id| !id.is_empty()),
                parameters,
                request: op
                    .request_body
                    .as_ref()
                    .and_then(|b| resolve::request_body(spec, b))
                    .map(|b| RequestBody {
                        required: b.required,
                        media: media(&b.content),
                    }),
                success,
                errors,
                pageable,
                retry,
            });
        }
    }
    (out, declared)
}

fn response(status: Status, r: &openapiv3::Response) -> Response {
    Response {
        status,
        body: media(&r.content),
        headers: r.headers.keys().cloned().collect(),
    }
}

fn media(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Vec<MediaBody> {
    content
        .iter()
        .map(|(media_type, m)| MediaBody {
            media_type: media_type.clone(),
            schema_name: match &m.schema {
                Some(ReferenceOr::Reference { reference }) => {
                    resolve::ref_name(reference, "schemas").map(str::to_string)
                }
                _ => None,
            },
            has_schema: m.schema.is_some(),
        })
        .collect()
}
