//! Shared state: threads and receipts, throttling windows, queued faults and
//! the request log. Each sits behind its own `std::sync::Mutex`; nothing
//! inside a critical section can panic, and a poisoned lock is recovered
//! (its data is still consistent: every update is a single assignment).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use crate::fixture::{Fixture, READ_RECEIPT_PARTICIPANT_LIMIT};

/// Locks `m`, recovering it if a panic elsewhere poisoned it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A receipt as the mock stores it (state inspection).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredReceipt {
    /// The participant's raw id.
    pub user: String,
    /// The latest message they have read.
    pub chat_message_id: String,
    /// When, RFC 3339 with whole seconds.
    pub read_on: String,
}

#[derive(Debug)]
pub(crate) struct Thread {
    pub participants: HashSet<String>,
    /// Message id → position in the thread.
    pub messages: HashMap<String, usize>,
    /// User → (message position, message id, read on as the service
    /// writes it); ordered by user id.
    pub receipts: BTreeMap<String, (usize, String, String)>,
    /// Participant → its identifier model as JSON text, for api-versions
    /// before 2025-03-15 and from it on: made once, as listing is the hot
    /// path.
    pub identifiers: HashMap<String, [String; 2]>,
}

impl Thread {
    pub fn lists_receipts(&self) -> bool {
        self.participants.len() <= READ_RECEIPT_PARTICIPANT_LIMIT
    }
}

/// Where a user stands with a thread.
pub(crate) enum Access {
    NoThread,
    NotParticipant,
    Allowed,
}

/// What a send did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SendOutcome {
    Stored,
    /// The stored receipt is for this message or a later one: unchanged.
    Kept,
    UnknownMessage,
    NoThread,
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    pub threads: HashMap<String, Thread>,
}

/// Positions of message ids: numbers (all ASCII digits, of any length)
/// first, by value; the rest after, in the given order. Compared as digit
/// strings without leading zeros (shorter is smaller), so a 41-digit id is
/// still a number, where `u128` stops at 39 digits.
fn message_order(ids: &[String]) -> HashMap<String, usize> {
    let mut sorted: Vec<(usize, &String)> = ids.iter().enumerate().collect();
    sorted.sort_by_key(|(i, id)| {
        if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
            let digits = id.trim_start_matches('0');
            (0, digits.len(), digits, *i)
        } else {
            (1, 0, "", *i)
        }
    });
    sorted
        .into_iter()
        .enumerate()
        .map(|(pos, (_, id))| (id.clone(), pos))
        .collect()
}

impl Store {
    /// The state of a checked fixture.
    pub fn from_fixture(fixture: &Fixture) -> Store {
        let mut threads = HashMap::new();
        for t in &fixture.threads {
            let mut thread = Thread {
                participants: t.participants.iter().cloned().collect(),
                messages: message_order(&t.messages),
                receipts: BTreeMap::new(),
                identifiers: t
                    .participants
                    .iter()
                    .map(|p| {
                        let model = |v| crate::identifier::identifier(p, v).to_string();
                        (p.clone(), [model("2024-03-07"), model("2025-03-15")])
                    })
                    .collect(),
            };
            for r in &t.receipts {
                let read_on = r
                    .read_on
                    .as_deref()
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                    .map(|d| d.with_timezone(&Utc))
                    .unwrap_or_else(Utc::now)
                    .trunc_subsecs(0);
                if let Some(pos) = thread.messages.get(&r.chat_message_id).copied() {
                    thread.receipts.insert(
                        r.user.clone(),
                        (pos, r.chat_message_id.clone(), format_time(&read_on)),
                    );
                }
            }
            threads.insert(t.id.clone(), thread);
        }
        Store { threads }
    }

    pub fn access(&self, thread_id: &str, user: &str) -> Access {
        match self.threads.get(thread_id) {
            None => Access::NoThread,
            Some(t) if !t.participants.contains(user) => Access::NotParticipant,
            Some(_) => Access::Allowed,
        }
    }

    /// Records that `user` read `thread_id` up to `message_id`, unless
    /// their receipt is already for that message or a later one.
    pub fn send(&mut self, thread_id: &str, user: &str, message_id: &str) -> SendOutcome {
        let Some(thread) = self.threads.get_mut(thread_id) else {
            return SendOutcome::NoThread;
        };
        let Some(pos) = thread.messages.get(message_id).copied() else {
            return SendOutcome::UnknownMessage;
        };
        match thread.receipts.get(user) {
            Some((current, _, _)) if *current >= pos => SendOutcome::Kept,
            _ => {
                let now = Utc::now().trunc_subsecs(0);
                thread.receipts.insert(
                    user.to_string(),
                    (pos, message_id.to_string(), format_time(&now)),
                );
                SendOutcome::Stored
            }
        }
    }

    pub fn receipts(&self, thread_id: &str) -> Option<Vec<StoredReceipt>> {
        let thread = self.threads.get(thread_id)?;
        Some(
            thread
                .receipts
                .iter()
                .map(|(user, (_, id, read_on))| StoredReceipt {
                    user: user.clone(),
                    chat_message_id: id.clone(),
                    read_on: read_on.clone(),
                })
                .collect(),
        )
    }
}

/// RFC 3339 with whole seconds and `Z`, as the service sends `readOn`.
pub(crate) fn format_time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// At most `max` calls per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Calls allowed in any window.
    pub max: u32,
    /// The sliding window.
    pub window: Duration,
}

/// The throttling limits; [`Default`] is the service's documented ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleLimits {
    /// List, per user per thread: 5 per 10 s.
    pub list_per_user: Limit,
    /// List, per thread (all users): 100 per 10 s.
    pub list_per_thread: Limit,
    /// Send, per user per thread: 10 per 10 s.
    pub send_per_user: Limit,
    /// Send, per user per thread: 30 per minute.
    pub send_per_user_long: Limit,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        let s = Duration::from_secs;
        ThrottleLimits {
            list_per_user: Limit {
                max: 5,
                window: s(10),
            },
            list_per_thread: Limit {
                max: 100,
                window: s(10),
            },
            send_per_user: Limit {
                max: 10,
                window: s(10),
            },
            send_per_user_long: Limit {
                max: 30,
                window: s(60),
            },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    List,
    Send,
}

/// Sliding-window logs of accepted calls.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    windows: HashMap<(u8, String, String), VecDeque<Instant>>,
    checks: u64,
}

impl Throttle {
    /// Admits the call and records it, or says how long to wait (whole
    /// seconds, at least 1). A refused call is not recorded.
    pub fn admit(
        &mut self,
        limits: &ThrottleLimits,
        op: Op,
        thread: &str,
        user: &str,
        now: Instant,
    ) -> Result<(), u64> {
        let rules: Vec<(u8, Limit, &str)> = match op {
            Op::List => vec![
                (0, limits.list_per_user, user),
                (1, limits.list_per_thread, ""),
            ],
            Op::Send => vec![
                (2, limits.send_per_user, user),
                (3, limits.send_per_user_long, user),
            ],
        };
        let mut wait: Option<Duration> = None;
        for (kind, limit, who) in &rules {
            let key = (*kind, thread.to_string(), who.to_string());
            let log = self.windows.entry(key).or_default();
            while log
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= limit.window)
            {
                log.pop_front();
            }
            if log.len() >= limit.max as usize {
                let free_at = log
                    .front()
                    .map(|t| (*t + limit.window).saturating_duration_since(now))
                    .unwrap_or(limit.window);
                wait = Some(wait.map_or(free_at, |w| w.max(free_at)));
            }
        }
        if let Some(wait) = wait {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(secs.max(1));
        }
        for (kind, _, who) in &rules {
            let key = (*kind, thread.to_string(), who.to_string());
            self.windows.entry(key).or_default().push_back(now);
        }
        self.checks += 1;
        if self.checks.is_multiple_of(1024) {
            let longest = [
                limits.list_per_user.window,
                limits.list_per_thread.window,
                limits.send_per_user.window,
                limits.send_per_user_long.window,
            ]
            .into_iter()
            .max()
            .unwrap_or_default();
            self.windows.retain(|_, log| {
                log.back()
                    .is_some_and(|t| now.saturating_duration_since(*t) < longest)
            });
        }
        Ok(())
    }
}

/// A fault to inject into the next API requests (not `/_mock/...` ones).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "camelCase", deny_unknown_fields)]
pub enum Fault {
    /// Answer with this status and a `CommunicationErrorResponse`, and a
    /// `Retry-After` (seconds) if given. 429 → `TooManyRequests`,
    /// 503 → `ServiceUnavailable`, others → `InternalError`/`BadRequest`.
    #[serde(rename_all = "camelCase")]
    Status {
        /// 400–599.
        status: u16,
        /// `Retry-After` in seconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u32>,
    },
    /// Wait this long, then handle the request normally.
    #[serde(rename_all = "camelCase")]
    Delay {
        /// Milliseconds.
        delay_ms: u64,
    },
    /// Read the request, then close the connection without an answer.
    Drop,
}

/// Faults waiting for requests, oldest first, each with how many requests
/// it still applies to.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: VecDeque<(Fault, u32)>,
}

impl Faults {
    pub fn push(&mut self, fault: Fault, times: u32) {
        if times > 0 {
            self.queue.push_back((fault, times));
        }
    }
    pub fn clear(&mut self) {
        self.queue.clear();
    }
    pub fn pending(&self) -> u64 {
        self.queue.iter().map(|(_, n)| u64::from(*n)).sum()
    }
    pub fn next(&mut self) -> Option<Fault> {
        let (fault, left) = self.queue.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            self.queue.pop_front();
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_counts_accepted_calls_only() {
        let mut t = Throttle::default();
        let limits = ThrottleLimits::default();
        let now = Instant::now();
        for _ in 0..5 {
            assert!(t.admit(&limits, Op::List, "t", "u", now).is_ok());
        }
        assert_eq!(t.admit(&limits, Op::List, "t", "u", now), Err(10));
        assert!(t.admit(&limits, Op::List, "t", "other", now).is_ok());
        let later = now + Duration::from_millis(10_001);
        assert!(t.admit(&limits, Op::List, "t", "u", later).is_ok());
        // 30 per minute for sends, 10 per 10 s.
        let mut at = now;
        let mut sent = 0;
        for _ in 0..100 {
            if t.admit(&limits, Op::Send, "t", "u", at).is_ok() {
                sent += 1;
            }
            at += Duration::from_millis(500);
        }
        // 50 s: at most 10 per 10 s and 30 in the minute.
        assert_eq!(sent, 30);
    }

    #[test]
    fn receipts_never_move_back() {
        let fixture = Fixture::demo();
        let mut s = Store::from_fixture(&fixture);
        let (t, u) = (crate::DEMO_THREAD_ID, crate::DEMO_USERS[0]);
        let m = crate::DEMO_MESSAGES;
        assert_eq!(s.send(t, u, m[2]), SendOutcome::Stored);
        assert_eq!(s.send(t, u, m[1]), SendOutcome::Kept);
        assert_eq!(s.send(t, u, m[2]), SendOutcome::Kept);
        assert_eq!(s.send(t, u, "nope"), SendOutcome::UnknownMessage);
        let r = s.receipts(t).unwrap();
        assert_eq!(
            r.iter().find(|r| r.user == u).unwrap().chat_message_id,
            m[2]
        );
    }

    #[test]
    fn long_numeric_ids_order_by_value() {
        let ids: Vec<String> = [
            "1".repeat(41),
            "9".repeat(40),
            "x".into(),
            "0".repeat(3) + "5",
            "17".into(),
        ]
        .into_iter()
        .collect();
        let order = message_order(&ids);
        let pos = |id: &str| order[id];
        assert!(pos(&"9".repeat(40)) < pos(&"1".repeat(41)));
        assert!(pos("0005") < pos("17"));
        assert!(pos("17") < pos(&"9".repeat(40)));
        assert_eq!(pos("x"), 4, "non-numeric ids come last");
    }

    #[test]
    fn fixture_receipts_are_loaded() {
        let fixture = Fixture::demo();
        let s = Store::from_fixture(&fixture);
        let (t, u) = (crate::DEMO_THREAD_ID, crate::DEMO_USERS[1]);
        let m = crate::DEMO_MESSAGES;
        let r = s.receipts(t).unwrap();
        assert_eq!(
            r.iter().find(|r| r.user == u).unwrap().chat_message_id,
            m[0]
        );
    }
}
