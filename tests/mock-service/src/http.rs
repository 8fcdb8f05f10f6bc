//! Request handling: routing, the common checks of the two API operations
//! (their bodies are in `operations.rs`; the `/_mock/...` admin endpoints
//! in `admin.rs`), and the headers every response carries. Nothing here
//! unwraps request data; every failure is a status with a
//! `CommunicationErrorResponse` body.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Value, json};

use crate::conn::{Pressure, Timeouts};
use crate::fixture::MAX_THREAD_ID_LEN;
use crate::log::{Log, LoggedRequest, cut};
use crate::store::{Access, Fault, Faults, Op, Store, Throttle, ThrottleLimits, lock};
use crate::token::{self, TokenError};

/// Every api-version the service has served; the mock accepts these.
pub const SUPPORTED_API_VERSIONS: &[&str] = &[
    "2020-09-21-preview2",
    "2020-11-01-preview3",
    "2021-01-27-preview4",
    "2021-03-01-preview5",
    "2021-03-07",
    "2021-04-05-preview6",
    "2021-09-07",
    "2023-07-01-preview",
    "2023-11-07",
    "2024-03-07",
    "2024-03-15-preview",
    "2025-03-15",
];

/// `maxPageSize` when the request has none.
pub const DEFAULT_MAX_PAGE_SIZE: i32 = 100;
/// The largest `maxPageSize` accepted.
pub const MAX_MAX_PAGE_SIZE: i32 = 200;
/// Default request body limit (64 KiB); larger bodies get 413.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// `MS-CV`-style correlation header.
static MS_CV: HeaderName = HeaderName::from_static("ms-cv");
static API_SUPPORTED: HeaderName = HeaderName::from_static("api-supported-versions");
static CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");
static PROCESSING_TIME: HeaderName = HeaderName::from_static("x-processing-time");

/// Everything outside RFC 3986's unreserved set.
pub(crate) const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub(crate) type Body = Full<Bytes>;

/// What to do with a request.
pub(crate) enum Outcome {
    Respond(Response<Body>),
    /// Close the connection without answering.
    Drop,
}

/// The state shared by every connection.
pub(crate) struct App {
    pub secret: Vec<u8>,
    pub base_url: String,
    pub store: std::sync::Mutex<Store>,
    pub throttle: std::sync::Mutex<Throttle>,
    pub throttling: AtomicBool,
    pub limits: ThrottleLimits,
    pub faults: std::sync::Mutex<Faults>,
    pub log: std::sync::Mutex<Log>,
    pub body_limit: usize,
    pub timeouts: Timeouts,
    pub pressure: Arc<Pressure>,
    /// One line per request to stderr through a lossy non-blocking writer
    /// (a worker thread; lines are dropped, never waited for, when stderr
    /// does not keep up), when asked for.
    pub stderr_log: Option<tracing_appender::non_blocking::NonBlocking>,
    /// Keeps the writer's worker thread; flushes on drop (at most 1 s).
    pub _stderr_log_guard: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// An error answer.
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

pub(crate) fn err(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError {
        status,
        code,
        message: message.into(),
        retry_after: None,
    }
}

pub(crate) fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
    err(StatusCode::BAD_REQUEST, code, message)
}

pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

pub(crate) fn empty_response(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

impl ApiError {
    pub(crate) fn into_response(self) -> Response<Body> {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        let mut response = json_response(self.status, &body);
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        }
        response
    }
}

/// The answer for an injected status.
fn fault_status(status: u16, retry_after: Option<u32>) -> ApiError {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
        .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let (code, message) = match status.as_u16() {
        429 => ("TooManyRequests", "Rate limit exceeded."),
        503 => (
            "ServiceUnavailable",
            "The server is currently unable to handle the request.",
        ),
        500 => ("InternalError", "An internal error occurred (injected)."),
        408 => ("RequestTimeout", "The request timed out (injected)."),
        s if s >= 500 => ("ServiceError", "The service failed (injected)."),
        _ => ("BadRequest", "The request failed (injected)."),
    };
    ApiError {
        status,
        code,
        message: message.into(),
        retry_after: retry_after.map(u64::from),
    }
}

/// Exactly one `Host` header, as HTTP/1.1 requires (RFC 9112, 3.2).
fn check_host(headers: &HeaderMap) -> Result<(), ApiError> {
    match headers.get_all(header::HOST).iter().count() {
        1 => Ok(()),
        0 => Err(bad_request(
            "InvalidRequest",
            "The request has no Host header.",
        )),
        _ => Err(bad_request(
            "InvalidRequest",
            "The request has more than one Host header.",
        )),
    }
}

/// Handles one request.
pub(crate) async fn handle(app: Arc<App>, request: Request<Incoming>) -> Outcome {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let has_body = !hyper::body::Body::is_end_stream(&body);
    let path = parts.uri.path();
    let mut user = None;

    let is_admin = path == "/_mock" || path.starts_with("/_mock/");
    let result = if let Err(e) = check_host(&parts.headers) {
        Some(e.into_response())
    } else {
        let fault = if is_admin {
            None
        } else {
            lock(&app.faults).next()
        };
        match fault {
            Some(Fault::Drop) => None,
            Some(Fault::Status {
                status,
                retry_after,
            }) => Some(fault_status(status, retry_after).into_response()),
            Some(Fault::Delay { delay_ms }) => {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                Some(route(&app, &parts, body, is_admin, &mut user).await)
            }
            None => Some(route(&app, &parts, body, is_admin, &mut user).await),
        }
    };

    let status = result.as_ref().map(|r| r.status().as_u16());
    let entry = LoggedRequest::new(
        parts.method.as_str(),
        path,
        parts.uri.query(),
        status,
        user.as_deref(),
        parts
            .headers
            .get(&CLIENT_REQUEST_ID)
            .and_then(|v| v.to_str().ok()),
    );
    log_line(&app, &entry, started);
    lock(&app.log).push(entry);
    match result {
        None => Outcome::Drop,
        Some(mut response) => {
            common_headers(response.headers_mut(), &parts.headers, started);
            // A body left unread (or cut off by a limit) would have to be
            // drained before the next request: close instead, so that a
            // trickled body cannot hold the connection.
            let consumed = parts.method == Method::POST && response.status() == StatusCode::OK;
            if has_body && !consumed {
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            Outcome::Respond(response)
        }
    }
}

/// The request as a `tracing` event (target `acs_chat_mock::request`), and
/// as a line on stderr when asked for, through the non-blocking writer.
fn log_line(app: &App, entry: &LoggedRequest, started: Instant) {
    let ms = started.elapsed().as_millis();
    let status = entry
        .status
        .map_or_else(|| "dropped".to_string(), |s| s.to_string());
    let query = entry
        .query
        .as_deref()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    tracing::info!(
        target: "acs_chat_mock::request",
        method = %entry.method, path = %entry.path, query = %query, status = %status, ms,
        "request"
    );
    if let Some(writer) = &app.stderr_log {
        use std::io::Write;
        let line = format!(
            "{} {}{} -> {status} ({ms} ms)\n",
            entry.method, entry.path, query
        );
        // Lossy: never blocks; a full buffer drops the line.
        let _ = writer.clone().write_all(line.as_bytes());
    }
}

/// `MS-CV`, `api-supported-versions`, `X-Processing-Time` and the echoed
/// `x-ms-client-request-id`, on every response.
fn common_headers(headers: &mut HeaderMap, request: &HeaderMap, started: Instant) {
    let cv = uuid::Uuid::new_v4().simple().to_string();
    let cv = format!("{}.0", &cv[..22]);
    if let Ok(v) = HeaderValue::from_str(&cv) {
        headers.insert(MS_CV.clone(), v);
    }
    static SUPPORTED: std::sync::OnceLock<Option<HeaderValue>> = std::sync::OnceLock::new();
    if let Some(v) =
        SUPPORTED.get_or_init(|| HeaderValue::from_str(&SUPPORTED_API_VERSIONS.join(", ")).ok())
    {
        headers.insert(API_SUPPORTED.clone(), v.clone());
    }
    headers.insert(
        PROCESSING_TIME.clone(),
        HeaderValue::from_str(&format!("{}ms", started.elapsed().as_millis()))
            .unwrap_or(HeaderValue::from_static("0ms")),
    );
    if let Some(id) = request.get(&CLIENT_REQUEST_ID)
        && id.len() <= 256
    {
        headers.insert(CLIENT_REQUEST_ID.clone(), id.clone());
    }
}

async fn route(
    app: &App,
    parts: &hyper::http::request::Parts,
    body: Incoming,
    is_admin: bool,
    user: &mut Option<String>,
) -> Response<Body> {
    let path = parts.uri.path();
    let result = if is_admin {
        crate::admin::admin(app, parts, body).await
    } else if let Some(segment) = path
        .strip_prefix("/chat/threads/")
        .and_then(|rest| rest.strip_suffix("/readReceipts"))
        .filter(|segment| !segment.contains('/'))
    {
        api(app, parts, body, segment, user).await
    } else {
        Err(err(
            StatusCode::NOT_FOUND,
            "NotFound",
            "No resource exists at this path.",
        ))
    };
    result.unwrap_or_else(ApiError::into_response)
}

/// The decoded query parameters. A parameter given twice is an error; one
/// pass with a hash map, so the cost is linear in the query's length.
pub(crate) type Query = std::collections::HashMap<String, String>;

pub(crate) fn query_pairs(parts: &hyper::http::request::Parts) -> Result<Query, ApiError> {
    let raw = parts.uri.query().unwrap_or("");
    let mut pairs = Query::new();
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        match pairs.entry(k.into_owned()) {
            std::collections::hash_map::Entry::Occupied(seen) => {
                return Err(bad_request(
                    "InvalidParameter",
                    format!(
                        "The query parameter `{}` is given more than once.",
                        cut(seen.key(), 64).0
                    ),
                ));
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(v.into_owned());
            }
        }
    }
    Ok(pairs)
}

pub(crate) fn param<'a>(pairs: &'a Query, name: &str) -> Option<&'a str> {
    pairs.get(name).map(String::as_str)
}

/// Strict percent-decoding of the thread id segment.
pub(crate) fn decode_thread_id(segment: &str) -> Result<String, ApiError> {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let ok = bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if !ok {
                return Err(bad_request(
                    "InvalidParameter",
                    "The thread id in the path has invalid percent-encoding.",
                ));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    let id = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map_err(|_| {
            bad_request(
                "InvalidParameter",
                "The thread id in the path is not valid UTF-8.",
            )
        })?
        .into_owned();
    if id.is_empty() || id.chars().count() > MAX_THREAD_ID_LEN {
        return Err(bad_request(
            "InvalidParameter",
            format!("The thread id must have 1 to {MAX_THREAD_ID_LEN} characters."),
        ));
    }
    if id.chars().any(char::is_control) {
        return Err(bad_request(
            "InvalidParameter",
            "The thread id has control characters.",
        ));
    }
    Ok(id)
}

fn authenticate(app: &App, parts: &hyper::http::request::Parts) -> Result<String, ApiError> {
    if parts.headers.get_all(header::AUTHORIZATION).iter().count() > 1 {
        return Err(err(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Request is not authorized: more than one Authorization header.",
        ));
    }
    token::verify_header(
        &app.secret,
        parts
            .headers
            .get(header::AUTHORIZATION)
            .map(HeaderValue::as_bytes),
    )
    .map_err(|e: TokenError| err(StatusCode::UNAUTHORIZED, "Unauthorized", e.message()))
}

fn check_api_version(pairs: &Query) -> Result<String, ApiError> {
    match param(pairs, "api-version") {
        None | Some("") => Err(bad_request(
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )),
        Some(v) if SUPPORTED_API_VERSIONS.contains(&v) => Ok(v.to_string()),
        Some(v) => Err(bad_request(
            "UnsupportedApiVersion",
            format!(
                "The HTTP resource does not support the api-version '{}'. Supported versions: {}.",
                v.chars().take(64).collect::<String>(),
                SUPPORTED_API_VERSIONS.join(", ")
            ),
        )),
    }
}

async fn api(
    app: &App,
    parts: &hyper::http::request::Parts,
    body: Incoming,
    segment: &str,
    user_out: &mut Option<String>,
) -> Result<Response<Body>, ApiError> {
    let op = match parts.method {
        Method::GET => Op::List,
        Method::POST => Op::Send,
        _ => {
            return Err(err(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                format!(
                    "The method {} is not allowed here.",
                    cut(parts.method.as_str(), 32).0
                ),
            ));
        }
    };
    let user = authenticate(app, parts)?;
    *user_out = Some(user.clone());
    let pairs = query_pairs(parts)?;
    let api_version = check_api_version(&pairs)?;
    let thread_id = decode_thread_id(segment)?;
    match lock(&app.store).access(&thread_id, &user) {
        Access::NoThread => {
            return Err(err(
                StatusCode::NOT_FOUND,
                "NotFound",
                "The chat thread does not exist.",
            ));
        }
        Access::NotParticipant => {
            return Err(err(
                StatusCode::FORBIDDEN,
                "Forbidden",
                "User is not allowed to perform specified action.",
            ));
        }
        Access::Allowed => {}
    }
    if app.throttling.load(Ordering::Relaxed) {
        let admitted =
            lock(&app.throttle).admit(&app.limits, op, &thread_id, &user, Instant::now());
        if let Err(secs) = admitted {
            return Err(ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "TooManyRequests",
                message: "Rate limit exceeded.".into(),
                retry_after: Some(secs),
            });
        }
    }
    match op {
        Op::List => crate::operations::list(
            app,
            &pairs,
            &thread_id,
            &api_version,
            &crate::operations::link_base(app, parts),
        ),
        Op::Send => crate::operations::send(app, parts, body, &thread_id, &user).await,
    }
}

/// Reads a body of at most the app's limit: 413 beyond, 400 if it breaks off.
pub(crate) async fn read_body(
    app: &App,
    parts: &hyper::http::request::Parts,
    body: Incoming,
) -> Result<Bytes, ApiError> {
    let too_large = || {
        err(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!("The request body is larger than {} bytes.", app.body_limit),
        )
    };
    if let Some(length) = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && length > app.body_limit as u64
    {
        return Err(too_large());
    }
    let collected = tokio::time::timeout(
        app.timeouts.body,
        Limited::new(body, app.body_limit).collect(),
    )
    .await;
    match collected {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(_)) => Err(bad_request(
            "InvalidRequestBody",
            "The request body could not be read.",
        )),
        Err(_) => Err(err(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeout",
            format!(
                "The request body did not arrive within {} ms.",
                app.timeouts.body.as_millis()
            ),
        )),
    }
}
