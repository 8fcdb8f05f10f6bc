//! Between the generated wire model (`types::CommunicationIdentifierModel`)
//! and the typed [`CommunicationIdentifier`], and
//! [`ChatMessageReadReceipt::sender`].
//!
//! The order of decision is that of `deserializeCommunicationIdentifier` in
//! `@azure/communication-common` 2.5.0 (`identifierModelSerializer.js`),
//! which `@azure/communication-chat` 1.6.0 uses for every sender:
//!
//! 1. the kind is `kind` when the service sent it, otherwise the first
//!    nested model that is set, in the order `communicationUser`,
//!    `phoneNumber`, `microsoftTeamsUser`, `microsoftTeamsApp`,
//!    `teamsExtensionUser`;
//! 2. when that kind's nested model is set, the identifier is of that kind,
//!    built from the nested model and `rawId` (a communication user from
//!    `communicationUser.id` alone);
//! 3. otherwise (no nested model, `kind` `unknown` or one this version does
//!    not know, or `kind` naming a model that is absent) it is
//!    [`CommunicationIdentifier::Unknown`] holding `rawId`.
//!
//! The raw id's prefix is not consulted: the official deserializers do not
//! either, and a model without a nested model stays unknown. Python's
//! (`deserialize_identifier` in `azure-communication-callautomation` 1.6.0
//! and `azure-communication-chat` 1.3.0) ignores `kind` and goes by the same
//! order of nested models, so the two differ only when `kind` and the nested
//! model disagree; JavaScript is followed. Where the
//! JavaScript deserializer throws, [`CommunicationIdentifier::try_from_model`]
//! returns an error for what cannot be modelled (two nested models, no
//! `rawId` for an unknown identifier), and the `From` conversion (and so
//! `sender()`) goes on as Python's `azure-communication-chat` 1.3.0 does
//! (first nested model wins; an unknown identifier with an empty id). Both
//! treat a missing `isAnonymous` as false and a missing `cloud` as public,
//! as the spec says, where JavaScript 2.5.0 requires them on Teams users,
//! apps and extension users.

use std::fmt;

use crate::generated::types::{
    ChatMessageReadReceipt, CommunicationCloudEnvironmentModel, CommunicationIdentifierModel,
    CommunicationUserIdentifierModel, MicrosoftTeamsAppIdentifierModel,
    MicrosoftTeamsUserIdentifierModel, PhoneNumberIdentifierModel,
    TeamsExtensionUserIdentifierModel,
};
use crate::runtime::identifier::{
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier,
};

impl ChatMessageReadReceipt {
    /// Who read the message, typed (see [`CommunicationIdentifier`]).
    ///
    /// Never fails: a sender the crate cannot model is
    /// [`CommunicationIdentifier::Unknown`] with its raw id, and the wire
    /// model stays in `sender_communication_identifier`. For an error
    /// instead, use [`CommunicationIdentifier::try_from_model`].
    pub fn sender(&self) -> CommunicationIdentifier {
        CommunicationIdentifier::from(&self.sender_communication_identifier)
    }
}

/// Why a wire identifier could not be modelled
/// ([`CommunicationIdentifier::try_from_model`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdentifierModelError {
    /// More than one nested model was set, so the kind is ambiguous.
    MoreThanOneNestedModel {
        /// The nested models that were set, by their wire names.
        present: Vec<&'static str>,
    },
    /// The identifier is of no known kind and has no `rawId`: nothing
    /// identifies it.
    MissingRawId {
        /// The `kind` the service sent, if any.
        kind: Option<String>,
    },
}

impl fmt::Display for IdentifierModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MoreThanOneNestedModel { present } => write!(
                f,
                "communication identifier: only one of the properties {present:?} should be present"
            ),
            Self::MissingRawId { kind: Some(kind) } => write!(
                f,
                "communication identifier of kind `{kind}` without its nested model has no `rawId`"
            ),
            Self::MissingRawId { kind: None } => write!(
                f,
                "communication identifier has neither a nested model nor a `rawId`"
            ),
        }
    }
}

impl std::error::Error for IdentifierModelError {}

/// The nested models that are set, by wire name, in the official order.
fn present_models(model: &CommunicationIdentifierModel) -> Vec<&'static str> {
    [
        ("communicationUser", model.communication_user.is_some()),
        ("phoneNumber", model.phone_number.is_some()),
        ("microsoftTeamsUser", model.microsoft_teams_user.is_some()),
        ("microsoftTeamsApp", model.microsoft_teams_app.is_some()),
        ("teamsExtensionUser", model.teams_extension_user.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

fn cloud(model: Option<&CommunicationCloudEnvironmentModel>) -> CommunicationCloudEnvironment {
    model.map_or(CommunicationCloudEnvironment::Public, |c| {
        CommunicationCloudEnvironment::from(c.as_str())
    })
}

/// Steps 1 and 2 of the module docs; `None` is step 3.
fn typed(model: &CommunicationIdentifierModel) -> Option<CommunicationIdentifier> {
    let kind = match &model.kind {
        Some(kind) => kind.as_str(),
        None => present_models(model).first().copied().unwrap_or("unknown"),
    };
    let raw_id = model.raw_id.clone();
    Some(match kind {
        "communicationUser" => {
            let user = model.communication_user.as_ref()?;
            CommunicationUserIdentifier::new(user.id.clone()).into()
        }
        "phoneNumber" => {
            let phone = model.phone_number.as_ref()?;
            PhoneNumberIdentifier {
                phone_number: phone.value.clone(),
                is_anonymous: phone.is_anonymous.unwrap_or(false),
                asserted_id: phone.asserted_id.clone(),
                raw_id,
            }
            .into()
        }
        "microsoftTeamsUser" => {
            let user = model.microsoft_teams_user.as_ref()?;
            MicrosoftTeamsUserIdentifier {
                user_id: user.user_id.clone(),
                is_anonymous: user.is_anonymous.unwrap_or(false),
                cloud: cloud(user.cloud.as_ref()),
                raw_id,
            }
            .into()
        }
        "microsoftTeamsApp" => {
            let app = model.microsoft_teams_app.as_ref()?;
            MicrosoftTeamsAppIdentifier {
                app_id: app.app_id.clone(),
                cloud: cloud(app.cloud.as_ref()),
                raw_id,
            }
            .into()
        }
        "teamsExtensionUser" => {
            let user = model.teams_extension_user.as_ref()?;
            TeamsExtensionUserIdentifier {
                user_id: user.user_id.clone(),
                tenant_id: user.tenant_id.clone(),
                resource_id: user.resource_id.clone(),
                cloud: cloud(user.cloud.as_ref()),
                raw_id,
            }
            .into()
        }
        _ => return None,
    })
}

impl CommunicationIdentifier {
    /// The identifier of a wire model, refusing what cannot be modelled
    /// where `deserializeCommunicationIdentifier` of
    /// `@azure/communication-common` 2.5.0 throws: more than one nested
    /// model, or no `rawId` for an identifier of no known kind.
    pub fn try_from_model(
        model: &CommunicationIdentifierModel,
    ) -> Result<Self, IdentifierModelError> {
        let present = present_models(model);
        if present.len() > 1 {
            return Err(IdentifierModelError::MoreThanOneNestedModel { present });
        }
        match (typed(model), &model.raw_id) {
            (Some(identifier), _) => Ok(identifier),
            (None, Some(raw_id)) => Ok(Self::Unknown { id: raw_id.clone() }),
            (None, None) => Err(IdentifierModelError::MissingRawId {
                kind: model.kind.as_ref().map(|k| k.as_str().to_string()),
            }),
        }
    }
}

/// Never fails; see the module docs for what it does where
/// [`CommunicationIdentifier::try_from_model`] refuses.
impl From<&CommunicationIdentifierModel> for CommunicationIdentifier {
    fn from(model: &CommunicationIdentifierModel) -> Self {
        typed(model).unwrap_or_else(|| Self::Unknown {
            id: model.raw_id.clone().unwrap_or_default(),
        })
    }
}

/// The wire model for a request, as `serializeCommunicationIdentifier` of
/// `@azure/communication-common` 2.5.0 writes it: `rawId` always, the nested
/// model of the kind (none for an unknown identifier), no `kind`.
impl From<&CommunicationIdentifier> for CommunicationIdentifierModel {
    fn from(identifier: &CommunicationIdentifier) -> Self {
        let wire_cloud = |c: &CommunicationCloudEnvironment| {
            Some(CommunicationCloudEnvironmentModel::from(c.as_str()))
        };
        let mut model = CommunicationIdentifierModel {
            raw_id: Some(identifier.raw_id().into_owned()),
            ..Default::default()
        };
        match identifier {
            CommunicationIdentifier::CommunicationUser(user) => {
                model.communication_user = Some(CommunicationUserIdentifierModel {
                    id: user.id.clone(),
                });
            }
            CommunicationIdentifier::PhoneNumber(phone) => {
                model.phone_number = Some(PhoneNumberIdentifierModel {
                    value: phone.phone_number.clone(),
                    is_anonymous: Some(phone.is_anonymous),
                    asserted_id: phone.asserted_id.clone(),
                });
            }
            CommunicationIdentifier::MicrosoftTeamsUser(user) => {
                model.microsoft_teams_user = Some(MicrosoftTeamsUserIdentifierModel {
                    user_id: user.user_id.clone(),
                    is_anonymous: Some(user.is_anonymous),
                    cloud: wire_cloud(&user.cloud),
                });
            }
            CommunicationIdentifier::MicrosoftTeamsApp(app) => {
                model.microsoft_teams_app = Some(MicrosoftTeamsAppIdentifierModel {
                    app_id: app.app_id.clone(),
                    cloud: wire_cloud(&app.cloud),
                });
            }
            CommunicationIdentifier::TeamsExtensionUser(user) => {
                model.teams_extension_user = Some(TeamsExtensionUserIdentifierModel {
                    user_id: user.user_id.clone(),
                    tenant_id: user.tenant_id.clone(),
                    resource_id: user.resource_id.clone(),
                    cloud: wire_cloud(&user.cloud),
                });
            }
            CommunicationIdentifier::Unknown { .. } => {}
        }
        model
    }
}

impl From<CommunicationIdentifier> for CommunicationIdentifierModel {
    fn from(identifier: CommunicationIdentifier) -> Self {
        Self::from(&identifier)
    }
}
