//! acs-chat-codegen's tests, one binary (each module one kind of test):
//! - [`snapshots`]: golden output for the fixture specs and golden errors
//!   for the broken ones (insta, `snapshots/`);
//! - [`properties`]: the generator never panics or hangs on mutated specs
//!   (proptest, regressions in `../proptest-regressions/`).

mod properties;
mod snapshots;
