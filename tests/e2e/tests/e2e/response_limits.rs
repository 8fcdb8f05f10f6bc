//! The response-size limit: a success body larger than
//! `max_response_size` is an error, not an out-of-memory.

use crate::common::*;
use acs_chat::RetryOptions;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page_of(bytes: usize) -> String {
    let filler = "x".repeat(bytes);
    format!(r#"{{"value":[],"padding":"{filler}"}}"#)
}

async fn list_with_limit(server: &MockServer, limit: usize) -> Result<(), acs_chat::Error> {
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(RetryOptions::none())
        .max_response_size(limit)
        .build()
        .unwrap();
    client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_and_one_under_it_is_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page_of(10_000), "application/json"))
        .mount(&server)
        .await;

    let err = list_with_limit(&server, 1_000).await.unwrap_err();
    match &err {
        acs_chat::Error::ResponseTooLarge { status, limit } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(*limit, 1_000);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert!(
        err.to_string()
            .contains("larger than the limit of 1000 bytes"),
        "{err}"
    );

    list_with_limit(&server, 20_000).await.unwrap();
}

/// A status the spec does not list and that is not an error (a redirect,
/// which the client does not follow) is read within the attempt too: over
/// the limit it is refused the same way, under it a decode error that keeps
/// the status and at most `MAX_ERROR_BODY` bytes of the body.
#[tokio::test]
async fn an_unlisted_redirect_is_bounded_like_a_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "https://elsewhere.example/")
                .set_body_raw("r".repeat(100_000), "text/plain"),
        )
        .mount(&server)
        .await;

    match list_with_limit(&server, 1_000).await.unwrap_err() {
        acs_chat::Error::ResponseTooLarge { status, limit } => {
            assert_eq!((status.as_u16(), limit), (302, 1_000));
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    match list_with_limit(&server, 1_000_000).await.unwrap_err() {
        acs_chat::Error::Decode {
            status,
            message,
            body,
        } => {
            assert_eq!(status.map(|s| s.as_u16()), Some(302));
            assert!(message.contains("not one the spec describes"), "{message}");
            assert_eq!(body.len(), acs_chat::MAX_ERROR_BODY);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "no redirect followed, no retry"
    );
}
