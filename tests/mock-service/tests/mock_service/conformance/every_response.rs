//! Every kind of response the mock sends (successes, each error status,
//! throttling, admin answers), each checked by [`super::check`].

use std::collections::BTreeSet;
use std::time::Duration;

use acs_chat_mock::{
    DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS, Limit, MockService, ThrottleLimits,
    generated_messages, generated_users,
};
use reqwest::Method;

use super::check;
use crate::common::*;

#[tokio::test]
async fn every_response_matches_the_spec() {
    let mock = MockService::builder()
        .fixture(fixture())
        .throttling(false)
        .throttle_limits(ThrottleLimits {
            send_per_user: Limit {
                max: 3,
                window: Duration::from_secs(30),
            },
            ..ThrottleLimits::default()
        })
        .start()
        .await
        .unwrap();
    let base = mock.base_url().to_string();
    let c = raw_client();
    let user = DEMO_USERS[0];
    let token = mock.token_for(user, HOUR);
    let small_users = generated_users(20);
    let small_token = mock.token_for(&small_users[0], HOUR);
    let big_token = mock.token_for(&generated_users(250)[249], HOUR);
    let demo = |q: &str| receipts_url(&base, DEMO_THREAD_ID, q);
    let v = "api-version=2025-03-15";
    let json = |s: &str| Some(("application/json", s.as_bytes().to_vec()));
    let body = |m: &str| json(&format!(r#"{{"chatMessageId":"{m}"}}"#));
    let other_secret = acs_chat_mock::token::sign(b"not the mock's secret", user, 3600);

    // Fill the small thread so that it pages.
    for (i, u) in small_users.iter().enumerate() {
        let t = mock.token_for(u, HOUR);
        let r = raw(
            &c,
            Method::POST,
            &receipts_url(&base, SMALL_THREAD, v),
            Some(&t),
            body(&generated_messages(30)[i]),
        )
        .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }

    type Case<'a> = (
        &'a str,
        Method,
        String,
        Option<&'a str>,
        Option<(&'a str, Vec<u8>)>,
        u16,
        &'a str,
    );
    let long_id = "x".repeat(300);
    let expired = mock.expired_token_for(user);
    let outsider = mock.token_for(OUTSIDER, HOUR);
    let cases: Vec<Case> = vec![
        (
            "send",
            Method::POST,
            demo(v),
            Some(&token),
            body(DEMO_MESSAGES[1]),
            200,
            "",
        ),
        (
            "send again (kept)",
            Method::POST,
            demo(v),
            Some(&token),
            body(DEMO_MESSAGES[0]),
            200,
            "",
        ),
        ("list", Method::GET, demo(v), Some(&token), None, 200, ""),
        (
            "list preview",
            Method::GET,
            demo("api-version=2024-03-15-preview"),
            Some(&token),
            None,
            200,
            "",
        ),
        (
            "list page",
            Method::GET,
            receipts_url(&base, SMALL_THREAD, &format!("maxPageSize=3&{v}")),
            Some(&small_token),
            None,
            200,
            "",
        ),
        (
            "list last page",
            Method::GET,
            receipts_url(&base, SMALL_THREAD, &format!("skip=18&maxPageSize=3&{v}")),
            Some(&small_token),
            None,
            200,
            "",
        ),
        (
            "list past the end",
            Method::GET,
            receipts_url(&base, SMALL_THREAD, &format!("skip=500&{v}")),
            Some(&small_token),
            None,
            200,
            "",
        ),
        (
            "list big thread",
            Method::GET,
            receipts_url(&base, BIG_THREAD, v),
            Some(&big_token),
            None,
            200,
            "",
        ),
        (
            "max page size 200",
            Method::GET,
            demo(&format!("maxPageSize=200&{v}")),
            Some(&token),
            None,
            200,
            "",
        ),
        (
            "no api-version",
            Method::GET,
            demo(""),
            Some(&token),
            None,
            400,
            "MissingApiVersionParameter",
        ),
        (
            "empty api-version",
            Method::GET,
            demo("api-version="),
            Some(&token),
            None,
            400,
            "MissingApiVersionParameter",
        ),
        (
            "unknown api-version",
            Method::POST,
            demo("api-version=2019-01-01"),
            Some(&token),
            body(DEMO_MESSAGES[1]),
            400,
            "UnsupportedApiVersion",
        ),
        (
            "api-version twice",
            Method::GET,
            demo(&format!("{v}&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "maxPageSize 0",
            Method::GET,
            demo(&format!("maxPageSize=0&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "maxPageSize 201",
            Method::GET,
            demo(&format!("maxPageSize=201&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "maxPageSize text",
            Method::GET,
            demo(&format!("maxPageSize=ten&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "maxPageSize huge",
            Method::GET,
            demo(&format!("maxPageSize=99999999999&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "skip negative",
            Method::GET,
            demo(&format!("skip=-1&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "skip fraction",
            Method::GET,
            demo(&format!("skip=1.5&{v}")),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "invalid JSON",
            Method::POST,
            demo(v),
            Some(&token),
            json("{\"chatMessageId\":"),
            400,
            "InvalidRequestBody",
        ),
        (
            "empty body",
            Method::POST,
            demo(v),
            Some(&token),
            json(""),
            400,
            "InvalidRequestBody",
        ),
        (
            "non-UTF-8 body",
            Method::POST,
            demo(v),
            Some(&token),
            Some(("application/json", vec![b'{', 0xff, 0xfe, b'}'])),
            400,
            "InvalidRequestBody",
        ),
        (
            "array body",
            Method::POST,
            demo(v),
            Some(&token),
            json("[1,2]"),
            400,
            "InvalidRequestBody",
        ),
        (
            "no chatMessageId",
            Method::POST,
            demo(v),
            Some(&token),
            json("{}"),
            400,
            "InvalidRequestBody",
        ),
        (
            "empty chatMessageId",
            Method::POST,
            demo(v),
            Some(&token),
            json(r#"{"chatMessageId":""}"#),
            400,
            "InvalidRequestBody",
        ),
        (
            "numeric chatMessageId",
            Method::POST,
            demo(v),
            Some(&token),
            json(r#"{"chatMessageId":1591137790240}"#),
            400,
            "InvalidRequestBody",
        ),
        (
            "unknown message",
            Method::POST,
            demo(v),
            Some(&token),
            body("1"),
            400,
            "InvalidChatMessageId",
        ),
        (
            "bad percent-encoding",
            Method::GET,
            format!("{base}/chat/threads/19%3Zdemo/readReceipts?{v}"),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "truncated percent-encoding",
            Method::GET,
            format!("{base}/chat/threads/19%3/readReceipts?{v}"),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "non-UTF-8 thread id",
            Method::GET,
            format!("{base}/chat/threads/19%FF%FE/readReceipts?{v}"),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "control character in thread id",
            Method::GET,
            format!("{base}/chat/threads/19%0A/readReceipts?{v}"),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "very long thread id",
            Method::GET,
            receipts_url(&base, &long_id, v),
            Some(&token),
            None,
            400,
            "InvalidParameter",
        ),
        (
            "no token",
            Method::GET,
            demo(v),
            None,
            None,
            401,
            "Unauthorized",
        ),
        (
            "garbage token",
            Method::GET,
            demo(v),
            Some("not-a-jwt"),
            None,
            401,
            "Unauthorized",
        ),
        (
            "token of another key",
            Method::GET,
            demo(v),
            Some(&other_secret),
            None,
            401,
            "Unauthorized",
        ),
        (
            "expired token",
            Method::POST,
            demo(v),
            Some(&expired),
            body(DEMO_MESSAGES[1]),
            401,
            "Unauthorized",
        ),
        (
            "not a participant",
            Method::GET,
            demo(v),
            Some(&outsider),
            None,
            403,
            "Forbidden",
        ),
        (
            "not a participant sends",
            Method::POST,
            demo(v),
            Some(&outsider),
            body(DEMO_MESSAGES[1]),
            403,
            "Forbidden",
        ),
        (
            "unknown thread",
            Method::GET,
            receipts_url(&base, "19:nope@thread.v2", v),
            Some(&token),
            None,
            404,
            "NotFound",
        ),
        (
            "unknown thread send",
            Method::POST,
            receipts_url(&base, "19:nope@thread.v2", v),
            Some(&token),
            body("1"),
            404,
            "NotFound",
        ),
        (
            "other path",
            Method::GET,
            format!("{base}/chat/threads?{v}"),
            Some(&token),
            None,
            404,
            "NotFound",
        ),
        (
            "trailing slash",
            Method::GET,
            format!("{base}/chat/threads/19%3Ademo%40thread.v2/readReceipts/?{v}"),
            Some(&token),
            None,
            404,
            "NotFound",
        ),
        (
            "root",
            Method::GET,
            format!("{base}/"),
            None,
            None,
            404,
            "NotFound",
        ),
        (
            "PUT",
            Method::PUT,
            demo(v),
            Some(&token),
            body(DEMO_MESSAGES[1]),
            405,
            "MethodNotAllowed",
        ),
        (
            "DELETE",
            Method::DELETE,
            demo(v),
            Some(&token),
            None,
            405,
            "MethodNotAllowed",
        ),
        (
            "huge body",
            Method::POST,
            demo(v),
            Some(&token),
            Some(("application/json", vec![b' '; 70 * 1024])),
            413,
            "RequestEntityTooLarge",
        ),
        (
            "not JSON content type",
            Method::POST,
            demo(v),
            Some(&token),
            Some(("text/plain", b"hello".to_vec())),
            415,
            "UnsupportedMediaType",
        ),
    ];
    let mut statuses = BTreeSet::new();
    let user2 = mock.token_for(DEMO_USERS[2], HOUR);
    let throttled: Vec<Case> = vec![
        (
            "send 1 (throttle budget 3)",
            Method::POST,
            demo(v),
            Some(&user2),
            body(DEMO_MESSAGES[0]),
            200,
            "",
        ),
        (
            "send 2",
            Method::POST,
            demo(v),
            Some(&user2),
            body(DEMO_MESSAGES[1]),
            200,
            "",
        ),
        (
            "send 3",
            Method::POST,
            demo(v),
            Some(&user2),
            body(DEMO_MESSAGES[2]),
            200,
            "",
        ),
        (
            "send 4: throttled",
            Method::POST,
            demo(v),
            Some(&user2),
            body(DEMO_MESSAGES[3]),
            429,
            "TooManyRequests",
        ),
    ];
    for (what, method, url, token, body, status, code) in cases.into_iter().chain(throttled) {
        if what.starts_with("send 1 (") {
            mock.set_throttling(true);
        }
        let r = raw(&c, method.clone(), &url, token, body).await;
        assert_eq!(
            r.status,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
        if !code.is_empty() {
            assert_eq!(r.code(), code, "{what}");
        }
        check(&mock, what, &r, &method);
        statuses.insert(r.status);
    }

    // Injected faults: 503, 429 with and without Retry-After, 500, 408.
    mock.fail_next(1, 503);
    mock.throttle_next(1, Some(7));
    mock.throttle_next(1, None);
    mock.fail_next(1, 500);
    mock.fail_next(1, 408);
    for (status, code) in [
        (503, "ServiceUnavailable"),
        (429, "TooManyRequests"),
        (429, "TooManyRequests"),
        (500, "InternalError"),
        (408, "RequestTimeout"),
    ] {
        let r = raw(&c, Method::GET, &demo(v), Some(&token), None).await;
        assert_eq!((r.status, r.code().as_str()), (status, code));
        assert!(r.header("ms-cv").is_some());
        assert_matches_schema("CommunicationErrorResponse", &r.json());
        statuses.insert(status);
    }
    let expected: BTreeSet<u16> =
        [200, 400, 401, 403, 404, 405, 408, 413, 415, 429, 500, 503].into();
    assert_eq!(statuses, expected);

    // The receipt for the older message did not move the user's receipt back.
    let stored = mock.receipts(DEMO_THREAD_ID).unwrap();
    let mine = stored.iter().find(|r| r.user == user).unwrap();
    assert_eq!(mine.chat_message_id, DEMO_MESSAGES[1]);
    mock.shutdown().await;
}
