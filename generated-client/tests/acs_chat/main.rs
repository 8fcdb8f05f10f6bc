//! The `acs-chat` crate's integration tests, as one binary (one link of
//! tokio, reqwest and the mock service): a module per concern.

mod identifier_raw_ids;
mod identifier_senders;
