//! What the client logs: every call is a `tracing` span `acs_chat.call`
//! (operation, method, URL, request id, attempts, status) with an
//! `acs_chat.attempt` span per attempt, and events for sending, receiving
//! and retrying. Header and query values outside a short allow-list are
//! logged as `REDACTED`; the token never appears.
//!
//! ```sh
//! cargo run -p acs-chat --example tracing   # against the in-process mock
//! ```

mod common;

use acs_chat::Client;
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Any `tracing` subscriber works; this one prints to stderr. `DEBUG`
    // shows the attempts and their (redacted) headers, `INFO` only the
    // calls and retries.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_target(false)
        .init();

    let demo = common::Demo::start().await?;
    let token = demo.token(0);
    let client = Client::builder(demo.endpoint())
        .token(token.as_str())
        .build()?;
    let thread = client.thread(common::DEMO_THREAD_ID);

    thread
        .send_read_receipt(common::DEMO_MESSAGES[0])
        // An extra header: logged by name, its value REDACTED.
        .header("x-app-session", "private-session-value")
        .send()
        .await?;
    let receipts: Vec<_> = thread.read_receipts().stream().try_collect().await?;
    tracing::info!(count = receipts.len(), "listed the thread's receipts");

    demo.shutdown().await;
    Ok(())
}
