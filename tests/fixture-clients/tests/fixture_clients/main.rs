//! One test binary: the committed fixture clients behave on the wire as
//! their specs say (their freshness is `cargo xtask regenerate --check`'s).

mod error_shapes;
mod inline_enums;
mod unions;
