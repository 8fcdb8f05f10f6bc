//! `acs-chat-mock`: a stateful local implementation of the Azure
//! Communication Services Chat read-receipt API (send and list read
//! receipts), for tests and demos. It is written against the spec in
//! `spec/`, independently of the `acs-chat` client.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use acs_chat_mock::{MockService, DEMO_THREAD_ID, DEMO_USERS};
//! let mock = MockService::builder().throttling(false).start().await?;
//! let token = mock.token_for(DEMO_USERS[0], std::time::Duration::from_secs(3600));
//! // ... point a client at mock.base_url() with `token` ...
//! mock.fail_next(2, 503); // the next two API requests answer 503
//! let receipts = mock.receipts(DEMO_THREAD_ID);
//! mock.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Behaviour, limits and the fixture format are described in the crate's
//! README.

#![warn(missing_docs)]

mod admin;
mod conn;
mod fixture;
mod http;
mod identifier;
mod log;
mod operations;
mod server;
mod store;
mod tls;
pub mod token;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use admin::ADMIN_HEADER;
pub use conn::{PRESSURE_IDLE, Timeouts};
pub use fixture::{
    DEMO_KINDS_THREAD_ID, DEMO_KINDS_USERS, DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS, Fixture,
    FixtureError, MAX_PARTICIPANTS, MAX_THREAD_ID_LEN, READ_RECEIPT_PARTICIPANT_LIMIT,
    ReceiptFixture, ThreadFixture, generated_messages, generated_users,
};
pub use http::{
    DEFAULT_BODY_LIMIT, DEFAULT_MAX_PAGE_SIZE, MAX_MAX_PAGE_SIZE, SUPPORTED_API_VERSIONS,
};
pub use log::{DEFAULT_LOG_BYTES, LoggedRequest, MAX_LOGGED_FIELD_BYTES, MAX_LOGGED_REQUESTS};
pub use store::{Fault, Limit, StoredReceipt, ThrottleLimits};

use crate::conn::Pressure;
use crate::http::App;
use crate::log::Log;
use crate::store::{Faults, Store, Throttle, lock};

/// The default of [`MockServiceBuilder::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// The token secret of the CLI when neither `--secret` nor the fixture
/// gives one, so that `acs-chat-mock token` and `acs-chat-mock serve` agree.
/// Library instances draw a random secret instead.
pub const DEV_SECRET: &str = "acs-chat-mock-dev-secret";

/// Lines the stderr log buffers before it drops them.
const STDERR_LOG_LINES: usize = 4096;

/// Entry point: [`MockService::builder`].
#[derive(Debug)]
pub struct MockService;

impl MockService {
    /// A builder with the defaults: the demo fixture, throttling on, plain
    /// HTTP on `127.0.0.1:0` (any free port), a random token secret.
    pub fn builder() -> MockServiceBuilder {
        MockServiceBuilder {
            fixture: Fixture::demo(),
            throttling: true,
            limits: ThrottleLimits::default(),
            tls: false,
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            secret: None,
            body_limit: DEFAULT_BODY_LIMIT,
            log_requests: false,
            timeouts: Timeouts::default(),
            log_bytes: DEFAULT_LOG_BYTES,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Settings of a mock to start.
#[derive(Debug, Clone)]
#[must_use]
pub struct MockServiceBuilder {
    fixture: Fixture,
    throttling: bool,
    limits: ThrottleLimits,
    tls: bool,
    addr: SocketAddr,
    secret: Option<Vec<u8>>,
    body_limit: usize,
    log_requests: bool,
    timeouts: Timeouts,
    log_bytes: usize,
    max_connections: usize,
}

/// Why a mock could not start.
#[derive(Debug)]
pub enum StartError {
    /// The fixture is not usable.
    Fixture(FixtureError),
    /// The address could not be bound.
    Bind(std::io::Error),
    /// The certificate or TLS setup failed.
    Tls(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Fixture(e) => write!(f, "{e}"),
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
            StartError::Tls(e) => write!(f, "cannot set up TLS: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl MockServiceBuilder {
    /// The starting state (default [`Fixture::demo`]).
    pub fn fixture(mut self, fixture: Fixture) -> Self {
        self.fixture = fixture;
        self
    }
    /// Throttling on or off (default on; it can also be switched later with
    /// [`RunningMock::set_throttling`]).
    pub fn throttling(mut self, on: bool) -> Self {
        self.throttling = on;
        self
    }
    /// Throttling limits (default: the documented ones). Tests can use
    /// shorter windows.
    pub fn throttle_limits(mut self, limits: ThrottleLimits) -> Self {
        self.limits = limits;
        self
    }
    /// HTTPS with a certificate made at start (default off).
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on;
        self
    }
    /// Where to listen (default `127.0.0.1:0`).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }
    /// The HS256 token secret (default: the fixture's, else random).
    pub fn secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.secret = Some(secret.as_ref().to_vec());
        self
    }
    /// The largest request body (default [`DEFAULT_BODY_LIMIT`]).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }
    /// Print one line per request on stderr (default off), through a
    /// non-blocking writer: when stderr does not keep up (e.g. a pipe
    /// nobody reads), lines are dropped and requests never wait. Every
    /// request is also a `tracing` event (target `acs_chat_mock::request`),
    /// whatever this says.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }
    /// Header, idle and body time limits (default [`Timeouts::default`]).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }
    /// The byte budget of the request log (default [`DEFAULT_LOG_BYTES`]);
    /// the oldest entries go first.
    pub fn request_log_bytes(mut self, bytes: usize) -> Self {
        self.log_bytes = bytes;
        self
    }
    /// Connections open at once beyond which (three quarters of it) idle
    /// connections are closed after [`PRESSURE_IDLE`] (default
    /// [`DEFAULT_MAX_CONNECTIONS`]). Failing accepts for lack of
    /// descriptors do the same.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// Binds, and serves in a background task until
    /// [`RunningMock::shutdown`] (or until the `RunningMock` is dropped).
    /// Needs a tokio runtime.
    pub async fn start(self) -> Result<RunningMock, StartError> {
        self.fixture.validate().map_err(StartError::Fixture)?;
        let secret = match (self.secret, &self.fixture.secret) {
            (Some(s), _) => s,
            (None, Some(s)) => s.as_bytes().to_vec(),
            (None, None) => {
                let mut bytes = [0u8; 32];
                aws_lc_rs::rand::fill(&mut bytes)
                    .map_err(|_| StartError::Tls("no random numbers".into()))?;
                bytes.to_vec()
            }
        };
        let tls = if self.tls {
            Some(tls::make().map_err(StartError::Tls)?)
        } else {
            None
        };
        let listener = tokio::net::TcpListener::bind(self.addr)
            .await
            .map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        let host = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => format!("[{}]", Ipv6Addr::LOCALHOST),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        let (stderr_log, stderr_log_guard) = if self.log_requests {
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .lossy(true)
                .buffered_lines_limit(STDERR_LOG_LINES)
                .thread_name("acs-chat-mock-log")
                .finish(std::io::stderr());
            (Some(writer), Some(guard))
        } else {
            (None, None)
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base_url = format!("{scheme}://{host}:{}", addr.port());
        let app = Arc::new(App {
            secret,
            base_url: base_url.clone(),
            store: Mutex::new(Store::from_fixture(&self.fixture)),
            throttle: Mutex::new(Throttle::default()),
            throttling: AtomicBool::new(self.throttling),
            limits: self.limits,
            faults: Mutex::new(Faults::default()),
            log: Mutex::new(Log::new(self.log_bytes)),
            body_limit: self.body_limit,
            timeouts: self.timeouts,
            pressure: Arc::new(Pressure::new(self.max_connections)),
            stderr_log,
            _stderr_log_guard: stderr_log_guard,
        });
        let (stop, stopped) = oneshot::channel();
        let (acceptor, ca_pem) = match tls {
            Some(t) => (Some(t.acceptor), Some(t.ca_pem)),
            None => (None, None),
        };
        let task = tokio::spawn(server::run(listener, acceptor, app.clone(), stopped));
        Ok(RunningMock {
            app,
            base_url,
            addr,
            ca_pem,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A mock being served. Dropping it stops the server too (without waiting).
#[derive(Debug)]
pub struct RunningMock {
    app: Arc<App>,
    base_url: String,
    addr: SocketAddr,
    ca_pem: Option<String>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl RunningMock {
    /// `http://127.0.0.1:<port>` (or `https://...` with TLS), no trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// PEM of the CA certificate to trust, when serving TLS.
    pub fn ca_cert_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }
    /// Writes [`Self::ca_cert_pem`] to `path` (an error without TLS).
    pub fn write_ca_cert(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        let pem = self.ca_pem.as_deref().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, "the mock is not serving TLS")
        })?;
        std::fs::write(path, pem)
    }
    /// A token for `user_id` signed with this instance's secret, valid for `ttl`.
    pub fn token_for(&self, user_id: &str, ttl: Duration) -> String {
        let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        token::sign(&self.app.secret, user_id, ttl)
    }
    /// A correctly signed token for `user_id` that expired a minute ago.
    pub fn expired_token_for(&self, user_id: &str) -> String {
        token::sign(&self.app.secret, user_id, -60)
    }
    /// The token secret.
    pub fn secret(&self) -> &[u8] {
        &self.app.secret
    }

    /// Queues `fault` for the next `times` API requests (after faults
    /// already queued). Admin requests (`/_mock/...`) are never affected.
    pub fn inject(&self, fault: Fault, times: u32) {
        lock(&self.app.faults).push(fault, times);
    }
    /// The next `times` API requests answer `status` (e.g. 503), without
    /// `Retry-After`.
    pub fn fail_next(&self, times: u32, status: u16) {
        self.inject(
            Fault::Status {
                status,
                retry_after: None,
            },
            times,
        );
    }
    /// The next `times` API requests answer 429, with `Retry-After:
    /// <seconds>` if given.
    pub fn throttle_next(&self, times: u32, retry_after_secs: Option<u32>) {
        self.inject(
            Fault::Status {
                status: 429,
                retry_after: retry_after_secs,
            },
            times,
        );
    }
    /// The next `times` API requests wait `delay` before being handled.
    pub fn delay_next(&self, times: u32, delay: Duration) {
        self.inject(
            Fault::Delay {
                delay_ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            },
            times,
        );
    }
    /// The next `times` API requests get no answer: the connection closes.
    pub fn drop_next(&self, times: u32) {
        self.inject(Fault::Drop, times);
    }
    /// Forgets queued faults.
    pub fn clear_faults(&self) {
        lock(&self.app.faults).clear();
    }
    /// How many requests queued faults still apply to.
    pub fn pending_faults(&self) -> u64 {
        lock(&self.app.faults).pending()
    }
    /// Switches throttling on or off.
    pub fn set_throttling(&self, on: bool) {
        self.app.throttling.store(on, Ordering::Relaxed);
    }

    /// The receipts stored for a thread, ordered by user id (also on threads
    /// with more than 20 participants, whose listing is empty), or `None`
    /// for an unknown thread.
    pub fn receipts(&self, thread_id: &str) -> Option<Vec<StoredReceipt>> {
        lock(&self.app.store).receipts(thread_id)
    }
    /// The requests the log still holds, oldest first: at most
    /// [`MAX_LOGGED_REQUESTS`] and the byte budget
    /// ([`MockServiceBuilder::request_log_bytes`]), fields cut to
    /// [`MAX_LOGGED_FIELD_BYTES`]. The lock is held only to copy pointers.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        let entries = lock(&self.app.log).snapshot();
        entries.iter().map(|e| (**e).clone()).collect()
    }
    /// How many responses had `status` (`None`: dropped connections).
    pub fn count_status(&self, status: Option<u16>) -> u64 {
        lock(&self.app.log)
            .by_status
            .get(&status)
            .copied()
            .unwrap_or(0)
    }
    /// Forgets the request log.
    pub fn clear_requests(&self) {
        lock(&self.app.log).clear();
    }

    /// Stops accepting connections, lets requests in flight finish (at most
    /// 10 s), and returns when the server task has ended.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
