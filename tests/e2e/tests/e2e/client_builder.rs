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

#[tokio::test]
async fn api_version_tells_the_version_the_client_sends() {
    let server = server_ok().await;
    let default = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(
        default.api_version(),
        acs_chat::ApiVersion::V2025_03_15.as_str()
    );
    for (set, expected) in [
        (
            acs_chat::ApiVersion::V2024_03_15_PREVIEW,
            PREVIEW_API_VERSION,
        ),
        (acs_chat::ApiVersion::from("2099-01-01"), "2099-01-01"),
    ] {
        let client = acs_chat::Client::builder(server.uri())
            .token(TOKEN)
            .api_version(set)
            .build()
            .unwrap();
        assert_eq!(client.api_version(), expected);
        assert_eq!(client.parameters().api_version(), expected);
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .send()
            .await
            .unwrap();
        let reqs = requests(&server).await;
        assert_eq!(
            query_values(reqs.last().unwrap(), "api-version"),
            vec![expected.to_string()]
        );
    }
    // A plain string still works, as before the constants.
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .api_version(String::from(PREVIEW_API_VERSION))
        .build()
        .unwrap();
    assert_eq!(client.api_version(), PREVIEW_API_VERSION);
}

#[test]
fn a_builder_without_a_credential_says_how_to_build_one() {
    let err = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
        .build()
        .unwrap_err();
    assert_eq!(err, BuildError::MissingCredential);
    let message = err.to_string();
    assert!(
        message.contains(".token(") && message.contains(".without_credential()"),
        "{message}"
    );
}
