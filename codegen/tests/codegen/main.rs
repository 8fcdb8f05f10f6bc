//! acs-chat-codegen's tests, one binary (each module one kind of test):
//! - [`snapshots`]: golden output for the fixture specs and golden errors
//!   for the broken ones (insta, `snapshots/`);
//! - [`properties`]: the generator never panics or hangs on mutated specs
//!   (proptest, regressions in `../proptest-regressions/`);
//! - [`model`]: the typed model of the spec describes what the spec says;
//! - [`paging_shapes`]: paging shapes of issue 10 (optional page items);
//! - [`retry_flags`]: the per-operation retry flag comes from the spec's
//!   retry safety;
//! - [`module_graph`]: codegen's modules import each other without cycles,
//!   and only the model reads extensions;
//! - [`type_shapes`]: named inline enums and discriminated unions as
//!   normalization hands them to progenitor.

mod model;
mod module_graph;
mod paging_shapes;
mod properties;
mod retry_flags;
mod snapshots;
mod type_shapes;
