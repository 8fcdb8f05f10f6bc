//! The one error type of every call: [`Error`].
//!
//! What went wrong is the variant (transport, timeout, credential, invalid
//! request, service error, paging limit, undecodable response); the
//! service's own error code and message are read from either error shape
//! the service uses. No variant ever holds the access token, even when a
//! server echoes it (see `secrets`), and what a server sent is kept only up
//! to a bound.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::runtime::credential::CredentialError;

/// Error bodies longer than this are cut (the rest is not read).
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Why a call failed.
///
/// No variant's text holds the access token, even when a server echoes it
/// back (it is replaced by `<redacted>`), and every text or body taken from
/// a server is bounded: codes, messages and ids at 1 KiB, bodies at
/// [`MAX_ERROR_BODY`]; `Debug` shows at most 1 KiB of a body.
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or no response came back (connection
    /// refused or reset, DNS, TLS), after all retries.
    Transport {
        /// The last failure.
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A time limit ran out.
    Timeout {
        /// Which limit.
        kind: TimeoutKind,
        /// Its value.
        limit: Duration,
        /// How many attempts were made.
        attempts: u32,
    },
    /// No token could be had, or it may not be sent where the request goes.
    Credential(CredentialError),
    /// The request was refused before it was sent: a parameter that does not
    /// convert, a `nextLink` to another origin or seen before, …
    InvalidRequest(String),
    /// The service answered with an error status.
    Service(Box<ServiceError>),
    /// The body of a response could not be read (connection lost, per-try
    /// time limit reached while reading). The pipeline reads every
    /// non-error body within its attempt, where such a failure is
    /// [`Error::Transport`] or [`Error::Timeout`] (and retried like one), so
    /// this version does not produce it; it stays so that matches on it
    /// keep compiling.
    Body {
        /// The response status.
        status: StatusCode,
        /// The failure.
        source: reqwest::Error,
    },
    /// A response that is not an error status (a success, or a 1xx/3xx the
    /// pipeline reads whole as well) larger than the client's limit
    /// (`ClientBuilder::max_response_size`); it was not read further.
    ResponseTooLarge {
        /// The response status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A listing reached one of its [`crate::runtime::paging_limits::PagingLimits`]; the
    /// pages or items before it were yielded, nothing after.
    PagingLimit {
        /// Which limit.
        kind: crate::runtime::paging_limits::PagingLimitKind,
        /// Its value.
        limit: u64,
    },
    /// A success response whose body does not decode as the spec says, or a
    /// status the spec does not describe.
    Decode {
        /// The response status.
        status: Option<StatusCode>,
        /// What did not fit (at most 1 KiB).
        message: String,
        /// The start of the body as received, at most [`MAX_ERROR_BODY`]
        /// bytes.
        body: Bytes,
    },
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport { source, attempts } => f
                .debug_struct("Transport")
                .field("source", source)
                .field("attempts", attempts)
                .finish(),
            Error::Timeout {
                kind,
                limit,
                attempts,
            } => f
                .debug_struct("Timeout")
                .field("kind", kind)
                .field("limit", limit)
                .field("attempts", attempts)
                .finish(),
            Error::Credential(e) => f.debug_tuple("Credential").field(e).finish(),
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Service(e) => f.debug_tuple("Service").field(e).finish(),
            Error::Body { status, source } => f
                .debug_struct("Body")
                .field("status", status)
                .field("source", source)
                .finish(),
            Error::ResponseTooLarge { status, limit } => f
                .debug_struct("ResponseTooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Error::PagingLimit { kind, limit } => f
                .debug_struct("PagingLimit")
                .field("kind", kind)
                .field("limit", limit)
                .finish(),
            Error::Decode {
                status,
                message,
                body,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("message", message)
                .field("body", &crate::runtime::secrets::BodyPreview(body))
                .finish(),
        }
    }
}

/// Building a request failed (a parameter or body that does not convert).
impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::InvalidRequest(format!("cannot build the request: {e}"))
    }
}

/// A header parameter whose value is not a valid header value.
impl From<reqwest::header::InvalidHeaderValue> for Error {
    fn from(_: reqwest::header::InvalidHeaderValue) -> Self {
        Error::InvalidRequest("a header parameter is not a valid header value".to_string())
    }
}

/// Which time limit ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// One attempt (request and response body) took too long.
    PerTry,
    /// The whole call, retries and waits included, took too long; or an
    /// attempt timed out with retries left, and the rest of this limit
    /// could not hold the wait before the next one.
    Overall,
}

impl Error {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. } => *status,
            Error::Body { status, .. } | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The service's error code (`x-ms-error-code` header, else the body's),
    /// e.g. `Unauthorized` or `TooManyRequests`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The service error, if the service answered with an error status.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// Whether the same call may succeed if tried again later: throttling,
    /// server errors that the retry policy covers, timeouts and connection
    /// failures. (The client has already retried these as configured.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => crate::runtime::retry::is_retryable_status(e.status),
            Error::Transport { .. } | Error::Timeout { .. } | Error::Body { .. } => true,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport { source, attempts } => {
                write!(f, "request failed after {attempts} attempt(s): {source}")
            }
            Error::Timeout {
                kind: TimeoutKind::PerTry,
                limit,
                attempts,
            } => write!(
                f,
                "request timed out: an attempt took longer than {limit:?} ({attempts} attempt(s))"
            ),
            Error::Timeout {
                kind: TimeoutKind::Overall,
                limit,
                attempts,
            } => write!(
                f,
                "request timed out: the call's overall limit of {limit:?} ran out, or left no time for another attempt ({attempts} attempt(s))"
            ),
            Error::Credential(e) => write!(f, "{e}"),
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Service(e) => write!(f, "{e}"),
            Error::ResponseTooLarge { status, limit } => {
                write!(
                    f,
                    "the {status} response is larger than the limit of {limit} bytes"
                )
            }
            Error::Body { status, source } => {
                write!(
                    f,
                    "the body of a {status} response could not be read: {source}"
                )
            }
            Error::PagingLimit {
                kind: crate::runtime::paging_limits::PagingLimitKind::Pages,
                limit,
            } => write!(
                f,
                "the listing has more than {limit} pages (PagingLimits::max_pages); stopped there"
            ),
            Error::PagingLimit {
                kind: crate::runtime::paging_limits::PagingLimitKind::Items,
                limit,
            } => write!(
                f,
                "the listing has more than {limit} items (PagingLimits::max_items); stopped there"
            ),
            Error::Decode {
                status, message, ..
            } => match status {
                Some(s) => write!(f, "the response ({s}) does not decode: {message}"),
                None => write!(f, "the response does not decode: {message}"),
            },
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::Body { source, .. } => Some(source),
            Error::Credential(e) => Some(e),
            _ => None,
        }
    }
}

/// An error status from the service, with what it said about it.
///
/// ```no_run
/// # async fn demo(client: acs_chat::Client) {
/// let result = client.list_chat_read_receipts().chat_thread_id("19:x@thread.v2").send().await;
/// if let Err(acs_chat::Error::Service(e)) = &result {
///     eprintln!("{} {:?}: {:?} (MS-CV {:?})", e.status(), e.code(), e.message(), e.ms_cv());
///     if let Some(wait) = e.retry_after() {
///         eprintln!("the service asks to wait {wait:?}");
///     }
///     // The documented body shape, typed, when it is one:
///     let typed = e.decode_body::<acs_chat::types::CommunicationErrorResponse>();
///     # let _ = typed;
/// }
/// # }
/// ```
#[derive(Clone)]
pub struct ServiceError {
    status: StatusCode,
    code: Option<String>,
    message: Option<String>,
    client_request_id: Option<String>,
    ms_cv: Option<String>,
    retry_after: Option<Duration>,
    headers: HeaderMap,
    body: Bytes,
    body_truncated: bool,
}

impl ServiceError {
    /// Reads an error response: the code from `x-ms-error-code` or the
    /// body, the message from the body; the body is kept raw (at most
    /// [`MAX_ERROR_BODY`] bytes) whether or not it parses.
    pub(crate) async fn from_response(mut response: reqwest::Response) -> ServiceError {
        let status = response.status();
        let headers = response.headers().clone();
        // Read past the cut by the longest spelling of a live token, so
        // that a token across the cut is whole when it is scrubbed (then
        // the body is cut, in `from_parts`): cut first, it would keep its
        // start.
        let window = MAX_ERROR_BODY.saturating_add(crate::runtime::secrets::longest_spelling());
        let mut body = Vec::new();
        let mut body_truncated = false;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = window - body.len();
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        body_truncated = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => {
                    // The connection failed or the time ran out mid-body:
                    // keep what came, marked as incomplete.
                    body_truncated = true;
                    break;
                }
            }
        }
        Self::from_parts(status, headers, Bytes::from(body), body_truncated)
    }

    pub(crate) fn from_parts(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        mut body_truncated: bool,
    ) -> ServiceError {
        // Whatever the server sent may echo the token: scrubbed here, once,
        // before anything else reads it, and then cut.
        let mut body = crate::runtime::secrets::scrub_bytes(body);
        if body.len() > MAX_ERROR_BODY {
            body = body.slice(..MAX_ERROR_BODY);
            body_truncated = true;
        }
        let headers = scrub_headers(headers);
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(crate::runtime::secrets::server_text)
        };
        let (body_code, message) = parse_error_body(&body);
        let body_code = body_code
            .as_deref()
            .map(crate::runtime::secrets::server_text);
        let message = message.as_deref().map(crate::runtime::secrets::server_text);
        ServiceError {
            status,
            code: header("x-ms-error-code").or(body_code),
            message,
            client_request_id: header(crate::runtime::headers::CLIENT_REQUEST_ID.as_str()),
            ms_cv: header("ms-cv"),
            retry_after: crate::runtime::retry::retry_after(&headers, std::time::SystemTime::now()),
            headers,
            body,
            body_truncated,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The raw body and the code and message slots, for
    /// `error_shapes` to fill what the known shapes did not give.
    pub(crate) fn body_and_parts(&mut self) -> (&[u8], &mut Option<String>, &mut Option<String>) {
        (&self.body, &mut self.code, &mut self.message)
    }
    /// The service's error code, e.g. `Forbidden`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The service's message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The `x-ms-client-request-id` the service echoed, if any.
    pub fn client_request_id(&self) -> Option<&str> {
        self.client_request_id.as_deref()
    }
    /// The service's correlation vector (`MS-CV`), for support requests.
    pub fn ms_cv(&self) -> Option<&str> {
        self.ms_cv.as_deref()
    }
    /// How long the service asked to wait (`Retry-After`, `retry-after-ms`,
    /// `x-ms-retry-after-ms`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The raw body (at most [`MAX_ERROR_BODY`] bytes).
    pub fn body(&self) -> &Bytes {
        &self.body
    }
    /// Whether the body is incomplete: longer than [`MAX_ERROR_BODY`], or
    /// cut off by a failure or time limit while it was read.
    pub fn body_truncated(&self) -> bool {
        self.body_truncated
    }
    /// The body decoded as `T`, e.g. `types::CommunicationErrorResponse`.
    pub fn decode_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("client_request_id", &self.client_request_id)
            .field("ms_cv", &self.ms_cv)
            .field("retry_after", &self.retry_after)
            .field("body", &crate::runtime::secrets::BodyPreview(&self.body))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.client_request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// `headers` with every live token removed from their values.
fn scrub_headers(headers: HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in &headers {
        let bytes = bytes::Bytes::copy_from_slice(value.as_bytes());
        let scrubbed = crate::runtime::secrets::scrub_bytes(bytes.clone());
        let value = if scrubbed == bytes {
            value.clone()
        } else {
            reqwest::header::HeaderValue::from_maybe_shared(scrubbed)
                .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("<redacted>"))
        };
        out.append(name.clone(), value);
    }
    out
}

/// Code and message from either shape the service sends:
/// `{"error": {"code", "message"}}` (the spec's) or
/// `{"CommunicationError": {"Code", "Message"}}` (seen from the live service).
fn parse_error_body(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    if let Some(e) = value.get("error") {
        return (text(e.get("code")), text(e.get("message")));
    }
    if let Some(e) = value.get("CommunicationError") {
        return (text(e.get("Code")), text(e.get("Message")));
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_token_across_the_cut_of_an_error_body_leaves_no_part_of_itself() {
        let secret = format!("eyJ{}", "s".repeat(80));
        let token = crate::runtime::credential::AccessToken::new(secret.clone());
        // The token starts 10 bytes before the cut at MAX_ERROR_BODY.
        let text = format!(
            "{}{secret}{}",
            "x".repeat(MAX_ERROR_BODY - 10),
            "y".repeat(100)
        );
        let response = http::Response::builder().status(500).body(text).unwrap();
        let error = ServiceError::from_response(reqwest::Response::from(response)).await;
        assert_eq!(error.body().len(), MAX_ERROR_BODY);
        assert!(error.body_truncated());
        let end = String::from_utf8_lossy(&error.body()[MAX_ERROR_BODY - 20..]).into_owned();
        assert!(
            !error.body().windows(3).any(|w| w == b"eyJ"),
            "no start of the token is kept: …{end:?}"
        );
        drop(token);
    }

    fn service(status: u16, headers: &[(&str, &str)], body: &str) -> ServiceError {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        ServiceError::from_parts(
            StatusCode::from_u16(status).unwrap(),
            map,
            Bytes::from(body.to_string()),
            false,
        )
    }

    #[test]
    fn reads_the_documented_error_shape() {
        let e = service(
            403,
            &[],
            r#"{"error":{"code":"Forbidden","message":"User is not allowed."}}"#,
        );
        assert_eq!(
            (e.code(), e.message()),
            (Some("Forbidden"), Some("User is not allowed."))
        );
    }

    #[test]
    fn reads_the_live_service_shape() {
        let e = service(
            404,
            &[],
            r#"{"CommunicationError":{"Code":"NotFound","Details":[]}}"#,
        );
        assert_eq!((e.code(), e.message()), (Some("NotFound"), None));
        let e = service(
            403,
            &[],
            r#"{"CommunicationError":{"Code":"Forbidden","Message":"No.","Details":[]}}"#,
        );
        assert_eq!((e.code(), e.message()), (Some("Forbidden"), Some("No.")));
    }

    #[test]
    fn header_code_wins_over_body_code() {
        let e = service(
            429,
            &[("x-ms-error-code", "Throttled")],
            r#"{"error":{"code":"TooManyRequests","message":"m"}}"#,
        );
        assert_eq!(e.code(), Some("Throttled"));
        assert_eq!(e.message(), Some("m"));
    }

    #[test]
    fn an_unparsable_body_is_kept_raw() {
        let e = service(502, &[], "<html>bad gateway</html>");
        assert_eq!((e.code(), e.message()), (None, None));
        assert_eq!(&e.body()[..], b"<html>bad gateway</html>");
        assert!(Error::Service(Box::new(e.clone())).is_retryable());
        assert_eq!(
            Error::Service(Box::new(e)).status(),
            Some(StatusCode::BAD_GATEWAY)
        );
    }
}
