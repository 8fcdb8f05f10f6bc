//! Every runtime item the generated code names, in one place: the contract
//! between `generated.rs` and the hand-written runtime of the client crate
//! (`generated-client/src/runtime/contract.rs`, which re-exports exactly
//! these). A pass that emits a call into the runtime takes its path from
//! here, so a change of the runtime's API is a change of this file.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// Defines one function per contract item, returning its path.
macro_rules! contract {
    ($($(#[$doc:meta])* $fn_name:ident => $item:ident;)*) => {
        $(
            $(#[$doc])*
            pub(crate) fn $fn_name() -> TokenStream {
                quote!(crate::runtime::contract::$item)
            }
        )*
    };
}

contract! {
    /// The trait the generated `ClientParameters` implements.
    api => Api;
    /// Operation facts given with every call (`operation_id`, `retry_safe`,
    /// `error_shapes`).
    operation_info => OperationInfo;
    /// Per-call settings, a field of every operation builder.
    call_options => CallOptions;
    /// Retry settings, taken by a builder's `.retry(..)`.
    retry_options => RetryOptions;
    /// The runtime's builder, generic over the `Api`.
    client_builder => ClientBuilder;
    /// The crate's error type.
    error => Error;
    /// The continuation token of a listing.
    continuation_token => ContinuationToken;
    /// Stream of items across pages.
    item_stream => ItemStream;
    /// Stream of pages.
    page_stream => PageStream;
    /// Items of every page.
    items => items;
    /// One page from a next link.
    next_page => next_page;
    /// Pages from the operation's first request.
    pages => pages;
    /// Pages from a continuation token.
    pages_from => pages_from;
    /// The client's runtime state, `Client::inner`.
    pipeline => Pipeline;
    /// A non-error response with its whole body, what `decode` gets.
    buffered_response => BufferedResponse;
    /// A JSON success body, decoded.
    json_value => json_value;
    /// A success without a body.
    empty_value => empty_value;
    /// A raw (not JSON) success body, as a `ByteStream`.
    stream_value => stream_value;
    /// A non-error status the spec does not list, as the crate's error.
    unexpected => unexpected;
    /// Sends a request through every policy.
    execute => execute;
    /// Percent-encodes a path segment.
    encode_path => encode_path;
    /// Form-encodes a body.
    form_urlencoded => form_urlencoded;
    /// Appends a delimited array query parameter (`a,b`, `a%20b`, `a|b`).
    append_delimited => append_delimited;
    /// Where a declared error schema keeps its code and message.
    error_shape => ErrorShape;
    /// Sets the client-level query parameters on a URL.
    replace_query_pairs => replace_query_pairs;
}

/// `Error::InvalidRequest`, for the generated builders' argument errors.
pub(crate) fn invalid_request() -> TokenStream {
    let error = error();
    quote!(#error::InvalidRequest)
}

/// `OperationInfo { .. }` for an operation: its id, and whether the runtime
/// may send it again after a failure, which the caller takes from the
/// spec's model (`model::RetrySafety`, through the plan), never from the
/// operation's name.
/// Any of them may be a template's hole (see `postprocess::template`);
/// `error_shapes` is a `&[ErrorShape { .. }]` (`&[]` for none).
pub(crate) fn operation_info_for(
    operation_id: &impl ToTokens,
    retry_safe: impl ToTokens,
    error_shapes: impl ToTokens,
) -> TokenStream {
    let info = operation_info();
    quote!(#info {
        operation_id: #operation_id,
        retry_safe: #retry_safe,
        error_shapes: #error_shapes,
    })
}

#[cfg(test)]
mod tests {
    use crate::Options;

    const SPEC: &str = include_str!("../../spec/acs-chat-read-receipts.yaml");
    const RUNTIME_CONTRACT: &str = include_str!("../../generated-client/src/runtime/contract.rs");

    /// Every `crate::` path of the generated code goes through the contract,
    /// and names an item the runtime's `contract.rs` re-exports.
    #[test]
    fn generated_code_calls_the_runtime_only_through_the_contract() {
        let code = crate::generate(SPEC, &Options::new("spec")).expect("the spec generates");
        let mut named = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let Some(item) = rest.strip_prefix("runtime::contract::") else {
                let shown: String = rest.chars().take(40).collect();
                panic!("generated code names `crate::{shown}` outside the contract");
            };
            let item: String = item
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            named.push(item);
        }
        assert!(
            !named.is_empty(),
            "the generated code calls no runtime item"
        );
        for item in &named {
            let exported = RUNTIME_CONTRACT
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == item);
            assert!(
                exported,
                "`{item}` is not re-exported by generated-client/src/runtime/contract.rs"
            );
        }
    }
}
