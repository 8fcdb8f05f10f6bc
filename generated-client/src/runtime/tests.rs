//! The runtime on its own: its boundary (no generated item named), and its
//! policies with [`TestApi`] instead of the generated API.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::runtime::api::OperationInfo;
use crate::runtime::call_options::CallOptions;
use crate::runtime::client_builder::ClientBuilder;
use crate::runtime::error::Error;
use crate::runtime::pipeline::{Pipeline, execute};
use crate::runtime::retry::RetryOptions;
use crate::runtime::test_api::TestApi;

/// Every `crate::` path in a runtime file, and every `super::` that leaves
/// `runtime/`, found in the text (code, doc links and doc tests alike).
fn escapes(name: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        // `acs_chat::` in doc tests is the public API, which is fine; only
        // the crate-relative path is checked.
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[at + "crate::".len()..];
        if !rest.starts_with("runtime::") {
            let line = text[..at].lines().count();
            let shown: String = rest.chars().take(40).collect();
            found.push(format!("runtime/{name}:{line}: crate::{shown}"));
        }
    }
    let leaves = if name == "mod.rs" {
        "super::"
    } else {
        "super::super::"
    };
    for (at, _) in text.match_indices(leaves) {
        let line = text[..at].lines().count();
        found.push(format!("runtime/{name}:{line}: {leaves}"));
    }
    found
}

#[test]
fn runtime_files_name_nothing_outside_the_runtime() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime");
    let mut files = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        // This file holds the patterns it looks for.
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            files += 1;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            found.extend(escapes(&name, &std::fs::read_to_string(&path).unwrap()));
        }
    }
    assert!(
        files >= 10,
        "only {files} runtime files found in {}",
        dir.display()
    );
    assert!(
        found.is_empty(),
        "runtime code names items outside the runtime:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_boundary_check_finds_an_escape() {
    // The check itself: each of these would name generated code.
    assert_eq!(
        escapes("a.rs", "use crate::{Client, ClientParameters};").len(),
        1
    );
    assert_eq!(escapes("a.rs", "x: crate::generated::Client").len(), 1);
    assert_eq!(escapes("a.rs", "use super::super::generated;").len(), 1);
    assert_eq!(escapes("mod.rs", "use super::types;").len(), 1);
    assert!(escapes("a.rs", "use crate::runtime::error::Error; acs_chat::Client").is_empty());
}

/// The runtime's modules depend on each other without a cycle.
#[test]
fn runtime_modules_form_no_cycle() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime");
    let mut edges: Vec<(String, String)> = Vec::new();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // `mod.rs` declares them all; `tests`/`test_api` exist in tests only;
        // `contract` only re-exports, for generated code.
        if ["mod", "tests", "test_api", "contract"].contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // A file's own unit tests may use `test_api`.
        // Doc links are not dependencies.
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (at, _) in text.match_indices("crate::runtime::") {
            let rest = &text[at + "crate::runtime::".len()..];
            let used: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if used != name && !edges.contains(&(name.clone(), used.clone())) {
                edges.push((name.clone(), used));
            }
        }
        names.push(name);
    }
    // Kahn's algorithm: a module is removed once nothing it uses is left.
    let mut left = names.clone();
    while let Some(i) = left.iter().position(|m| {
        !edges
            .iter()
            .any(|(from, to)| from == m && left.contains(to) && to != m)
    }) {
        left.remove(i);
    }
    assert!(left.is_empty(), "a cycle among {left:?}; edges: {edges:?}");
}

/// A loopback server answering every request with `status`, counting them.
async fn server(status: u16) -> (String, Arc<AtomicUsize>) {
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
                    while let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") {
                        read.drain(..end + 4);
                        seen.fetch_add(1, Ordering::SeqCst);
                        let body = r#"{"value":[1,2],"nextLink":null}"#;
                        let answer = format!(
                            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if socket.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    (url, count)
}

fn pipeline(url: &str) -> Pipeline<TestApi> {
    ClientBuilder::<TestApi>::new(url)
        .token("runtime-test-token-5f1c")
        .retry(RetryOptions {
            max_retries: 2,
            initial_delay: std::time::Duration::from_millis(1),
            ..RetryOptions::default()
        })
        .build()
        .unwrap()
}

async fn call(
    pipeline: &Pipeline<TestApi>,
    retry_safe: bool,
) -> Result<crate::runtime::response::BufferedResponse, Error> {
    call_with(pipeline, retry_safe, &CallOptions::default()).await
}

async fn call_with(
    pipeline: &Pipeline<TestApi>,
    retry_safe: bool,
    options: &CallOptions,
) -> Result<crate::runtime::response::BufferedResponse, Error> {
    let request = pipeline
        .http()
        .get(format!("{}/x", pipeline.endpoint()))
        .build()
        .unwrap();
    let info = OperationInfo {
        operation_id: "op",
        retry_safe,
        error_shapes: &[],
    };
    execute(pipeline, request, &info, options).await
}

#[tokio::test]
async fn an_operation_not_retry_safe_gets_one_attempt() {
    let (url, count) = server(503).await;
    let p = pipeline(&url);
    assert!(call(&p, true).await.is_err());
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        3,
        "retry-safe: 1 + 2 retries"
    );
    assert!(call(&p, false).await.is_err());
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "not retry-safe: one attempt"
    );
}

#[tokio::test]
async fn per_call_retry_options_replace_the_clients() {
    let (url, count) = server(503).await;
    let p = pipeline(&url);
    let none = CallOptions::new().retry(RetryOptions::none());
    assert!(call_with(&p, true, &none).await.is_err());
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        1,
        "retry none: one attempt"
    );
    let one = CallOptions::new().retry(RetryOptions {
        max_retries: 1,
        initial_delay: std::time::Duration::from_millis(1),
        max_delay: std::time::Duration::from_millis(1),
    });
    assert!(call_with(&p, true, &one).await.is_err());
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        2,
        "one retry: two attempts"
    );
    // The client's own policy is untouched by a call's.
    assert!(call(&p, true).await.is_err());
    assert_eq!(count.load(Ordering::SeqCst), 3, "client's: 1 + 2 retries");
}

#[tokio::test]
async fn a_listing_owns_its_pipeline_and_runs_in_a_spawned_task() {
    let (url, _) = server(200).await;
    let p = pipeline(&url);
    let request = p
        .http()
        .get(format!("{}/list", p.endpoint()))
        .build()
        .unwrap();
    let info = OperationInfo {
        operation_id: "list",
        retry_safe: true,
        error_shapes: &[],
    };
    let pages = crate::runtime::paging::pages(
        Ok((&p, request)),
        info,
        CallOptions::default(),
        crate::runtime::response::json_value::<serde_json::Value>,
        |_| None,
    );
    let items = crate::runtime::paging::items(pages, |page: serde_json::Value| {
        page["value"].as_array().cloned().unwrap_or_default()
    });
    drop(p); // the listing does not borrow it
    fn is_static_send<T: Send + 'static>(t: T) -> T {
        t
    }
    let got = tokio::spawn(is_static_send(items.try_collect::<Vec<_>>()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, vec![serde_json::json!(1), serde_json::json!(2)]);
}

#[test]
fn logs_show_the_query_values_the_api_allows() {
    let url = "https://a.example/x?v=1&n=5&sig=secret".parse().unwrap();
    let shown = crate::runtime::pipeline::redact_url(
        &url,
        <TestApi as crate::runtime::api::Api>::LOGGED_QUERY,
    );
    assert_eq!(shown, "https://a.example/x?v=1&n=5&sig=REDACTED");
}
