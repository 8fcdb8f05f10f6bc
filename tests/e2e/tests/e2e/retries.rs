//! The retry policy: which statuses and failures are retried, how many
//! times, and what stays the same across the attempts of one call.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::*;
use acs_chat::{AccessToken, CredentialError, RetryOptions, TokenCredential};
use futures::future::BoxFuture;
use wiremock::ResponseTemplate;

const RETRIED: [u16; 6] = [408, 429, 500, 502, 503, 504];
const NOT_RETRIED: [u16; 6] = [400, 401, 403, 404, 409, 501];

#[tokio::test]
async fn retried_statuses_succeed_on_the_next_attempt() {
    for status in RETRIED {
        let answers = Sequence::new(vec![error_status(status), ok_page()]);
        let server = server_with(answers.clone()).await;
        let client = client_fast_retry(&server, 3);
        list_page(&client)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(answers.count(), 2, "{status}: one failure, one success");
        assert_eq!(requests(&server).await.len(), 2, "{status}");
    }
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    for status in NOT_RETRIED {
        let answers = Sequence::new(vec![error_status(status), ok_page()]);
        let server = server_with(answers.clone()).await;
        let err = list_page(&client_fast_retry(&server, 3)).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(matches!(err, acs_chat::Error::Service(_)), "{err}");
        assert!(!err.is_retryable(), "{status}");
        assert_eq!(answers.count(), 1, "{status}: sent exactly once");
    }
}

#[tokio::test]
async fn not_retried_statuses_are_sent_once_for_post_too() {
    for status in NOT_RETRIED {
        let answers = Sequence::new(vec![error_status(status), ok_page()]);
        let server = server_with(answers.clone()).await;
        let err = send_receipt(&client_fast_retry(&server, 3))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(answers.count(), 1, "{status}");
    }
}

#[tokio::test]
async fn retries_stop_after_max_retries_with_the_last_error() {
    for max_retries in [1u32, 3] {
        // Every attempt fails, each with another status; a success would
        // come only after one attempt too many.
        let mut answers: Vec<_> = RETRIED
            .iter()
            .take(max_retries as usize + 1)
            .map(|s| error_status(*s))
            .collect();
        let last = RETRIED[max_retries as usize];
        answers.push(ok_page());
        let answers = Sequence::new(answers);
        let server = server_with(answers.clone()).await;
        let err = list_page(&client_fast_retry(&server, max_retries))
            .await
            .unwrap_err();
        assert_eq!(answers.count(), max_retries as usize + 1);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(last), "{err}");
        assert_eq!(err.code(), Some(format!("Code{last}").as_str()));
        assert!(err.is_retryable());
    }
}

#[tokio::test]
async fn retry_options_none_sends_once() {
    let answers = Sequence::new(vec![error_status(503), ok_page()]);
    let server = server_with(answers.clone()).await;
    let err = list_page(&client_no_retry(&server)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(answers.count(), 1);
    assert_eq!(RetryOptions::none().max_retries, 0);
}

#[tokio::test]
async fn the_default_policy_retries_three_times() {
    assert_eq!(
        RetryOptions::default(),
        RetryOptions {
            max_retries: 3,
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(60),
        }
    );
    // Keep the default count but shorten the waits via the service's own
    // `retry-after-ms`.
    let answers = Sequence::new(vec![error_status(503).insert_header("retry-after-ms", "5")]);
    let server = server_with(answers.clone()).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(RetryOptions {
            max_delay: Duration::from_millis(20),
            ..RetryOptions::default()
        })
        .build()
        .unwrap();
    let err = list_page(&client).await.unwrap_err();
    assert_eq!(answers.count(), 4, "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn sending_a_read_receipt_is_retried_with_the_same_body() {
    let answers = Sequence::new(vec![error_status(503), error_status(429), ok_page()]);
    let server = server_with(answers.clone()).await;
    send_receipt(&client_fast_retry(&server, 3)).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_eq!(r.method.as_str(), "POST");
        assert_eq!(r.body, SEED_SEND_BODY.as_bytes());
        assert_eq!(header(r, "content-type"), "application/json");
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_a_transport_error() {
    for max_retries in [0u32, 2] {
        let client = acs_chat::Client::builder(dead_endpoint())
            .token(TOKEN)
            .retry(fast_retry(max_retries))
            .build()
            .unwrap();
        let started = Instant::now();
        let err = tokio::time::timeout(TEST_TIMEOUT, send_receipt(&client))
            .await
            .expect("the call ends")
            .unwrap_err();
        match &err {
            acs_chat::Error::Transport { attempts, source } => {
                assert_eq!(*attempts, max_retries + 1, "{err}");
                assert!(source.is_connect(), "{source:?}");
            }
            other => panic!("expected Transport, got {other:?}"),
        }
        assert!(err.is_retryable());
        assert!(err.status().is_none());
        assert!(
            err.to_string()
                .contains(&format!("after {} attempt(s)", max_retries + 1)),
            "{err}"
        );
        assert_error_has_no_token(&err);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}

#[tokio::test]
async fn one_request_id_per_call_and_the_token_on_every_attempt() {
    let answers = Sequence::new(vec![
        error_status(500),
        error_status(503),
        ok_page(),
        error_status(502),
        ok_page(),
    ]);
    let server = server_with(answers.clone()).await;
    let client = client_fast_retry(&server, 3);
    list_page(&client).await.unwrap();
    send_receipt(&client).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 5);
    let ids: Vec<_> = reqs
        .iter()
        .map(|r| header(r, "x-ms-client-request-id"))
        .collect();
    assert!(ids.iter().all(|id| is_uuid(id)), "{ids:?}");
    assert!(ids[0] == ids[1] && ids[1] == ids[2], "first call: {ids:?}");
    assert_eq!(ids[3], ids[4], "second call: {ids:?}");
    assert_ne!(ids[0], ids[3], "two calls: {ids:?}");
    for r in &reqs {
        assert_eq!(header(r, "authorization"), format!("Bearer {TOKEN}"));
        assert_eq!(
            query_values(r, "api-version"),
            vec![DEFAULT_API_VERSION],
            "client-level parameters on every attempt"
        );
        assert!(header(r, "user-agent").starts_with("acs-chat-rust/"));
    }
}

#[tokio::test]
async fn the_service_echoing_the_request_id_is_exposed_on_the_error() {
    struct Echo;
    impl wiremock::Respond for Echo {
        fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
            let id = request.headers["x-ms-client-request-id"].clone();
            error_status(404).insert_header("x-ms-client-request-id", id)
        }
    }
    let server = server_with(Echo).await;
    let err = list_page(&client_fast_retry(&server, 3)).await.unwrap_err();
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    let id = header(&sent[0], "x-ms-client-request-id");
    assert_eq!(err.service_error().unwrap().client_request_id(), Some(id));
    assert!(err.to_string().contains(id), "{err}");
}

/// Hands out `tok-1`, `tok-2`, ... and counts the calls.
struct Counting(Arc<AtomicUsize>);

impl TokenCredential for Counting {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(AccessToken::new(format!("tok-{n}"))) })
    }
}

#[tokio::test]
async fn the_credential_is_asked_again_for_each_attempt() {
    let answers = Sequence::new(vec![error_status(503), error_status(503), ok_page()]);
    let server = server_with(answers.clone()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = acs_chat::Client::builder(server.uri())
        .credential(Counting(calls.clone()))
        .retry(fast_retry(3))
        .build()
        .unwrap();
    list_page(&client).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let auth: Vec<_> = requests(&server)
        .await
        .iter()
        .map(|r| header(r, "authorization").to_string())
        .collect();
    assert_eq!(auth, ["Bearer tok-1", "Bearer tok-2", "Bearer tok-3"]);
}

#[tokio::test]
async fn backoff_waits_grow_from_initial_delay() {
    // 100 ms base: the first wait is at least 100 ms, the second at least
    // 200 ms (jitter only adds), none above max_delay (+ scheduling slack).
    let answers = Sequence::new(vec![error_status(503), error_status(503), ok_page()]);
    let server = server_with(answers.clone()).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(RetryOptions {
            max_retries: 2,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
        })
        .build()
        .unwrap();
    list_page(&client).await.unwrap();
    let t = answers.arrivals();
    let waits = [t[1] - t[0], t[2] - t[1]];
    assert!(waits[0] >= Duration::from_millis(95), "{waits:?}");
    assert!(waits[1] >= Duration::from_millis(195), "{waits:?}");
    assert!(
        waits.iter().all(|w| *w < Duration::from_millis(450)),
        "{waits:?}"
    );
}
