//! Building a client: endpoint, credential, client-level parameters and the
//! HTTP client, checked once at build time. Generic over the [`Api`], whose
//! generated code adds the setters of its client-level parameters.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::runtime::api::Api;
use crate::runtime::credential::{StaticToken, TokenCredential};
use crate::runtime::paging_limits::PagingLimits;
use crate::runtime::pipeline_state::{Pipeline, State};
use crate::runtime::retry::RetryOptions;

/// How long one call may take, retries and waits included, unless set otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long one attempt (request and response body) may take unless set otherwise.
pub const DEFAULT_PER_TRY_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest success response body read unless set otherwise (16 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;
/// How long connecting may take unless set otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds a client; start with `Client::builder`.
///
/// Setters for the client-level parameters of the spec (such as
/// `api_version`) are generated. A credential is required:
/// [`Self::token`], [`Self::credential`], or, to call a service that takes
/// none (a local mock), [`Self::without_credential`] said out loud; a
/// builder with none of them fails to build with
/// [`BuildError::MissingCredential`].
#[must_use]
pub struct ClientBuilder<A> {
    endpoint: String,
    credential: Credential,
    parameters: A,
    http_client: Option<reqwest::Client>,
    retry: RetryOptions,
    timeout: Duration,
    per_try_timeout: Duration,
    connect_timeout: Duration,
    max_response_size: usize,
    paging: PagingLimits,
}

/// What the builder was told about the credential.
enum Credential {
    Unset,
    Anonymous,
    Set(Arc<dyn TokenCredential>),
}

impl<A: fmt::Debug> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field(
                "credential",
                &match self.credential {
                    Credential::Unset => "<none yet>",
                    Credential::Anonymous => "<without credential>",
                    Credential::Set(_) => "<credential>",
                },
            )
            .field("parameters", &self.parameters)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("per_try_timeout", &self.per_try_timeout)
            .field("paging", &self.paging)
            .finish_non_exhaustive()
    }
}

impl<A: Api> ClientBuilder<A> {
    /// A builder for `endpoint` with the API's default parameters; called
    /// by the generated `Client::builder`.
    pub(crate) fn new(endpoint: impl Into<String>) -> Self {
        ClientBuilder {
            endpoint: endpoint.into(),
            credential: Credential::Unset,
            parameters: A::default(),
            http_client: None,
            retry: RetryOptions::default(),
            timeout: DEFAULT_TIMEOUT,
            per_try_timeout: DEFAULT_PER_TRY_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            paging: PagingLimits::default(),
        }
    }

    /// The client-level parameters, for the generated setters.
    #[allow(dead_code)] // a spec may have no client-level parameter
    pub(crate) fn parameters_mut(&mut self) -> &mut A {
        &mut self.parameters
    }

    /// Sends `Authorization: Bearer <token>` from this credential on every request.
    pub fn credential(mut self, credential: impl TokenCredential) -> Self {
        self.credential = Credential::Set(Arc::new(credential));
        self
    }

    /// Builds a client that sends no `Authorization` header: for a service
    /// that takes no token, such as a local mock. Without this (or a
    /// credential), [`Self::build`] fails with
    /// [`BuildError::MissingCredential`], so that no client goes out without
    /// a token by mistake.
    ///
    /// ```
    /// let client = acs_chat::Client::builder("http://127.0.0.1:8080")
    ///     .without_credential()
    ///     .build()?;
    /// # Ok::<(), acs_chat::BuildError>(())
    /// ```
    pub fn without_credential(mut self) -> Self {
        self.credential = Credential::Anonymous;
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
    ///     .token("<ACS user access token>")
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

    /// The largest response body to read for a status that is not an error
    /// (a success, a 1xx or 3xx), in bytes; a larger one
    /// is [`Error::ResponseTooLarge`](crate::runtime::error::Error::ResponseTooLarge) instead of using up memory.
    /// Default [`DEFAULT_MAX_RESPONSE_SIZE`]. (Error bodies are cut at
    /// [`MAX_ERROR_BODY`](crate::runtime::error::MAX_ERROR_BODY).)
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
    pub fn build(self) -> Result<A::Client, BuildError> {
        let endpoint = check_endpoint(&self.endpoint)?;
        let endpoint_url =
            reqwest::Url::parse(&endpoint).map_err(|e| BuildError::InvalidEndpoint {
                endpoint: endpoint.clone(),
                reason: e.to_string(),
            })?;
        let credential = match self.credential {
            Credential::Unset => return Err(BuildError::MissingCredential),
            Credential::Anonymous => None,
            Credential::Set(credential) => Some(credential),
        };
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
                if crate::runtime::pipeline::is_loopback(&endpoint_url) {
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
        let pipeline = Pipeline::new(State {
            http,
            endpoint,
            endpoint_url,
            credential,
            parameters: self.parameters,
            retry: self.retry,
            per_try_timeout: self.per_try_timeout,
            overall_timeout: self.timeout,
            max_response_size: self.max_response_size,
            paging: self.paging,
        });
        Ok(A::client(pipeline))
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
    /// Neither a credential nor `without_credential` was given.
    MissingCredential,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint `{endpoint}`: {reason}")
            }
            BuildError::Http(e) => write!(f, "cannot create the HTTP client: {e}"),
            BuildError::InvalidSetting(e) => write!(f, "invalid setting: {e}"),
            BuildError::MissingCredential => f.write_str(
                "no credential: call `.token(..)` or `.credential(..)`, or \
                 `.without_credential()` for a service that takes none (a local mock)",
            ),
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

    use crate::runtime::test_api::TestApi;

    #[test]
    fn debug_never_shows_the_token() {
        let builder = ClientBuilder::<TestApi>::new("https://a.example").token("s3cr3t-token");
        assert!(!format!("{builder:?}").contains("s3cr3t"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("s3cr3t"));
    }

    #[test]
    fn a_builder_without_a_credential_does_not_build() {
        let err = ClientBuilder::<TestApi>::new("https://a.example")
            .build()
            .unwrap_err();
        assert_eq!(err, BuildError::MissingCredential);
        assert!(err.to_string().contains("without_credential"), "{err}");
        let anonymous = ClientBuilder::<TestApi>::new("https://a.example")
            .without_credential()
            .build()
            .unwrap();
        assert!(format!("{anonymous:?}").contains("credential: None"));
    }
}
