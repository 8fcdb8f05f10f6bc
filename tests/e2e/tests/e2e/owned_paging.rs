//! Listings own what they need: `'static + Send`, movable into
//! `tokio::spawn` after the client value is gone, and resumable from a
//! stored `ContinuationToken`.

use crate::common::*;
use crate::paging::{message_ids, mount_three_pages};
use acs_chat::paging::ContinuationToken;
use futures::TryStreamExt;
use wiremock::MockServer;

fn assert_static_send<T: Send + 'static>(value: T) -> T {
    value
}

#[test]
fn the_client_is_clone_send_and_sync() {
    fn check<T: Clone + Send + Sync + 'static>() {}
    check::<acs_chat::Client>();
}

#[tokio::test]
async fn a_stream_runs_in_a_spawned_task_after_the_client_is_dropped() {
    let server = MockServer::start().await;
    mount_three_pages(&server, false).await;
    let client = client(&server);
    let stream = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .max_page_size(2)
        .stream();
    drop(client);
    let task = tokio::spawn(assert_static_send(stream.try_collect::<Vec<_>>()));
    let receipts = tokio::time::timeout(TEST_TIMEOUT, task)
        .await
        .expect("no hang")
        .expect("the task ends")
        .expect("all pages decode");
    assert_eq!(message_ids(&receipts), vec!["1", "2", "3", "4", "5"]);
}

#[tokio::test]
async fn a_listing_resumes_from_a_stored_continuation_token() {
    let server = MockServer::start().await;
    let (link2, _) = mount_three_pages(&server, false).await;
    let client = client(&server);
    let mut pages = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .max_page_size(2)
        .pages();
    let first = pages.try_next().await.unwrap().expect("page 1");
    drop(pages);
    let token = ContinuationToken::from(first.next_link.clone().expect("page 1 has a next link"));
    let stored = token.as_str().to_string();
    assert_eq!(stored, link2);

    // Later, from what was stored, in another task and with a clone.
    let restored: ContinuationToken = stored.parse().unwrap();
    let rest = client.clone().list_chat_read_receipts_pages_from(restored);
    let pages = tokio::spawn(assert_static_send(rest.try_collect::<Vec<_>>()))
        .await
        .unwrap()
        .unwrap();
    let ids: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.value.iter().map(|r| r.chat_message_id.as_str()).collect())
        .collect();
    assert_eq!(ids, vec![vec!["3", "4"], vec!["5"]]);
    assert_eq!(
        requests(&server).await.len(),
        3,
        "page 1 once, then pages 2 and 3"
    );
}

#[test]
fn a_continuation_token_does_not_show_its_query() {
    let token: ContinuationToken =
        "https://a.example/chat/threads/t/readReceipts?skip=2&sig=s3cr3t"
            .parse()
            .unwrap();
    let shown = format!("{token:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(
        shown.contains("a.example/chat/threads/t/readReceipts"),
        "{shown}"
    );
}
