//! Response headers: added, removed, required or optional, deprecated,
//! and their schemas (compared as response values). Names are matched
//! without regard to case, as HTTP does.

use std::collections::BTreeMap;

use openapiv3::{Header, OpenAPI, ReferenceOr, Response};
use serde_json::Value;

use crate::wire::*;

/// The headers of a response by lowercased name: the name as written, the
/// header, and the path where it is defined (the component, for a `$ref`).
fn headers<'s>(
    spec: &'s OpenAPI,
    response: &'s Response,
    at: &str,
) -> BTreeMap<String, (&'s str, &'s Header, String)> {
    let mut out = BTreeMap::new();
    for (name, header) in &response.headers {
        let found = match header {
            ReferenceOr::Item(h) => Some((h, format!("{at}.headers.{name}"))),
            ReferenceOr::Reference { reference } => ref_name(reference, "headers").and_then(|n| {
                match spec.components.as_ref()?.headers.get(n)? {
                    ReferenceOr::Item(h) => Some((h, format!("components.headers.{n}"))),
                    ReferenceOr::Reference { .. } => None,
                }
            }),
        };
        if let Some((h, path)) = found {
            out.insert(name.to_ascii_lowercase(), (name.as_str(), h, path));
        }
    }
    out
}

fn schema_of(header: &Header) -> Option<Value> {
    match &header.format {
        openapiv3::ParameterSchemaOrContent::Schema(s) => serde_json::to_value(s).ok(),
        openapiv3::ParameterSchemaOrContent::Content(_) => None,
    }
}

impl<'d, 'a> Differ<'d, 'a> {
    /// Compares the headers of two matched responses at `ba`/`ha`; `what`
    /// names the response (`response \`200\``).
    pub(crate) fn headers(&mut self, br: &Response, hr: &Response, ba: &str, ha: &str, what: &str) {
        let bh = headers(self.base.spec, br, ba);
        let hh = headers(self.head.spec, hr, ha);
        for (key, (name, b, bat)) in &bh {
            let header = format!("header `{name}` of {what}");
            let Some((_, h, hat)) = hh.get(key) else {
                let (rule_id, how) = if b.required {
                    ("response-required-header-removed", "Required")
                } else {
                    ("response-optional-header-removed", "Optional")
                };
                self.push(
                    rule_id,
                    format!("{how} {header} is gone."),
                    Some(bat.clone()),
                    Some(ha.to_string()),
                );
                continue;
            };
            let here = (Some(bat.clone()), Some(hat.clone()));
            match (b.required, h.required) {
                (true, false) => self.push(
                    "response-header-became-optional",
                    format!("{} may now be absent.", capitalize(&header)),
                    here.0.clone(),
                    here.1.clone(),
                ),
                (false, true) => self.push(
                    "response-header-became-required",
                    format!("{} is now always sent.", capitalize(&header)),
                    here.0.clone(),
                    here.1.clone(),
                ),
                _ => {}
            }
            if let (Some(bs), Some(hs)) = (schema_of(b), schema_of(h)) {
                self.schema(
                    &bs,
                    &hs,
                    format!("{bat}.schema"),
                    format!("{hat}.schema"),
                    Dir::Response,
                    &header,
                );
            }
        }
        for (key, (name, _, hat)) in &hh {
            if !bh.contains_key(key) {
                self.push(
                    "response-header-added",
                    format!("New header `{name}` of {what}."),
                    Some(ba.to_string()),
                    Some(hat.clone()),
                );
            }
        }
    }
}
