//! Hand-written additions for the types of this crate's own spec
//! (`spec/`): what the official SDKs give on top of the wire models, such
//! as a receipt's typed [`sender`](crate::types::ChatMessageReadReceipt::sender).
//!
//! Unlike `runtime/`, which knows nothing generated, this folder is written
//! against the generated types of one spec, so it is the one part of the
//! crate that `cargo xtask check-fixtures` leaves out of the copies it
//! compiles with other specs' generated code (they have other types).
//! Everything public here is re-exported by `lib.rs` through `pub use
//! extras::*`, and listed explicitly below.

mod identifier_wire;

pub use identifier_wire::IdentifierModelError;
