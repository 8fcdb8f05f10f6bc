//! Time limits: per attempt (retried), for the whole call (not retried,
//! waits included), and for a response body that arrives slowly.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::*;
use acs_chat::{RetryOptions, TimeoutKind};

fn client_with(
    endpoint: &str,
    retry: RetryOptions,
    per_try: Duration,
    overall: Duration,
) -> acs_chat::Client {
    acs_chat::Client::builder(endpoint)
        .token(TOKEN)
        .retry(retry)
        .per_try_timeout(per_try)
        .timeout(overall)
        .build()
        .unwrap()
}

/// Runs `call`, bounded so that a test can never hang; returns its result
/// and how long it took.
async fn timed<T>(call: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let result = tokio::time::timeout(TEST_TIMEOUT, call)
        .await
        .expect("the call ends within the test timeout");
    (result, started.elapsed())
}

#[tokio::test]
async fn a_slow_attempt_is_retried_then_a_per_try_timeout() {
    let answers = Sequence::new(vec![ok_page().set_delay(Duration::from_secs(2))]);
    let server = server_with(answers.clone()).await;
    let client = client_with(
        &server.uri(),
        fast_retry(2),
        Duration::from_millis(150),
        Duration::from_secs(10),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    match &err {
        acs_chat::Error::Timeout {
            kind: TimeoutKind::PerTry,
            limit,
            attempts: 3,
        } => assert_eq!(*limit, Duration::from_millis(150)),
        other => panic!("expected a per-try timeout after 3 attempts, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert!(err.to_string().contains("150ms"), "{err}");
    assert_error_has_no_token(&err);
    assert_eq!(answers.count(), 3);
    // 3 × 150 ms plus two short waits, far below one 2 s answer.
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_slow_attempt_is_retried_and_the_next_one_succeeds() {
    let answers = Sequence::new(vec![ok_page().set_delay(Duration::from_secs(2)), ok_page()]);
    let server = server_with(answers.clone()).await;
    let client = client_with(
        &server.uri(),
        fast_retry(2),
        Duration::from_millis(150),
        Duration::from_secs(10),
    );
    let (result, elapsed) = timed(send_receipt(&client)).await;
    result.unwrap();
    assert_eq!(answers.count(), 2);
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn the_overall_limit_cuts_a_single_slow_attempt() {
    let answers = Sequence::new(vec![ok_page().set_delay(Duration::from_secs(3))]);
    let server = server_with(answers.clone()).await;
    let client = client_with(
        &server.uri(),
        fast_retry(3),
        Duration::from_secs(5),
        Duration::from_millis(300),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            acs_chat::Error::Timeout {
                kind: TimeoutKind::Overall,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(answers.count(), 1, "an overall timeout is not retried");
    assert!(
        elapsed >= Duration::from_millis(290) && elapsed < Duration::from_millis(1000),
        "{elapsed:?}"
    );
}

/// A per-try time-out with retries left, whose retry the overall limit
/// leaves no room for (its wait would end past the deadline), ended on the
/// overall limit: without that limit the call would have gone on. (Timing
/// made this case out of a starved per-try timer in
/// `interim_responses::a_flood_on_every_attempt_ends_within_the_overall_limit`.)
#[tokio::test]
async fn a_retry_the_overall_limit_leaves_no_room_for_ends_on_that_limit() {
    let answers = Sequence::new(vec![ok_page().set_delay(Duration::from_secs(3))]);
    let server = server_with(answers.clone()).await;
    // Every wait is exactly 300 ms (the cap): the first attempt ends at
    // 150 ms, its retry could start only at 450 ms, past the 400 ms limit.
    let retry = RetryOptions {
        max_retries: 5,
        initial_delay: Duration::from_millis(300),
        max_delay: Duration::from_millis(300),
    };
    let client = client_with(
        &server.uri(),
        retry,
        Duration::from_millis(150),
        Duration::from_millis(400),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            acs_chat::Error::Timeout {
                kind: TimeoutKind::Overall,
                limit,
                attempts: 1,
            } if limit == Duration::from_millis(400)
        ),
        "{err:?}"
    );
    assert_eq!(answers.count(), 1, "no retry that could not finish in time");
    assert!(
        err.to_string().contains("left no time for another attempt"),
        "the message says why: {err}"
    );
    assert!(
        elapsed < Duration::from_millis(400),
        "no wait taken: {elapsed:?}"
    );
}

#[tokio::test]
async fn an_overall_timeout_reports_the_configured_limit() {
    let server = server_with(ok_page().set_delay(Duration::from_secs(3))).await;
    let client = client_with(
        &server.uri(),
        RetryOptions::none(),
        Duration::from_secs(5),
        Duration::from_millis(300),
    );
    let (result, _) = timed(list_page(&client)).await;
    match result.unwrap_err() {
        acs_chat::Error::Timeout {
            kind: TimeoutKind::Overall,
            limit,
            ..
        } => assert_eq!(limit, Duration::from_millis(300)),
        other => panic!("expected an overall timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn the_overall_limit_ends_a_series_of_retries() {
    // Every attempt: a 503 after 150 ms. Ten retries would take well over
    // a second; the call may take 500 ms.
    let answers = Sequence::new(vec![
        error_status(503).set_delay(Duration::from_millis(150)),
    ]);
    let server = server_with(answers.clone()).await;
    let client = client_with(
        &server.uri(),
        fast_retry(10),
        Duration::from_secs(5),
        Duration::from_millis(500),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    match &err {
        acs_chat::Error::Timeout {
            kind: TimeoutKind::Overall,
            attempts,
            ..
        } => assert!((2..=4).contains(attempts), "{err:?}"),
        acs_chat::Error::Service(e) => assert_eq!(e.status().as_u16(), 503),
        other => panic!("expected an overall timeout or the last 503, got {other:?}"),
    }
    let sent = answers.count();
    assert!((2..=4).contains(&sent), "{sent} attempts");
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(900),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn per_try_timeouts_stop_at_the_overall_limit() {
    let answers = Sequence::new(vec![ok_page().set_delay(Duration::from_secs(3))]);
    let server = server_with(answers.clone()).await;
    let client = client_with(
        &server.uri(),
        fast_retry(20),
        Duration::from_millis(200),
        Duration::from_millis(700),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    assert!(matches!(err, acs_chat::Error::Timeout { .. }), "{err:?}");
    let sent = answers.count();
    assert!((3..=4).contains(&sent), "{sent} attempts: {err:?}");
    assert!(
        elapsed >= Duration::from_millis(600) && elapsed < Duration::from_millis(1100),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_wait_that_would_pass_the_deadline_is_not_taken() {
    let answers = Sequence::new(vec![
        error_status(503).insert_header("retry-after-ms", "5000"),
        ok_page(),
    ]);
    let server = server_with(answers.clone()).await;
    let client = client_with(
        &server.uri(),
        RetryOptions {
            max_retries: 3,
            initial_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(60),
        },
        Duration::from_secs(5),
        Duration::from_secs(1),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert_eq!(
        err.service_error().unwrap().retry_after(),
        Some(Duration::from_secs(5))
    );
    assert_eq!(answers.count(), 1);
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
}

/// Answers every request with `200`, the headers and the first `split`
/// bytes of `body` at once and the rest after `delay`.
fn slow_body_server(
    body: &'static str,
    split: usize,
    delay: Duration,
) -> (String, Arc<AtomicUsize>) {
    raw_server(move |_, _| RawAnswer::http(200, body, split, delay))
}

#[tokio::test]
async fn a_slow_response_body_is_cut_by_the_per_try_limit() {
    let body = r#"{"value":[],"nextLink":null}"#;
    let (endpoint, count) = slow_body_server(body, 5, Duration::from_secs(3));
    let client = client_with(
        &endpoint,
        fast_retry(2),
        Duration::from_millis(200),
        Duration::from_secs(10),
    );
    let (result, elapsed) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    // The headers came in time; the body did not: the per-try limit (which
    // covers reading the body) cuts it.
    // The body is read within the attempt, so its time-out is the
    // attempt's (retried like one), never `Error::Body`.
    match &err {
        acs_chat::Error::Timeout {
            kind: TimeoutKind::PerTry,
            ..
        } => {}
        other => panic!("expected the body read to time out, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_error_has_no_token(&err);
    let sent = count.load(Ordering::SeqCst);
    // At most 3 attempts of 200 ms each, far below the 3 s body delay.
    assert!(
        elapsed >= Duration::from_millis(190) && elapsed < Duration::from_millis(1500),
        "{elapsed:?} for {sent} attempt(s)"
    );
}

#[tokio::test]

async fn a_slow_response_body_is_retried_like_other_per_try_timeouts() {
    let body = r#"{"value":[],"nextLink":null}"#;
    let (endpoint, count) = slow_body_server(body, 5, Duration::from_secs(3));
    let client = client_with(
        &endpoint,
        fast_retry(2),
        Duration::from_millis(200),
        Duration::from_secs(10),
    );
    let (result, _) = timed(list_page(&client)).await;
    let err = result.unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 3, "{err:?}");
}

#[tokio::test]
async fn a_body_within_the_per_try_limit_is_read() {
    let body = r#"{"value":[]}"#;
    let (endpoint, count) = slow_body_server(body, 5, Duration::from_millis(50));
    let client = client_with(
        &endpoint,
        fast_retry(2),
        Duration::from_millis(1000),
        Duration::from_secs(10),
    );
    let (result, _) = timed(list_page(&client)).await;
    result.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn zero_time_limits_are_refused() {
    for builder in [
        acs_chat::Client::builder("https://a.example")
            .token("t")
            .timeout(Duration::ZERO),
        acs_chat::Client::builder("https://a.example")
            .token("t")
            .per_try_timeout(Duration::ZERO),
    ] {
        assert!(matches!(
            builder.build(),
            Err(acs_chat::BuildError::InvalidSetting(_))
        ));
    }
}
