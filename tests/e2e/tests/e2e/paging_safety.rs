//! `nextLink`s that must not be followed: other origins (the token would
//! leave) and links already followed (the listing would loop).

use crate::common::*;
use futures::StreamExt;
use wiremock::matchers::{any, method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Item = Result<acs_chat::types::ChatMessageReadReceipt, acs_chat::Error>;

/// Serves one first page whose `nextLink` is `next`.
async fn first_page_linking_to(server: &MockServer, next: &str) {
    Mock::given(method("GET"))
        .and(query_param_is_missing("skip"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [receipt("u1", "1")],
            "nextLink": next,
        })))
        .mount(server)
        .await;
}

/// Every result of the listing, bounded in time.
async fn collect_listing(client: &acs_chat::Client) -> Vec<Item> {
    tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .max_page_size(2)
            .stream()
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends instead of looping")
}

/// One item, then an `InvalidRequest` error whose text contains `needle`.
fn assert_item_then_error(results: &[Item], needle: &str) {
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().chat_message_id, "1");
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
    assert!(err.to_string().contains(needle), "{err}");
    assert_error_has_no_token(err);
}

#[tokio::test]
async fn next_link_to_another_port_is_not_followed() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&other)
        .await;
    first_page_linking_to(&server, &link(&other, "skip=2&maxPageSize=2")).await;

    let results = collect_listing(&client(&server)).await;
    assert_item_then_error(&results, "not on the client's endpoint");
    assert!(
        requests(&other).await.is_empty(),
        "nothing may reach the other origin"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn next_link_with_another_scheme_host_or_userinfo_is_not_followed() {
    let server = MockServer::start().await;
    let port = server.address().port();
    let path = format!("/chat/threads/{THREAD_ID}/readReceipts?skip=2&maxPageSize=2");
    let foreign = [
        // Same host and port, other scheme.
        format!("https://127.0.0.1:{port}{path}"),
        // Same socket, other host string: would reach this very server.
        format!("http://localhost:{port}{path}"),
        // Another host entirely.
        format!("https://contoso.westus.communications.azure.com{path}"),
        // Same origin but with credentials in the URL.
        format!("http://user:secret-pw@127.0.0.1:{port}{path}"),
    ];
    for next in foreign {
        server.reset().await;
        first_page_linking_to(&server, &next).await;
        Mock::given(method("GET"))
            .and(query_param("skip", "2"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })),
            )
            .mount(&server)
            .await;

        let results = collect_listing(&client(&server)).await;
        assert_item_then_error(&results, "not on the client's endpoint");
        let err_text = results[1].as_ref().unwrap_err().to_string();
        assert!(!err_text.contains("secret-pw"), "{err_text}");
        assert_eq!(requests(&server).await.len(), 1, "followed {next}");
    }
}

#[tokio::test]
async fn pages_from_and_next_page_refuse_a_foreign_link_without_sending() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&other)
        .await;
    let client = client(&server);
    let foreign = link(&other, "skip=2");

    let err = client
        .list_chat_read_receipts_next_page(&foreign)
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
    assert_error_has_no_token(&err);

    let results: Vec<_> = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts_pages_from(foreign)
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    assert_eq!(results.len(), 1);
    assert!(matches!(
        results[0],
        Err(acs_chat::Error::InvalidRequest(_))
    ));

    assert!(requests(&other).await.is_empty());
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_page_linking_to_itself_ends_with_an_error() {
    let server = MockServer::start().await;
    let link2 = link(&server, "skip=2&maxPageSize=2");
    first_page_linking_to(&server, &link2).await;
    Mock::given(method("GET"))
        .and(query_param("skip", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [receipt("u2", "2")],
            "nextLink": link2,
        })))
        .mount(&server)
        .await;

    let results = collect_listing(&client(&server)).await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[1].as_ref().unwrap().chat_message_id, "2");
    let err = results[2].as_ref().unwrap_err();
    assert!(err.to_string().contains("already fetched"), "{err}");
    assert!(
        !err.to_string().contains("maxPageSize"),
        "query redacted: {err}"
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_cycle_back_to_an_earlier_link_ends_with_an_error() {
    let server = MockServer::start().await;
    let link2 = link(&server, "skip=2&maxPageSize=2");
    let link3 = link(&server, "skip=4&maxPageSize=2");
    first_page_linking_to(&server, &link2).await;
    for (skip, id, next) in [("2", "2", &link3), ("4", "3", &link2)] {
        Mock::given(method("GET"))
            .and(query_param("skip", skip))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "value": [receipt("u", id)],
                "nextLink": next,
            })))
            .expect(1)
            .mount(&server)
            .await;
    }

    let results = collect_listing(&client(&server)).await;
    let ids: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|r| r.chat_message_id.as_str()))
        .collect();
    assert_eq!(ids, vec!["1", "2", "3"]);
    assert_eq!(results.len(), 4);
    assert!(
        results[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("already fetched")
    );
    assert_eq!(requests(&server).await.len(), 3);
    server.verify().await;
}

/// Answers the first page with a `nextLink` that is exactly the URL the
/// client asked for (path and query as sent).
struct LinkBackToThisPage(String);

impl wiremock::Respond for LinkBackToThisPage {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let mut next = format!("{}{}", self.0, request.url.path());
        if let Some(query) = request.url.query() {
            next = format!("{next}?{query}");
        }
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [receipt("u1", "1")],
            "nextLink": next,
        }))
    }
}

async fn first_page_linking_to_itself(server: &MockServer) {
    Mock::given(method("GET"))
        .respond_with(LinkBackToThisPage(server.uri()))
        .mount(server)
        .await;
}

/// A `nextLink` back to the first page ends the listing, at worst after
/// one repeated request.
#[tokio::test]
async fn a_link_back_to_the_first_page_does_not_loop() {
    let server = MockServer::start().await;
    first_page_linking_to_itself(&server).await;
    let results = collect_listing(&client(&server)).await;
    assert!(results.last().unwrap().is_err(), "{results:?}");
    assert!(results.len() <= 3, "{results:?}");
    assert!(requests(&server).await.len() <= 2);
}

#[tokio::test]
async fn a_link_back_to_the_first_page_is_refused_without_repeating_it() {
    let server = MockServer::start().await;
    first_page_linking_to_itself(&server).await;
    let results = collect_listing(&client(&server)).await;
    assert_item_then_error(&results, "already fetched");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn links_differing_only_in_api_version_are_the_same_page() {
    let server = MockServer::start().await;
    let link_a = link(
        &server,
        "skip=2&maxPageSize=2&api-version=2024-03-15-preview",
    );
    let link_b = link(&server, "skip=2&maxPageSize=2&api-version=2023-11-07");
    first_page_linking_to(&server, &link_a).await;
    Mock::given(method("GET"))
        .and(query_param("skip", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [receipt("u2", "2")],
            "nextLink": link_b,
        })))
        .mount(&server)
        .await;
    let results = collect_listing(&client(&server)).await;
    let ids: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|r| r.chat_message_id.as_str()))
        .collect();
    assert_eq!(ids, vec!["1", "2"], "page 2 was yielded again");
    assert!(results.last().unwrap().is_err());
    assert_eq!(requests(&server).await.len(), 2);
}
