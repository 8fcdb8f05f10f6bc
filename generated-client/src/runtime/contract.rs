//! The one thing generated code may call: every runtime item `generated.rs`
//! names is re-exported here, and the generator names each of them in one
//! place (`codegen/src/runtime_contract.rs`). Changing a signature here is
//! changing the contract: the generator changes with it.

// Every item, whatever the spec: one without paging, path parameters or
// form bodies leaves some of them unused.
#![allow(unused_imports)]

pub(crate) use crate::runtime::api::{Api, OperationInfo};
pub(crate) use crate::runtime::call_options::CallOptions;
pub(crate) use crate::runtime::client_builder::ClientBuilder;
pub(crate) use crate::runtime::error::Error;
pub(crate) use crate::runtime::error_shapes::ErrorShape;
pub(crate) use crate::runtime::paging::{
    ContinuationToken, ItemStream, PageStream, items, next_page, pages, pages_from,
};
pub(crate) use crate::runtime::pipeline::{Pipeline, execute};
pub(crate) use crate::runtime::query_style::append_delimited;
pub(crate) use crate::runtime::response::{
    BufferedResponse, empty_value, json_value, stream_value, unexpected,
};
pub(crate) use crate::runtime::retry::RetryOptions;
pub(crate) use crate::runtime::url_encoding::{encode_path, form_urlencoded, replace_query_pairs};
