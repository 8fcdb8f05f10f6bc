//! Send a read receipt and list a thread's read receipts.
//!
//! ```sh
//! # Against the local mock service, started in-process (no settings needed):
//! cargo run -p acs-chat --example read_receipts
//!
//! # Against a real Azure Communication Services resource:
//! ACS_ENDPOINT=https://<resource>.communication.azure.com \
//! ACS_TOKEN=<user access token> \
//! ACS_THREAD_ID='19:...@thread.v2' \
//! ACS_MESSAGE_ID=<id of a message in the thread> \
//! cargo run -p acs-chat --example read_receipts
//! ```
//!
//! Optional: `ACS_API_VERSION` (default: the client's, 2025-03-15).

use std::time::Duration;

use acs_chat::Client;
use acs_chat::types::SendReadReceiptRequest;
use futures::TryStreamExt;

struct Target {
    endpoint: String,
    token: String,
    thread_id: String,
    message_id: String,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // With ACS_ENDPOINT and ACS_TOKEN, talk to a real resource; else start
    // the mock here and talk to it.
    let mut mock = None;
    let target = match (env("ACS_ENDPOINT"), env("ACS_TOKEN")) {
        (Some(endpoint), Some(token)) => Target {
            endpoint,
            token,
            thread_id: env("ACS_THREAD_ID").ok_or("ACS_THREAD_ID is required with ACS_ENDPOINT")?,
            message_id: env("ACS_MESSAGE_ID")
                .ok_or("ACS_MESSAGE_ID is required with ACS_ENDPOINT")?,
        },
        (None, None) => {
            let running = acs_chat_mock::MockService::builder().start().await?;
            let user = acs_chat_mock::DEMO_USERS[0];
            println!("started the mock service at {}", running.base_url());
            let target = Target {
                endpoint: running.base_url().to_string(),
                token: running.token_for(user, Duration::from_secs(3600)),
                thread_id: acs_chat_mock::DEMO_THREAD_ID.to_string(),
                message_id: acs_chat_mock::DEMO_MESSAGES[2].to_string(),
            };
            mock = Some(running);
            target
        }
        _ => return Err("set both ACS_ENDPOINT and ACS_TOKEN, or neither".into()),
    };

    let mut builder = Client::builder(&target.endpoint).token(target.token);
    if let Some(version) = env("ACS_API_VERSION") {
        builder = builder.api_version(version);
    }
    let client = builder.build()?;

    client
        .send_chat_read_receipt()
        .chat_thread_id(&target.thread_id)
        .body(SendReadReceiptRequest {
            chat_message_id: target.message_id.clone(),
        })
        .send()
        .await?;
    println!(
        "sent a read receipt for message {} in {}",
        target.message_id, target.thread_id
    );

    let mut receipts = client
        .list_chat_read_receipts()
        .chat_thread_id(&target.thread_id)
        .max_page_size(50)
        .stream();
    let mut count = 0;
    while let Some(receipt) = receipts.try_next().await? {
        count += 1;
        println!(
            "  {} read {} at {}",
            receipt
                .sender_communication_identifier
                .raw_id
                .as_deref()
                .unwrap_or("(unknown user)"),
            receipt.chat_message_id,
            receipt.read_on.to_rfc3339()
        );
    }
    println!("{count} read receipt(s)");
    drop(receipts);

    if let Some(mock) = mock {
        mock.shutdown().await;
    }
    Ok(())
}
