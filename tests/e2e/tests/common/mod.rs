//! Helpers shared by the end-to-end tests: the client under test pointed at
//! a loopback `wiremock::MockServer`, the seed examples, and small checks on
//! the requests the server received.
#![allow(dead_code)]

use std::time::Duration;

use wiremock::{MockServer, Request};

/// The thread id of the seed pages.
pub const THREAD_ID: &str =
    "19:uni01_zbnh3nt2dfuffezc3sox7dog7wfhk6y5qe2rwlnfhlhdzirihdpq@thread.v2";
/// The same, percent-encoded as the service expects it in the path.
pub const THREAD_ID_ENCODED: &str =
    "19%3Auni01_zbnh3nt2dfuffezc3sox7dog7wfhk6y5qe2rwlnfhlhdzirihdpq%40thread.v2";
/// The token every test client sends.
pub const TOKEN: &str = "test-token";
/// The api-version the client sends unless told otherwise.
pub const DEFAULT_API_VERSION: &str = "2025-03-15";
/// Another api-version, used in `nextLink`s and for the override.
pub const PREVIEW_API_VERSION: &str = "2024-03-15-preview";

/// The sample response of the (Korean) "List Chat Read Receipts" seed page,
/// verbatim.
pub const SEED_LIST_RESPONSE: &str = r#"{
  "value": [
    {
      "senderCommunicationIdentifier": {
        "rawId": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_0e59221d-0c1d-46ae-9544-c963ce56c10b",
        "communicationUser": {
          "id": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_0e59221d-0c1d-46ae-9544-c963ce56c10b"
        }
      },
      "chatMessageId": "1591137790240",
      "readOn": "2020-06-06T05:55:41.6460000Z"
    },
    {
      "senderCommunicationIdentifier": {
        "rawId": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_c94ff260-162d-46d6-94fd-e79f4d213715",
        "communicationUser": {
          "id": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_c94ff260-162d-46d6-94fd-e79f4d213715"
        }
      },
      "chatMessageId": "1591768249318",
      "readOn": "2020-06-06T05:55:41.6460000Z"
    }
  ],
  "nextLink": "https://contoso.westus.communications.azure.com/chat/threads/19:453dafb77b26481ea2e73bcada0324af@thread.v2/readReceipts?skip=2&maxPageSize=2&api-version=2024-03-15-preview"
}"#;

/// The request body of the "Send Chat Read Receipt" seed page, compacted.
pub const SEED_SEND_BODY: &str = r#"{"chatMessageId":"1591137790240"}"#;

/// A client for `server` with the test token.
pub fn client(server: &MockServer) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .build()
        .expect("client builds for a loopback mock server")
}

/// Every request `server` received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Every value of query parameter `name` in `request`, decoded, in order.
pub fn query_values(request: &Request, name: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// The single value of header `name`, as text; panics if absent or repeated.
pub fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert_eq!(values.len(), 1, "header {name}: {values:?}");
    values[0].to_str().expect("header is text")
}

/// Whether `s` is a hyphenated UUID (8-4-4-4-12 hex digits).
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Panics if `text` shows the test token.
pub fn assert_no_token(text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked into: {text}");
}

/// Checks that neither `Debug` nor `Display` of `err` shows the token.
pub fn assert_error_has_no_token(
    err: &acs_chat::Error<acs_chat::types::CommunicationErrorResponse>,
) {
    assert_no_token(&format!("{err:?}"));
    assert_no_token(&format!("{err}"));
}

/// One read receipt of ACS user `user` for message `message_id`.
pub fn receipt(user: &str, message_id: &str) -> serde_json::Value {
    let raw = format!("8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_{user}");
    serde_json::json!({
        "senderCommunicationIdentifier": {
            "rawId": raw,
            "communicationUser": { "id": raw }
        },
        "chatMessageId": message_id,
        "readOn": "2020-10-30T10:50:50Z"
    })
}

/// A `{"error": {...}}` body.
pub fn error_body(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "error": { "code": code, "message": message } })
}

/// The read-receipts URL of the seed thread on `server`, with `query`
/// (the thread id left raw, as in the seed page's `nextLink`).
pub fn link(server: &MockServer, query: &str) -> String {
    format!(
        "{}/chat/threads/{THREAD_ID}/readReceipts?{query}",
        server.uri()
    )
}

/// Upper bound for anything that could loop.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(10);
