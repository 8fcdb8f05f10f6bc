//! Error statuses: `Error::Service` with the service's code and message,
//! bodies that do not parse, redirects, transport failures and timeouts.
//! Clients here do not retry (retries are covered in `retries.rs`).

use std::time::Duration;

use crate::common::*;
use acs_chat::types::SendReadReceiptRequest;
use futures::StreamExt;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

type Error = acs_chat::Error;

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

async fn send(client: &acs_chat::Client) -> Result<(), Error> {
    client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(SendReadReceiptRequest {
            chat_message_id: "1591137790240".into(),
        })
        .send()
        .await
        .map(|_| ())
}

async fn list(client: &acs_chat::Client) -> Result<(), Error> {
    client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .map(|_| ())
}

const STATUSES: [(u16, &str, &str); 6] = [
    (401, "Unauthorized", "Request is not authorized."),
    (
        403,
        "Forbidden",
        "User is not allowed to perform specified action.",
    ),
    (429, "TooManyRequests", "Rate limit exceeded."),
    (
        503,
        "ServiceUnavailable",
        "The server is currently unable to handle the request.",
    ),
    (418, "Teapot", "Not listed in the spec."),
    (500, "InternalError", "Not listed either."),
];

#[tokio::test]
async fn error_statuses_decode_into_error_response_for_both_operations() {
    for (status, code, message) in STATUSES {
        let server = server_answering(
            ResponseTemplate::new(status)
                .set_body_json(error_body(code, message))
                .insert_header("x-ms-error-code", code),
        )
        .await;
        let client = client_no_retry(&server);
        for (op, err) in [("send", send(&client).await), ("list", list(&client).await)] {
            let err = err.expect_err("an error status is an error");
            assert_eq!(
                err.status().map(|s| s.as_u16()),
                Some(status),
                "{op} {status}"
            );
            match &err {
                acs_chat::Error::Service(e) => {
                    assert_eq!(e.status().as_u16(), status);
                    assert_eq!(e.code(), Some(code));
                    assert_eq!(e.message(), Some(message));
                    assert_eq!(e.headers()["x-ms-error-code"], code);
                    let decoded: acs_chat::types::CommunicationErrorResponse =
                        e.decode_body().expect("the documented shape decodes");
                    assert_eq!(decoded.error.code, code);
                    assert_eq!(decoded.error.message, message);
                    assert!(decoded.error.details.is_empty());
                }
                other => panic!("{op} {status}: expected Service, got {other}"),
            }
            assert_eq!(err.code(), Some(code));
            assert_eq!(
                err.is_retryable(),
                [429, 500, 503].contains(&status),
                "{op} {status}"
            );
            assert!(err.to_string().contains(code), "{err}");
            assert_error_has_no_token(&err);
        }
    }
}

#[tokio::test]
async fn nested_error_details_decode() {
    let body = serde_json::json!({
        "error": {
            "code": "BadRequest", "message": "Invalid.", "target": "chatMessageId",
            "details": [{ "code": "Inner1", "message": "m1" }],
            "innererror": { "code": "Inner2", "message": "m2" }
        }
    });
    let server = server_answering(ResponseTemplate::new(400).set_body_json(body)).await;
    match send(&client(&server)).await.unwrap_err() {
        acs_chat::Error::Service(e) => {
            assert_eq!(e.code(), Some("BadRequest"));
            assert_eq!(e.message(), Some("Invalid."));
            let rv: acs_chat::types::CommunicationErrorResponse = e.decode_body().unwrap();
            assert_eq!(rv.error.target.as_deref(), Some("chatMessageId"));
            assert_eq!(rv.error.details[0].code, "Inner1");
            assert_eq!(rv.error.innererror.as_ref().unwrap().code, "Inner2");
        }
        other => panic!("expected Service, got {other}"),
    }
    // 400 is not retried.
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn the_first_page_error_ends_a_stream() {
    let server = server_answering(
        ResponseTemplate::new(429)
            .set_body_json(error_body("TooManyRequests", "Rate limit exceeded."))
            .insert_header("retry-after", "7"),
    )
    .await;
    let client = client_no_retry(&server);
    let results: Vec<_> = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .stream()
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    assert_eq!(results.len(), 1);
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    match err {
        acs_chat::Error::Service(e) => {
            assert_eq!(e.headers()["retry-after"], "7");
            assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        }
        other => panic!("expected Service, got {other}"),
    }
    assert_eq!(requests(&server).await.len(), 1);
}

/// Bodies the service has been seen to send, or that a proxy could, which
/// are not a `CommunicationErrorResponse`, with the code and message read
/// from them.
#[allow(clippy::type_complexity)]
const UNPARSEABLE: [(u16, &str, Option<&str>, Option<&str>); 4] = [
    (
        404,
        r#"{"CommunicationError":{"Code":"NotFound","Details":[]}}"#,
        Some("NotFound"),
        None,
    ),
    (
        403,
        r#"{"CommunicationError":{"Code":"Forbidden","Message":"Nope.","Details":[]}}"#,
        Some("Forbidden"),
        Some("Nope."),
    ),
    (503, "", None, None),
    (502, "<html>Bad Gateway</html>", None, None),
];

#[tokio::test]
async fn an_error_body_that_does_not_parse_is_an_error_not_a_panic() {
    for (status, body, code, message) in UNPARSEABLE {
        let server =
            server_answering(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
                .await;
        let client = client_no_retry(&server);
        for err in [send(&client).await, list(&client).await] {
            let err = err.expect_err("an error status is an error");
            let acs_chat::Error::Service(e) = &err else {
                panic!("{status} {body:?}: expected Service, got {err}");
            };
            // The raw body stays available to the caller, code and message
            // read from whichever shape it has.
            assert_eq!(&e.body()[..], body.as_bytes());
            assert!(!e.body_truncated());
            assert_eq!(e.code(), code, "{status} {body:?}");
            assert_eq!(e.message(), message, "{status} {body:?}");
            assert!(
                e.decode_body::<acs_chat::types::CommunicationErrorResponse>()
                    .is_err()
            );
            assert_error_has_no_token(&err);
        }
    }
}

#[tokio::test]
async fn an_error_body_that_does_not_parse_keeps_the_status() {
    for (status, body, ..) in UNPARSEABLE {
        let server =
            server_answering(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
                .await;
        let client = client_no_retry(&server);
        for err in [send(&client).await, list(&client).await] {
            let err = err.expect_err("an error status is an error");
            assert_eq!(
                err.status().map(|s| s.as_u16()),
                Some(status),
                "{status} {body:?}: {err}"
            );
        }
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed_by_the_default_http_client() {
    let other = server_answering(ResponseTemplate::new(200)).await;
    let server = server_answering(
        ResponseTemplate::new(307).insert_header("location", format!("{}/elsewhere", other.uri())),
    )
    .await;
    let err = send(&client(&server)).await.unwrap_err();
    // 3xx is not an error status: the pipeline hands it to decoding, where
    // a status the spec does not describe is a `Decode` error.
    match &err {
        acs_chat::Error::Decode { status, .. } => {
            assert_eq!(status.map(|s| s.as_u16()), Some(307));
        }
        other => panic!("expected Decode, got {other}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    assert!(!err.is_retryable());
    assert_error_has_no_token(&err);
    assert!(requests(&other).await.is_empty());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_the_token() {
    let client = acs_chat::Client::builder(dead_endpoint())
        .token(TOKEN)
        .retry(acs_chat::RetryOptions::none())
        .build()
        .unwrap();
    let err = send(&client).await.unwrap_err();
    assert!(
        matches!(err, acs_chat::Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(err.status().is_none());
    assert!(err.is_retryable());
    assert_error_has_no_token(&err);
}

#[tokio::test]
async fn the_builder_timeout_applies() {
    let server =
        server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let client = acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // The 5 s delay is far below the 30 s per-try default: only the
    // builder's 300 ms limit can make this time out.
    let started = std::time::Instant::now();
    let err = tokio::time::timeout(TEST_TIMEOUT, send(&client))
        .await
        .expect("the call ends")
        .unwrap_err();
    match &err {
        acs_chat::Error::Timeout {
            kind: acs_chat::TimeoutKind::Overall,
            limit,
            attempts: 1,
        } => assert!(
            *limit <= Duration::from_millis(300) && *limit > Duration::from_millis(200),
            "{limit:?}"
        ),
        other => panic!("expected an overall timeout after one attempt, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_error_has_no_token(&err);
}
