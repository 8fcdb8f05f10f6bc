//! The generated client (`acs-chat`) against the mock, end to end.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::*;
use acs_chat::types::SendReadReceiptRequest;
use acs_chat::{Client, RetryOptions};
use acs_chat_mock::{
    DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS, Limit, MockService, RunningMock, ThrottleLimits,
    generated_messages, generated_users,
};
use futures::{StreamExt, TryStreamExt};

fn client(mock: &RunningMock, user: &str) -> Client {
    client_with(mock, user, RetryOptions::default())
}

fn client_with(mock: &RunningMock, user: &str, retry: RetryOptions) -> Client {
    Client::builder(mock.base_url())
        .token(mock.token_for(user, HOUR))
        .retry(retry)
        .build()
        .expect("the client builds")
}

/// A client for bulk tests: one shared `reqwest::Client` (building a new
/// one per `Client` costs tens of milliseconds in a debug build).
fn bulk_client(mock: &RunningMock, user: &str) -> Client {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let http = HTTP.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    });
    Client::builder(mock.base_url())
        .token(mock.token_for(user, HOUR))
        .http_client(http.clone())
        .retry(fast_retries(3))
        .build()
        .expect("the client builds")
}

/// Quick retries, so tests do not wait for the default backoff.
fn fast_retries(max_retries: u32) -> RetryOptions {
    RetryOptions {
        max_retries,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(5),
    }
}

async fn send(client: &Client, thread: &str, message: &str) -> Result<(), acs_chat::Error> {
    client
        .send_chat_read_receipt()
        .chat_thread_id(thread)
        .body(SendReadReceiptRequest {
            chat_message_id: message.into(),
        })
        .send()
        .await
        .map(|_| ())
}

async fn list_all(
    client: &Client,
    thread: &str,
    page_size: Option<i32>,
) -> Result<Vec<acs_chat::types::ChatMessageReadReceipt>, acs_chat::Error> {
    let mut builder = client.list_chat_read_receipts().chat_thread_id(thread);
    if let Some(size) = page_size {
        builder = builder.max_page_size(size);
    }
    builder.stream().try_collect().await
}

fn raw_id(r: &acs_chat::types::ChatMessageReadReceipt) -> String {
    r.sender_communication_identifier
        .raw_id
        .clone()
        .unwrap_or_default()
}

#[tokio::test]
async fn send_then_list() {
    let mock = start(false).await;
    let c = client(&mock, DEMO_USERS[0]);
    send(&c, DEMO_THREAD_ID, DEMO_MESSAGES[2]).await.unwrap();
    // An older message does not move the receipt back.
    send(&c, DEMO_THREAD_ID, DEMO_MESSAGES[0]).await.unwrap();
    let receipts = list_all(&c, DEMO_THREAD_ID, None).await.unwrap();
    assert_eq!(receipts.len(), 2, "the fixture's receipt and ours");
    let mine = receipts
        .iter()
        .find(|r| raw_id(r) == DEMO_USERS[0])
        .unwrap();
    assert_eq!(mine.chat_message_id, DEMO_MESSAGES[2]);
    assert_eq!(
        mine.sender_communication_identifier
            .communication_user
            .as_ref()
            .unwrap()
            .id,
        DEMO_USERS[0]
    );
    assert!(mine.sender_communication_identifier.kind.is_none());
    assert!((chrono::Utc::now() - mine.read_on).num_seconds().abs() < 10);
    assert_eq!(mine.read_on.timestamp_subsec_nanos(), 0);
    mock.shutdown().await;
}

#[tokio::test]
async fn many_users_and_pages() {
    let mock = start(false).await;
    let users = generated_users(250);
    let messages = generated_messages(30);
    // 20 participants: receipts are listed, 3 per page.
    for (i, u) in users[..20].iter().enumerate() {
        send(&bulk_client(&mock, u), SMALL_THREAD, &messages[i])
            .await
            .unwrap();
    }
    let reader = client(&mock, &users[0]);
    mock.clear_requests();
    let pages: Vec<_> = reader
        .list_chat_read_receipts()
        .chat_thread_id(SMALL_THREAD)
        .max_page_size(3)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 7);
    assert!(pages[..6].iter().all(|p| p.next_link.is_some()));
    assert!(pages[6].next_link.is_none());
    let listed: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.into_inner().value)
        .map(|r| {
            let pos = users.iter().position(|u| *u == raw_id(&r)).unwrap();
            assert_eq!(r.chat_message_id, messages[pos]);
            raw_id(&r)
        })
        .collect();
    let mut expected = users[..20].to_vec();
    expected.sort();
    assert_eq!(listed, expected);
    let requests = mock.requests();
    assert_eq!(requests.len(), 7);
    assert!(requests.iter().all(|r| {
        r.status == Some(200)
            && r.query
                .as_deref()
                .unwrap_or("")
                .contains("api-version=2025-03-15")
    }));

    // 250 participants: every send succeeds, the list is always empty, and
    // the receipts are still stored.
    let sends = users.iter().enumerate().map(|(i, u)| {
        let c = bulk_client(&mock, u);
        let m = messages[i % 30].clone();
        async move { send(&c, BIG_THREAD, &m).await }
    });
    let results = futures::future::join_all(sends).await;
    assert!(results.iter().all(Result::is_ok));
    let listed = list_all(&reader, BIG_THREAD, Some(3)).await.unwrap();
    assert!(listed.is_empty());
    assert_eq!(mock.receipts(BIG_THREAD).unwrap().len(), 250);
    mock.shutdown().await;
}

#[tokio::test]
async fn throttled_calls_are_retried_after_retry_after() {
    let window = Duration::from_secs(2);
    let mock = MockService::builder()
        .fixture(fixture())
        .throttle_limits(ThrottleLimits {
            list_per_user: Limit { max: 5, window },
            ..ThrottleLimits::default()
        })
        .start()
        .await
        .unwrap();
    // Tiny backoff: only honouring Retry-After avoids a storm of 429s.
    let c = client_with(&mock, DEMO_USERS[0], fast_retries(6));
    let started = Instant::now();
    let calls = (0..8).map(|_| list_all(&c, DEMO_THREAD_ID, None));
    let results = futures::future::join_all(calls).await;
    let elapsed = started.elapsed();
    for r in &results {
        assert!(r.is_ok(), "{:?}", r.as_ref().err());
    }
    let throttled = mock.count_status(Some(429));
    let ok = mock.count_status(Some(200));
    assert_eq!(ok, 8);
    // Three calls over the budget, each waiting ≥ 1 s before trying again:
    // a handful of 429s, not one per 10 ms.
    eprintln!("{throttled} 429s in {elapsed:?}");
    assert!((3..=9).contains(&throttled), "{throttled} 429s");
    assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
    // A client without retries sees the 429 with its Retry-After.
    let no_retry = client_with(&mock, DEMO_USERS[1], RetryOptions::none());
    for _ in 0..5 {
        list_all(&no_retry, DEMO_THREAD_ID, None).await.unwrap();
    }
    let err = list_all(&no_retry, DEMO_THREAD_ID, None).await.unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.status(), 429);
    assert_eq!(service.code(), Some("TooManyRequests"));
    assert!(
        service
            .retry_after()
            .is_some_and(|d| d >= Duration::from_secs(1))
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn injected_faults_are_absorbed_by_retries() {
    let mock = start(false).await;
    let c = client_with(&mock, DEMO_USERS[0], fast_retries(3));
    // 503 twice, then success.
    mock.fail_next(2, 503);
    send(&c, DEMO_THREAD_ID, DEMO_MESSAGES[1]).await.unwrap();
    assert_eq!(mock.count_status(Some(503)), 2);
    // 429 with Retry-After: 1 → waits a second.
    mock.throttle_next(1, Some(1));
    let started = Instant::now();
    assert_eq!(list_all(&c, DEMO_THREAD_ID, None).await.unwrap().len(), 2);
    assert!(started.elapsed() >= Duration::from_millis(950));
    // 429 without Retry-After → backoff.
    mock.throttle_next(1, None);
    list_all(&c, DEMO_THREAD_ID, None).await.unwrap();
    assert_eq!(mock.count_status(Some(429)), 2);
    // A dropped connection is retried; so is an attempt that hangs.
    mock.drop_next(1);
    send(&c, DEMO_THREAD_ID, DEMO_MESSAGES[2]).await.unwrap();
    assert_eq!(mock.count_status(None), 1);
    let impatient = Client::builder(mock.base_url())
        .token(mock.token_for(DEMO_USERS[0], HOUR))
        .retry(fast_retries(2))
        .per_try_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    mock.delay_next(1, Duration::from_secs(2));
    list_all(&impatient, DEMO_THREAD_ID, None).await.unwrap();
    // More faults than retries: the last error comes back.
    mock.fail_next(4, 503);
    let err = send(&c, DEMO_THREAD_ID, DEMO_MESSAGES[3])
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert!(err.is_retryable());
    assert_eq!(mock.pending_faults(), 0);
    let stored = mock.receipts(DEMO_THREAD_ID).unwrap();
    let mine = stored.iter().find(|r| r.user == DEMO_USERS[0]).unwrap();
    assert_eq!(mine.chat_message_id, DEMO_MESSAGES[2]);
    mock.shutdown().await;
}

#[tokio::test]
async fn api_version_is_sent_on_every_request() {
    let mock = start(false).await;
    let users = generated_users(20);
    let c = Client::builder(mock.base_url())
        .token(mock.token_for(&users[0], HOUR))
        .api_version("2024-03-15-preview")
        .build()
        .unwrap();
    for (i, u) in users[..7].iter().enumerate() {
        let c = Client::builder(mock.base_url())
            .token(mock.token_for(u, HOUR))
            .api_version("2024-03-15-preview")
            .build()
            .unwrap();
        send(&c, SMALL_THREAD, &generated_messages(30)[i])
            .await
            .unwrap();
    }
    assert_eq!(list_all(&c, SMALL_THREAD, Some(2)).await.unwrap().len(), 7);
    let requests = mock.requests();
    assert_eq!(requests.len(), 7 + 4);
    for r in &requests {
        let query = r.query.as_deref().unwrap_or("");
        assert_eq!(query.matches("api-version=").count(), 1, "{query}");
        assert!(query.contains("api-version=2024-03-15-preview"), "{query}");
        assert_eq!(r.client_request_id.as_deref().map(str::len), Some(36));
    }
    // A version the service never had: 400, not retried.
    let old = Client::builder(mock.base_url())
        .token(mock.token_for(&users[0], HOUR))
        .api_version("2019-01-01")
        .build()
        .unwrap();
    let err = list_all(&old, SMALL_THREAD, None).await.unwrap_err();
    assert_eq!(err.code(), Some("UnsupportedApiVersion"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    mock.shutdown().await;
}

#[tokio::test]
async fn service_errors_carry_status_code_and_message() {
    let mock = start(false).await;
    let expired = Client::builder(mock.base_url())
        .token(mock.expired_token_for(DEMO_USERS[0]))
        .build()
        .unwrap();
    let outsider = client(&mock, OUTSIDER);
    let member = client(&mock, DEMO_USERS[0]);
    let cases = [
        (
            list_all(&expired, DEMO_THREAD_ID, None).await.unwrap_err(),
            401,
            "Unauthorized",
        ),
        (
            send(&expired, DEMO_THREAD_ID, DEMO_MESSAGES[0])
                .await
                .unwrap_err(),
            401,
            "Unauthorized",
        ),
        (
            list_all(&outsider, DEMO_THREAD_ID, None).await.unwrap_err(),
            403,
            "Forbidden",
        ),
        (
            send(&outsider, DEMO_THREAD_ID, DEMO_MESSAGES[0])
                .await
                .unwrap_err(),
            403,
            "Forbidden",
        ),
        (
            list_all(&member, "19:unknown@thread.v2", None)
                .await
                .unwrap_err(),
            404,
            "NotFound",
        ),
        (
            send(&member, "19:unknown@thread.v2", DEMO_MESSAGES[0])
                .await
                .unwrap_err(),
            404,
            "NotFound",
        ),
        (
            send(&member, DEMO_THREAD_ID, "42").await.unwrap_err(),
            400,
            "InvalidChatMessageId",
        ),
        (
            send(&member, DEMO_THREAD_ID, "").await.unwrap_err(),
            400,
            "InvalidRequestBody",
        ),
        (
            list_all(&member, DEMO_THREAD_ID, Some(500))
                .await
                .unwrap_err(),
            400,
            "InvalidParameter",
        ),
    ];
    for (err, status, code) in cases {
        let acs_chat::Error::Service(service) = &err else {
            panic!("expected a service error, got {err:?}");
        };
        assert_eq!(service.status().as_u16(), status, "{err}");
        assert_eq!(service.code(), Some(code), "{err}");
        assert!(service.message().is_some_and(|m| !m.is_empty()), "{err}");
        assert!(service.ms_cv().is_some(), "{err}");
        assert!(service.client_request_id().is_some(), "{err}");
        assert!(!err.is_retryable());
    }
    // None of them was retried.
    assert_eq!(mock.requests().len(), 9);
    mock.shutdown().await;
}

/// 1000, unless the open-file limit is too low for that many client and
/// server sockets in one process.
fn max_in_flight() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits
                .lines()
                .find(|l| l.starts_with("Max open files"))?
                .to_string();
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        })
        .unwrap_or(1024);
    1000.min(soft.saturating_sub(200) / 2).max(50)
}

/// Each user sends 20 receipts for random messages, all at once; the
/// stored receipt of each is the latest message they sent.
async fn concurrent_sends(mock: &RunningMock, thread: &str, users: &[String], per_user: usize) {
    let messages = generated_messages(30);
    let mut expected: HashMap<String, usize> = HashMap::new();
    let mut jobs = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for u in users {
        let c = bulk_client(mock, u);
        for _ in 0..per_user {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let pick = (seed % 30) as usize;
            let best = expected.entry(u.clone()).or_insert(0);
            *best = (*best).max(pick);
            jobs.push((c.clone(), messages[pick].clone()));
        }
    }
    let thread = thread.to_string();
    let results: Vec<_> = futures::stream::iter(jobs)
        .map(|(c, m)| {
            let thread = thread.clone();
            tokio::spawn(async move { send(&c, &thread, &m).await })
        })
        .buffer_unordered(max_in_flight())
        .collect()
        .await;
    for r in results {
        r.unwrap().unwrap();
    }
    let stored = mock.receipts(&thread).unwrap();
    assert_eq!(stored.len(), users.len());
    for r in stored {
        assert_eq!(r.chat_message_id, messages[expected[&r.user]], "{}", r.user);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_sends_lose_nothing() {
    let mock = start(false).await;
    let users = generated_users(50);
    concurrent_sends(&mock, FIFTY_THREAD, &users, 20).await;
    assert_eq!(mock.count_status(Some(200)), 1000);
    // 50 participants: listing is empty whatever is stored.
    assert!(
        list_all(&client(&mock, &users[0]), FIFTY_THREAD, None)
            .await
            .unwrap()
            .is_empty()
    );

    // 20 users on a thread that lists: check through the client too.
    concurrent_sends(&mock, SMALL_THREAD, &users[..20], 50).await;
    let stored = mock.receipts(SMALL_THREAD).unwrap();
    let listed = list_all(&client(&mock, &users[0]), SMALL_THREAD, Some(3))
        .await
        .unwrap();
    assert_eq!(listed.len(), 20);
    for (l, s) in listed.iter().zip(&stored) {
        assert_eq!(
            (raw_id(l), &l.chat_message_id),
            (s.user.clone(), &s.chat_message_id)
        );
    }
    mock.shutdown().await;
}

/// RELIABILITY.md: 10,000 receipts sent by 100 concurrent users are all
/// there afterwards (each user's latest receipt is the highest message sent).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_sends_from_a_hundred_users_lose_nothing() {
    let mock = start(false).await;
    let users = generated_users(100);
    concurrent_sends(&mock, BIG_THREAD, &users, 100).await;
    assert_eq!(mock.count_status(Some(200)), 10_000);
    mock.shutdown().await;
}

/// RELIABILITY.md: a bounded load test (20 users sending and listing as
/// fast as they can for 2 s, throttling on, no retries) sees no answer but
/// 200 and the documented 429.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bounded_load_sees_only_success_and_throttling() {
    let mock = start(true).await;
    let users = generated_users(20);
    let messages = generated_messages(30);
    let deadline = Instant::now() + Duration::from_secs(2);
    let workers = users.iter().enumerate().map(|(i, u)| {
        let c = Client::builder(mock.base_url())
            .token(mock.token_for(u, HOUR))
            .retry(RetryOptions::none())
            .build()
            .unwrap();
        let message = messages[i % messages.len()].clone();
        tokio::spawn(async move {
            let (mut ok, mut throttled) = (0u32, 0u32);
            while Instant::now() < deadline {
                let sent = send(&c, SMALL_THREAD, &message).await;
                let listed = c
                    .list_chat_read_receipts()
                    .chat_thread_id(SMALL_THREAD)
                    .send()
                    .await
                    .map(|_| ());
                for result in [sent, listed] {
                    match result {
                        Ok(()) => ok += 1,
                        Err(e) if e.status().map(|s| s.as_u16()) == Some(429) => {
                            assert!(
                                e.service_error().unwrap().retry_after().is_some(),
                                "429 without Retry-After"
                            );
                            throttled += 1;
                        }
                        Err(e) => panic!("unexpected answer under load: {e}"),
                    }
                }
            }
            (ok, throttled)
        })
    });
    let mut totals = (0, 0);
    for w in futures::future::join_all(workers).await {
        let (ok, throttled) = w.unwrap();
        totals = (totals.0 + ok, totals.1 + throttled);
    }
    assert!(
        totals.0 > 0 && totals.1 > 0,
        "{totals:?}: both successes and throttling expected"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn odd_thread_ids_and_resumed_listings() {
    let odd = [
        "19:a/b c?d#e%f@thread.v2",
        "19:ünï_cødé@thread.v2",
        "19:plus+and&amp=@thread.v2",
    ];
    let users = generated_users(5);
    let messages = generated_messages(5);
    let mut fixture = fixture();
    for id in odd {
        fixture = fixture.with_thread(
            acs_chat_mock::ThreadFixture::new(id)
                .participants(users.clone())
                .messages(messages.clone()),
        );
    }
    let mock = MockService::builder()
        .fixture(fixture)
        .throttling(false)
        .start()
        .await
        .unwrap();
    for id in odd {
        for (i, u) in users.iter().enumerate() {
            send(&client(&mock, u), id, &messages[i]).await.unwrap();
        }
        let c = client(&mock, &users[0]);
        let listed = list_all(&c, id, Some(2)).await.unwrap();
        assert_eq!(listed.len(), 5, "{id}");
        assert_eq!(mock.receipts(id).unwrap().len(), 5, "{id}");
        // Resume from the first page's nextLink.
        let first = c
            .list_chat_read_receipts()
            .chat_thread_id(id)
            .max_page_size(2)
            .send()
            .await
            .unwrap()
            .into_inner();
        let link = first.next_link.expect("more pages");
        let rest: Vec<_> = c
            .list_chat_read_receipts_pages_from(link)
            .try_collect()
            .await
            .unwrap();
        let rest: usize = rest.iter().map(|p| p.value.len()).sum();
        assert_eq!(first.value.len() + rest, 5, "{id}");
    }
    mock.shutdown().await;
}
