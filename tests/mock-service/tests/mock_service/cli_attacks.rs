//! Attacks on the program as CI and users run it: a stderr pipe nobody
//! reads, and idle connections under a small descriptor limit. Only
//! 127.0.0.1, bounded in count and time. `ACS_CHAT_MOCK_BIN` runs them
//! against another build of the program (e.g. an older one).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

fn bin() -> String {
    std::env::var("ACS_CHAT_MOCK_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_acs-chat-mock").to_string())
}

/// `serve` through `sh -c` (for `ulimit`), stderr piped and never read;
/// returns the child (with its stderr pipe kept open) and its address.
async fn serve(shell_prefix: &str, args: &str) -> (Child, SocketAddr) {
    let script =
        format!("{shell_prefix} exec \"$0\" serve --addr 127.0.0.1:0 --no-throttling {args}");
    let mut child = Command::new("sh")
        .args(["-c", &script, &bin()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary runs");
    let url = crate::common::first_lines(&mut child, 1).await.remove(0);
    let addr = url
        .trim_start_matches("http://")
        .parse()
        .expect("an address");
    (child, addr)
}

/// One `GET /_mock/health` on a fresh connection; `None` if it is not
/// answered within `limit`.
fn health(addr: SocketAddr, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut s = TcpStream::connect_timeout(&addr, limit).ok()?;
    s.set_read_timeout(Some(limit)).ok()?;
    s.write_all(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    (answer.starts_with("HTTP/1.1 200") && started.elapsed() < limit).then(|| started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stderr_nobody_reads_never_stalls_requests() {
    // One log line per request; a pipe holds 64 KiB, about 700 lines.
    let (child, addr) = serve("", "").await;
    let answered = tokio::task::spawn_blocking(move || {
        (0..3000)
            .take_while(|_| health(addr, Duration::from_secs(2)).is_some())
            .count()
    })
    .await
    .unwrap();
    assert_eq!(answered, 3000, "stalled after {answered} requests");
    drop(child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_cannot_starve_a_small_descriptor_limit() {
    let (child, addr) = serve("ulimit -n 96 &&", "--quiet").await;
    assert!(health(addr, Duration::from_secs(2)).is_some());
    let slowest = tokio::task::spawn_blocking(move || {
        // More idle connections than the mock has descriptors.
        let idle: Vec<TcpStream> = (0..150)
            .filter_map(|_| TcpStream::connect(addr).ok())
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let slowest = (0..5)
            .map(|_| health(addr, Duration::from_secs(3)))
            .collect::<Option<Vec<_>>>()
            .map(|times| times.into_iter().max().unwrap_or_default());
        drop(idle);
        slowest
    })
    .await
    .unwrap();
    let slowest = slowest.expect("a normal request is answered despite 150 idle connections");
    assert!(slowest < Duration::from_secs(1), "{slowest:?}");
    drop(child);
}
