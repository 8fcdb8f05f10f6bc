//! Any text given to the generator ends in generated code or an error that
//! names the spec; a panic never reaches the caller, nor a hang or an abort.
//!
//! The generator runs progenitor under `catch_unwind` and turns its panics
//! into errors, so by default the target allows caught panics (libFuzzer's
//! own hook would abort on them). With `ACS_FUZZ_STRICT=1`, any panic, even
//! a caught one, is a crash: that mode finds specs that pass validation but
//! still trip progenitor, i.e. checks that validation is missing.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        if std::env::var_os("ACS_FUZZ_STRICT").is_none() {
            std::panic::set_hook(Box::new(|_| {}));
        }
    });
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = acs_chat_codegen::Options::new("fuzz.yaml");
    if let Err(e) = acs_chat_codegen::generate(text, &options) {
        assert!(e.to_string().starts_with("fuzz.yaml"));
    }
});
