//! Helpers shared by the end-to-end tests: the client under test pointed at
//! a loopback `wiremock::MockServer`, the seed examples, and small checks on
//! the requests the server received.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The thread id of the seed pages.
pub const THREAD_ID: &str =
    "19:uni01_zbnh3nt2dfuffezc3sox7dog7wfhk6y5qe2rwlnfhlhdzirihdpq@thread.v2";
/// The same, percent-encoded as the service expects it in the path.
pub const THREAD_ID_ENCODED: &str =
    "19%3Auni01_zbnh3nt2dfuffezc3sox7dog7wfhk6y5qe2rwlnfhlhdzirihdpq%40thread.v2";
/// The token every test client sends.
pub const TOKEN: &str = "test-token";
/// The api-version the client sends unless told otherwise.
pub const DEFAULT_API_VERSION: &str = "2025-03-15";
/// Another api-version, used in `nextLink`s and for the override.
pub const PREVIEW_API_VERSION: &str = "2024-03-15-preview";

/// The sample response of the (Korean) "List Chat Read Receipts" seed page,
/// verbatim.
pub const SEED_LIST_RESPONSE: &str = r#"{
  "value": [
    {
      "senderCommunicationIdentifier": {
        "rawId": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_0e59221d-0c1d-46ae-9544-c963ce56c10b",
        "communicationUser": {
          "id": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_0e59221d-0c1d-46ae-9544-c963ce56c10b"
        }
      },
      "chatMessageId": "1591137790240",
      "readOn": "2020-06-06T05:55:41.6460000Z"
    },
    {
      "senderCommunicationIdentifier": {
        "rawId": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_c94ff260-162d-46d6-94fd-e79f4d213715",
        "communicationUser": {
          "id": "8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_c94ff260-162d-46d6-94fd-e79f4d213715"
        }
      },
      "chatMessageId": "1591768249318",
      "readOn": "2020-06-06T05:55:41.6460000Z"
    }
  ],
  "nextLink": "https://contoso.westus.communications.azure.com/chat/threads/19:453dafb77b26481ea2e73bcada0324af@thread.v2/readReceipts?skip=2&maxPageSize=2&api-version=2024-03-15-preview"
}"#;

/// The request body of the "Send Chat Read Receipt" seed page, compacted.
pub const SEED_SEND_BODY: &str = r#"{"chatMessageId":"1591137790240"}"#;

/// A client for `server` with the test token.
pub fn client(server: &MockServer) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .build()
        .expect("client builds for a loopback mock server")
}

/// A client for `server` with the test token that never retries (for tests
/// about what one answer decodes to).
pub fn client_no_retry(server: &MockServer) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(acs_chat::RetryOptions::none())
        .build()
        .expect("client builds for a loopback mock server")
}

/// Retry options with short delays, so that retry tests stay fast.
pub fn fast_retry(max_retries: u32) -> acs_chat::RetryOptions {
    acs_chat::RetryOptions {
        max_retries,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    }
}

/// A client for `server` with the test token and [`fast_retry`].
pub fn client_fast_retry(server: &MockServer, max_retries: u32) -> acs_chat::Client {
    acs_chat::Client::builder(server.uri())
        .token(TOKEN)
        .retry(fast_retry(max_retries))
        .build()
        .expect("client builds for a loopback mock server")
}

/// An endpoint on a loopback port nothing listens on any more. (A dropped
/// `MockServer` goes back to wiremock's pool and keeps answering, so this
/// binds a bare listener and drops it.)
pub fn dead_endpoint() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    format!("http://{}", listener.local_addr().expect("local address"))
}

/// Every request `server` received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Every value of query parameter `name` in `request`, decoded, in order.
pub fn query_values(request: &Request, name: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// The single value of header `name`, as text; panics if absent or repeated.
pub fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert_eq!(values.len(), 1, "header {name}: {values:?}");
    values[0].to_str().expect("header is text")
}

/// Whether `s` is a hyphenated UUID (8-4-4-4-12 hex digits).
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Panics if `text` shows the test token.
pub fn assert_no_token(text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked into: {text}");
}

/// Checks that neither `Debug` nor `Display` of `err` shows the token.
pub fn assert_error_has_no_token(err: &acs_chat::Error) {
    assert_no_token(&format!("{err:?}"));
    assert_no_token(&format!("{err}"));
}

/// One read receipt of ACS user `user` for message `message_id`.
pub fn receipt(user: &str, message_id: &str) -> serde_json::Value {
    let raw = format!("8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_{user}");
    serde_json::json!({
        "senderCommunicationIdentifier": {
            "rawId": raw,
            "communicationUser": { "id": raw }
        },
        "chatMessageId": message_id,
        "readOn": "2020-10-30T10:50:50Z"
    })
}

/// A `{"error": {...}}` body.
pub fn error_body(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "error": { "code": code, "message": message } })
}

/// The read-receipts URL of the seed thread on `server`, with `query`
/// (the thread id left raw, as in the seed page's `nextLink`).
pub fn link(server: &MockServer, query: &str) -> String {
    format!(
        "{}/chat/threads/{THREAD_ID}/readReceipts?{query}",
        server.uri()
    )
}

/// Upper bound for anything that could loop.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Answers the n-th request with the n-th template (the last one again
/// once they run out), and remembers when each request arrived.
#[derive(Clone)]
pub struct Sequence {
    answers: Arc<Vec<ResponseTemplate>>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Sequence {
    pub fn new(answers: Vec<ResponseTemplate>) -> Self {
        assert!(!answers.is_empty());
        Sequence {
            answers: Arc::new(answers),
            arrivals: Arc::default(),
        }
    }

    /// When each request arrived, in order.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }

    /// How many requests were answered.
    pub fn count(&self) -> usize {
        self.arrivals.lock().unwrap().len()
    }

    /// The time between the first and the second request.
    pub fn first_wait(&self) -> Duration {
        let arrivals = self.arrivals();
        assert!(arrivals.len() >= 2, "{} request(s)", arrivals.len());
        arrivals[1] - arrivals[0]
    }
}

impl Respond for Sequence {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        let n = arrivals.len();
        arrivals.push(Instant::now());
        self.answers[n.min(self.answers.len() - 1)].clone()
    }
}

/// A `200` with an empty page: a success for both operations.
pub fn ok_page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] }))
}

/// An error status with a `{"error": ...}` body.
pub fn error_status(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(error_body(&format!("Code{status}"), "failed"))
}

/// Mounts `responder` for every request on a new server.
pub async fn server_with(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// Sends the seed read receipt.
pub async fn send_receipt(client: &acs_chat::Client) -> Result<(), acs_chat::Error> {
    client
        .send_chat_read_receipt()
        .chat_thread_id(THREAD_ID)
        .body(acs_chat::types::SendReadReceiptRequest {
            chat_message_id: "1591137790240".into(),
        })
        .send()
        .await
        .map(|_| ())
}

/// Lists the first page of the seed thread.
pub async fn list_page(client: &acs_chat::Client) -> Result<(), acs_chat::Error> {
    client
        .list_chat_read_receipts()
        .chat_thread_id(THREAD_ID)
        .send()
        .await
        .map(|_| ())
}

/// What [`raw_server`] does with one request.
pub enum RawAnswer {
    /// Closes the connection without answering.
    Close,
    /// Writes `first` at once, then `rest` after `delay`.
    Bytes {
        first: Vec<u8>,
        rest: Vec<u8>,
        delay: Duration,
    },
}

impl RawAnswer {
    /// A complete HTTP/1.1 answer whose body's first `split` bytes come at
    /// once and the rest after `delay`.
    pub fn http(status: u16, body: &str, split: usize, delay: Duration) -> RawAnswer {
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let mut first = head.into_bytes();
        first.extend_from_slice(&body.as_bytes()[..split]);
        RawAnswer::Bytes {
            first,
            rest: body.as_bytes()[split..].to_vec(),
            delay,
        }
    }
}

/// A bare HTTP/1.1 server on a loopback port (std threads, one request per
/// connection), for what wiremock cannot do: bodies that arrive slowly,
/// connections closed without an answer. `answer` gets the request line and
/// headers and the server's endpoint. Returns the endpoint and a counter of
/// requests.
pub fn raw_server(
    answer: impl Fn(&str, &str) -> RawAnswer + Send + Sync + 'static,
) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let answer = Arc::new(answer);
    let base = endpoint.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let (answer, base, counter) = (answer.clone(), base.clone(), counter.clone());
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                match answer(&String::from_utf8_lossy(&seen), &base) {
                    RawAnswer::Close => {
                        let _ = stream.shutdown(std::net::Shutdown::Both);
                    }
                    RawAnswer::Bytes { first, rest, delay } => {
                        let _ = stream.write_all(&first);
                        let _ = stream.flush();
                        std::thread::sleep(delay);
                        let _ = stream.write_all(&rest);
                        let _ = stream.flush();
                    }
                }
            });
        }
    });
    (endpoint, count)
}

/// Log lines in memory (a `tracing_subscriber` writer), for tests that check
/// what the client logs.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogBuffer {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// A TRACE-level subscriber writing into `buffer`, with span open/close
/// events (so recorded span fields show too), for the current thread.
pub fn capture_logs(buffer: &LogBuffer) -> tracing::subscriber::DefaultGuard {
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(
            tracing_subscriber::fmt::format::FmtSpan::NEW
                | tracing_subscriber::fmt::format::FmtSpan::CLOSE,
        )
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_default(subscriber)
}
