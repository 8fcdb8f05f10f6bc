//! `RefreshingToken` through the client: one refresh for many concurrent
//! calls, refresh failures as `Error::Credential` with nothing sent, and a
//! new attempt on the next call.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::*;
use acs_chat::{CredentialError, RefreshingToken};
use base64::Engine;

/// An unsigned JWT expiring `lifetime` from now, told apart by `nonce`.
fn jwt(lifetime: Duration, nonce: usize) -> String {
    let exp = (SystemTime::now() + lifetime)
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.sig",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&format!(r#"{{"exp":{exp},"nonce":{nonce}}}"#))
    )
}

/// A refresher that counts its calls, fails while `fail` is set, and
/// otherwise returns a new hour-long token after `delay`, recording it.
struct Refresher {
    calls: Arc<AtomicUsize>,
    fail: Arc<AtomicBool>,
    issued: Arc<Mutex<Vec<String>>>,
}

impl Refresher {
    fn new() -> Refresher {
        Refresher {
            calls: Arc::default(),
            fail: Arc::default(),
            issued: Arc::default(),
        }
    }

    fn credential(&self, delay: Duration) -> RefreshingToken {
        let (calls, fail, issued) = (self.calls.clone(), self.fail.clone(), self.issued.clone());
        RefreshingToken::new(move || {
            let (calls, fail, issued) = (calls.clone(), fail.clone(), issued.clone());
            async move {
                tokio::time::sleep(delay).await;
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                if fail.load(Ordering::SeqCst) {
                    return Err(CredentialError::new(format!(
                        "token backend unavailable (call {n})"
                    )));
                }
                let token = jwt(Duration::from_secs(3600), n);
                issued.lock().unwrap().push(token.clone());
                Ok(token)
            }
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn issued(&self) -> Vec<String> {
        self.issued.lock().unwrap().clone()
    }
}

fn client_with(server: &wiremock::MockServer, credential: RefreshingToken) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .credential(credential)
        .retry(fast_retry(3))
        .build()
        .unwrap()
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_refresh() {
    let server = server_with(ok_page()).await;
    let refresher = Refresher::new();
    let client = client_with(&server, refresher.credential(Duration::from_millis(100)));
    let results = tokio::time::timeout(
        TEST_TIMEOUT,
        futures::future::join_all((0..50).map(|_| send_receipt(&client))),
    )
    .await
    .unwrap();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(refresher.calls(), 1, "one refresh for 50 calls");
    let issued = refresher.issued();
    assert_eq!(issued.len(), 1);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 50);
    let expected = format!("Bearer {}", issued[0]);
    for r in &reqs {
        assert_eq!(header(r, "authorization"), expected);
    }
    // The token is cached afterwards.
    list_page(&client).await.unwrap();
    assert_eq!(refresher.calls(), 1);
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[50], "authorization"), expected);
}

#[tokio::test]
async fn a_failing_refresher_is_a_credential_error_and_nothing_is_sent() {
    let server = server_with(ok_page()).await;
    let refresher = Refresher::new();
    refresher.fail.store(true, Ordering::SeqCst);
    let client = client_with(&server, refresher.credential(Duration::ZERO));
    for (op, result) in [
        ("send", send_receipt(&client).await),
        ("list", list_page(&client).await),
    ] {
        let err = result.expect_err(op);
        match &err {
            acs_chat::Error::Credential(e) => {
                assert!(
                    e.to_string().contains("token backend unavailable"),
                    "{op}: {e}"
                )
            }
            other => panic!("{op}: expected Credential, got {other:?}"),
        }
        assert!(
            err.to_string().contains("token backend unavailable"),
            "{err}"
        );
        assert!(!err.is_retryable());
        assert!(err.status().is_none());
    }
    // Not retried: one refresher call per call, despite 3 retries allowed.
    assert_eq!(refresher.calls(), 2);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn the_next_call_after_a_failed_refresh_refreshes_again_and_succeeds() {
    let server = server_with(ok_page()).await;
    let refresher = Refresher::new();
    refresher.fail.store(true, Ordering::SeqCst);
    let client = client_with(&server, refresher.credential(Duration::ZERO));
    let err = send_receipt(&client).await.unwrap_err();
    assert!(matches!(err, acs_chat::Error::Credential(_)), "{err}");
    assert_eq!(refresher.calls(), 1);
    assert!(requests(&server).await.is_empty());

    refresher.fail.store(false, Ordering::SeqCst);
    send_receipt(&client).await.unwrap();
    assert_eq!(refresher.calls(), 2);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        header(&reqs[0], "authorization"),
        format!("Bearer {}", refresher.issued()[0])
    );
}

#[tokio::test]
async fn concurrent_calls_during_a_failing_refresh_all_fail_with_one_refresh() {
    let server = server_with(ok_page()).await;
    let refresher = Refresher::new();
    refresher.fail.store(true, Ordering::SeqCst);
    let client = client_with(&server, refresher.credential(Duration::from_millis(100)));
    let results = futures::future::join_all((0..20).map(|_| list_page(&client))).await;
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Err(acs_chat::Error::Credential(_)))),
        "{results:?}"
    );
    assert_eq!(refresher.calls(), 1);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn retried_attempts_reuse_the_cached_token() {
    let answers = Sequence::new(vec![error_status(503), error_status(500), ok_page()]);
    let server = server_with(answers.clone()).await;
    let refresher = Refresher::new();
    let client = client_with(&server, refresher.credential(Duration::ZERO));
    list_page(&client).await.unwrap();
    assert_eq!(refresher.calls(), 1);
    let expected = format!("Bearer {}", refresher.issued()[0]);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert!(reqs.iter().all(|r| header(r, "authorization") == expected));
}

#[tokio::test]
async fn unusable_tokens_from_the_refresher_are_credential_errors() {
    let server = server_with(ok_page()).await;
    for (token, needle) in [
        ("not-a-jwt".to_string(), "not a usable JWT"),
        (
            {
                let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
                format!("{}.{}.sig", b64("{}"), b64(r#"{"exp":1}"#))
            },
            "already expired",
        ),
    ] {
        let t = token.clone();
        let client = client_with(
            &server,
            RefreshingToken::new(move || std::future::ready(Ok(t.clone()))),
        );
        let err = send_receipt(&client).await.unwrap_err();
        assert!(matches!(err, acs_chat::Error::Credential(_)), "{err}");
        assert!(err.to_string().contains(needle), "{err}");
        assert!(!err.to_string().contains(&token), "{err}");
        assert!(!format!("{err:?}").contains(&token), "{err:?}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_refreshing_token_is_not_sent_over_plain_http_to_another_host() {
    let refresher = Refresher::new();
    let client = acs_chat::Client::builder("http://example.invalid")
        .credential(refresher.credential(Duration::ZERO))
        .build()
        .unwrap();
    let err = send_receipt(&client).await.unwrap_err();
    assert!(matches!(err, acs_chat::Error::Credential(_)), "{err}");
    assert!(
        err.to_string().contains("refusing to send an access token"),
        "{err}"
    );
    assert_eq!(refresher.calls(), 0, "no token is even fetched");
}
