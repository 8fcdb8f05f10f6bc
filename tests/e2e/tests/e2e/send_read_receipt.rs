//! `POST /chat/threads/{chatThreadId}/readReceipts`: what goes on the wire
//! and how the empty `200 OK` is taken.

use crate::common::*;
use acs_chat::types::SendReadReceiptRequest;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn seed_body() -> SendReadReceiptRequest {
    SendReadReceiptRequest {
        chat_message_id: "1591137790240".into(),
    }
}

async fn server_answering_200_empty() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn send_puts_the_seed_request_on_the_wire_and_accepts_an_empty_200() {
    let server = server_answering_200_empty().await;
    let client = client(&server);

    let response = client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(seed_body())
        .send()
        .await
        .expect("200 with an empty body is success");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.content_length(), Some(0));

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method.as_str(), "POST");
    // The thread id stays one path segment (exact encoding: see the next test).
    let path = req.url.path();
    assert!(path.starts_with("/chat/threads/19"), "{path}");
    assert!(path.ends_with("thread.v2/readReceipts"), "{path}");
    assert_eq!(path.matches('/').count(), 4, "{path}");
    // Query: exactly api-version=2025-03-15.
    let pairs: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        vec![("api-version".to_string(), DEFAULT_API_VERSION.to_string())]
    );
    assert_eq!(req.url.query(), Some("api-version=2025-03-15"));
    // Headers.
    assert_eq!(header(req, "authorization"), "Bearer test-token");
    assert_eq!(header(req, "content-type"), "application/json");
    assert_eq!(header(req, "accept"), "application/json");
    assert!(
        req.headers.get("api-version").is_none(),
        "api-version must not be sent as a header: {:?}",
        req.headers
    );
    let request_id = header(req, "x-ms-client-request-id");
    assert!(is_uuid(request_id), "not a UUID: {request_id}");
    let user_agent = header(req, "user-agent");
    assert!(user_agent.starts_with("acs-chat-rust/"), "{user_agent}");
    assert_eq!(user_agent, acs_chat::USER_AGENT_VALUE);
    // Body: the seed example, byte for byte once compacted.
    assert_eq!(std::str::from_utf8(&req.body).unwrap(), SEED_SEND_BODY);
    let body: serde_json::Value = req.body_json().unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "chatMessageId": "1591137790240" })
    );
}

#[tokio::test]
async fn send_percent_encodes_the_thread_id_in_the_raw_path() {
    let server = server_answering_200_empty().await;
    client(&server)
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(seed_body())
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(
        reqs[0].url.path(),
        format!("/chat/threads/{THREAD_ID_ENCODED}/readReceipts")
    );
}

#[tokio::test]
async fn reserved_characters_in_the_thread_id_cannot_change_the_path_or_query() {
    let server = server_answering_200_empty().await;
    client(&server)
        .send_chat_read_receipt()
        .chat_thread_id("a/b?c#d%e f")
        .body(seed_body())
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].url.path(),
        "/chat/threads/a%2Fb%3Fc%23d%25e%20f/readReceipts"
    );
    assert_eq!(reqs[0].url.query(), Some("api-version=2025-03-15"));
}

#[tokio::test]
async fn every_call_gets_a_fresh_client_request_id() {
    let server = server_answering_200_empty().await;
    let client = client(&server);
    for _ in 0..2 {
        client
            .send_chat_read_receipt()
            .chat_thread_id(THREAD_ID)
            .body(seed_body())
            .send()
            .await
            .unwrap();
    }
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    let a = header(&reqs[0], "x-ms-client-request-id");
    let b = header(&reqs[1], "x-ms-client-request-id");
    assert!(is_uuid(a) && is_uuid(b));
    assert_ne!(a, b);
}

#[tokio::test]
async fn api_version_override_is_what_goes_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&server)
        .await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .api_version(PREVIEW_API_VERSION)
        .build()
        .unwrap();
    assert_eq!(client.parameters().api_version(), PREVIEW_API_VERSION);

    client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(seed_body())
        .send()
        .await
        .unwrap();
    client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    for req in &reqs {
        assert_eq!(query_values(req, "api-version"), vec![PREVIEW_API_VERSION]);
        assert!(req.headers.get("api-version").is_none());
    }
}

#[tokio::test]
async fn default_api_version_is_2025_03_15() {
    let server = server_answering_200_empty().await;
    let client = client(&server);
    assert_eq!(client.parameters().api_version(), DEFAULT_API_VERSION);
}

#[tokio::test]
async fn missing_thread_id_fails_before_anything_is_sent() {
    let server = server_answering_200_empty().await;
    let err = client(&server)
        .send_chat_read_receipt()
        .body(seed_body())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
    assert!(err.to_string().contains("chat_thread_id"), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn body_built_with_body_map_is_sent() {
    let server = server_answering_200_empty().await;
    client(&server)
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body_map(|b| b.chat_message_id("42"))
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(
        std::str::from_utf8(&reqs[0].body).unwrap(),
        r#"{"chatMessageId":"42"}"#
    );
}

#[tokio::test]
async fn body_without_chat_message_id_fails_before_anything_is_sent() {
    let server = server_answering_200_empty().await;
    let err = client(&server)
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
    assert!(requests(&server).await.is_empty());
}
