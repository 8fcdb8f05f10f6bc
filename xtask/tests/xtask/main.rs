//! xtask's tests, one binary (each module one area):
//! - [`api_diff`]: the semver verdict on the `acs-chat` crate's public API;
//! - [`freshness`]: the committed client is not stale against the spec;
//! - [`regenerate`]: atomic writes, staleness diffs, broken specs;
//! - [`other_checkout`]: the binary serves the checkout it runs in;
//! - [`spec_diff`]: `cargo xtask spec-diff` reading specs from git and
//!   files, and the command's output (the comparison itself is tested in
//!   `xtask/spec-diff/`).

mod api_diff;
mod freshness;
mod other_checkout;
mod regenerate;
mod spec_diff;
