//! Stop a listing after a page, keep its continuation token (as text, in a
//! database or a job queue, say), and resume it later, from another client
//! value or another process.
//!
//! ```sh
//! cargo run -p acs-chat --example resume_listing   # against the in-process mock
//! ```

mod common;

use acs_chat::Client;
use acs_chat::paging::ContinuationToken;
use futures::{StreamExt, TryStreamExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let demo = common::Demo::start().await?;
    // Three participants each mark the thread read, so there are three
    // receipts to list.
    for user in 0..3 {
        let client = Client::builder(demo.endpoint())
            .token(demo.token(user))
            .build()?;
        client
            .thread(common::DEMO_THREAD_ID)
            .send_read_receipt(common::DEMO_MESSAGES[user])
            .send()
            .await?;
    }

    let client = Client::builder(demo.endpoint())
        .token(demo.token(0))
        .build()?;

    // The first page only, one receipt per page.
    let mut pages = client
        .thread(common::DEMO_THREAD_ID)
        .read_receipts()
        .max_page_size(1)
        .pages();
    let first = pages.next().await.ok_or("no first page")??;
    println!("page 1: {} receipt(s)", first.value.len());
    // The page's next link is the continuation token; store it as text.
    let saved: String = match &first.next_link {
        Some(link) => ContinuationToken::from(link.clone()).into_string(),
        None => return Err("the listing has a single page; nothing to resume".into()),
    };
    drop(pages);

    // Later: read the token back and go on from where the listing stopped.
    let token: ContinuationToken = saved.parse()?;
    let rest: Vec<_> = client
        .list_chat_read_receipts_pages_from(token)
        .map_ok(|page| page.into_inner().value)
        .try_concat()
        .await?;
    println!("resumed: {} more receipt(s)", rest.len());
    for receipt in &rest {
        println!(
            "  {} read {}",
            receipt.sender().raw_id(),
            receipt.chat_message_id
        );
    }
    if first.value.len() + rest.len() != 3 {
        return Err(format!(
            "expected 3 receipts in all, got {}",
            first.value.len() + rest.len()
        )
        .into());
    }

    demo.shutdown().await;
    Ok(())
}
