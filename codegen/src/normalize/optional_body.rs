//! A typed 2xx body beside 2xx responses without one (200 with the stored
//! value, 204 with none: common for Azure PUT and DELETE).
//!
//! progenitor gives a method one success type and panics on a mix, so the
//! empty statuses leave the document here and are recorded in the
//! [`crate::Plan`]; the `optional_body` pass makes the method return
//! `Option<T>`: `Some` for the typed statuses, `None` for the recorded ones.
//! Validation has checked that the typed statuses share one JSON schema and
//! that the empty ones are exact codes.

use openapiv3::{Operation, StatusCode};

use crate::model;

/// The exact empty 2xx codes to answer with `None`, when `op` also has a
/// typed 2xx body; they are removed from `spec_op`.
pub(super) fn take_empty_statuses(op: &model::Operation, spec_op: &mut Operation) -> Vec<u16> {
    let typed = op.success.iter().any(|r| !r.body.is_empty());
    if !typed {
        return Vec::new();
    }
    let empty: Vec<u16> = op
        .success
        .iter()
        .filter(|r| r.body.is_empty())
        .filter_map(|r| match r.status {
            model::Status::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    spec_op
        .responses
        .responses
        .retain(|code, _| !matches!(code, StatusCode::Code(c) if empty.contains(c)));
    empty
}
