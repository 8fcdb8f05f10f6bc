//! The thread scope (issue 13 item 5), generated from the spec's
//! `x-acs-scope`: `client.thread(id)` sends exactly what the long builder
//! form sends, and lists receipts with typed senders.

use std::time::Duration;

use crate::common::*;
use acs_chat::CommunicationIdentifier;
use futures::TryStreamExt;
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What identifies a request, leaving out what differs per call (the
/// request id).
fn essentials(r: &Request) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|(n, _)| n.as_str() != "x-ms-client-request-id")
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("<binary>").to_string()))
        .collect();
    headers.sort();
    (
        r.method.to_string(),
        r.url.to_string(),
        headers,
        r.body.clone(),
    )
}

#[tokio::test]
async fn send_read_receipt_sends_the_same_request_as_the_long_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(acs_chat::types::SendReadReceiptRequest {
            chat_message_id: "1591137790240".into(),
        })
        .send()
        .await
        .unwrap();
    client
        .thread(THREAD_ID)
        .send_read_receipt("1591137790240")
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(essentials(&reqs[0]), essentials(&reqs[1]));
    assert_eq!(reqs[1].body, SEED_SEND_BODY.as_bytes());
    assert!(
        reqs[1].url.path().contains(THREAD_ID_ENCODED),
        "{}",
        reqs[1].url
    );
}

#[tokio::test]
async fn a_scope_keeps_the_builder_so_per_call_options_apply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(error_status(503))
        .mount(&server)
        .await;
    let client = client_fast_retry(&server, 3);
    let thread = client.thread(THREAD_ID);
    assert_eq!(thread.id(), THREAD_ID);
    let err = thread
        .send_read_receipt("1")
        .retry(acs_chat::RetryOptions::none())
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn read_receipts_lists_every_page_with_typed_senders() {
    let server = MockServer::start().await;
    let next = link(&server, "skip=1&maxPageSize=1");
    Mock::given(method("GET"))
        .and(query_param_is_missing("skip"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({ "value": [receipt("u1", "10")], "nextLink": next }),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("skip", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [{
                "senderCommunicationIdentifier": {
                    "rawId": "4:+14255550123",
                    "phoneNumber": { "value": "+14255550123" }
                },
                "chatMessageId": "11",
                "readOn": "2020-10-30T10:50:50Z"
            }]
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    // The scope can be moved into a task, like the listing.
    let thread = client.thread(THREAD_ID);
    let receipts: Vec<_> = tokio::spawn(async move {
        thread
            .read_receipts()
            .max_page_size(1)
            .stream()
            .try_collect::<Vec<_>>()
            .await
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(receipts.len(), 2);
    match receipts[0].sender() {
        CommunicationIdentifier::CommunicationUser(u) => {
            assert!(u.id.ends_with("_u1"), "{}", u.id)
        }
        other => panic!("{other:?}"),
    }
    match receipts[1].sender() {
        CommunicationIdentifier::PhoneNumber(p) => assert_eq!(p.phone_number, "+14255550123"),
        other => panic!("{other:?}"),
    }
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[0].url.path().contains(THREAD_ID_ENCODED),
        "{}",
        reqs[0].url
    );
    assert_eq!(query_values(&reqs[0], "maxPageSize"), ["1"]);
}
