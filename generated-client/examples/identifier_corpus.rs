//! What `CommunicationIdentifier` makes of a corpus of raw ids and wire
//! models, as JSON: the Rust half of the parity test against the official
//! `@azure/communication-common` (`tests/mock-service/js/identifier_parity.test.mjs`,
//! run by `tests/mock-service/js/run.sh`).
//!
//! ```sh
//! echo '{"rawIds":["8:acs:x"],"models":[{"rawId":"4:+1","phoneNumber":{"value":"+1"}}]}' |
//!   cargo run -p acs-chat --example identifier_corpus
//! ```
//!
//! Each raw id gives `{kind, rawId, serialized}`: the kind, the raw id again
//! and the wire model a request would carry. Each model gives the same for
//! `CommunicationIdentifier::try_from_model` (or `{error}`) under `strict`,
//! and for the never-failing `From` conversion (what `receipt.sender()`
//! uses) under `lenient`; a model the generated types cannot decode gives
//! `{decodeError}`.

use std::io::Read;

use acs_chat::CommunicationIdentifier;
use acs_chat::types::CommunicationIdentifierModel;
use serde_json::{Value, json};

fn describe(id: &CommunicationIdentifier) -> Value {
    json!({
        "kind": id.kind(),
        "rawId": id.raw_id(),
        "serialized": CommunicationIdentifierModel::from(id),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let corpus: Value = serde_json::from_str(&input)?;
    let list = |name: &str| -> Result<Vec<Value>, String> {
        corpus
            .get(name)
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| format!("the corpus has no array `{name}`"))
    };
    let mut raw_ids = Vec::new();
    for raw in list("rawIds")? {
        let raw = raw.as_str().ok_or("rawIds holds a non-string")?;
        raw_ids.push(describe(&CommunicationIdentifier::from_raw_id(raw)));
    }
    let mut models = Vec::new();
    for model in list("models")? {
        let entry = match serde_json::from_value::<CommunicationIdentifierModel>(model) {
            Err(e) => json!({ "decodeError": e.to_string() }),
            Ok(model) => json!({
                "strict": match CommunicationIdentifier::try_from_model(&model) {
                    Ok(id) => describe(&id),
                    Err(e) => json!({ "error": e.to_string() }),
                },
                "lenient": describe(&CommunicationIdentifier::from(&model)),
            }),
        };
        models.push(entry);
    }
    println!("{}", json!({ "rawIds": raw_ids, "models": models }));
    Ok(())
}
