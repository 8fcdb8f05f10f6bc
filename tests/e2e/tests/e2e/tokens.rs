//! The access token: where it may go, where it comes from, and that it
//! never shows in `Debug`/`Display`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;
use acs_chat::types::SendReadReceiptRequest;
use acs_chat::{AccessToken, CredentialError, TokenCredential};
use futures::StreamExt;
use futures::TryStreamExt;
use futures::future::BoxFuture;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn body() -> SendReadReceiptRequest {
    SendReadReceiptRequest {
        chat_message_id: "1591137790240".into(),
    }
}

async fn server_ok() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_plain_http_non_loopback_endpoint_gets_no_token() {
    for endpoint in [
        "http://example.invalid",
        "http://10.255.255.1:81",
        "http://127.0.0.1.example.invalid",
    ] {
        let client = acs_chat::Client::builder(endpoint)
            .token(TOKEN)
            .build()
            .unwrap();
        let mut errors = vec![
            client
                .send_chat_read_receipt()
                .chat_thread_id(THREAD_ID)
                .body(body())
                .send()
                .await
                .map(|_| ())
                .unwrap_err(),
            client
                .list_chat_read_receipts()
                .chat_thread_id(THREAD_ID)
                .send()
                .await
                .map(|_| ())
                .unwrap_err(),
            client
                .list_chat_read_receipts_next_page(&format!(
                    "{endpoint}/chat/threads/t/readReceipts?skip=2"
                ))
                .await
                .map(|_| ())
                .unwrap_err(),
        ];
        let streamed: Vec<_> = client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .stream()
            .collect()
            .await;
        assert_eq!(streamed.len(), 1);
        errors.extend(streamed.into_iter().map(|r| r.unwrap_err()));
        for err in &errors {
            assert!(
                matches!(err, acs_chat::Error::Credential(_)),
                "{endpoint}: {err}"
            );
            assert!(
                err.to_string().contains("refusing to send an access token"),
                "{endpoint}: {err}"
            );
            assert_error_has_no_token(err);
        }
    }
}

#[tokio::test]
async fn plain_http_to_localhost_by_name_is_allowed() {
    let server = server_ok().await;
    let endpoint = format!("http://localhost:{}", server.address().port());
    let client = acs_chat::Client::builder(endpoint)
        .token(TOKEN)
        .build()
        .unwrap();
    client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[0], "authorization"), "Bearer test-token");
}

#[tokio::test]
async fn without_a_credential_no_authorization_header_is_sent() {
    let server = server_ok().await;
    let client = acs_chat::Client::builder(server.uri())
        .without_credential()
        .build()
        .unwrap();
    client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(body())
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert!(reqs[0].headers.get("authorization").is_none());
    assert!(is_uuid(header(&reqs[0], "x-ms-client-request-id")));
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
async fn the_credential_is_asked_before_every_request_including_each_page() {
    let server = MockServer::start().await;
    let link2 = link(&server, "skip=2");
    Mock::given(wiremock::matchers::query_param_is_missing("skip"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({ "value": [receipt("u1", "1")], "nextLink": link2 }),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::query_param("skip", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "value": [receipt("u2", "2")] })),
        )
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = acs_chat::Client::builder(server.uri())
        .credential(Counting(calls.clone()))
        .build()
        .unwrap();
    let items: Vec<_> = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let auth: Vec<_> = requests(&server)
        .await
        .iter()
        .map(|r| header(r, "authorization").to_string())
        .collect();
    assert_eq!(auth, vec!["Bearer tok-1", "Bearer tok-2"]);
}

struct Failing;

impl TokenCredential for Failing {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>> {
        Box::pin(async { Err(CredentialError::new("the token service is down")) })
    }
}

#[tokio::test]
async fn a_credential_error_fails_the_call_before_anything_is_sent() {
    let server = server_ok().await;
    let client = acs_chat::Client::builder(server.uri())
        .credential(Failing)
        .build()
        .unwrap();
    let err = client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(body())
        .send()
        .await
        .unwrap_err();
    match &err {
        acs_chat::Error::Credential(e) => {
            assert!(e.to_string().contains("the token service is down"), "{e}")
        }
        other => panic!("expected Credential, got {other}"),
    }
    assert!(!err.is_retryable());
    assert!(
        err.to_string().contains("the token service is down"),
        "{err}"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_token_that_is_not_a_header_value_fails_without_showing_it() {
    let server = server_ok().await;
    let bad = "test-token\r\nx-injected: 1";
    let client = acs_chat::Client::builder(server.uri())
        .token(bad)
        .build()
        .unwrap();
    let err = client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(body())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::Credential(_)), "{err}");
    assert!(
        err.to_string().contains("not a valid header value"),
        "{err}"
    );
    assert_error_has_no_token(&err);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn debug_output_never_shows_the_token() {
    let server = server_ok().await;
    let builder = acs_chat::Client::builder(server.uri()).token(TOKEN);
    assert_no_token(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_token(&format!("{client:?}"));
    assert_no_token(&format!("{:?}", AccessToken::new(TOKEN)));
    assert_no_token(&format!("{:?}", acs_chat::StaticToken::new(TOKEN)));
    // Nor does a request builder.
    let request = client.list_chat_read_receipts().chat_thread_id(THREAD_ID);
    assert_no_token(&format!("{request:?}"));
}

#[tokio::test]
async fn a_redirect_followed_by_a_custom_http_client_drops_the_token() {
    let other = server_ok().await;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/elsewhere", other.uri())),
        )
        .mount(&server)
        .await;
    // A reqwest client with its default policy: it follows redirects.
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let _ = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await;
    assert_eq!(requests(&server).await.len(), 1);
    let followed = requests(&other).await;
    assert_eq!(followed.len(), 1, "the custom client follows the redirect");
    for req in followed {
        assert!(
            req.headers.get("authorization").is_none(),
            "the token followed a redirect to another origin"
        );
    }
}
