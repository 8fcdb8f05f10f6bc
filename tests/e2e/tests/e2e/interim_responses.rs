//! A server that answers with an endless flood of `100 Continue` interim
//! responses and never a final one.
//!
//! hyper (under reqwest) reads and drops 1xx responses itself; reqwest does
//! not pass request extensions to hyper, so `hyper::ext::on_informational`
//! cannot count them from here. What bounds a flood is the per-try time
//! limit: each attempt ends at it, and the call ends with a typed
//! `Error::Timeout` within its limits, as these tests measure.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

/// A loopback server that floods every request with `100 Continue` as fast
/// as it can write. Returns its endpoint and the count of interim
/// responses written.
async fn flooding_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let batch = CONTINUE.repeat(1000);
                while stream.write_all(&batch).await.is_ok() {
                    counter.fetch_add(1000, Ordering::Relaxed);
                }
            });
        }
    });
    (endpoint, sent)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_100_continue_ends_at_the_per_try_limit() {
    let (endpoint, sent) = flooding_server().await;
    let client = acs_chat::Client::builder(&endpoint)
        .token(TOKEN)
        .per_try_timeout(Duration::from_millis(300))
        .retry(acs_chat::RetryOptions::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the call ends")
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(
            err,
            acs_chat::Error::Timeout {
                kind: acs_chat::TimeoutKind::PerTry,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(took < Duration::from_millis(1000), "took {took:?}");
    let interim = sent.load(Ordering::Relaxed);
    assert!(
        interim > 1000,
        "the flood happened: {interim} interim responses"
    );
    eprintln!("{interim} interim responses in {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_on_every_attempt_ends_within_the_overall_limit() {
    let (endpoint, _) = flooding_server().await;
    let client = acs_chat::Client::builder(&endpoint)
        .token(TOKEN)
        .per_try_timeout(Duration::from_millis(200))
        .timeout(Duration::from_millis(700))
        .retry(fast_retry(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the call ends")
        .unwrap_err();
    let took = started.elapsed();
    // The kind, not the wall clock, says which limit ended the call: with
    // ten 200 ms attempts left, only the 700 ms overall limit gives
    // `Overall` (a loaded machine stretched a wall-clock bound of 1.2 s).
    assert!(
        matches!(
            err,
            acs_chat::Error::Timeout {
                kind: acs_chat::TimeoutKind::Overall,
                ..
            }
        ),
        "{err:?} after {took:?}"
    );
}
