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
    crate::runtime::retry::retry_after(&header_map(headers), now)
}

/// Everything `ServiceError` reads from an error response; returns its
/// `Display` and `Debug` text.
pub fn service_error(status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> (String, String) {
    let status = StatusCode::from_u16(status.clamp(100, 999)).unwrap_or(StatusCode::BAD_REQUEST);
    let error = crate::runtime::error::ServiceError::from_parts(
        status,
        header_map(headers),
        Bytes::copy_from_slice(body),
        false,
    );
    (error.to_string(), format!("{error:?}"))
}

/// Whether a next link may be followed from a client on `endpoint`.
pub fn next_link(endpoint: &str, link: &str) -> Result<reqwest::Url, String> {
    crate::runtime::paging::next_link_url(endpoint, link)
}

/// The canonical form of a page URL, as loop detection compares pages;
/// `None` when `url` does not parse.
pub fn canonical_page_url(url: &str) -> Option<String> {
    url::Url::parse(url).ok().map(|url| {
        crate::runtime::canonical_url::canonical(
            &url,
            <crate::ClientParameters as crate::runtime::api::Api>::INTEGER_QUERY,
            <crate::ClientParameters as crate::runtime::api::Api>::QUERY_DEFAULTS,
        )
    })
}

/// Another spelling of the same page as `url` (an http(s) URL), chosen by
/// `choices`: path characters percent-encoded (upper- or lower-case hex),
/// query pairs reordered, `skip=0` added when there is no `skip`, leading
/// zeros on integer parameters. `None` when `url` is not an http(s) URL.
pub fn respell_page_url(url: &str, choices: &[u8]) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let mut choice = choices.iter().copied().cycle();
    let mut next = move || choice.next().unwrap_or(0);
    let mut path = String::new();
    // Characters of an existing `%XX` escape are copied as they are.
    let mut in_escape = 0;
    for c in url.path().chars() {
        let pick = next();
        if in_escape > 0 || c == '%' {
            in_escape = if c == '%' { 2 } else { in_escape - 1 };
            path.push(c);
        } else if c.is_ascii_alphanumeric() && !pick.is_multiple_of(3) {
            if pick.is_multiple_of(2) {
                path.push_str(&format!("%{:02X}", c as u32));
            } else {
                path.push_str(&format!("%{:02x}", c as u32));
            }
        } else {
            path.push(c);
        }
    }
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = v.into_owned();
            let integer = <crate::ClientParameters as crate::runtime::api::Api>::INTEGER_QUERY
                .contains(&k.as_ref())
                && v.starts_with(|c: char| c.is_ascii_digit())
                && v.parse::<i128>().is_ok();
            let v = if integer && next().is_multiple_of(2) {
                format!("00{v}")
            } else {
                v
            };
            (k.into_owned(), v)
        })
        .collect();
    if !pairs.iter().any(|(k, _)| k == "skip") && next().is_multiple_of(2) {
        pairs.push(("skip".into(), "0".into()));
    }
    if !pairs.is_empty() {
        let shift = usize::from(next()) % pairs.len();
        pairs.rotate_left(shift);
    }
    let mut out = url.clone();
    out.set_path(&path);
    out.set_query(None);
    if !pairs.is_empty() {
        out.query_pairs_mut().extend_pairs(pairs);
    }
    Some(out.to_string())
}

/// The expiry of a token, as the refreshing credential reads it.
pub fn token_expiry(token: &str) -> Result<SystemTime, crate::CredentialError> {
    crate::runtime::refreshing_credential::jwt_expiry(token)
}

/// A path parameter as the generated code encodes it.
pub fn encode_path(segment: &str) -> String {
    crate::runtime::url_encoding::encode_path(segment)
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
