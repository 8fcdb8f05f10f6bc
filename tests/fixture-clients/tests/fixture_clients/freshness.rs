//! The committed clients are byte for byte what the generator writes for
//! their fixture specs today.

use std::path::Path;

use acs_chat_fixture_clients::FIXTURES;

#[test]
fn committed_clients_are_what_the_generator_writes() {
    let update = std::env::var_os("UPDATE_FIXTURE_CLIENTS").is_some();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (spec, module) in FIXTURES {
        let text = std::fs::read_to_string(crate_dir.join("../..").join(spec)).unwrap();
        let mut options = acs_chat_codegen::Options::new(*spec);
        options.command = "UPDATE_FIXTURE_CLIENTS=1 cargo test -p acs-chat-fixture-clients".into();
        let want = acs_chat_codegen::generate(&text, &options)
            .unwrap_or_else(|e| panic!("{spec} must generate:\n{e}"));
        let path = crate_dir.join(module);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if update {
                std::fs::write(&path, &want).unwrap();
            } else {
                stale.push(*module);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated clients {stale:?}: run `UPDATE_FIXTURE_CLIENTS=1 cargo test -p acs-chat-fixture-clients`"
    );
}
