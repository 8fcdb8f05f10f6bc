//! `GET /chat/threads/{chatThreadId}/readReceipts`, one page: the seed
//! sample decodes, and `maxPageSize`/`skip` go on the wire only when set.

use crate::common::*;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn seed_sample_response_decodes_with_every_field() {
    let server = server_answering(SEED_LIST_RESPONSE).await;
    let page = client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .max_page_size(2)
        .send()
        .await
        .expect("the seed sample decodes");
    assert_eq!(page.status().as_u16(), 200);
    let page = page.into_inner();

    assert_eq!(
        page.next_link.as_deref(),
        Some(
            "https://contoso.westus.communications.azure.com/chat/threads/19:453dafb77b26481ea2e73bcada0324af@thread.v2/readReceipts?skip=2&maxPageSize=2&api-version=2024-03-15-preview"
        )
    );
    assert_eq!(page.value.len(), 2);
    let expected = [
        ("1591137790240", "0e59221d-0c1d-46ae-9544-c963ce56c10b"),
        ("1591768249318", "c94ff260-162d-46d6-94fd-e79f4d213715"),
    ];
    for (receipt, (message_id, user)) in page.value.iter().zip(expected) {
        let raw = format!("8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_{user}");
        assert_eq!(receipt.chat_message_id, message_id);
        // 2020-06-06T05:55:41.6460000Z: seven fractional digits.
        assert_eq!(receipt.read_on.timestamp(), 1_591_422_941);
        assert_eq!(receipt.read_on.timestamp_subsec_nanos(), 646_000_000);
        assert_eq!(
            receipt.read_on.to_rfc3339(),
            "2020-06-06T05:55:41.646+00:00"
        );
        let id = &receipt.sender_communication_identifier;
        assert_eq!(id.raw_id.as_deref(), Some(raw.as_str()));
        assert_eq!(
            id.communication_user.as_ref().map(|u| u.id.as_str()),
            Some(raw.as_str())
        );
        assert!(id.kind.is_none(), "the seed has no `kind`");
        assert!(id.phone_number.is_none());
        assert!(id.microsoft_teams_user.is_none());
        assert!(id.microsoft_teams_app.is_none());
        assert!(id.teams_extension_user.is_none());
    }

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method.as_str(), "GET");
    assert!(req.url.path().ends_with("/readReceipts"));
    assert_eq!(query_values(req, "maxPageSize"), vec!["2"]);
    assert!(query_values(req, "skip").is_empty());
    assert_eq!(query_values(req, "api-version"), vec![DEFAULT_API_VERSION]);
    assert_eq!(header(req, "authorization"), "Bearer test-token");
    assert_eq!(header(req, "accept"), "application/json");
    assert!(req.headers.get("api-version").is_none());
    assert!(is_uuid(header(req, "x-ms-client-request-id")));
    assert!(header(req, "user-agent").starts_with("acs-chat-rust/"));
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn list_percent_encodes_the_thread_id_in_the_raw_path() {
    let server = server_answering(r#"{"value":[]}"#).await;
    client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(
        reqs[0].url.path(),
        format!("/chat/threads/{THREAD_ID_ENCODED}/readReceipts")
    );
}

#[tokio::test]
async fn max_page_size_and_skip_are_sent_when_set() {
    let server = server_answering(r#"{"value":[]}"#).await;
    client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .max_page_size(7)
        .skip(14)
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(query_values(&reqs[0], "maxPageSize"), vec!["7"]);
    assert_eq!(query_values(&reqs[0], "skip"), vec!["14"]);
    assert_eq!(
        query_values(&reqs[0], "api-version"),
        vec![DEFAULT_API_VERSION]
    );
}

#[tokio::test]
async fn max_page_size_and_skip_are_absent_when_not_set() {
    let server = server_answering(r#"{"value":[]}"#).await;
    let page = client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(page.value.is_empty());
    assert!(page.next_link.is_none());
    let reqs = requests(&server).await;
    let pairs: Vec<(String, String)> = reqs[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        vec![("api-version".to_string(), DEFAULT_API_VERSION.to_string())]
    );
}

#[tokio::test]
async fn out_of_range_max_page_size_fails_before_anything_is_sent() {
    let server = server_answering(r#"{"value":[]}"#).await;
    let err = client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .max_page_size(u64::MAX)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::InvalidRequest(_)), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn whole_second_timestamps_and_unknown_properties_decode() {
    let body = serde_json::json!({
        "value": [{
            "senderCommunicationIdentifier": {
                "rawId": "4:+14255550123",
                "kind": "phoneNumber",
                "phoneNumber": { "value": "+14255550123", "isAnonymous": false, "assertedId": "a1" },
                "someFutureProperty": { "x": 1 }
            },
            "chatMessageId": "1603989050000",
            "readOn": "2020-10-30T10:50:50Z",
            "anotherFutureProperty": true
        }],
        "futurePageProperty": 3
    });
    let server = server_answering(&body.to_string()).await;
    let page = client(&server)
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .unwrap()
        .into_inner();
    let r = &page.value[0];
    assert_eq!(r.read_on.timestamp(), 1_604_055_050);
    assert_eq!(r.read_on.timestamp_subsec_nanos(), 0);
    let phone = r
        .sender_communication_identifier
        .phone_number
        .as_ref()
        .unwrap();
    assert_eq!(phone.value, "+14255550123");
    assert_eq!(phone.is_anonymous, Some(false));
    assert_eq!(phone.asserted_id.as_deref(), Some("a1"));
}

#[tokio::test]
async fn a_200_whose_body_is_not_a_page_is_an_error_not_a_panic() {
    for body in ["", "not json", r#"{"value": "nope"}"#, r#"{"items": []}"#] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let err = client(&server)
            .list_chat_read_receipts()
            .chat_thread_id(THREAD_ID)
            .send()
            .await
            .unwrap_err();
        match &err {
            acs_chat::Error::Decode {
                status, body: raw, ..
            } => {
                assert_eq!(status.map(|s| s.as_u16()), Some(200), "{body:?}");
                assert_eq!(&raw[..], body.as_bytes());
            }
            other => panic!("{body:?}: expected Decode, got {other}"),
        }
        assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
        assert_error_has_no_token(&err);
    }
}
