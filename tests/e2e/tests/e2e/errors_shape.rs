//! What `Error::Service` exposes: code and message from either body shape
//! the service uses or from `x-ms-error-code`, correlation headers, and
//! the raw body whatever it is.

use std::time::Duration;

use crate::common::*;
use wiremock::ResponseTemplate;

/// The service error of one `list` call (no retries) answered by `answer`.
async fn service_error(answer: ResponseTemplate) -> (acs_chat::Error, acs_chat::ServiceError) {
    let server = server_with(answer).await;
    let err = list_page(&client_no_retry(&server)).await.unwrap_err();
    assert_error_has_no_token(&err);
    let service = err
        .service_error()
        .unwrap_or_else(|| panic!("expected Service, got {err:?}"))
        .clone();
    (err, service)
}

#[tokio::test]
async fn the_documented_shape_gives_code_and_message() {
    let (err, e) = service_error(
        ResponseTemplate::new(403).set_body_json(error_body("Forbidden", "User is not allowed.")),
    )
    .await;
    assert_eq!(e.status().as_u16(), 403);
    assert_eq!(e.code(), Some("Forbidden"));
    assert_eq!(err.code(), Some("Forbidden"));
    assert_eq!(e.message(), Some("User is not allowed."));
    let shown = err.to_string();
    assert!(
        shown.contains("403")
            && shown.contains("Forbidden")
            && shown.contains("User is not allowed."),
        "{shown}"
    );
    let decoded: acs_chat::types::CommunicationErrorResponse = e.decode_body().unwrap();
    assert_eq!(decoded.error.code, "Forbidden");
}

#[tokio::test]
async fn the_communication_error_shape_gives_code_and_message() {
    let (err, e) = service_error(ResponseTemplate::new(404).set_body_raw(
        r#"{"CommunicationError":{"Code":"NotFound","Message":"Thread not found.","Details":[]}}"#,
        "application/json",
    ))
    .await;
    assert_eq!(e.status().as_u16(), 404);
    assert_eq!(e.code(), Some("NotFound"));
    assert_eq!(e.message(), Some("Thread not found."));
    assert!(err.to_string().contains("NotFound"), "{err}");
    // It is not the spec's shape.
    assert!(
        e.decode_body::<acs_chat::types::CommunicationErrorResponse>()
            .is_err()
    );
    let raw: serde_json::Value = e.decode_body().unwrap();
    assert_eq!(raw["CommunicationError"]["Code"], "NotFound");
}

#[tokio::test]
async fn the_x_ms_error_code_header_wins_over_the_body() {
    for body in [
        error_body("BodyCode", "From the body."),
        serde_json::json!({ "CommunicationError": { "Code": "BodyCode", "Message": "From the body." } }),
    ] {
        let (err, e) = service_error(
            ResponseTemplate::new(409)
                .set_body_json(&body)
                .insert_header("x-ms-error-code", "HeaderCode"),
        )
        .await;
        assert_eq!(e.code(), Some("HeaderCode"), "{body}");
        assert_eq!(err.code(), Some("HeaderCode"));
        // The message still comes from the body.
        assert_eq!(e.message(), Some("From the body."), "{body}");
    }
    // A header and no body at all.
    let (_, e) =
        service_error(ResponseTemplate::new(401).insert_header("x-ms-error-code", "Unauthorized"))
            .await;
    assert_eq!(e.code(), Some("Unauthorized"));
    assert_eq!(e.message(), None);
    assert!(e.body().is_empty());
}

#[tokio::test]
async fn no_code_anywhere_is_none() {
    let (err, e) = service_error(
        ResponseTemplate::new(400).set_body_json(serde_json::json!({ "message": "?" })),
    )
    .await;
    assert_eq!(e.code(), None);
    assert_eq!(e.message(), None);
    assert_eq!(err.code(), None);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn ms_cv_and_other_headers_are_exposed() {
    let (_, e) = service_error(
        ResponseTemplate::new(403)
            .set_body_json(error_body("Forbidden", "No."))
            .insert_header("MS-CV", "ZzKv3JIcYkScYcoHu5Fv8g.0")
            .insert_header("x-processing-time", "12ms")
            .insert_header("api-supported-versions", "2021-09-07, 2025-03-15"),
    )
    .await;
    assert_eq!(e.ms_cv(), Some("ZzKv3JIcYkScYcoHu5Fv8g.0"));
    assert_eq!(e.headers()["x-processing-time"], "12ms");
    assert_eq!(
        e.headers()["api-supported-versions"],
        "2021-09-07, 2025-03-15"
    );
    assert_eq!(e.client_request_id(), None, "not echoed here");
    assert_eq!(e.retry_after(), None);
    let (_, e) = service_error(ResponseTemplate::new(403)).await;
    assert_eq!(e.ms_cv(), None);
}

#[tokio::test]
async fn an_html_body_is_kept_raw_with_the_status() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for status in [502, 404] {
        let (err, e) =
            service_error(ResponseTemplate::new(status).set_body_raw(html, "text/html")).await;
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(e.status().as_u16(), status);
        assert_eq!(&e.body()[..], html.as_bytes());
        assert_eq!(e.headers()["content-type"], "text/html");
        assert!(!e.body_truncated());
        assert_eq!(e.code(), None);
        assert_eq!(e.message(), None);
        assert!(e.decode_body::<serde_json::Value>().is_err());
        assert!(format!("{err:?}").contains("502 Bad Gateway"), "{err:?}");
    }
}

#[tokio::test]
async fn a_huge_error_body_is_cut_at_max_error_body() {
    let body = format!(
        r#"{{"error":{{"code":"Big","message":"{}"}}}}"#,
        "x".repeat(acs_chat::MAX_ERROR_BODY * 2)
    );
    let (err, e) =
        service_error(ResponseTemplate::new(400).set_body_raw(body.clone(), "application/json"))
            .await;
    assert!(e.body_truncated());
    assert_eq!(e.body().len(), acs_chat::MAX_ERROR_BODY);
    assert_eq!(&e.body()[..], &body.as_bytes()[..acs_chat::MAX_ERROR_BODY]);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    // Cut JSON does not parse: no code from the body.
    assert_eq!(e.code(), None);
}

#[tokio::test]
async fn a_final_retried_error_keeps_its_shape() {
    // The last of several retried answers is the one reported, fully read.
    let answers = Sequence::new(vec![
        ResponseTemplate::new(503).set_body_json(error_body("First", "one")),
        ResponseTemplate::new(503)
            .set_body_raw(
                r#"{"CommunicationError":{"Code":"Last","Message":"two"}}"#,
                "application/json",
            )
            .insert_header("MS-CV", "cv-last"),
    ]);
    let server = server_with(answers.clone()).await;
    let err = list_page(&client_fast_retry(&server, 1)).await.unwrap_err();
    assert_eq!(answers.count(), 2);
    let e = err.service_error().unwrap();
    assert_eq!(e.code(), Some("Last"));
    assert_eq!(e.message(), Some("two"));
    assert_eq!(e.ms_cv(), Some("cv-last"));
}

#[tokio::test]
async fn a_stalled_error_body_ends_within_the_per_try_limit() {
    let body = r#"{"error":{"code":"Slow","message":"..."}}"#;
    let (endpoint, count) =
        raw_server(move |_, _| RawAnswer::http(400, body, 10, Duration::from_secs(3)));
    let client = acs_chat::Client::builder(endpoint)
        .token(TOKEN)
        .retry(fast_retry(2))
        .per_try_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the call ends")
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]

async fn an_error_body_cut_by_the_time_limit_is_flagged() {
    let body = r#"{"error":{"code":"Slow","message":"..."}}"#;
    let (endpoint, _) =
        raw_server(move |_, _| RawAnswer::http(400, body, 10, Duration::from_secs(3)));
    let client = acs_chat::Client::builder(endpoint)
        .token(TOKEN)
        .retry(acs_chat::RetryOptions::none())
        .per_try_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the call ends")
        .unwrap_err();
    let e = err.service_error().expect("a service error");
    assert!(
        e.body_truncated() || &e.body()[..] == body.as_bytes(),
        "partial body not flagged: {e:?}"
    );
}
