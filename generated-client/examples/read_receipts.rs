//! Send a read receipt and list a thread's read receipts, with typed
//! senders.
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

mod common;

use std::time::Duration;

use acs_chat::{Client, CommunicationIdentifier};

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
    let mut demo = None;
    let target = match (env("ACS_ENDPOINT"), env("ACS_TOKEN")) {
        (Some(endpoint), Some(token)) => Target {
            endpoint,
            token,
            thread_id: env("ACS_THREAD_ID").ok_or("ACS_THREAD_ID is required with ACS_ENDPOINT")?,
            message_id: env("ACS_MESSAGE_ID")
                .ok_or("ACS_MESSAGE_ID is required with ACS_ENDPOINT")?,
        },
        (None, None) => {
            let running = common::Demo::start().await?;
            println!("started the mock service at {}", running.endpoint());
            let target = Target {
                endpoint: running.endpoint().to_string(),
                token: running.token(0),
                thread_id: common::DEMO_THREAD_ID.to_string(),
                message_id: common::DEMO_MESSAGES[2].to_string(),
            };
            demo = Some(running);
            target
        }
        _ => return Err("set both ACS_ENDPOINT and ACS_TOKEN, or neither".into()),
    };

    let mut builder = Client::builder(&target.endpoint).token(target.token);
    if let Some(version) = env("ACS_API_VERSION") {
        builder = builder.api_version(version);
    }
    let client = builder.build()?;
    // The operations on one thread, without repeating its id.
    let thread = client.thread(&target.thread_id);

    // Mark the thread read up to a message; this call gets 10 s in all,
    // whatever the client's limit.
    thread
        .send_read_receipt(target.message_id.as_str())
        .timeout(Duration::from_secs(10))
        .send()
        .await?;
    println!(
        "sent a read receipt for message {} in {}",
        target.message_id,
        thread.id()
    );

    // Every receipt, page after page (one page in memory at a time).
    let mut receipts = thread.read_receipts().max_page_size(50).stream();
    let mut count = 0;
    while let Some(receipt) = receipts.try_next().await? {
        count += 1;
        let who = match receipt.sender() {
            CommunicationIdentifier::CommunicationUser(user) => format!("user {}", user.id),
            CommunicationIdentifier::PhoneNumber(phone) => format!("phone {}", phone.phone_number),
            other => format!("{} {}", other.kind(), other.raw_id()),
        };
        println!(
            "  {who} read {} at {}",
            receipt.chat_message_id,
            receipt.read_on.to_rfc3339()
        );
    }
    println!("{count} read receipt(s)");
    if demo.is_some() && count == 0 {
        return Err("the mock listed no receipt after one was sent".into());
    }

    if let Some(demo) = demo {
        demo.shutdown().await;
    }
    Ok(())
}
