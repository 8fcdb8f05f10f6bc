//! The proxy rule, with the proxy variables of a CI or corporate machine set:
//! the default HTTP client sends nothing to a proxy for a loopback endpoint,
//! and for an `https://` endpoint it only ever opens a `CONNECT` tunnel
//! through one, so the token travels inside TLS to the endpoint's origin.
//!
//! Environment variables are process-wide, so each case runs in a child
//! process (this test binary again, one `#[ignore]`d test, with the
//! variables set on the `Command`): no other test sees them.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;

/// Every variable reqwest reads for proxies, both spellings.
const PROXY_VARIABLES: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// A loopback "proxy" that records what reaches it and answers every
/// request with a 200 page of its own (as a hostile proxy would).
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let record = record.clone();
            std::thread::spawn(move || {
                stream
                    .set_read_timeout(Some(Duration::from_secs(2)))
                    .unwrap();
                let mut text = Vec::new();
                let mut buf = [0u8; 4096];
                while !text.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => text.extend_from_slice(&buf[..n]),
                    }
                }
                record
                    .lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&text).into_owned());
                let body = r#"{"value":[]}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    (address, seen)
}

/// Runs the ignored test `name` of this binary in a child process with
/// every proxy variable pointing at `proxy` and `endpoint` passed on.
fn run_child(name: &str, proxy: &str, endpoint: &str) -> std::process::Output {
    // Test names are module paths without the crate: `proxy::child_…`.
    let qualified = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::{name}"),
        None => name.to_string(),
    };
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([qualified.as_str(), "--exact", "--ignored", "--nocapture"])
        .env("ACS_TEST_ENDPOINT", endpoint)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for variable in PROXY_VARIABLES {
        command.env(variable, proxy);
    }
    let output = command.output().expect("run the child test");
    assert!(
        output.status.success(),
        "child {name} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn child_endpoint() -> String {
    std::env::var("ACS_TEST_ENDPOINT").expect("run through its parent test")
}

#[test]
fn proxy_variables_are_ignored_for_a_loopback_endpoint() {
    let (proxy, seen) = recording_proxy();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(ok_page())
            .mount(&server)
            .await;
        server
    });
    run_child(
        "child_lists_through_the_default_client",
        &proxy,
        &server.uri(),
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "the proxy was sent: {:?}",
        seen.lock().unwrap()
    );
    let received = runtime.block_on(requests(&server));
    assert_eq!(received.len(), 1, "the endpoint itself got the call");
    assert_eq!(header(&received[0], "authorization"), "Bearer test-token");
}

#[test]
#[ignore = "run by proxy_variables_are_ignored_for_a_loopback_endpoint in a child process"]
fn child_lists_through_the_default_client() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = acs_chat::Client::builder(child_endpoint())
        .token(TOKEN)
        .retry(acs_chat::RetryOptions::none())
        .build()
        .unwrap();
    runtime
        .block_on(list_page(&client))
        .expect("the call reaches the loopback endpoint, not the proxy");
}

#[test]
fn an_https_endpoint_goes_through_a_plain_http_proxy_only_as_a_tunnel() {
    let (proxy, seen) = recording_proxy();
    // Not resolved or reached: the only connection is to the loopback proxy.
    run_child(
        "child_calls_an_https_endpoint",
        &proxy,
        "https://contoso.westus.communications.azure.com",
    );
    let seen = seen.lock().unwrap();
    assert!(!seen.is_empty(), "the proxy variables were not used at all");
    for request in seen.iter() {
        assert!(
            request.starts_with("CONNECT contoso.westus.communications.azure.com:443 "),
            "{request}"
        );
        assert_no_token(request);
        assert!(
            !request
                .to_ascii_lowercase()
                .contains("authorization: bearer"),
            "{request}"
        );
    }
}

#[test]
#[ignore = "run by an_https_endpoint_goes_through_a_plain_http_proxy_only_as_a_tunnel in a child process"]
fn child_calls_an_https_endpoint() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = acs_chat::Client::builder(child_endpoint())
        .token(TOKEN)
        .retry(acs_chat::RetryOptions::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    // The proxy answers the CONNECT with a page instead of a tunnel: TLS
    // then fails, so the call is an error and the proxy's answer is not
    // taken for the service's.
    let err = runtime.block_on(list_page(&client)).unwrap_err();
    assert!(matches!(err, acs_chat::Error::Transport { .. }), "{err:?}");
    assert_error_has_no_token(&err);
}
