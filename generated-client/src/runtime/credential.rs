//! Credentials: where the `Authorization: Bearer <token>` value comes from.
//!
//! The token is a secret: [`AccessToken`] never shows it in `Debug`, and the
//! request header carrying it is marked sensitive so that `reqwest` and
//! `http` redact it too.

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;

/// An ACS user access token (a JWT). `Debug` prints `AccessToken(<redacted>)`.
#[derive(Clone)]
pub struct AccessToken {
    secret: Arc<str>,
    /// `Bearer <token>`, built once and marked sensitive; `None` when the
    /// token cannot be a header value.
    header: Option<reqwest::header::HeaderValue>,
}

impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        self.secret == other.secret
    }
}

impl Eq for AccessToken {}

impl AccessToken {
    /// Wraps a token string.
    ///
    /// ```
    /// let token = acs_chat::AccessToken::new("eyJhbGciOi...");
    /// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
    /// ```
    pub fn new(secret: impl Into<String>) -> Self {
        let secret: Arc<str> = Arc::from(secret.into());
        // Known to the scrubber while any copy lives (see `secrets`).
        crate::runtime::secrets::register(&secret);
        let header = reqwest::header::HeaderValue::from_str(&format!("Bearer {secret}"))
            .ok()
            .map(|mut value| {
                value.set_sensitive(true);
                value
            });
        AccessToken { secret, header }
    }

    /// The `Authorization` header value, if the token can be one.
    pub(crate) fn header_value(&self) -> Option<&reqwest::header::HeaderValue> {
        self.header.as_ref()
    }

    /// The token itself. Take care where it goes.
    pub fn secret(&self) -> &str {
        &self.secret
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Why no token could be had. Its text never holds a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialError {
    message: String,
}

impl CredentialError {
    /// A credential failure with a message for the user (never the token).
    pub fn new(message: impl Into<String>) -> Self {
        CredentialError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "credential error: {}", self.message)
    }
}

impl std::error::Error for CredentialError {}

/// A source of access tokens, asked before every request.
///
/// Implement it to plug in your own token source; [`StaticToken`] covers a
/// token you already have, and [`RefreshingToken`](crate::runtime::refreshing_credential::RefreshingToken) one that expires.
///
/// ```
/// use acs_chat::{AccessToken, CredentialError, TokenCredential};
/// use futures::future::BoxFuture;
///
/// struct FromEnvironment;
///
/// impl TokenCredential for FromEnvironment {
///     fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>> {
///         Box::pin(async {
///             std::env::var("ACS_TOKEN")
///                 .map(AccessToken::new)
///                 .map_err(|_| CredentialError::new("ACS_TOKEN is not set"))
///         })
///     }
/// }
///
/// let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
///     .credential(FromEnvironment)
///     .build()?;
/// # Ok::<(), acs_chat::BuildError>(())
/// ```
pub trait TokenCredential: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>>;
}

/// A fixed token, for scripts, tests and short-lived programs: it is not
/// refreshed when it expires.
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A credential that always answers `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenCredential for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}
