//! The request policies every call goes through, wired into the generated
//! `Client` through progenitor's hooks (`ClientHooks::pre`): client-level
//! parameters, request id, user agent, and the bearer token.

use std::fmt;
use std::sync::Arc;

use progenitor_client::{ClientHooks, Error, OperationInfo};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderName, HeaderValue, USER_AGENT};

use crate::credential::TokenCredential;
use crate::{Client, ClientParameters};

/// Header carrying a fresh UUID per call, for correlating with service logs.
pub const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");

/// The `User-Agent` this crate sends.
pub const USER_AGENT_VALUE: &str = concat!("acs-chat-rust/", env!("CARGO_PKG_VERSION"));

/// The client's runtime state (progenitor's "inner" value of `Client`).
#[derive(Clone)]
pub struct Pipeline {
    pub(crate) credential: Option<Arc<dyn TokenCredential>>,
    pub(crate) parameters: ClientParameters,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<credential>"),
            )
            .field("parameters", &self.parameters)
            .finish()
    }
}

impl Client {
    /// The client-level parameters this client sends on every request.
    pub fn parameters(&self) -> &ClientParameters {
        &self.inner.parameters
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.baseurl
    }
}

impl ClientHooks<Pipeline> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        self.inner
            .parameters
            .apply(request)
            .map_err(Error::InvalidRequest)?;
        let headers = request.headers_mut();
        if !headers.contains_key(&CLIENT_REQUEST_ID) {
            let id = uuid::Uuid::new_v4().to_string();
            headers.insert(
                CLIENT_REQUEST_ID,
                HeaderValue::from_str(&id).expect("a UUID is a valid header value"),
            );
        }
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        headers
            .entry(ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));

        if let Some(credential) = &self.inner.credential {
            check_token_destination(request.url()).map_err(Error::InvalidRequest)?;
            let token = credential
                .token()
                .await
                .map_err(|e| Error::Custom(e.to_string()))?;
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.secret())).map_err(|_| {
                    Error::Custom("credential error: the token is not a valid header value".into())
                })?;
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }
}

/// A token goes only over HTTPS, or over plain HTTP to a loopback host (so
/// that local mock services work); as the official SDKs do.
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

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_go_only_to_https_or_loopback() {
        let ok = [
            "https://x.communication.azure.com/",
            "http://127.0.0.1:8080/",
            "http://localhost/",
            "http://[::1]:9/",
        ];
        for u in ok {
            assert!(check_token_destination(&u.parse().unwrap()).is_ok(), "{u}");
        }
        let refused = [
            "http://x.communication.azure.com/",
            "http://10.0.0.1/",
            "ftp://localhost/",
        ];
        for u in refused {
            let err = check_token_destination(&u.parse().unwrap()).unwrap_err();
            assert!(
                err.contains("refusing to send an access token"),
                "{u}: {err}"
            );
        }
    }
}
