//! Test-only: the clients generated from two fixture specs of
//! `codegen/tests/fixtures/specs/` (discriminated unions, inline enums named
//! by `x-ms-enum.name`) on the `acs-chat` runtime, so that `tests/` can check
//! on the wire what the generator makes of them. The real client's spec has
//! neither shape.
//!
//! Each `generated.rs` is written by the generator, never by hand, and is
//! committed: the test `freshness::committed_clients_are_what_the_generator_writes`
//! fails when one is not what the generator makes of its spec now, and
//! `UPDATE_FIXTURE_CLIENTS=1 cargo test -p acs-chat-fixture-clients` rewrites them.
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

/// The fixture specs whose clients are committed here, with their file.
pub const FIXTURES: &[(&str, &str)] = &[
    (
        "codegen/tests/fixtures/specs/shape-discriminated-union.yaml",
        "src/shape_discriminated_union/generated.rs",
    ),
    (
        "codegen/tests/fixtures/specs/shape-inline-ms-enum.yaml",
        "src/shape_inline_ms_enum/generated.rs",
    ),
];
