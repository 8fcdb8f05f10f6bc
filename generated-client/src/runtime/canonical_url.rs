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
//! - query pairs form-decoded, integer parameters (`Api::INTEGER_QUERY`,
//!   from the spec) written as plain integers, pairs at the value the spec
//!   gives when they are absent (`Api::QUERY_DEFAULTS`) dropped, the rest
//!   sorted and encoded again.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};

/// Everything but `A-Z a-z 0-9 - . _ ~`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The canonical form of `url` (see the module documentation).
///
/// Computed for every page of a listing, so it borrows where it can: a
/// segment or query pair without escapes is not copied, and the query is
/// serialized straight into the result.
/// `integer` names the query parameters compared as numbers; `defaults` the
/// `(name, value)` pairs that ask for the same page as no pair.
pub(crate) fn canonical(url: &url::Url, integer: &[&str], defaults: &[(&str, &str)]) -> String {
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
            let value = if integer.contains(&name.as_ref()) {
                value
                    .trim()
                    .parse::<i128>()
                    .map_or(value, |n| Cow::Owned(n.to_string()))
            } else {
                value
            };
            (name, value)
        })
        .filter(|(name, value)| !defaults.iter().any(|(n, v)| n == name && v == value))
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
        // The real spec's facts: `skip` and `maxPageSize` are integers,
        // `skip` defaults to 0.
        canonical(
            &url::Url::parse(u).unwrap(),
            &["maxPageSize", "skip"],
            &[("skip", "0")],
        )
    }

    #[test]
    fn integers_and_defaults_are_the_specs_not_the_runtimes() {
        let url = |u: &str| url::Url::parse(u).unwrap();
        let (a, b) = (
            url("https://a.example/p?top=02"),
            url("https://a.example/p?top=2"),
        );
        assert_eq!(canonical(&a, &["top"], &[]), canonical(&b, &["top"], &[]));
        assert_ne!(canonical(&a, &[], &[]), canonical(&b, &[], &[]));
        let (c, d) = (
            url("https://a.example/p?from=1"),
            url("https://a.example/p"),
        );
        assert_eq!(
            canonical(&c, &[], &[("from", "1")]),
            canonical(&d, &[], &[("from", "1")])
        );
        // `skip` is nothing special to the runtime.
        let e = url("https://a.example/p?skip=0");
        assert_ne!(canonical(&e, &[], &[]), canonical(&d, &[], &[]));
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
