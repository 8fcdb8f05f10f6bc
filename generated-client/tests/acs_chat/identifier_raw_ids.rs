//! Property tests of the raw-id grammar of `CommunicationIdentifier`
//! (`@azure/communication-common` 2.5.0): every form round-trips through
//! `from_raw_id` / `raw_id`, lands in the kind the official SDK gives it, and
//! an identifier built from its parts survives raw id and wire model.

use acs_chat::types::CommunicationIdentifierModel;
use acs_chat::{
    CommunicationCloudEnvironment as Cloud, CommunicationIdentifier as Id,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier,
};
use proptest::prelude::*;

/// An id part as the service writes them (no `:`, no `_`), or empty.
fn part() -> impl Strategy<Value = String> {
    "[0-9a-zA-Z-]{0,40}"
}

/// A suffix that may hold `_` but no `:`.
fn suffix() -> impl Strategy<Value = String> {
    "[0-9a-zA-Z_+-]{0,40}"
}

const PREFIXES: [(&str, &str); 11] = [
    ("8:teamsvisitor:", "microsoftTeamsUser"),
    ("8:orgid:", "microsoftTeamsUser"),
    ("8:dod:", "microsoftTeamsUser"),
    ("8:gcch:", "microsoftTeamsUser"),
    ("8:spool:", "communicationUser"),
    ("28:orgid:", "microsoftTeamsApp"),
    ("28:dod:", "microsoftTeamsApp"),
    ("28:gcch:", "microsoftTeamsApp"),
    ("8:acs:", "acs"),
    ("8:dod-acs:", "acs"),
    ("8:gcch-acs:", "acs"),
];

fn cloud() -> impl Strategy<Value = Cloud> {
    prop_oneof![Just(Cloud::Public), Just(Cloud::Dod), Just(Cloud::Gcch)]
}

fn assert_round_trip(raw: &str) -> Result<Id, TestCaseError> {
    let id = Id::from_raw_id(raw);
    prop_assert_eq!(id.raw_id(), raw, "{:?}", id);
    prop_assert_eq!(id.to_string(), raw);
    // Through the wire model too, as a request would carry it.
    let model = CommunicationIdentifierModel::from(&id);
    let back = Id::try_from_model(&model).expect("a model we wrote");
    prop_assert_eq!(&back, &id);
    prop_assert_eq!(back.kind(), id.kind());
    Ok(id)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_known_prefix_round_trips_into_its_kind(
        which in 0..PREFIXES.len(), rest in suffix()
    ) {
        let (prefix, kind) = PREFIXES[which];
        let raw = format!("{prefix}{rest}");
        let id = assert_round_trip(&raw)?;
        let expected = match kind {
            "acs" if rest.split('_').count() == 3 => "teamsExtensionUser",
            "acs" => "communicationUser",
            other => other,
        };
        prop_assert_eq!(id.kind(), expected, "{}", raw);
        match &id {
            Id::MicrosoftTeamsUser(u) => {
                prop_assert_eq!(&u.user_id, &rest);
                prop_assert_eq!(u.is_anonymous, prefix == "8:teamsvisitor:");
            }
            Id::MicrosoftTeamsApp(a) => prop_assert_eq!(&a.app_id, &rest),
            Id::CommunicationUser(u) => prop_assert_eq!(&u.id, &raw),
            Id::TeamsExtensionUser(u) => {
                prop_assert_eq!(
                    format!("{}_{}_{}", u.resource_id, u.tenant_id, u.user_id),
                    rest
                );
                let cloud = match prefix {
                    "8:dod-acs:" => Cloud::Dod,
                    "8:gcch-acs:" => Cloud::Gcch,
                    _ => Cloud::Public,
                };
                prop_assert_eq!(&u.cloud, &cloud);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn teams_extension_users_split_into_resource_tenant_user(
        which in 0..3usize, resource in part(), tenant in part(), user in part()
    ) {
        let prefix = ["8:acs:", "8:dod-acs:", "8:gcch-acs:"][which];
        let raw = format!("{prefix}{resource}_{tenant}_{user}");
        match assert_round_trip(&raw)? {
            Id::TeamsExtensionUser(u) => {
                prop_assert_eq!(u.resource_id, resource);
                prop_assert_eq!(u.tenant_id, tenant);
                prop_assert_eq!(u.user_id, user);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn phone_numbers_keep_anonymity_and_asserted_id(
        number in "\\+?[0-9]{0,15}", asserted in proptest::option::of("[0-9a-zA-Z]{0,12}")
    ) {
        let value = match &asserted {
            Some(a) => format!("{number}_{a}"),
            None => number.clone(),
        };
        match assert_round_trip(&format!("4:{value}"))? {
            Id::PhoneNumber(p) => {
                prop_assert_eq!(&p.phone_number, &value);
                prop_assert!(!p.is_anonymous);
                let expected = asserted.filter(|a| !a.is_empty());
                prop_assert_eq!(p.asserted_id, expected);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    /// Whatever the string, nothing is lost: it comes back byte for byte.
    #[test]
    fn any_string_round_trips(raw in any::<String>()) {
        assert_round_trip(&raw)?;
    }

    /// Strings made of the grammar's own characters, so that prefixes,
    /// colons and underscores collide often.
    #[test]
    fn grammar_like_strings_round_trip(raw in "[48:2_a-z-]{0,24}") {
        let id = assert_round_trip(&raw)?;
        if !raw.starts_with("4:") && raw.split(':').count() != 3 {
            prop_assert_eq!(id.kind(), "unknown", "{}", raw);
        }
    }

    /// Built from parts (no raw id given), an identifier's raw id parses
    /// back to an equal identifier with the same parts.
    #[test]
    fn identifiers_built_from_parts_survive_their_raw_id(
        id in part(), tenant in part(), resource in part(), cloud in cloud(),
        anonymous in any::<bool>(), choice in 0..4usize
    ) {
        let built: Id = match choice {
            0 => MicrosoftTeamsUserIdentifier::new(id.clone())
                .with_anonymous(anonymous)
                .with_cloud(cloud.clone())
                .into(),
            1 => MicrosoftTeamsAppIdentifier::new(id.clone()).with_cloud(cloud.clone()).into(),
            2 => TeamsExtensionUserIdentifier::new(id.clone(), tenant, resource)
                .with_cloud(cloud.clone())
                .into(),
            _ => PhoneNumberIdentifier::new(format!("+1{id}")).into(),
        };
        let parsed = Id::from_raw_id(&built.raw_id());
        prop_assert_eq!(&parsed, &built);
        match (&parsed, &built) {
            (Id::MicrosoftTeamsUser(p), Id::MicrosoftTeamsUser(b)) => {
                prop_assert_eq!(&p.user_id, &b.user_id);
                prop_assert_eq!(p.is_anonymous, b.is_anonymous);
                // A visitor's raw id names no cloud.
                if !b.is_anonymous {
                    prop_assert_eq!(&p.cloud, &b.cloud);
                }
            }
            (Id::MicrosoftTeamsApp(p), Id::MicrosoftTeamsApp(b)) => {
                prop_assert_eq!(&p.app_id, &b.app_id);
                prop_assert_eq!(&p.cloud, &b.cloud);
            }
            (Id::TeamsExtensionUser(p), Id::TeamsExtensionUser(b)) => {
                prop_assert_eq!(
                    (&p.user_id, &p.tenant_id, &p.resource_id, &p.cloud),
                    (&b.user_id, &b.tenant_id, &b.resource_id, &b.cloud)
                );
            }
            (Id::PhoneNumber(p), Id::PhoneNumber(b)) => {
                prop_assert_eq!(&p.phone_number, &b.phone_number);
            }
            (p, b) => prop_assert!(false, "{:?} became {:?}", b, p),
        }
    }
}
