//! Code and message from the error shapes an operation's spec declares.
//!
//! [`ServiceError`] reads the two shapes the ACS service sends. An
//! operation may declare others (an RFC 9457 `application/problem+json`
//! body, an Azure-core `{"error": {...}}` under another name, …); the
//! generator derives, per operation, where each declared schema keeps its
//! code and message as JSON pointers, and gives them in the operation's
//! `OperationInfo`; `pipeline::execute` applies them to every error of the
//! call, so a listing's later pages read them as its first request does.
//!
//! A code or message already found (the `x-ms-error-code` header, or a
//! known shape) is kept. Otherwise the first declared shape with a pointer
//! that names a string, or a number (a status written in the body), fills
//! what is missing, from that shape alone (each pointer list tried in
//! order); later shapes are not tried. The text is scrubbed and bounded
//! like every server text.

use crate::runtime::error::{Error, ServiceError};

/// Where one declared error schema keeps its code and message: JSON
/// pointers into the body, tried in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorShape {
    /// e.g. `["/error/code"]`, or `["/type"]` for a problem details body.
    pub code: &'static [&'static str],
    /// e.g. `["/error/message"]`, or `["/detail", "/title"]`.
    pub message: &'static [&'static str],
}

/// `error` with its code and message filled from `shapes` where missing.
pub(crate) fn with_declared(error: Error, shapes: &[ErrorShape]) -> Error {
    match error {
        Error::Service(mut service) => {
            fill(&mut service, shapes);
            Error::Service(service)
        }
        other => other,
    }
}

fn fill(service: &mut ServiceError, shapes: &[ErrorShape]) {
    let (body, known_code, known_message) = service.body_and_parts();
    if known_code.is_some() && known_message.is_some() {
        return;
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(body) else {
        return;
    };
    let first = |pointers: &[&str]| {
        pointers.iter().find_map(|p| match body.pointer(p)? {
            serde_json::Value::String(s) => Some(crate::runtime::secrets::server_text(s)),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    for shape in shapes {
        let code = first(shape.code);
        let message = first(shape.message);
        if code.is_none() && message.is_none() {
            continue;
        }
        if known_code.is_none() {
            *known_code = code;
        }
        if known_message.is_none() {
            *known_message = message;
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    use super::*;

    const SHAPES: &[ErrorShape] = &[
        ErrorShape {
            code: &["/type"],
            message: &["/detail", "/title"],
        },
        ErrorShape {
            code: &["/failure/reason"],
            message: &["/failure/text"],
        },
    ];

    fn service(headers: &[(&'static str, &'static str)], body: &str) -> Error {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, v.parse().unwrap());
        }
        Error::Service(Box::new(ServiceError::from_parts(
            StatusCode::BAD_REQUEST,
            map,
            Bytes::from(body.to_string()),
            false,
        )))
    }

    fn parts(e: &Error) -> (Option<&str>, Option<&str>) {
        match e {
            Error::Service(s) => (s.code(), s.message()),
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_problem_details_body_gives_code_and_message() {
        let body = r#"{"type":"https://example.com/probs/out-of-credit","title":"No credit","detail":"Balance is 30."}"#;
        let e = with_declared(service(&[], body), SHAPES);
        assert_eq!(
            parts(&e),
            (
                Some("https://example.com/probs/out-of-credit"),
                Some("Balance is 30.")
            )
        );
        let e = with_declared(service(&[], r#"{"title":"No credit"}"#), SHAPES);
        assert_eq!(parts(&e), (None, Some("No credit")));
    }

    #[test]
    fn the_first_shape_that_matches_wins_and_known_values_stay() {
        let e = with_declared(
            service(&[], r#"{"failure":{"reason":"Gone","text":"It left."}}"#),
            SHAPES,
        );
        assert_eq!(parts(&e), (Some("Gone"), Some("It left.")));
        // The header and the ACS shape are read first and kept.
        let e = with_declared(
            service(
                &[("x-ms-error-code", "Throttled")],
                r#"{"error":{"code":"TooMany","message":"Slow down."},"type":"t"}"#,
            ),
            SHAPES,
        );
        assert_eq!(parts(&e), (Some("Throttled"), Some("Slow down.")));
    }

    #[test]
    fn bodies_that_match_nothing_change_nothing() {
        for body in ["", "not json", "[1,2]", r#"{"type":{"nested":1}}"#] {
            let e = with_declared(service(&[], body), SHAPES);
            assert_eq!(parts(&e), (None, None), "{body}");
        }
        let e = with_declared(Error::InvalidRequest("x".into()), SHAPES);
        assert!(matches!(e, Error::InvalidRequest(_)));
    }
}
