//! The mock's starting state: threads, their participants and messages, and
//! optionally receipts and the token secret. Read from JSON (see the
//! README for the format) or built in Rust.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Most participants a thread may have (the service's documented limit).
pub const MAX_PARTICIPANTS: usize = 250;
/// Threads with more participants than this keep receipts but list none.
pub const READ_RECEIPT_PARTICIPANT_LIMIT: usize = 20;
/// Longest thread id the mock accepts (in characters, after decoding).
pub const MAX_THREAD_ID_LEN: usize = 256;

/// The id of the thread in [`Fixture::demo`].
pub const DEMO_THREAD_ID: &str = "19:demo@thread.v2";
/// The participants of [`DEMO_THREAD_ID`].
pub const DEMO_USERS: [&str; 3] = [
    "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000a11",
    "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000b0b",
    "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000ca7",
];
/// The second thread of [`Fixture::demo`]: one participant of every
/// identifier kind and raw-id prefix the official `communication-common`
/// libraries know ([`DEMO_KINDS_USERS`]), for SDK tests. 13 participants, so
/// its receipts are listed.
pub const DEMO_KINDS_THREAD_ID: &str = "19:every-identifier-kind@thread.v2";
/// The participants of [`DEMO_KINDS_THREAD_ID`]: communication users
/// (`8:acs:`, `8:spool:`, `8:dod-acs:`), a Teams extension user
/// (`8:acs:<resource>_<tenant>_<user>`, and one in gcch), phone numbers
/// (plain and anonymous), Teams users (public, dod, gcch, anonymous
/// visitor) and Teams apps (public, dod, gcch).
pub const DEMO_KINDS_USERS: [&str; 15] = [
    "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000c1",
    "8:spool:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000c2",
    "8:dod-acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000c3",
    "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000e1_00000000-0000-0000-0000-0000000000e2",
    "8:gcch-acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000e1_00000000-0000-0000-0000-0000000000e3",
    "4:+14255550123",
    "4:anonymous",
    "8:orgid:00000000-0000-0000-0000-0000000000d1",
    "8:dod:00000000-0000-0000-0000-0000000000d2",
    "8:gcch:00000000-0000-0000-0000-0000000000d3",
    "8:teamsvisitor:00000000-0000-0000-0000-0000000000d4",
    "28:orgid:00000000-0000-0000-0000-0000000000a1",
    "28:dod:00000000-0000-0000-0000-0000000000a2",
    "28:gcch:00000000-0000-0000-0000-0000000000a3",
    "8:gcch-acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000c4",
];
/// The messages of [`DEMO_THREAD_ID`], oldest first (epoch milliseconds).
pub const DEMO_MESSAGES: [&str; 4] = [
    "1591137790240",
    "1591137795000",
    "1591768249318",
    "1700000000000",
];

/// Everything the mock starts with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Fixture {
    /// HS256 key for access tokens (UTF-8 text). When absent, a library
    /// instance draws a random one and the CLI uses [`crate::DEV_SECRET`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// The threads.
    #[serde(default)]
    pub threads: Vec<ThreadFixture>,
}

/// One chat thread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ThreadFixture {
    /// Thread id, e.g. `19:demo@thread.v2`.
    pub id: String,
    /// Raw ids of the participants, e.g. `8:acs:<resource>_<user>`.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Message ids. Ordered by numeric value (epoch milliseconds); ids that
    /// are not numbers come after, in the order given.
    #[serde(default)]
    pub messages: Vec<String>,
    /// Receipts already there when the mock starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<ReceiptFixture>,
}

/// A receipt present at start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceiptFixture {
    /// A participant of the thread.
    pub user: String,
    /// A message of the thread.
    pub chat_message_id: String,
    /// RFC 3339; "now" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_on: Option<String>,
}

/// A fixture that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureError(pub String);

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid fixture: {}", self.0)
    }
}

impl std::error::Error for FixtureError {}

impl Fixture {
    /// No threads at all.
    pub fn empty() -> Self {
        Fixture::default()
    }

    /// The default: thread [`DEMO_THREAD_ID`] with [`DEMO_USERS`] and
    /// [`DEMO_MESSAGES`], and one receipt (the second user read the first
    /// message); and thread [`DEMO_KINDS_THREAD_ID`] with
    /// [`DEMO_KINDS_USERS`], the same messages and no receipts.
    pub fn demo() -> Self {
        Fixture {
            secret: None,
            threads: vec![
                ThreadFixture {
                    id: DEMO_THREAD_ID.to_string(),
                    participants: DEMO_USERS.iter().map(|s| s.to_string()).collect(),
                    messages: DEMO_MESSAGES.iter().map(|s| s.to_string()).collect(),
                    receipts: vec![ReceiptFixture {
                        user: DEMO_USERS[1].to_string(),
                        chat_message_id: DEMO_MESSAGES[0].to_string(),
                        read_on: Some("2020-06-06T05:55:41Z".to_string()),
                    }],
                },
                ThreadFixture {
                    id: DEMO_KINDS_THREAD_ID.to_string(),
                    participants: DEMO_KINDS_USERS.iter().map(|s| s.to_string()).collect(),
                    messages: DEMO_MESSAGES.iter().map(|s| s.to_string()).collect(),
                    receipts: Vec::new(),
                },
            ],
        }
    }

    /// Adds a thread.
    pub fn with_thread(mut self, thread: ThreadFixture) -> Self {
        self.threads.push(thread);
        self
    }

    /// Sets the token secret.
    pub fn with_secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Parses and checks a JSON fixture.
    pub fn from_json(text: &str) -> Result<Self, FixtureError> {
        let fixture: Fixture =
            serde_json::from_str(text).map_err(|e| FixtureError(e.to_string()))?;
        fixture.validate()?;
        Ok(fixture)
    }

    /// Reads, parses and checks a JSON fixture file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, FixtureError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| FixtureError(format!("cannot read {}: {e}", path.display())))?;
        Self::from_json(&text).map_err(|e| FixtureError(format!("{}: {}", path.display(), e.0)))
    }

    /// The fixture as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks ids, limits and references.
    pub fn validate(&self) -> Result<(), FixtureError> {
        let err = |m: String| Err(FixtureError(m));
        if let Some(secret) = &self.secret
            && secret.is_empty()
        {
            return err("`secret` must not be empty".into());
        }
        let mut thread_ids = HashSet::new();
        for t in &self.threads {
            if t.id.is_empty() || t.id.chars().count() > MAX_THREAD_ID_LEN {
                return err(format!(
                    "thread id `{}` must have 1 to {MAX_THREAD_ID_LEN} characters",
                    t.id
                ));
            }
            if t.id.chars().any(char::is_control) {
                return err(format!("thread id {:?} has control characters", t.id));
            }
            if !thread_ids.insert(&t.id) {
                return err(format!("thread `{}` appears twice", t.id));
            }
            if t.participants.len() > MAX_PARTICIPANTS {
                return err(format!(
                    "thread `{}` has {} participants; at most {MAX_PARTICIPANTS}",
                    t.id,
                    t.participants.len()
                ));
            }
            let participants: HashSet<_> = t.participants.iter().collect();
            if participants.len() != t.participants.len() {
                return err(format!("thread `{}` lists a participant twice", t.id));
            }
            if t.participants.iter().any(|p| p.is_empty()) {
                return err(format!("thread `{}` has an empty participant id", t.id));
            }
            let messages: HashSet<_> = t.messages.iter().collect();
            if messages.len() != t.messages.len() {
                return err(format!("thread `{}` lists a message twice", t.id));
            }
            if t.messages.iter().any(|m| m.is_empty()) {
                return err(format!("thread `{}` has an empty message id", t.id));
            }
            for r in &t.receipts {
                if !participants.contains(&r.user) {
                    return err(format!(
                        "receipt in `{}`: `{}` is not a participant",
                        t.id, r.user
                    ));
                }
                if !messages.contains(&r.chat_message_id) {
                    return err(format!(
                        "receipt in `{}`: message `{}` is not in the thread",
                        t.id, r.chat_message_id
                    ));
                }
                if let Some(read_on) = &r.read_on
                    && chrono::DateTime::parse_from_rfc3339(read_on).is_err()
                {
                    return err(format!(
                        "receipt in `{}`: readOn `{read_on}` is not RFC 3339",
                        t.id
                    ));
                }
            }
        }
        Ok(())
    }
}

impl ThreadFixture {
    /// A thread with no participants and no messages yet.
    pub fn new(id: impl Into<String>) -> Self {
        ThreadFixture {
            id: id.into(),
            ..Default::default()
        }
    }

    /// Sets the participants.
    pub fn participants<I, S>(mut self, users: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.participants = users.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the messages.
    pub fn messages<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.messages = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a receipt present at start.
    pub fn receipt(mut self, user: impl Into<String>, chat_message_id: impl Into<String>) -> Self {
        self.receipts.push(ReceiptFixture {
            user: user.into(),
            chat_message_id: chat_message_id.into(),
            read_on: None,
        });
        self
    }
}

/// `n` ACS user ids `8:acs:<resource>_<uuid-like>` numbered from 0, for tests.
pub fn generated_users(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!("8:acs:00000000-0000-0000-0000-00000000beef_00000000-0000-0000-0000-{i:012}")
        })
        .collect()
}

/// `n` message ids one second apart, as epoch milliseconds, oldest first.
pub fn generated_messages(n: usize) -> Vec<String> {
    (0..n as u64)
        .map(|i| (1_700_000_000_000u64 + i * 1000).to_string())
        .collect()
}
