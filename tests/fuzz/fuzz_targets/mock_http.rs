//! The mock service's HTTP request handling, end to end: every input
//! becomes one request on a fresh loopback connection to an in-process
//! `acs-chat-mock` (hyper's parsing included), either as raw bytes or, to
//! get past the parser, assembled from the input: method, path, query,
//! headers (with or without a valid token, admin header, Host) and body.
//! A panic anywhere in the server aborts (and so is a crash); an answer
//! must come within the time limits, and every answer the mock itself
//! writes must carry its headers, with a JSON error body on 4xx/5xx.
#![no_main]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use acs_chat_mock::{DEMO_USERS, MockService, RunningMock, Timeouts};
use libfuzzer_sys::fuzz_target;

struct Mock {
    _runtime: tokio::runtime::Runtime,
    mock: RunningMock,
    token: String,
}

fn mock() -> &'static Mock {
    static MOCK: OnceLock<Mock> = OnceLock::new();
    MOCK.get_or_init(|| {
        // A panic in a server task would otherwise be swallowed by tokio.
        std::panic::set_hook(Box::new(|info| {
            eprintln!("panic: {info}");
            std::process::abort();
        }));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let limit = Duration::from_millis(200);
        let mock = runtime
            .block_on(
                MockService::builder()
                    .throttling(false)
                    .timeouts(Timeouts {
                        header: limit,
                        idle: limit,
                        body: limit,
                    })
                    .request_log_bytes(1 << 20)
                    .start(),
            )
            .expect("the mock starts");
        let token = mock.token_for(DEMO_USERS[0], Duration::from_secs(86_400));
        Mock {
            _runtime: runtime,
            mock,
            token,
        }
    })
}

/// Sends `request`, half-closes, reads the answer (bounded in time).
/// `None` when no connection could be made: at ten thousand connections a
/// second the harness itself runs out of local ports (TIME_WAIT), which
/// says nothing about the mock.
fn exchange(addr: SocketAddr, request: &[u8]) -> Option<Vec<u8>> {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).ok()?;
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = s.write_all(request);
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "no answer or close within 4 s"
    );
    Some(out)
}

/// Splits `data` at the first `0xff`: the part before and the rest.
fn field(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Bytes that can stand in a request line or header value.
fn clean(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'\r' | b'\n' | b' ' | 0 => '_',
            0x21..=0x7e => b as char,
            _ => '%',
        })
        .collect()
}

fn assemble(m: &Mock, data: &[u8]) -> Vec<u8> {
    let Some((&flags, rest)) = data.split_first() else {
        return Vec::new();
    };
    let (method, rest) = field(rest);
    let (path, rest) = field(rest);
    let (query, rest) = field(rest);
    let (headers, body) = field(rest);
    let method = match flags % 6 {
        0 => "GET".to_string(),
        1 => "POST".to_string(),
        2 => "PUT".to_string(),
        3 => "DELETE".to_string(),
        _ => clean(method).chars().filter(char::is_ascii_alphabetic).collect(),
    };
    let path = match (flags >> 3) % 4 {
        0 => format!("/chat/threads/{}/readReceipts", clean(path)),
        1 => "/chat/threads/19%3Ademo%40thread.v2/readReceipts".to_string(),
        2 => format!("/_mock/{}", clean(path)),
        _ => format!("/{}", clean(path)),
    };
    let mut req = format!("{method} {path}?{} HTTP/1.1\r\n", clean(query));
    if flags & 0x20 == 0 {
        req.push_str(&format!("Host: 127.0.0.1:{}\r\n", m.mock.addr().port()));
    }
    if flags & 0x40 == 0 {
        req.push_str(&format!("Authorization: Bearer {}\r\n", m.token));
    }
    if flags & 0x80 == 0 {
        req.push_str("X-Mock-Admin: 1\r\nContent-Type: application/json\r\n");
    }
    for line in headers.split(|&b| b == b'\n').take(16) {
        let line = String::from_utf8_lossy(line).replace('\r', "");
        if line.contains(':') {
            req.push_str(&line);
            req.push_str("\r\n");
        }
    }
    req.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fuzz_target!(|data: &[u8]| {
    let m = mock();
    // An input may queue faults (a long delay, a drop) or switch throttling
    // through the admin endpoints: each input starts from the same state.
    m.mock.clear_faults();
    m.mock.set_throttling(false);
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let request = if mode % 4 == 0 {
        rest.to_vec()
    } else {
        assemble(m, rest)
    };
    let Some(answer) = exchange(m.mock.addr(), &request) else {
        return;
    };
    let text = String::from_utf8_lossy(&answer);
    let Some(status) = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|s| s.get(..3))
        .and_then(|s| s.parse::<u16>().ok())
    else {
        // hyper closed the connection without an answer.
        return;
    };
    assert!((200..600).contains(&status), "{status}");
    // Answers from the mock (not hyper's bare 4xx) have its headers, and
    // errors a JSON body.
    let lower = text.to_ascii_lowercase();
    if lower.contains("\r\nms-cv: ") && status >= 400 {
        assert!(text.contains("{\"error\":{\"code\":\""), "{text}");
    }
    // The mock still answers a normal request.
    if data.len() % 64 == 0 {
        let Some(health) = exchange(
            m.mock.addr(),
            b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ) else {
            return;
        };
        assert!(
            health.starts_with(b"HTTP/1.1 200"),
            "health check failed: {:?}",
            String::from_utf8_lossy(&health)
        );
    }
});
