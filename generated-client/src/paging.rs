//! Paging runtime for `x-ms-pageable` operations: follows `nextLink` from
//! page to page. The generated code supplies, per operation, how to fetch a
//! page from a link and where the link and the items are in a page.
//!
//! Rules, the same for every operation:
//! - a `nextLink` must be on the client's endpoint (same scheme, host and
//!   port), or the stream ends with an error and nothing is sent there, so a
//!   token never leaves for another origin;
//! - a `nextLink` seen before ends the stream with an error rather than a
//!   loop (remembered as a 64-bit hash per page, not the link);
//! - an absent or empty `nextLink` ends the stream; empty pages are fine;
//! - one page is in memory at a time.

use std::collections::HashSet;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};

use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use progenitor_client::{Error, ResponseValue};

/// Every page of a listing, each with its status and headers.
pub type PageStream<'a, P, E> = BoxStream<'a, Result<ResponseValue<P>, Error<E>>>;

/// Every item of a listing, across pages.
pub type ItemStream<'a, T, E> = BoxStream<'a, Result<T, Error<E>>>;

enum Next<'a, P, E> {
    Fetch(BoxFuture<'a, Result<ResponseValue<P>, Error<E>>>),
    Link(String),
    Done,
}

/// Pages starting with the response of `first`.
pub fn pages<'a, P, E, F, Fut>(
    first: impl Future<Output = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
    fetch: F,
    next_link: fn(&P) -> Option<&str>,
) -> PageStream<'a, P, E>
where
    P: Send + 'a,
    E: Send + 'a,
    F: Fn(String) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
{
    walk(Next::Fetch(Box::pin(first)), fetch, next_link)
}

/// The one page of a listing that never has a next page.
pub fn single_page<'a, P, E>(
    first: impl Future<Output = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
) -> PageStream<'a, P, E>
where
    P: Send + 'a,
    E: Send + 'a,
{
    stream::once(first).boxed()
}

/// Pages starting at `link`, the `nextLink` of an earlier page.
pub fn pages_from<'a, P, E, F, Fut>(
    link: String,
    fetch: F,
    next_link: fn(&P) -> Option<&str>,
) -> PageStream<'a, P, E>
where
    P: Send + 'a,
    E: Send + 'a,
    F: Fn(String) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
{
    walk(Next::Link(link), fetch, next_link)
}

fn walk<'a, P, E, F, Fut>(
    start: Next<'a, P, E>,
    fetch: F,
    next_link: fn(&P) -> Option<&str>,
) -> PageStream<'a, P, E>
where
    P: Send + 'a,
    E: Send + 'a,
    F: Fn(String) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
{
    let state = (start, HashSet::<u64>::new(), fetch);
    stream::unfold(state, move |(next, mut seen, fetch)| async move {
        let result = match next {
            Next::Done => return None,
            Next::Fetch(first) => first.await,
            Next::Link(link) => {
                if seen.insert(hash(&link)) {
                    fetch(link).await
                } else {
                    Err(Error::InvalidRequest(format!(
                        "nextLink {} was already followed; stopping instead of looping",
                        redact_query(&link)
                    )))
                }
            }
        };
        match result {
            Ok(page) => {
                let next = match next_link(&page) {
                    Some(link) if !link.is_empty() => Next::Link(link.to_string()),
                    _ => Next::Done,
                };
                Some((Ok(page), (next, seen, fetch)))
            }
            Err(e) => Some((Err(e), (Next::Done, seen, fetch))),
        }
    })
    .boxed()
}

/// The items of every page, in order.
pub fn items<'a, P, T, E>(
    pages: PageStream<'a, P, E>,
    items_of: fn(P) -> Vec<T>,
) -> ItemStream<'a, T, E>
where
    P: Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    pages
        .map_ok(move |page| stream::iter(items_of(page.into_inner()).into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

fn hash(link: &str) -> u64 {
    let mut h = DefaultHasher::new();
    link.hash(&mut h);
    h.finish()
}

/// The URL of a `nextLink`, if it may be followed from a client on
/// `endpoint`: absolute, and on the same scheme, host and port.
pub fn next_link_url(endpoint: &str, link: &str) -> Result<reqwest::Url, String> {
    let base = reqwest::Url::parse(endpoint)
        .map_err(|e| format!("the client's endpoint `{endpoint}` is not a URL: {e}"))?;
    let url = reqwest::Url::parse(link).map_err(|e| {
        format!(
            "nextLink is not an absolute URL ({e}): {}",
            redact_query(link)
        )
    })?;
    if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "nextLink {} is not on the client's endpoint {}; not followed, so no token is sent there",
            redact_query(link),
            base.origin().ascii_serialization()
        ));
    }
    Ok(url)
}

/// A link for messages: scheme, host and path, without the query (which may
/// carry anything).
fn redact_query(link: &str) -> String {
    match reqwest::Url::parse(link) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            format!("`{url}`")
        }
        Err(_) => format!(
            "`{}`",
            link.split('?')
                .next()
                .unwrap_or("")
                .chars()
                .take(200)
                .collect::<String>()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_must_share_the_endpoint_origin() {
        let base = "https://contoso.communication.azure.com";
        assert!(
            next_link_url(
                base,
                "https://contoso.communication.azure.com/chat/threads/t/readReceipts?skip=2"
            )
            .is_ok()
        );
        for foreign in [
            "https://evil.example/chat?skip=2",
            "http://contoso.communication.azure.com/chat",
            "https://contoso.communication.azure.com:8443/chat",
            "https://user:pw@contoso.communication.azure.com/chat",
            "/chat/threads/t/readReceipts",
        ] {
            assert!(next_link_url(base, foreign).is_err(), "{foreign}");
        }
    }

    #[test]
    fn messages_leave_out_query_and_userinfo() {
        let msg = next_link_url(
            "https://a.example",
            "https://u:secret@b.example/p?sig=secret",
        )
        .unwrap_err();
        assert!(!msg.contains("secret"), "{msg}");
    }
}
