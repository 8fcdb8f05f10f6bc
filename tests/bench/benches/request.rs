//! `cargo bench -p acs-chat-bench --bench request`: one list request
//! through each client against an in-process server (a fixed page of 10
//! receipts), and the per-request pieces of the client pipeline on their
//! own: decoding, request id, token, next-link checks.

use std::sync::LazyLock;

use acs_chat::TokenCredential;
use acs_chat_bench::clients::{self, Credential, PlainHyper, PlainReqwest};
use acs_chat_bench::request::PAGE_ITEMS;
use acs_chat_bench::server::{self, Server};
use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

static SERVER: LazyLock<Server> = LazyLock::new(|| Server::fixed_page(PAGE_ITEMS));

fn main() {
    divan::main();
}

mod list_request {
    use super::*;

    #[divan::bench]
    fn plain_reqwest(bencher: Bencher) {
        let rt = clients::client_runtime();
        let client = rt.block_on(async { PlainReqwest::new(SERVER.base_url()) });
        bencher.bench_local(|| rt.block_on(client.list()));
    }

    #[divan::bench]
    fn plain_hyper(bencher: Bencher) {
        let rt = clients::client_runtime();
        let client = rt.block_on(async { PlainHyper::new(SERVER.base_url()) });
        bencher.bench_local(|| rt.block_on(client.list()));
    }

    #[divan::bench]
    fn acs_chat_static_token(bencher: Bencher) {
        let rt = clients::client_runtime();
        let client = clients::generated(SERVER.base_url(), Credential::Static);
        bencher.bench_local(|| rt.block_on(clients::generated_list(&client)));
    }

    #[divan::bench]
    fn acs_chat_refreshing_token(bencher: Bencher) {
        let rt = clients::client_runtime();
        let client = clients::generated(SERVER.base_url(), Credential::Refreshing);
        bencher.bench_local(|| rt.block_on(clients::generated_list(&client)));
    }
}

mod pieces {
    use super::*;

    fn page(items: usize) -> String {
        server::page_json(
            0,
            items,
            Some(
                "https://a.example/chat/threads/t/readReceipts?skip=100&maxPageSize=100&api-version=2025-03-15",
            ),
        )
    }

    #[divan::bench(args = [10, 100, 1000])]
    fn decode_generated_types(bencher: Bencher, items: usize) {
        let body = page(items);
        bencher
            .counter(divan::counter::BytesCount::of_str(&body))
            .bench(|| {
                serde_json::from_str::<acs_chat::types::ChatMessageReadReceiptsCollection>(
                    black_box(&body),
                )
                .unwrap()
            });
    }

    #[divan::bench(args = [10, 100, 1000])]
    fn decode_handwritten_types(bencher: Bencher, items: usize) {
        let body = page(items);
        bencher
            .counter(divan::counter::BytesCount::of_str(&body))
            .bench(|| serde_json::from_str::<clients::Page>(black_box(&body)).unwrap());
    }

    #[divan::bench]
    fn static_token(bencher: Bencher) {
        let rt = clients::client_runtime();
        let credential = acs_chat::StaticToken::new(clients::bench_token());
        bencher.bench_local(|| rt.block_on(credential.token()).unwrap());
    }

    #[divan::bench(threads = [1, 2, 4])]
    fn refreshing_token(bencher: Bencher) {
        static CREDENTIAL: LazyLock<acs_chat::RefreshingToken> = LazyLock::new(|| {
            acs_chat::RefreshingToken::new(|| async { Ok(clients::bench_token()) })
                .with_initial_token(clients::bench_token())
                .unwrap()
        });
        bencher.bench(|| futures::executor::block_on(CREDENTIAL.token()).unwrap());
    }

    #[divan::bench]
    fn next_link_check(bencher: Bencher) {
        let link = "https://contoso.westus.communications.azure.com/chat/threads/19%3Abench%40thread.v2/readReceipts?skip=100&maxPageSize=100&api-version=2025-03-15";
        bencher.bench(|| {
            acs_chat::paging::next_link_url(
                black_box("https://contoso.westus.communications.azure.com"),
                black_box(link),
            )
            .unwrap()
        });
    }
}
