//! Property tests of everything the client decodes from a server (and the
//! path encoding of what it sends): arbitrary input never panics, and the
//! results keep their promises. The case counts are proptest's default (256
//! per property) unless `PROPTEST_CASES` says otherwise; RELIABILITY.md
//! records the numbers run.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_chat::fuzzing;
use acs_chat::types::{
    ChatMessageReadReceiptsCollection, CommunicationErrorResponse, CommunicationIdentifierModelKind,
};
use base64::Engine;
use proptest::prelude::*;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

/// Arbitrary JSON, nested a few levels, with the keys the client looks for
/// mixed in so that decoding gets past the first field.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("value".to_string()),
        Just("nextLink".to_string()),
        Just("error".to_string()),
        Just("code".to_string()),
        Just("message".to_string()),
        Just("CommunicationError".to_string()),
        Just("Code".to_string()),
        Just("senderCommunicationIdentifier".to_string()),
        Just("kind".to_string()),
        Just("readOn".to_string()),
        Just("chatMessageId".to_string()),
        "[a-zA-Z]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        ".{0,20}".prop_map(serde_json::Value::from),
        Just(serde_json::Value::from("2020-06-06T05:55:41.6460000Z")),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn retry_after_never_panics_and_reads_seconds(value in prop::collection::vec(any::<u8>(), 0..40), seconds in 0u32..100_000) {
        for name in ["retry-after", "retry-after-ms", "x-ms-retry-after-ms"] {
            let _ = fuzzing::retry_after(&[(name, &value)], now());
        }
        let text = seconds.to_string();
        prop_assert_eq!(
            fuzzing::retry_after(&[("retry-after", text.as_bytes())], now()),
            Some(Duration::from_secs(seconds.into()))
        );
        prop_assert_eq!(
            fuzzing::retry_after(&[("retry-after-ms", text.as_bytes())], now()),
            Some(Duration::from_millis(seconds.into()))
        );
    }

    #[test]
    fn error_bodies_never_panic(status in 0u16..1000, body in prop::collection::vec(any::<u8>(), 0..200), code in prop::option::of(prop::collection::vec(any::<u8>(), 0..20))) {
        let mut headers: Vec<(&str, &[u8])> = Vec::new();
        if let Some(code) = &code {
            headers.push(("x-ms-error-code", code));
        }
        let (display, debug) = fuzzing::service_error(status, &headers, &body);
        prop_assert!(display.starts_with("service error "));
        prop_assert!(!debug.is_empty());
    }

    #[test]
    fn error_bodies_of_either_shape_give_their_code(code in "[A-Za-z]{1,20}", message in "[ -~]{0,40}", live in any::<bool>()) {
        let body = if live {
            serde_json::json!({"CommunicationError": {"Code": code, "Message": message, "Details": []}})
        } else {
            serde_json::json!({"error": {"code": code, "message": message}})
        };
        let (display, _) = fuzzing::service_error(403, &[], body.to_string().as_bytes());
        prop_assert!(display.contains(&code), "{}", display);
    }

    #[test]
    fn json_of_any_shape_decodes_or_fails_cleanly(value in json()) {
        let text = value.to_string();
        let _ = serde_json::from_str::<ChatMessageReadReceiptsCollection>(&text);
        let _ = serde_json::from_str::<CommunicationErrorResponse>(&text);
        let (display, _) = fuzzing::service_error(500, &[], text.as_bytes());
        prop_assert!(display.starts_with("service error 500"));
    }

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = serde_json::from_slice::<ChatMessageReadReceiptsCollection>(&bytes);
        let _ = serde_json::from_slice::<CommunicationErrorResponse>(&bytes);
    }

    #[test]
    fn any_identifier_kind_is_kept_as_sent(kind in ".{0,30}") {
        let decoded: CommunicationIdentifierModelKind = serde_json::from_value(serde_json::Value::from(kind.clone())).unwrap();
        prop_assert_eq!(decoded.as_str(), kind.as_str());
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), serde_json::Value::from(kind));
    }

    #[test]
    fn next_links_are_followed_only_on_the_endpoint_origin(link in ".{0,80}", path in "[a-z/]{0,20}", query in "[a-z=&]{0,20}") {
        let endpoint = "https://contoso.communication.azure.com";
        if let Ok(url) = fuzzing::next_link(endpoint, &link) {
            prop_assert_eq!(url.origin(), reqwest::Url::parse(endpoint).unwrap().origin());
            prop_assert!(url.username().is_empty() && url.password().is_none());
        }
        let same = format!("{endpoint}/{path}?{query}");
        prop_assert!(fuzzing::next_link(endpoint, &same).is_ok(), "{}", same);
        for other in ["http://contoso.communication.azure.com", "https://contoso.communication.azure.com:444", "https://evil.example"] {
            let foreign = format!("{other}/{path}?{query}");
            prop_assert!(fuzzing::next_link(endpoint, &foreign).is_err(), "{}", foreign);
        }
    }

    #[test]
    fn page_urls_respelled_have_one_canonical_form(
        host in "[a-zA-Z][a-zA-Z0-9-]{0,10}(\\.[a-z]{2,5})?",
        segments in prop::collection::vec("[a-zA-Z0-9:@%._~ é-]{0,12}", 0..5),
        query in prop::collection::vec(("(skip|maxPageSize|api-version|[a-z]{1,5})", "[0-9a-z.+%=&-]{0,8}"), 0..5),
        choices in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut url = url::Url::parse(&format!("https://{host}/")).unwrap();
        url.path_segments_mut().unwrap().extend(&segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(&query);
        }
        let canonical = fuzzing::canonical_page_url(url.as_str()).unwrap();
        // Idempotent: the canonical form is its own canonical form.
        prop_assert_eq!(fuzzing::canonical_page_url(&canonical), Some(canonical.clone()));
        // Every respelling of the page meets it.
        let respelled = fuzzing::respell_page_url(url.as_str(), &choices).unwrap();
        prop_assert_eq!(fuzzing::canonical_page_url(&respelled), Some(canonical), "respelled {}", respelled);
    }

    #[test]
    fn canonical_page_urls_never_panic(text in "(https?://)?.{0,120}") {
        // Any text: no panic; an http(s) URL's form is its own form.
        if let Some(canonical) = fuzzing::canonical_page_url(&text)
            && (text.starts_with("http://") || text.starts_with("https://"))
        {
            prop_assert_eq!(fuzzing::canonical_page_url(&canonical), Some(canonical));
        }
    }

    #[test]
    fn token_expiry_reads_exp_and_never_panics(token in ".{0,120}", exp in 0u64..4_000_000_000) {
        let _ = fuzzing::token_expiry(&token);
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = format!("{}.{}.sig", b64(r#"{"alg":"none"}"#), b64(&format!(r#"{{"exp":{exp}}}"#)));
        prop_assert_eq!(fuzzing::token_expiry(&jwt).unwrap(), UNIX_EPOCH + Duration::from_secs(exp));
    }

    #[test]
    fn path_parameters_encode_to_unreserved_characters_and_back(segment in ".{0,40}") {
        let encoded = fuzzing::encode_path(&segment);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", encoded);
        let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8().unwrap();
        prop_assert_eq!(decoded, segment);
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    for depth in [1_000, 100_000] {
        let text = format!("{{\"value\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<ChatMessageReadReceiptsCollection>(&text).is_err());
        let (display, _) = fuzzing::service_error(500, &[], text.as_bytes());
        assert!(display.starts_with("service error 500"));
    }
}
