//! Paging runtime for `x-ms-pageable` operations: follows `nextLink` from
//! page to page. The generated code supplies, per operation, the first
//! request, how to decode a page, and where a page's next link is.
//!
//! Rules, the same for every operation:
//! - a relative next link (`/x?skip=2`, `x?skip=2`, `?skip=2`) is resolved
//!   against the URL of the page that carried it (RFC 3986); one saved in a
//!   [`ContinuationToken`] is resolved against the endpoint;
//! - the resolved link must be on the client's endpoint (same scheme, host
//!   and port, no user info; so `//other-host/x` is refused), or the stream
//!   ends with an error and nothing is sent there, so a token never leaves
//!   for another origin;
//! - next-link requests are GETs, retried like any idempotent request
//!   whatever the listing operation's own retry safety;
//! - a page already fetched (the first one included) ends the stream with
//!   an error rather than a loop; pages are compared by the canonical form
//!   of the URL actually sent (after the client-level parameters replaced
//!   the link's own; percent-encoding normalized, query pairs sorted,
//!   parameters at their defaults such as `skip=0` dropped: see
//!   `canonical_url`) as a 64-bit hash. The first
//!   [`EXACT_LOOP_CHECK_PAGES`] pages are remembered exactly; past them,
//!   Brent's cycle detection keeps memory constant and still ends any loop
//!   (at the latest after as many pages again as were fetched before it);
//! - a listing is bounded ([`PagingLimits`], set with
//!   `ClientBuilder::paging_limits`): past
//!   [`DEFAULT_MAX_PAGES`] pages, or [`DEFAULT_MAX_ITEMS`] items from
//!   `.stream()`, it ends with [`Error::PagingLimit`], so a server handing
//!   out ever-new next links cannot make it endless;
//! - an absent or empty next link ends the stream; empty pages are fine;
//! - one page is in memory at a time;
//! - every request goes through the client's pipeline (credential,
//!   client-level parameters, retries, timeouts), each page its own call.
//!
//! A listing owns a clone of the client's pipeline (one `Arc`): it is
//! `'static + Send`, so it can be moved into `tokio::spawn`. Stopping and
//! resuming one with a [`ContinuationToken`] (the `nextLink` of the last
//! page seen):
//!
//! ```no_run
//! use acs_chat::paging::ContinuationToken;
//! use futures::TryStreamExt;
//!
//! # async fn demo(client: acs_chat::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let thread = "19:uni01_abc@thread.v2";
//! let mut pages = client.list_chat_read_receipts().chat_thread_id(thread).max_page_size(50).pages();
//! let first = pages.try_next().await?.expect("the first page");
//! let saved: Option<String> = first.next_link.clone(); // store it anywhere
//! drop(pages);
//!
//! // Later, perhaps in another process, in a task of its own:
//! if let Some(saved) = saved {
//!     let token: ContinuationToken = saved.parse()?;
//!     let rest = client.list_chat_read_receipts_pages_from(token);
//!     let pages: Vec<_> = tokio::spawn(rest.try_collect::<Vec<_>>()).await??;
//!     println!("{} more pages", pages.len());
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use crate::runtime::paging_limits::{
    DEFAULT_MAX_ITEMS, DEFAULT_MAX_PAGES, PagingLimitKind, PagingLimits,
};

/// How many pages of one listing are remembered exactly for loop checks
/// (8 bytes each); later pages use constant-memory cycle detection.
pub const EXACT_LOOP_CHECK_PAGES: usize = 1024;

/// Pages fetched so far, as hashes of the URLs sent.
#[derive(Default)]
struct Seen {
    exact: HashSet<u64>,
    /// Brent's algorithm past the exact window: a saved hash, replaced
    /// whenever `steps` reaches `power` (which then doubles).
    saved: Option<u64>,
    steps: u64,
    power: u64,
}

impl Seen {
    /// Whether this page is new; `false` means a loop.
    fn first_visit(&mut self, page: u64) -> bool {
        if self.exact.len() < EXACT_LOOP_CHECK_PAGES {
            return self.exact.insert(page);
        }
        if self.exact.contains(&page) || self.saved == Some(page) {
            return false;
        }
        self.steps += 1;
        if self.steps >= self.power.max(1) {
            self.saved = Some(page);
            self.power = self.power.max(1) * 2;
            self.steps = 0;
        }
        true
    }
}
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::str::FromStr;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use progenitor_client::ResponseValue;

use crate::runtime::api::{Api, OperationInfo};
use crate::runtime::call_options::CallOptions;
use crate::runtime::error::Error;
#[doc(hidden)] // for the benchmarks and fuzz targets, not an API
pub use crate::runtime::next_link::next_link_url;
use crate::runtime::next_link::{link_request, redact_query, resolved_link_request};
#[cfg(test)]
use crate::runtime::next_link::{next_link_url_from, same_origin, same_origin_as};
use crate::runtime::pipeline::Pipeline;
use crate::runtime::response::BufferedResponse;

/// Every page of a listing, each with its status and headers (a
/// `Stream`; use `futures::StreamExt` / `TryStreamExt` on it).
///
/// It owns what it needs (a clone of the client's pipeline, one `Arc`), so
/// it is `'static + Send`: it can outlive the client value it came from and
/// be moved into `tokio::spawn`.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<P> {
    pages: BoxStream<'static, Result<ResponseValue<P>, Error>>,
    limits: PagingLimits,
}

impl<P> futures::Stream for PageStream<P> {
    type Item = Result<ResponseValue<P>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.pages.poll_next_unpin(cx)
    }
}

impl<P> PageStream<P> {
    /// The next page, `Ok(None)` after the last (and every time asked
    /// again): what `futures::TryStreamExt::try_next` gives, without the
    /// import.
    pub fn try_next(
        &mut self,
    ) -> impl Future<Output = Result<Option<ResponseValue<P>>, Error>> + '_ {
        std::future::poll_fn(move |cx| self.pages.poll_next_unpin(cx).map(Option::transpose))
    }
}

impl<P> std::fmt::Debug for PageStream<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Every item of a listing, across pages, in order (a `Stream`);
/// `'static + Send` like [`PageStream`]. After an error (the page stream's,
/// or [`Error::PagingLimit`] for items) it ends, without fetching another page.
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<T> {
    /// `None` once the listing ended or failed.
    pages: Option<BoxStream<'static, Result<Vec<T>, Error>>>,
    /// The rest of the current page.
    current: std::vec::IntoIter<T>,
    /// Items still allowed by [`PagingLimits::max_items`].
    room: u64,
    limit: u64,
}

impl<T> Unpin for ItemStream<T> {}

impl<T> futures::Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    // A hand-written state machine rather than `try_flatten`: one call per
    // item, no boxed stream or future in between (the paging benchmark's
    // per-item cost). The usual case (an item of the current page, room
    // for it) is small enough to inline into the caller's loop, so that
    // the item is not copied from frame to frame on its way; the rest is
    // `poll_page`.
    #[inline(always)]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.room > 0 && !this.current.as_slice().is_empty() {
            this.room -= 1;
            return Poll::Ready(this.current.next().map(Ok));
        }
        this.poll_page(cx)
    }
}

impl<T> ItemStream<T> {
    /// The next item, `Ok(None)` at the end of the listing: what
    /// `futures::TryStreamExt::try_next` gives, without its layers.
    ///
    /// `while let Some(item) = items.try_next().await? { .. }` calls this
    /// one; the trait's method (through `TryStreamExt`) works as well and
    /// yields the same items. This one hands each item over with fewer
    /// copies of it on the way, which the paging benchmark measures.
    #[inline(always)]
    pub fn try_next(&mut self) -> TryNextItem<'_, T> {
        TryNextItem { items: self }
    }

    /// [`futures::Stream::poll_next`] past the current page or the item
    /// limit: the limit's error, the next page's first item, the end.
    #[inline(never)]
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        let this = self;
        loop {
            if let Some(item) = this.current.next() {
                if this.room == 0 {
                    this.pages = None;
                    this.current = Vec::new().into_iter();
                    return Poll::Ready(Some(Err(Error::PagingLimit {
                        kind: PagingLimitKind::Items,
                        limit: this.limit,
                    })));
                }
                this.room -= 1;
                return Poll::Ready(Some(Ok(item)));
            }
            // The spent page's buffer is freed before the next page is
            // fetched and decoded, not when that page replaces it: one
            // page's items in memory at a time, as in a hand-written loop,
            // and the allocator can reuse the space for the next page.
            this.current = Vec::new().into_iter();
            let Some(pages) = this.pages.as_mut() else {
                return Poll::Ready(None);
            };
            match std::task::ready!(pages.poll_next_unpin(cx)) {
                Some(Ok(items)) => this.current = items.into_iter(),
                Some(Err(e)) => {
                    this.pages = None;
                    return Poll::Ready(Some(Err(e)));
                }
                None => {
                    this.pages = None;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

/// The future of [`ItemStream::try_next`].
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct TryNextItem<'a, T> {
    items: &'a mut ItemStream<T>,
}

impl<T> Future for TryNextItem<'_, T> {
    type Output = Result<Option<T>, Error>;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self.get_mut().items;
        // `poll_next`'s fast path, written out rather than called, so that
        // the item goes straight into `Result<Option<T>>` instead of
        // through `Poll<Option<Result<T>>>` first (the copies this saves).
        if this.room > 0 && !this.current.as_slice().is_empty() {
            this.room -= 1;
            return Poll::Ready(Ok(this.current.next()));
        }
        this.poll_page(cx).map(Option::transpose)
    }
}

impl<T> std::fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("room", &self.room)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// Where a listing goes on: the `nextLink` of the last page seen, kept to
/// resume the listing later (`Client::<operation>_pages_from`), in this
/// process or another.
///
/// Store it with [`Self::as_str`] and read it back with [`str::parse`] or
/// `From<String>`. Its `Debug` shows only the link's scheme, host and path
/// (a query may carry anything a server put there); there is no `Display`,
/// so that it does not end up in a log by accident.
///
/// ```
/// let token = acs_chat::paging::ContinuationToken::from(
///     "https://a.example/chat/threads/t/readReceipts?skip=2&sig=secret".to_string(),
/// );
/// assert!(!format!("{token:?}").contains("secret"));
/// let again: acs_chat::paging::ContinuationToken = token.as_str().parse().unwrap();
/// assert_eq!(again, token);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ContinuationToken(String);

impl ContinuationToken {
    /// The next link, exactly as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The next link, exactly as the service sent it.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<String> for ContinuationToken {
    fn from(link: String) -> Self {
        ContinuationToken(link)
    }
}

impl From<&str> for ContinuationToken {
    fn from(link: &str) -> Self {
        ContinuationToken(link.to_string())
    }
}

impl FromStr for ContinuationToken {
    type Err = std::convert::Infallible;

    /// Any text: whether it may be followed is checked when it is (same
    /// origin as the client's endpoint, not a page already fetched).
    fn from_str(link: &str) -> Result<Self, Self::Err> {
        Ok(ContinuationToken(link.to_string()))
    }
}

impl std::fmt::Debug for ContinuationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ContinuationToken({})", redact_query(&self.0))
    }
}

enum Next {
    Request(Box<reqwest::Request>),
    /// A link as written (a continuation token's), resolved against the
    /// endpoint when followed.
    Link(String),
    /// A page's next link, already resolved against that page's URL: the
    /// `Url` itself is carried to the request, not its text to be parsed
    /// again (a full URL parse per page).
    Resolved(Box<reqwest::Url>),
    Done,
}

/// The first request of a listing, or why it could not be built.
pub(crate) type FirstRequest<'a, A> = Result<(&'a Pipeline<A>, reqwest::Request), Error>;

/// Pages starting with the operation's own request.
///
/// `options` apply to every page's request, as to the first.
pub(crate) fn pages<A, P, D>(
    first: FirstRequest<'_, A>,
    info: OperationInfo,
    options: CallOptions,
    decode: D,
    next_link: fn(&P) -> Option<&str>,
) -> PageStream<P>
where
    A: Api,
    P: Send + 'static,
    D: Fn(BufferedResponse) -> Result<ResponseValue<P>, Error> + Send + 'static,
{
    match first {
        Ok((pipeline, request)) => walk(
            pipeline.clone(),
            Next::Request(Box::new(request)),
            info,
            options,
            decode,
            next_link,
        ),
        Err(e) => PageStream {
            pages: stream::once(async { Err(e) }).boxed(),
            limits: PagingLimits::default(),
        },
    }
}

/// Pages starting at `token`, the next link of an earlier page.
pub(crate) fn pages_from<A, P, D>(
    pipeline: &Pipeline<A>,
    token: ContinuationToken,
    info: OperationInfo,
    options: CallOptions,
    decode: D,
    next_link: fn(&P) -> Option<&str>,
) -> PageStream<P>
where
    A: Api,
    P: Send + 'static,
    D: Fn(BufferedResponse) -> Result<ResponseValue<P>, Error> + Send + 'static,
{
    walk(
        pipeline.clone(),
        Next::Link(token.0),
        info,
        options,
        decode,
        next_link,
    )
}

/// One page from a next link.
pub(crate) async fn next_page<A, P, D>(
    pipeline: &Pipeline<A>,
    link: &str,
    info: OperationInfo,
    options: &CallOptions,
    decode: D,
) -> Result<ResponseValue<P>, Error>
where
    A: Api,
    D: Fn(BufferedResponse) -> Result<ResponseValue<P>, Error>,
{
    let request = link_request(pipeline, link)?;
    decode(crate::runtime::pipeline::execute(pipeline, request, &info, options).await?)
}

/// The items of every page, in order.
pub(crate) fn items<P, T>(pages: PageStream<P>, items_of: fn(P) -> Vec<T>) -> ItemStream<T>
where
    P: Send + 'static,
    T: Send + 'static,
{
    let limit = pages.limits.max_items;
    ItemStream {
        pages: Some(
            pages
                .map_ok(move |page| items_of(page.into_inner()))
                .boxed(),
        ),
        current: Vec::new().into_iter(),
        room: limit,
        limit,
    }
}

fn walk<A, P, D>(
    pipeline: Pipeline<A>,
    start: Next,
    info: OperationInfo,
    options: CallOptions,
    decode: D,
    next_link: fn(&P) -> Option<&str>,
) -> PageStream<P>
where
    A: Api,
    P: Send + 'static,
    D: Fn(BufferedResponse) -> Result<ResponseValue<P>, Error> + Send + 'static,
{
    let limits = pipeline.paging_limits();
    let state = (start, Seen::default(), decode, 0u64, pipeline, options);
    let pages = stream::unfold(
        state,
        move |(next, mut seen, decode, fetched, pipeline, options)| async move {
            // A next-link request is a GET, safe to repeat whatever the
            // listing operation's own method.
            let info = match next {
                Next::Link(_) | Next::Resolved(_) => OperationInfo {
                    retry_safe: true,
                    ..info
                },
                _ => info,
            };
            let request = match next {
                Next::Done => return None,
                _ if fetched >= limits.max_pages => Err(Error::PagingLimit {
                    kind: PagingLimitKind::Pages,
                    limit: limits.max_pages,
                }),
                Next::Request(request) => Ok(*request),
                Next::Link(link) => link_request(&pipeline, &link),
                Next::Resolved(url) => resolved_link_request(&pipeline, *url),
            };
            let fetched = fetched.saturating_add(1);
            let mut page_url = None;
            let result = match request.and_then(|r| once_only(&pipeline, r, &mut seen)) {
                Err(e) => Err(e),
                Ok(request) => {
                    page_url = Some(request.url().clone());
                    match crate::runtime::pipeline::execute(&pipeline, request, &info, &options)
                        .await
                    {
                        Ok(response) => decode(response),
                        Err(e) => Err(e),
                    }
                }
            };
            match result {
                Ok(page) => {
                    let next = match next_link(&page) {
                        Some(link) if !link.is_empty() => resolve_next(page_url.as_ref(), link),
                        _ => Next::Done,
                    };
                    Some((Ok(page), (next, seen, decode, fetched, pipeline, options)))
                }
                Err(e) => Some((
                    Err(e),
                    (Next::Done, seen, decode, fetched, pipeline, options),
                )),
            }
        },
    )
    // Fused: `Unfold` panics when polled after its end, and
    // `PageStream::try_next` promises `Ok(None)` every time after the last.
    .fuse()
    .boxed();
    PageStream { pages, limits }
}

/// A next link as an absolute URL: a relative reference (`/x?skip=2`,
/// `x?skip=2`, `?skip=2`, `//host/x`) is resolved against the URL of the
/// page that carried it (RFC 3986, section 5). What cannot be resolved is
/// kept as it came, for [`next_link_url`] to refuse with its reason. The
/// same-origin rule applies to the result, not to the link as written.
fn resolve_next(page_url: Option<&reqwest::Url>, link: &str) -> Next {
    match page_url.map(|base| base.join(link)) {
        Some(Ok(url)) => Next::Resolved(Box::new(url)),
        _ => Next::Link(link.to_string()),
    }
}

/// [`resolve_next`] as text: the absolute URL, or the link as it came.
#[cfg(test)]
fn resolve_against(page_url: Option<&reqwest::Url>, link: &str) -> String {
    match resolve_next(page_url, link) {
        Next::Resolved(url) => (*url).into(),
        Next::Link(link) => link,
        _ => unreachable!("a link resolves to a link"),
    }
}

/// Lets `request` through unless the page it asks for was fetched before.
fn once_only<A: Api>(
    pipeline: &Pipeline<A>,
    mut request: reqwest::Request,
    seen: &mut Seen,
) -> Result<reqwest::Request, Error> {
    // Compared as sent: with the client-level parameters, which `execute`
    // puts on the request again (replacing them by themselves, a no-op), so
    // they go on the request itself rather than on a copy of its URL.
    pipeline.parameters().apply_to_url(request.url_mut());
    let mut h = DefaultHasher::new();
    crate::runtime::canonical_url::canonical(request.url(), A::INTEGER_QUERY, A::QUERY_DEFAULTS)
        .hash(&mut h);
    if seen.first_visit(h.finish()) {
        Ok(request)
    } else {
        Err(Error::InvalidRequest(format!(
            "the next link {} asks for a page already fetched; stopping instead of looping",
            redact_query(request.url().as_str())
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_are_found_past_the_exact_window_in_constant_memory() {
        // A listing of 5,000 distinct pages, then a loop over its last 7.
        let mut seen = Seen::default();
        for page in 0..5_000u64 {
            assert!(seen.first_visit(page), "page {page} is new");
        }
        assert_eq!(seen.exact.len(), EXACT_LOOP_CHECK_PAGES);
        let cycle: Vec<u64> = (4_993..5_000).collect();
        let steps = cycle
            .iter()
            .cycle()
            .take_while(|p| seen.first_visit(**p))
            .count();
        assert!(steps <= 2 * 5_000, "found after {steps} more pages");
        // Within the exact window, the first repeat is found at once.
        let mut seen = Seen::default();
        assert!(seen.first_visit(1) && seen.first_visit(2));
        assert!(!seen.first_visit(1));
    }

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
            // Scheme-relative: another host once resolved.
            "//evil.example/chat?skip=2",
            "//user:pw@contoso.communication.azure.com/chat",
        ] {
            assert!(next_link_url(base, foreign).is_err(), "{foreign}");
        }
    }

    #[test]
    fn relative_links_resolve_against_their_page_and_stay_on_its_origin() {
        let page: reqwest::Url =
            "https://contoso.communication.azure.com/chat/threads/t/readReceipts?skip=0"
                .parse()
                .unwrap();
        let origin = "https://contoso.communication.azure.com";
        for (link, resolved) in [
            ("/kv?after=a", "/kv?after=a"),
            ("readReceipts?skip=2", "/chat/threads/t/readReceipts?skip=2"),
            ("?skip=4", "/chat/threads/t/readReceipts?skip=4"),
            ("../../x", "/chat/x"),
            ("../../../../../../x", "/x"),
        ] {
            let got = resolve_against(Some(&page), link);
            assert_eq!(got, format!("{origin}{resolved}"), "{link}");
            assert!(next_link_url(origin, &got).is_ok(), "{link}");
        }
        // Scheme-relative: resolved to another origin, then refused.
        let got = resolve_against(Some(&page), "//evil.example/x?skip=2");
        assert_eq!(got, "https://evil.example/x?skip=2");
        assert!(next_link_url(origin, &got).is_err());
        // An absolute link is kept as it is.
        let absolute = "https://contoso.communication.azure.com/a?b=c";
        assert_eq!(resolve_against(Some(&page), absolute), absolute);
        // A saved relative link resolves against the endpoint.
        assert_eq!(
            next_link_url(origin, "/chat?skip=2").unwrap().as_str(),
            "https://contoso.communication.azure.com/chat?skip=2"
        );
    }

    #[test]
    fn messages_leave_out_query_and_userinfo() {
        let msg = next_link_url(
            "https://a.example",
            "https://u:secret@b.example/p?sig=secret",
        )
        .unwrap_err();
        assert!(!msg.contains("secret"), "{msg}");
        // A scheme-relative link is not a URL by itself: its user info must
        // not reach the message through the text as written either.
        for link in [
            "//u:secret@b.example/p?sig=secret",
            "//secret@b.example",
            "//u:secret@[::1/p",
        ] {
            let msg = next_link_url("https://a.example", link).unwrap_err();
            assert!(!msg.contains("secret"), "{link}: {msg}");
            assert!(
                msg.contains("b.example") || msg.contains("::1"),
                "{link}: {msg}"
            );
            // Nor the token's `Debug`.
            let token: ContinuationToken = link.parse().expect("any text is a token");
            let shown = format!("{token:?}");
            assert!(!shown.contains("secret"), "{link}: {shown}");
        }
    }
}

#[cfg(test)]
#[path = "paging_link_tests.rs"]
mod link_tests;
