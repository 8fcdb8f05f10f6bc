//! `src/generated.rs` is what the generator makes of `spec/shapes.yaml`
//! now, byte for byte. `UPDATE_SHAPES_CLIENT=1` rewrites it instead of
//! failing (then review and commit both).

use std::path::Path;

const SPEC: &str = "tests/shapes-client/spec/shapes.yaml";
const COMMAND: &str =
    "UPDATE_SHAPES_CLIENT=1 cargo test -p acs-chat-shapes-client --test freshness";

#[test]
fn generated_client_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = std::fs::read_to_string(root.join("spec/shapes.yaml")).unwrap();
    let mut options = acs_chat_codegen::Options::new(SPEC);
    options.command = COMMAND.to_string();
    let fresh = acs_chat_codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let path = root.join("src/generated.rs");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == fresh {
        return;
    }
    if std::env::var_os("UPDATE_SHAPES_CLIENT").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    panic!("tests/shapes-client/src/generated.rs is stale; run `{COMMAND}` and commit it");
}
