//! Retry safety in the pipeline (issue 10): an operation whose
//! `OperationInfo::retry_safe` is false is sent once whenever the request may
//! have reached the server (a 5xx, a per-try time-out, a connection that
//! breaks after sending); only a failure to connect, when nothing was sent,
//! is retried for it. A retry-safe operation is retried in all those cases.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::runtime::api::OperationInfo;
use crate::runtime::call_options::CallOptions;
use crate::runtime::client_builder::ClientBuilder;
use crate::runtime::error::Error;
use crate::runtime::pipeline::{Pipeline, execute};
use crate::runtime::retry::RetryOptions;
use crate::runtime::test_api::TestApi;

/// How the loopback server treats each request it reads in full.
#[derive(Clone, Copy)]
enum Answer {
    /// `503` with a small JSON body.
    Unavailable,
    /// Nothing, ever (the client's per-try limit ends the attempt).
    Silence,
    /// Closes the connection without answering.
    Hangup,
}

/// A loopback server that counts the requests it reads in full.
async fn server(answer: Answer) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut read = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    read.extend_from_slice(&buf[..n]);
                    // Headers, then the body its content-length announces.
                    let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") else {
                        continue;
                    };
                    let head = String::from_utf8_lossy(&read[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    if read.len() < end + 4 + length {
                        continue;
                    }
                    read.drain(..end + 4 + length);
                    seen.fetch_add(1, Ordering::SeqCst);
                    match answer {
                        Answer::Unavailable => {
                            let body = r#"{"error":{"code":"Busy","message":"try later"}}"#;
                            let text = format!(
                                "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                                body.len()
                            );
                            if socket.write_all(text.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                        Answer::Silence => {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            return;
                        }
                        Answer::Hangup => return,
                    }
                }
            });
        }
    });
    (url, count)
}

fn pipeline(url: &str) -> Pipeline<TestApi> {
    ClientBuilder::<TestApi>::new(url)
        .token("runtime-test-token-9a2e")
        .retry(RetryOptions {
            max_retries: 2,
            initial_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
        .per_try_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A POST with a JSON body, as a generated `send` makes it.
async fn post(
    pipeline: &Pipeline<TestApi>,
    retry_safe: bool,
) -> Result<crate::runtime::response::BufferedResponse, Error> {
    let request = pipeline
        .http()
        .post(format!("{}/orders:submit", pipeline.endpoint()))
        .header("content-type", "application/json")
        .body(r#"{"item":"book"}"#)
        .build()
        .unwrap();
    let info = OperationInfo {
        operation_id: "submit_order",
        retry_safe,
        error_shapes: &[],
    };
    tokio::time::timeout(
        Duration::from_secs(10),
        execute(pipeline, request, &info, &CallOptions::default()),
    )
    .await
    .expect("the call ends")
}

#[tokio::test]
async fn a_post_not_retry_safe_is_sent_once_on_503() {
    let (url, count) = server(Answer::Unavailable).await;
    let p = pipeline(&url);
    let err = post(&p, false).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert_eq!(count.load(Ordering::SeqCst), 1, "sent exactly once");

    count.store(0, Ordering::SeqCst);
    let err = post(&p, true).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert_eq!(count.load(Ordering::SeqCst), 3, "retry-safe: 1 + 2 retries");
}

#[tokio::test]
async fn a_post_not_retry_safe_is_sent_once_on_a_per_try_time_out() {
    let (url, count) = server(Answer::Silence).await;
    let p = pipeline(&url);
    let err = post(&p, false).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { attempts: 1, .. }),
        "one attempt, then the time-out: {err:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1, "sent exactly once");

    let (url, count) = server(Answer::Silence).await;
    let p = pipeline(&url);
    let err = post(&p, true).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 3, .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_post_not_retry_safe_is_sent_once_when_the_connection_breaks_after_sending() {
    let (url, count) = server(Answer::Hangup).await;
    let p = pipeline(&url);
    let err = post(&p, false).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1, "sent exactly once");
    // The same broken connection is retried for an operation safe to repeat.
    let (url, count) = server(Answer::Hangup).await;
    let p = pipeline(&url);
    let err = post(&p, true).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 3, "sent three times");
}

#[tokio::test]
async fn a_failed_connect_is_retried_even_when_not_retry_safe() {
    // A port that was just free: connecting is refused, nothing is sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let p = pipeline(&url);
    for retry_safe in [false, true] {
        let err = post(&p, retry_safe).await.unwrap_err();
        match &err {
            Error::Transport { attempts, source } => {
                assert!(source.is_connect(), "{source:?}");
                assert_eq!(*attempts, 3, "retry_safe {retry_safe}: {err}");
            }
            other => panic!("expected Transport, got {other:?}"),
        }
    }
}
