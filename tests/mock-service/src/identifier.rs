//! `CommunicationIdentifierModel`s from raw ids, as the service sends them.
//!
//! The mapping follows `createIdentifierFromRawId` of the official
//! `@azure/communication-common` (2.4) and the other `communication-common`
//! libraries, and every model carries the fields their deserializers
//! require: the JavaScript one throws on a `microsoftTeamsUser` without
//! `isAnonymous` and `cloud`, on a `microsoftTeamsApp` without `cloud`, and
//! on a `teamsExtensionUser` without `userId`, `tenantId`, `resourceId` and
//! `cloud`.
//!
//! | raw id | kind |
//! |---|---|
//! | `4:<number>` (`4:anonymous`, `4:<number>_<assertedId>`) | `phoneNumber` |
//! | `8:orgid:`, `8:dod:`, `8:gcch:` + id | `microsoftTeamsUser` (public, dod, gcch) |
//! | `8:teamsvisitor:` + id | `microsoftTeamsUser`, anonymous (cloud public) |
//! | `28:orgid:`, `28:dod:`, `28:gcch:` + id | `microsoftTeamsApp` |
//! | `8:acs:`, `8:dod-acs:`, `8:gcch-acs:` + `resource_tenant_user` | `teamsExtensionUser` |
//! | `8:acs:`, `8:dod-acs:`, `8:gcch-acs:` + anything else, `8:spool:` + id | `communicationUser` |
//! | anything else (also ids with more or fewer than two `:`) | unknown: `rawId` only |
//!
//! No `kind` property, as the live service often sends. Api-versions before
//! `2025-03-15` have no `teamsExtensionUser` and only `value` in
//! `phoneNumber`; for them an extension user is sent as a
//! `communicationUser` and a phone number without the newer fields.

use serde_json::{Value, json};

/// The first api-version with `teamsExtensionUser`, `phoneNumber.isAnonymous`
/// and `phoneNumber.assertedId`.
const EXTENDED_MODEL_SINCE: &str = "2025-03-15";

/// Whether `api_version` has the extended identifier model. Versions are
/// `yyyy-mm-dd[-preview...]`, so text order is date order.
pub(crate) fn extended_model(api_version: &str) -> bool {
    api_version.get(..10).unwrap_or(api_version) >= EXTENDED_MODEL_SINCE
}

/// The identifier model of `raw_id` for a response of `api_version`.
pub(crate) fn identifier(raw_id: &str, api_version: &str) -> Value {
    let extended = extended_model(api_version);
    if let Some(number) = raw_id.strip_prefix("4:") {
        return phone_number(raw_id, number, extended);
    }
    let mut segments = raw_id.split(':');
    let (Some(a), Some(b), Some(suffix), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return json!({ "rawId": raw_id });
    };
    let teams_user = |cloud: &str, anonymous: bool| {
        json!({"rawId": raw_id, "microsoftTeamsUser": {
            "userId": suffix, "isAnonymous": anonymous, "cloud": cloud}})
    };
    let teams_app = |cloud: &str| json!({"rawId": raw_id, "microsoftTeamsApp": {"appId": suffix, "cloud": cloud}});
    let communication_user = || json!({"rawId": raw_id, "communicationUser": {"id": raw_id}});
    match (a, b) {
        ("8", "teamsvisitor") => teams_user("public", true),
        ("8", "orgid") => teams_user("public", false),
        ("8", "dod") => teams_user("dod", false),
        ("8", "gcch") => teams_user("gcch", false),
        ("8", "acs") => extension_or_user(raw_id, suffix, "public", extended),
        ("8", "dod-acs") => extension_or_user(raw_id, suffix, "dod", extended),
        ("8", "gcch-acs") => extension_or_user(raw_id, suffix, "gcch", extended),
        ("8", "spool") => communication_user(),
        ("28", "orgid") => teams_app("public"),
        ("28", "dod") => teams_app("dod"),
        ("28", "gcch") => teams_app("gcch"),
        _ => json!({ "rawId": raw_id }),
    }
}

/// `resource_tenant_user` (exactly three `_`-separated parts) is a Teams
/// extension user; anything else a communication user.
fn extension_or_user(raw_id: &str, suffix: &str, cloud: &str, extended: bool) -> Value {
    let parts: Vec<&str> = suffix.split('_').collect();
    match parts.as_slice() {
        [resource, tenant, user] if extended => json!({"rawId": raw_id, "teamsExtensionUser": {
            "userId": user, "tenantId": tenant, "resourceId": resource, "cloud": cloud}}),
        _ => json!({"rawId": raw_id, "communicationUser": {"id": raw_id}}),
    }
}

/// `4:anonymous` is anonymous; `4:<number>_<id>` has an asserted id (the
/// part after the last `_`); `value` is everything after `4:`.
fn phone_number(raw_id: &str, number: &str, extended: bool) -> Value {
    if !extended {
        return json!({"rawId": raw_id, "phoneNumber": {"value": number}});
    }
    let anonymous = number == "anonymous";
    let mut model = json!({"value": number, "isAnonymous": anonymous});
    if !anonymous
        && let Some((_, asserted)) = number.rsplit_once('_')
        && !asserted.is_empty()
    {
        model["assertedId"] = Value::String(asserted.to_string());
    }
    json!({"rawId": raw_id, "phoneNumber": model})
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: &str = "2025-03-15";

    /// One row per prefix of `createIdentifierFromRawId`.
    #[test]
    fn every_raw_id_prefix_maps_like_communication_common() {
        let cases = [
            (
                "8:acs:r_u",
                json!({"communicationUser": {"id": "8:acs:r_u"}}),
            ),
            (
                "8:spool:x",
                json!({"communicationUser": {"id": "8:spool:x"}}),
            ),
            (
                "8:dod-acs:x",
                json!({"communicationUser": {"id": "8:dod-acs:x"}}),
            ),
            (
                "8:gcch-acs:x",
                json!({"communicationUser": {"id": "8:gcch-acs:x"}}),
            ),
            (
                "8:acs:res_ten_usr",
                json!({"teamsExtensionUser": {"userId": "usr", "tenantId": "ten",
                    "resourceId": "res", "cloud": "public"}}),
            ),
            (
                "8:dod-acs:res_ten_usr",
                json!({"teamsExtensionUser": {"userId": "usr", "tenantId": "ten",
                    "resourceId": "res", "cloud": "dod"}}),
            ),
            (
                "8:gcch-acs:res_ten_usr",
                json!({"teamsExtensionUser": {"userId": "usr", "tenantId": "ten",
                    "resourceId": "res", "cloud": "gcch"}}),
            ),
            (
                "4:+15551234567",
                json!({"phoneNumber": {"value": "+15551234567", "isAnonymous": false}}),
            ),
            (
                "4:anonymous",
                json!({"phoneNumber": {"value": "anonymous", "isAnonymous": true}}),
            ),
            (
                "4:+15551234567_a1",
                json!({"phoneNumber": {"value": "+15551234567_a1", "isAnonymous": false,
                    "assertedId": "a1"}}),
            ),
            (
                "8:orgid:u",
                json!({"microsoftTeamsUser": {"userId": "u", "isAnonymous": false, "cloud": "public"}}),
            ),
            (
                "8:dod:u",
                json!({"microsoftTeamsUser": {"userId": "u", "isAnonymous": false, "cloud": "dod"}}),
            ),
            (
                "8:gcch:u",
                json!({"microsoftTeamsUser": {"userId": "u", "isAnonymous": false, "cloud": "gcch"}}),
            ),
            (
                "8:teamsvisitor:u",
                json!({"microsoftTeamsUser": {"userId": "u", "isAnonymous": true, "cloud": "public"}}),
            ),
            (
                "28:orgid:a",
                json!({"microsoftTeamsApp": {"appId": "a", "cloud": "public"}}),
            ),
            (
                "28:dod:a",
                json!({"microsoftTeamsApp": {"appId": "a", "cloud": "dod"}}),
            ),
            (
                "28:gcch:a",
                json!({"microsoftTeamsApp": {"appId": "a", "cloud": "gcch"}}),
            ),
            ("8:other:x", json!({})),
            ("8:acs:x:y", json!({})),
            ("plain", json!({})),
        ];
        for (raw, mut expected) in cases {
            expected["rawId"] = Value::String(raw.into());
            assert_eq!(identifier(raw, V), expected, "{raw}");
        }
    }

    #[test]
    fn older_api_versions_have_the_older_model() {
        for v in ["2024-03-15-preview", "2024-03-07", "2021-03-07"] {
            assert_eq!(
                identifier("8:acs:res_ten_usr", v),
                json!({"rawId": "8:acs:res_ten_usr", "communicationUser": {"id": "8:acs:res_ten_usr"}}),
                "{v}"
            );
            assert_eq!(
                identifier("4:anonymous", v),
                json!({"rawId": "4:anonymous", "phoneNumber": {"value": "anonymous"}}),
                "{v}"
            );
        }
        assert!(extended_model("2025-03-15"));
        assert!(!extended_model("2024-03-15-preview"));
    }
}
