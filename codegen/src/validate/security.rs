//! Security schemes the runtime credential can serve.

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme};

use crate::error::{Diagnostic, path};

pub(super) fn check_security(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let Some(components) = &spec.components else {
        return;
    };
    for (name, scheme) in &components.security_schemes {
        let ok = match scheme {
            ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. }) => {
                matches!(location, openapiv3::APIKeyLocation::Header)
                    && name.eq_ignore_ascii_case("authorization")
            }
            ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) => {
                scheme.eq_ignore_ascii_case("bearer")
            }
            _ => false,
        };
        if !ok {
            out.push(Diagnostic::at(
                path(&["components", "securitySchemes", name]),
                "unsupported security scheme: the client's credential sends \
                 `Authorization: Bearer <token>`, so only an `Authorization` header apiKey or \
                 an http `bearer` scheme can be described",
            ));
        }
    }
}
