//! Every kind of response the mock sends, checked against the spec's
//! schemas and the documented headers (`check` below, every response in
//! [`every_response`]); paging; bad input of every kind; shutdown.

mod every_response;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::common::*;
use acs_chat_mock::{
    DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS, MockService, RunningMock, generated_messages,
    generated_users,
};
use reqwest::Method;
use serde_json::Value;

/// Checks what every response must have, and the body against the spec.
pub(super) fn check(mock: &RunningMock, what: &str, r: &Raw, method: &Method) {
    assert!(
        r.header("ms-cv").is_some_and(|v| !v.is_empty()),
        "{what}: MS-CV"
    );
    assert!(
        r.header("api-supported-versions")
            .is_some_and(|v| v.contains("2025-03-15") && v.contains("2024-03-15-preview")),
        "{what}: api-supported-versions"
    );
    assert_eq!(
        r.header("x-ms-client-request-id"),
        Some("test-request-id"),
        "{what}: request id echoed"
    );
    match (r.status, method) {
        (200, &Method::POST) => {
            assert!(r.body.is_empty(), "{what}: empty body");
            assert_eq!(r.header("content-length"), Some("0"), "{what}");
        }
        (200, _) => {
            assert!(
                r.header("content-type")
                    .unwrap()
                    .starts_with("application/json")
            );
            let page = r.json();
            assert_matches_schema("ChatMessageReadReceiptsCollection", &page);
            for item in page["value"].as_array().unwrap() {
                let id = &item["senderCommunicationIdentifier"];
                assert!(id.get("kind").is_none(), "no kind, as the live service");
                assert_eq!(id["rawId"], id["communicationUser"]["id"]);
                let read_on = item["readOn"].as_str().unwrap();
                let parsed = chrono_like_rfc3339_whole_seconds(read_on);
                assert!(
                    parsed,
                    "{what}: readOn {read_on} is RFC 3339 with whole seconds"
                );
                assert!(
                    item["chatMessageId"]
                        .as_str()
                        .unwrap()
                        .parse::<u64>()
                        .is_ok()
                );
            }
            if let Some(link) = page.get("nextLink") {
                let link = link.as_str().unwrap();
                assert!(link.starts_with(mock.base_url()), "{what}: {link}");
                for part in ["skip=", "maxPageSize=", "api-version="] {
                    assert!(link.contains(part), "{what}: {link} has {part}");
                }
            }
        }
        (status, _) => {
            assert!((400..600).contains(&status), "{what}: {status}");
            assert!(
                r.header("content-type")
                    .is_some_and(|v| v.starts_with("application/json")),
                "{what}: JSON error"
            );
            let body = r.json();
            assert_matches_schema("CommunicationErrorResponse", &body);
            assert!(!body["error"]["message"].as_str().unwrap().is_empty());
            if status == 429 {
                let secs: u64 = r.header("retry-after").unwrap().parse().unwrap();
                assert!(secs >= 1, "{what}");
            }
        }
    }
}

pub(super) fn chrono_like_rfc3339_whole_seconds(s: &str) -> bool {
    // yyyy-mm-ddThh:mm:ssZ
    s.len() == 20
        && s.ends_with('Z')
        && s.as_bytes()[10] == b'T'
        && s[..4].parse::<u32>().is_ok()
        && s[17..19].parse::<u32>().is_ok()
}

#[tokio::test]
async fn paging_follows_the_documented_rules() {
    let mock = start(false).await;
    let base = mock.base_url().to_string();
    let c = raw_client();
    let users = generated_users(20);
    let messages = generated_messages(30);
    for (i, u) in users.iter().enumerate() {
        let t = mock.token_for(u, HOUR);
        let r = raw(
            &c,
            Method::POST,
            &receipts_url(&base, SMALL_THREAD, "api-version=2025-03-15"),
            Some(&t),
            Some((
                "application/json",
                format!(r#"{{"chatMessageId":"{}"}}"#, messages[i]).into_bytes(),
            )),
        )
        .await;
        assert_eq!(r.status, 200);
    }
    let token = mock.token_for(&users[3], HOUR);
    // Default page size (100) holds all 20: one page, no nextLink.
    let r = raw(
        &c,
        Method::GET,
        &receipts_url(&base, SMALL_THREAD, "api-version=2025-03-15"),
        Some(&token),
        None,
    )
    .await;
    let page = r.json();
    assert_eq!(page["value"].as_array().unwrap().len(), 20);
    assert!(page.get("nextLink").is_none());
    // Pages of 7: follow nextLink exactly as given.
    let mut url = receipts_url(
        &base,
        SMALL_THREAD,
        "maxPageSize=7&api-version=2024-03-15-preview",
    );
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let r = raw(&c, Method::GET, &url, Some(&token), None).await;
        assert_eq!(r.status, 200);
        let page = r.json();
        pages += 1;
        for item in page["value"].as_array().unwrap() {
            seen.push(
                item["senderCommunicationIdentifier"]["rawId"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        match page.get("nextLink") {
            Some(Value::String(link)) => {
                assert!(link.contains("api-version=2024-03-15-preview"), "{link}");
                assert!(
                    link.contains("%3A") && link.contains("%40"),
                    "thread id encoded: {link}"
                );
                url = link.clone();
            }
            Some(other) => panic!("nextLink {other}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut sorted = users.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "every receipt once, ordered by user id");
    mock.shutdown().await;
}

/// Raw bytes over TCP, for requests no HTTP client would send.
fn raw_tcp(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request).unwrap();
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_never_breaks_the_service_or_loses_receipts() {
    let mock = start(false).await;
    let base = mock.base_url().to_string();
    let c = raw_client();
    let user = DEMO_USERS[0];
    let token = mock.token_for(user, HOUR);
    let url = receipts_url(&base, DEMO_THREAD_ID, "api-version=2025-03-15");
    let r = raw(
        &c,
        Method::POST,
        &url,
        Some(&token),
        Some((
            "application/json",
            format!(r#"{{"chatMessageId":"{}"}}"#, DEMO_MESSAGES[3]).into_bytes(),
        )),
    )
    .await;
    assert_eq!(r.status, 200);
    let before = mock.receipts(DEMO_THREAD_ID).unwrap();

    let addr = mock.addr();
    let auth = format!("Authorization: Bearer {token}\r\n");
    let garbage: Vec<Vec<u8>> = vec![
        b"GET /chat/threads/19%3Ademo%40thread.v2/readReceipts?api-version=2025-03-15&maxPageSize=%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        format!("POST /chat/threads/19%3Ademo%40thread.v2/readReceipts?api-version=2025-03-15 HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{{\"chatMes").into_bytes(),
        format!("POST /chat/threads/19%3Ademo%40thread.v2/readReceipts?api-version=2025-03-15 HTTP/1.1\r\nHost: x\r\n{auth}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n").into_bytes(),
        format!("POST /chat/threads/19%3Ademo%40thread.v2/readReceipts?api-version=2025-03-15 HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: 99999999999\r\nConnection: close\r\n\r\n").into_bytes(),
        format!("GET /chat/threads/{}/readReceipts?api-version=2025-03-15 HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n", "%41".repeat(5000)).into_bytes(),
        b"GET /chat/threads/\xff\xfe/readReceipts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03".to_vec(),
        b"GET / HTTP/1.1\r\nAuthorization: Bearer \xff\xfe\r\nConnection: close\r\n\r\n".to_vec(),
        b"BREW /chat HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec(),
    ];
    let handles: Vec<_> = garbage
        .into_iter()
        .map(|g| tokio::task::spawn_blocking(move || raw_tcp(addr, &g)))
        .collect();
    for h in handles {
        let answer = h.await.unwrap();
        // Either hyper refused it (4xx) or the mock did, with an error body.
        if let Some(status) = answer.split_whitespace().nth(1) {
            let status: u16 = status.parse().unwrap_or(0);
            assert!((400..500).contains(&status), "{answer}");
            if answer.contains("ms-cv") {
                assert!(answer.contains("{\"error\":{\"code\":"), "{answer}");
            }
        }
    }
    // Still serving, nothing lost.
    let r = raw(&c, Method::GET, &url, Some(&token), None).await;
    assert_eq!(r.status, 200);
    assert_eq!(mock.receipts(DEMO_THREAD_ID).unwrap(), before);
    mock.shutdown().await;
}

#[tokio::test]
async fn admin_endpoints_and_faults_over_http() {
    let mock = start(false).await;
    let base = mock.base_url().to_string();
    let c = admin_client();
    let url = receipts_url(&base, DEMO_THREAD_ID, "api-version=2025-03-15");
    let token = mock.token_for(DEMO_USERS[0], HOUR);
    let post = |path: &str, body: &str| {
        c.post(format!("{base}{path}"))
            .body(body.to_string())
            .send()
    };
    assert_eq!(
        post(
            "/_mock/faults",
            r#"{"fault":"status","status":503,"retryAfter":2,"count":2}"#
        )
        .await
        .unwrap()
        .status(),
        200
    );
    assert_eq!(
        post("/_mock/faults", r#"{"fault":"drop"}"#)
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        post("/_mock/faults", r#"{"fault":"delay","delayMs":200}"#)
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        post("/_mock/faults", r#"{"fault":"explode"}"#)
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(mock.pending_faults(), 4);
    for _ in 0..2 {
        let r = raw(&c, Method::GET, &url, Some(&token), None).await;
        assert_eq!((r.status, r.header("retry-after")), (503, Some("2")));
    }
    let dropped = c.get(&url).bearer_auth(&token).send().await;
    assert!(dropped.is_err(), "connection closed without an answer");
    let started = Instant::now();
    let r = raw(&c, Method::GET, &url, Some(&token), None).await;
    assert_eq!(r.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(mock.count_status(None), 1);

    // Token, throttling switch, state inspection.
    let t: Value = c
        .post(format!("{base}/_mock/token?user=8:acs:x&ttl=60"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        acs_chat_mock::token::verify(mock.secret(), t["token"].as_str().unwrap()).unwrap(),
        "8:acs:x"
    );
    let r = c
        .put(format!("{base}/_mock/throttling"))
        .body(r#"{"enabled":true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let receipts: Value = c
        .get(format!(
            "{base}/_mock/threads/19%3Ademo%40thread.v2/receipts"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(receipts.as_array().unwrap().len(), 1);
    let r = c
        .get(format!("{base}/_mock/threads/nope/receipts"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = c.get(format!("{base}/_mock/nothing")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    mock.shutdown().await;
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight() {
    let mock = start(false).await;
    let url = receipts_url(mock.base_url(), DEMO_THREAD_ID, "api-version=2025-03-15");
    let token = mock.token_for(DEMO_USERS[0], HOUR);
    let addr = mock.addr();
    mock.delay_next(1, Duration::from_millis(600));
    let c = raw_client();
    let in_flight = tokio::spawn({
        let (c, url, token) = (c.clone(), url.clone(), token.clone());
        async move { raw(&c, Method::GET, &url, Some(&token), None).await }
    });
    // The delay fault is taken when the request arrives.
    while mock.pending_faults() > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = Instant::now();
    mock.shutdown().await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "waited for the request"
    );
    assert_eq!(in_flight.await.unwrap().status, 200);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no longer listening"
    );
}

#[tokio::test]
async fn bad_fixtures_are_refused() {
    use acs_chat_mock::{Fixture, ThreadFixture};
    let bad = [
        Fixture::empty().with_thread(ThreadFixture::new("")),
        Fixture::empty().with_thread(ThreadFixture::new("t").participants(["a", "a"])),
        Fixture::empty().with_thread(ThreadFixture::new("t").participants(generated_users(251))),
        Fixture::empty().with_thread(
            ThreadFixture::new("t")
                .participants(["a"])
                .messages(["1"])
                .receipt("b", "1"),
        ),
        Fixture::empty().with_thread(
            ThreadFixture::new("t")
                .participants(["a"])
                .messages(["1"])
                .receipt("a", "2"),
        ),
        Fixture::empty()
            .with_thread(ThreadFixture::new("t"))
            .with_thread(ThreadFixture::new("t")),
    ];
    for f in bad {
        assert!(
            MockService::builder()
                .fixture(f.clone())
                .start()
                .await
                .is_err(),
            "{f:?}"
        );
    }
    assert!(Fixture::from_json(r#"{"threads":[{"id":"t","extra":1}]}"#).is_err());
    let demo = Fixture::from_json(&Fixture::demo().to_json()).unwrap();
    assert_eq!(demo, Fixture::demo());
    // The README's example fixture parses.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```json\n")
        .expect("a JSON example in the README")
        + 8;
    let end = start + readme[start..].find("```").unwrap();
    Fixture::from_json(&readme[start..end]).unwrap();
}
