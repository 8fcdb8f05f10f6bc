//! Client for the Azure Communication Services (ACS) Chat read-receipt API:
//! send a read receipt to a chat thread, and list a thread's read receipts.
//!
//! Most of this crate is generated from the OpenAPI document in the
//! repository's `spec/` by `cargo xtask regenerate` (progenitor plus the
//! project's post-processing) into `generated.rs`, which is never edited by
//! hand. Beside it are small hand-written modules for what a spec cannot say:
//! [`credential`] (tokens), `pipeline` (the request hooks: client-level
//! parameters, request id, user agent, bearer token), [`paging`] (following
//! `nextLink`) and the [`ClientBuilder`].
//!
//! # Example
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use acs_chat::types::SendReadReceiptRequest;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
//!     .token(std::env::var("ACS_TOKEN")?)
//!     .build()?;
//! let thread = "19:uni01_zbnh3nt2dfuffezc3sox7dog7wfhk6y5qe2rwlnfhlhdzirihdpq@thread.v2";
//!
//! // Mark the thread read up to a message.
//! client
//!     .send_chat_read_receipt()
//!     .chat_thread_id(thread)
//!     .body(SendReadReceiptRequest { chat_message_id: "1591137790240".into() })
//!     .send()
//!     .await?;
//!
//! // Every receipt of the thread, following `nextLink` page after page.
//! let receipts: Vec<_> = client
//!     .list_chat_read_receipts()
//!     .chat_thread_id(thread)
//!     .max_page_size(50)
//!     .stream()
//!     .try_collect()
//!     .await?;
//! for receipt in &receipts {
//!     println!("{} read {} at {}", receipt.sender_communication_identifier.raw_id.as_deref().unwrap_or("?"),
//!         receipt.chat_message_id, receipt.read_on);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Calls return [`Error`], with the service's error body
//! ([`types::CommunicationErrorResponse`]) in [`Error::ErrorResponse`] for
//! every 4xx and 5xx status.

#![warn(missing_docs)]

mod client_builder;
pub mod credential;
// Formatted by prettyplease at generation, not by rustfmt: the committed
// file must stay byte for byte what `cargo xtask regenerate` writes.
#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
pub mod paging;
mod pipeline;
mod url_encoding;

pub use client_builder::{BuildError, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use credential::{AccessToken, CredentialError, StaticToken, TokenCredential};
pub use generated::*;
pub use pipeline::{CLIENT_REQUEST_ID, Pipeline, USER_AGENT_VALUE};
