//! Building a [`Client`]: endpoint, credential, client-level parameters and
//! the HTTP client, checked once at build time.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credential::{StaticToken, TokenCredential};
use crate::pipeline::Pipeline;
use crate::{Client, ClientParameters};

/// How long a request may take end to end unless set otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
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
    timeout: Duration,
    connect_timeout: Duration,
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
            .field("timeout", &self.timeout)
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
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
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
    /// new one; its own timeouts then apply instead of this builder's.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Overall time limit of one HTTP request. Default [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit for connecting. Default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let endpoint = check_endpoint(&self.endpoint)?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                // A redirect could carry the request, token included, to
                // another origin; the service does not redirect.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| BuildError::Http(e.to_string()))?,
        };
        let pipeline = Pipeline {
            credential: self.credential,
            parameters: self.parameters,
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
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint `{endpoint}`: {reason}")
            }
            BuildError::Http(e) => write!(f, "cannot create the HTTP client: {e}"),
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
