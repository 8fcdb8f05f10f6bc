//! `tracing` output of the client: the call and attempt spans with the
//! operation and request id, and nothing secret (the token, query values
//! of a `nextLink`) in the logs or in any error's `Debug`/`Display`.

use std::time::Duration;

use crate::common::*;
use futures::StreamExt;
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A token no other text in these tests contains.
const LOUD_TOKEN: &str = "tkn-Zq9x7-distinctive";
/// A query value a `nextLink` carries that must never be logged.
const SECRET: &str = "secret";

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(LOUD_TOKEN),
        "the token leaked into {what}:\n{text}"
    );
    assert!(
        !text.contains(SECRET),
        "`{SECRET}` leaked into {what}:\n{text}"
    );
}

fn assert_error_clean(err: &acs_chat::Error) {
    assert_clean("an error's Debug", &format!("{err:?}"));
    assert_clean("an error's Display", &err.to_string());
}

fn loud_client(endpoint: &str) -> acs_chat::Client {
    acs_chat::Client::builder(endpoint)
        .token(LOUD_TOKEN)
        .retry(fast_retry(2))
        .build()
        .unwrap()
}

// One runtime thread, so that the thread-local subscriber sees everything.
#[tokio::test(flavor = "current_thread")]
async fn logs_show_spans_and_ids_but_no_secrets() {
    let server = MockServer::start().await;
    let next = link(&server, &format!("skip=2&maxPageSize=2&sig={SECRET}"));
    Mock::given(method("GET"))
        .and(query_param_is_missing("skip"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(
                    serde_json::json!({ "value": [receipt("u1", "1")], "nextLink": next }),
                )
                .insert_header("set-cookie", format!("session={SECRET}")),
        )
        .mount(&server)
        .await;
    // Page two fails once (retried), then answers.
    Mock::given(method("GET"))
        .and(query_param("skip", "2"))
        .respond_with(Sequence::new(vec![
            error_status(503).insert_header("retry-after-ms", "5"),
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "value": [receipt("u2", "2")] })),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(error_body("Forbidden", "No receipts for you."))
                .insert_header("x-ms-error-code", "Forbidden")
                .insert_header("x-echo", LOUD_TOKEN),
        )
        .mount(&server)
        .await;

    let buffer = LogBuffer::default();
    let guard = capture_logs(&buffer);
    let client = loud_client(&server.uri());
    let mut errors = Vec::new();

    // A paged listing over a `nextLink` with `sig=secret`, page two retried.
    let items: Vec<_> = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .max_page_size(2)
            .stream()
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    // A failing call.
    errors.push(send_receipt(&client).await.unwrap_err());
    // A link to another origin carrying the secret, refused.
    errors.push(
        client
            .list_chat_read_receipts_next_page(&format!("https://evil.example/chat?sig={SECRET}"))
            .await
            .unwrap_err(),
    );
    // A connection failure, retried.
    let dead = loud_client(&dead_endpoint());
    errors.push(send_receipt(&dead).await.unwrap_err());
    drop(guard);

    let logs = buffer.text();
    for needle in [
        "acs_chat.call",
        "acs_chat.attempt",
        "request_id",
        "operation=\"list_chat_read_receipts\"",
        "operation=\"send_chat_read_receipt\"",
        "sending",
        "received",
        "retrying",
        "sig=REDACTED",
        "api-version=2025-03-15",
        "status=503",
        "status=403",
        "attempts=2",
        "attempts=3",
        "duration_ms",
        "authorization",
    ] {
        assert!(logs.contains(needle), "`{needle}` not in the logs:\n{logs}");
    }
    // Every request id sent shows in the logs.
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4, "page one, page two twice, the POST");
    for r in &reqs {
        let id = header(r, "x-ms-client-request-id");
        assert!(logs.contains(id), "request id {id} not logged:\n{logs}");
        assert_eq!(header(r, "authorization"), format!("Bearer {LOUD_TOKEN}"));
    }
    assert_eq!(
        header(&reqs[1], "x-ms-client-request-id"),
        header(&reqs[2], "x-ms-client-request-id"),
        "one id for both attempts of page two"
    );
    assert_clean("the logs", &logs);

    assert!(matches!(errors[0], acs_chat::Error::Service(_)));
    assert!(matches!(errors[1], acs_chat::Error::InvalidRequest(_)));
    assert!(matches!(
        errors[2],
        acs_chat::Error::Transport { attempts: 3, .. }
    ));
    for err in &errors {
        assert_error_clean(err);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_page_loop_error_shows_no_query_values() {
    let server = MockServer::start().await;
    let next = link(&server, &format!("skip=2&sig={SECRET}"));
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "value": [], "nextLink": next })),
        )
        .mount(&server)
        .await;
    let buffer = LogBuffer::default();
    let guard = capture_logs(&buffer);
    let client = loud_client(&server.uri());
    let results: Vec<_> = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .pages()
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    drop(guard);
    assert_eq!(results.len(), 3, "two pages, then the loop error");
    let err = results[2].as_ref().unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
    assert_error_clean(err);
    assert_clean("the logs", &buffer.text());
}

/// Page one links (same origin) to a page two carrying `sig=secret` whose
/// request fails in transport (`close`) or whose body never arrives.
fn failing_page_two(close: bool) -> String {
    let (endpoint, _) = raw_server(move |head, base| {
        if head.contains("skip=2") {
            if close {
                RawAnswer::Close
            } else {
                RawAnswer::http(200, r#"{"value":[]}"#, 3, Duration::from_secs(3))
            }
        } else {
            let next = format!("{base}/chat/threads/t/readReceipts?skip=2&sig={SECRET}");
            let body = serde_json::json!({ "value": [], "nextLink": next }).to_string();
            RawAnswer::http(200, &body, body.len(), Duration::ZERO)
        }
    });
    endpoint
}

#[tokio::test(flavor = "current_thread")]

async fn transport_and_body_errors_on_a_next_link_show_no_query_values() {
    for close in [true, false] {
        let endpoint = failing_page_two(close);
        let buffer = LogBuffer::default();
        let guard = capture_logs(&buffer);
        let client = acs_chat::Client::builder(&endpoint)
            .token(LOUD_TOKEN)
            .retry(fast_retry(1))
            .per_try_timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let results: Vec<_> = tokio::time::timeout(
            TEST_TIMEOUT,
            client
                .list_chat_read_receipts()
                .chat_thread_id(THREAD_ID)
                .pages()
                .collect::<Vec<_>>(),
        )
        .await
        .unwrap();
        drop(guard);
        assert_eq!(results.len(), 2, "close={close}: {results:?}");
        let err = results[1].as_ref().unwrap_err();
        assert!(
            matches!(
                err,
                acs_chat::Error::Transport { .. }
                    | acs_chat::Error::Body { .. }
                    | acs_chat::Error::Timeout { .. }
            ),
            "close={close}: {err:?}"
        );
        assert_error_clean(err);
        assert_clean("the logs", &buffer.text());
    }
}
