//! Encoding of path parameters and form bodies.
//!
//! progenitor's `encode_path` leaves `:` and `@` as they are (both are
//! allowed in a path segment), so a thread id `19:abc@thread.v2` would go
//! out raw. The official SDKs and the live service use the fully encoded
//! form `19%3Aabc%40thread.v2`, so every character outside RFC 3986's
//! unreserved set is percent-encoded here.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but `A-Z a-z 0-9 - . _ ~`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, percent-encoded (the generated code calls this for
/// every path parameter).
#[allow(dead_code)] // called only when the spec has path parameters
pub(crate) fn encode_path(segment: &str) -> String {
    utf8_percent_encode(segment, NOT_UNRESERVED).to_string()
}

/// A form body (`application/x-www-form-urlencoded`), as the generated code
/// sends it; progenitor's own helper returns its error type, not this
/// crate's.
#[allow(dead_code)] // called only when the spec has a form body
pub(crate) fn form_urlencoded<T: serde::Serialize + ?Sized>(
    builder: reqwest::RequestBuilder,
    body: &T,
) -> Result<reqwest::RequestBuilder, crate::runtime::error::Error> {
    let text = serde_urlencoded::to_string(body).map_err(|e| {
        crate::runtime::error::Error::InvalidRequest(format!("cannot encode the form body: {e}"))
    })?;
    Ok(builder
        .header(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"),
        )
        .body(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_outside_the_unreserved_set() {
        assert_eq!(
            encode_path("19:uni01_abc@thread.v2"),
            "19%3Auni01_abc%40thread.v2"
        );
        assert_eq!(encode_path("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
        assert_eq!(encode_path("Az09-._~"), "Az09-._~");
        assert_eq!(encode_path("é"), "%C3%A9");
    }
}
