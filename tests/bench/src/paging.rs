//! Scenario 3: streaming a long listing, the generated client's `.stream()`
//! against a hand-written reqwest + serde_json loop over the same pages,
//! and peak heap while streaming short and long listings.

use std::time::Instant;

use crate::alloc;
use crate::clients::{self, Credential, PlainReqwest};
use crate::server::{self, Server};
use crate::stats;

/// Items per second at one page size.
#[derive(Debug, Clone)]
pub struct ThroughputResult {
    /// `maxPageSize`.
    pub page_size: usize,
    /// Receipts streamed per run.
    pub total: usize,
    /// Generated client, median items per second.
    pub generated_per_s: f64,
    /// Hand-written loop, median items per second.
    pub handwritten_per_s: f64,
}

/// Peak heap while streaming.
#[derive(Debug, Clone)]
pub struct MemoryResult {
    /// Which client.
    pub client: &'static str,
    /// `maxPageSize`.
    pub page_size: usize,
    /// Receipts streamed.
    pub total: usize,
    /// Peak heap growth (whole process, the server thread included), bytes.
    pub peak_bytes: usize,
    /// Seconds taken.
    pub seconds: f64,
}

/// The page sizes of the throughput runs.
pub const PAGE_SIZES: [usize; 3] = [10, 100, 1_000];

/// Bytes of one page of `page_size` receipts as the server sends it.
pub fn page_bytes(page_size: usize) -> usize {
    server::page_json(0, page_size, Some("http://127.0.0.1:65535/chat/threads/bench-1000000/readReceipts?skip=1000&maxPageSize=1000&api-version=2025-03-15")).len()
}

/// Throughput at each page size; every run is checked to see every item.
///
/// `PAGING_PROFILE=generated:10:20000` (or `handwritten:...`) instead
/// streams that many receipts at that page size with that client alone,
/// once after a warm-up, inside [`profiled_pass`], and returns no rows: for
/// an instruction count with `valgrind --tool=callgrind
/// --toggle-collect='*profiled_pass*'`, so that server, set-up and warm-up
/// are left out.
pub fn throughput(quick: bool) -> Vec<ThroughputResult> {
    if let Ok(spec) = std::env::var("PAGING_PROFILE") {
        profile(&spec);
        return Vec::new();
    }
    // Nine runs a client: a run moves by ±5% (at 1,000 items a page the
    // allocator now and then hands a page's memory back to the system and
    // takes it again, thousands of page faults in one run), and the ratio
    // is read against a 0.95× target.
    let (total, reps) = if quick { (300, 1) } else { (100_000, 9) };
    let server = Server::paging();
    clients::settle();
    let base = server.base_url().to_string();
    let rt = clients::client_runtime();
    let _guard = rt.enter();
    let generated = clients::generated(&base, Credential::Static);
    let plain = PlainReqwest::new(&base);
    let mut out = Vec::new();
    for page_size in PAGE_SIZES {
        eprintln!("paging: {total} receipts, page size {page_size}, {reps} runs each");
        let (mut g, mut h) = (Vec::new(), Vec::new());
        rt.block_on(async {
            for rep in 0..reps {
                // Alternate which goes first.
                for which in [rep % 2, 1 - rep % 2] {
                    let started = Instant::now();
                    let n = if which == 0 {
                        clients::generated_stream_all(&generated, total, page_size).await
                    } else {
                        plain.stream_all(&base, total, page_size).await
                    };
                    let rate = n as f64 / started.elapsed().as_secs_f64();
                    assert_eq!(n, total);
                    if which == 0 {
                        g.push(rate)
                    } else {
                        h.push(rate)
                    }
                }
            }
        });
        out.push(ThroughputResult {
            page_size,
            total,
            generated_per_s: stats::median(&g),
            handwritten_per_s: stats::median(&h),
        });
    }
    out
}

/// One `PAGING_PROFILE` run (see [`throughput`]).
fn profile(spec: &str) {
    let mut parts = spec.split(':');
    let client = parts.next().unwrap_or("");
    let page_size: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let total: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    assert!(
        matches!(client, "generated" | "handwritten"),
        "PAGING_PROFILE=generated|handwritten[:page size[:receipts]], not `{spec}`"
    );
    let server = Server::paging();
    clients::settle();
    let base = server.base_url().to_string();
    let rt = clients::client_runtime();
    let _guard = rt.enter();
    let generated = clients::generated(&base, Credential::Static);
    let plain = PlainReqwest::new(&base);
    let pass = |total: usize| {
        rt.block_on(async {
            if client == "generated" {
                clients::generated_stream_all(&generated, total, page_size).await
            } else {
                plain.stream_all(&base, total, page_size).await
            }
        })
    };
    assert_eq!(pass(10 * page_size), 10 * page_size, "warm-up");
    let started = Instant::now();
    let n = profiled_pass(&pass, total);
    assert_eq!(n, total);
    eprintln!(
        "paging profile: {client}, page size {page_size}, {total} receipts, {:.0} items/s",
        n as f64 / started.elapsed().as_secs_f64()
    );
}

/// The measured part of a `PAGING_PROFILE` run, a function of its own for
/// callgrind's `--toggle-collect`.
#[inline(never)]
pub fn profiled_pass(pass: &dyn Fn(usize) -> usize, total: usize) -> usize {
    pass(total)
}

/// Peak heap streaming a short and a long listing with each client.
pub fn memory(quick: bool) -> Vec<MemoryResult> {
    let totals: [usize; 2] = if quick {
        [100, 1_000]
    } else {
        [10_000, 1_000_000]
    };
    let page_size = 100;
    let server = Server::paging();
    clients::settle();
    let base = server.base_url().to_string();
    let rt = clients::client_runtime();
    let _guard = rt.enter();
    let generated = clients::generated(&base, Credential::Static);
    let plain = PlainReqwest::new(&base);
    // Warm the connections, pools and lazily made statics first.
    rt.block_on(async {
        clients::generated_stream_all(&generated, 2 * page_size, page_size).await;
        plain.stream_all(&base, 2 * page_size, page_size).await;
    });
    let mut out = Vec::new();
    for total in totals {
        for client in ["acs-chat .stream()", "hand-written reqwest loop"] {
            eprintln!("memory: {client}, {total} receipts");
            let started = Instant::now();
            let (n, usage) = alloc::measure(|| {
                rt.block_on(async {
                    if client.starts_with("acs-chat") {
                        clients::generated_stream_all(&generated, total, page_size).await
                    } else {
                        plain.stream_all(&base, total, page_size).await
                    }
                })
            });
            assert_eq!(n, total);
            out.push(MemoryResult {
                client,
                page_size,
                total,
                peak_bytes: usage.peak_bytes,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
    }
    out
}
