//! A credential of your own: implement `TokenCredential` to take tokens
//! from wherever your application gets them (a token service, a vault, a
//! cache shared with other clients). The client asks it before every
//! attempt, so a token it replaces is used from the next request on.
//! (For a token that expires and is refreshed by an async function,
//! `acs_chat::RefreshingToken` does the scheduling for you.)
//!
//! ```sh
//! cargo run -p acs-chat --example custom_credential   # against the in-process mock
//! ```

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use acs_chat::{AccessToken, Client, CredentialError, TokenCredential};
use futures::future::BoxFuture;

/// Hands out the token an application keeps in one place, and counts how
/// often it is asked.
struct SharedToken {
    current: Arc<RwLock<Option<String>>>,
    asked: Arc<AtomicUsize>,
}

impl TokenCredential for SharedToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>> {
        Box::pin(async move {
            self.asked.fetch_add(1, Ordering::Relaxed);
            // A `CredentialError` fails the call with `Error::Credential`;
            // its message must not hold a token.
            let current = self.current.read().expect("not poisoned").clone();
            current
                .map(AccessToken::new)
                .ok_or_else(|| CredentialError::new("signed out: no token"))
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let demo = common::Demo::start().await?;
    let current = Arc::new(RwLock::new(Some(demo.token(0))));
    let asked = Arc::new(AtomicUsize::new(0));
    let client = Client::builder(demo.endpoint())
        .credential(SharedToken {
            current: Arc::clone(&current),
            asked: Arc::clone(&asked),
        })
        .build()?;
    let thread = client.thread(common::DEMO_THREAD_ID);

    thread
        .send_read_receipt(common::DEMO_MESSAGES[1])
        .send()
        .await?;
    println!("sent as participant 0");

    // The application swaps the token (another user signs in): the next
    // call uses it.
    *current.write().expect("not poisoned") = Some(demo.token(1));
    thread
        .send_read_receipt(common::DEMO_MESSAGES[1])
        .send()
        .await?;
    println!("sent as participant 1");
    let receipts = thread.read_receipts().send().await?.into_inner().value;
    println!("{} receipt(s) on the thread", receipts.len());

    // Signed out: the call fails with the credential's error, nothing is sent.
    *current.write().expect("not poisoned") = None;
    match thread
        .send_read_receipt(common::DEMO_MESSAGES[1])
        .send()
        .await
    {
        Err(acs_chat::Error::Credential(e)) => println!("as expected: {e}"),
        other => return Err(format!("expected a credential error, got {other:?}").into()),
    }
    println!(
        "the credential was asked {} times",
        asked.load(Ordering::Relaxed)
    );
    if receipts.len() != 2 {
        return Err(format!("expected 2 receipts, got {}", receipts.len()).into());
    }

    demo.shutdown().await;
    Ok(())
}
