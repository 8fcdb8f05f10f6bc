//! Entry points for fuzzing and property tests: each function here runs
//! one piece of the runtime that reads what a server (or a caller) sends.
//! Not part of the supported API; hidden from the documentation.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// `retry::retry_after` on a response with the given headers (pairs that
/// are not valid headers are skipped, as `http` would refuse them).
pub fn retry_after(headers: &[(&str, &[u8])], now: SystemTime) -> Option<Duration> {
    crate::retry::retry_after(&header_map(headers), now)
}

/// Everything `ServiceError` reads from an error response; returns its
/// `Display` and `Debug` text.
pub fn service_error(status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> (String, String) {
    let status = StatusCode::from_u16(status.clamp(100, 999)).unwrap_or(StatusCode::BAD_REQUEST);
    let error = crate::error::ServiceError::from_parts(
        status,
        header_map(headers),
        Bytes::copy_from_slice(body),
        false,
    );
    (error.to_string(), format!("{error:?}"))
}

/// Whether a next link may be followed from a client on `endpoint`.
pub fn next_link(endpoint: &str, link: &str) -> Result<reqwest::Url, String> {
    crate::paging::next_link_url(endpoint, link)
}

/// The expiry of a token, as the refreshing credential reads it.
pub fn token_expiry(token: &str) -> Result<SystemTime, crate::CredentialError> {
    crate::refreshing_credential::jwt_expiry(token)
}

/// A path parameter as the generated code encodes it.
pub fn encode_path(segment: &str) -> String {
    crate::url_encoding::encode_path(segment)
}

fn header_map(headers: &[(&str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            map.append(name, value);
        }
    }
    map
}
