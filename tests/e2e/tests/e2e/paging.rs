//! Following `nextLink`: `.stream()`, `.pages()`,
//! `list_chat_read_receipts_pages_from` and `list_chat_read_receipts_next_page`.

use crate::common::*;
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn next_query(skip: u32) -> String {
    format!("skip={skip}&maxPageSize=2&api-version={PREVIEW_API_VERSION}")
}

/// Mounts a 3-page listing: page 1 (no `skip`), page 2 (`skip=2`, empty if
/// `empty_middle`), page 3 (`skip=4`, no `nextLink` property at all).
/// Returns the `nextLink`s of pages 1 and 2.
pub(crate) async fn mount_three_pages(server: &MockServer, empty_middle: bool) -> (String, String) {
    let link2 = link(server, &next_query(2));
    let link3 = link(server, &next_query(4));
    let page2_items = if empty_middle {
        vec![]
    } else {
        vec![receipt("u3", "3"), receipt("u4", "4")]
    };
    let pages = [
        (
            None,
            serde_json::json!({ "value": [receipt("u1", "1"), receipt("u2", "2")], "nextLink": link2 }),
        ),
        (
            Some("2"),
            serde_json::json!({ "value": page2_items, "nextLink": link3 }),
        ),
        (
            Some("4"),
            serde_json::json!({ "value": [receipt("u5", "5")] }),
        ),
    ];
    for (skip, body) in pages {
        let mock = Mock::given(method("GET"));
        let mock = match skip {
            None => mock.and(query_param_is_missing("skip")),
            Some(s) => mock.and(query_param("skip", s)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(0..=1)
            .mount(server)
            .await;
    }
    (link2, link3)
}

/// Every page request kept the client's api-version (once), `maxPageSize`
/// and the token.
fn assert_page_request(req: &Request) {
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(
        query_values(req, "api-version"),
        vec![DEFAULT_API_VERSION],
        "{}",
        req.url
    );
    assert_eq!(query_values(req, "maxPageSize"), vec!["2"], "{}", req.url);
    assert_eq!(header(req, "authorization"), "Bearer test-token");
    assert!(req.headers.get("api-version").is_none());
    assert!(is_uuid(header(req, "x-ms-client-request-id")));
    assert!(header(req, "user-agent").starts_with("acs-chat-rust/"));
}

pub(crate) fn message_ids(receipts: &[acs_chat::types::ChatMessageReadReceipt]) -> Vec<&str> {
    receipts
        .iter()
        .map(|r| r.chat_message_id.as_str())
        .collect()
}

#[tokio::test]
async fn stream_yields_every_item_of_three_pages_in_order() {
    let server = MockServer::start().await;
    mount_three_pages(&server, false).await;
    let client = client(&server);

    let receipts: Vec<_> = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .max_page_size(2)
            .stream()
            .try_collect::<Vec<_>>(),
    )
    .await
    .expect("no hang")
    .expect("all pages decode");
    assert_eq!(message_ids(&receipts), vec!["1", "2", "3", "4", "5"]);
    assert!(
        receipts[4]
            .sender_communication_identifier
            .raw_id
            .as_deref()
            .unwrap()
            .ends_with("_u5")
    );

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    let skips: Vec<_> = reqs.iter().map(|r| query_values(r, "skip")).collect();
    assert_eq!(
        skips,
        vec![vec![], vec!["2".to_string()], vec!["4".to_string()]]
    );
    for req in &reqs {
        assert_page_request(req);
    }
    let ids: std::collections::HashSet<_> = reqs
        .iter()
        .map(|r| header(r, "x-ms-client-request-id"))
        .collect();
    assert_eq!(ids.len(), 3, "one request id per page request");
    server.verify().await;
}

#[tokio::test]
async fn pages_gives_three_pages_with_their_next_links() {
    let server = MockServer::start().await;
    let (link2, link3) = mount_three_pages(&server, false).await;
    let client = client(&server);

    let pages: Vec<_> = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .max_page_size(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(|p| p.status().as_u16() == 200));
    let links: Vec<_> = pages.iter().map(|p| p.next_link.clone()).collect();
    assert_eq!(links, vec![Some(link2), Some(link3), None]);
    let sizes: Vec<_> = pages.iter().map(|p| p.value.len()).collect();
    assert_eq!(sizes, vec![2, 2, 1]);
    for req in requests(&server).await.iter() {
        assert_page_request(req);
    }
}

#[tokio::test]
async fn pages_from_resumes_at_page_two() {
    let server = MockServer::start().await;
    let (link2, _) = mount_three_pages(&server, false).await;
    let client = client(&server);

    let pages: Vec<_> = client
        .list_chat_read_receipts_pages_from(link2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let ids: Vec<Vec<String>> = pages
        .iter()
        .map(|p| p.value.iter().map(|r| r.chat_message_id.clone()).collect())
        .collect();
    assert_eq!(ids, vec![vec!["3", "4"], vec!["5"]]);

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2, "page 1 is not fetched again");
    let skips: Vec<_> = reqs.iter().map(|r| query_values(r, "skip")).collect();
    assert_eq!(skips, vec![vec!["2".to_string()], vec!["4".to_string()]]);
    for req in &reqs {
        assert_page_request(req);
    }
}

#[tokio::test]
async fn next_page_fetches_one_page_with_the_clients_api_version() {
    let server = MockServer::start().await;
    let (_, link3) = mount_three_pages(&server, false).await;
    let page = client(&server)
        .list_chat_read_receipts_next_page(&link3)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(message_ids(&page.value), vec!["5"]);
    assert!(page.next_link.is_none());
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_page_request(&reqs[0]);
    // The link's path is used as given.
    assert!(reqs[0].url.path().starts_with("/chat/threads/19"));
    assert!(reqs[0].url.path().ends_with("/readReceipts"));
}

#[tokio::test]
async fn an_empty_page_in_the_middle_is_fine() {
    let server = MockServer::start().await;
    mount_three_pages(&server, true).await;
    let client = client(&server);
    let receipts: Vec<_> = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .max_page_size(2)
            .stream()
            .try_collect::<Vec<_>>(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(message_ids(&receipts), vec!["1", "2", "5"]);
    assert_eq!(requests(&server).await.len(), 3);
    server.verify().await;
}

#[tokio::test]
async fn a_null_or_empty_next_link_ends_the_listing() {
    for next in [serde_json::json!(null), serde_json::json!("")] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({ "value": [receipt("u1", "1")], "nextLink": next }),
            ))
            .mount(&server)
            .await;
        let client = client(&server);
        let pages: Vec<_> = tokio::time::timeout(
            TEST_TIMEOUT,
            client
                .list_chat_read_receipts()
                .chat_thread_id(THREAD_ID)
                .pages()
                .try_collect::<Vec<_>>(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(pages.len(), 1, "nextLink {next}");
        assert_eq!(requests(&server).await.len(), 1);
    }
}

#[tokio::test]
async fn api_version_repeated_in_the_link_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&server)
        .await;
    let link = link(
        &server,
        "api-version=2021-03-07&skip=2&maxPageSize=2&api-version=2024-03-15-preview&x=a%2Bb",
    );
    client(&server)
        .list_chat_read_receipts_next_page(&link)
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_page_request(&reqs[0]);
    assert_eq!(query_values(&reqs[0], "skip"), vec!["2"]);
    // Other parameters of the link survive with their values.
    assert_eq!(query_values(&reqs[0], "x"), vec!["a+b"]);
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_stream_after_page_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("skip"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [receipt("u1", "1"), receipt("u2", "2")],
            "nextLink": link(&server, &next_query(2)),
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("skip", "2"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(error_body("ServiceUnavailable", "try later")),
        )
        .mount(&server)
        .await;

    // Page two is retried (2 retries, short delays), then the stream ends.
    let client = client_fast_retry(&server, 2);
    let results: Vec<_> = tokio::time::timeout(
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
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert_eq!(results[0].as_ref().unwrap().chat_message_id, "1");
    assert_eq!(results[1].as_ref().unwrap().chat_message_id, "2");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    match err {
        acs_chat::Error::Service(e) => assert_eq!(e.code(), Some("ServiceUnavailable")),
        other => panic!("expected Service, got {other}"),
    }
    assert_error_has_no_token(err);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4, "page one, then page two three times");
    let skips: Vec<_> = reqs.iter().map(|r| query_values(r, "skip")).collect();
    assert_eq!(skips, vec![vec![], vec!["2"], vec!["2"], vec!["2"]]);
}
