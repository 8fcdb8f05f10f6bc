// @generated from `codegen/tests/fixtures/specs/shape-discriminated-union.yaml` (the `types` module of its generated code).
// Do not edit: `UPDATE_FIXTURE_TYPES=1 cargo test -p acs-chat-fixture-types`.

/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///`AfterCreationCleanupPolicy`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct AfterCreationCleanupPolicy {
        #[serde(rename = "afterDays")]
        pub after_days: i32,
        pub kind: AfterCreationCleanupPolicyKind,
        ///A name for the policy, shown to people.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub label: ::std::option::Option<::std::string::String>,
    }
    impl AfterCreationCleanupPolicy {
        pub fn builder() -> builder::AfterCreationCleanupPolicy {
            Default::default()
        }
    }
    ///`AfterCreationCleanupPolicyKind`
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    pub enum AfterCreationCleanupPolicyKind {
        #[serde(rename = "afterCreation")]
        AfterCreation,
    }
    impl ::std::fmt::Display for AfterCreationCleanupPolicyKind {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::AfterCreation => f.write_str("afterCreation"),
            }
        }
    }
    impl ::std::str::FromStr for AfterCreationCleanupPolicyKind {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "afterCreation" => Ok(Self::AfterCreation),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for AfterCreationCleanupPolicyKind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String>
    for AfterCreationCleanupPolicyKind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    ///`ArchivePolicy`
    ///
    /// One of the cases below, told apart by the property `tier`. A value whose `tier` this version of the crate does not know is kept whole, every property as it came, in the last variant, and sent back unchanged; later versions may add cases, so matches need a `_` arm (`#[non_exhaustive]`).
    #[derive(Clone, Debug)]
    #[non_exhaustive]
    pub enum ArchivePolicy {
        ///`tier: "cold"`.
        Cold(ColdArchivePolicy),
        /// A case not known to this version of the crate: every property as sent, in order.
        Unknown(::serde_json::Map<::std::string::String, ::serde_json::Value>),
    }
    impl ArchivePolicy {
        /// The value of the discriminating property, as on the wire.
        pub fn discriminator(&self) -> &str {
            match self {
                Self::Cold(_) => "cold",
                Self::Unknown(map) => {
                    map.get("tier")
                        .and_then(::serde_json::Value::as_str)
                        .unwrap_or_default()
                }
            }
        }
    }
    impl ::std::convert::From<ColdArchivePolicy> for ArchivePolicy {
        fn from(value: ColdArchivePolicy) -> Self {
            Self::Cold(value)
        }
    }
    impl ::serde::Serialize for ArchivePolicy {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            match self {
                Self::Cold(value) => value.serialize(serializer),
                Self::Unknown(map) => map.serialize(serializer),
            }
        }
    }
    impl<'de> ::serde::Deserialize<'de> for ArchivePolicy {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            use ::serde::de::Error as _;
            let map = <::serde_json::Map<
                ::std::string::String,
                ::serde_json::Value,
            > as ::serde::Deserialize>::deserialize(deserializer)?;
            let tag = match map.get("tier") {
                Some(::serde_json::Value::String(tag)) => tag.clone(),
                Some(_) => {
                    return Err(
                        D::Error::custom(
                            "the discriminating property `tier` is not a string",
                        ),
                    );
                }
                None => return Err(D::Error::missing_field("tier")),
            };
            match tag.as_str() {
                "cold" => {
                    ::serde_json::from_value(::serde_json::Value::Object(map))
                        .map(Self::Cold)
                        .map_err(|e| D::Error::custom(
                            format_args!("{} `{}`: {}", "tier", tag, e),
                        ))
                }
                _ => Ok(Self::Unknown(map)),
            }
        }
    }
    ///`CleanupPolicy`
    ///
    /// One of the cases below, told apart by the property `kind`. A value whose `kind` this version of the crate does not know is kept whole, every property as it came, in the last variant, and sent back unchanged; later versions may add cases, so matches need a `_` arm (`#[non_exhaustive]`).
    #[derive(Clone, Debug)]
    #[non_exhaustive]
    pub enum CleanupPolicy {
        ///`kind: "afterCreation"`.
        AfterCreation(AfterCreationCleanupPolicy),
        ///`kind: "never"`.
        Never(NeverCleanupPolicy),
        /// A case not known to this version of the crate: every property as sent, in order.
        Unknown(::serde_json::Map<::std::string::String, ::serde_json::Value>),
    }
    impl CleanupPolicy {
        /// The value of the discriminating property, as on the wire.
        pub fn discriminator(&self) -> &str {
            match self {
                Self::AfterCreation(_) => "afterCreation",
                Self::Never(_) => "never",
                Self::Unknown(map) => {
                    map.get("kind")
                        .and_then(::serde_json::Value::as_str)
                        .unwrap_or_default()
                }
            }
        }
    }
    impl ::std::convert::From<AfterCreationCleanupPolicy> for CleanupPolicy {
        fn from(value: AfterCreationCleanupPolicy) -> Self {
            Self::AfterCreation(value)
        }
    }
    impl ::std::convert::From<NeverCleanupPolicy> for CleanupPolicy {
        fn from(value: NeverCleanupPolicy) -> Self {
            Self::Never(value)
        }
    }
    impl ::serde::Serialize for CleanupPolicy {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            match self {
                Self::AfterCreation(value) => value.serialize(serializer),
                Self::Never(value) => value.serialize(serializer),
                Self::Unknown(map) => map.serialize(serializer),
            }
        }
    }
    impl<'de> ::serde::Deserialize<'de> for CleanupPolicy {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            use ::serde::de::Error as _;
            let map = <::serde_json::Map<
                ::std::string::String,
                ::serde_json::Value,
            > as ::serde::Deserialize>::deserialize(deserializer)?;
            let tag = match map.get("kind") {
                Some(::serde_json::Value::String(tag)) => tag.clone(),
                Some(_) => {
                    return Err(
                        D::Error::custom(
                            "the discriminating property `kind` is not a string",
                        ),
                    );
                }
                None => return Err(D::Error::missing_field("kind")),
            };
            match tag.as_str() {
                "afterCreation" => {
                    ::serde_json::from_value(::serde_json::Value::Object(map))
                        .map(Self::AfterCreation)
                        .map_err(|e| D::Error::custom(
                            format_args!("{} `{}`: {}", "kind", tag, e),
                        ))
                }
                "never" => {
                    ::serde_json::from_value(::serde_json::Value::Object(map))
                        .map(Self::Never)
                        .map_err(|e| D::Error::custom(
                            format_args!("{} `{}`: {}", "kind", tag, e),
                        ))
                }
                _ => Ok(Self::Unknown(map)),
            }
        }
    }
    ///`CleanupPolicyKind`
    ///
    /// The list is open: a value the service sends that this version of
    /// the crate does not know is kept in the last variant rather than
    /// failing to decode. New known values become new variants in later
    /// versions, so matches need a `_` arm (`#[non_exhaustive]`).
    #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    #[non_exhaustive]
    pub enum CleanupPolicyKind {
        AfterCreation,
        Never,
        /// A value not known to this version of the crate, as sent.
        UnknownValue(::std::string::String),
    }
    impl CleanupPolicyKind {
        /// The value as it is on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::AfterCreation => "afterCreation",
                Self::Never => "never",
                Self::UnknownValue(value) => value.as_str(),
            }
        }
    }
    impl ::std::fmt::Display for CleanupPolicyKind {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for CleanupPolicyKind {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::convert::From<&str> for CleanupPolicyKind {
        fn from(value: &str) -> Self {
            match value {
                "afterCreation" => Self::AfterCreation,
                "never" => Self::Never,
                other => Self::UnknownValue(other.to_string()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for CleanupPolicyKind {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "afterCreation" => Self::AfterCreation,
                "never" => Self::Never,
                _ => Self::UnknownValue(value),
            }
        }
    }
    impl ::serde::Serialize for CleanupPolicyKind {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for CleanupPolicyKind {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            ::std::string::String::deserialize(deserializer).map(Self::from)
        }
    }
    ///`ColdArchivePolicy`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct ColdArchivePolicy {
        #[serde(
            rename = "retrievalHours",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub retrieval_hours: ::std::option::Option<i32>,
        pub tier: ColdArchivePolicyTier,
    }
    impl ColdArchivePolicy {
        pub fn builder() -> builder::ColdArchivePolicy {
            Default::default()
        }
    }
    ///`ColdArchivePolicyTier`
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    pub enum ColdArchivePolicyTier {
        #[serde(rename = "cold")]
        Cold,
    }
    impl ::std::fmt::Display for ColdArchivePolicyTier {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Cold => f.write_str("cold"),
            }
        }
    }
    impl ::std::str::FromStr for ColdArchivePolicyTier {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "cold" => Ok(Self::Cold),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for ColdArchivePolicyTier {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for ColdArchivePolicyTier {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    ///`Folder`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct Folder {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub archive: ::std::option::Option<ArchivePolicy>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub cleanup: ::std::option::Option<CleanupPolicy>,
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub history: ::std::vec::Vec<CleanupPolicy>,
        pub name: ::std::string::String,
    }
    impl Folder {
        pub fn builder() -> builder::Folder {
            Default::default()
        }
    }
    ///`NeverCleanupPolicy`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct NeverCleanupPolicy {
        pub kind: NeverCleanupPolicyKind,
        ///A name for the policy, shown to people.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub label: ::std::option::Option<::std::string::String>,
    }
    impl NeverCleanupPolicy {
        pub fn builder() -> builder::NeverCleanupPolicy {
            Default::default()
        }
    }
    ///`NeverCleanupPolicyKind`
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    pub enum NeverCleanupPolicyKind {
        #[serde(rename = "never")]
        Never,
    }
    impl ::std::fmt::Display for NeverCleanupPolicyKind {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Never => f.write_str("never"),
            }
        }
    }
    impl ::std::str::FromStr for NeverCleanupPolicyKind {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "never" => Ok(Self::Never),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for NeverCleanupPolicyKind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for NeverCleanupPolicyKind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct AfterCreationCleanupPolicy {
            after_days: ::std::result::Result<i32, ::std::string::String>,
            kind: ::std::result::Result<
                super::AfterCreationCleanupPolicyKind,
                ::std::string::String,
            >,
            label: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for AfterCreationCleanupPolicy {
            fn default() -> Self {
                Self {
                    after_days: Err("no value supplied for after_days".to_string()),
                    kind: Err("no value supplied for kind".to_string()),
                    label: Ok(Default::default()),
                }
            }
        }
        impl AfterCreationCleanupPolicy {
            pub fn after_days<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i32>,
                T::Error: ::std::fmt::Display,
            {
                self.after_days = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for after_days: {e}")
                    });
                self
            }
            pub fn kind<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::AfterCreationCleanupPolicyKind>,
                T::Error: ::std::fmt::Display,
            {
                self.kind = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for kind: {e}")
                    });
                self
            }
            pub fn label<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.label = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for label: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<AfterCreationCleanupPolicy>
        for super::AfterCreationCleanupPolicy {
            type Error = super::error::ConversionError;
            fn try_from(
                value: AfterCreationCleanupPolicy,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    after_days: value.after_days?,
                    kind: value.kind?,
                    label: value.label?,
                })
            }
        }
        impl ::std::convert::From<super::AfterCreationCleanupPolicy>
        for AfterCreationCleanupPolicy {
            fn from(value: super::AfterCreationCleanupPolicy) -> Self {
                Self {
                    after_days: Ok(value.after_days),
                    kind: Ok(value.kind),
                    label: Ok(value.label),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ColdArchivePolicy {
            retrieval_hours: ::std::result::Result<
                ::std::option::Option<i32>,
                ::std::string::String,
            >,
            tier: ::std::result::Result<
                super::ColdArchivePolicyTier,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ColdArchivePolicy {
            fn default() -> Self {
                Self {
                    retrieval_hours: Ok(Default::default()),
                    tier: Err("no value supplied for tier".to_string()),
                }
            }
        }
        impl ColdArchivePolicy {
            pub fn retrieval_hours<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i32>>,
                T::Error: ::std::fmt::Display,
            {
                self.retrieval_hours = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for retrieval_hours: {e}"
                        )
                    });
                self
            }
            pub fn tier<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::ColdArchivePolicyTier>,
                T::Error: ::std::fmt::Display,
            {
                self.tier = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for tier: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ColdArchivePolicy> for super::ColdArchivePolicy {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ColdArchivePolicy,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    retrieval_hours: value.retrieval_hours?,
                    tier: value.tier?,
                })
            }
        }
        impl ::std::convert::From<super::ColdArchivePolicy> for ColdArchivePolicy {
            fn from(value: super::ColdArchivePolicy) -> Self {
                Self {
                    retrieval_hours: Ok(value.retrieval_hours),
                    tier: Ok(value.tier),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct Folder {
            archive: ::std::result::Result<
                ::std::option::Option<super::ArchivePolicy>,
                ::std::string::String,
            >,
            cleanup: ::std::result::Result<
                ::std::option::Option<super::CleanupPolicy>,
                ::std::string::String,
            >,
            history: ::std::result::Result<
                ::std::vec::Vec<super::CleanupPolicy>,
                ::std::string::String,
            >,
            name: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        impl ::std::default::Default for Folder {
            fn default() -> Self {
                Self {
                    archive: Ok(Default::default()),
                    cleanup: Ok(Default::default()),
                    history: Ok(Default::default()),
                    name: Err("no value supplied for name".to_string()),
                }
            }
        }
        impl Folder {
            pub fn archive<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::ArchivePolicy>>,
                T::Error: ::std::fmt::Display,
            {
                self.archive = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for archive: {e}")
                    });
                self
            }
            pub fn cleanup<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::CleanupPolicy>>,
                T::Error: ::std::fmt::Display,
            {
                self.cleanup = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for cleanup: {e}")
                    });
                self
            }
            pub fn history<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<super::CleanupPolicy>>,
                T::Error: ::std::fmt::Display,
            {
                self.history = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for history: {e}")
                    });
                self
            }
            pub fn name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for name: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<Folder> for super::Folder {
            type Error = super::error::ConversionError;
            fn try_from(
                value: Folder,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    archive: value.archive?,
                    cleanup: value.cleanup?,
                    history: value.history?,
                    name: value.name?,
                })
            }
        }
        impl ::std::convert::From<super::Folder> for Folder {
            fn from(value: super::Folder) -> Self {
                Self {
                    archive: Ok(value.archive),
                    cleanup: Ok(value.cleanup),
                    history: Ok(value.history),
                    name: Ok(value.name),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct NeverCleanupPolicy {
            kind: ::std::result::Result<
                super::NeverCleanupPolicyKind,
                ::std::string::String,
            >,
            label: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for NeverCleanupPolicy {
            fn default() -> Self {
                Self {
                    kind: Err("no value supplied for kind".to_string()),
                    label: Ok(Default::default()),
                }
            }
        }
        impl NeverCleanupPolicy {
            pub fn kind<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::NeverCleanupPolicyKind>,
                T::Error: ::std::fmt::Display,
            {
                self.kind = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for kind: {e}")
                    });
                self
            }
            pub fn label<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.label = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for label: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<NeverCleanupPolicy> for super::NeverCleanupPolicy {
            type Error = super::error::ConversionError;
            fn try_from(
                value: NeverCleanupPolicy,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    kind: value.kind?,
                    label: value.label?,
                })
            }
        }
        impl ::std::convert::From<super::NeverCleanupPolicy> for NeverCleanupPolicy {
            fn from(value: super::NeverCleanupPolicy) -> Self {
                Self {
                    kind: Ok(value.kind),
                    label: Ok(value.label),
                }
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
