//! Security schemes the runtime credential can serve.
//!
//! The credential sends `Authorization: Bearer <token>`. A scheme it cannot
//! serve (oauth2, an apiKey in the query, …) is refused only where an
//! operation requires it: where every alternative of the operation's
//! security requirement (its own `security`, else the document's) names
//! such a scheme. A scheme declared but never required, as converted Azure
//! specs often carry, changes nothing in the generated client and is ignored.

use openapiv3::{OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::error::{Diagnostic, path};

const UNSUPPORTED: &str = "the client's credential sends `Authorization: Bearer <token>`, so only \
     an `Authorization` header apiKey or an http `bearer` scheme can be required";

pub(super) fn check_security(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let servable = |name: &str| -> Result<(), String> {
        let scheme = spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name));
        let ok = match scheme {
            None => {
                return Err(format!(
                    "security scheme `{name}` is not declared under components/securitySchemes"
                ));
            }
            Some(ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. })) => {
                matches!(location, openapiv3::APIKeyLocation::Header)
                    && name.eq_ignore_ascii_case("authorization")
            }
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) => {
                scheme.eq_ignore_ascii_case("bearer")
            }
            Some(_) => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "unsupported security scheme `{name}`: {UNSUPPORTED}"
            ))
        }
    };
    // The first problem of each alternative, or None when one alternative
    // can be served (an empty alternative is anonymous access).
    let refusal = |requirement: &[SecurityRequirement]| -> Option<String> {
        let mut first = None;
        for alternative in requirement {
            match alternative
                .keys()
                .map(|n| servable(n))
                .find_map(Result::err)
            {
                None => return None,
                Some(e) => {
                    first.get_or_insert(e);
                }
            }
        }
        first
    };
    let global = spec.security.as_deref().unwrap_or_default();
    let global_refusal = refusal(global);
    let mut global_used = false;
    for (url, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            match &op.security {
                Some(own) => {
                    if let Some(e) = refusal(own) {
                        out.push(Diagnostic::at(path(&["paths", url, method, "security"]), e));
                    }
                }
                None => global_used = true,
            }
        }
    }
    if global_used && let Some(e) = global_refusal {
        out.push(Diagnostic::at("security", e));
    }
}
