//! Relative `nextLink`s (issue 10): resolved against the URL of the page
//! that carried it (RFC 3986), then held to the same-origin rule like any
//! other link. A path-absolute (`/x?skip=2`), a path-relative (`x?skip=2`)
//! or a query-only (`?skip=2`) reference cannot leave the page's origin; a
//! scheme-relative one (`//host/x`) can, and is refused.

use crate::common::*;
use futures::StreamExt;
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Item = Result<acs_chat::types::ChatMessageReadReceipt, acs_chat::Error>;

/// Serves the page at `skip` (the first page: no `skip`), holding one
/// receipt with message id `id` and `next` as its `nextLink`.
async fn page(server: &MockServer, skip: Option<&str>, id: &str, next: Option<&str>) {
    let mock = Mock::given(method("GET"));
    let mock = match skip {
        None => mock.and(query_param_is_missing("skip")),
        Some(skip) => mock.and(query_param("skip", skip)),
    };
    let mut body = serde_json::json!({ "value": [receipt("u1", id)] });
    if let Some(next) = next {
        body["nextLink"] = next.into();
    }
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

async fn collect_listing(client: &acs_chat::Client) -> Vec<Item> {
    tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .stream()
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends")
}

#[tokio::test]
async fn relative_next_links_are_resolved_against_the_page_that_carried_them() {
    let server = MockServer::start().await;
    let list_path = format!("/chat/threads/{THREAD_ID_ENCODED}/readReceipts");
    // Path-absolute, then path-relative (the last segment replaced), then
    // query-only (same path, new query).
    page(&server, None, "1", Some(&format!("{list_path}?skip=2"))).await;
    page(&server, Some("2"), "2", Some("readReceipts?skip=4")).await;
    page(&server, Some("4"), "3", Some("?skip=6")).await;
    page(&server, Some("6"), "4", None).await;

    let results = collect_listing(&client(&server)).await;
    let ids: Vec<_> = results
        .iter()
        .map(|r| r.as_ref().map(|r| r.chat_message_id.clone()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids, ["1", "2", "3", "4"]);

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4);
    for (r, skip) in reqs.iter().zip([None, Some("2"), Some("4"), Some("6")]) {
        assert_eq!(r.url.path(), list_path, "{}", r.url);
        assert_eq!(
            query_values(r, "skip").first().map(String::as_str),
            skip,
            "{}",
            r.url
        );
        // A followed link is still a request of this client: token and
        // client-level parameters on it.
        assert_eq!(header(r, "authorization"), format!("Bearer {TOKEN}"));
        assert_eq!(query_values(r, "api-version"), vec![DEFAULT_API_VERSION]);
    }
}

#[tokio::test]
async fn a_relative_link_whose_path_climbs_stays_on_the_origin() {
    let server = MockServer::start().await;
    // `..` past the root stays at the root (RFC 3986 5.2.4): never another
    // origin.
    page(&server, None, "1", Some("../../../../../x?skip=2")).await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path("/x"))
        .and(query_param("skip", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] })))
        .mount(&server)
        .await;
    let results = collect_listing(&client(&server)).await;
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(results[0].is_ok());
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].url.path(), "/x");
}

#[tokio::test]
async fn a_scheme_relative_link_to_another_host_is_refused_by_the_same_origin_rule() {
    let server = MockServer::start().await;
    let port = server.address().port();
    // `localhost` is this very server under another host name: had the link
    // been followed, the request would show up here.
    for next in [
        "//evil.example/x?skip=2".to_string(),
        format!("//localhost:{port}/chat/threads/t/readReceipts?skip=2"),
    ] {
        server.reset().await;
        page(&server, None, "1", Some(&next)).await;
        page(&server, Some("2"), "2", None).await;
        let results = collect_listing(&client(&server)).await;
        assert_eq!(results.len(), 2, "{next}: {results:?}");
        assert_eq!(results[0].as_ref().unwrap().chat_message_id, "1");
        let err = results[1].as_ref().unwrap_err();
        assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
        assert!(
            err.to_string().contains("not on the client's endpoint"),
            "{err}"
        );
        assert_error_has_no_token(err);
        assert_eq!(requests(&server).await.len(), 1, "followed {next}");
    }
}
