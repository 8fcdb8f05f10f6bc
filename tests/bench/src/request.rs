//! Scenario 2: per-request cost of the generated client against plain
//! reqwest and plain hyper, the same list request to the same in-process
//! server, measured in one run with the variants interleaved.

use std::time::Instant;

use crate::alloc;
use crate::clients::{self, Credential, PlainHyper, PlainReqwest};
use crate::server::Server;
use crate::stats;

/// Receipts on the fixed page.
pub const PAGE_ITEMS: usize = 10;

/// One variant's figures.
#[derive(Debug, Clone)]
pub struct RequestResult {
    /// Which client.
    pub name: &'static str,
    /// Median over rounds of the mean time per request, microseconds.
    pub median_us: f64,
    /// Best round's mean, microseconds.
    pub min_us: f64,
    /// Allocations per request on the client thread (0 without the counting allocator).
    pub allocs_per_request: f64,
    /// Requests timed.
    pub requests: usize,
}

enum Variant {
    Reqwest(PlainReqwest),
    Hyper(Box<PlainHyper>),
    Generated(Box<acs_chat::Client>),
}

impl Variant {
    async fn once(&self) -> usize {
        match self {
            Variant::Reqwest(c) => c.list().await,
            Variant::Hyper(c) => c.list().await,
            Variant::Generated(c) => clients::generated_list(c).await,
        }
    }
}

/// Runs the comparison. The first result is plain reqwest, the baseline.
pub fn run(quick: bool) -> Vec<RequestResult> {
    let (warmup, rounds, per_round) = if quick { (2, 1, 3) } else { (300, 21, 400) };
    let server = Server::fixed_page(PAGE_ITEMS);
    clients::settle();
    let base = server.base_url().to_string();
    let rt = clients::client_runtime();
    let _guard = rt.enter();
    let variants: Vec<(&'static str, Variant)> = vec![
        ("plain reqwest", Variant::Reqwest(PlainReqwest::new(&base))),
        (
            "plain hyper (legacy client)",
            Variant::Hyper(Box::new(PlainHyper::new(&base))),
        ),
        (
            "acs-chat (StaticToken)",
            Variant::Generated(Box::new(clients::generated(&base, Credential::Static))),
        ),
        (
            "acs-chat (RefreshingToken)",
            Variant::Generated(Box::new(clients::generated(&base, Credential::Refreshing))),
        ),
    ];
    eprintln!(
        "request: {} variants × {rounds} rounds × {per_round} requests",
        variants.len()
    );
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut allocs = vec![0u64; variants.len()];
    rt.block_on(async {
        for (_, v) in &variants {
            for _ in 0..warmup {
                assert_eq!(v.once().await, PAGE_ITEMS);
            }
        }
        for round in 0..rounds {
            // Rotate the order so that no variant always goes first.
            for k in 0..variants.len() {
                let i = (k + round) % variants.len();
                let v = &variants[i].1;
                let before = alloc::thread_allocations();
                let started = Instant::now();
                for _ in 0..per_round {
                    std::hint::black_box(v.once().await);
                }
                let elapsed = started.elapsed();
                allocs[i] += alloc::thread_allocations() - before;
                times[i].push(elapsed.as_secs_f64() * 1e6 / per_round as f64);
            }
        }
    });
    let requests = rounds * per_round;
    variants
        .iter()
        .enumerate()
        .map(|(i, (name, _))| RequestResult {
            name,
            median_us: stats::median(&times[i]),
            min_us: times[i].iter().copied().fold(f64::INFINITY, f64::min),
            allocs_per_request: allocs[i] as f64 / requests as f64,
            requests,
        })
        .collect()
}
