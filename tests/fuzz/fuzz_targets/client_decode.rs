//! Everything the client reads from a server (page and error bodies,
//! Retry-After headers, next links, token payloads) and the path encoding of
//! what it sends: no panic on any input.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use acs_chat::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match selector % 6 {
        0 => {
            let _ = serde_json::from_slice::<acs_chat::types::ChatMessageReadReceiptsCollection>(rest);
        }
        1 => {
            let status = u16::from(rest.first().copied().unwrap_or(0)) + 300;
            let (display, _) = fuzzing::service_error(status, &[("x-ms-error-code", rest)], rest);
            assert!(display.starts_with("service error"));
        }
        2 => {
            let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
            for name in ["retry-after", "retry-after-ms", "x-ms-retry-after-ms"] {
                let _ = fuzzing::retry_after(&[(name, rest)], now);
            }
        }
        3 => {
            if let Ok(url) = fuzzing::next_link("https://contoso.communication.azure.com", &text) {
                assert_eq!(url.host_str(), Some("contoso.communication.azure.com"));
            }
        }
        4 => {
            let _ = fuzzing::token_expiry(&text);
        }
        _ => {
            let encoded = fuzzing::encode_path(&text);
            assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        }
    }
});
