//! The mock service's tests, one binary (each module one area):
//! - [`conformance`]: every response against the spec's schemas and
//!   headers, paging, bad input, shutdown;
//! - [`hardening`]: slow, idle, huge and hostile connections and requests;
//! - [`identifiers`]: every identifier kind as the official SDKs read it;
//! - [`client`]: the generated client end to end against the mock;
//! - [`cli`], [`cli_attacks`]: the `acs-chat-mock` program itself;
//! - [`common`]: schema validators, a raw HTTP client, fixtures.

mod cli;
mod cli_attacks;
mod client;
mod common;
mod conformance;
mod hardening;
mod identifiers;
