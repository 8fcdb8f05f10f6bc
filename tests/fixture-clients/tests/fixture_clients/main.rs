//! One test binary: the committed fixture types are fresh, and behave on the
//! wire as their specs say.

mod freshness;
mod inline_enums;
mod unions;
