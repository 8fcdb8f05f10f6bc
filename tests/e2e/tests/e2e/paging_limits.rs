//! Servers that keep a listing going: ever-new next links (bounded by
//! `PagingLimits`) and the same page respelled (caught by loop detection
//! on the canonical URL form).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;
use acs_chat::paging::{PagingLimitKind, PagingLimits};
use futures::StreamExt;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

type Item = Result<acs_chat::types::ChatMessageReadReceipt, acs_chat::Error>;

/// Answers every request with `per_page` receipts and a next link made by
/// `link` from the server's URI and the request count.
struct Endless {
    uri: String,
    per_page: usize,
    count: Arc<AtomicUsize>,
    link: fn(&str, usize) -> String,
}

impl Respond for Endless {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        let value: Vec<_> = (0..self.per_page)
            .map(|i| receipt("u", &format!("{}", n * self.per_page + i)))
            .collect();
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": value,
            "nextLink": (self.link)(&self.uri, n),
        }))
    }
}

async fn endless(
    per_page: usize,
    link: fn(&str, usize) -> String,
) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(Endless {
            uri: server.uri(),
            per_page,
            count: count.clone(),
            link,
        })
        .mount(&server)
        .await;
    (server, count)
}

/// Always a new page: `skip` grows.
fn ever_new(uri: &str, n: usize) -> String {
    format!(
        "{uri}/chat/threads/{THREAD_ID_ENCODED}/readReceipts?skip={}",
        n + 1
    )
}

/// The first page again, spelled anew each time: `skip=0` with more and
/// more leading zeros, and one more letter of the path percent-encoded
/// every other time.
fn first_page_respelled(uri: &str, n: usize) -> String {
    let path = if n.is_multiple_of(2) {
        "rea%64Receipts"
    } else {
        "%72eadReceipts"
    };
    format!(
        "{uri}/chat/threads/{THREAD_ID_ENCODED}/{path}?skip={}0",
        "0".repeat(n)
    )
}

fn limited(server: &MockServer, limits: PagingLimits) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .paging_limits(limits)
        .build()
        .unwrap()
}

async fn listing(client: &acs_chat::Client) -> Vec<Item> {
    tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .stream()
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends")
}

#[tokio::test]
async fn ever_new_next_links_end_at_the_page_limit() {
    let (server, count) = endless(1, ever_new).await;
    let client = limited(
        &server,
        PagingLimits {
            max_pages: 50,
            ..Default::default()
        },
    );
    let results = listing(&client).await;
    assert_eq!(results.len(), 51, "50 items, then the error");
    assert!(results[..50].iter().all(Result::is_ok));
    let err = results[50].as_ref().unwrap_err();
    assert!(
        matches!(
            err,
            acs_chat::Error::PagingLimit {
                kind: PagingLimitKind::Pages,
                limit: 50
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("more than 50 pages"), "{err}");
    assert_eq!(count.load(Ordering::SeqCst), 50, "no 51st page was fetched");
}

#[tokio::test]
async fn the_item_stream_ends_at_the_item_limit() {
    let (server, count) = endless(3, ever_new).await;
    let client = limited(
        &server,
        PagingLimits {
            max_items: 10,
            ..Default::default()
        },
    );
    let results = listing(&client).await;
    assert_eq!(results.len(), 11, "{results:?}");
    let ids: Vec<_> = results[..10]
        .iter()
        .map(|r| r.as_ref().unwrap().chat_message_id.clone())
        .collect();
    assert_eq!(ids, (0..10).map(|i| i.to_string()).collect::<Vec<_>>());
    assert!(matches!(
        results[10],
        Err(acs_chat::Error::PagingLimit {
            kind: PagingLimitKind::Items,
            limit: 10
        })
    ));
    assert_eq!(count.load(Ordering::SeqCst), 4, "no page after the limit");
}

/// Two clients with `limits`, each on an endless server of its own of
/// `per_page` receipts a page (the server numbers items by its request
/// count, so two listings cannot share one).
async fn two_endless_clients(
    per_page: usize,
    limits: PagingLimits,
) -> [(MockServer, acs_chat::Client); 2] {
    let mut out = Vec::new();
    for _ in 0..2 {
        let (server, _) = endless(per_page, ever_new).await;
        let client = limited(&server, limits);
        out.push((server, client));
    }
    out.try_into().expect("two")
}

/// `future`, which must end within the test time-out.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(TEST_TIMEOUT, future)
        .await
        .expect("answers in time")
}

/// `ItemStream::try_next`, the stream's own method (which hands each item
/// over with fewer copies), answers as `TryStreamExt::try_next` does: the
/// same items, the item limit's error, then the end, every time asked.
#[tokio::test]
async fn the_streams_own_try_next_answers_as_the_traits() {
    let limits = PagingLimits {
        max_items: 10,
        ..Default::default()
    };
    let [(_a, own), (_b, theirs)] = two_endless_clients(3, limits).await;
    let stream = |client: &acs_chat::Client| {
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .stream()
    };
    let (mut own, mut theirs) = (stream(&own), stream(&theirs));
    let mut answers = Vec::new();
    for _ in 0..13 {
        let mine = bounded(own.try_next()).await;
        let trait_one = bounded(futures::TryStreamExt::try_next(&mut theirs)).await;
        assert_eq!(format!("{mine:?}"), format!("{trait_one:?}"));
        answers.push(mine);
    }
    let ids: Vec<_> = answers[..10]
        .iter()
        .map(|a| {
            a.as_ref()
                .unwrap()
                .as_ref()
                .unwrap()
                .chat_message_id
                .clone()
        })
        .collect();
    assert_eq!(ids, (0..10).map(|i| i.to_string()).collect::<Vec<_>>());
    assert!(matches!(
        answers[10],
        Err(acs_chat::Error::PagingLimit {
            kind: PagingLimitKind::Items,
            limit: 10
        })
    ));
    assert!(matches!(answers[11], Ok(None)) && matches!(answers[12], Ok(None)));
}

/// `PageStream::try_next` likewise answers as the trait's, page by page.
#[tokio::test]
async fn the_page_streams_own_try_next_answers_as_the_traits() {
    type Page = acs_chat::ResponseValue<acs_chat::types::ChatMessageReadReceiptsCollection>;
    let limits = PagingLimits {
        max_pages: 2,
        ..Default::default()
    };
    let [(_a, own), (_b, theirs)] = two_endless_clients(2, limits).await;
    let pages = |client: &acs_chat::Client| {
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .pages()
    };
    let (mut own, mut theirs) = (pages(&own), pages(&theirs));
    // The items of a page (its next link names its own server's port).
    let shown = |r: &Result<Option<Page>, acs_chat::Error>| match r {
        Ok(Some(page)) => format!("{:?}", page.value),
        other => format!("{:?}", other.as_ref().map(|_| ())),
    };
    let mut kinds = Vec::new();
    for _ in 0..5 {
        let mine = bounded(own.try_next()).await;
        let trait_one = bounded(futures::TryStreamExt::try_next(&mut theirs)).await;
        assert_eq!(shown(&mine), shown(&trait_one));
        kinds.push(match mine {
            Ok(Some(_)) => "page",
            Ok(None) => "end",
            Err(acs_chat::Error::PagingLimit { .. }) => "limit",
            Err(_) => "other error",
        });
    }
    assert_eq!(kinds, ["page", "page", "limit", "end", "end"]);
}

#[tokio::test]
async fn a_listing_of_exactly_the_limits_ends_cleanly() {
    let server = server_with(
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({ "value": [receipt("u", "1"), receipt("u", "2")] })),
    )
    .await;
    let client = limited(
        &server,
        PagingLimits {
            max_pages: 1,
            max_items: 2,
        },
    );
    let results = listing(&client).await;
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

#[tokio::test]
async fn the_first_page_respelled_is_a_loop() {
    let (server, count) = endless(1, first_page_respelled).await;
    let results = listing(&client(&server)).await;
    assert_eq!(
        results.len(),
        2,
        "one item, then the loop error: {} results",
        results.len()
    );
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("already fetched"), "{err}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "the same page is not fetched again"
    );
}

#[tokio::test]
async fn a_later_page_respelled_is_a_loop() {
    // Page 2 (skip=2) links to itself, respelled: `skip=02`, `%32`, …
    fn link(uri: &str, n: usize) -> String {
        let skip = match n {
            0 => "2".to_string(),
            n if !n.is_multiple_of(2) => format!("{}2", "0".repeat(n)),
            _ => "%32".to_string(),
        };
        format!("{uri}/chat/threads/{THREAD_ID}/readReceipts?maxPageSize=1&skip={skip}")
    }
    let (server, count) = endless(1, link).await;
    let results = listing(&client(&server)).await;
    assert_eq!(results.len(), 3, "two items, then the loop error");
    assert!(results[2].is_err());
    assert_eq!(count.load(Ordering::SeqCst), 2);
}
