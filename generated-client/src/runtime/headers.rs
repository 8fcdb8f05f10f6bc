//! Header names and values the runtime sets on every request (here, apart
//! from `pipeline`, so that `error` can read them without depending on it).

use reqwest::header::HeaderName;

/// Header carrying a UUID per logical call (the same on its retries), for
/// correlating with service logs.
pub const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");

/// The `User-Agent` this crate sends.
pub const USER_AGENT_VALUE: &str = concat!("acs-chat-rust/", env!("CARGO_PKG_VERSION"));
