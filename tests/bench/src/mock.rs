//! Scenario 4: the mock service under load: sends and lists per second and
//! latency percentiles over a fixed number of concurrent keep-alive
//! connections, each a raw hyper HTTP/1.1 connection, for a fixed time,
//! throttling off. The baseline, measured in the same run on the same
//! cores: a bare hyper server (same runtime shape) answering every request
//! with the bytes of one mock list page, so the ratio is what the mock's
//! own work costs, whatever else the machine is doing.

use std::time::{Duration, Instant};

use acs_chat_mock::{Fixture, MockService, ThreadFixture, generated_messages, generated_users};
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

use crate::server::API_VERSION;
use crate::stats;

const SEND_THREAD: &str = "19:bench-send@thread.v2";
const SEND_THREAD_PATH: &str = "19%3Abench-send%40thread.v2";
const LIST_THREAD: &str = "19:bench-list@thread.v2";
const LIST_THREAD_PATH: &str = "19%3Abench-list%40thread.v2";

/// One scenario's figures.
#[derive(Debug, Clone)]
pub struct MockResult {
    /// `send`, `list`, or `list baseline` (bare hyper, fixed body).
    pub scenario: &'static str,
    /// Concurrent connections.
    pub connections: usize,
    /// Seconds the load ran.
    pub seconds: f64,
    /// Requests answered 200.
    pub ok: u64,
    /// Other answers or failures.
    pub errors: u64,
    /// Successful requests per second.
    pub per_second: f64,
    /// Median latency, microseconds.
    pub p50_us: f64,
    /// 99th percentile latency, microseconds.
    pub p99_us: f64,
}

/// Runs both scenarios against one mock (throttling off).
pub fn run(quick: bool) -> Vec<MockResult> {
    let connections = 64;
    let duration = if quick {
        Duration::from_millis(300)
    } else {
        Duration::from_secs(5)
    };
    let senders = generated_users(connections);
    let listers = generated_users(20);
    let messages = generated_messages(1_000);
    let mut list_thread = ThreadFixture::new(LIST_THREAD)
        .participants(listers.clone())
        .messages(messages.clone());
    for user in &listers {
        list_thread = list_thread.receipt(user.clone(), messages[0].clone());
    }
    let fixture = Fixture::empty()
        .with_thread(
            ThreadFixture::new(SEND_THREAD)
                .participants(senders.clone())
                .messages(messages.clone()),
        )
        .with_thread(list_thread);

    // The mock on its own two-worker runtime, the load on this thread.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("mock")
        .enable_all()
        .build()
        .expect("mock runtime");
    let mock = server_rt
        .block_on(
            MockService::builder()
                .fixture(fixture)
                .throttling(false)
                .start(),
        )
        .expect("the mock starts");
    let addr = mock.addr();
    let token = |user: &str| format!("Bearer {}", mock.token_for(user, Duration::from_secs(3600)));
    let send_tokens: Vec<String> = senders.iter().map(|u| token(u)).collect();
    let list_tokens: Vec<String> = listers.iter().map(|u| token(u)).collect();

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("load runtime");
    let page = rt.block_on(list_page(addr, &list_tokens[0]));
    let baseline_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("baseline")
        .enable_all()
        .build()
        .expect("baseline runtime");
    let baseline_addr = baseline_rt.block_on(bare_server(page));
    let mut out = Vec::new();
    for scenario in ["send", "list", "list baseline"] {
        let addr = if scenario == "list baseline" {
            baseline_addr
        } else {
            addr
        };
        eprintln!(
            "mock: {scenario}, {connections} connections, {:.1} s",
            duration.as_secs_f64()
        );
        let result = rt.block_on(async {
            let started = Instant::now();
            let deadline = started + duration;
            let tasks: Vec<_> = (0..connections)
                .map(|i| {
                    let token = if scenario == "send" {
                        send_tokens[i].clone()
                    } else {
                        list_tokens[i % list_tokens.len()].clone()
                    };
                    let messages = messages.clone();
                    tokio::spawn(connection(addr, scenario, token, messages, i, deadline))
                })
                .collect();
            let mut latencies = Vec::new();
            let (mut ok, mut errors) = (0, 0);
            for task in tasks {
                let (l, o, e) = task.await.expect("load task");
                latencies.extend(l);
                ok += o;
                errors += e;
            }
            let seconds = started.elapsed().as_secs_f64();
            MockResult {
                scenario,
                connections,
                seconds,
                ok,
                errors,
                per_second: ok as f64 / seconds,
                p50_us: stats::percentile(&latencies, 50.0),
                p99_us: stats::percentile(&latencies, 99.0),
            }
        });
        out.push(result);
    }
    server_rt.block_on(mock.shutdown());
    baseline_rt.shutdown_background();
    out
}

/// The body of one list page from the mock, for the baseline to serve.
async fn list_page(addr: std::net::SocketAddr, token: &str) -> Bytes {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    let request = http::Request::get(format!(
        "/chat/threads/{LIST_THREAD_PATH}/readReceipts?api-version={API_VERSION}"
    ))
    .header(http::header::HOST, "127.0.0.1")
    .header(AUTHORIZATION, token)
    .body(Full::new(Bytes::new()))
    .expect("request");
    let response = sender.send_request(request).await.expect("a page");
    assert!(response.status().is_success(), "{}", response.status());
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
}

/// A hyper HTTP/1.1 server answering every request 200 with `page`.
async fn bare_server(page: Bytes) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let page = page.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_request| {
                    let mut response = http::Response::new(Full::new(page.clone()));
                    response.headers_mut().insert(
                        CONTENT_TYPE,
                        http::HeaderValue::from_static("application/json; charset=utf-8"),
                    );
                    async move { Ok::<_, std::convert::Infallible>(response) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// One keep-alive connection making requests until `deadline`: latencies
/// (µs) of the successes, successes, failures.
async fn connection(
    addr: std::net::SocketAddr,
    scenario: &'static str,
    token: String,
    messages: Vec<String>,
    index: usize,
    deadline: Instant,
) -> (Vec<f64>, u64, u64) {
    let mut latencies = Vec::with_capacity(4096);
    let (mut ok, mut errors) = (0u64, 0u64);
    let stream = match tokio::net::TcpStream::connect(addr).await {
        Ok(s) => s,
        Err(_) => return (latencies, 0, 1),
    };
    let _ = stream.set_nodelay(true);
    let Ok((mut sender, conn)) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await
    else {
        return (latencies, 0, 1);
    };
    tokio::spawn(conn);
    let send_uri =
        format!("/chat/threads/{SEND_THREAD_PATH}/readReceipts?api-version={API_VERSION}");
    let list_uri =
        format!("/chat/threads/{LIST_THREAD_PATH}/readReceipts?api-version={API_VERSION}");
    let mut k = index;
    while Instant::now() < deadline {
        let request = if scenario == "send" {
            k += 1;
            let body = format!(r#"{{"chatMessageId":"{}"}}"#, messages[k % messages.len()]);
            http::Request::post(&send_uri)
                .header(http::header::HOST, "127.0.0.1")
                .header(AUTHORIZATION, &token)
                .header(CONTENT_TYPE, "application/json")
                .body(Full::new(Bytes::from(body)))
        } else {
            http::Request::get(&list_uri)
                .header(http::header::HOST, "127.0.0.1")
                .header(AUTHORIZATION, &token)
                .body(Full::new(Bytes::new()))
        }
        .expect("request");
        let started = Instant::now();
        if sender.ready().await.is_err() {
            errors += 1;
            break;
        }
        match sender.send_request(request).await {
            Ok(response) => {
                let status = response.status();
                let body = response.into_body().collect().await;
                if status.is_success() && body.is_ok() {
                    ok += 1;
                    latencies.push(started.elapsed().as_secs_f64() * 1e6);
                } else {
                    errors += 1;
                }
            }
            Err(_) => {
                errors += 1;
                break;
            }
        }
    }
    (latencies, ok, errors)
}
