//! The hand-written runtime: everything a request needs that a spec does not
//! say (credential, retries, time limits, paging rules, errors, tracing).
//!
//! The boundary is one-way: nothing here names a generated item (a test
//! scans these files for crate-relative paths outside `runtime`). What the
//! runtime needs to know about the API comes through the [`api::Api`] trait,
//! which the generated `ClientParameters` implements; what generated code
//! may call is [`contract`], and nothing else of this module.

pub(crate) mod api;
pub(crate) mod call_options;
pub(crate) mod canonical_url;
pub(crate) mod client_builder;
pub(crate) mod contract;
pub mod credential;
pub(crate) mod error;
pub(crate) mod error_shapes;
pub(crate) mod headers;
pub(crate) mod identifier;
pub(crate) mod next_link;
// The contract is the same whatever the spec: a spec without a pageable
// operation does not call the paging runtime.
#[allow(dead_code)]
pub mod paging;
pub(crate) mod paging_limits;
pub(crate) mod pipeline;
pub(crate) mod pipeline_state;
pub(crate) mod query_style;
pub(crate) mod refreshing_credential;
pub(crate) mod response;
pub(crate) mod retry;
#[cfg(test)]
mod retry_safety_tests;
pub(crate) mod secrets;
#[cfg(test)]
mod test_api;
#[cfg(test)]
mod tests;
pub(crate) mod url_encoding;
