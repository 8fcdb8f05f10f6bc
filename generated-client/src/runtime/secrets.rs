//! Keeping tokens out of text built from what a server sent, and keeping
//! that text small.
//!
//! A hostile or broken server can echo the bearer token back: in an error
//! body, in `x-ms-error-code`, in a success body that then fails to decode
//! (serde quotes the offending value), in a next link. Every error, code,
//! message, header, body and log field the crate builds from server data
//! goes through [`scrub`] or [`scrub_bytes`], which replace every live
//! token (and its JSON-escaped and percent-encoded spellings) with
//! [`REDACTED`].
//!
//! The tokens are found in a process-wide list of the secrets of every
//! live [`AccessToken`](crate::runtime::credential::AccessToken) (weak references: a dropped token leaves
//! it). A list, not the token of the one request, because some of this text
//! is built where the request is out of reach (decoding a success body).

use std::borrow::Cow;
use std::sync::{Arc, Mutex, Weak};

use bytes::Bytes;

/// What a token is replaced with.
pub const REDACTED: &str = "<redacted>";

/// The longest code, message or id kept from a server, in bytes.
pub const MAX_ERROR_TEXT: usize = 1024;

/// How much of a body an error's `Debug` shows, in bytes.
pub const DEBUG_BODY_PREVIEW: usize = 1024;

static LIVE: Mutex<Vec<Weak<str>>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<Weak<str>>> {
    // Only pushes and retains happen under the lock: a poisoned list is
    // still a valid list.
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remembers `secret` for scrubbing while it lives.
pub(crate) fn register(secret: &Arc<str>) {
    if secret.is_empty() {
        return;
    }
    let mut live = live();
    live.retain(|w| w.strong_count() > 0);
    live.push(Arc::downgrade(secret));
}

/// Every spelling of every live secret that may appear in server text.
fn spellings() -> Vec<String> {
    let secrets: Vec<Arc<str>> = live().iter().filter_map(Weak::upgrade).collect();
    let mut out = Vec::new();
    for secret in secrets {
        let json = serde_json::to_string(&*secret).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or_default()
            .to_string();
        let percent =
            percent_encoding::utf8_percent_encode(&secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        // JSON may also escape `/` (serde_json does not, others do).
        let json_slash = json.replace('/', "\\/");
        for spelling in [secret.to_string(), json, json_slash, percent] {
            if !spelling.is_empty() && !out.contains(&spelling) {
                out.push(spelling);
            }
        }
    }
    // Longest first, so that a spelling containing another goes whole.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// The length in bytes of the longest spelling of a live token (0 for
/// none): how far past a cut a body must be read for a token across the
/// cut to be scrubbed whole.
pub(crate) fn longest_spelling() -> usize {
    spellings().first().map_or(0, String::len)
}

/// `text` with every live token replaced by [`REDACTED`].
pub(crate) fn scrub(text: &str) -> String {
    let mut text = Cow::Borrowed(text);
    for spelling in spellings() {
        if text.contains(spelling.as_str()) {
            text = Cow::Owned(text.replace(spelling.as_str(), REDACTED));
        }
    }
    text.into_owned()
}

/// `bytes` with every live token replaced by [`REDACTED`].
pub(crate) fn scrub_bytes(bytes: Bytes) -> Bytes {
    let mut bytes = bytes;
    for spelling in spellings() {
        let finder = memchr::memmem::Finder::new(spelling.as_bytes());
        if finder.find(&bytes).is_none() {
            continue;
        }
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest: &[u8] = &bytes;
        while let Some(at) = finder.find(rest) {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(REDACTED.as_bytes());
            rest = &rest[at + spelling.len()..];
        }
        out.extend_from_slice(rest);
        bytes = Bytes::from(out);
    }
    bytes
}

/// `text` scrubbed and cut to [`MAX_ERROR_TEXT`] bytes (at a character
/// boundary, with `…` marking the cut).
pub(crate) fn server_text(text: &str) -> String {
    // Scrubbed whole before the cut, so that no token straddles it.
    let scrubbed = scrub(text);
    let shown = cut(&scrubbed, MAX_ERROR_TEXT);
    if shown.len() < scrubbed.len() {
        format!("{shown}…")
    } else {
        scrubbed
    }
}

/// The longest prefix of `text` of at most `max` bytes ending at a
/// character boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A body for `Debug`: at most [`DEBUG_BODY_PREVIEW`] bytes, as text, with
/// its full length when cut.
pub(crate) struct BodyPreview<'a>(pub(crate) &'a [u8]);

impl std::fmt::Debug for BodyPreview<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = &self.0[..self.0.len().min(DEBUG_BODY_PREVIEW)];
        let text = String::from_utf8_lossy(shown);
        if shown.len() < self.0.len() {
            write!(f, "{text:?}… ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_tokens_are_scrubbed_in_every_spelling_and_dropped_ones_forgotten() {
        let token: Arc<str> = Arc::from("unit/test+token");
        register(&token);
        assert_eq!(scrub("a unit/test+token b"), "a <redacted> b");
        assert_eq!(scrub("a unit\\/test+token"), "a <redacted>");
        assert_eq!(scrub("/p/unit%2Ftest%2Btoken"), "/p/<redacted>");
        assert_eq!(
            &scrub_bytes(Bytes::from_static(b"xunit/test+tokenyunit/test+token"))[..],
            b"x<redacted>y<redacted>"
        );
        // Another test's scrub may hold a strong reference for a moment
        // (it upgrades every live token while it runs): wait, bounded, until
        // the last one is gone, then the token is no longer scrubbed.
        let weak = Arc::downgrade(&token);
        drop(token);
        for _ in 0..1000 {
            if weak.strong_count() == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(weak.strong_count(), 0, "a scrub kept the token alive");
        assert_eq!(scrub("a unit/test+token b"), "a unit/test+token b");
    }

    #[test]
    fn server_text_is_bounded_at_a_character_boundary() {
        let long = "é".repeat(MAX_ERROR_TEXT);
        let shown = server_text(&long);
        assert!(shown.len() <= MAX_ERROR_TEXT + "…".len(), "{}", shown.len());
        assert!(shown.ends_with('…'));
        assert_eq!(server_text("short"), "short");
        let preview = format!("{:?}", BodyPreview(&[b'x'; 5000]));
        assert!(preview.len() < DEBUG_BODY_PREVIEW + 32, "{preview}");
        assert!(preview.ends_with("(5000 bytes)"), "{preview}");
    }
}
