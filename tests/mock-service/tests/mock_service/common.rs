//! Helpers shared by the test binaries: the spec's schemas as JSON Schema
//! validators, a raw HTTP client (no retries), and fixtures.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use acs_chat_mock::{MockService, RunningMock, ThreadFixture, generated_messages, generated_users};
use serde_json::Value;

pub const HOUR: Duration = Duration::from_secs(3600);
pub const SMALL_THREAD: &str = "19:small_20_participants@thread.v2";
pub const BIG_THREAD: &str = "19:big_250_participants@thread.v2";
pub const FIFTY_THREAD: &str = "19:fifty_participants@thread.v2";
pub const OUTSIDER: &str =
    "8:acs:00000000-0000-0000-0000-00000000beef_ffffffff-ffff-ffff-ffff-ffffffffffff";

pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/acs-chat-read-receipts.yaml")
}

/// The spec's `components.schemas`, as JSON Schema (draft 7, where `$ref`
/// siblings are ignored as in OpenAPI 3.0): `nullable` becomes a `null`
/// type; with `strict`, objects allow no properties beyond those the spec
/// lists, so the mock cannot send anything undocumented.
pub fn components(strict: bool) -> Value {
    let text = std::fs::read_to_string(spec_path()).expect("the spec is readable");
    let spec: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let mut schemas = spec["components"]["schemas"].clone();
    assert!(schemas.is_object(), "the spec has components.schemas");
    convert(&mut schemas, strict);
    schemas
}

fn convert(value: &mut Value, strict: bool) {
    match value {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true))
                && let Some(Value::String(t)) = map.get("type").cloned()
            {
                map.insert("type".into(), serde_json::json!([t, "null"]));
            }
            if strict
                && map.get("type") == Some(&Value::String("object".into()))
                && map.contains_key("properties")
                && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (key, v) in map.iter_mut() {
                // Property names are data, not schemas; recurse into their values.
                if key == "example" || key == "x-ms-enum" {
                    continue;
                }
                convert(v, strict);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| convert(v, strict)),
        _ => {}
    }
}

/// A validator for `#/components/schemas/<name>`.
pub fn validator(name: &str, strict: bool) -> jsonschema::Validator {
    let schema = serde_json::json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": {"schemas": components(strict)},
    });
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {name}: {e}"))
}

/// Validates `body` against `name`, both lenient and strict; panics with
/// every error.
pub fn assert_matches_schema(name: &str, body: &Value) {
    for strict in [false, true] {
        let v = validator(name, strict);
        let errors: Vec<String> = v.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{body} does not match {name} (strict: {strict}): {errors:?}"
        );
    }
}

/// One response, as received.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
}

impl Raw {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

pub fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A client that sends `X-Mock-Admin: 1` with every request, as the admin
/// endpoints need.
pub fn admin_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(acs_chat_mock::ADMIN_HEADER, "1".parse().unwrap());
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Sends one request with no retries.
pub async fn raw(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> Raw {
    let mut request = client
        .request(method, url)
        .header("x-ms-client-request-id", "test-request-id");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some((content_type, bytes)) = body {
        request = request.header("content-type", content_type).body(bytes);
    }
    let response = request.send().await.expect("the mock answers");
    Raw {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.expect("a body"),
    }
}

pub fn receipts_url(base: &str, thread: &str, query: &str) -> String {
    let encoded: String = thread
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{base}/chat/threads/{encoded}/readReceipts?{query}")
}

/// The demo thread, a 20-participant thread, a 50-participant thread and a
/// 250-participant thread, each with 30 messages. The users of the bigger
/// threads include those of the smaller ones.
pub fn fixture() -> acs_chat_mock::Fixture {
    let users = generated_users(250);
    let messages = generated_messages(30);
    acs_chat_mock::Fixture::demo()
        .with_thread(
            ThreadFixture::new(SMALL_THREAD)
                .participants(users[..20].to_vec())
                .messages(messages.clone()),
        )
        .with_thread(
            ThreadFixture::new(FIFTY_THREAD)
                .participants(users[..50].to_vec())
                .messages(messages.clone()),
        )
        .with_thread(
            ThreadFixture::new(BIG_THREAD)
                .participants(users.clone())
                .messages(messages),
        )
}

pub async fn start(throttling: bool) -> RunningMock {
    MockService::builder()
        .fixture(fixture())
        .throttling(throttling)
        .start()
        .await
        .expect("the mock starts")
}

/// The first `n` lines a started program prints on stdout (its URL first),
/// each within 20 s; takes the child's stdout.
pub async fn first_lines(child: &mut tokio::process::Child, n: usize) -> Vec<String> {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut out = BufReader::new(stdout).lines();
    let mut lines = Vec::new();
    for _ in 0..n {
        let line = tokio::time::timeout(Duration::from_secs(20), out.next_line())
            .await
            .expect("the program prints in time")
            .unwrap()
            .expect("a line");
        lines.push(line);
    }
    lines
}
