//! Error bodies of a declared shape other than ACS's
//! (`shape-problem-json-error.yaml`: RFC 9457 problem details for 400) on
//! the wire: the code and message come from where the operation's schemas
//! put them, for a single call and for every page of a listing.

use acs_chat_fixture_clients::shape_problem_json_error::Client;
use acs_chat_fixture_clients::{Error, RetryOptions};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROBLEM: &str = r#"{"type":"https://example.com/problems/bad-filter","title":"The filter is malformed","status":400,"detail":"`createdOn` is not a date"}"#;

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .token("test-token")
        .retry(RetryOptions::none())
        .build()
        .expect("client builds for a loopback server")
}

fn problem() -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_raw(PROBLEM, "application/problem+json")
}

fn code_and_message(error: &Error) -> (Option<&str>, Option<&str>) {
    let service = error
        .service_error()
        .unwrap_or_else(|| panic!("a service error: {error:?}"));
    (service.code(), service.message())
}

const EXPECTED: (Option<&str>, Option<&str>) = (
    Some("https://example.com/problems/bad-filter"),
    Some("`createdOn` is not a date"),
);

#[tokio::test]
async fn a_single_call_reads_the_declared_problem_shape() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/r1"))
        .respond_with(problem())
        .mount(&server)
        .await;
    let error = client(&server)
        .get_report()
        .report_id("r1")
        .send()
        .await
        .expect_err("400");
    assert_eq!(code_and_message(&error), EXPECTED);
}

/// The first page and a later one: both go through the listing's paging,
/// not through `send`.
#[tokio::test]
async fn every_page_of_a_listing_reads_the_declared_problem_shape() {
    let server = MockServer::start().await;
    let next = format!("{}/reports?page=2", server.uri());
    Mock::given(method("GET"))
        .and(path("/reports"))
        .and(query_param("page", "2"))
        .respond_with(problem())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"value":[{{"id":"a"}}],"nextLink":"{next}"}}"#),
            "application/json",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;

    let mut items = client(&server).list_reports().stream();
    let first = items.try_next().await.expect("page 1").expect("one item");
    assert_eq!(first.id, "a");
    let error = items.try_next().await.expect_err("page 2 is a 400");
    assert_eq!(code_and_message(&error), EXPECTED, "a later page");

    let error = client(&server)
        .list_reports_next_page(&next)
        .await
        .expect_err("400");
    assert_eq!(code_and_message(&error), EXPECTED, "one page from a link");

    // The first page itself, through `pages()`.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports"))
        .respond_with(problem())
        .mount(&server)
        .await;
    let mut pages = client(&server).list_reports().pages();
    let error = pages.try_next().await.expect_err("page 1 is a 400");
    assert_eq!(code_and_message(&error), EXPECTED, "the first page");
}
