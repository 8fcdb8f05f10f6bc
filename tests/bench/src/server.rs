//! Minimal in-process HTTP/1.1 servers (hyper) on 127.0.0.1, each on its
//! own thread and single-threaded runtime, so that the client under test
//! has the other core: a fixed page, and a synthesised paged listing.

use std::convert::Infallible;
use std::fmt::Write;
use std::sync::Arc;
use std::thread::JoinHandle;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

/// The API version every benchmark client sends.
pub const API_VERSION: &str = "2025-03-15";

type Handler = dyn Fn(&Request<Incoming>) -> Response<Full<Bytes>> + Send + Sync;

/// A running server; dropping it stops it.
pub struct Server {
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(make: impl FnOnce(&str) -> Arc<Handler>) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let handler = make(&base_url);
        let (stop, mut stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("bench-server".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    loop {
                        let stream = tokio::select! {
                            _ = &mut stopped => break,
                            accepted = listener.accept() => match accepted {
                                Ok((stream, _)) => stream,
                                Err(_) => continue,
                            },
                        };
                        let _ = stream.set_nodelay(true);
                        let handler = handler.clone();
                        tokio::spawn(async move {
                            let service = service_fn(move |request: Request<Incoming>| {
                                let response = handler(&request);
                                async move { Ok::<_, Infallible>(response) }
                            });
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                });
            })
            .expect("server thread");
        Server {
            base_url,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Answers every `GET` that carries `Authorization` and `api-version`
    /// with the same page of `items` receipts and no `nextLink`.
    pub fn fixed_page(items: usize) -> Server {
        let body = Bytes::from(page_json(0, items, None));
        Server::start(move |_| {
            Arc::new(move |request: &Request<Incoming>| {
                if !has_auth_and_version(request) {
                    return json(StatusCode::BAD_REQUEST, Bytes::from_static(b"{}"));
                }
                json(StatusCode::OK, body.clone())
            })
        })
    }

    /// `GET /chat/threads/bench-<total>/readReceipts?skip=&maxPageSize=`:
    /// the page of receipts `skip..skip+maxPageSize` (default 100) of
    /// `total`, made on the fly, with an absolute `nextLink` while more
    /// remain.
    pub fn paging() -> Server {
        Server::start(|base| {
            let base = base.to_string();
            Arc::new(move |request: &Request<Incoming>| {
                if !has_auth_and_version(request) {
                    return json(StatusCode::BAD_REQUEST, Bytes::from_static(b"{}"));
                }
                let total = request
                    .uri()
                    .path()
                    .strip_prefix("/chat/threads/bench-")
                    .and_then(|rest| rest.strip_suffix("/readReceipts"))
                    .and_then(|n| n.parse::<usize>().ok());
                let Some(total) = total else {
                    return json(StatusCode::NOT_FOUND, Bytes::from_static(b"{}"));
                };
                let (mut skip, mut size) = (0usize, 100usize);
                for pair in request.uri().query().unwrap_or("").split('&') {
                    match pair.split_once('=') {
                        Some(("skip", v)) => skip = v.parse().unwrap_or(0),
                        Some(("maxPageSize", v)) => size = v.parse().unwrap_or(100).max(1),
                        _ => {}
                    }
                }
                let end = (skip + size).min(total);
                let next = (end < total).then(|| {
                    format!(
                        "{base}/chat/threads/bench-{total}/readReceipts?skip={end}&maxPageSize={size}&api-version={API_VERSION}"
                    )
                });
                json(
                    StatusCode::OK,
                    Bytes::from(page_json(skip.min(end), end, next.as_deref())),
                )
            })
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn has_auth_and_version(request: &Request<Incoming>) -> bool {
    request.headers().contains_key(header::AUTHORIZATION)
        && request
            .uri()
            .query()
            .is_some_and(|q| q.contains("api-version="))
}

fn json(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// Receipt `i` as the service sends it (no `kind`, whole-second `readOn`).
pub fn write_receipt(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"{{"senderCommunicationIdentifier":{{"rawId":"8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_0e59221d-0c1d-46ae-9544-{i:012}","communicationUser":{{"id":"8:acs:8540c0de-899f-5cce-acb5-3ec493af3800_0e59221d-0c1d-46ae-9544-{i:012}"}}}},"chatMessageId":"{}","readOn":"2020-06-06T05:55:41Z"}}"#,
        1_591_137_790_240u64 + i as u64
    );
}

/// A page holding receipts `from..to`, with `nextLink` if given.
pub fn page_json(from: usize, to: usize, next_link: Option<&str>) -> String {
    let mut out = String::with_capacity(64 + (to - from) * 260);
    out.push_str(r#"{"value":["#);
    for i in from..to {
        if i > from {
            out.push(',');
        }
        write_receipt(&mut out, i);
    }
    out.push(']');
    if let Some(link) = next_link {
        let _ = write!(out, r#","nextLink":"{link}""#);
    }
    out.push('}');
    out
}
