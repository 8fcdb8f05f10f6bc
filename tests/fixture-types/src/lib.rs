//! The `types` module that the generator writes for some fixture specs of
//! `codegen/tests/fixtures/specs/`, committed so that their behaviour on
//! the wire can be tested: a generated client's other modules need the
//! real spec's types (`generated-client` is built from `spec/`), but the
//! types of a spec are plain serde types that stand alone.
//!
//! Each module is generated, never edited by hand: the test
//! `freshness::committed_types_are_what_the_generator_writes` fails when one
//! differs from the generator's output, and
//! `UPDATE_FIXTURE_TYPES=1 cargo test -p acs-chat-fixture-types` rewrites them.

// Formatted by prettyplease at generation, not by rustfmt (see the freshness test).
/// From `codegen/tests/fixtures/specs/shape-discriminated-union.yaml`.
#[rustfmt::skip]
pub mod shape_discriminated_union;
/// From `codegen/tests/fixtures/specs/shape-inline-ms-enum.yaml`.
#[rustfmt::skip]
pub mod shape_inline_ms_enum;

/// The fixture specs whose types are committed here, with their module file.
pub const FIXTURES: &[(&str, &str)] = &[
    (
        "codegen/tests/fixtures/specs/shape-discriminated-union.yaml",
        "src/shape_discriminated_union.rs",
    ),
    (
        "codegen/tests/fixtures/specs/shape-inline-ms-enum.yaml",
        "src/shape_inline_ms_enum.rs",
    ),
];
