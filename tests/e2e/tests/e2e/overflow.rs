//! Extreme durations, from the user (builder settings, retry options) and
//! from the server (`Retry-After`): no setting or answer makes a call panic;
//! time arithmetic saturates.

use std::time::{Duration, Instant};

use crate::common::*;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn the_largest_time_limits_build_and_work() {
    let server = server_with(ok_page()).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .timeout(Duration::MAX)
        .per_try_timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .build()
        .unwrap();
    list_page(&client).await.expect("a normal call");
}

#[tokio::test]
async fn the_largest_retry_options_with_the_largest_retry_after_do_not_panic() {
    let throttled = Sequence::new(vec![
        ResponseTemplate::new(503).insert_header("retry-after", "18446744073709551615"),
    ]);
    let server = server_with(throttled.clone()).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .timeout(Duration::MAX)
        .retry(acs_chat::RetryOptions {
            max_retries: u32::MAX,
            initial_delay: Duration::MAX,
            max_delay: Duration::MAX,
        })
        .build()
        .unwrap();
    // The wait asked for ends later than any instant the clock can hold:
    // it is not taken (the call would never end), the service error is.
    let started = Instant::now();
    let err = tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the call ends")
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert_eq!(throttled.count(), 1);
}

#[tokio::test]
async fn an_endless_retry_after_under_a_finite_deadline_is_the_service_error_at_once() {
    for value in ["18446744073709551615", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let throttled = Sequence::new(vec![
            ResponseTemplate::new(503).insert_header("retry-after", value),
        ]);
        let server = server_with(throttled.clone()).await;
        let client = acs_chat::Client::builder(server.uri())
            .token(TOKEN)
            .timeout(Duration::from_secs(5))
            .retry(acs_chat::RetryOptions {
                max_retries: 3,
                initial_delay: Duration::MAX,
                max_delay: Duration::MAX,
            })
            .build()
            .unwrap();
        let started = Instant::now();
        let err = list_page(&client).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2), "{value}");
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(503),
            "{value}: {err}"
        );
        assert_eq!(throttled.count(), 1, "{value}");
    }
}

#[tokio::test]
async fn the_largest_backoff_does_not_panic() {
    let failing = Sequence::new(vec![ResponseTemplate::new(500)]);
    let server = server_with(failing.clone()).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_secs(2))
        .retry(acs_chat::RetryOptions {
            max_retries: u32::MAX,
            initial_delay: Duration::MAX,
            max_delay: Duration::MAX,
        })
        .build()
        .unwrap();
    let err = list_page(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err}");
}

#[tokio::test]
async fn the_largest_refresh_time_limit_does_not_panic() {
    let server = server_with(ok_page()).await;
    let credential = acs_chat::RefreshingToken::new(|| async {
        Err(acs_chat::CredentialError::new("no token today"))
    })
    .with_refresh_timeout(Duration::MAX);
    let client = acs_chat::Client::builder(server.uri())
        .credential(credential)
        .build()
        .unwrap();
    let err = list_page(&client).await.unwrap_err();
    assert!(err.to_string().contains("no token today"), "{err}");
}

#[tokio::test]
async fn the_smallest_settings_are_errors_not_panics() {
    let server = server_with(
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({ "value": [receipt("u", "1")], "nextLink": null })),
    )
    .await;
    let build = |builder: acs_chat::ClientBuilder| builder.token(TOKEN).build().unwrap();
    let base = || acs_chat::Client::builder(server.uri());

    let err = list_page(&build(base().max_response_size(0)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, acs_chat::Error::ResponseTooLarge { limit: 0, .. }),
        "{err:?}"
    );

    let none = acs_chat::paging::PagingLimits {
        max_pages: 0,
        max_items: 0,
    };
    let client = build(base().paging_limits(none));
    let results: Vec<_> = futures::StreamExt::collect(
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .stream(),
    )
    .await;
    assert!(
        matches!(
            results[..],
            [Err(acs_chat::Error::PagingLimit { limit: 0, .. })]
        ),
        "{results:?}"
    );
    assert!(
        requests(&server).await.len() == 1,
        "only the max_response_size call was sent"
    );

    let credential =
        acs_chat::RefreshingToken::new(std::future::pending).with_refresh_timeout(Duration::ZERO);
    let client = base().credential(credential).build().unwrap();
    let err = list_page(&client).await.unwrap_err();
    assert!(matches!(err, acs_chat::Error::Credential(_)), "{err:?}");

    assert!(base().timeout(Duration::ZERO).build().is_err());
    assert!(base().per_try_timeout(Duration::ZERO).build().is_err());
}
