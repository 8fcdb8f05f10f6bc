//! Test-only: the client generated from `spec/shapes.yaml` (the request and
//! response shapes of issue #10: JSON-family request media types, one body
//! in two media types, 200 beside 204, delimited array query parameters,
//! declared error shapes) on the `acs-chat` runtime, so that
//! `tests/shapes.rs` can check on the wire what the generator makes of them.
//! The real client's spec has none of these shapes.
//!
//! `src/generated.rs` is written by the generator, never by hand, and is
//! committed; `tests/freshness.rs` fails when it is not what the generator
//! makes of the spec now (and rewrites it when `UPDATE_SHAPES_CLIENT=1`).
//!
//! The runtime (`generated-client/src/runtime/`, which names nothing
//! generated) is included by path, so that it is compiled against this
//! generated code exactly as `acs-chat` compiles it against its own; the
//! crate root mirrors `acs-chat`'s, without what is written for the
//! read-receipt spec's types (`identifier_wire.rs`) and the fuzzing hooks.

#![allow(missing_docs)]

#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
// What `acs-chat` re-exports and this crate does not (identifiers, paging
// limits, …) is unused here.
#[allow(dead_code, unused_imports)]
#[path = "../../../generated-client/src/runtime/mod.rs"]
mod runtime;

pub use runtime::credential::{AccessToken, CredentialError, StaticToken, TokenCredential};
/// Builds a [`Client`]; start with [`Client::builder`].
pub type ClientBuilder = runtime::client_builder::ClientBuilder<ClientParameters>;
pub use generated::{ByteStream, Client, ClientParameters, ResponseValue, builder, prelude, types};
pub use runtime::error::{Error, ServiceError};
pub use runtime::retry::RetryOptions;
