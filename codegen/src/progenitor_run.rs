//! Running progenitor as a library, with its panics turned into errors that
//! name the operation.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Diagnostic;

/// The settings every generated client uses: builder-style calls, one
/// `Client`, runtime state in `crate::pipeline::Pipeline`. progenitor's hooks
/// stay at their defaults and unused: post-processing sends every request
/// through `crate::pipeline::execute` instead (see `operation_calls`).
fn settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote!(crate::pipeline::Pipeline));
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

fn run(spec: &OpenAPI) -> Result<Result<TokenStream, progenitor::Error>, String> {
    let settings = settings();
    catch_unwind(AssertUnwindSafe(|| {
        progenitor::Generator::new(&settings).generate_tokens(spec)
    }))
    .map_err(|payload| {
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
