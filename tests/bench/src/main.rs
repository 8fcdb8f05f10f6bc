//! `acs-chat-bench [--quick] [--only codegen,codegen-baseline,request,paging,memory,mock,spec-diff]`:
//! runs the scenarios and prints Markdown tables on stdout (progress on
//! stderr). `--quick`: every scenario once with tiny sizes, to prove that
//! they run; its figures mean nothing.

use std::process::ExitCode;

use acs_chat_bench::report::Report;
use acs_chat_bench::{alloc, codegen, codegen_baseline, mock, paging, request, spec_diff};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

const SCENARIOS: [&str; 7] = [
    "codegen",
    "codegen-baseline",
    "request",
    "paging",
    "memory",
    "mock",
    "spec-diff",
];

fn main() -> ExitCode {
    let mut quick = false;
    let mut only: Vec<String> = SCENARIOS.iter().map(|s| s.to_string()).collect();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--only" => match args.next() {
                Some(list) => only = list.split(',').map(str::to_string).collect(),
                None => return usage("--only needs a list"),
            },
            "-h" | "--help" => {
                println!(
                    "usage: acs-chat-bench [--quick] [--only {}]",
                    SCENARIOS.join(",")
                );
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    if let Some(bad) = only.iter().find(|s| !SCENARIOS.contains(&s.as_str())) {
        return usage(&format!("unknown scenario `{bad}`"));
    }
    let wanted = |name: &str| only.iter().any(|s| s == name);
    let report = Report {
        quick,
        counting_allocator: alloc::installed(),
        codegen: wanted("codegen").then(|| codegen::run(quick)),
        codegen_baseline: wanted("codegen-baseline").then(|| codegen_baseline::run(quick)),
        request: wanted("request").then(|| request::run(quick)),
        paging: wanted("paging").then(|| paging::throughput(quick)),
        memory: wanted("memory").then(|| paging::memory(quick)),
        mock: wanted("mock").then(|| mock::run(quick)),
        spec_diff: wanted("spec-diff").then(|| spec_diff::run(quick)),
    };
    print!("{}", report.markdown());
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!(
        "error: {problem}\nusage: acs-chat-bench [--quick] [--only {}]",
        SCENARIOS.join(",")
    );
    ExitCode::from(2)
}
