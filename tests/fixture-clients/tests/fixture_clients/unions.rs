//! A discriminated union (`shape-discriminated-union.yaml`) on the wire: the
//! generated client calls a loopback server, which records what is sent and
//! answers with every field.

use acs_chat_fixture_clients::RetryOptions;
use acs_chat_fixture_clients::shape_discriminated_union::Client;
use acs_chat_fixture_clients::shape_discriminated_union::types::{
    AfterCreationCleanupPolicy, AfterCreationCleanupPolicyKind, ArchivePolicy, CleanupPolicy,
    Folder, NeverCleanupPolicy, NeverCleanupPolicyKind,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .token("test-token")
        .retry(RetryOptions::none())
        .build()
        .expect("client builds for a loopback server")
}

/// An unknown case, keys deliberately not in sorted order, a nested object
/// and a number that must come back as written.
const UNKNOWN: &str =
    r#"{"kind":"archive","zone":"cold","after":{"days":3,"at":"02:00"},"ratio":0.25}"#;

/// Every field of every known case, and an unknown one.
fn received_body() -> String {
    format!(
        r#"{{"name":"Reports","cleanup":{{"kind":"afterCreation","afterDays":30,"label":"monthly"}},"history":[{{"kind":"never","label":"keep"}},{UNKNOWN}]}}"#
    )
}

async fn server_answering(body: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/folders/f1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    server
}

async fn put(server: &MockServer, folder: Folder) -> Folder {
    client(server)
        .put_folder()
        .folder_id("f1")
        .body(folder)
        .send()
        .await
        .expect("200 decodes")
        .into_inner()
}

#[tokio::test]
async fn every_field_of_every_case_is_sent_and_an_unknown_case_goes_back_as_it_came() {
    let server = server_answering("{\"name\":\"x\"}".to_string()).await;
    let unknown: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(UNKNOWN).unwrap();
    let folder = Folder {
        name: "Reports".to_string(),
        archive: None,
        cleanup: Some(
            AfterCreationCleanupPolicy {
                after_days: 30,
                kind: AfterCreationCleanupPolicyKind::AfterCreation,
                label: Some("monthly".to_string()),
            }
            .into(),
        ),
        history: vec![
            CleanupPolicy::Never(NeverCleanupPolicy {
                kind: NeverCleanupPolicyKind::Never,
                label: Some("keep".to_string()),
            }),
            CleanupPolicy::Unknown(unknown),
        ],
    };
    put(&server, folder).await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        format!(
            r#"{{"cleanup":{{"afterDays":30,"kind":"afterCreation","label":"monthly"}},"history":[{{"kind":"never","label":"keep"}},{UNKNOWN}],"name":"Reports"}}"#
        )
    );
}

#[tokio::test]
async fn every_field_of_every_case_is_received_and_an_unknown_case_is_kept_whole() {
    let server = server_answering(received_body()).await;
    let folder = Folder {
        name: "Reports".to_string(),
        archive: None,
        cleanup: None,
        history: Vec::new(),
    };
    let got = put(&server, folder).await;
    assert_eq!(got.name, "Reports");
    let Some(CleanupPolicy::AfterCreation(after)) = &got.cleanup else {
        panic!("the afterCreation case: {:?}", got.cleanup)
    };
    assert_eq!(after.after_days, 30);
    assert_eq!(after.label.as_deref(), Some("monthly"));
    assert_eq!(after.kind, AfterCreationCleanupPolicyKind::AfterCreation);
    assert_eq!(
        got.cleanup.as_ref().unwrap().discriminator(),
        "afterCreation"
    );
    let [
        CleanupPolicy::Never(never),
        unknown @ CleanupPolicy::Unknown(map),
    ] = got.history.as_slice()
    else {
        panic!("a never case and an unknown one: {:?}", got.history)
    };
    assert_eq!(never.label.as_deref(), Some("keep"));
    assert_eq!(unknown.discriminator(), "archive");
    assert_eq!(map["after"]["days"], 3);
    // Sent back, the unknown case is the same bytes it came as.
    assert_eq!(serde_json::to_string(unknown).unwrap(), UNKNOWN);
}

#[tokio::test]
async fn the_union_itself_is_a_request_and_response_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/folders/f1/cleanup"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(UNKNOWN, "application/json"))
        .mount(&server)
        .await;
    let sent = CleanupPolicy::AfterCreation(AfterCreationCleanupPolicy {
        after_days: 7,
        kind: AfterCreationCleanupPolicyKind::AfterCreation,
        label: None,
    });
    let got = client(&server)
        .set_cleanup()
        .folder_id("f1")
        .body(sent)
        .send()
        .await
        .expect("200 decodes")
        .into_inner();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].body,
        br#"{"afterDays":7,"kind":"afterCreation"}"#
    );
    assert_eq!(got.discriminator(), "archive");
    assert_eq!(serde_json::to_string(&got).unwrap(), UNKNOWN);
}

#[test]
fn a_known_case_missing_a_required_field_is_an_error_that_names_it() {
    let err = serde_json::from_str::<CleanupPolicy>(r#"{"kind":"afterCreation"}"#).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("afterCreation"), "{message}");
    assert!(message.contains("afterDays"), "{message}");
}

#[test]
fn a_value_without_a_string_discriminator_is_an_error() {
    let missing = serde_json::from_str::<CleanupPolicy>(r#"{"afterDays":3}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `kind`"),
        "{missing}"
    );
    let number = serde_json::from_str::<CleanupPolicy>(r#"{"kind":7}"#).unwrap_err();
    assert!(
        number.to_string().contains("`kind` is not a string"),
        "{number}"
    );
}

#[test]
fn a_case_value_decides_the_case_not_the_fields_it_happens_to_have() {
    // `never` with an `afterDays` it does not declare: still the never case
    // (an untagged enum would have picked afterCreation).
    let policy: CleanupPolicy = serde_json::from_str(r#"{"kind":"never","afterDays":3}"#).unwrap();
    assert!(matches!(policy, CleanupPolicy::Never(_)), "{policy:?}");
}

#[test]
fn a_union_of_one_known_case_still_keeps_an_unknown_one() {
    // typify writes a one-member `oneOf` as a newtype, not an enum; the
    // union is the same enum all the same.
    let cold: ArchivePolicy =
        serde_json::from_str(r#"{"tier":"cold","retrievalHours":12}"#).unwrap();
    let ArchivePolicy::Cold(c) = &cold else {
        panic!("the cold case: {cold:?}")
    };
    assert_eq!(c.retrieval_hours, Some(12));
    assert_eq!(
        serde_json::to_string(&cold).unwrap(),
        r#"{"retrievalHours":12,"tier":"cold"}"#
    );
    let glacier = r#"{"tier":"glacier","retrievalDays":2}"#;
    let unknown: ArchivePolicy = serde_json::from_str(glacier).unwrap();
    assert_eq!(unknown.discriminator(), "glacier");
    assert_eq!(serde_json::to_string(&unknown).unwrap(), glacier);
}
