//! The service's own wait (`retry-after-ms`, `x-ms-retry-after-ms`,
//! `Retry-After` in seconds or as an HTTP date) replaces the backoff,
//! capped by `RetryOptions::max_delay` and the overall time limit.
//!
//! The clients here have a 5 s backoff: a retry well before that shows the
//! service's wait was used.

use std::time::{Duration, Instant, SystemTime};

use crate::common::*;
use acs_chat::RetryOptions;
use wiremock::ResponseTemplate;

const BACKOFF: Duration = Duration::from_secs(5);

/// Retries once, with a 5 s backoff unless the service says otherwise.
fn slow_backoff_client(server: &wiremock::MockServer, max_delay: Duration) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(RetryOptions {
            max_retries: 1,
            initial_delay: BACKOFF,
            max_delay,
        })
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A 429 with `headers`, then a success; returns the wait between the two
/// requests.
async fn wait_asked_by(headers: &[(&str, String)], max_delay: Duration) -> Duration {
    let mut throttled = error_status(429);
    for (name, value) in headers {
        throttled = throttled.insert_header(*name, value.as_str());
    }
    let answers = Sequence::new(vec![throttled, ok_page()]);
    let server = server_with(answers.clone()).await;
    let client = slow_backoff_client(&server, max_delay);
    tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the call ends")
        .unwrap_or_else(|e| panic!("{headers:?}: {e}"));
    assert_eq!(answers.count(), 2, "{headers:?}");
    answers.first_wait()
}

fn assert_about(wait: Duration, asked: Duration, what: &str) {
    assert!(
        wait + Duration::from_millis(10) >= asked,
        "{what}: waited {wait:?}, asked {asked:?}"
    );
    assert!(
        wait < asked + Duration::from_millis(800) && wait < BACKOFF,
        "{what}: waited {wait:?}, asked {asked:?}"
    );
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let wait = wait_asked_by(&[("retry-after-ms", "200".into())], BACKOFF * 2).await;
    assert_about(wait, Duration::from_millis(200), "retry-after-ms");
}

#[tokio::test]
async fn x_ms_retry_after_ms_is_honoured() {
    let wait = wait_asked_by(&[("x-ms-retry-after-ms", "200".into())], BACKOFF * 2).await;
    assert_about(wait, Duration::from_millis(200), "x-ms-retry-after-ms");
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let wait = wait_asked_by(&[("Retry-After", "1".into())], BACKOFF * 2).await;
    assert_about(wait, Duration::from_secs(1), "Retry-After: 1");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    // Whole seconds only: 2 s ahead is between 1 and 2 s from now.
    let when = SystemTime::now() + Duration::from_secs(2);
    let wait = wait_asked_by(
        &[("Retry-After", httpdate::fmt_http_date(when))],
        BACKOFF * 2,
    )
    .await;
    assert!(
        wait >= Duration::from_millis(950) && wait < Duration::from_millis(2500),
        "waited {wait:?}"
    );
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_at_once() {
    let when = SystemTime::now() - Duration::from_secs(60);
    let wait = wait_asked_by(
        &[("Retry-After", httpdate::fmt_http_date(when))],
        BACKOFF * 2,
    )
    .await;
    assert!(wait < Duration::from_millis(500), "waited {wait:?}");
}

#[tokio::test]
async fn the_millisecond_headers_win_over_retry_after() {
    let wait = wait_asked_by(
        &[
            ("Retry-After", "4".into()),
            ("retry-after-ms", "100".into()),
        ],
        BACKOFF * 2,
    )
    .await;
    assert_about(
        wait,
        Duration::from_millis(100),
        "retry-after-ms + Retry-After",
    );
}

#[tokio::test]
async fn an_unparsable_retry_after_falls_back_to_the_backoff() {
    let answers = Sequence::new(vec![
        error_status(503).insert_header("Retry-After", "soon"),
        ok_page(),
    ]);
    let server = server_with(answers.clone()).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(RetryOptions {
            max_retries: 1,
            initial_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(1),
        })
        .build()
        .unwrap();
    list_page(&client).await.unwrap();
    let wait = answers.first_wait();
    assert!(
        wait >= Duration::from_millis(295) && wait < Duration::from_millis(900),
        "{wait:?}"
    );
}

#[tokio::test]
async fn a_wait_longer_than_max_delay_is_capped() {
    for header in ["Retry-After", "retry-after-ms"] {
        let value = if header == "Retry-After" {
            "3600"
        } else {
            "3600000"
        };
        let started = Instant::now();
        let wait = wait_asked_by(&[(header, value.into())], Duration::from_millis(100)).await;
        assert!(
            wait >= Duration::from_millis(95) && wait < Duration::from_millis(800),
            "{header}: waited {wait:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}

#[tokio::test]
async fn retry_after_is_exposed_when_retries_are_exhausted() {
    for (name, value, expected) in [
        ("retry-after-ms", "50", Duration::from_millis(50)),
        ("x-ms-retry-after-ms", "40", Duration::from_millis(40)),
        ("Retry-After", "0", Duration::ZERO),
    ] {
        let answers = Sequence::new(vec![error_status(429).insert_header(name, value)]);
        let server = server_with(answers.clone()).await;
        let client = slow_backoff_client(&server, BACKOFF * 2);
        let err = list_page(&client).await.unwrap_err();
        assert_eq!(answers.count(), 2, "{name}: one retry");
        let service = err.service_error().expect("a service error");
        assert_eq!(service.status().as_u16(), 429);
        assert_eq!(service.retry_after(), Some(expected), "{name}");
        assert!(err.is_retryable());
    }
    // Without retries, a long wait is reported rather than taken.
    let answers = Sequence::new(vec![error_status(503).insert_header("Retry-After", "120")]);
    let server = server_with(answers.clone()).await;
    let started = Instant::now();
    let err = list_page(&client_no_retry(&server)).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        err.service_error().unwrap().retry_after(),
        Some(Duration::from_secs(120))
    );
    // And a date is turned into the time left.
    let when = SystemTime::now() + Duration::from_secs(90);
    let server =
        server_with(error_status(503).insert_header("Retry-After", httpdate::fmt_http_date(when)))
            .await;
    let err = list_page(&client_no_retry(&server)).await.unwrap_err();
    let left = err.service_error().unwrap().retry_after().unwrap();
    assert!(
        left > Duration::from_secs(85) && left <= Duration::from_secs(90),
        "{left:?}"
    );
}

#[tokio::test]
async fn retry_after_on_a_status_that_is_not_retried_is_not_waited_for() {
    let answers = Sequence::new(vec![
        ResponseTemplate::new(400).insert_header("retry-after-ms", "100"),
        ok_page(),
    ]);
    let server = server_with(answers.clone()).await;
    let err = list_page(&slow_backoff_client(&server, BACKOFF))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(answers.count(), 1);
}
