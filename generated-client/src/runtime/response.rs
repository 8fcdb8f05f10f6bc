//! A response the pipeline has read whole, and the decoding of it that the
//! generated code calls.
//!
//! The pipeline reads every non-error body within its attempt (so that a
//! slow or broken body is retried like any other failed attempt, and its
//! size is bounded). What it hands to an operation's `decode` is that read
//! body with its status and headers, not a `reqwest::Response` rebuilt
//! around it: rebuilding one (a URL, a boxed body, a map of extensions)
//! and then having progenitor copy its headers and collect its body again
//! cost more than a tenth of what the generated client spends on a page of
//! ten receipts beyond a hand-written loop (BENCHMARKS.md, "Paging").
//!
//! The generator rewrites each success arm of progenitor's status match to
//! one of the functions here (`codegen/src/postprocess/operation_calls.rs`):
//! a JSON body to [`json_value`], no body to [`empty_value`], a raw body to
//! [`stream_value`], a status the spec does not list to [`unexpected`].

use bytes::Bytes;
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::runtime::error::{Error, MAX_ERROR_BODY};

/// A response with a status that is not an error, and its whole body.
#[derive(Debug)]
pub(crate) struct BufferedResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl BufferedResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        BufferedResponse {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status (the generated `decode` matches on it).
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (the generated `decode` of an optional body
    /// copies them into the answer for a status without a body).
    #[allow(dead_code)] // a spec may have no optional body
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// The body decoded as JSON into `T`, with the status and headers. A body
/// that does not decode is [`Error::Decode`], with serde's message and the
/// start of the body, both scrubbed of tokens (serde quotes the offending
/// value, which a hostile server can make the token or 16 MiB of text).
#[allow(dead_code)] // a spec may have no operation with a JSON body
pub(crate) fn json_value<T: serde::de::DeserializeOwned>(
    response: BufferedResponse,
) -> Result<ResponseValue<T>, Error> {
    let BufferedResponse {
        status,
        headers,
        body,
    } = response;
    match serde_json::from_slice(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(e) => Err(Error::Decode {
            status: Some(status),
            message: crate::runtime::secrets::server_text(&e.to_string()),
            body: start_of(body),
        }),
    }
}

/// A response the spec gives no body, as `ResponseValue<()>` (a body that
/// came anyway is not read, as progenitor's `ResponseValue::empty` does).
#[allow(dead_code)] // a spec may have no operation without a body
pub(crate) fn empty_value(response: BufferedResponse) -> ResponseValue<()> {
    ResponseValue::new((), response.status, response.headers)
}

/// A raw (not JSON) body as progenitor's `ByteStream`: one chunk, the body
/// the pipeline read.
#[allow(dead_code)] // a spec may have no operation with a raw body
pub(crate) fn stream_value(response: BufferedResponse) -> ResponseValue<ByteStream> {
    let body = response.body;
    let chunks = futures::stream::once(std::future::ready(Ok::<_, reqwest::Error>(body)));
    ResponseValue::new(
        ByteStream::new(Box::pin(chunks)),
        response.status,
        response.headers,
    )
}

/// A status that is not an error but not one the spec lists for the
/// operation either (a 2xx or 3xx it does not describe): [`Error::Decode`]
/// with the status and the start of the body.
pub(crate) fn unexpected(response: BufferedResponse) -> Error {
    let status = response.status;
    Error::Decode {
        status: Some(status),
        message: format!("status {status} is not one the spec describes for this operation"),
        body: start_of(response.body),
    }
}

/// At most [`MAX_ERROR_BODY`] bytes of `body`, scrubbed of tokens first
/// (the whole body is here: cut first, a token across the cut would keep
/// its start).
fn start_of(body: Bytes) -> Bytes {
    let body = crate::runtime::secrets::scrub_bytes(body);
    body.slice(..body.len().min(MAX_ERROR_BODY))
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;

    use super::*;

    fn response(status: u16, body: &'static str) -> BufferedResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-ms-request-id", "r-1".parse().unwrap());
        BufferedResponse::new(
            StatusCode::from_u16(status).unwrap(),
            headers,
            Bytes::from_static(body.as_bytes()),
        )
    }

    #[test]
    fn a_json_body_keeps_its_status_and_headers() {
        let value = json_value::<serde_json::Value>(response(201, r#"{"a":1}"#)).unwrap();
        assert_eq!(value.status(), StatusCode::CREATED);
        assert_eq!(value.headers()["x-ms-request-id"], "r-1");
        assert_eq!(value.into_inner(), serde_json::json!({"a": 1}));
    }

    #[test]
    fn a_body_that_does_not_decode_says_why_with_its_start() {
        let long = Box::leak(format!("[{}", "1,".repeat(MAX_ERROR_BODY)).into_boxed_str());
        let err = json_value::<Vec<String>>(response(200, long)).unwrap_err();
        let Error::Decode {
            status,
            message,
            body,
        } = err
        else {
            panic!("not a decode error: {err:?}");
        };
        assert_eq!(status, Some(StatusCode::OK));
        assert!(message.contains("expected a string"), "{message}");
        assert_eq!(body.len(), MAX_ERROR_BODY, "bounded");
    }

    #[test]
    fn a_token_across_the_cut_leaves_no_part_of_itself() {
        let token = crate::runtime::credential::AccessToken::new(format!("eyJ{}", "t".repeat(60)));
        let secret = format!("eyJ{}", "t".repeat(60));
        // The token starts 10 bytes before the cut at MAX_ERROR_BODY.
        let text = format!("{}{secret}", "x".repeat(MAX_ERROR_BODY - 10));
        let body = start_of(Bytes::from(text));
        assert!(body.len() <= MAX_ERROR_BODY);
        assert!(
            !body.windows(3).any(|w| w == b"eyJ"),
            "no start of the token is kept: …{:?}",
            String::from_utf8_lossy(&body[body.len().saturating_sub(20)..])
        );
        drop(token);
    }

    #[test]
    fn an_unlisted_status_is_a_decode_error_with_the_status() {
        let err = unexpected(response(203, "odd"));
        assert_eq!(
            err.status(),
            Some(StatusCode::NON_AUTHORITATIVE_INFORMATION)
        );
        assert!(err.to_string().contains("203"), "{err}");
    }

    #[tokio::test]
    async fn a_raw_body_is_one_chunk_of_what_was_read() {
        let value = stream_value(response(200, "raw bytes"));
        assert_eq!(value.status(), StatusCode::OK);
        let chunks: Vec<_> = value.into_inner().into_inner().collect().await;
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].as_ref().unwrap(), "raw bytes");
    }

    #[test]
    fn no_body_keeps_the_status_and_headers() {
        let value = empty_value(response(204, ""));
        assert_eq!(value.status(), StatusCode::NO_CONTENT);
        assert_eq!(value.headers()["x-ms-request-id"], "r-1");
    }
}
