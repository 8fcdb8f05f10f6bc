//! Running the pipeline on a thread whose stack is known to be large enough.
//!
//! Loading, validation and progenitor (typify in particular) walk schemas
//! recursively, one stack frame group per level of nesting, and the YAML
//! loader allows up to 128 levels. Debug builds of typify use far more stack
//! per level than release builds: a 50-level `items` chain overflowed the
//! 2 MiB stack of a test or tokio worker thread, which aborts the process
//! (no `catch_unwind` can stop that). Generation therefore always runs on a
//! thread of its own with [`STACK_BYTES`], measured to hold the deepest
//! document the loader accepts with a wide margin, whatever thread the
//! caller is on. The memory is reserved, not committed: untouched pages
//! cost nothing.

use crate::error::{Diagnostic, Location};

/// The generation thread's stack: the deepest accepted document needs under
/// 8 MiB in a debug build (measured: 124 levels of nested `items`).
pub const STACK_BYTES: usize = 64 << 20;

/// Runs `work` on a thread with [`STACK_BYTES`] of stack and returns its
/// result. A panic in `work` is passed on to the caller unchanged.
pub fn run<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, Vec<Diagnostic>> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("acs-chat-codegen".to_string())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| {
                vec![Diagnostic {
                    location: Location::Document,
                    message: format!("could not start the generation thread: {e}"),
                }]
            })?;
        match handle.join() {
            Ok(result) => Ok(result),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
