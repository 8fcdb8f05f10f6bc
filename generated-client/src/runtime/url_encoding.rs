//! Encoding of path parameters and form bodies.
//!
//! progenitor's `encode_path` leaves `:` and `@` as they are (both are
//! allowed in a path segment), so a thread id `19:abc@thread.v2` would go
//! out raw. The official SDKs and the live service use the fully encoded
//! form `19%3Aabc%40thread.v2`, so every character outside RFC 3986's
//! unreserved set is percent-encoded here.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but `A-Z a-z 0-9 - . _ ~` (RFC 3986 unreserved): what the
/// runtime percent-encodes in a path segment or a delimited query value.
pub(crate) const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
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

/// Sets each `(name, value)` in `url`'s query string, dropping any value
/// the URL already had for that name and keeping the other pairs, in order,
/// as written; the pairs go last, in the order given. The generated
/// `ClientParameters::apply_to_url` calls this for the client-level query
/// parameters, for every request and every page's next link.
#[allow(dead_code)] // called only when the spec has client-level query parameters
pub(crate) fn replace_query_pairs(url: &mut reqwest::Url, pairs: &[(&str, &str)]) {
    // A next link usually has the pairs already, at the end, as a request
    // the pipeline built has on its second application: leaving such a
    // query alone gives the very string rewriting it would, without
    // decoding and copying every pair.
    if !already_replaced(url.query(), pairs) {
        rewrite_query_pairs(url, pairs);
    }
}

/// [`replace_query_pairs`] without its fast path.
fn rewrite_query_pairs(url: &mut reqwest::Url, pairs: &[(&str, &str)]) {
    // The other pairs are kept as written: decoding and encoding them again
    // would turn the literal delimiters of `fields=a,b` or `codes=1|2` into
    // `%2C`/`%7C`, which a server cannot tell from a delimiter in a value.
    let mut query: Vec<String> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|raw| !raw.is_empty())
        .filter(|raw| {
            let key = url::form_urlencoded::parse(raw.as_bytes())
                .next()
                .map(|(k, _)| k.into_owned())
                .unwrap_or_default();
            !pairs.iter().any(|(name, _)| key == *name)
        })
        .map(str::to_string)
        .collect();
    query.extend(pairs.iter().map(|pair| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([pair])
            .finish()
    }));
    url.set_query(Some(&query.join("&")));
}

/// Whether rewriting `query` as [`replace_query_pairs`] does would give
/// `query` itself: it ends with `name=value` for each of `pairs`, in order,
/// the names appear nowhere before, and every pair is spelled as the form
/// serializer spells it (one `=`; only `A-Z a-z 0-9 * - . _` otherwise), so
/// decoding and encoding it again changes nothing.
///
/// Run twice for every page of a listing, so on bytes: the pairs are
/// matched at the end of the query, then each piece before them is checked
/// once. (The tests compare it with a version built on `rsplit` and
/// `split_once` on many queries.)
fn already_replaced(query: Option<&str>, pairs: &[(&str, &str)]) -> bool {
    let Some(query) = query else {
        return false;
    };
    if pairs.is_empty() {
        return false;
    }
    // From the end: the pairs (last one first), each a whole piece.
    let mut rest = query.as_bytes();
    let mut no_more_pieces = false;
    for (name, value) in pairs.iter().rev() {
        let (name, value) = (name.as_bytes(), value.as_bytes());
        if no_more_pieces || !plain(name) || !plain(value) {
            return false;
        }
        let Some(head) = rest
            .strip_suffix(value)
            .and_then(|r| r.strip_suffix(b"="))
            .and_then(|r| r.strip_suffix(name))
        else {
            return false;
        };
        match head.split_last() {
            None => no_more_pieces = true,
            Some((b'&', before)) => rest = before,
            // The piece is longer than `name=value`.
            Some(_) => return false,
        }
    }
    // What is kept: every piece (an empty one included) a plain pair of
    // another name.
    no_more_pieces
        || rest
            .split(|&b| b == b'&')
            .all(|piece| match piece.iter().position(|&b| b == b'=') {
                Some(at) => {
                    let (name, value) = (&piece[..at], &piece[at + 1..]);
                    plain(name) && plain(value) && !pairs.iter().any(|(n, _)| n.as_bytes() == name)
                }
                None => false,
            })
}

/// Only what the form serializer leaves as it is: `A-Z a-z 0-9 * - . _`.
pub(crate) fn plain(text: &[u8]) -> bool {
    text.iter().all(|&b| FORM_PLAIN[usize::from(b)])
}

/// `FORM_PLAIN[b]`: whether the form serializer leaves byte `b` as it is
/// (a table: these checks run over every page's query, twice).
const FORM_PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'*' | b'-' | b'.' | b'_');
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// What `replace_query_pairs` does without its fast path.
    fn rewritten(url: &str, pairs: &[(&str, &str)]) -> String {
        let mut url = reqwest::Url::parse(url).unwrap();
        rewrite_query_pairs(&mut url, pairs);
        url.into()
    }

    #[test]
    fn replacing_query_pairs_gives_the_same_url_with_or_without_the_fast_path() {
        let pairs = [("api-version", "2025-03-15")];
        let two = [("api-version", "2025-03-15"), ("x", "1")];
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("https://a.example/p?skip=2&api-version=2025-03-15", &pairs),
            ("https://a.example/p?api-version=2025-03-15", &pairs),
            ("https://a.example/p?api-version=2025-03-15#frag", &pairs),
            ("https://a.example/p?api-version=2024-01-01", &pairs),
            ("https://a.example/p?api-version=2025-03-15&skip=2", &pairs),
            (
                "https://a.example/p?api-version=1&api-version=2025-03-15",
                &pairs,
            ),
            ("https://a.example/p?skip=2&&api-version=2025-03-15", &pairs),
            ("https://a.example/p?skip&api-version=2025-03-15", &pairs),
            (
                "https://a.example/p?skip=a=b&api-version=2025-03-15",
                &pairs,
            ),
            (
                "https://a.example/p?s%6Bip=2&api-version=2025-03-15",
                &pairs,
            ),
            ("https://a.example/p?q=a+b&api-version=2025-03-15", &pairs),
            ("https://a.example/p?q=a%20b&api-version=2025-03-15", &pairs),
            (
                "https://a.example/p?q=%C3%A9&api-version=2025-03-15",
                &pairs,
            ),
            ("https://a.example/p?api-version=2025%2D03-15", &pairs),
            (
                "https://a.example/p?skip=2&api-version=2025-03-15&x=1",
                &two,
            ),
            (
                "https://a.example/p?skip=2&x=1&api-version=2025-03-15",
                &two,
            ),
            ("https://a.example/p?", &pairs),
            ("https://a.example/p", &pairs),
            ("https://a.example/p?=&api-version=2025-03-15", &pairs),
        ];
        for (url, pairs) in cases {
            let mut fast = reqwest::Url::parse(url).unwrap();
            replace_query_pairs(&mut fast, pairs);
            assert_eq!(fast.as_str(), rewritten(url, pairs), "{url}");
        }
        // The fast path is taken where it should be.
        assert!(already_replaced(
            Some("skip=2&api-version=2025-03-15"),
            &pairs
        ));
        assert!(!already_replaced(
            Some("api-version=2025-03-15&skip=2"),
            &pairs
        ));
        assert!(!already_replaced(
            Some("q=a+b&api-version=2025-03-15"),
            &pairs
        ));
    }

    /// `already_replaced` as it was first written (`rsplit`, `split_once`).
    fn already_replaced_before(query: Option<&str>, pairs: &[(&str, &str)]) -> bool {
        fn plain(text: &str) -> bool {
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_'))
        }
        let Some(query) = query else {
            return false;
        };
        if pairs.is_empty() {
            return false;
        }
        let mut pieces = query.rsplit('&');
        let tail_matches = pairs.iter().rev().all(|(name, value)| {
            plain(name)
                && plain(value)
                && pieces.next().and_then(|piece| piece.split_once('=')) == Some((name, value))
        });
        tail_matches
            && pieces.all(|piece| match piece.split_once('=') {
                Some((name, value)) => {
                    plain(name) && plain(value) && !pairs.iter().any(|(n, _)| *n == name)
                }
                None => false,
            })
    }

    #[test]
    fn the_byte_check_agrees_with_the_first_version() {
        let pair_sets: &[&[(&str, &str)]] = &[
            &[],
            &[("api-version", "2025-03-15")],
            &[("api-version", "2025-03-15"), ("x", "1")],
            &[("x", "1"), ("api-version", "2025-03-15")],
            &[("a", "")],
            &[("", "")],
            &[("a b", "1")],
            &[("api-version", "2025-03-15:preview")],
            &[("a", "1"), ("a", "1")],
        ];
        // Pieces a query is made of, in every order up to three of them.
        let pieces = [
            "api-version=2025-03-15",
            "api-version=2024-01-01",
            "x=1",
            "x=2",
            "skip=10",
            "maxPageSize=10",
            "a=",
            "a=1",
            "=",
            "",
            "skip",
            "a=b=c",
            "q=a+b",
            "q=%20",
            "api-version=2025%2D03-15",
            "xapi-version=2025-03-15",
            "api-version=2025-03-15x",
            "api-version==2025-03-15",
            "a b=1",
            "é=1",
        ];
        let mut queries: Vec<Option<String>> = vec![None, Some(String::new())];
        for a in pieces {
            queries.push(Some(a.to_string()));
            for b in pieces {
                queries.push(Some(format!("{a}&{b}")));
                for c in pieces {
                    queries.push(Some(format!("{a}&{b}&{c}")));
                }
            }
        }
        let mut fast_path_taken = 0;
        for pairs in pair_sets {
            for query in &queries {
                let now = already_replaced(query.as_deref(), pairs);
                assert_eq!(
                    now,
                    already_replaced_before(query.as_deref(), pairs),
                    "{query:?} {pairs:?}"
                );
                fast_path_taken += usize::from(now);
            }
        }
        assert!(fast_path_taken > 100, "{fast_path_taken}");
    }

    #[test]
    fn the_plain_table_is_what_the_form_serializer_leaves_alone() {
        for b in 0..=255u8 {
            let alone = url::form_urlencoded::byte_serialize(&[b]).collect::<String>()
                == char::from(b).to_string();
            assert_eq!(plain(&[b]), alone && b != b' ', "byte {b}");
        }
    }

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
