//! The wire rules: stable ids, their classification, and when they fire.
//! docs/spec-diff.md has the same table (a test checks it).

use crate::model::Severity;

use Severity::{Breaking, Compatible, PossiblyBreaking};

/// Every wire rule: id, classification, and when it fires.
#[rustfmt::skip]
pub const RULES: &[(&str, Severity, &str)] = &[
    ("path-added", Compatible, "a new path, with its operations"),
    ("path-removed", Breaking, "a path and all its operations are gone"),
    ("operation-added", Compatible, "a new method on an existing path"),
    ("operation-removed", Breaking, "a method of an existing path is gone"),
    ("operation-id-changed", PossiblyBreaking, "same wire, but generated clients rename the method"),
    ("operation-deprecated", Compatible, "an operation is now `deprecated` (with its `x-sunset` date, if any)"),
    ("deprecated-operation-removed", PossiblyBreaking, "a `deprecated` operation (or the path of one) is gone: callers were warned, but any that still call it break"),
    ("parameter-added-required", Breaking, "a new required parameter"),
    ("parameter-added-optional", Compatible, "a new optional parameter"),
    ("parameter-removed", Breaking, "a parameter is gone"),
    ("parameter-deprecated", Compatible, "a parameter is now `deprecated`"),
    ("deprecated-parameter-removed", PossiblyBreaking, "a `deprecated` parameter is gone: callers were warned, but any that still send it may be refused"),
    ("path-parameter-renamed", Compatible, "a path parameter has a new name at the same place in the URL: the wire is the same (the generated argument may be renamed)"),
    ("parameter-became-required", Breaking, "an optional parameter is now required"),
    ("parameter-became-optional", Compatible, "a required parameter is now optional"),
    ("parameter-moved", Breaking, "a parameter's `in` changed (e.g. query to header)"),
    ("parameter-moved-to-client", Breaking, "a per-call parameter became client-level (`x-ms-parameter-location: client`)"),
    ("parameter-moved-to-method", Breaking, "a client-level parameter became per-call"),
    ("parameter-type-changed", Breaking, "a parameter's type changed"),
    ("parameter-format-changed", PossiblyBreaking, "a parameter's format changed"),
    ("parameter-enum-narrowed", Breaking, "values a caller could send are no longer accepted"),
    ("parameter-enum-widened", Compatible, "new values a caller may send"),
    ("parameter-default-changed", PossiblyBreaking, "the service's behaviour when the parameter is omitted changed"),
    ("parameter-constraint-tightened", Breaking, "min/max, length, pattern, items or multipleOf now reject values accepted before"),
    ("parameter-constraint-loosened", Compatible, "constraints now accept more values"),
    ("parameter-became-nullable", Compatible, "a parameter now accepts null"),
    ("parameter-became-non-nullable", Breaking, "a parameter no longer accepts null"),
    ("request-body-added-required", Breaking, "an operation now needs a request body"),
    ("request-body-added-optional", Compatible, "an operation now accepts an optional request body"),
    ("request-body-removed", Breaking, "the request body is gone"),
    ("request-body-became-required", Breaking, "the request body is now required"),
    ("request-body-became-optional", Compatible, "the request body is now optional"),
    ("request-media-type-added", Compatible, "the body can be sent as a new media type"),
    ("request-media-type-removed", Breaking, "a media type of the body is no longer accepted"),
    ("request-property-added-required", Breaking, "a new required property in a request body"),
    ("request-property-added-optional", Compatible, "a new optional property in a request body"),
    ("request-property-removed", Breaking, "a property of a request body is gone"),
    ("request-property-became-required", Breaking, "an optional property of a request body is now required"),
    ("request-property-became-optional", Compatible, "a required property of a request body is now optional"),
    ("request-type-changed", Breaking, "the type of a request body or of one of its properties changed"),
    ("request-type-widened", Compatible, "a request value's type widened from `integer` to `number`: every value sent before is still accepted"),
    ("request-format-changed", PossiblyBreaking, "the format of a request value changed"),
    ("request-enum-narrowed", Breaking, "values a caller could send are no longer accepted"),
    ("request-enum-widened", Compatible, "new values a caller may send"),
    ("request-enum-became-closed", Compatible, "a request enum is no longer extensible (`modelAsString: false`)"),
    ("request-default-changed", PossiblyBreaking, "the service's behaviour when a request property is omitted changed"),
    ("request-constraint-tightened", Breaking, "constraints on a request value now reject values accepted before"),
    ("request-constraint-loosened", Compatible, "constraints on a request value now accept more values"),
    ("request-pattern-changed", PossiblyBreaking, "the `pattern` of a request value changed to one that is neither wider nor narrower: review by hand"),
    ("request-variant-removed", Breaking, "a `oneOf`/`anyOf` member of a request schema is gone: values of that shape are refused"),
    ("request-variant-added", Compatible, "a new `oneOf`/`anyOf` member of a request schema: more values are accepted"),
    ("request-became-nullable", Compatible, "a request value now accepts null"),
    ("request-became-non-nullable", Breaking, "a request value no longer accepts null"),
    ("request-schema-changed", PossiblyBreaking, "a composition or additionalProperties of a request schema changed: review by hand"),
    ("response-success-status-added", PossiblyBreaking, "a new 2xx status: existing clients do not expect it"),
    ("response-success-status-removed", Breaking, "a success status is no longer returned"),
    ("response-error-status-added", Compatible, "a new non-2xx (1xx/3xx/4xx/5xx) or default response is documented"),
    ("response-error-status-removed", Compatible, "a non-2xx or default response is no longer documented"),
    ("response-body-added", Compatible, "a response that had no body now has one"),
    ("response-body-removed", Breaking, "a response no longer has the body clients decode"),
    ("response-media-type-added", PossiblyBreaking, "a response can come in a new media type"),
    ("response-media-type-removed", Breaking, "a response media type is gone"),
    ("response-property-added", Compatible, "a new property in a response"),
    ("response-property-removed", Breaking, "a property of a response is gone"),
    ("response-property-became-optional", Breaking, "a required response property may now be absent"),
    ("response-property-became-required", Compatible, "an optional response property is now always present"),
    ("response-type-changed", Breaking, "the type of a response or of one of its properties changed"),
    ("response-type-narrowed", Compatible, "a response value's type narrowed from `number` to `integer`: still a number for clients"),
    ("response-format-changed", PossiblyBreaking, "the format of a response value changed"),
    ("response-enum-narrowed", Compatible, "a response enum lost values: clients see fewer"),
    ("response-enum-widened", Breaking, "a closed response enum gained values: existing clients fail to decode them"),
    ("response-extensible-enum-widened", Compatible, "an extensible response enum (`x-ms-enum.modelAsString: true`) gained values"),
    ("response-enum-became-closed", Breaking, "a response enum is no longer extensible"),
    ("enum-became-extensible", Compatible, "an enum became extensible (`modelAsString: true`); the generated enum gets `UnknownValue`"),
    ("response-default-changed", Compatible, "a default value in a response schema changed"),
    ("response-constraint-tightened", Compatible, "constraints on a response value are stricter"),
    ("response-constraint-loosened", PossiblyBreaking, "a response value may now fall outside what clients relied on"),
    ("response-pattern-changed", PossiblyBreaking, "the `pattern` of a response value changed to one that is neither wider nor narrower: review by hand"),
    ("response-variant-added", Breaking, "a new `oneOf`/`anyOf` member of a response schema: clients may receive a shape they do not decode"),
    ("response-variant-removed", Compatible, "a `oneOf`/`anyOf` member of a response schema is gone: clients see fewer shapes"),
    ("response-header-added", Compatible, "a response has a new header"),
    ("response-required-header-removed", Breaking, "a required response header is gone: clients that read it fail"),
    ("response-optional-header-removed", PossiblyBreaking, "an optional response header is gone"),
    ("response-header-became-optional", Breaking, "a required response header may now be absent"),
    ("response-header-became-required", Compatible, "an optional response header is now always sent"),
    ("response-became-nullable", Breaking, "a response value may now be null"),
    ("response-became-non-nullable", Compatible, "a response value is no longer null"),
    ("response-schema-changed", PossiblyBreaking, "a composition or additionalProperties of a response schema changed: review by hand"),
    ("security-alternative-added", Compatible, "an operation accepts a new way to authenticate"),
    ("security-alternative-removed", Breaking, "a way to authenticate (or calling without authentication) is no longer accepted"),
    ("security-scheme-added", Compatible, "a new security scheme is defined"),
    ("security-scheme-removed", Breaking, "a security scheme is gone"),
    ("security-scheme-changed", Breaking, "a security scheme's type, place, name or flows changed"),
    ("pageable-added", Compatible, "an operation became pageable (`x-ms-pageable`)"),
    ("pageable-removed", PossiblyBreaking, "an operation is no longer pageable: clients no longer follow `nextLink`"),
    ("pageable-changed", Breaking, "`nextLinkName` or `itemName` changed: clients read the wrong property"),
    ("retry-safety-gained", Compatible, "an operation became safe to retry (idempotent method, `repeatability-request-id` header or `x-acs-retryable: true`): the client now retries it after a time-out or a 5xx"),
    ("retry-safety-lost", PossiblyBreaking, "an operation is no longer safe to retry: the client no longer retries it after a time-out or a 5xx, so callers that relied on that see the failure"),
    ("client-parameter-added", Compatible, "a new client-level parameter, sent on every request with its default"),
    ("client-parameter-removed", Breaking, "a client-level parameter is gone"),
    ("client-parameter-moved", Breaking, "a client-level parameter's `in` changed"),
    ("client-parameter-default-changed", PossiblyBreaking, "a client-level parameter's default changed (e.g. a new `api-version`)"),
    ("schema-added", Compatible, "a new component schema"),
    ("schema-removed", Compatible, "a component schema is gone (changes where it was used are reported there)"),
    ("schema-renamed", PossiblyBreaking, "a component schema got a new name, same shape: same wire, renamed generated type"),
    ("property-deprecated", Compatible, "a property of a request or response schema is now `deprecated`"),
    ("deprecated-property-removed", PossiblyBreaking, "a `deprecated` property is gone: callers were warned, but any that still use it break"),
];

/// The classification of a rule.
pub fn severity(rule: &str) -> Severity {
    RULES
        .iter()
        .find(|(id, ..)| *id == rule)
        .map(|(_, s, _)| *s)
        .unwrap_or_else(|| panic!("unknown rule `{rule}`"))
}

/// Parameters have no rules of their own for object properties and the
/// like: those of request bodies apply.
pub(crate) fn rule(prefix: &str, suffix: &str) -> &'static str {
    let find = |prefix: &str| {
        let id = format!("{prefix}-{suffix}");
        RULES.iter().find(|(r, ..)| *r == id).map(|(r, ..)| *r)
    };
    find(prefix)
        .or_else(|| find("request"))
        .unwrap_or_else(|| panic!("unknown rule `{}-{suffix}`", prefix))
}
