//! Running progenitor as a library, with its panics turned into errors that
//! name the operation.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Diagnostic;

/// The settings every generated client uses: builder-style calls, one
/// `Client`, runtime state in the runtime contract's `Pipeline`. progenitor's
/// hooks stay at their defaults and unused: post-processing sends every
/// request through the contract's `execute` instead (see `operation_calls`).
fn settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type({
            let pipeline = crate::runtime_contract::pipeline();
            quote!(#pipeline<ClientParameters>)
        });
    settings
}

/// Generates the tokens for the whole document.
///
/// progenitor asserts rather than returns errors in a few places; a panic is
/// caught, and the operations are then generated one at a time to find the
/// one that causes it.
pub fn generate(spec: &OpenAPI) -> Result<TokenStream, Vec<Diagnostic>> {
    match run(spec) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(vec![Diagnostic {
            location: crate::error::Location::Document,
            message: format!("progenitor: {e}"),
        }]),
        Err(panic) => Err(vec![blame(spec, &panic)]),
    }
}

thread_local! {
    /// Set while this thread runs progenitor under [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook printing it: the
/// panic becomes a [`Diagnostic`], and its text (or a backtrace, with
/// `RUST_BACKTRACE` set) must not reach stderr, which tools such as
/// `spec-diff` paste into pull-request comments. The process-wide hook is
/// wrapped once; it stays silent only on a thread inside `quietly`, so other
/// threads' panics still print as before.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result
}

fn run(spec: &OpenAPI) -> Result<Result<TokenStream, progenitor::Error>, String> {
    let settings = settings();
    quietly(|| progenitor::Generator::new(&settings).generate_tokens(spec)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

fn blame(spec: &OpenAPI, panic: &str) -> Diagnostic {
    for (url, item) in spec.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let mut single = spec.clone();
            single.paths.paths.retain(|u, _| u == url);
            if let Some(openapiv3::ReferenceOr::Item(only)) = single.paths.paths.get_mut(url) {
                for (m, slot) in crate::operations::slots_mut(only) {
                    if m != method {
                        *slot = None;
                    }
                }
            }
            if run(&single).is_err() {
                return Diagnostic::at(
                    crate::error::path(&["paths", url, method]),
                    format!(
                        "progenitor cannot generate operation `{}` (it stopped with: {panic}); \
                         this spec construct is not supported",
                        op.extensions
                            .get(crate::normalize::ORIGINAL_OPERATION_ID)
                            .and_then(|v| v.as_str())
                            .or(op.operation_id.as_deref())
                            .unwrap_or("?")
                    ),
                );
            }
        }
    }
    Diagnostic {
        location: crate::error::Location::Document,
        message: format!("progenitor panicked with `{panic}` (no single operation causes it)"),
    }
}

#[cfg(test)]
mod tests {
    use super::quietly;

    /// A panic caught by `quietly` prints nothing: run in a child process
    /// (this test binary again) whose stderr is read.
    #[test]
    fn a_caught_panic_prints_nothing_even_with_a_backtrace() {
        if std::env::var_os("QUIETLY_CHILD").is_some() {
            let caught = quietly(|| panic!("progenitor assertion failed"));
            assert!(caught.is_err());
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "progenitor_run::tests::a_caught_panic_prints_nothing_even_with_a_backtrace",
                "--nocapture",
            ])
            .env("QUIETLY_CHILD", "1")
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("progenitor assertion failed"), "{stderr}");
        assert!(!stderr.contains("backtrace"), "{stderr}");
    }
}
