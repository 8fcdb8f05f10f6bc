//! The canonical form of a page URL, for telling whether a next link asks
//! for a page already fetched.
//!
//! Two spellings of one page must compare equal, or a server can loop a
//! listing by respelling its links (`rea%64Receipts` for `readReceipts`,
//! `skip=0` or `skip=000` for no `skip`). The form:
//! - scheme, host (lower case, as `url` parses it) and port (the scheme's
//!   default when absent); no user info, no fragment;
//! - each path segment percent-decoded and encoded again with everything
//!   outside RFC 3986's unreserved set as upper-case `%XX` (so `%64`, `d`
//!   and `%3a`/`%3A`/`:` meet; `%2F` inside a segment stays apart from `/`);
//! - query pairs form-decoded, integer parameters ([`INTEGER_PARAMETERS`])
//!   written as plain integers, pairs at the value the service uses when
//!   they are absent ([`DEFAULTS`]) dropped, the rest sorted and encoded
//!   again.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};

/// Everything but `A-Z a-z 0-9 - . _ ~`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameters whose values are integers, compared as numbers.
pub const INTEGER_PARAMETERS: &[&str] = &["skip", "maxPageSize"];

/// Query parameters at the value the service assumes when they are absent:
/// a pair with that value asks for the same page as no pair.
pub const DEFAULTS: &[(&str, &str)] = &[("skip", "0")];

/// The canonical form of `url` (see the module documentation).
///
/// Computed for every page of a listing, so it borrows where it can: a
/// segment or query pair without escapes is not copied, and the query is
/// serialized straight into the result.
pub(crate) fn canonical(url: &url::Url) -> String {
    use std::borrow::Cow;
    use std::fmt::Write as _;

    let mut out = String::with_capacity(url.as_str().len() + 8);
    out.push_str(url.scheme());
    out.push_str("://");
    out.extend(
        url.host_str()
            .unwrap_or("")
            .chars()
            .map(|c| c.to_ascii_lowercase()),
    );
    if let Some(port) = url.port_or_known_default() {
        let _ = write!(out, ":{port}");
    }
    for (i, segment) in url.path().split('/').enumerate() {
        if i > 0 || !segment.is_empty() {
            if i > 0 {
                out.push('/');
            }
            let bytes: Cow<'_, [u8]> = percent_decode_str(segment).into();
            out.extend(percent_encode(&bytes, NOT_UNRESERVED));
        }
    }
    if url.query().is_none() {
        return out;
    }
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if INTEGER_PARAMETERS.contains(&name.as_ref()) {
                value
                    .trim()
                    .parse::<i128>()
                    .map_or(value, |n| Cow::Owned(n.to_string()))
            } else {
                value
            };
            (name, value)
        })
        .filter(|(name, value)| !DEFAULTS.iter().any(|(n, v)| n == name && v == value))
        .collect();
    pairs.sort();
    if !pairs.is_empty() {
        out.push('?');
        let start = out.len();
        let mut query = url::form_urlencoded::Serializer::for_suffix(out, start);
        query.extend_pairs(pairs);
        out = query.finish();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(u: &str) -> String {
        canonical(&url::Url::parse(u).unwrap())
    }

    #[test]
    fn spellings_of_one_page_meet() {
        let plain = form(
            "https://a.example/chat/threads/19%3Ax%40thread.v2/readReceipts?maxPageSize=2&api-version=1",
        );
        for other in [
            "https://A.EXAMPLE:443/chat/threads/19%3ax%40thread.v2/rea%64Receipts?api-version=1&maxPageSize=2",
            "https://a.example/chat/threads/19:x@thread.v2/readReceipts?skip=0&maxPageSize=02&api-version=1",
            "https://a.example/chat/threads/19:x%40thread.v2/readReceipts?maxPageSize=2&skip=000&api-version=1#f",
            "https://a.example/chat/threads/19%3Ax%40thread.v2/readReceipts?maxPageSize=%32&api-version=1",
        ] {
            assert_eq!(form(other), plain, "{other}");
        }
        assert_eq!(
            plain,
            "https://a.example:443/chat/threads/19%3Ax%40thread.v2/readReceipts?api-version=1&maxPageSize=2"
        );
    }

    #[test]
    fn different_pages_stay_apart() {
        let base = form("https://a.example/chat/t/readReceipts?skip=2");
        for other in [
            "https://a.example/chat/t/readReceipts?skip=3",
            "https://a.example/chat/t/readReceipts",
            "https://a.example/chat/t%2Fx/readReceipts?skip=2",
            "https://a.example/chat/t/x/readReceipts?skip=2",
            "https://a.example/chat/t/readReceipts/?skip=2",
            "https://a.example:8443/chat/t/readReceipts?skip=2",
            "http://a.example/chat/t/readReceipts?skip=2",
            "https://a.example/chat/t/readReceipts?skip=2&skip=2",
        ] {
            assert_ne!(form(other), base, "{other}");
        }
    }
}
