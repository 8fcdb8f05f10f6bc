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
//! The runtime's source files are included from `generated-client/src/` by
//! path, one by one, so that they are compiled against this generated code
//! exactly as `acs-chat` compiles them against its own. Left out: the
//! communication identifiers (`identifier*.rs`), which are written for the
//! read-receipt spec's identifier types.

#![allow(missing_docs)]

#[path = "../../../generated-client/src/canonical_url.rs"]
mod canonical_url;
#[path = "../../../generated-client/src/client_builder.rs"]
mod client_builder;
#[path = "../../../generated-client/src/credential.rs"]
pub mod credential;
#[path = "../../../generated-client/src/error.rs"]
mod error;
#[path = "../../../generated-client/src/error_shapes.rs"]
mod error_shapes;
#[path = "../../../generated-client/src/fuzzing.rs"]
#[doc(hidden)]
pub mod fuzzing;
#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
#[path = "../../../generated-client/src/paging.rs"]
pub mod paging;
#[path = "../../../generated-client/src/pipeline.rs"]
mod pipeline;
#[path = "../../../generated-client/src/query_style.rs"]
mod query_style;
#[path = "../../../generated-client/src/refreshing_credential.rs"]
mod refreshing_credential;
#[path = "../../../generated-client/src/retry.rs"]
mod retry;
#[path = "../../../generated-client/src/secrets.rs"]
mod secrets;
#[path = "../../../generated-client/src/url_encoding.rs"]
mod url_encoding;

pub use client_builder::{
    BuildError, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_PER_TRY_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use credential::{AccessToken, CredentialError, StaticToken, TokenCredential};
pub use error::{Error, MAX_ERROR_BODY, ServiceError, TimeoutKind};
pub use generated::{ByteStream, Client, ClientParameters, ResponseValue, builder, prelude, types};
#[doc(hidden)]
pub use pipeline::Pipeline;
pub use pipeline::{CLIENT_REQUEST_ID, USER_AGENT_VALUE};
pub use refreshing_credential::{
    DEFAULT_REFRESH_TIMEOUT, ON_DEMAND_REFRESH, PROACTIVE_REFRESH, RefreshingToken, jwt_expiry,
};
pub use retry::RetryOptions;
