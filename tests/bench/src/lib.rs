//! Benchmarks of the acs-chat workspace: code generation, the generated
//! client's per-request cost against plain reqwest and hyper, paging
//! throughput and memory, the mock service under load, and `spec-diff` on
//! a large pair.
//!
//! `cargo xtask bench [--quick]` runs the `acs-chat-bench` binary (every
//! scenario in one process, with the counting allocator of [`alloc`]) and
//! writes BENCHMARKS.md; `cargo bench -p acs-chat-bench` runs the divan
//! micro-benchmarks of the same code paths.

pub mod alloc;
pub mod clients;
pub mod codegen;
pub mod codegen_baseline;
pub mod mock;
pub mod paging;
pub mod report;
pub mod request;
pub mod server;
pub mod spec_diff;
pub mod specs;
pub mod stats;
