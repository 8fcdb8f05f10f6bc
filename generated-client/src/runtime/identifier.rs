//! Typed communication identifiers: who sent a read receipt.
//!
//! The wire carries an identifier as a `CommunicationIdentifierModel` (a raw
//! id plus at most one nested model); users want to match on the kind. This
//! module is the typed form, with the raw-id grammar of the official
//! `communication-common` libraries, matched against
//! `@azure/communication-common` **2.5.0** (npm; `identifierModels.js`:
//! `createIdentifierFromRawId`, `getIdentifierRawId`, `getIdentifierKind`)
//! and checked by `tests/mock-service/js/identifier_parity.mjs`, which feeds
//! the same corpus to that package and to this module.
//!
//! Python's common code (`_shared/models.py`, `identifier_from_raw_id`) is
//! the same in `azure-communication-callautomation` 1.6.0, the newest copy on
//! PyPI, except that it splits at most twice on `:`, so `8:acs:a:b` is a
//! communication user there and unknown in JavaScript; JavaScript is
//! followed. The copy in `azure-communication-chat` 1.3.0 is older: no Teams
//! extension user and no asserted id.
//!
//! Self-contained (std only): the conversion from and to the wire model is
//! in `identifier_wire.rs`.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

const PHONE_NUMBER_PREFIX: &str = "4:";
const TEAMS_APP_PUBLIC_CLOUD_PREFIX: &str = "28:orgid:";
const TEAMS_APP_DOD_CLOUD_PREFIX: &str = "28:dod:";
const TEAMS_APP_GCCH_CLOUD_PREFIX: &str = "28:gcch:";
const TEAMS_USER_ANONYMOUS_PREFIX: &str = "8:teamsvisitor:";
const TEAMS_USER_PUBLIC_CLOUD_PREFIX: &str = "8:orgid:";
const TEAMS_USER_DOD_CLOUD_PREFIX: &str = "8:dod:";
const TEAMS_USER_GCCH_CLOUD_PREFIX: &str = "8:gcch:";
const ACS_USER_PREFIX: &str = "8:acs:";
const ACS_USER_DOD_CLOUD_PREFIX: &str = "8:dod-acs:";
const ACS_USER_GCCH_CLOUD_PREFIX: &str = "8:gcch-acs:";
const SPOOL_USER_PREFIX: &str = "8:spool:";

/// The cloud an identifier belongs to.
///
/// A cloud this version does not know is kept as sent in
/// [`Other`](Self::Other), rather than lost; raw ids treat it like
/// [`Public`](Self::Public), as the official SDKs do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommunicationCloudEnvironment {
    /// The public cloud (`public`), the default.
    #[default]
    Public,
    /// US Department of Defense (`dod`).
    Dod,
    /// US Government Community Cloud High (`gcch`).
    Gcch,
    /// A value not known to this version of the crate, as sent.
    Other(String),
}

impl CommunicationCloudEnvironment {
    /// The value as it is on the wire (`public`, `dod`, `gcch`, …).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Public => "public",
            Self::Dod => "dod",
            Self::Gcch => "gcch",
            Self::Other(value) => value,
        }
    }
}

impl From<&str> for CommunicationCloudEnvironment {
    fn from(value: &str) -> Self {
        match value {
            "public" => Self::Public,
            "dod" => Self::Dod,
            "gcch" => Self::Gcch,
            other => Self::Other(other.to_string()),
        }
    }
}

impl fmt::Display for CommunicationCloudEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user of an Azure Communication Services resource (`8:acs:…`,
/// `8:spool:…`, `8:dod-acs:…`, `8:gcch-acs:…`). Its id is its raw id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CommunicationUserIdentifier {
    /// The user's id, such as `8:acs:<resource id>_<user id>`.
    pub id: String,
}

impl CommunicationUserIdentifier {
    /// A communication user with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

/// A phone number (`4:…`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PhoneNumberIdentifier {
    /// The phone number, normally in E.164 form; `anonymous` when hidden.
    pub phone_number: String,
    /// Whether the number is anonymous.
    pub is_anonymous: bool,
    /// Set when the same number joined the same call more than once: the part
    /// of the raw id after the last `_`.
    pub asserted_id: Option<String>,
    /// The raw id the service sent, when it sent one; otherwise the raw id is
    /// `4:` and the number.
    pub raw_id: Option<String>,
}

impl PhoneNumberIdentifier {
    /// A (non-anonymous) phone number, such as `+14255550123`.
    pub fn new(phone_number: impl Into<String>) -> Self {
        Self {
            phone_number: phone_number.into(),
            is_anonymous: false,
            asserted_id: None,
            raw_id: None,
        }
    }
}

/// A Microsoft Teams user (`8:orgid:…`, `8:dod:…`, `8:gcch:…`), or an
/// anonymous Teams visitor (`8:teamsvisitor:…`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MicrosoftTeamsUserIdentifier {
    /// The user's id: for a non-anonymous user their Entra ID object id.
    pub user_id: String,
    /// Whether this is an anonymous visitor.
    pub is_anonymous: bool,
    /// The user's cloud.
    pub cloud: CommunicationCloudEnvironment,
    /// The raw id the service sent, when it sent one; otherwise it is built
    /// from the other fields.
    pub raw_id: Option<String>,
}

impl MicrosoftTeamsUserIdentifier {
    /// A (non-anonymous) Teams user of the public cloud.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            is_anonymous: false,
            cloud: CommunicationCloudEnvironment::Public,
            raw_id: None,
        }
    }

    /// The same, in another cloud.
    pub fn with_cloud(mut self, cloud: CommunicationCloudEnvironment) -> Self {
        self.cloud = cloud;
        self
    }

    /// The same, as an anonymous visitor (`8:teamsvisitor:`) or not.
    pub fn with_anonymous(mut self, is_anonymous: bool) -> Self {
        self.is_anonymous = is_anonymous;
        self
    }
}

/// A Microsoft Teams application, such as a bot (`28:orgid:…`, `28:dod:…`,
/// `28:gcch:…`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MicrosoftTeamsAppIdentifier {
    /// The app's id.
    pub app_id: String,
    /// The app's cloud.
    pub cloud: CommunicationCloudEnvironment,
    /// The raw id the service sent, when it sent one; otherwise it is built
    /// from the other fields.
    pub raw_id: Option<String>,
}

impl MicrosoftTeamsAppIdentifier {
    /// A Teams app of the public cloud.
    pub fn new(app_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            cloud: CommunicationCloudEnvironment::Public,
            raw_id: None,
        }
    }

    /// The same, in another cloud.
    pub fn with_cloud(mut self, cloud: CommunicationCloudEnvironment) -> Self {
        self.cloud = cloud;
        self
    }
}

/// A Teams Phone user extended through an ACS resource
/// (`8:acs:<resource>_<tenant>_<user>`, `8:dod-acs:…`, `8:gcch-acs:…`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TeamsExtensionUserIdentifier {
    /// The user's Entra ID object id.
    pub user_id: String,
    /// The user's tenant id.
    pub tenant_id: String,
    /// The id of the ACS resource.
    pub resource_id: String,
    /// The cloud.
    pub cloud: CommunicationCloudEnvironment,
    /// The raw id the service sent, when it sent one; otherwise it is built
    /// from the other fields.
    pub raw_id: Option<String>,
}

impl TeamsExtensionUserIdentifier {
    /// A Teams extension user of the public cloud.
    pub fn new(
        user_id: impl Into<String>,
        tenant_id: impl Into<String>,
        resource_id: impl Into<String>,
    ) -> Self {
        Self {
            user_id: user_id.into(),
            tenant_id: tenant_id.into(),
            resource_id: resource_id.into(),
            cloud: CommunicationCloudEnvironment::Public,
            raw_id: None,
        }
    }

    /// The same, in another cloud.
    pub fn with_cloud(mut self, cloud: CommunicationCloudEnvironment) -> Self {
        self.cloud = cloud;
        self
    }
}

/// Who a chat participant is, by kind.
///
/// Two identifiers are equal when they are of the same kind and have the
/// same [`raw_id`](Self::raw_id), as in the official SDKs (a raw id from the
/// service and one built from the fields compare alike); `Hash` agrees.
/// `Display` writes the raw id and `FromStr` is [`from_raw_id`](Self::from_raw_id).
///
/// ```
/// use acs_chat::{CommunicationCloudEnvironment, CommunicationIdentifier};
///
/// let id = CommunicationIdentifier::from_raw_id("8:gcch:0b5f-4e1a");
/// match &id {
///     CommunicationIdentifier::MicrosoftTeamsUser(user) => {
///         assert_eq!(user.user_id, "0b5f-4e1a");
///         assert_eq!(user.cloud, CommunicationCloudEnvironment::Gcch);
///     }
///     other => panic!("not a Teams user: {other:?}"),
/// }
/// // The raw id is a stable key: store it, parse it back.
/// assert_eq!(id.raw_id(), "8:gcch:0b5f-4e1a");
/// assert_eq!(id.to_string().parse::<CommunicationIdentifier>().unwrap(), id);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum CommunicationIdentifier {
    /// A user of an ACS resource.
    CommunicationUser(CommunicationUserIdentifier),
    /// A phone number.
    PhoneNumber(PhoneNumberIdentifier),
    /// A Microsoft Teams user.
    MicrosoftTeamsUser(MicrosoftTeamsUserIdentifier),
    /// A Microsoft Teams app.
    MicrosoftTeamsApp(MicrosoftTeamsAppIdentifier),
    /// A Teams extension user.
    TeamsExtensionUser(TeamsExtensionUserIdentifier),
    /// Anything else, kept as its raw id. New kinds of later service
    /// versions arrive here; match on the raw id rather than on this variant
    /// to stay forward compatible.
    Unknown {
        /// The raw id, as sent.
        id: String,
    },
}

impl CommunicationIdentifier {
    /// The identifier a raw id stands for, exactly as
    /// `createIdentifierFromRawId` of `@azure/communication-common` 2.5.0
    /// decides: `4:` is a phone number (anonymous when `4:anonymous`, an
    /// asserted id after the last `_`); otherwise a raw id that is not three
    /// `:`-separated parts is unknown; `8:teamsvisitor:`, `8:orgid:`,
    /// `8:dod:`, `8:gcch:` are Teams users; `8:acs:`, `8:dod-acs:`,
    /// `8:gcch-acs:` are Teams extension users when the rest is three
    /// `_`-separated parts and communication users otherwise; `8:spool:` is a
    /// communication user; `28:orgid:`, `28:dod:`, `28:gcch:` are Teams
    /// apps; anything else is unknown.
    ///
    /// Never fails, and `from_raw_id(s).raw_id() == s` for every `s`.
    pub fn from_raw_id(raw_id: &str) -> Self {
        use CommunicationCloudEnvironment as Cloud;
        if let Some(phone_number) = raw_id.strip_prefix(PHONE_NUMBER_PREFIX) {
            return Self::PhoneNumber(phone_number_from_raw(phone_number));
        }
        let mut segments = raw_id.split(':');
        let (Some(first), Some(second), Some(suffix), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return Self::unknown(raw_id);
        };
        // `first` and `second` hold no `:`, so the prefix is the raw id up to
        // and including the second `:`.
        let prefix = &raw_id[..first.len() + second.len() + 2];
        let teams_user = |cloud, is_anonymous| {
            Self::MicrosoftTeamsUser(MicrosoftTeamsUserIdentifier {
                user_id: suffix.to_string(),
                is_anonymous,
                cloud,
                raw_id: None,
            })
        };
        let teams_app = |cloud| {
            Self::MicrosoftTeamsApp(MicrosoftTeamsAppIdentifier {
                app_id: suffix.to_string(),
                cloud,
                raw_id: None,
            })
        };
        let acs_user = |cloud| {
            let mut parts = suffix.split('_');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(resource), Some(tenant), Some(user), None) => {
                    Self::TeamsExtensionUser(TeamsExtensionUserIdentifier {
                        user_id: user.to_string(),
                        tenant_id: tenant.to_string(),
                        resource_id: resource.to_string(),
                        cloud,
                        raw_id: None,
                    })
                }
                _ => Self::CommunicationUser(CommunicationUserIdentifier::new(raw_id)),
            }
        };
        match prefix {
            TEAMS_USER_ANONYMOUS_PREFIX => teams_user(Cloud::Public, true),
            TEAMS_USER_PUBLIC_CLOUD_PREFIX => teams_user(Cloud::Public, false),
            TEAMS_USER_DOD_CLOUD_PREFIX => teams_user(Cloud::Dod, false),
            TEAMS_USER_GCCH_CLOUD_PREFIX => teams_user(Cloud::Gcch, false),
            ACS_USER_PREFIX => acs_user(Cloud::Public),
            ACS_USER_DOD_CLOUD_PREFIX => acs_user(Cloud::Dod),
            ACS_USER_GCCH_CLOUD_PREFIX => acs_user(Cloud::Gcch),
            SPOOL_USER_PREFIX => Self::CommunicationUser(CommunicationUserIdentifier::new(raw_id)),
            TEAMS_APP_PUBLIC_CLOUD_PREFIX => teams_app(Cloud::Public),
            TEAMS_APP_DOD_CLOUD_PREFIX => teams_app(Cloud::Dod),
            TEAMS_APP_GCCH_CLOUD_PREFIX => teams_app(Cloud::Gcch),
            _ => Self::unknown(raw_id),
        }
    }

    fn unknown(raw_id: &str) -> Self {
        Self::Unknown {
            id: raw_id.to_string(),
        }
    }

    /// The raw id: the one the service sent when there is one, otherwise
    /// built from the fields as `getIdentifierRawId` of
    /// `@azure/communication-common` 2.5.0 does. A stable string key (for a
    /// database, a map); [`from_raw_id`](Self::from_raw_id) turns it back.
    pub fn raw_id(&self) -> Cow<'_, str> {
        use CommunicationCloudEnvironment as Cloud;
        match self {
            Self::CommunicationUser(user) => Cow::Borrowed(&user.id),
            Self::PhoneNumber(phone) => given(&phone.raw_id).unwrap_or_else(|| {
                Cow::Owned(format!("{PHONE_NUMBER_PREFIX}{}", phone.phone_number))
            }),
            Self::MicrosoftTeamsUser(user) => given(&user.raw_id).unwrap_or_else(|| {
                let prefix = match (&user.cloud, user.is_anonymous) {
                    (_, true) => TEAMS_USER_ANONYMOUS_PREFIX,
                    (Cloud::Dod, false) => TEAMS_USER_DOD_CLOUD_PREFIX,
                    (Cloud::Gcch, false) => TEAMS_USER_GCCH_CLOUD_PREFIX,
                    (_, false) => TEAMS_USER_PUBLIC_CLOUD_PREFIX,
                };
                Cow::Owned(format!("{prefix}{}", user.user_id))
            }),
            Self::MicrosoftTeamsApp(app) => given(&app.raw_id).unwrap_or_else(|| {
                let prefix = match app.cloud {
                    Cloud::Dod => TEAMS_APP_DOD_CLOUD_PREFIX,
                    Cloud::Gcch => TEAMS_APP_GCCH_CLOUD_PREFIX,
                    _ => TEAMS_APP_PUBLIC_CLOUD_PREFIX,
                };
                Cow::Owned(format!("{prefix}{}", app.app_id))
            }),
            Self::TeamsExtensionUser(user) => given(&user.raw_id).unwrap_or_else(|| {
                let prefix = match user.cloud {
                    Cloud::Dod => ACS_USER_DOD_CLOUD_PREFIX,
                    Cloud::Gcch => ACS_USER_GCCH_CLOUD_PREFIX,
                    _ => ACS_USER_PREFIX,
                };
                Cow::Owned(format!(
                    "{prefix}{}_{}_{}",
                    user.resource_id, user.tenant_id, user.user_id
                ))
            }),
            Self::Unknown { id } => Cow::Borrowed(id),
        }
    }

    /// The kind's name as the official SDKs and the wire spell it:
    /// `communicationUser`, `phoneNumber`, `microsoftTeamsUser`,
    /// `microsoftTeamsApp`, `teamsExtensionUser` or `unknown`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CommunicationUser(_) => "communicationUser",
            Self::PhoneNumber(_) => "phoneNumber",
            Self::MicrosoftTeamsUser(_) => "microsoftTeamsUser",
            Self::MicrosoftTeamsApp(_) => "microsoftTeamsApp",
            Self::TeamsExtensionUser(_) => "teamsExtensionUser",
            Self::Unknown { .. } => "unknown",
        }
    }
}

/// A raw id the service sent, borrowed.
fn given(raw_id: &Option<String>) -> Option<Cow<'_, str>> {
    raw_id.as_deref().map(Cow::Borrowed)
}

/// `buildPhoneNumberIdentifier` of `@azure/communication-common` 2.5.0: the
/// asserted id is what follows the last `_`, when that is not empty.
fn phone_number_from_raw(phone_number: &str) -> PhoneNumberIdentifier {
    let is_anonymous = phone_number == "anonymous";
    let asserted_id = if is_anonymous {
        None
    } else {
        phone_number
            .rfind('_')
            .map(|i| &phone_number[i + 1..])
            .filter(|rest| !rest.is_empty())
            .map(str::to_string)
    };
    PhoneNumberIdentifier {
        phone_number: phone_number.to_string(),
        is_anonymous,
        asserted_id,
        raw_id: None,
    }
}

impl PartialEq for CommunicationIdentifier {
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind() && self.raw_id() == other.raw_id()
    }
}

impl Eq for CommunicationIdentifier {}

impl Hash for CommunicationIdentifier {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind().hash(state);
        self.raw_id().hash(state);
    }
}

impl fmt::Display for CommunicationIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw_id())
    }
}

impl FromStr for CommunicationIdentifier {
    type Err = std::convert::Infallible;

    fn from_str(raw_id: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_raw_id(raw_id))
    }
}

macro_rules! from_variant {
    ($($variant:ident($ty:ty)),*) => {$(
        impl From<$ty> for CommunicationIdentifier {
            fn from(value: $ty) -> Self {
                Self::$variant(value)
            }
        }
    )*};
}

from_variant!(
    CommunicationUser(CommunicationUserIdentifier),
    PhoneNumber(PhoneNumberIdentifier),
    MicrosoftTeamsUser(MicrosoftTeamsUserIdentifier),
    MicrosoftTeamsApp(MicrosoftTeamsAppIdentifier),
    TeamsExtensionUser(TeamsExtensionUserIdentifier)
);
