//! The project's tasks as a library, so that their behaviour is tested;
//! `main.rs` is only the command line.
//!
//! All file I/O of code generation lives here: `acs-chat-codegen` is pure.

pub mod api_diff;
pub mod bench;
pub mod check_fixtures;
pub mod regenerate;
pub mod spec_diff;
pub mod workspace;
