//! `kind` and `cloud` are open enums: unknown strings from the service are
//! kept, known ones map to their variants.

use crate::common::*;
use acs_chat::types::{
    ChatMessageReadReceipt, CommunicationCloudEnvironmentModel as Cloud,
    CommunicationIdentifierModelKind as Kind,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Lists one page holding receipts with these sender identifiers.
async fn receipts_with(identifiers: Vec<serde_json::Value>) -> Vec<ChatMessageReadReceipt> {
    let value: Vec<_> = identifiers
        .into_iter()
        .map(|id| {
            serde_json::json!({
                "senderCommunicationIdentifier": id,
                "chatMessageId": "1591137790240",
                "readOn": "2020-10-30T10:50:50Z"
            })
        })
        .collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": value })),
        )
        .mount(&server)
        .await;
    client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .expect("page decodes")
        .into_inner()
        .value
}

#[tokio::test]
async fn unknown_kind_is_kept_and_known_kinds_map_to_variants() {
    let receipts = receipts_with(vec![
        serde_json::json!({ "rawId": "x:future", "kind": "futureKind" }),
        serde_json::json!({
            "rawId": "8:acs:r_u", "kind": "communicationUser",
            "communicationUser": { "id": "8:acs:r_u" }
        }),
        serde_json::json!({
            "rawId": "4:+1425", "kind": "phoneNumber", "phoneNumber": { "value": "+1425" }
        }),
        serde_json::json!({ "rawId": "?", "kind": "unknown" }),
        serde_json::json!({ "rawId": "x:case", "kind": "CommunicationUser" }),
    ])
    .await;
    let kinds: Vec<_> = receipts
        .iter()
        .map(|r| r.sender_communication_identifier.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        vec![
            Some(Kind::UnknownValue("futureKind".into())),
            Some(Kind::CommunicationUser),
            Some(Kind::PhoneNumber),
            Some(Kind::Unknown),
            // Values are case-sensitive on the wire: this is not `communicationUser`.
            Some(Kind::UnknownValue("CommunicationUser".into())),
        ]
    );
    // An unknown value goes back out exactly as it came in.
    let first = &receipts[0].sender_communication_identifier;
    assert_eq!(first.kind.as_ref().unwrap().as_str(), "futureKind");
    assert_eq!(
        serde_json::to_value(first).unwrap(),
        serde_json::json!({ "rawId": "x:future", "kind": "futureKind" })
    );
}

#[tokio::test]
async fn unknown_cloud_is_kept_and_known_clouds_map_to_variants() {
    let receipts = receipts_with(vec![
        serde_json::json!({
            "rawId": "8:orgid:u1", "kind": "microsoftTeamsUser",
            "microsoftTeamsUser": { "userId": "u1", "cloud": "gcch", "isAnonymous": false }
        }),
        serde_json::json!({
            "rawId": "8:orgid:u2", "kind": "microsoftTeamsUser",
            "microsoftTeamsUser": { "userId": "u2", "cloud": "futureCloud" }
        }),
        serde_json::json!({
            "rawId": "28:dod:a1", "kind": "microsoftTeamsApp",
            "microsoftTeamsApp": { "appId": "a1", "cloud": "dod" }
        }),
        serde_json::json!({
            "rawId": "8:acs:x", "kind": "teamsExtensionUser",
            "teamsExtensionUser": {
                "userId": "u3", "tenantId": "t", "resourceId": "r", "cloud": "public"
            }
        }),
        serde_json::json!({
            "rawId": "28:a2", "kind": "microsoftTeamsApp",
            "microsoftTeamsApp": { "appId": "a2" }
        }),
    ])
    .await;
    let ids: Vec<_> = receipts
        .iter()
        .map(|r| &r.sender_communication_identifier)
        .collect();

    let teams0 = ids[0].microsoft_teams_user.as_ref().unwrap();
    assert_eq!(teams0.cloud, Some(Cloud::Gcch));
    assert_eq!(teams0.user_id, "u1");
    assert_eq!(teams0.is_anonymous, Some(false));
    assert_eq!(
        ids[1].microsoft_teams_user.as_ref().unwrap().cloud,
        Some(Cloud::UnknownValue("futureCloud".into()))
    );
    assert_eq!(ids[0].kind, Some(Kind::MicrosoftTeamsUser));
    let app = ids[2].microsoft_teams_app.as_ref().unwrap();
    assert_eq!(app.cloud, Some(Cloud::Dod));
    assert_eq!(app.app_id, "a1");
    assert_eq!(ids[2].kind, Some(Kind::MicrosoftTeamsApp));
    let ext = ids[3].teams_extension_user.as_ref().unwrap();
    assert_eq!(ext.cloud, Some(Cloud::Public));
    assert_eq!(
        (
            ext.user_id.as_str(),
            ext.tenant_id.as_str(),
            ext.resource_id.as_str()
        ),
        ("u3", "t", "r")
    );
    assert_eq!(ids[3].kind, Some(Kind::TeamsExtensionUser));
    assert_eq!(ids[4].microsoft_teams_app.as_ref().unwrap().cloud, None);

    assert_eq!(
        Cloud::UnknownValue("futureCloud".into()).to_string(),
        "futureCloud"
    );
    assert_eq!("gcch".parse::<Cloud>().unwrap(), Cloud::Gcch);
}
