//! A client's runtime state, shared by its clones: what the builder made
//! and what every call reads (apart from `pipeline`, which sends requests,
//! so that the `Api` trait can name this type without a cycle).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::runtime::credential::TokenCredential;
use crate::runtime::paging_limits::PagingLimits;
use crate::runtime::retry::RetryOptions;

/// A client's runtime state: HTTP client, endpoint, credential, client-level
/// parameters and policies. Cheap to clone (one `Arc`), so a listing can own
/// one and outlive the borrow of the client it came from.
pub struct Pipeline<A> {
    state: Arc<State<A>>,
}

impl<A> Clone for Pipeline<A> {
    fn clone(&self) -> Self {
        Pipeline {
            state: Arc::clone(&self.state),
        }
    }
}

/// What a [`Pipeline`] shares between its clones.
pub(crate) struct State<A> {
    pub(crate) http: reqwest::Client,
    pub(crate) endpoint: String,
    /// `endpoint`, parsed once when the client is built (every next link
    /// is checked against its origin).
    pub(crate) endpoint_url: reqwest::Url,
    pub(crate) credential: Option<Arc<dyn TokenCredential>>,
    pub(crate) parameters: A,
    pub(crate) retry: RetryOptions,
    pub(crate) per_try_timeout: Duration,
    pub(crate) overall_timeout: Duration,
    pub(crate) max_response_size: usize,
    pub(crate) paging: PagingLimits,
}

impl<A: fmt::Debug> fmt::Debug for Pipeline<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.state;
        f.debug_struct("Pipeline")
            .field("endpoint", &s.endpoint)
            .field("credential", &s.credential.as_ref().map(|_| "<credential>"))
            .field("parameters", &s.parameters)
            .field("retry", &s.retry)
            .field("per_try_timeout", &s.per_try_timeout)
            .field("overall_timeout", &s.overall_timeout)
            .field("max_response_size", &s.max_response_size)
            .field("paging", &s.paging)
            .finish()
    }
}

impl<A> Pipeline<A> {
    pub(crate) fn new(state: State<A>) -> Self {
        Pipeline {
            state: Arc::new(state),
        }
    }

    /// The client-level parameters sent on every request.
    pub fn parameters(&self) -> &A {
        &self.state.parameters
    }

    /// The endpoint requests go to, without a trailing `/`.
    pub fn endpoint(&self) -> &str {
        &self.state.endpoint
    }

    /// The endpoint as a parsed URL (the same as [`Self::endpoint`]).
    pub(crate) fn endpoint_url(&self) -> &reqwest::Url {
        &self.state.endpoint_url
    }

    /// The HTTP client; for the generated code to build requests with (the
    /// crate hands it to no user: requests go out through `pipeline::execute`).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.state.http
    }

    pub(crate) fn state(&self) -> &State<A> {
        &self.state
    }

    #[allow(dead_code)] // used by paging only
    pub(crate) fn paging_limits(&self) -> PagingLimits {
        self.state.paging
    }
}
