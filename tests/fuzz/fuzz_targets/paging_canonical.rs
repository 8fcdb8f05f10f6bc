//! The canonical form of page URLs that loop detection compares: no panic
//! on any text; for an http(s) URL the form is its own canonical form, and
//! every respelling of the same page (percent-encoding, query order,
//! `skip=0`, leading zeros) has the same form.
#![no_main]

use acs_chat::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first bytes choose the respelling, the rest is the URL.
    let split = data.len().min(16);
    let (choices, text) = data.split_at(split);
    let text = String::from_utf8_lossy(text);
    let Some(canonical) = fuzzing::canonical_page_url(&text) else {
        return;
    };
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return;
    }
    assert_eq!(
        fuzzing::canonical_page_url(&canonical).as_deref(),
        Some(canonical.as_str()),
        "not idempotent for {text:?}"
    );
    if let Some(respelled) = fuzzing::respell_page_url(&text, choices) {
        assert_eq!(
            fuzzing::canonical_page_url(&respelled).as_deref(),
            Some(canonical.as_str()),
            "{text:?} respelled as {respelled:?}"
        );
    }
});
