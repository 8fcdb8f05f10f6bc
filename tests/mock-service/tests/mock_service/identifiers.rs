//! Identifiers over HTTP: every participant of the demo's every-kind thread
//! sends a receipt, and the list (page size 1) gives each the identifier
//! model the official `communication-common` libraries expect, valid
//! against the spec, with the fields the JavaScript deserializer requires.

use crate::common::*;
use acs_chat_mock::{DEMO_KINDS_THREAD_ID, DEMO_KINDS_USERS, DEMO_MESSAGES, MockService};
use reqwest::Method;
use serde_json::Value;

/// The properties `deserializeCommunicationIdentifier` of
/// `@azure/communication-common` 2.4 asserts, per kind.
fn required_by_js(kind: &str) -> &'static [&'static str] {
    match kind {
        "communicationUser" => &["id"],
        "phoneNumber" => &["value"],
        "microsoftTeamsUser" => &["userId", "isAnonymous", "cloud"],
        "microsoftTeamsApp" => &["appId", "cloud"],
        "teamsExtensionUser" => &["userId", "tenantId", "resourceId", "cloud"],
        other => panic!("unexpected kind {other}"),
    }
}

const KINDS: [&str; 5] = [
    "communicationUser",
    "phoneNumber",
    "microsoftTeamsUser",
    "microsoftTeamsApp",
    "teamsExtensionUser",
];

/// Lists the every-kind thread one receipt a page, following `nextLink`.
async fn list_all(c: &reqwest::Client, base: &str, token: &str, version: &str) -> Vec<Value> {
    let mut url = receipts_url(
        base,
        DEMO_KINDS_THREAD_ID,
        &format!("maxPageSize=1&api-version={version}"),
    );
    let mut items = Vec::new();
    for _ in 0..=DEMO_KINDS_USERS.len() {
        let r = raw(c, Method::GET, &url, Some(token), None).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let page = r.json();
        assert_matches_schema("ChatMessageReadReceiptsCollection", &page);
        items.extend(page["value"].as_array().unwrap().iter().cloned());
        match page.get("nextLink").and_then(Value::as_str) {
            Some(next) => url = next.to_string(),
            None => return items,
        }
    }
    panic!("more pages than receipts");
}

#[tokio::test]
async fn every_identifier_kind_is_sent_with_the_fields_the_sdks_require() {
    let mock = MockService::builder()
        .throttling(false)
        .start()
        .await
        .unwrap();
    let c = raw_client();
    let base = mock.base_url().to_string();
    for user in DEMO_KINDS_USERS {
        let token = mock.token_for(user, HOUR);
        let r = raw(
            &c,
            Method::POST,
            &receipts_url(&base, DEMO_KINDS_THREAD_ID, "api-version=2025-03-15"),
            Some(&token),
            Some((
                "application/json",
                format!(r#"{{"chatMessageId":"{}"}}"#, DEMO_MESSAGES[1]).into_bytes(),
            )),
        )
        .await;
        assert_eq!(
            r.status,
            200,
            "{user}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    let token = mock.token_for(DEMO_KINDS_USERS[7], HOUR);
    let items = list_all(&c, &base, &token, "2025-03-15").await;
    assert_eq!(items.len(), DEMO_KINDS_USERS.len());
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for item in &items {
        let id = &item["senderCommunicationIdentifier"];
        let raw_id = id["rawId"].as_str().unwrap();
        let kinds: Vec<&str> = KINDS
            .iter()
            .copied()
            .filter(|k| id.get(*k).is_some())
            .collect();
        assert_eq!(kinds.len(), 1, "one nested model: {id}");
        let kind = kinds[0];
        for field in required_by_js(kind) {
            assert!(id[kind].get(*field).is_some(), "{raw_id}: {kind}.{field}");
        }
        *seen.entry(kind.to_string()).or_default() += 1;
        let expected = match raw_id {
            r if r.starts_with("4:") => "phoneNumber",
            r if r.starts_with("28:") => "microsoftTeamsApp",
            r if r.starts_with("8:orgid:")
                || r.starts_with("8:dod:")
                || r.starts_with("8:gcch:")
                || r.starts_with("8:teamsvisitor:") =>
            {
                "microsoftTeamsUser"
            }
            r if r.matches('_').count() == 2 => "teamsExtensionUser",
            _ => "communicationUser",
        };
        assert_eq!(kind, expected, "{raw_id}");
        if raw_id.starts_with("8:teamsvisitor:") {
            assert_eq!(id[kind]["isAnonymous"], true, "{id}");
        }
        if raw_id.starts_with("8:dod:") || raw_id.starts_with("28:dod:") {
            assert_eq!(id[kind]["cloud"], "dod", "{id}");
        }
        if (raw_id.starts_with("8:gcch") && kind != "communicationUser")
            || raw_id.starts_with("28:gcch:")
        {
            assert_eq!(id[kind]["cloud"], "gcch", "{id}");
        }
    }
    assert_eq!(
        seen.keys().map(String::as_str).collect::<Vec<_>>(),
        {
            let mut k = KINDS.to_vec();
            k.sort();
            k
        },
        "every kind appears"
    );

    // An older api-version has no teamsExtensionUser: those come back as
    // communication users, still valid.
    let items = list_all(&c, &base, &token, "2024-03-07").await;
    assert_eq!(items.len(), DEMO_KINDS_USERS.len());
    assert!(items.iter().all(|i| {
        i["senderCommunicationIdentifier"]
            .get("teamsExtensionUser")
            .is_none()
    }));
    mock.shutdown().await;
}
