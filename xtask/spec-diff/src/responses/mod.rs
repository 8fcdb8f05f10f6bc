//! Responses: success and error statuses, their media types, bodies and
//! headers; `content` compares the media types of request bodies too.

mod headers;

use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};
use serde_json::Value;

use crate::operations::Op;
use crate::wire::*;

/// Whether the generated method returns this status as success: the
/// model's rule (2xx and `2XX`; a 3xx is an error to the client, so a
/// change to it is an error-status change).
pub(crate) fn is_success(code: &StatusCode) -> bool {
    acs_chat_codegen::model::Status::of(code).is_success()
}

pub(crate) fn status_name(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(r) => format!("{r}XX"),
    }
}

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn content(
        &mut self,
        b: &indexmap::IndexMap<String, openapiv3::MediaType>,
        h: &indexmap::IndexMap<String, openapiv3::MediaType>,
        ba: &str,
        ha: &str,
        dir: Dir,
        what: &str,
    ) {
        for (media, bm) in b {
            let Some(hm) = h.get(media) else {
                self.push(
                    rule(dir, "media-type-removed"),
                    format!("Media type `{media}` of {what} is gone."),
                    Some(format!("{ba}.{media}")),
                    Some(ha.to_string()),
                );
                continue;
            };
            if let (Some(bs), Some(hs)) = (&bm.schema, &hm.schema) {
                let bs = serde_json::to_value(bs).unwrap_or(Value::Null);
                let hs = serde_json::to_value(hs).unwrap_or(Value::Null);
                self.schema(
                    &bs,
                    &hs,
                    format!("{ba}.{media}.schema"),
                    format!("{ha}.{media}.schema"),
                    dir,
                    what,
                );
            }
        }
        for media in h.keys() {
            if !b.contains_key(media) {
                self.push(
                    rule(dir, "media-type-added"),
                    format!("{} can be `{media}`.", capitalize(what)),
                    Some(ba.to_string()),
                    Some(format!("{ha}.{media}")),
                );
            }
        }
    }

    pub(crate) fn responses(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let list = |op: &Op<'a>| -> Vec<(Option<StatusCode>, &'a ReferenceOr<Response>)> {
            let mut v: Vec<_> = op
                .op
                .responses
                .responses
                .iter()
                .map(|(c, r)| (Some(c.clone()), r))
                .collect();
            if let Some(d) = &op.op.responses.default {
                v.push((None, d));
            }
            v
        };
        let name = |c: &Option<StatusCode>| c.as_ref().map_or("default".to_string(), status_name);
        let success = |c: &Option<StatusCode>| c.as_ref().is_some_and(is_success);
        let bl = list(b);
        let hl = list(h);
        for (code, br) in &bl {
            let n = name(code);
            let ba = format!("{}.responses.{n}", b.at());
            let ha = format!("{}.responses.{n}", h.at());
            match hl.iter().find(|(c, _)| c == code) {
                None => {
                    let rule = if success(code) {
                        "response-success-status-removed"
                    } else {
                        "response-error-status-removed"
                    };
                    self.push(
                        rule,
                        format!("Response `{n}` is gone."),
                        Some(ba),
                        Some(format!("{}.responses", h.at())),
                    );
                }
                Some((_, hr)) => {
                    let (Some((br, ba)), Some((hr, ha))) = (
                        self.resolve_response(self.base.spec, br, ba),
                        self.resolve_response(self.head.spec, hr, ha),
                    ) else {
                        continue;
                    };
                    // A shared response is named once, whichever status uses it.
                    let what = match ha.strip_prefix("components.responses.") {
                        Some(name) => format!("response `{name}`"),
                        None => format!("response `{n}`"),
                    };
                    match (br.content.is_empty(), hr.content.is_empty()) {
                        (true, false) => self.push(
                            "response-body-added",
                            format!("{} now has a body.", capitalize(&what)),
                            Some(ba.clone()),
                            Some(format!("{ha}.content")),
                        ),
                        (false, true) => self.push(
                            "response-body-removed",
                            format!("{} no longer has a body.", capitalize(&what)),
                            Some(format!("{ba}.content")),
                            Some(ha.clone()),
                        ),
                        _ => self.content(
                            &br.content,
                            &hr.content,
                            &format!("{ba}.content"),
                            &format!("{ha}.content"),
                            Dir::Response,
                            &what,
                        ),
                    }
                    self.headers(br, hr, &ba, &ha, &what);
                }
            }
        }
        for (code, _) in &hl {
            if bl.iter().any(|(c, _)| c == code) {
                continue;
            }
            let n = name(code);
            let rule = if success(code) {
                "response-success-status-added"
            } else {
                "response-error-status-added"
            };
            self.push(
                rule,
                format!("New response `{n}`."),
                Some(format!("{}.responses", b.at())),
                Some(format!("{}.responses.{n}", h.at())),
            );
        }
    }

    pub(crate) fn resolve_response<'s>(
        &self,
        spec: &'s OpenAPI,
        r: &'s ReferenceOr<Response>,
        at: String,
    ) -> Option<(&'s Response, String)> {
        match r {
            ReferenceOr::Item(r) => Some((r, at)),
            ReferenceOr::Reference { reference } => {
                let name = ref_name(reference, "responses")?;
                match spec.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(r) => Some((r, format!("components.responses.{name}"))),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }
}
