//! Request bodies: added, removed, required or not, and their media
//! types and schemas (compared by the `content` that responses use too).

use openapiv3::{OpenAPI, ReferenceOr, RequestBody};

use crate::operations::Op;
use crate::wire::*;

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn request_body(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let resolve = |spec: &'a OpenAPI, op: &Op<'a>| -> Option<(&'a RequestBody, String)> {
            match op.op.request_body.as_ref()? {
                ReferenceOr::Item(body) => Some((body, format!("{}.requestBody", op.at()))),
                ReferenceOr::Reference { reference } => {
                    let name = ref_name(reference, "requestBodies")?;
                    match spec.components.as_ref()?.request_bodies.get(name)? {
                        ReferenceOr::Item(body) => {
                            Some((body, format!("components.requestBodies.{name}")))
                        }
                        ReferenceOr::Reference { .. } => None,
                    }
                }
            }
        };
        match (resolve(self.base.spec, b), resolve(self.head.spec, h)) {
            (None, None) => {}
            (None, Some((body, at))) => {
                let (rule, what) = if body.required {
                    ("request-body-added-required", "required")
                } else {
                    ("request-body-added-optional", "optional")
                };
                self.push(rule, format!("New {what} request body."), None, Some(at));
            }
            (Some((_, at)), None) => {
                self.push(
                    "request-body-removed",
                    "The request body is gone.".to_string(),
                    Some(at),
                    None,
                );
            }
            (Some((bb, ba)), Some((hb, ha))) => {
                match (bb.required, hb.required) {
                    (false, true) => self.push(
                        "request-body-became-required",
                        "The request body became required.".to_string(),
                        Some(ba.clone()),
                        Some(ha.clone()),
                    ),
                    (true, false) => self.push(
                        "request-body-became-optional",
                        "The request body became optional.".to_string(),
                        Some(ba.clone()),
                        Some(ha.clone()),
                    ),
                    _ => {}
                }
                self.content(
                    &bb.content,
                    &hb.content,
                    &format!("{ba}.content"),
                    &format!("{ha}.content"),
                    Dir::Request,
                    "the request body",
                );
            }
        }
    }
}
