//! Building a [`Client`]: endpoint, credential, client-level parameters and
//! the HTTP client, checked once at build time.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credential::{StaticToken, TokenCredential};
use crate::paging::PagingLimits;
use crate::pipeline::Pipeline;
use crate::retry::RetryOptions;
use crate::{Client, ClientParameters};

/// How long one call may take, retries and waits included, unless set otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long one attempt (request and response body) may take unless set otherwise.
pub const DEFAULT_PER_TRY_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest success response body read unless set otherwise (16 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;
/// How long connecting may take unless set otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds a [`Client`]; start with [`Client::builder`].
///
/// Setters for the client-level parameters of the spec (such as
/// `api_version`) are generated.
#[must_use]
pub struct ClientBuilder {
    endpoint: String,
    credential: Option<Arc<dyn TokenCredential>>,
    pub(crate) parameters: ClientParameters,
    http_client: Option<reqwest::Client>,
    retry: RetryOptions,
    timeout: Duration,
    per_try_timeout: Duration,
    connect_timeout: Duration,
    max_response_size: usize,
    paging: PagingLimits,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<credential>"),
            )
            .field("parameters", &self.parameters)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("per_try_timeout", &self.per_try_timeout)
            .field("paging", &self.paging)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts building a client for `endpoint`, the URL of an Azure
    /// Communication Services resource such as
    /// `https://contoso.westus.communications.azure.com`.
    ///
    /// ```
    /// let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
    ///     .token("<ACS user access token>")
    ///     .api_version("2024-03-15-preview")
    ///     .build()?;
    /// assert_eq!(client.parameters().api_version(), "2024-03-15-preview");
    /// # Ok::<(), acs_chat::BuildError>(())
    /// ```
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            credential: None,
            parameters: ClientParameters::default(),
            http_client: None,
            retry: RetryOptions::default(),
            timeout: DEFAULT_TIMEOUT,
            per_try_timeout: DEFAULT_PER_TRY_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            paging: PagingLimits::default(),
        }
    }
}

impl ClientBuilder {
    /// Sends `Authorization: Bearer <token>` from this credential on every request.
    pub fn credential(mut self, credential: impl TokenCredential) -> Self {
        self.credential = Some(Arc::new(credential));
        self
    }

    /// Sends this fixed token (see [`StaticToken`]).
    pub fn token(self, token: impl Into<String>) -> Self {
        self.credential(StaticToken::new(token))
    }

    /// Uses this `reqwest::Client` (for proxies, TLS roots, …) instead of a
    /// new one. The per-try and overall time limits still apply; its own
    /// connect timeout, redirect policy and proxy settings replace this
    /// crate's (which follows no redirects, and uses no proxy for a loopback
    /// endpoint: build yours with `.no_proxy()` for one, or a proxy from the
    /// environment gets plain-http requests, token included).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How failed attempts are retried; [`RetryOptions::none`] turns
    /// retrying off. Default: [`RetryOptions::default`].
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
    ///     .retry(acs_chat::RetryOptions { max_retries: 5, max_delay: Duration::from_secs(10), ..Default::default() })
    ///     .build()?;
    /// # Ok::<(), acs_chat::BuildError>(())
    /// ```
    pub fn retry(mut self, retry: RetryOptions) -> Self {
        self.retry = retry;
        self
    }

    /// Time limit of one call, retries and waits included. Default [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit of one attempt, from sending the request to reading the
    /// whole response body. Default [`DEFAULT_PER_TRY_TIMEOUT`].
    pub fn per_try_timeout(mut self, timeout: Duration) -> Self {
        self.per_try_timeout = timeout;
        self
    }

    /// Time limit for connecting. Default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest success response body to read, in bytes; a larger one
    /// is [`crate::Error::ResponseTooLarge`] instead of using up memory.
    /// Default [`DEFAULT_MAX_RESPONSE_SIZE`]. (Error bodies are cut at
    /// [`crate::MAX_ERROR_BODY`].)
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Bounds on every listing: pages fetched and items yielded. Default
    /// [`PagingLimits::default`] (10,000 pages, 1,000,000 items).
    pub fn paging_limits(mut self, limits: PagingLimits) -> Self {
        self.paging = limits;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let endpoint = check_endpoint(&self.endpoint)?;
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let mut http = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    // A redirect could carry the request, token included, to
                    // another origin; the service does not redirect.
                    .redirect(reqwest::redirect::Policy::none());
                // The proxy rule (README, "Auth"): a loopback endpoint is
                // plain http, so a proxy from `HTTP_PROXY`/`ALL_PROXY` would
                // get the token in clear text (and could answer in the
                // service's place); loopback traffic never needs one. An
                // https endpoint may use the environment's proxy: reqwest
                // only ever tunnels https through it (`CONNECT`), so the
                // token stays inside TLS to the endpoint's origin.
                let url = reqwest::Url::parse(&endpoint).expect("checked above");
                if crate::pipeline::is_loopback(&url) {
                    http = http.no_proxy();
                }
                http.build().map_err(|e| BuildError::Http(e.to_string()))?
            }
        };
        if self.timeout.is_zero() || self.per_try_timeout.is_zero() {
            return Err(BuildError::InvalidSetting(
                "time limits must be longer than zero".into(),
            ));
        }
        let pipeline = Pipeline {
            credential: self.credential,
            parameters: self.parameters,
            retry: self.retry,
            per_try_timeout: self.per_try_timeout,
            overall_timeout: self.timeout,
            max_response_size: self.max_response_size,
            paging: self.paging,
        };
        Ok(Client::new_with_client(&endpoint, http, pipeline))
    }
}

/// The endpoint without a trailing `/`, if it is an absolute http(s) URL
/// with a host and no query or fragment.
fn check_endpoint(endpoint: &str) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidEndpoint {
        endpoint: endpoint.to_string(),
        reason: reason.to_string(),
    };
    let url = reqwest::Url::parse(endpoint).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(invalid(
            "the scheme must be https (or http for a local service)",
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not carry a user name or password"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Why a client could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The endpoint is not a usable URL.
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be created (e.g. no TLS backend).
    Http(String),
    /// A setting is out of range.
    InvalidSetting(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint `{endpoint}`: {reason}")
            }
            BuildError::Http(e) => write!(f, "cannot create the HTTP client: {e}"),
            BuildError::InvalidSetting(e) => write!(f, "invalid setting: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_is_checked_and_normalized() {
        assert_eq!(
            check_endpoint("https://a.example/").unwrap(),
            "https://a.example"
        );
        assert_eq!(
            check_endpoint("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            check_endpoint("https://a.example/stem/").unwrap(),
            "https://a.example/stem"
        );
        for bad in [
            "",
            "contoso",
            "ftp://a.example",
            "https://a.example/?x=1",
            "https://u:p@a.example",
            "https://a.example/#f",
        ] {
            let err = check_endpoint(bad).unwrap_err();
            assert!(
                matches!(err, BuildError::InvalidEndpoint { .. }),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let builder = Client::builder("https://a.example").token("s3cr3t-token");
        assert!(!format!("{builder:?}").contains("s3cr3t"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("s3cr3t"));
    }
}
