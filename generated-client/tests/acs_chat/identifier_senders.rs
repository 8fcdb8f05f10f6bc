//! `receipt.sender()` over HTTP: every participant of the mock's
//! every-kind thread (`acs-chat-mock fixture`, `DEMO_KINDS_USERS`) sends a
//! receipt, and the listed receipts' senders are the variants the official
//! SDKs give those raw ids, with their parts, also at an api-version that
//! predates Teams extension users. Plus table tests of the wire rules.

use std::collections::BTreeMap;
use std::time::Duration;

use acs_chat::types::{
    CommunicationIdentifierModel, CommunicationIdentifierModelKind, SendReadReceiptRequest,
};
use acs_chat::{
    Client, CommunicationCloudEnvironment as Cloud, CommunicationIdentifier as Id,
    IdentifierModelError,
};
use acs_chat_mock::{DEMO_KINDS_THREAD_ID, DEMO_KINDS_USERS, DEMO_MESSAGES, MockService};
use futures::TryStreamExt;

const HOUR: Duration = Duration::from_secs(3600);

/// What the official SDK makes of each participant: kind, then the parts.
fn expected(raw: &str) -> (&'static str, Vec<String>) {
    let tail = |p: &str| raw[p.len()..].to_string();
    match raw {
        r if r.starts_with("4:") => (
            "phoneNumber",
            vec![tail("4:"), (r == "4:anonymous").to_string()],
        ),
        r if r.starts_with("8:orgid:") => (
            "microsoftTeamsUser",
            vec![tail("8:orgid:"), "public".into(), "false".into()],
        ),
        r if r.starts_with("8:dod:") => (
            "microsoftTeamsUser",
            vec![tail("8:dod:"), "dod".into(), "false".into()],
        ),
        r if r.starts_with("8:gcch:") => (
            "microsoftTeamsUser",
            vec![tail("8:gcch:"), "gcch".into(), "false".into()],
        ),
        r if r.starts_with("8:teamsvisitor:") => (
            "microsoftTeamsUser",
            vec![tail("8:teamsvisitor:"), "public".into(), "true".into()],
        ),
        r if r.starts_with("28:orgid:") => (
            "microsoftTeamsApp",
            vec![tail("28:orgid:"), "public".into()],
        ),
        r if r.starts_with("28:dod:") => ("microsoftTeamsApp", vec![tail("28:dod:"), "dod".into()]),
        r if r.starts_with("28:gcch:") => {
            ("microsoftTeamsApp", vec![tail("28:gcch:"), "gcch".into()])
        }
        r if r.matches('_').count() == 2 => {
            let (prefix, rest) = r.rsplit_once(':').unwrap();
            let cloud = match prefix {
                "8:acs" => "public",
                "8:dod-acs" => "dod",
                "8:gcch-acs" => "gcch",
                other => panic!("{other}"),
            };
            let mut parts: Vec<String> = rest.split('_').map(String::from).collect();
            parts.push(cloud.into());
            ("teamsExtensionUser", parts)
        }
        _ => ("communicationUser", vec![raw.to_string()]),
    }
}

fn parts(id: &Id) -> Vec<String> {
    match id {
        Id::CommunicationUser(u) => vec![u.id.clone()],
        Id::PhoneNumber(p) => vec![p.phone_number.clone(), p.is_anonymous.to_string()],
        Id::MicrosoftTeamsUser(u) => vec![
            u.user_id.clone(),
            u.cloud.to_string(),
            u.is_anonymous.to_string(),
        ],
        Id::MicrosoftTeamsApp(a) => vec![a.app_id.clone(), a.cloud.to_string()],
        Id::TeamsExtensionUser(u) => vec![
            u.resource_id.clone(),
            u.tenant_id.clone(),
            u.user_id.clone(),
            u.cloud.to_string(),
        ],
        other => panic!("unexpected {other:?}"),
    }
}

async fn senders(mock: &acs_chat_mock::RunningMock, version: &str) -> BTreeMap<String, Id> {
    let client = |user: &str| {
        Client::builder(mock.base_url())
            .token(mock.token_for(user, HOUR))
            .api_version(version)
            .build()
            .unwrap()
    };
    for user in DEMO_KINDS_USERS {
        client(user)
            .send_chat_read_receipt()
            .chat_thread_id(DEMO_KINDS_THREAD_ID)
            .body(SendReadReceiptRequest {
                chat_message_id: DEMO_MESSAGES[1].into(),
            })
            .send()
            .await
            .unwrap_or_else(|e| panic!("{user}: {e}"));
    }
    let receipts: Vec<_> = client(DEMO_KINDS_USERS[0])
        .list_chat_read_receipts()
        .chat_thread_id(DEMO_KINDS_THREAD_ID)
        .max_page_size(4)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(receipts.len(), DEMO_KINDS_USERS.len());
    receipts
        .iter()
        .map(|r| {
            let sender = r.sender();
            assert_eq!(
                Id::try_from_model(&r.sender_communication_identifier).as_ref(),
                Ok(&sender),
                "strict and lenient agree on what the mock sends"
            );
            (sender.raw_id().into_owned(), sender)
        })
        .collect()
}

#[tokio::test]
async fn every_kind_of_sender_from_the_mock_is_typed_as_the_sdks_type_it() {
    let mock = MockService::builder()
        .throttling(false)
        .start()
        .await
        .unwrap();
    let senders = senders(&mock, "2025-03-15").await;
    let mut kinds = std::collections::BTreeSet::new();
    for user in DEMO_KINDS_USERS {
        let sender = senders
            .get(user)
            .unwrap_or_else(|| panic!("no receipt of {user}"));
        let (kind, expected_parts) = expected(user);
        assert_eq!(sender.kind(), kind, "{user}: {sender:?}");
        assert_eq!(parts(sender), expected_parts, "{user}");
        assert_eq!(sender, &Id::from_raw_id(user), "{user}");
        kinds.insert(kind);
    }
    assert_eq!(kinds.len(), 5, "the fixture holds every kind: {kinds:?}");
}

#[tokio::test]
async fn before_teams_extension_users_they_are_communication_users() {
    let mock = MockService::builder()
        .throttling(false)
        .start()
        .await
        .unwrap();
    let senders = senders(&mock, "2024-03-07").await;
    for user in DEMO_KINDS_USERS {
        let sender = &senders[user];
        match expected(user).0 {
            "teamsExtensionUser" => {
                assert!(
                    matches!(sender, Id::CommunicationUser(u) if u.id == user),
                    "{sender:?}"
                )
            }
            kind => assert_eq!(sender.kind(), kind, "{user}"),
        }
    }
}

fn model(json: &str) -> CommunicationIdentifierModel {
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_kind_decides_when_sent_and_the_nested_model_when_not() {
    let user = r#""communicationUser":{"id":"8:acs:r_u"}"#;
    let cases: &[(&str, &str)] = &[
        // The live service's usual form: no kind.
        (r#"{"rawId":"8:acs:r_u",USER}"#, "communicationUser"),
        (
            r#"{"rawId":"8:acs:r_u","kind":"communicationUser",USER}"#,
            "communicationUser",
        ),
        // A kind that names no model present, `unknown`, or a new kind: unknown.
        (
            r#"{"rawId":"8:acs:r_u","kind":"phoneNumber",USER}"#,
            "unknown",
        ),
        (r#"{"rawId":"8:acs:r_u","kind":"unknown",USER}"#, "unknown"),
        (
            r#"{"rawId":"8:acs:r_u","kind":"futureKind",USER}"#,
            "unknown",
        ),
        // The raw id's prefix alone does not type it, as in the official SDKs.
        (r#"{"rawId":"8:orgid:x"}"#, "unknown"),
        (
            r#"{"rawId":"4:+1","phoneNumber":{"value":"+1"}}"#,
            "phoneNumber",
        ),
        (
            r#"{"rawId":"x","microsoftTeamsUser":{"userId":"u"}}"#,
            "microsoftTeamsUser",
        ),
        (
            r#"{"rawId":"x","microsoftTeamsApp":{"appId":"a","cloud":"dod"}}"#,
            "microsoftTeamsApp",
        ),
        (
            r#"{"rawId":"x","teamsExtensionUser":{"userId":"u","tenantId":"t","resourceId":"r"}}"#,
            "teamsExtensionUser",
        ),
    ];
    for (json, kind) in cases {
        let json = json.replace("USER", user);
        let m = model(&json);
        assert_eq!(Id::from(&m).kind(), *kind, "{json}");
        assert_eq!(Id::try_from_model(&m).unwrap().kind(), *kind, "{json}");
        // The service's raw id is kept (a communication user's is its id).
        assert_eq!(Id::from(&m).raw_id(), m.raw_id.clone().unwrap(), "{json}");
    }
}

#[test]
fn the_parts_come_from_the_nested_model_with_the_specs_defaults() {
    let m = model(r#"{"rawId":"8:orgid:u","microsoftTeamsUser":{"userId":"u"}}"#);
    let Id::MicrosoftTeamsUser(u) = Id::from(&m) else {
        panic!()
    };
    assert_eq!((u.is_anonymous, &u.cloud), (false, &Cloud::Public));
    let m = model(r#"{"microsoftTeamsApp":{"appId":"a","cloud":"mooncake"}}"#);
    let Id::MicrosoftTeamsApp(a) = Id::from(&m) else {
        panic!()
    };
    assert_eq!(
        a.cloud,
        Cloud::Other("mooncake".into()),
        "an unknown cloud is kept"
    );
    assert_eq!(
        Id::MicrosoftTeamsApp(a.clone()).raw_id(),
        "28:orgid:a",
        "and raw ids treat it as public"
    );
    let back = CommunicationIdentifierModel::from(&Id::MicrosoftTeamsApp(a));
    assert_eq!(
        back.microsoft_teams_app.unwrap().cloud.unwrap().as_str(),
        "mooncake"
    );
    let m = model(
        r#"{"rawId":"4:+1_x","phoneNumber":{"value":"+1_x","assertedId":"x","isAnonymous":false}}"#,
    );
    let Id::PhoneNumber(p) = Id::from(&m) else {
        panic!()
    };
    assert_eq!(p.asserted_id.as_deref(), Some("x"));
}

#[test]
fn what_cannot_be_modelled_is_refused_by_try_from_model() {
    let two = model(
        r#"{"rawId":"4:+1","phoneNumber":{"value":"+1"},"communicationUser":{"id":"8:acs:x"}}"#,
    );
    assert_eq!(
        Id::try_from_model(&two),
        Err(IdentifierModelError::MoreThanOneNestedModel {
            present: vec!["communicationUser", "phoneNumber"]
        })
    );
    // sender()'s lenient conversion takes the first, as Python's SDK does.
    assert_eq!(Id::from(&two).kind(), "communicationUser");
    let mut nothing = CommunicationIdentifierModel::default();
    assert_eq!(
        Id::try_from_model(&nothing),
        Err(IdentifierModelError::MissingRawId { kind: None })
    );
    nothing.kind = Some(CommunicationIdentifierModelKind::PhoneNumber);
    let err = Id::try_from_model(&nothing).unwrap_err();
    assert!(err.to_string().contains("`phoneNumber`"), "{err}");
    assert_eq!(Id::from(&nothing), Id::Unknown { id: String::new() });
}
