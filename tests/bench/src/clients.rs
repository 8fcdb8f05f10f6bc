//! The same list request made three ways: the generated `acs-chat` client,
//! plain reqwest and plain hyper (hyper-util's legacy client), the last two
//! decoding into hand-written serde types of the same shape.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_chat::{Client, RefreshingToken};
use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use serde::Deserialize;

use crate::server::API_VERSION;

/// The thread of the per-request benchmark.
pub const THREAD_ID: &str = "19:bench@thread.v2";
/// [`THREAD_ID`] percent-encoded, as the generated client sends it.
pub const THREAD_PATH: &str = "19%3Abench%40thread.v2";

/// A JWT-shaped token that expires in a day (unsigned: the benchmark
/// servers only check that `Authorization` is there).
pub fn bench_token() -> String {
    let exp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        + 86_400;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.{}",
        b64.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64.encode(format!(r#"{{"sub":"8:acs:bench","exp":{exp}}}"#)),
        b64.encode(b"not-a-signature"),
    )
}

/// Hand-written page type, the shape of `ChatMessageReadReceiptsCollection`.
#[derive(Debug, Deserialize)]
pub struct Page {
    /// The receipts.
    pub value: Vec<Receipt>,
    /// The next page, if any.
    #[serde(rename = "nextLink")]
    pub next_link: Option<String>,
}

/// Hand-written `ChatMessageReadReceipt`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Receipt {
    #[serde(rename = "senderCommunicationIdentifier")]
    sender: Identifier,
    #[serde(rename = "chatMessageId")]
    chat_message_id: String,
    #[serde(rename = "readOn")]
    read_on: chrono::DateTime<chrono::Utc>,
}

/// Hand-written `CommunicationIdentifierModel` (every optional member).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Identifier {
    #[serde(rename = "rawId")]
    raw_id: Option<String>,
    kind: Option<String>,
    #[serde(rename = "communicationUser")]
    communication_user: Option<IdOnly>,
    #[serde(rename = "phoneNumber")]
    phone_number: Option<PhoneNumber>,
    #[serde(rename = "microsoftTeamsUser")]
    microsoft_teams_user: Option<TeamsUser>,
    #[serde(rename = "microsoftTeamsApp")]
    microsoft_teams_app: Option<TeamsApp>,
    #[serde(rename = "teamsExtensionUser")]
    teams_extension_user: Option<TeamsExtensionUser>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct IdOnly {
    id: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PhoneNumber {
    value: String,
    #[serde(rename = "assertedId")]
    asserted_id: Option<String>,
    #[serde(rename = "isAnonymous")]
    is_anonymous: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TeamsUser {
    #[serde(rename = "userId")]
    user_id: String,
    #[serde(rename = "isAnonymous")]
    is_anonymous: Option<bool>,
    cloud: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TeamsApp {
    #[serde(rename = "appId")]
    app_id: String,
    cloud: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct TeamsExtensionUser {
    #[serde(rename = "userId")]
    user_id: String,
    #[serde(rename = "tenantId")]
    tenant_id: String,
    #[serde(rename = "resourceId")]
    resource_id: String,
    cloud: Option<String>,
}

/// Which credential the generated client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// `.token(..)`: a `StaticToken`.
    Static,
    /// `RefreshingToken` holding a valid token (its mutex on every call).
    Refreshing,
}

/// The generated client, with its defaults (retries on, time limits).
pub fn generated(base_url: &str, credential: Credential) -> Client {
    let builder = Client::builder(base_url);
    let builder = match credential {
        Credential::Static => builder.token(bench_token()),
        Credential::Refreshing => builder.credential(
            RefreshingToken::new(|| async { Ok(bench_token()) })
                .with_initial_token(bench_token())
                .expect("a JWT with exp"),
        ),
    };
    builder.build().expect("client")
}

/// One list call through the generated client; the number of receipts.
pub async fn generated_list(client: &Client) -> usize {
    let page = client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .expect("generated client: list");
    page.into_inner().value.len()
}

/// Plain reqwest: a client, the list URL and the `Authorization` value.
pub struct PlainReqwest {
    http: reqwest::Client,
    url: String,
    auth: HeaderValue,
}

impl PlainReqwest {
    /// A reqwest client for the list endpoint under `base_url`.
    pub fn new(base_url: &str) -> Self {
        PlainReqwest {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("reqwest client"),
            url: format!("{base_url}/chat/threads/{THREAD_PATH}/readReceipts"),
            auth: bearer(),
        }
    }

    /// One list call; the number of receipts.
    pub async fn list(&self) -> usize {
        let page: Page = self
            .http
            .get(&self.url)
            .query(&[("api-version", API_VERSION)])
            .header(AUTHORIZATION, self.auth.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("reqwest: send")
            .json()
            .await
            .expect("reqwest: decode");
        page.value.len()
    }

    /// Every receipt of `bench-<total>`, following `nextLink`: a
    /// hand-written paging loop. Returns how many there were.
    pub async fn stream_all(&self, base_url: &str, total: usize, page_size: usize) -> usize {
        let mut url = format!(
            "{base_url}/chat/threads/bench-{total}/readReceipts?maxPageSize={page_size}&api-version={API_VERSION}"
        );
        let mut count = 0;
        loop {
            let page: Page = self
                .http
                .get(&url)
                .header(AUTHORIZATION, self.auth.clone())
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .expect("reqwest: send")
                .json()
                .await
                .expect("reqwest: decode");
            for receipt in page.value {
                std::hint::black_box(receipt);
                count += 1;
            }
            match page.next_link {
                Some(next) => url = next,
                None => return count,
            }
        }
    }
}

/// Every receipt of `bench-<total>` through the generated client's
/// `.stream()`. Returns how many there were.
pub async fn generated_stream_all(client: &Client, total: usize, page_size: usize) -> usize {
    let mut items = client
        .list_chat_read_receipts()
        .chat_thread_id(format!("bench-{total}"))
        .max_page_size(page_size as i32)
        .stream();
    let mut count = 0;
    while let Some(receipt) = items.try_next().await.expect("generated client: page") {
        std::hint::black_box(receipt);
        count += 1;
    }
    count
}

/// Plain hyper: hyper-util's pooled legacy client.
pub struct PlainHyper {
    client: HyperClient<HttpConnector, Empty<Bytes>>,
    uri: http::Uri,
    auth: HeaderValue,
}

impl PlainHyper {
    /// A hyper client for the list endpoint under `base_url`.
    pub fn new(base_url: &str) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        PlainHyper {
            client: HyperClient::builder(TokioExecutor::new()).build(connector),
            uri: format!(
                "{base_url}/chat/threads/{THREAD_PATH}/readReceipts?api-version={API_VERSION}"
            )
            .parse()
            .expect("uri"),
            auth: bearer(),
        }
    }

    /// One list call; the number of receipts.
    pub async fn list(&self) -> usize {
        let request = http::Request::get(self.uri.clone())
            .header(AUTHORIZATION, self.auth.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .body(Empty::new())
            .expect("request");
        let response = self.client.request(request).await.expect("hyper: send");
        assert!(
            response.status().is_success(),
            "hyper: {}",
            response.status()
        );
        let body = response
            .into_body()
            .collect()
            .await
            .expect("hyper: body")
            .to_bytes();
        let page: Page = serde_json::from_slice(&body).expect("hyper: decode");
        page.value.len()
    }
}

fn bearer() -> HeaderValue {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", bench_token())).expect("header");
    value.set_sensitive(true);
    value
}

/// A single-threaded runtime for the client side of a benchmark.
pub fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// Waits until the server answers (it listens before this is called, so
/// this is only a guard against a slow first accept).
pub fn settle() {
    std::thread::sleep(Duration::from_millis(20));
}
