//! The two API operations once a request has passed the common checks of
//! `http.rs`: list a page of receipts (written as text, the hot path) and
//! send a receipt.

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};
use percent_encoding::utf8_percent_encode;
use serde_json::Value;

use crate::http::{
    ApiError, App, Body, DEFAULT_MAX_PAGE_SIZE, MAX_MAX_PAGE_SIZE, NOT_UNRESERVED, Query,
    bad_request, empty_response, err, param, read_body,
};
use crate::identifier::identifier;
use crate::store::{SendOutcome, lock};

fn int_param(pairs: &Query, name: &str) -> Result<Option<i32>, ApiError> {
    match param(pairs, name) {
        None => Ok(None),
        Some(v) => v.parse::<i32>().map(Some).map_err(|_| {
            bad_request(
                "InvalidParameter",
                format!(
                    "`{name}` must be a 32-bit integer, not `{}`.",
                    v.chars().take(64).collect::<String>()
                ),
            )
        }),
    }
}

/// The base of `nextLink`s: the mock's base URL, with the host the client
/// used instead when that is another loopback name for the same port
/// (`localhost` vs `127.0.0.1`), so that the link stays on the client's origin.
pub(crate) fn link_base(app: &App, parts: &hyper::http::request::Parts) -> String {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some((scheme, rest)) = app.base_url.split_once("://") else {
        return app.base_url.clone();
    };
    let port = rest.rsplit(':').next().unwrap_or("");
    // `<loopback name>:<our port>`, compared without building strings.
    let loopback = host
        .rsplit_once(':')
        .filter(|(_, p)| *p == port)
        .is_some_and(|(name, _)| {
            ["localhost", "127.0.0.1", "[::1]"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
        });
    if loopback {
        format!("{scheme}://{}", host.to_ascii_lowercase())
    } else {
        app.base_url.clone()
    }
}

pub(crate) fn list(
    app: &App,
    pairs: &Query,
    thread_id: &str,
    api_version: &str,
    link_base: &str,
) -> Result<Response<Body>, ApiError> {
    let max = int_param(pairs, "maxPageSize")?.unwrap_or(DEFAULT_MAX_PAGE_SIZE);
    if !(1..=MAX_MAX_PAGE_SIZE).contains(&max) {
        return Err(bad_request(
            "InvalidParameter",
            format!("`maxPageSize` must be between 1 and {MAX_MAX_PAGE_SIZE}."),
        ));
    }
    let skip = int_param(pairs, "skip")?.unwrap_or(0);
    if skip < 0 {
        return Err(bad_request(
            "InvalidParameter",
            "`skip` must not be negative.",
        ));
    }
    // The page is written as text: identifier models are made once per
    // participant (see `Thread::identifiers`), strings escaped by serde_json.
    let extended = usize::from(crate::identifier::extended_model(api_version));
    let mut page: Vec<u8> = Vec::new();
    page.extend_from_slice(br#"{"value":["#);
    let total = {
        let store = lock(&app.store);
        let Some(thread) = store.threads.get(thread_id) else {
            return Err(err(
                StatusCode::NOT_FOUND,
                "NotFound",
                "The chat thread does not exist.",
            ));
        };
        if !thread.lists_receipts() {
            0
        } else {
            let count = thread
                .receipts
                .len()
                .saturating_sub(skip as usize)
                .min(max as usize);
            page.reserve(count * 256 + 512);
            let items = thread
                .receipts
                .iter()
                .skip(skip as usize)
                .take(max as usize);
            for (i, (user, (_, message, read_on))) in items.enumerate() {
                if i > 0 {
                    page.push(b',');
                }
                page.extend_from_slice(br#"{"senderCommunicationIdentifier":"#);
                match thread.identifiers.get(user) {
                    Some(models) => page.extend_from_slice(models[extended].as_bytes()),
                    None => {
                        page.extend_from_slice(identifier(user, api_version).to_string().as_bytes())
                    }
                }
                page.extend_from_slice(br#","chatMessageId":"#);
                json_string(&mut page, message);
                page.extend_from_slice(br#","readOn":"#);
                json_string(&mut page, read_on);
                page.push(b'}');
            }
            thread.receipts.len()
        }
    };
    page.push(b']');
    let next = skip as usize + max as usize;
    if next < total {
        let link = format!(
            "{}/chat/threads/{}/readReceipts?skip={next}&maxPageSize={max}&api-version={}",
            link_base,
            utf8_percent_encode(thread_id, NOT_UNRESERVED),
            utf8_percent_encode(api_version, NOT_UNRESERVED),
        );
        page.extend_from_slice(br#","nextLink":"#);
        json_string(&mut page, &link);
    }
    page.push(b'}');
    let mut response = Response::new(Full::new(Bytes::from(page)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    Ok(response)
}

/// Appends `s` as a JSON string literal.
fn json_string(out: &mut Vec<u8>, s: &str) {
    // Writing a string to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn check_json_content_type(parts: &hyper::http::request::Parts) -> Result<(), ApiError> {
    match parts.headers.get(header::CONTENT_TYPE) {
        None => Ok(()),
        Some(v) => {
            let v = v.to_str().unwrap_or("").to_ascii_lowercase();
            let essence = v.split(';').next().unwrap_or("").trim().to_string();
            if essence == "application/json" || essence.ends_with("+json") {
                Ok(())
            } else {
                Err(err(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "UnsupportedMediaType",
                    "The request body must be application/json.",
                ))
            }
        }
    }
}

pub(crate) async fn send(
    app: &App,
    parts: &hyper::http::request::Parts,
    body: Incoming,
    thread_id: &str,
    user: &str,
) -> Result<Response<Body>, ApiError> {
    check_json_content_type(parts)?;
    let bytes = read_body(app, parts, body).await?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| bad_request("InvalidRequestBody", "The request body is not UTF-8."))?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        bad_request(
            "InvalidRequestBody",
            format!("The request body is not valid JSON: {e}"),
        )
    })?;
    let message_id = match value.get("chatMessageId") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        _ if !value.is_object() => {
            return Err(bad_request(
                "InvalidRequestBody",
                "The request body must be a JSON object.",
            ));
        }
        _ => {
            return Err(bad_request(
                "InvalidRequestBody",
                "`chatMessageId` is required and must be a non-empty string.",
            ));
        }
    };
    match lock(&app.store).send(thread_id, user, &message_id) {
        SendOutcome::Stored | SendOutcome::Kept => Ok(empty_response(StatusCode::OK)),
        SendOutcome::UnknownMessage => Err(bad_request(
            "InvalidChatMessageId",
            "`chatMessageId` is not a message of this thread.",
        )),
        SendOutcome::NoThread => Err(err(
            StatusCode::NOT_FOUND,
            "NotFound",
            "The chat thread does not exist.",
        )),
    }
}
