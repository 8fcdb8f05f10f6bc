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

use percent_encoding::{percent_decode_str, percent_encode};

use crate::runtime::url_encoding::NOT_UNRESERVED;

/// The canonical form of `url` (see the module documentation).
///
/// Computed for every page of a listing, so it borrows where it can and
/// skips work that cannot change anything: a path of unreserved characters
/// and `/` is its own canonical form, a query pair without `%` or `+` its
/// own decoding, an integer already written as one (`10`) its own
/// normalization; the query is serialized straight into the result. (The
/// tests compare it with the plain version on many URLs.)
/// `integer` names the query parameters compared as numbers; `defaults` the
/// `(name, value)` pairs that ask for the same page as no pair.
pub(crate) fn canonical(url: &url::Url, integer: &[&str], defaults: &[(&str, &str)]) -> String {
    use std::borrow::Cow;

    let mut out = String::with_capacity(url.as_str().len() + 8);
    out.push_str(url.scheme());
    out.push_str("://");
    let host = url.host_str().unwrap_or("");
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        out.extend(host.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        // As `url` parses the host of an http(s) URL.
        out.push_str(host);
    }
    if let Some(port) = url.port_or_known_default() {
        out.push(':');
        push_decimal(&mut out, port);
    }
    let path = url.path();
    if path.bytes().all(|b| b == b'/' || is_unreserved(b)) {
        // Decoding and encoding every segment again gives each back, and
        // the segments are joined by the same `/`s.
        out.push_str(path);
    } else {
        for (i, segment) in path.split('/').enumerate() {
            if i > 0 || !segment.is_empty() {
                if i > 0 {
                    out.push('/');
                }
                if segment.bytes().all(is_unreserved) {
                    out.push_str(segment);
                } else {
                    let bytes: Cow<'_, [u8]> = percent_decode_str(segment).into();
                    out.extend(percent_encode(&bytes, NOT_UNRESERVED));
                }
            }
        }
    }
    let Some(query) = url.query() else {
        return out;
    };
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            if piece.bytes().any(|b| b == b'%' || b == b'+') {
                url::form_urlencoded::parse(piece.as_bytes())
                    .next()
                    .unwrap_or_default()
            } else {
                // What `form_urlencoded::parse` gives for it, borrowed.
                let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
                (Cow::Borrowed(name), Cow::Borrowed(value))
            }
        })
        .map(|(name, value)| {
            let value = if integer.contains(&name.as_ref()) && !is_plain_integer(&value) {
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
    for (i, (name, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        push_form_encoded(&mut out, name);
        out.push('=');
        push_form_encoded(&mut out, value);
    }
    out
}

/// `A-Z a-z 0-9 - . _ ~`: what [`NOT_UNRESERVED`] leaves alone.
fn is_unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// [`is_unreserved`] as a table (it runs over every page's path).
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

/// `text` as the form serializer writes it, appended to `out`.
fn push_form_encoded(out: &mut String, text: &str) {
    if crate::runtime::url_encoding::plain(text.as_bytes()) {
        out.push_str(text);
    } else {
        out.extend(url::form_urlencoded::byte_serialize(text.as_bytes()));
    }
}

/// Whether `value` is an integer as `i128`'s `to_string` writes it (`0`,
/// or up to 18 digits without a leading zero: certain to fit), so that
/// normalizing it would give it back.
fn is_plain_integer(value: &str) -> bool {
    let b = value.as_bytes();
    !b.is_empty()
        && b.len() <= 18
        && b.iter().all(u8::is_ascii_digit)
        && (b[0] != b'0' || b.len() == 1)
}

/// `n` in decimal, as `write!(out, "{n}")` would put it.
fn push_decimal(out: &mut String, n: u16) {
    let mut digits = [0u8; 5];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
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

    /// `canonical` as it was before its fast paths.
    fn canonical_before(url: &url::Url, integer: &[&str], defaults: &[(&str, &str)]) -> String {
        use std::borrow::Cow;
        use std::fmt::Write as _;

        let mut out = String::new();
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

    #[test]
    fn the_fast_paths_give_the_same_form_as_before() {
        let bases = [
            "https://a.example",
            "https://A.Example:443",
            "https://a.example:8443",
            "http://127.0.0.1:8080",
            "http://[::1]",
            "https://xn--bcher-kva.example:65535",
            "https://a.example:0",
            "https://a.example:1",
            // Not http(s): the host is kept as written, upper case included.
            "foo://A.Example",
            "foo://a.example:8",
        ];
        let paths = [
            "",
            "/",
            "//",
            "/chat/threads/t/readReceipts",
            "/chat/threads/19%3Ax%40thread.v2/readReceipts",
            "/chat/threads/19:x@thread.v2/readReceipts/",
            "/chat/t%2Fx/rea%64Receipts",
            "/a%2fb/%7e/~/%41%42",
            "/%C3%A9/é/%e9/%zz/%",
            "/a b/a+b/a%20b",
            "/a;b=c/d,e/f!$&'()*",
            "/./a/../b",
        ];
        let queries = [
            "",
            "?",
            "?&",
            "?skip=10&maxPageSize=10&api-version=2025-03-15",
            "?api-version=2025-03-15&maxPageSize=10&skip=10",
            "?skip=0&maxPageSize=02&skip=000",
            "?skip=-0&maxPageSize=+2&skip=%2B3&maxPageSize=%20%204",
            "?skip=00000000000000000000000000000000000000000001",
            "?skip=999999999999999999&maxPageSize=1000000000000000000",
            "?skip=170141183460469231731687303715884105727&skip=170141183460469231731687303715884105728",
            "?skip=-170141183460469231731687303715884105728",
            "?skip=1e3&skip=0x10&skip=&skip",
            "?maxPageSize=%32&s%6Bip=2",
            "?q=a+b&q=a%20b&q=a b&q=%2B",
            "?q=%C3%A9&q=é&q=%e9&q=%zz&q=%",
            "?b=2&a=1&b=1&a=2&=&==&a==b",
            "?fields=a,b&codes=1|2&x=*-._~!$'()",
            "?sig=abc%2Fdef%3D%3D&se=2025-01-01T00%3A00%3A00Z",
            "?x&y&z=",
            "?skip=10#frag",
            "#frag",
        ];
        type Facts<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
        let facts: [Facts<'_>; 3] = [
            (&["maxPageSize", "skip"], &[("skip", "0")]),
            (&[], &[]),
            (&["q", "x"], &[("q", "a b"), ("x", "")]),
        ];
        // URLs the canonical form rewrites and URLs it leaves as they are
        // (the fast paths), so that both are compared with the plain form.
        let (mut rewritten, mut kept) = (0, 0);
        for base in bases {
            for path in paths {
                for query in queries {
                    let text = format!("{base}{path}{query}");
                    let url = url::Url::parse(&text).unwrap();
                    for (integer, defaults) in facts {
                        let now = canonical(&url, integer, defaults);
                        assert_eq!(now, canonical_before(&url, integer, defaults), "{text}");
                        if now == url.as_str() {
                            kept += 1;
                        } else {
                            rewritten += 1;
                        }
                    }
                }
            }
        }
        assert!(
            rewritten >= 100 && kept >= 100,
            "rewritten {rewritten}, kept {kept}"
        );
        for b in 0..=255u8 {
            let alone =
                percent_encode(&[b], NOT_UNRESERVED).to_string() == char::from(b).to_string();
            assert_eq!(is_unreserved(b), alone && b.is_ascii(), "byte {b}");
        }
        for n in [0u16, 1, 9, 10, 99, 100, 443, 8080, 9999, 10000, 65535] {
            let mut out = String::new();
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string());
        }
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
