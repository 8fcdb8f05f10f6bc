//! The request pipeline every call goes through, called by the generated
//! code once it has built a request: client-level parameters, request id,
//! user agent, bearer token, retries with backoff, per-try and overall
//! timeouts, and `tracing` spans with redacted headers. Error statuses become
//! [`Error::Service`] here, so the generated code only decodes successes.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};

use tracing::Instrument;

use crate::runtime::api::{Api, OperationInfo};
use crate::runtime::call_options::CallOptions;
use crate::runtime::credential::CredentialError;
use crate::runtime::error::{Error, ServiceError, TimeoutKind};
use crate::runtime::error_shapes::with_declared;
pub use crate::runtime::headers::{CLIENT_REQUEST_ID, USER_AGENT_VALUE};
pub use crate::runtime::pipeline_state::Pipeline;
use crate::runtime::pipeline_state::State;
use crate::runtime::response::BufferedResponse;
use crate::runtime::retry::{self, RetryOptions};

/// Headers whose values may appear in logs; every other value is redacted.
/// (Protocol headers, the same for every Azure service; query parameters
/// are the API's: [`Api::LOGGED_QUERY`].)
const LOGGED_HEADERS: &[&str] = &[
    "accept",
    "api-supported-versions",
    "content-length",
    "content-type",
    "date",
    "ms-cv",
    "retry-after",
    "retry-after-ms",
    "user-agent",
    "x-ms-client-request-id",
    "x-ms-error-code",
    "x-ms-retry-after-ms",
    "x-processing-time",
];

/// Sends `request` with every policy applied, and returns a success (or
/// other non-error) response with its whole body; error statuses are
/// [`Error::Service`].
/// `options` are the call's own settings, each unset one the client's.
pub(crate) async fn execute<A: Api>(
    pipeline: &Pipeline<A>,
    mut request: reqwest::Request,
    info: &OperationInfo,
    options: &CallOptions,
) -> Result<BufferedResponse, Error> {
    let state = pipeline.state();
    state
        .parameters
        .apply(&mut request)
        .map_err(Error::InvalidRequest)?;
    // Written into a buffer on the stack rather than a `String`: the same
    // lower-case hyphenated text as `to_string`, one allocation less.
    let mut id_text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let request_id: &str = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut id_text);
    let headers = request.headers_mut();
    headers.insert(
        CLIENT_REQUEST_ID,
        HeaderValue::from_str(request_id).expect("a UUID is a valid header value"),
    );
    headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
    headers
        .entry(ACCEPT)
        .or_insert(HeaderValue::from_static("application/json"));
    // After the pipeline's defaults, so that a call may replace `accept` or
    // `user-agent`; the headers the pipeline owns are refused.
    options
        .apply_headers(&mut request)
        .map_err(Error::InvalidRequest)?;

    let span = tracing::info_span!(
        "acs_chat.call",
        operation = info.operation_id,
        method = %request.method(),
        url = %redact_url(request.url(), A::LOGGED_QUERY),
        request_id = %request_id,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    let policies = Policies {
        retry: options.retry.as_ref().unwrap_or(&state.retry),
        per_try_timeout: options.per_try_timeout.unwrap_or(state.per_try_timeout),
        overall_timeout: options.timeout.unwrap_or(state.overall_timeout),
    };
    let mut result = send_with_retries(state, &policies, request, info, A::LOGGED_QUERY)
        .instrument(span.clone())
        .await;
    if !info.error_shapes.is_empty() {
        result = result.map_err(|e| with_declared(e, info.error_shapes));
    }
    match &result {
        Ok(response) => {
            span.record("status", response.status().as_u16());
        }
        Err(e) => {
            if let Some(status) = e.status() {
                span.record("status", status.as_u16());
            }
            tracing::debug!(parent: &span, error = %e, "call failed");
        }
    }
    result
}

/// The retry and time-limit settings of one call: the call's own where it
/// set them, else the client's.
struct Policies<'a> {
    retry: &'a RetryOptions,
    per_try_timeout: Duration,
    overall_timeout: Duration,
}

/// A response one attempt got: a non-error status with its body read, or
/// an error status with its body still to read (for [`ServiceError`]).
enum Attempted {
    Read(BufferedResponse),
    ErrorStatus(reqwest::Response),
}

/// Records a response on the attempt's span, and logs its redacted headers.
fn received(span: &tracing::Span, status: StatusCode, headers: &HeaderMap) {
    span.record("status", status.as_u16());
    tracing::debug!(parent: span, status = status.as_u16(), headers = ?Redacted(headers), "received");
}

/// What one attempt came to, when it is not the final answer.
enum Failure {
    Status(reqwest::Response),
    Transport(reqwest::Error),
    TimedOut(TimeoutKind, Duration),
    TooLarge(StatusCode),
}

async fn send_with_retries<A>(
    pipeline: &State<A>,
    policies: &Policies<'_>,
    request: reqwest::Request,
    info: &OperationInfo,
    logged_query: &[&str],
) -> Result<BufferedResponse, Error> {
    if pipeline.credential.is_some() {
        check_token_destination(request.url())
            .map_err(|why| Error::Credential(CredentialError::new(why)))?;
    }
    // Saturating: a limit too large for an `Instant` (`Duration::MAX`)
    // means no overall deadline rather than a panic.
    let deadline = Instant::now().checked_add(policies.overall_timeout);
    let mut delays = policies.retry.schedule();
    let mut original = Some(request);
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        tracing::Span::current().record("attempts", attempts);
        // A body that cannot be cloned (a stream) gets one attempt.
        let (mut this_try, last) = match original.as_ref().and_then(copy_for_attempt) {
            Some(copy) => (copy, false),
            None => (original.take().expect("a request is left"), true),
        };
        let remaining = deadline.map_or(Duration::MAX, |deadline| {
            deadline.saturating_duration_since(Instant::now())
        });
        if remaining.is_zero() {
            return Err(Error::Timeout {
                kind: TimeoutKind::Overall,
                limit: policies.overall_timeout,
                attempts: attempts - 1,
            });
        }
        if let Some(credential) = &pipeline.credential {
            let token = tokio::time::timeout(remaining, credential.token())
                .await
                .map_err(|_| Error::Timeout {
                    kind: TimeoutKind::Overall,
                    limit: policies.overall_timeout,
                    attempts,
                })?
                .map_err(Error::Credential)?;
            let value = token.header_value().cloned().ok_or_else(|| {
                Error::Credential(CredentialError::new(
                    "the token is not a valid header value",
                ))
            })?;
            this_try.headers_mut().insert(AUTHORIZATION, value);
        }
        let (limit, kind) = if remaining < policies.per_try_timeout {
            (remaining, TimeoutKind::Overall)
        } else {
            (policies.per_try_timeout, TimeoutKind::PerTry)
        };
        *this_try.timeout_mut() = Some(limit);

        let attempt_span = tracing::debug_span!(
            "acs_chat.attempt",
            attempt = attempts,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        tracing::debug!(parent: &attempt_span, url = %redact_url(this_try.url(), logged_query), headers = ?Redacted(this_try.headers()), "sending");
        let sent = Instant::now();
        // The token is fetched per attempt (above), so a refresh applies to
        // retries. A success body is read within the attempt, so that a slow
        // or broken body is retried like any other failed attempt.
        let max_body = pipeline.max_response_size;
        let attempt = async {
            let response = pipeline
                .http
                .execute(this_try)
                .await
                .map_err(Failure::Transport)?;
            let status = response.status();
            if status.is_client_error() || status.is_server_error() {
                Ok(Attempted::ErrorStatus(response))
            } else {
                buffered(response, max_body).await.map(Attempted::Read)
            }
        };
        // One timer bounds the attempt: reqwest's own (`timeout_mut` above),
        // which runs from connecting to the end of the body, a success body
        // read here or an error body read after the attempt alike; its
        // expiry is a transport error that `is_timeout`. A second
        // `tokio::time::timeout` around this future was one more timer to
        // register and cancel per attempt, for the same limit.
        let outcome = attempt.instrument(attempt_span.clone()).await;
        attempt_span.record(
            "duration_ms",
            u64::try_from(sent.elapsed().as_millis()).unwrap_or(u64::MAX),
        );

        let overall = |kind: TimeoutKind, limit: Duration| match kind {
            TimeoutKind::Overall => Failure::TimedOut(kind, policies.overall_timeout),
            TimeoutKind::PerTry => Failure::TimedOut(kind, limit),
        };
        let failure = match outcome {
            Err(Failure::Transport(e)) if e.is_timeout() => overall(kind, limit),
            Err(failure) => failure,
            Ok(Attempted::Read(response)) => {
                received(&attempt_span, response.status(), response.headers());
                return Ok(response);
            }
            Ok(Attempted::ErrorStatus(response)) => {
                let status = response.status();
                received(&attempt_span, status, response.headers());
                if retry::is_retryable_status(status) {
                    Failure::Status(response)
                } else {
                    return Err(Error::Service(Box::new(
                        ServiceError::from_response(response).await,
                    )));
                }
            }
        };

        // An operation that is not safe to repeat is sent again only when
        // the request cannot have reached the server: the connection was
        // never made (refused, unreachable, TLS handshake failed). After a
        // status, a time-out or a connection broken mid-exchange, the
        // server may have acted on it.
        let nothing_sent = matches!(&failure, Failure::Transport(e) if e.is_connect());
        let retryable = !last
            && (info.retry_safe || nothing_sent)
            && match &failure {
                Failure::TimedOut(kind, _) => *kind == TimeoutKind::PerTry,
                Failure::TooLarge(_) => false,
                _ => true,
            };
        let backoff = if retryable { delays.next() } else { None };
        let wait = backoff.map(|backoff| {
            let asked = match &failure {
                Failure::Status(response) => {
                    retry::retry_after(response.headers(), SystemTime::now())
                }
                _ => None,
            };
            asked.unwrap_or(backoff).min(policies.retry.max_delay)
        });
        // A wait that ends past the deadline (or past what an `Instant`
        // can hold) is not taken.
        let wait = wait.filter(|w| match (Instant::now().checked_add(*w), deadline) {
            (Some(end), Some(deadline)) => end < deadline,
            (Some(_), None) => true,
            (None, _) => false,
        });
        // A retryable time-out that gets no retry because of the overall
        // deadline ended on the overall limit, and says so: the deadline
        // has passed (a starved timer can fire late), or a retry was due
        // but its wait would end past the deadline. (With retries left,
        // the per-try limit alone would have let the call go on.)
        let past_deadline = deadline.is_some_and(|deadline| Instant::now() >= deadline);
        let no_room_for_retry = backoff.is_some() && wait.is_none() && deadline.is_some();
        let failure = match failure {
            Failure::TimedOut(TimeoutKind::PerTry, _)
                if retryable && (past_deadline || no_room_for_retry) =>
            {
                Failure::TimedOut(TimeoutKind::Overall, policies.overall_timeout)
            }
            other => other,
        };
        let Some(wait) = wait else {
            return Err(match failure {
                Failure::Status(response) => {
                    Error::Service(Box::new(ServiceError::from_response(response).await))
                }
                // reqwest's message holds the full URL, query included; the
                // query of a nextLink may carry anything, so it is dropped.
                Failure::Transport(source) => Error::Transport {
                    source: source.without_url(),
                    attempts,
                },
                Failure::TimedOut(kind, limit) => Error::Timeout {
                    kind,
                    limit,
                    attempts,
                },
                Failure::TooLarge(status) => Error::ResponseTooLarge {
                    status,
                    limit: max_body,
                },
            });
        };
        let reason = match &failure {
            Failure::Status(response) => format!("status {}", response.status().as_u16()),
            Failure::Transport(_) => "connection failure".to_string(),
            Failure::TimedOut(..) => "attempt timed out".to_string(),
            Failure::TooLarge(_) => "response too large".to_string(),
        };
        drop(failure);
        let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        tracing::info!(attempt = attempts, wait_ms, %reason, "retrying");
        tokio::time::sleep(wait).await;
    }
}

/// A copy of `original` to send as one attempt, keeping `original` for the
/// next; `None` for a body that cannot be copied (a stream).
///
/// `reqwest::Request::try_clone` sets a time limit (`None` included), which
/// makes the map of extensions it is kept in, and then replaces that map by
/// a clone of the original's: three allocations made and dropped per
/// attempt when the original has none, as every `GET` the pipeline sends
/// (each page of a listing). Such a request, without a body or a time
/// limit of its own, is copied field by field instead: method, URL,
/// headers, version. reqwest 0.13 keeps nothing else in a request's
/// extensions but its time limit, except for a request converted from an
/// `http::Request`, which the pipeline never sends; anything else still
/// goes through `try_clone`.
fn copy_for_attempt(original: &reqwest::Request) -> Option<reqwest::Request> {
    if original.body().is_some() || original.timeout().is_some() {
        return original.try_clone();
    }
    let mut copy = reqwest::Request::new(original.method().clone(), original.url().clone());
    *copy.headers_mut() = original.headers().clone();
    *copy.version_mut() = original.version();
    Some(copy)
}

/// The response with its whole body read into memory, at most `max` bytes.
async fn buffered(
    mut response: reqwest::Response,
    max: usize,
) -> Result<BufferedResponse, Failure> {
    let status = response.status();
    if response
        .content_length()
        .is_some_and(|len| len > max as u64)
    {
        return Err(Failure::TooLarge(status));
    }
    let headers = std::mem::take(response.headers_mut());
    let body = if response.content_length().is_some() {
        // Announced and within the limit: one read, no copy.
        response.bytes().await.map_err(Failure::Transport)?
    } else {
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Failure::Transport)? {
            if body.len() + chunk.len() > max {
                return Err(Failure::TooLarge(status));
            }
            body.extend_from_slice(&chunk);
        }
        bytes::Bytes::from(body)
    };
    if body.len() > max {
        return Err(Failure::TooLarge(status));
    }
    Ok(BufferedResponse::new(status, headers, body))
}

/// A token goes only over HTTPS, or over plain HTTP to a loopback host (so
/// that local mock services work), as in the official SDKs.
pub(crate) fn check_token_destination(url: &reqwest::Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        scheme => Err(format!(
            "refusing to send an access token over {scheme}:// to {}; use https \
             (plain http is allowed only for loopback hosts)",
            url.host_str().unwrap_or("(no host)")
        )),
    }
}

/// Whether `url`'s host is `localhost` or a loopback address.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A URL for logs: query values outside `logged_query` are redacted.
pub(crate) fn redact_url(url: &reqwest::Url, logged_query: &[&str]) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if logged_query.contains(&k.as_ref()) {
                    v.into_owned()
                } else {
                    "REDACTED".to_string()
                };
                (k.into_owned(), v)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    // A next link's path may carry anything, the token included, and be
    // of any length.
    crate::runtime::secrets::server_text(shown.as_str())
}

/// Headers for logs: values outside [`LOGGED_HEADERS`] are redacted.
struct Redacted<'a>(&'a HeaderMap);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if LOGGED_HEADERS.contains(&name.as_str()) {
                // Response headers come from the server, which may echo the token.
                let text = value.to_str().map_or_else(
                    |_| "<binary>".to_string(),
                    crate::runtime::secrets::server_text,
                );
                map.entry(&name.as_str(), &text);
            } else {
                map.entry(&name.as_str(), &"REDACTED");
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempts_copy_is_the_request_try_clone_gives() {
        let http = reqwest::Client::new();
        let request = http
            .get("https://a.example/x?v=1&n=2")
            .header("x-a", "1")
            .header("x-a", "2")
            .header(ACCEPT, "application/json")
            .version(http::Version::HTTP_2)
            .build()
            .unwrap();
        let copy = copy_for_attempt(&request).unwrap();
        let theirs = request.try_clone().unwrap();
        assert_eq!(copy.method(), theirs.method());
        assert_eq!(copy.url(), theirs.url());
        assert_eq!(copy.headers(), theirs.headers());
        assert_eq!(copy.version(), theirs.version());
        assert_eq!(copy.timeout(), None);
        assert!(copy.body().is_none());

        // A body, or a time limit of the request's own, is `try_clone`'s.
        let with_body = http.post("https://a.example/x").body("{}").build().unwrap();
        let copy = copy_for_attempt(&with_body).unwrap();
        assert_eq!(
            copy.body().and_then(reqwest::Body::as_bytes),
            Some(&b"{}"[..])
        );
        let mut timed = http.get("https://a.example/x").build().unwrap();
        *timed.timeout_mut() = Some(Duration::from_secs(5));
        let copy = copy_for_attempt(&timed).unwrap();
        assert_eq!(copy.timeout(), Some(&Duration::from_secs(5)));
        // A streamed body cannot be copied: one attempt.
        let chunks = futures::stream::once(async { Ok::<_, std::io::Error>(bytes::Bytes::new()) });
        let streamed = http
            .post("https://a.example/x")
            .body(reqwest::Body::wrap_stream(chunks))
            .build()
            .unwrap();
        assert!(copy_for_attempt(&streamed).is_none());
    }

    #[test]
    fn tokens_go_only_to_https_or_loopback() {
        for u in [
            "https://x.communication.azure.com/",
            "http://127.0.0.1:8080/",
            "http://localhost/",
            "http://[::1]:9/",
        ] {
            assert!(check_token_destination(&u.parse().unwrap()).is_ok(), "{u}");
        }
        for u in [
            "http://x.communication.azure.com/",
            "http://10.0.0.1/",
            "ftp://localhost/",
        ] {
            let err = check_token_destination(&u.parse().unwrap()).unwrap_err();
            assert!(
                err.contains("refusing to send an access token"),
                "{u}: {err}"
            );
        }
    }

    #[test]
    fn logs_show_only_allowed_headers_and_query_values() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, "Bearer secret-token".parse().unwrap());
        headers.insert(USER_AGENT, "acs-chat-rust/1".parse().unwrap());
        headers.insert("x-custom", "private".parse().unwrap());
        let shown = format!("{:?}", Redacted(&headers));
        assert!(
            !shown.contains("secret-token") && !shown.contains("private"),
            "{shown}"
        );
        assert!(shown.contains("acs-chat-rust/1"), "{shown}");
        let url = "https://u:pw@a.example/chat?api-version=2025-03-15&skip=2&sig=secret"
            .parse()
            .unwrap();
        let shown = redact_url(&url, &["api-version", "skip"]);
        assert_eq!(
            shown,
            "https://a.example/chat?api-version=2025-03-15&skip=2&sig=REDACTED"
        );
    }
}
