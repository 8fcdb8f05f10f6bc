//! Per-call options on the operation builders (issue 13 item 3): a call's
//! time limits and retries replace the client's for that call only, extra
//! headers arrive, the headers the pipeline owns cannot be replaced, and
//! extra header values stay out of the logs. A listing applies the options
//! to every page.

use std::time::{Duration, Instant};

use crate::common::*;
use acs_chat::{CallOptions, RetryOptions, TimeoutKind};
use futures::TryStreamExt;
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn send(client: &acs_chat::Client) -> acs_chat::builder::SendChatReadReceipt<'_> {
    client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(acs_chat::types::SendReadReceiptRequest {
            chat_message_id: "1591137790240".into(),
        })
}

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    let server = answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    // The client would wait 20 s; this call waits 300 ms.
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_secs(20))
        .per_try_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = send(&client)
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            acs_chat::Error::Timeout { kind: TimeoutKind::Overall, limit, .. }
                if limit == Duration::from_millis(300)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_per_call_per_try_timeout_overrides_the_clients() {
    let server = answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(RetryOptions::none())
        .per_try_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let err = send(&client)
        .per_try_timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            acs_chat::Error::Timeout { kind: TimeoutKind::PerTry, limit, attempts: 1 }
                if limit == Duration::from_millis(200)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn per_call_retries_none_is_one_attempt_and_the_client_keeps_its_own() {
    let server = answering(error_status(503)).await;
    let client = client_fast_retry(&server, 2);
    let err = send(&client)
        .retry(RetryOptions::none())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "one attempt");
    // The next call without options has the client's three attempts.
    send(&client).send().await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 4, "1 + 3");
}

#[tokio::test]
async fn extra_headers_arrive_and_may_replace_accept() {
    let server = answering(ResponseTemplate::new(200)).await;
    let client = client(&server);
    send(&client)
        .header("x-ms-useragent-suffix", "my-app/1.0")
        .header("accept", "application/json;odata=none")
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[0], "x-ms-useragent-suffix"), "my-app/1.0");
    assert_eq!(header(&reqs[0], "accept"), "application/json;odata=none");
    assert_eq!(header(&reqs[0], "authorization"), format!("Bearer {TOKEN}"));
}

#[tokio::test]
async fn the_headers_the_pipeline_owns_cannot_be_set_and_nothing_is_sent() {
    let server = answering(ResponseTemplate::new(200)).await;
    let client = client(&server);
    // Every reserved name, in lower, upper and mixed case.
    let upper: Vec<String> = acs_chat::RESERVED_HEADERS
        .iter()
        .map(|n| n.to_ascii_uppercase())
        .collect();
    let names = acs_chat::RESERVED_HEADERS
        .iter()
        .copied()
        .chain(upper.iter().map(String::as_str))
        .chain(["Authorization", "Content-Length"]);
    for name in names {
        let err = send(&client)
            .header(name, "Bearer stolen")
            .send()
            .await
            .unwrap_err();
        let acs_chat::Error::InvalidRequest(why) = &err else {
            panic!("{name}: {err:?}")
        };
        assert!(why.contains(&name.to_ascii_lowercase()), "{why}");
        assert!(!err.to_string().contains("stolen"), "{err}");
    }
    // Through `.options(..)` as well.
    let err = send(&client)
        .options(CallOptions::new().header("authorization", "Bearer stolen"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err:?}");
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_invalid_header_value_fails_the_call_with_its_name() {
    let server = answering(ResponseTemplate::new(200)).await;
    let err = send(&client(&server))
        .header("x-note", "two\nlines")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("x-note"), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn extra_header_values_are_not_logged() {
    const SECRET_VALUE: &str = "sk-extra-9QzT7";
    let server = answering(ResponseTemplate::new(200)).await;
    let client = client(&server);
    let buffer = LogBuffer::default();
    let guard = capture_logs(&buffer);
    send(&client)
        .header("x-api-key", SECRET_VALUE)
        .send()
        .await
        .unwrap();
    drop(guard);
    let logs = buffer.text();
    assert!(
        logs.contains("x-api-key"),
        "the header is logged by name:\n{logs}"
    );
    assert!(!logs.contains(SECRET_VALUE), "the value leaked:\n{logs}");
    assert_eq!(
        header(&requests(&server).await[0], "x-api-key"),
        SECRET_VALUE
    );
}

#[tokio::test]
async fn a_listing_applies_the_options_to_every_page() {
    let server = MockServer::start().await;
    let next = link(&server, "skip=1");
    Mock::given(method("GET"))
        .and(query_param_is_missing("skip"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({ "value": [receipt("u1", "1")], "nextLink": next }),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("skip", "1"))
        .respond_with(error_status(503))
        .mount(&server)
        .await;
    let client = client_fast_retry(&server, 3);
    let result: Result<Vec<_>, _> = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .header("x-trace", "t-1")
        .retry(RetryOptions::none())
        .stream()
        .try_collect()
        .await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2, "page one, page two once (no retries)");
    for r in &reqs {
        assert_eq!(header(r, "x-trace"), "t-1");
    }
}
