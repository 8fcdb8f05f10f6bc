//! Test-only: the clients generated from three fixture specs of
//! `codegen/tests/fixtures/specs/` (discriminated unions, inline enums named
//! by `x-ms-enum.name`, error bodies of other declared shapes) on the
//! `acs-chat` runtime, so that `tests/` can check
//! on the wire what the generator makes of them. The real client's spec has
//! none of these shapes.
//!
//! Each `generated.rs` is written by the generator, never by hand, and is
//! committed: `cargo xtask regenerate` writes them with the real client
//! (`xtask::regenerate::TEST_CLIENTS`), and `--check` (CI) and xtask's
//! freshness test fail when one is stale.
//!
//! The runtime (`generated-client/src/runtime/`, which names nothing
//! generated) is included by path, so that it is compiled against this
//! generated code exactly as `acs-chat` compiles it against its own; both
//! clients share it (generated code reaches it only as `crate::runtime`).

#![allow(missing_docs)]

// What `acs-chat` re-exports and this crate does not is unused here.
#[allow(dead_code, unused_imports)]
#[path = "../../../generated-client/src/runtime/mod.rs"]
mod runtime;

pub use runtime::error::{Error, ServiceError};
pub use runtime::retry::RetryOptions;

/// The client of `codegen/tests/fixtures/specs/shape-discriminated-union.yaml`.
pub mod shape_discriminated_union {
    // Formatted by prettyplease at generation, not by rustfmt.
    #[rustfmt::skip]
    mod generated;
    pub use generated::{Client, ClientParameters, ResponseValue, builder, prelude, types};
}

/// The client of `codegen/tests/fixtures/specs/shape-inline-ms-enum.yaml`.
pub mod shape_inline_ms_enum {
    // Formatted by prettyplease at generation, not by rustfmt.
    #[rustfmt::skip]
    mod generated;
    pub use generated::{Client, ClientParameters, ResponseValue, builder, prelude, types};
}

/// The client of `codegen/tests/fixtures/specs/shape-problem-json-error.yaml`.
pub mod shape_problem_json_error {
    // Formatted by prettyplease at generation, not by rustfmt.
    #[rustfmt::skip]
    mod generated;
    pub use generated::{Client, ClientParameters, ResponseValue, builder, prelude, types};
}
