//! End-to-end tests of the `acs-chat` client against loopback HTTP servers
//! (wiremock, and raw TCP servers for what wiremock cannot do).
//!
//! One test binary with a module per concern: every file here used to be
//! its own binary, each linking tokio, reqwest and wiremock again. Run one
//! concern with `cargo test -p acs-chat-e2e -- retries::`.

mod common;

mod call_options;
mod client_builder;
mod credential_recovery;
mod credential_refresh;
mod errors;
mod errors_shape;
mod extensible_enums;
mod interim_responses;
mod list_read_receipts;
mod overflow;
mod owned_paging;
mod paging;
mod paging_limits;
mod paging_safety;
mod properties;
mod proxy;
mod reflected_token;
mod relative_next_links;
mod response_limits;
mod retries;
mod retry_after;
mod send_read_receipt;
mod thread_scope;
mod timeouts;
mod tokens;
mod tracing_redaction;
