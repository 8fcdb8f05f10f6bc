//! Fails plain `cargo test` when the committed client is stale against the
//! spec (or the generator), with the command that fixes it.

use xtask::regenerate::{Mode, Outcome, Paths, regenerate};

#[test]
fn committed_client_matches_the_spec() {
    let paths = Paths::workspace();
    match regenerate(&paths, Mode::Check) {
        Ok(Outcome::UpToDate) => {}
        Ok(Outcome::Stale { diff }) => panic!(
            "{} is stale against {}.\n\nRun `cargo xtask regenerate` and commit the result.\n\n{diff}",
            paths.output_name, paths.spec_name
        ),
        Ok(Outcome::Written) => unreachable!("check mode never writes"),
        Err(e) => panic!("the spec does not generate:\n{e}"),
    }
}
