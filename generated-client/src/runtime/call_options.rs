//! Settings for one call, on top of the client's: time limits, retries and
//! extra headers. Every operation builder has `.timeout(..)`,
//! `.per_try_timeout(..)`, `.retry(..)`, `.header(..)` and `.options(..)`
//! (generated from the runtime contract, the same for every operation);
//! a listing applies them to each page it fetches.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::runtime::retry::RetryOptions;

/// Headers a call may not set: the pipeline owns them. `authorization` is
/// the credential's (a per-call value would bypass the token-destination
/// check and the credential's refresh); `proxy-authorization` likewise;
/// `x-ms-client-request-id` is the id the pipeline puts on every call and
/// reports in its spans and errors, so a caller's value would make them
/// lie; `host`, `content-length` and `transfer-encoding` frame the request
/// itself. Setting one is an `Error::InvalidRequest` naming it, and nothing
/// is sent.
pub const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-ms-client-request-id",
    "host",
    "content-length",
    "transfer-encoding",
];

/// Per-call settings: each one left unset is the client's.
///
/// ```
/// use std::time::Duration;
/// use acs_chat::{CallOptions, RetryOptions};
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(RetryOptions::none())
///     .header("x-ms-useragent-suffix", "my-app/1.0");
/// # let _ = options;
/// ```
///
/// Header values are logged as `REDACTED` (unless the header is one of the
/// pipeline's short allow-list of protocol headers, such as `accept`), so a
/// secret in an extra header stays out of logs.
#[derive(Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) per_try_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryOptions>,
    pub(crate) headers: HeaderMap,
    /// The first header that could not be taken, reported when the call is
    /// sent (the builder style: setters do not fail, `send` does).
    pub(crate) invalid: Option<String>,
}

impl CallOptions {
    /// No per-call settings: the client's.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit of the whole call, retries and waits included,
    /// instead of the client's (`ClientBuilder::timeout`).
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// The time limit of each attempt, instead of the client's
    /// (`ClientBuilder::per_try_timeout`).
    pub fn per_try_timeout(mut self, limit: Duration) -> Self {
        self.per_try_timeout = Some(limit);
        self
    }

    /// How this call is retried, instead of the client's
    /// (`RetryOptions::none()`: one attempt). An operation the spec marks
    /// as not safe to retry gets one attempt whatever this says.
    pub fn retry(mut self, retry: RetryOptions) -> Self {
        self.retry = Some(retry);
        self
    }

    /// An extra request header, replacing a header of the same name the
    /// request would have had (`accept`, `user-agent`, ...). A name in
    /// [`RESERVED_HEADERS`], or a name or value that is not valid in HTTP,
    /// makes the call fail with `Error::InvalidRequest` before anything is
    /// sent. Setting a name twice keeps the last value.
    pub fn header<N, V>(mut self, name: N, value: V) -> Self
    where
        N: TryInto<HeaderName>,
        V: TryInto<HeaderValue>,
    {
        if self.invalid.is_some() {
            return self;
        }
        let Ok(name) = name.try_into() else {
            self.invalid = Some("an extra header has a name that is not valid in HTTP".into());
            return self;
        };
        if RESERVED_HEADERS.contains(&name.as_str()) {
            self.invalid = Some(format!(
                "the extra header `{name}` is set by the client's pipeline and cannot be \
                 set per call"
            ));
            return self;
        }
        match value.try_into() {
            Ok(mut value) => {
                // Whatever its name, a caller's value is treated as a secret
                // by anything that honours the flag (reqwest's own Debug).
                value.set_sensitive(true);
                self.headers.insert(name, value);
            }
            Err(_) => {
                self.invalid = Some(format!(
                    "the extra header `{name}` has a value that is not valid in HTTP"
                ));
            }
        }
        self
    }

    /// Puts the extra headers on `request`, or says why they cannot be.
    pub(crate) fn apply_headers(&self, request: &mut reqwest::Request) -> Result<(), String> {
        if let Some(why) = &self.invalid {
            return Err(why.clone());
        }
        for (name, value) in &self.headers {
            request.headers_mut().insert(name, value.clone());
        }
        Ok(())
    }
}

impl fmt::Debug for CallOptions {
    /// Header names only: values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("per_try_timeout", &self.per_try_timeout)
            .field("retry", &self.retry)
            .field("headers", &names)
            .field("invalid", &self.invalid)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> reqwest::Request {
        reqwest::Client::new()
            .get("http://127.0.0.1:9/x")
            .build()
            .unwrap()
    }

    #[test]
    fn reserved_headers_are_refused_in_any_case() {
        for name in [
            "Authorization",
            "authorization",
            "X-MS-Client-Request-Id",
            "Host",
        ] {
            let options = CallOptions::new().header(name, "x");
            let err = options.apply_headers(&mut request()).unwrap_err();
            assert!(err.contains(&name.to_ascii_lowercase()), "{err}");
        }
    }

    #[test]
    fn invalid_names_and_values_are_refused_and_the_first_error_kept() {
        let options = CallOptions::new()
            .header("bad name", "x")
            .header("x-ok", "bad\nvalue");
        let err = options.apply_headers(&mut request()).unwrap_err();
        assert!(err.contains("name that is not valid"), "{err}");
        let options = CallOptions::new().header("x-ok", "bad\nvalue");
        let err = options.apply_headers(&mut request()).unwrap_err();
        assert!(err.contains("`x-ok` has a value"), "{err}");
    }

    #[test]
    fn extra_headers_replace_and_debug_shows_no_value() {
        let options = CallOptions::new()
            .header("accept", "text/plain")
            .header("x-secret", "hunter2");
        let mut r = request();
        r.headers_mut()
            .insert("accept", HeaderValue::from_static("application/json"));
        options.apply_headers(&mut r).unwrap();
        assert_eq!(r.headers()["accept"], "text/plain");
        assert_eq!(r.headers()["x-secret"], "hunter2");
        let shown = format!("{options:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("x-secret"),
            "{shown}"
        );
    }
}
