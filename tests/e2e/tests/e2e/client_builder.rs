//! `Client::builder`: endpoint checks and normalisation, and a custom
//! `reqwest::Client`.

use crate::common::*;
use acs_chat::BuildError;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_ok() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&server)
        .await;
    server
}

#[test]
fn invalid_endpoints_are_refused() {
    for endpoint in [
        "not a url",
        "ftp://x",
        "",
        "contoso.westus.communications.azure.com",
        "file:///tmp/x",
        "https://a.example/?x=1",
        "https://a.example/#frag",
        "https://user:pw@a.example",
    ] {
        let err = acs_chat::Client::builder(endpoint)
            .token(TOKEN)
            .build()
            .expect_err(endpoint);
        match &err {
            BuildError::InvalidEndpoint {
                endpoint: e,
                reason,
            } => {
                assert_eq!(e, endpoint);
                assert!(!reason.is_empty());
            }
            other => panic!("{endpoint}: expected InvalidEndpoint, got {other:?}"),
        }
        assert!(err.to_string().contains("invalid endpoint"), "{err}");
        assert_no_token(&format!("{err:?}"));
        assert_no_token(&err.to_string());
    }
}

#[test]
fn valid_endpoints_build() {
    for (endpoint, normalized) in [
        (
            "https://contoso.westus.communications.azure.com",
            "https://contoso.westus.communications.azure.com",
        ),
        (
            "https://contoso.westus.communications.azure.com/",
            "https://contoso.westus.communications.azure.com",
        ),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://a.example/stem/", "https://a.example/stem"),
    ] {
        let client = acs_chat::Client::builder(endpoint)
            .token(TOKEN)
            .build()
            .unwrap();
        assert_eq!(client.endpoint(), normalized);
    }
}

#[tokio::test]
async fn a_trailing_slash_does_not_double_the_slash_on_the_wire() {
    let server = server_ok().await;
    let client = acs_chat::Client::builder(format!("{}/", server.uri()))
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
    assert!(
        reqs[0].url.path().starts_with("/chat/threads/"),
        "{}",
        reqs[0].url
    );
}

#[tokio::test]
async fn a_path_stem_is_kept_for_requests_and_next_links() {
    let server = MockServer::start().await;
    let next = format!("{}/stem/chat/threads/t/readReceipts?skip=2", server.uri());
    Mock::given(wiremock::matchers::query_param_is_missing("skip"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({ "value": [receipt("u1", "1")], "nextLink": next }),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::query_param("skip", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&server)
        .await;
    let client = acs_chat::Client::builder(format!("{}/stem", server.uri()))
        .token(TOKEN)
        .build()
        .unwrap();
    use futures::TryStreamExt;
    let pages: Vec<_> = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let reqs = requests(&server).await;
    assert!(
        reqs[0].url.path().starts_with("/stem/chat/threads/"),
        "{}",
        reqs[0].url
    );
    assert_eq!(reqs[1].url.path(), "/stem/chat/threads/t/readReceipts");
}

#[tokio::test]
async fn a_custom_http_client_is_used_and_the_pipeline_still_applies() {
    let server = server_ok().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-custom", reqwest::header::HeaderValue::from_static("yes"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .http_client(http)
        .build()
        .unwrap();
    client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[0], "x-custom"), "yes");
    assert_eq!(header(&reqs[0], "authorization"), "Bearer test-token");
    assert_eq!(
        query_values(&reqs[0], "api-version"),
        vec![DEFAULT_API_VERSION]
    );
    assert!(header(&reqs[0], "user-agent").starts_with("acs-chat-rust/"));
}
