//! The accept loop: one task per connection, HTTP/1.1 (over TLS when
//! asked), time limits (`conn.rs`), graceful shutdown that lets requests in
//! flight finish.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

use crate::conn::{Activity, Tracked, idle_expired};
use crate::http::{App, Outcome, handle};

/// How long shutdown waits for requests in flight.
pub(crate) const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head (request line and headers) hyper buffers;
/// larger ones get 431. hyper's default is about 400 KiB.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Pressure stays on this long after the last failed accept.
const PRESSURE_HOLD: Duration = Duration::from_secs(1);

/// Whether an accept error means no descriptors are left (EMFILE, ENFILE).
fn out_of_descriptors(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(23 | 24))
}

/// Returned by the service to make hyper close the connection without a
/// response (the "drop" fault).
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose (fault injection)")
    }
}

impl std::error::Error for DropConnection {}

pub(crate) async fn run(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    app: Arc<App>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let graceful = GracefulShutdown::new();
    let mut last_shortage: Option<tokio::time::Instant> = None;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors: idle connections go sooner; back off a
                // little either way.
                if out_of_descriptors(&e) {
                    last_shortage = Some(tokio::time::Instant::now());
                    app.pressure.set(true);
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if last_shortage.is_some_and(|t| t.elapsed() >= PRESSURE_HOLD) {
            last_shortage = None;
            app.pressure.set(false);
        }
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let open = app.pressure.open();
            let activity = Activity::new();
            let timeouts = app.timeouts;
            let pressure = app.pressure.clone();
            let service = {
                let activity = activity.clone();
                service_fn(move |request| {
                    let app = app.clone();
                    let busy = activity.busy();
                    async move {
                        let outcome = handle(app, request).await;
                        drop(busy);
                        match outcome {
                            Outcome::Respond(response) => Ok(response),
                            Outcome::Drop => Err(DropConnection),
                        }
                    }
                })
            };
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(timeouts.header)
                .max_buf_size(MAX_HEAD_BYTES)
                // A client may shut down its write side once the request
                // is sent (curl, raw-socket scripts); without this, hyper
                // closes on that EOF while the answer is being made, and
                // about one such request in twenty got no answer.
                .half_close(true)
                .keep_alive(true);
            let idle = idle_expired(activity.clone(), timeouts.idle, pressure);
            match tls {
                None => {
                    let io = TokioIo::new(Tracked::new(stream, activity));
                    let conn = watcher.watch(builder.serve_connection(io, service));
                    tokio::select! {
                        _ = conn => {}
                        _ = idle => {}
                    }
                }
                Some(acceptor) => {
                    let handshake = tokio::time::timeout(
                        TLS_HANDSHAKE_TIMEOUT.min(timeouts.header),
                        acceptor.accept(stream),
                    )
                    .await;
                    if let Ok(Ok(stream)) = handshake {
                        let io = TokioIo::new(Tracked::new(stream, activity));
                        let conn = watcher.watch(builder.serve_connection(io, service));
                        tokio::select! {
                            _ = conn => {}
                            _ = idle => {}
                        }
                    }
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
}
