//! Client for the Azure Communication Services (ACS) Chat read-receipt API:
//! send a read receipt to a chat thread, and list a thread's read receipts.
//!
//! Most of this crate is generated from the OpenAPI document in the
//! repository's `spec/` by `cargo xtask regenerate` (progenitor plus the
//! project's post-processing) into `generated.rs`, which is never edited by
//! hand. Beside it are small hand-written modules for what a spec cannot say:
//! in `runtime/`, behind a one-way boundary (docs/runtime-contract.md):
//! [`credential`] and [`RefreshingToken`] (tokens), the pipeline (every request:
//! client-level parameters, request id, user agent, bearer token, retries,
//! time limits, tracing), [`RetryOptions`], [`paging`] (following `nextLink`),
//! [`Error`], the [`ClientBuilder`], and [`CommunicationIdentifier`] (a
//! receipt's typed [`sender`](types::ChatMessageReadReceipt::sender)).
//!
//! # Example
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use acs_chat::{Client, CommunicationIdentifier};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("https://contoso.westus.communications.azure.com")
//!     .token(std::env::var("ACS_TOKEN")?)
//!     .build()?;
//! // The operations on one thread (a cheap clone of the client and the id).
//! let thread = client.thread("19:uni01_zbnh3nt2dfuffezc3sox7dog7wfhk6y5qe2rwlnfhlhdzirihdpq@thread.v2");
//!
//! // Mark the thread read up to a message.
//! thread.send_read_receipt("1591137790240").send().await?;
//!
//! // Every receipt of the thread, following `nextLink` page after page.
//! let receipts: Vec<_> = thread.read_receipts().max_page_size(50).stream().try_collect().await?;
//! for receipt in &receipts {
//!     // A typed sender: match on the kind, or use its raw id as a key.
//!     match receipt.sender() {
//!         CommunicationIdentifier::CommunicationUser(user) => println!("{} read", user.id),
//!         CommunicationIdentifier::PhoneNumber(phone) => println!("{} read", phone.phone_number),
//!         other => println!("{} ({}) read", other.raw_id(), other.kind()),
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Runnable examples, each against an in-process mock of the service, are
//! in the crate's `examples/`: `read_receipts` (send and list),
//! `resume_listing` (stop a listing and resume it from a
//! [`paging::ContinuationToken`]), `custom_credential` (a
//! [`TokenCredential`] of your own) and `tracing` (what the client logs).
//!
//! # Per-call options
//!
//! Every operation's builder takes `.timeout(..)`, `.per_try_timeout(..)`,
//! `.retry(..)`, `.header(..)` or a whole [`CallOptions`], for that call
//! only (a listing applies them to every page):
//!
//! ```no_run
//! # async fn demo(client: acs_chat::Client) -> Result<(), acs_chat::Error> {
//! use std::time::Duration;
//! client
//!     .thread("19:x@thread.v2")
//!     .send_read_receipt("1591137790240")
//!     .timeout(Duration::from_secs(5))
//!     .retry(acs_chat::RetryOptions::none())
//!     .header("x-ms-useragent-suffix", "my-app/1.0")
//!     .send()
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! The headers the pipeline owns ([`RESERVED_HEADERS`]: `authorization`,
//! the request id, …) cannot be set per call.
//!
//! # Errors
//!
//! Every call returns [`Error`]: match on its variants (transport, timeout,
//! credential, invalid request, service error, paging limit, undecodable
//! response), or use
//! [`Error::status`], [`Error::code`] and [`Error::is_retryable`].
//!
//! ```no_run
//! # async fn demo(client: acs_chat::Client) {
//! match client.list_chat_read_receipts().chat_thread_id("19:x@thread.v2").send().await {
//!     Ok(page) => println!("{} receipts", page.value.len()),
//!     Err(acs_chat::Error::Service(e)) if e.status() == 403 => {
//!         eprintln!("not a participant: {}", e.message().unwrap_or_default())
//!     }
//!     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
//!     Err(e) => eprintln!("failed: {e}"),
//! }
//! # }
//! ```
//!
//! # Retries, time limits and tracing
//!
//! 408, 429, 500, 502, 503, 504, connection failures and attempts that take
//! too long are retried (3 times by default, exponential backoff with jitter
//! from 0.8 s, at most 60 s, or as long as `Retry-After`, `retry-after-ms` or
//! `x-ms-retry-after-ms` asks, within that cap); see [`RetryOptions`]. That
//! is for operations the spec says are safe to repeat (any method but
//! `POST` and `PATCH`, or one of those with a `repeatability-request-id`
//! header or `x-acs-retryable: true`; `x-acs-retryable: false` makes any
//! operation unsafe); any other gets one attempt, except that a failure to
//! connect, when nothing was sent, is retried. Each
//! attempt has a time limit (`ClientBuilder::per_try_timeout`, 30 s) and so
//! has the whole call (`ClientBuilder::timeout`, 120 s). Every call is a
//! `tracing` span `acs_chat.call` with an `acs_chat.attempt` span per
//! attempt; header and query values outside a short allow-list are logged as
//! `REDACTED`, and the token never is.

#![warn(missing_docs)]

pub use runtime::credential;
#[doc(hidden)]
pub mod fuzzing;
// Formatted by prettyplease at generation, not by rustfmt: the committed
// file must stay byte for byte what `cargo xtask regenerate` writes.
#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
// Hand-written for this crate's own spec's types (left out of the
// fixture copies of `cargo xtask check-fixtures`, see `extras/mod.rs`).
mod extras;
pub use runtime::paging;
mod runtime;

pub use credential::{AccessToken, CredentialError, StaticToken, TokenCredential};
/// Builds a [`Client`]; start with [`Client::builder`]. (The runtime's
/// builder, for this API's client-level parameters.)
pub type ClientBuilder = runtime::client_builder::ClientBuilder<ClientParameters>;
pub use runtime::client_builder::{
    BuildError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_PER_TRY_TIMEOUT,
    DEFAULT_TIMEOUT,
};
pub use runtime::error::{Error, MAX_ERROR_BODY, ServiceError, TimeoutKind};
// Explicit, so that a user sees what a user calls: progenitor's own
// `ClientInfo` (which would hand out the inner reqwest client, around the
// pipeline) is not implemented, and its error type is not part of this
// crate's API.
#[allow(unused_imports)] // empty in the fixture copies of check-fixtures
pub use extras::*;
pub use generated::{ByteStream, Client, ClientParameters, ResponseValue, builder, prelude, types};
pub use runtime::identifier::{
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier,
};
// The known-value types of client-level parameters (`ApiVersion`), whichever
// the spec has: a glob, since which exist is the spec's to say.
#[allow(unused_imports)] // empty for a spec without such a parameter
pub use generated::parameter_values::*;
// The scope types (`ChatThread`), whichever the spec declares
// (`x-acs-scope`).
#[allow(unused_imports)] // empty for a spec without scopes
pub use generated::scopes::*;
pub use runtime::call_options::{CallOptions, RESERVED_HEADERS};
pub use runtime::headers::{CLIENT_REQUEST_ID, USER_AGENT_VALUE};
pub use runtime::refreshing_credential::{
    DEFAULT_REFRESH_TIMEOUT, ON_DEMAND_REFRESH, PROACTIVE_REFRESH, RefreshingToken, jwt_expiry,
};
pub use runtime::retry::RetryOptions;
