//! The request log, bounded in bytes: every field is cut to
//! [`MAX_LOGGED_FIELD_BYTES`], and the oldest entries go once the total
//! passes the byte budget ([`DEFAULT_LOG_BYTES`]) or [`MAX_LOGGED_REQUESTS`]
//! entries. Entries are `Arc`s so that a dump copies pointers under the
//! lock and serializes after releasing it.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde::Serialize;

/// One request as the mock saw it. Text fields are cut to
/// [`MAX_LOGGED_FIELD_BYTES`] (at a character boundary), and `truncated`
/// says whether any was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent (still percent-encoded).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The status answered; `None` when the connection was dropped.
    pub status: Option<u16>,
    /// The authenticated user, if any.
    pub user: Option<String>,
    /// `x-ms-client-request-id`, if sent.
    pub client_request_id: Option<String>,
    /// Whether a field above was cut.
    pub truncated: bool,
}

/// The most requests the log keeps (oldest dropped first).
pub const MAX_LOGGED_REQUESTS: usize = 100_000;
/// The longest text field a log entry keeps, in bytes.
pub const MAX_LOGGED_FIELD_BYTES: usize = 1024;
/// The default byte budget of the log (text fields plus a fixed cost per
/// entry): 16 MiB.
pub const DEFAULT_LOG_BYTES: usize = 16 * 1024 * 1024;
/// What an entry costs beyond its text (the struct, the `Arc`, the queue slot).
const ENTRY_OVERHEAD: usize = 128;

/// `s` cut to at most `max` bytes at a character boundary.
pub(crate) fn cut(s: &str, max: usize) -> (&str, bool) {
    if s.len() <= max {
        return (s, false);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (&s[..end], true)
}

impl LoggedRequest {
    /// An entry with every field cut to [`MAX_LOGGED_FIELD_BYTES`].
    pub(crate) fn new(
        method: &str,
        path: &str,
        query: Option<&str>,
        status: Option<u16>,
        user: Option<&str>,
        client_request_id: Option<&str>,
    ) -> Self {
        let mut truncated = false;
        let mut keep = |s: &str| {
            let (kept, cut_here) = cut(s, MAX_LOGGED_FIELD_BYTES);
            truncated |= cut_here;
            kept.to_string()
        };
        LoggedRequest {
            method: keep(method),
            path: keep(path),
            query: query.map(&mut keep),
            status,
            user: user.map(&mut keep),
            client_request_id: client_request_id.map(&mut keep),
            truncated,
        }
    }

    fn cost(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        ENTRY_OVERHEAD
            + self.method.len()
            + self.path.len()
            + opt(&self.query)
            + opt(&self.user)
            + opt(&self.client_request_id)
    }
}

#[derive(Debug)]
pub(crate) struct Log {
    entries: VecDeque<Arc<LoggedRequest>>,
    bytes: usize,
    budget: usize,
    pub by_status: HashMap<Option<u16>, u64>,
}

impl Log {
    pub fn new(budget: usize) -> Self {
        Log {
            entries: VecDeque::new(),
            bytes: 0,
            budget,
            by_status: HashMap::new(),
        }
    }

    pub fn push(&mut self, entry: LoggedRequest) {
        *self.by_status.entry(entry.status).or_default() += 1;
        let cost = entry.cost();
        self.entries.push_back(Arc::new(entry));
        self.bytes += cost;
        while self.entries.len() > 1
            && (self.bytes > self.budget || self.entries.len() > MAX_LOGGED_REQUESTS)
        {
            if let Some(old) = self.entries.pop_front() {
                self.bytes -= old.cost();
            }
        }
    }

    /// The entries, oldest first: only pointers are copied, so the caller
    /// can serialize them after releasing the lock.
    pub fn snapshot(&self) -> Vec<Arc<LoggedRequest>> {
        self.entries.iter().cloned().collect()
    }

    /// The bytes the entries count for (text plus per-entry overhead).
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.by_status.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_cut_and_the_total_is_bounded() {
        let huge = "é".repeat(300_000);
        let mut log = Log::new(64 * 1024);
        for i in 0..1000 {
            log.push(LoggedRequest::new(
                &huge,
                &huge,
                Some(&huge),
                Some(400),
                None,
                Some(&i.to_string()),
            ));
            assert!(log.bytes() <= 64 * 1024, "{}", log.bytes());
        }
        let entries = log.snapshot();
        assert!(!entries.is_empty());
        let last = entries.last().unwrap();
        assert_eq!(
            last.client_request_id.as_deref(),
            Some("999"),
            "newest kept"
        );
        assert!(last.truncated);
        assert!(last.path.len() <= MAX_LOGGED_FIELD_BYTES);
        assert!(last.path.chars().all(|c| c == 'é'));
        assert_eq!(log.by_status[&Some(400)], 1000);
        let (kept, cut_here) = cut("abc", 2);
        assert_eq!((kept, cut_here), ("ab", true));
    }
}
