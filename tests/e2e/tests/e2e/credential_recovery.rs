//! A `RefreshingToken` whose refresher misbehaves once (hangs, or panics)
//! recovers: the call that met it fails with an error saying which, and
//! the next call runs the refresher again and succeeds.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::common::*;
use acs_chat::{CredentialError, RefreshingToken};
use base64::Engine;

/// An unsigned JWT valid for an hour.
fn jwt() -> String {
    let exp = (SystemTime::now() + Duration::from_secs(3600))
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.sig",
        b64(r#"{"alg":"none"}"#),
        b64(&format!(r#"{{"exp":{exp}}}"#))
    )
}

/// What the refresher does on its first call.
#[derive(Clone, Copy)]
enum FirstCall {
    Hangs,
    Panics,
}

/// A refresher that misbehaves on its first call and then returns tokens.
fn credential(first: FirstCall, calls: Arc<AtomicUsize>) -> RefreshingToken {
    RefreshingToken::new(move || {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                match first {
                    FirstCall::Hangs => std::future::pending::<()>().await,
                    FirstCall::Panics => panic!("refresher bug"),
                }
            }
            Ok::<_, CredentialError>(jwt())
        }
    })
}

fn client(server: &wiremock::MockServer, credential: RefreshingToken) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .credential(credential)
        .retry(acs_chat::RetryOptions::none())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_refresher_that_hung_once_is_called_again_by_the_next_call() {
    let server = server_with(ok_page()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client(&server, credential(FirstCall::Hangs, calls.clone()));
    let err = list_page(&client).await.unwrap_err();
    assert!(
        matches!(err, acs_chat::Error::Timeout { .. }),
        "the call's own limit ends the hang: {err:?}"
    );
    tokio::time::timeout(TEST_TIMEOUT, list_page(&client))
        .await
        .expect("the second call does not hang")
        .expect("the second call refreshes again and succeeds");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_refresh_has_its_own_time_limit_and_the_error_says_so() {
    let server = server_with(ok_page()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let credential = credential(FirstCall::Hangs, calls.clone())
        .with_refresh_timeout(Duration::from_millis(100));
    let client = acs_chat::Client::builder(server.uri())
        .credential(credential)
        .retry(acs_chat::RetryOptions::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = list_page(&client).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let acs_chat::Error::Credential(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.to_string().contains("did not finish within 100ms"), "{e}");
    list_page(&client)
        .await
        .expect("the next call refreshes again");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refresher_that_panicked_once_is_an_error_then_recovers() {
    let server = server_with(ok_page()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client(&server, credential(FirstCall::Panics, calls.clone()));
    let err = tokio::spawn(async move {
        let err = list_page(&client).await.unwrap_err();
        (err, client)
    })
    .await;
    let (err, client) = err.expect("the panic does not reach the caller");
    let acs_chat::Error::Credential(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.to_string().contains("panicked"), "{e}");
    assert!(e.to_string().contains("refresher bug"), "{e}");
    list_page(&client)
        .await
        .expect("the next call refreshes again and succeeds");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn concurrent_callers_of_a_panicking_refresh_all_get_the_error() {
    let server = server_with(ok_page()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client(&server, credential(FirstCall::Panics, calls.clone()));
    let client = Arc::new(client);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { list_page(&client).await })
        })
        .collect();
    for task in tasks {
        let result = task.await.expect("no caller panics");
        if let Err(err) = result {
            assert!(err.to_string().contains("panicked"), "{err}");
        }
    }
    list_page(&client).await.expect("recovered");
}
