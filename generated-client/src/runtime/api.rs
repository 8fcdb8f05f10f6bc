//! What the runtime needs to know about the API, supplied by the generated
//! code: the runtime is written against this trait and never names a
//! generated item, so it can be built and tested with any implementation
//! (see `test_api` in the tests).

use std::fmt;

use crate::runtime::error_shapes::ErrorShape;
use crate::runtime::pipeline_state::Pipeline;

/// The API's client-level parameters and the facts of its spec the runtime
/// acts on, implemented by the generated `ClientParameters`.
///
/// The runtime's `ClientBuilder<A>` and [`Pipeline<A>`] are generic over it, so the generated code (in the
/// same crate) can add inherent setters such as `api_version` to
/// `ClientBuilder<ClientParameters>` without the runtime knowing the type.
pub trait Api: Clone + fmt::Debug + Default + Send + Sync + 'static {
    /// The client type `ClientBuilder::build` returns.
    type Client;

    /// Query parameters whose values may appear in logs (every other value is
    /// logged as `REDACTED`): values the spec types as numbers or booleans,
    /// and the client-level query parameters.
    const LOGGED_QUERY: &'static [&'static str];

    /// Query parameters the spec types as integers: the next-link loop
    /// check reads `02` and `2` as one value.
    const INTEGER_QUERY: &'static [&'static str];

    /// `(name, value)` of query parameters with a default in the spec: the
    /// loop check reads a pair at its default as no pair (`skip=0`).
    const QUERY_DEFAULTS: &'static [(&'static str, &'static str)];

    /// Wraps a built pipeline into the client.
    fn client(pipeline: Pipeline<Self>) -> Self::Client;

    /// Puts every client-level parameter on `request`, replacing any value
    /// already there; an error says which parameter cannot be sent.
    fn apply(&self, request: &mut reqwest::Request) -> Result<(), String>;

    /// Sets the client-level query parameters on `url`, replacing any value
    /// already there (as in a `nextLink`).
    fn apply_to_url(&self, url: &mut reqwest::Url);
}

/// What the runtime knows about one operation, given by the generated code
/// with every call.
///
/// Per-call settings (time limit, retries, extra headers) are a separate
/// argument of `execute` (`CallOptions`): this value is about the operation,
/// fixed by the spec, not about one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's operation id, as the `operation` field of the call's span.
    pub operation_id: &'static str,
    /// Whether a failed attempt may be sent again (the spec says the
    /// operation is safe to repeat: an idempotent method, a
    /// `repeatability-request-id` header or `x-acs-retryable: true`).
    /// `false`: one attempt, except that a failure to connect (nothing was
    /// sent) is retried.
    pub retry_safe: bool,
    /// Where the operation's declared error schemas keep their code and
    /// message, when they are not the shapes the runtime reads itself:
    /// applied to every error status of the call, a single call and every
    /// page of a listing alike (see `error_shapes`).
    pub error_shapes: &'static [ErrorShape],
}
