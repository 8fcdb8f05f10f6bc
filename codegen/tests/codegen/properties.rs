//! Property tests: the generator never panics, whatever it is given. The
//! real spec is mutated at random (lines dropped, duplicated, swapped, cut,
//! characters replaced), which reaches far more of the pipeline than random
//! text: most mutants still parse as YAML, many as OpenAPI, and some still
//! generate. Every run must end in `Ok` (then the output parses as Rust)
//! or in an `Error` naming the spec; a panic or an abort fails the test.
//!
//! Each case runs in a child process (`fork`) with a time limit, so that an
//! input that overflows the stack or hangs is reported, shrunk and saved in
//! `tests/proptest-regressions/` (committed; replayed first on every run)
//! instead of aborting the whole test binary. `PROPTEST_CASES=5000` runs a
//! longer search.

use acs_chat_codegen::{Options, generate};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const SPEC: &str = include_str!("../../../spec/acs-chat-read-receipts.yaml");

#[derive(Clone, Debug)]
enum Mutation {
    DropLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    TruncateLine(usize, usize),
    ReplaceChar(usize, char),
    InsertText(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let line = 0usize..500;
    prop_oneof![
        line.clone().prop_map(Mutation::DropLine),
        line.clone().prop_map(Mutation::DuplicateLine),
        (line.clone(), line.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (line.clone(), 0usize..40).prop_map(|(l, n)| Mutation::TruncateLine(l, n)),
        (
            0usize..20_000,
            prop::sample::select(vec![
                ':', '-', ' ', '\t', '{', '[', '"', '#', '$', '&', '*', '0', 'x'
            ])
        )
            .prop_map(|(i, c)| Mutation::ReplaceChar(i, c)),
        (
            line,
            prop::sample::select(vec![
                "  type: strng".to_string(),
                "$ref: '#/components/schemas/Nope'".to_string(),
                "operationId: type".to_string(),
                "x-ms-pageable: {nextLinkName: nope}".to_string(),
                "- name: self\n  in: query\n  schema: {type: string}".to_string(),
                "enum: [a, A, b]".to_string(),
                "default: 5".to_string(),
                "nullable: true".to_string(),
                "additionalProperties: false".to_string(),
                "allOf: [{$ref: '#/components/schemas/CommunicationError'}]".to_string(),
                "oneOf: [{$ref: '#/components/schemas/CommunicationError'}]".to_string(),
                "anyOf: [{$ref: '#/components/schemas/ChatMessageReadReceipt'}, {type: string}]"
                    .to_string(),
            ])
        )
            .prop_map(|(l, t)| Mutation::InsertText(l, t)),
    ]
}

fn apply(spec: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = spec.lines().map(str::to_string).collect();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::DropLine(i) => {
                if !lines.is_empty() {
                    lines.remove(i % n);
                }
            }
            Mutation::DuplicateLine(i) => {
                if let Some(l) = lines.get(i % n).cloned() {
                    lines.insert(i % n, l);
                }
            }
            Mutation::SwapLines(a, b) => {
                if !lines.is_empty() {
                    lines.swap(a % n, b % n);
                }
            }
            Mutation::TruncateLine(i, at) => {
                if let Some(l) = lines.get_mut(i % n) {
                    let cut = l.char_indices().nth(*at).map_or(l.len(), |(b, _)| b);
                    l.truncate(cut);
                }
            }
            Mutation::ReplaceChar(i, c) => {
                let joined = lines.join("\n");
                let mut chars: Vec<char> = joined.chars().collect();
                if !chars.is_empty() {
                    let at = i % chars.len();
                    chars[at] = *c;
                }
                lines = chars
                    .into_iter()
                    .collect::<String>()
                    .lines()
                    .map(str::to_string)
                    .collect();
            }
            Mutation::InsertText(i, text) => {
                let indent: String = lines
                    .get(i % n)
                    .map(|l| l.chars().take_while(|c| *c == ' ').collect())
                    .unwrap_or_default();
                for (k, t) in text.lines().enumerate() {
                    lines.insert((i % n) + k, format!("{indent}{t}"));
                }
            }
        }
    }
    lines.join("\n")
}

/// 96 cases unless `PROPTEST_CASES` says otherwise; forked, 60 s per case.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96);
    ProptestConfig {
        cases,
        fork: true,
        timeout: 60_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_specs_generate_or_fail_with_an_error(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = apply(SPEC, &mutations);
        match generate(&text, &Options::new("spec.yaml")) {
            Ok(code) => prop_assert!(syn::parse_file(&code).is_ok(), "generated code does not parse"),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("spec.yaml"), "{}", message);
                prop_assert!(message.contains("error:"), "{}", message);
            }
        }
    }

    #[test]
    fn arbitrary_text_fails_with_an_error(text in ".{0,400}") {
        if let Err(e) = generate(&text, &Options::new("spec.yaml")) {
            prop_assert!(e.to_string().starts_with("spec.yaml"));
        }
    }
}
