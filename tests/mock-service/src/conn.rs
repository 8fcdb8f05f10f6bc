//! Connection time limits hyper does not give: a connection with no I/O
//! for the idle limit while no request is being handled is closed (hyper's
//! `header_read_timeout` covers a request head trickled byte by byte, the
//! body limit in `http.rs` a trickled body), and under descriptor pressure
//! (accept failing for lack of descriptors, or three quarters of
//! `max_connections` open) idle connections are closed after
//! [`PRESSURE_IDLE`] instead, so that idle clients cannot starve new ones.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// How long an idle connection may stay while descriptors are short.
pub const PRESSURE_IDLE: Duration = Duration::from_millis(100);

/// Time limits of a connection and of a request (see the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// From the first byte of a request head to its end (hyper's
    /// `header_read_timeout`); then the connection is closed. Default 10 s.
    pub header: Duration,
    /// No bytes either way and no request being handled: the connection
    /// is closed. Default 30 s.
    pub idle: Duration,
    /// Reading a request body, from the end of its head: then 408
    /// `RequestTimeout` and the connection is closed. Default 10 s.
    pub body: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            body: Duration::from_secs(10),
        }
    }
}

/// The state every connection watchdog looks at.
#[derive(Debug)]
pub(crate) struct Pressure {
    on: AtomicBool,
    changed: Notify,
    open: AtomicUsize,
    max_connections: usize,
}

impl Pressure {
    pub fn new(max_connections: usize) -> Self {
        Pressure {
            on: AtomicBool::new(false),
            changed: Notify::new(),
            open: AtomicUsize::new(0),
            max_connections,
        }
    }

    pub fn set(&self, on: bool) {
        if self.on.swap(on, Ordering::Relaxed) != on {
            self.changed.notify_waiters();
        }
    }

    fn on(&self) -> bool {
        self.on.load(Ordering::Relaxed)
            || self.open.load(Ordering::Relaxed) * 4 >= self.max_connections * 3
    }

    /// Counts a connection open until the guard drops.
    pub fn open(self: &Arc<Self>) -> OpenGuard {
        let now_open = self.open.fetch_add(1, Ordering::Relaxed) + 1;
        if now_open * 4 >= self.max_connections * 3 {
            self.changed.notify_waiters();
        }
        OpenGuard(self.clone())
    }
}

pub(crate) struct OpenGuard(Arc<Pressure>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// When a connection last moved bytes, and whether a request is being
/// handled on it.
#[derive(Debug)]
pub(crate) struct Activity {
    start: Instant,
    last_ms: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    pub fn new() -> Arc<Self> {
        Arc::new(Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        })
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }

    /// Marks a request as being handled until the guard drops.
    pub fn busy(self: &Arc<Self>) -> BusyGuard {
        self.busy.fetch_add(1, Ordering::Relaxed);
        BusyGuard(self.clone())
    }
}

pub(crate) struct BusyGuard(Arc<Activity>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.touch();
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Returns when the connection has been idle too long; the caller then
/// drops (closes) it.
pub(crate) async fn idle_expired(activity: Arc<Activity>, idle: Duration, pressure: Arc<Pressure>) {
    loop {
        let limit = if pressure.on() {
            PRESSURE_IDLE.min(idle)
        } else {
            idle
        };
        let idle_for = activity.idle_for();
        let busy = activity.busy.load(Ordering::Relaxed) > 0;
        if !busy && idle_for >= limit {
            return;
        }
        let wait = if busy {
            limit
        } else {
            limit.saturating_sub(idle_for)
        }
        .max(Duration::from_millis(5));
        let changed = pressure.changed.notified();
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = changed => {}
        }
    }
}

/// An I/O stream that records when bytes move.
pub(crate) struct Tracked<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T> Tracked<T> {
    pub fn new(inner: T, activity: Arc<Activity>) -> Self {
        activity.touch();
        Tracked { inner, activity }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
