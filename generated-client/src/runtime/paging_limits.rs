//! Bounds on a listing, shared by the client builder, the pipeline and the
//! errors (apart from `paging` so that none of them depends on the others).

/// How many pages one listing may fetch unless set otherwise.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;
/// How many items one listing's item stream may yield unless set otherwise.
pub const DEFAULT_MAX_ITEMS: u64 = 1_000_000;

/// Bounds on one listing (one `.pages()`, `.stream()` or `pages_from`).
///
/// A read-receipt listing has at most one receipt per participant, so the
/// defaults are far above any real thread; they exist so that a broken or
/// hostile server cannot keep a listing going forever.
///
/// ```
/// let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
///     .token("<ACS user access token>")
///     .paging_limits(acs_chat::paging::PagingLimits { max_pages: 100, ..Default::default() })
///     .build()?;
/// # Ok::<(), acs_chat::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PagingLimits {
    /// Pages fetched per listing; one more next link is
    /// [`Error::PagingLimit`](crate::runtime::error::Error::PagingLimit). Default [`DEFAULT_MAX_PAGES`].
    pub max_pages: u64,
    /// Items yielded per item stream (`.stream()`); the items past it are
    /// not yielded, [`Error::PagingLimit`](crate::runtime::error::Error::PagingLimit) is. Default [`DEFAULT_MAX_ITEMS`].
    pub max_items: u64,
}

impl Default for PagingLimits {
    fn default() -> Self {
        PagingLimits {
            max_pages: DEFAULT_MAX_PAGES,
            max_items: DEFAULT_MAX_ITEMS,
        }
    }
}

/// Which [`PagingLimits`] bound a listing reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagingLimitKind {
    /// [`PagingLimits::max_pages`].
    Pages,
    /// [`PagingLimits::max_items`].
    Items,
}
