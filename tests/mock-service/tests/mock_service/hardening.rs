//! The attacks of issue 12, each bounded in count and time and sent only to
//! 127.0.0.1: the mock must keep answering a normal request quickly, close
//! what holds a connection too long, keep its log bounded, and refuse
//! requests that browsers could forge.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::common::*;
use acs_chat_mock::{
    DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS, MAX_LOGGED_FIELD_BYTES, MockService, RunningMock,
    ThreadFixture, Timeouts,
};
use reqwest::Method;

/// Sends `request` on a fresh connection and reads until the server closes
/// it or `limit` passes; returns the answer and how long the close took
/// (`None`: still open at the limit).
fn exchange(addr: SocketAddr, request: &[u8], limit: Duration) -> (String, Option<Duration>) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(request).unwrap();
    read_until_closed(&mut s, started, limit)
}

fn read_until_closed(
    s: &mut TcpStream,
    started: Instant,
    limit: Duration,
) -> (String, Option<Duration>) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.saturating_sub(started.elapsed());
        if left.is_zero() {
            return (String::from_utf8_lossy(&out).into_owned(), None);
        }
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) | Err(_) if started.elapsed() < limit => {
                return (
                    String::from_utf8_lossy(&out).into_owned(),
                    Some(started.elapsed()),
                );
            }
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&out).into_owned(), None),
        }
    }
}

/// [`exchange`] off the runtime's threads (the mock runs on them).
async fn ask_blocking(addr: SocketAddr, request: String) -> String {
    tokio::task::spawn_blocking(move || {
        exchange(addr, request.as_bytes(), Duration::from_secs(5)).0
    })
    .await
    .unwrap()
}

/// How long a normal list request takes, on a fresh connection.
async fn normal_list(mock: &RunningMock) -> Duration {
    let token = mock.token_for(DEMO_USERS[0], HOUR);
    let url = receipts_url(mock.base_url(), DEMO_THREAD_ID, "api-version=2025-03-15");
    let c = raw_client();
    let started = Instant::now();
    let r = tokio::time::timeout(
        Duration::from_secs(5),
        raw(&c, Method::GET, &url, Some(&token), None),
    )
    .await
    .expect("a normal request is answered");
    assert_eq!(r.status, 200);
    started.elapsed()
}

async fn mock_with(timeouts: Timeouts) -> RunningMock {
    MockService::builder()
        .throttling(false)
        .timeouts(timeouts)
        .start()
        .await
        .unwrap()
}

/// 1, 2 and 3-character keys, `n` of them, joined as `a&b&...`.
fn distinct_keys(n: usize) -> String {
    let alphabet: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').collect();
    let mut keys = Vec::with_capacity(n);
    'outer: for len in 1..=3u32 {
        for i in 0..alphabet.len().pow(len) {
            if keys.len() == n {
                break 'outer;
            }
            let mut k = String::new();
            let mut x = i;
            for _ in 0..len {
                k.push(alphabet[x % alphabet.len()]);
                x /= alphabet.len();
            }
            keys.push(k);
        }
    }
    keys.join("&")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_parsing_is_linear() {
    let mock = mock_with(Timeouts::default()).await;
    let query = distinct_keys(16_000);
    assert!(query.len() > 50_000, "{}", query.len());
    let token = mock.token_for(DEMO_USERS[0], HOUR);
    let url = receipts_url(mock.base_url(), DEMO_THREAD_ID, &query);
    let token_url = format!("{}/_mock/token?{query}&user=8:acs:x", mock.base_url());
    let c = admin_client();
    // Four clients at once, as in the issue, with and without auth.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..4 {
        let (c, url, token_url, token) = (c.clone(), url.clone(), token_url.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                raw(&c, Method::GET, &url, Some(&token), None).await.status
            } else {
                raw(&c, Method::POST, &token_url, None, None).await.status
            }
        }));
    }
    let during = normal_list(&mock).await;
    for t in tasks {
        let status = t.await.unwrap();
        assert!(status == 400 || status == 200, "{status}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "16,000 keys took {:?}",
        started.elapsed()
    );
    assert!(during < Duration::from_millis(500), "{during:?}");
    mock.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_log_is_bounded_in_bytes_and_dumps_do_not_stall_requests() {
    let budget = 2 * 1024 * 1024;
    let mock = MockService::builder()
        .throttling(false)
        .request_log_bytes(budget)
        .start()
        .await
        .unwrap();
    let c = admin_client();
    // Unauthenticated requests with 40 KB paths and queries.
    let long = "a".repeat(25_000);
    let url = format!(
        "{}/chat/threads/{long}/readReceipts?{long}",
        mock.base_url()
    );
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (c, url) = (c.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..250 {
                assert_eq!(raw(&c, Method::GET, &url, None, None).await.status, 401);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let entries = mock.requests();
    assert!(!entries.is_empty());
    let text: usize = entries
        .iter()
        .map(|e| e.path.len() + e.query.as_ref().map_or(0, String::len))
        .sum();
    assert!(text <= budget, "{text} bytes of text in the log");
    assert!(
        entries.len() < 2000,
        "oldest entries went: {}",
        entries.len()
    );
    for e in &entries {
        assert!(e.truncated);
        assert!(e.path.len() <= MAX_LOGGED_FIELD_BYTES);
        assert!(e.query.as_ref().unwrap().len() <= MAX_LOGGED_FIELD_BYTES);
    }
    assert_eq!(
        mock.count_status(Some(401)),
        2000,
        "counts survive eviction"
    );

    // Dumps of the full log, back to back, while normal requests run.
    let dump_url = format!("{}/_mock/requests", mock.base_url());
    let dumping = {
        let c = c.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                let r = raw(&c, Method::GET, &dump_url, None, None).await;
                assert_eq!(r.status, 200);
                assert!(r.json().as_array().is_some_and(|a| !a.is_empty()));
            }
        })
    };
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        slowest = slowest.max(normal_list(&mock).await);
    }
    dumping.await.unwrap();
    assert!(slowest < Duration::from_millis(250), "{slowest:?}");
    mock.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_trickled_and_slow_connections_are_closed() {
    let limit = Duration::from_millis(400);
    let mock = mock_with(Timeouts {
        header: limit,
        idle: limit,
        body: limit,
    })
    .await;
    let addr = mock.addr();
    let token = mock.token_for(DEMO_USERS[0], HOUR);
    let path = "/chat/threads/19%3Ademo%40thread.v2/readReceipts?api-version=2025-03-15";
    let head = |method: &str, extra: &str| {
        format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n{extra}\r\n"
        )
    };
    let deadline = Duration::from_secs(3);

    // Nothing sent at all.
    let silent = tokio::task::spawn_blocking(move || exchange(addr, b"", deadline));
    // One full request, then idle on keep-alive.
    let keep_alive = {
        let req = head("GET", "");
        tokio::task::spawn_blocking(move || exchange(addr, req.as_bytes(), deadline))
    };
    // A head trickled a byte at a time.
    let trickled_head = {
        let req = head("GET", "");
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let mut s = TcpStream::connect(addr).unwrap();
            for b in req.as_bytes() {
                if s.write_all(&[*b]).is_err() || started.elapsed() > deadline {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            read_until_closed(&mut s, started, deadline)
        })
    };
    // Bodies trickled: fixed length, and chunked.
    let trickled_bodies: Vec<_> = [
        (
            head(
                "POST",
                "Content-Type: application/json\r\nContent-Length: 200\r\n",
            ),
            false,
        ),
        (
            head(
                "POST",
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
            ),
            true,
        ),
        (head("GET", "Transfer-Encoding: chunked\r\n"), true),
    ]
    .into_iter()
    .map(|(req, chunked)| {
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(req.as_bytes()).unwrap();
            let writer = s.try_clone().unwrap();
            let trickle = std::thread::spawn(move || {
                let mut w = writer;
                while started.elapsed() < deadline {
                    let piece: &[u8] = if chunked { b"1\r\n \r\n" } else { b" " };
                    if w.write_all(piece).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            });
            let answer = read_until_closed(&mut s, started, deadline);
            let _ = trickle.join();
            answer
        })
    })
    .collect();

    tokio::time::sleep(Duration::from_millis(100)).await;
    let during = normal_list(&mock).await;
    assert!(during < Duration::from_millis(100), "{during:?}");

    for (what, task) in [
        ("silent", silent),
        ("keep-alive", keep_alive),
        ("trickled head", trickled_head),
    ] {
        let (answer, closed) = task.await.unwrap();
        let closed = closed.unwrap_or_else(|| panic!("{what}: still open: {answer}"));
        assert!(closed < limit * 4, "{what}: closed after {closed:?}");
        if what == "keep-alive" {
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
    }
    for (i, task) in trickled_bodies.into_iter().enumerate() {
        let (answer, closed) = task.await.unwrap();
        let closed = closed.unwrap_or_else(|| panic!("body {i}: still open: {answer}"));
        assert!(closed < limit * 4, "body {i}: closed after {closed:?}");
        if i < 2 {
            assert!(answer.starts_with("HTTP/1.1 408"), "body {i}: {answer}");
            assert!(answer.contains(r#""code":"RequestTimeout""#), "{answer}");
        }
    }
    assert!(normal_list(&mock).await < Duration::from_millis(100));
    mock.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_are_shed_when_many_are_open() {
    let mock = MockService::builder()
        .throttling(false)
        .max_connections(64)
        .start()
        .await
        .unwrap();
    let addr = mock.addr();
    // 60 connections that send nothing, more than 3/4 of 64.
    let idle: Vec<TcpStream> = (0..60).map(|_| TcpStream::connect(addr).unwrap()).collect();
    assert!(normal_list(&mock).await < Duration::from_millis(100));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let closed = tokio::task::spawn_blocking(move || {
        idle.into_iter()
            .filter(|s| {
                let mut s = s;
                s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
                let mut buf = [0u8; 16];
                match s.read(&mut buf) {
                    Ok(0) => true,
                    Ok(_) => false,
                    Err(e) => !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ),
                }
            })
            .count()
    })
    .await
    .unwrap();
    // Until fewer than 3/4 of 64 are open: at least 60 - 47.
    assert!(closed >= 13, "only {closed} of 60 idle connections closed");
    assert!(closed < 60, "all {closed} closed: not only the excess");
    mock.shutdown().await;
}

#[tokio::test]
async fn admin_endpoints_refuse_what_a_browser_page_can_send() {
    let mock = mock_with(Timeouts::default()).await;
    let addr = mock.addr();
    let port = addr.port();
    let ask = |method: &str, path: &str, headers: &str| {
        let req = format!(
            "{method} {path} HTTP/1.1\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"
        );
        ask_blocking(addr, req)
    };
    let local = format!("Host: 127.0.0.1:{port}\r\n");
    let admin = "X-Mock-Admin: 1\r\n";
    let status = |answer: &str| answer.split_whitespace().nth(1).unwrap_or("").to_string();
    let token_path = "/_mock/token?user=8:acs:x";
    // A simple cross-origin request (no custom header): refused.
    assert_eq!(status(&ask("POST", token_path, &local).await), "403");
    // DNS rebinding: the page's own host name, whatever else it sends.
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.evil.example",
    ] {
        let answer = ask("POST", token_path, &format!("Host: {host}\r\n{admin}")).await;
        assert_eq!(status(&answer), "403", "{host}: {answer}");
        assert!(answer.contains(r#""code":"Forbidden""#), "{answer}");
    }
    // An Origin from elsewhere.
    let answer = ask(
        "GET",
        "/_mock/requests",
        &format!("{local}{admin}Origin: http://evil.example\r\n"),
    )
    .await;
    assert_eq!(status(&answer), "403", "{answer}");
    // What a test or a script sends: accepted.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = ask("POST", token_path, &format!("Host: {host}\r\n{admin}")).await;
        assert_eq!(status(&answer), "200", "{host}: {answer}");
    }
    assert_eq!(status(&ask("GET", "/_mock/health", &local).await), "200");
    mock.shutdown().await;
}

#[tokio::test]
async fn smaller_items() {
    let long_ids = ["1".repeat(41), "9".repeat(40)];
    let mock = MockService::builder()
        .throttling(false)
        .fixture(
            acs_chat_mock::Fixture::demo().with_thread(
                ThreadFixture::new("19:long@thread.v2")
                    .participants([DEMO_USERS[0]])
                    .messages(long_ids.clone()),
            ),
        )
        .start()
        .await
        .unwrap();
    let addr = mock.addr();
    let token = mock.token_for(DEMO_USERS[0], HOUR);
    let other = mock.token_for(DEMO_USERS[1], HOUR);
    let path = "/chat/threads/19%3Ademo%40thread.v2/readReceipts?api-version=2025-03-15";
    let ask = |req: String| ask_blocking(addr, req);
    let status = |answer: &str| answer.split_whitespace().nth(1).unwrap_or("").to_string();

    // Two Authorization headers: refused, not the first one taken.
    let answer = ask(format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nAuthorization: Bearer {other}\r\nConnection: close\r\n\r\n"
    )).await;
    assert_eq!(status(&answer), "401", "{answer}");
    assert!(answer.contains("more than one Authorization"), "{answer}");
    // No Host, two Hosts.
    let answer = ask(format!(
        "GET {path} HTTP/1.1\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    ))
    .await;
    assert_eq!(status(&answer), "400", "{answer}");
    let answer = ask(format!(
        "GET {path} HTTP/1.1\r\nHost: a\r\nHost: b\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )).await;
    assert_eq!(status(&answer), "400", "{answer}");
    // A 10 KB method is not echoed.
    let method = "X".repeat(10_000);
    let answer = ask(format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    ))
    .await;
    assert!(answer.len() < 2_000, "{} bytes", answer.len());
    if !answer.is_empty() {
        assert!(!answer.contains(&"X".repeat(100)), "{answer}");
    }
    // A padded signature.
    let answer = ask(format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}=\r\nConnection: close\r\n\r\n"
    )).await;
    assert_eq!(status(&answer), "401", "{answer}");
    // A 41-digit message id is a number, later than a 40-digit one.
    let c = raw_client();
    let url = receipts_url(
        mock.base_url(),
        "19:long@thread.v2",
        "api-version=2025-03-15",
    );
    for id in [&long_ids[0], &long_ids[1]] {
        let body = format!(r#"{{"chatMessageId":"{id}"}}"#).into_bytes();
        let r = raw(
            &c,
            Method::POST,
            &url,
            Some(&token),
            Some(("application/json", body)),
        )
        .await;
        assert_eq!(r.status, 200);
    }
    let stored = mock.receipts("19:long@thread.v2").unwrap();
    assert_eq!(stored[0].chat_message_id, long_ids[0]);
    // Still serving, nothing lost.
    assert_eq!(
        mock.receipts(DEMO_THREAD_ID).unwrap()[0].chat_message_id,
        DEMO_MESSAGES[0]
    );
    mock.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_closed_requests_are_answered() {
    // Found by the mock_http fuzz target: a client that shuts down its
    // write side after the request lost the answer about 5% of the time.
    let mock = mock_with(Timeouts::default()).await;
    let addr = mock.addr();
    let lost = tokio::task::spawn_blocking(move || {
        (0..2000)
            .filter(|_| {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .unwrap();
                s.shutdown(std::net::Shutdown::Write).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut answer = Vec::new();
                let _ = s.read_to_end(&mut answer);
                !answer.starts_with(b"HTTP/1.1 200")
            })
            .count()
    })
    .await
    .unwrap();
    assert_eq!(
        lost, 0,
        "{lost} of 2,000 half-closed requests got no answer"
    );
    mock.shutdown().await;
}
