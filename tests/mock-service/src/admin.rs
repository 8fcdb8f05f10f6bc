//! The `/_mock/...` admin endpoints: no faults, no throttling, no access
//! token, but a check that a page in a browser cannot pass: the `Host` must
//! name this machine's loopback (or the address the mock listens on), an
//! `Origin`, if sent, must be a loopback origin, and every endpoint but
//! `/_mock/health` needs the header `X-Mock-Admin: 1` (a custom header: a
//! cross-origin page must ask first with a preflight, which the mock never
//! allows; a DNS-rebound page is same-origin but sends its own `Host`).

use std::sync::atomic::Ordering;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap};
use hyper::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::http::{
    ApiError, App, Body, bad_request, decode_thread_id, err, json_response, param, query_pairs,
    read_body,
};
use crate::log::{LoggedRequest, cut};
use crate::store::{Fault, lock};
use crate::token;
/// `/_mock/...`: no auth, no faults, no throttling.
pub(crate) async fn admin(
    app: &App,
    parts: &hyper::http::request::Parts,
    body: Incoming,
) -> Result<Response<Body>, ApiError> {
    let path = parts.uri.path();
    let method = &parts.method;
    check_caller(app, &parts.headers, path)?;
    let not_found = || err(StatusCode::NOT_FOUND, "NotFound", "No such admin endpoint.");
    let method_not_allowed = || {
        err(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!(
                "The method {} is not allowed here.",
                cut(method.as_str(), 32).0
            ),
        )
    };
    let read_json = |bytes: Bytes| -> Result<Value, ApiError> {
        serde_json::from_slice(&bytes).map_err(|e| {
            bad_request(
                "InvalidRequestBody",
                format!("The request body is not valid JSON: {e}"),
            )
        })
    };
    match path {
        "/_mock/health" => Ok(json_response(StatusCode::OK, &json!({"status": "ok"}))),
        "/_mock/faults" => match *method {
            Method::GET => {
                let pending = lock(&app.faults).pending();
                Ok(json_response(StatusCode::OK, &json!({"pending": pending})))
            }
            Method::DELETE => {
                lock(&app.faults).clear();
                Ok(json_response(StatusCode::OK, &json!({"pending": 0})))
            }
            Method::POST => {
                let mut value = read_json(read_body(app, parts, body).await?)?;
                let count = match value.as_object_mut().and_then(|o| o.remove("count")) {
                    None => 1,
                    Some(n) => n
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| {
                            bad_request("InvalidParameter", "`count` must be a whole number.")
                        })?,
                };
                let fault: Fault = serde_json::from_value(value)
                    .map_err(|e| bad_request("InvalidRequestBody", format!("Not a fault: {e}")))?;
                let mut faults = lock(&app.faults);
                faults.push(fault, count);
                Ok(json_response(
                    StatusCode::OK,
                    &json!({"pending": faults.pending()}),
                ))
            }
            _ => Err(method_not_allowed()),
        },
        "/_mock/throttling" => match *method {
            Method::GET => Ok(json_response(
                StatusCode::OK,
                &json!({"enabled": app.throttling.load(Ordering::Relaxed)}),
            )),
            Method::PUT | Method::POST => {
                let value = read_json(read_body(app, parts, body).await?)?;
                let enabled = value
                    .get("enabled")
                    .and_then(Value::as_bool)
                    .ok_or_else(|| {
                        bad_request("InvalidRequestBody", "Expected {\"enabled\": true|false}.")
                    })?;
                app.throttling.store(enabled, Ordering::Relaxed);
                Ok(json_response(StatusCode::OK, &json!({"enabled": enabled})))
            }
            _ => Err(method_not_allowed()),
        },
        "/_mock/token" => {
            if *method != Method::POST && *method != Method::GET {
                return Err(method_not_allowed());
            }
            let pairs = query_pairs(parts)?;
            let user = param(&pairs, "user")
                .filter(|u| !u.is_empty())
                .ok_or_else(|| bad_request("InvalidParameter", "`user` is required."))?;
            let ttl = match param(&pairs, "ttl") {
                None => 3600,
                Some(t) => t.parse::<i64>().map_err(|_| {
                    bad_request("InvalidParameter", "`ttl` must be a number of seconds.")
                })?,
            };
            let token = token::sign(&app.secret, user, ttl);
            Ok(json_response(StatusCode::OK, &json!({"token": token})))
        }
        "/_mock/requests" => {
            // Copy the pointers under the lock, serialize after releasing it.
            let entries = lock(&app.log).snapshot();
            let entries: Vec<&LoggedRequest> = entries.iter().map(|e| &**e).collect();
            let body = serde_json::to_vec(&entries).unwrap_or_else(|_| b"[]".to_vec());
            Ok(bytes_response(StatusCode::OK, body))
        }
        _ => {
            let Some(segment) = path
                .strip_prefix("/_mock/threads/")
                .and_then(|rest| rest.strip_suffix("/receipts"))
                .filter(|s| !s.contains('/'))
            else {
                return Err(not_found());
            };
            if *method != Method::GET {
                return Err(method_not_allowed());
            }
            let thread_id = decode_thread_id(segment)?;
            match lock(&app.store).receipts(&thread_id) {
                Some(receipts) => Ok(json_response(StatusCode::OK, &json!(receipts))),
                None => Err(err(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    "The chat thread does not exist.",
                )),
            }
        }
    }
}

/// The header every admin endpoint but health needs.
pub const ADMIN_HEADER: &str = "x-mock-admin";

/// `host` (a `Host` value or an origin's authority) without its port,
/// lower-case.
fn host_name(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("").to_string();
    }
    host.rsplit_once(':')
        .map_or(host.as_str(), |(name, _)| name)
        .to_string()
}

/// Loopback names and addresses, and the address the mock listens on.
fn local_name(app: &App, name: &str) -> bool {
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || app.base_url.contains(&ip.to_string()),
        Err(_) => false,
    }
}

fn forbidden(message: &str) -> ApiError {
    err(StatusCode::FORBIDDEN, "Forbidden", message)
}

/// The checks of the module doc comment.
fn check_caller(app: &App, headers: &HeaderMap, path: &str) -> Result<(), ApiError> {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !local_name(app, &host_name(host)) {
        return Err(forbidden(
            "Admin endpoints answer only requests whose Host is this machine's loopback.",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        if !authority.is_some_and(|a| local_name(app, &host_name(a))) {
            return Err(forbidden("Admin endpoints refuse requests from web pages."));
        }
    }
    if path != "/_mock/health"
        && headers.get(ADMIN_HEADER).map(|v| v.as_bytes()) != Some(b"1".as_slice())
    {
        return Err(forbidden(
            "Admin endpoints need the header `X-Mock-Admin: 1`.",
        ));
    }
    Ok(())
}

fn bytes_response(status: StatusCode, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(http_body_util::Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}
