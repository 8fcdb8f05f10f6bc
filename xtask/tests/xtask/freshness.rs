//! Fails plain `cargo test` when a committed generated client (the real one
//! or a test client) is stale against its spec (or the generator), with the
//! command that fixes it.

use xtask::regenerate::{Mode, Outcome, Paths, regenerate};

#[test]
fn committed_clients_match_their_specs() {
    for paths in Paths::all() {
        check(&paths);
    }
}

fn check(paths: &Paths) {
    match regenerate(paths, Mode::Check) {
        Ok(Outcome::UpToDate) => {}
        Ok(Outcome::Stale { diff }) => panic!(
            "{} is stale against {}.\n\nRun `cargo xtask regenerate` and commit the result.\n\n{diff}",
            paths.output_name, paths.spec_name
        ),
        Ok(Outcome::Written) => unreachable!("check mode never writes"),
        Err(e) => panic!("the spec does not generate:\n{e}"),
    }
}
