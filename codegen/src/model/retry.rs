//! Retry safety: whether an operation may be sent again after a time-out or
//! a 5xx without changing its effect.
//!
//! HTTP makes GET, HEAD, PUT, DELETE, OPTIONS (and TRACE) idempotent, so
//! they are safe. POST and PATCH are safe only where the spec says so:
//! a `repeatability-request-id` header parameter (Azure's convention: the
//! service deduplicates requests carrying the same id) or this project's
//! extension `x-acs-retryable: true` on the operation. `x-acs-retryable:
//! false` makes any operation unsafe.

use indexmap::IndexMap;
use serde_json::Value;

use super::extensions::{self, RETRYABLE};
use super::operation::Method;
use super::parameter::{Parameter, ParameterIn};

/// The header parameter that makes a POST or PATCH repeatable.
pub const REPEATABILITY_HEADER: &str = "repeatability-request-id";

/// Why an operation may or may not be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetrySafety {
    /// An idempotent HTTP method.
    IdempotentMethod,
    /// It declares a `repeatability-request-id` header parameter.
    RepeatabilityHeader,
    /// `x-acs-retryable: true`.
    MarkedRetryable,
    /// `x-acs-retryable: false`.
    MarkedNotRetryable,
    /// A POST or PATCH with neither marker.
    NotSafe,
}

impl RetrySafety {
    /// Whether the runtime may send the request again.
    pub fn is_safe(self) -> bool {
        matches!(
            self,
            RetrySafety::IdempotentMethod
                | RetrySafety::RepeatabilityHeader
                | RetrySafety::MarkedRetryable
        )
    }
}

pub(super) fn of(
    method: Method,
    extensions: &IndexMap<String, Value>,
    parameters: &[Parameter],
) -> Result<RetrySafety, String> {
    let marked = extensions::read::<bool>(extensions, RETRYABLE)?;
    Ok(match marked {
        Some(false) => RetrySafety::MarkedNotRetryable,
        _ if !matches!(method, Method::Post | Method::Patch) => RetrySafety::IdempotentMethod,
        Some(true) => RetrySafety::MarkedRetryable,
        None if parameters.iter().any(|p| {
            p.location == ParameterIn::Header && p.name.eq_ignore_ascii_case(REPEATABILITY_HEADER)
        }) =>
        {
            RetrySafety::RepeatabilityHeader
        }
        None => RetrySafety::NotSafe,
    })
}
