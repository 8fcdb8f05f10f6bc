//! Servers that echo the token back (in an error body, in `x-ms-error-code`
//! and other headers, in a success body of the wrong type, in a next link)
//! and servers that send huge error text: no text the client builds from
//! what they sent (errors' `Display` and `Debug`, codes, messages, headers
//! and bodies kept on errors, log lines) holds the token, and all of it is
//! bounded in size.

use crate::common::*;
use futures::StreamExt;
use wiremock::{Request, Respond, ResponseTemplate};

/// A token no other text in these tests contains.
const LOUD_TOKEN: &str = "tkn-Reflect-4f1c9-distinctive";

/// Answers with `status`, putting the request's own `Authorization` value
/// (and the bare token) wherever `body` says `{auth}` / `{token}`, and in
/// every header the service sends text in.
struct Echo {
    status: u16,
    body: &'static str,
}

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let auth = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let token = auth.trim_start_matches("Bearer ").to_string();
        let body = self
            .body
            .replace("{auth}", &auth)
            .replace("{token}", &token);
        ResponseTemplate::new(self.status)
            .insert_header("content-type", "application/json")
            .insert_header("x-ms-error-code", token.as_str())
            .insert_header("ms-cv", token.as_str())
            .insert_header("x-ms-client-request-id", token.as_str())
            .insert_header("www-authenticate", auth.as_str())
            .set_body_string(body)
    }
}

fn client(endpoint: &str) -> acs_chat::Client {
    acs_chat::Client::builder(endpoint)
        .token(LOUD_TOKEN)
        .retry(fast_retry(1))
        .build()
        .unwrap()
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(LOUD_TOKEN),
        "the token leaked into {what}:\n{text}"
    );
}

/// Every text an error offers.
fn assert_error_clean(err: &acs_chat::Error) {
    assert_clean("Display", &err.to_string());
    assert_clean("Debug", &format!("{err:?}"));
    assert_clean("code", err.code().unwrap_or(""));
    if let Some(service) = err.service_error() {
        assert_clean("message", service.message().unwrap_or(""));
        assert_clean("request id", service.client_request_id().unwrap_or(""));
        assert_clean("MS-CV", service.ms_cv().unwrap_or(""));
        assert_clean("body", &String::from_utf8_lossy(service.body()));
        for (name, value) in service.headers() {
            assert_clean(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
        }
    }
    if let acs_chat::Error::Decode { message, body, .. } = err {
        assert_clean("decode message", message);
        assert_clean("decode body", &String::from_utf8_lossy(body));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_error_response_echoing_the_token_everywhere_shows_it_nowhere() {
    for status in [401, 403, 503] {
        let server = server_with(Echo {
            status,
            body: r#"{"error":{"code":"{token}","message":"{auth} is not valid for {token}"}}"#,
        })
        .await;
        let logs = LogBuffer::default();
        let guard = capture_logs(&logs);
        let err = list_page(&client(&server.uri())).await.unwrap_err();
        drop(guard);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_error_clean(&err);
        assert!(err.to_string().contains("<redacted>"), "{err}");
        let logs = logs.text();
        assert!(logs.contains("acs_chat.attempt"), "logging was on: {logs}");
        assert_clean("the logs", &logs);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_success_body_of_the_wrong_type_echoing_the_token_shows_it_nowhere() {
    for body in [
        r#"{"value":"{auth}"}"#,
        r#"{"value":[{"chatMessageId":{"{token}":1}}]}"#,
        r#"{"value":[], "nextLink": 7, "{token}": "{token}"#,
        // JSON escapes: the raw bytes do not hold the token, the text decoded
        // from them does.
        r#"{"value":"\u0074kn-Reflect-4f1c9-distinctive"}"#,
    ] {
        let server = server_with(Echo { status: 200, body }).await;
        let logs = LogBuffer::default();
        let guard = capture_logs(&logs);
        let err = list_page(&client(&server.uri())).await.unwrap_err();
        drop(guard);
        assert!(
            matches!(err, acs_chat::Error::Decode { .. }),
            "{body}: {err:?}"
        );
        assert_error_clean(&err);
        let logs = logs.text();
        assert_clean("the logs", &logs);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_next_link_carrying_the_token_in_its_path_shows_it_nowhere() {
    let server = wiremock::MockServer::start().await;
    let other = format!(
        "http://localhost:{}/chat/{LOUD_TOKEN}/readReceipts?skip=2",
        server.address().port()
    );
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "value": [], "nextLink": other })),
        )
        .mount(&server)
        .await;
    let logs = LogBuffer::default();
    let guard = capture_logs(&logs);
    let results: Vec<_> = client(&server.uri())
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .pages()
        .collect()
        .await;
    drop(guard);
    let err = results.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err:?}");
    assert_error_clean(err);
    let logs = logs.text();
    assert_clean("the logs", &logs);
}

/// 16 MiB of `x`.
fn huge() -> String {
    "x".repeat(16 * 1024 * 1024 - 64)
}

#[tokio::test]
async fn a_16_mib_success_body_of_the_wrong_type_gives_a_small_error() {
    let body = format!(r#"{{"value":"{}"}}"#, huge());
    let server = server_with(ResponseTemplate::new(200).set_body_string(body)).await;
    let err = list_page(&client_no_retry(&server)).await.unwrap_err();
    let acs_chat::Error::Decode { message, body, .. } = &err else {
        panic!("{err}")
    };
    assert!(message.len() <= 2048, "message of {} bytes", message.len());
    assert!(
        body.len() <= acs_chat::MAX_ERROR_BODY,
        "body of {} bytes",
        body.len()
    );
    let debug = format!("{err:?}");
    let display = err.to_string();
    assert!(debug.len() <= 8 * 1024, "Debug of {} bytes", debug.len());
    assert!(
        display.len() <= 4 * 1024,
        "Display of {} bytes",
        display.len()
    );
}

#[tokio::test]
async fn huge_error_codes_messages_and_bodies_give_a_small_error() {
    let message = "m".repeat(1024 * 1024);
    let server = server_with(
        ResponseTemplate::new(400)
            .insert_header("x-ms-error-code", "c".repeat(60 * 1024).as_str())
            .set_body_json(serde_json::json!({ "error": { "code": "x", "message": message } })),
    )
    .await;
    let err = list_page(&client_no_retry(&server)).await.unwrap_err();
    let service = err.service_error().expect("a service error");
    assert!(service.body_truncated());
    assert!(service.code().unwrap().len() <= 2048);
    let debug = format!("{err:?}");
    let display = err.to_string();
    assert!(debug.len() <= 8 * 1024, "Debug of {} bytes", debug.len());
    assert!(
        display.len() <= 4 * 1024,
        "Display of {} bytes",
        display.len()
    );
}
