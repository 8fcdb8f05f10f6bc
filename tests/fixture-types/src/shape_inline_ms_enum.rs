// @generated from `codegen/tests/fixtures/specs/shape-inline-ms-enum.yaml` (the `types` module of its generated code).
// Do not edit: `UPDATE_FIXTURE_TYPES=1 cargo test -p acs-chat-fixture-types`.

/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///`CarrierKind`
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
    pub enum CarrierKind {
        #[serde(rename = "post")]
        Post,
        #[serde(rename = "courier")]
        Courier,
    }
    impl ::std::fmt::Display for CarrierKind {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Post => f.write_str("post"),
                Self::Courier => f.write_str("courier"),
            }
        }
    }
    impl ::std::str::FromStr for CarrierKind {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "post" => Ok(Self::Post),
                "courier" => Ok(Self::Courier),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for CarrierKind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for CarrierKind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    ///`Shipment`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    pub struct Shipment {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub carrier: ::std::option::Option<CarrierKind>,
        pub id: ::std::string::String,
        #[serde(
            rename = "returnCarrier",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub return_carrier: ::std::option::Option<CarrierKind>,
        pub state: ShipmentState,
    }
    impl Shipment {
        pub fn builder() -> builder::Shipment {
            Default::default()
        }
    }
    ///`ShipmentPriority`
    ///
    /// The list is open: a value the service sends that this version of
    /// the crate does not know is kept in the last variant rather than
    /// failing to decode. New known values become new variants in later
    /// versions, so matches need a `_` arm (`#[non_exhaustive]`).
    #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    #[non_exhaustive]
    pub enum ShipmentPriority {
        Low,
        Normal,
        High,
        /// A value not known to this version of the crate, as sent.
        UnknownValue(::std::string::String),
    }
    impl ShipmentPriority {
        /// The value as it is on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::Low => "low",
                Self::Normal => "normal",
                Self::High => "high",
                Self::UnknownValue(value) => value.as_str(),
            }
        }
    }
    impl ::std::fmt::Display for ShipmentPriority {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for ShipmentPriority {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::convert::From<&str> for ShipmentPriority {
        fn from(value: &str) -> Self {
            match value {
                "low" => Self::Low,
                "normal" => Self::Normal,
                "high" => Self::High,
                other => Self::UnknownValue(other.to_string()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for ShipmentPriority {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "low" => Self::Low,
                "normal" => Self::Normal,
                "high" => Self::High,
                _ => Self::UnknownValue(value),
            }
        }
    }
    impl ::serde::Serialize for ShipmentPriority {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for ShipmentPriority {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            ::std::string::String::deserialize(deserializer).map(Self::from)
        }
    }
    ///`ShipmentState`
    ///
    /// The list is open: a value the service sends that this version of
    /// the crate does not know is kept in the last variant rather than
    /// failing to decode. New known values become new variants in later
    /// versions, so matches need a `_` arm (`#[non_exhaustive]`).
    #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    #[non_exhaustive]
    pub enum ShipmentState {
        Pending,
        InTransit,
        Delivered,
        /// A value not known to this version of the crate, as sent.
        UnknownValue(::std::string::String),
    }
    impl ShipmentState {
        /// The value as it is on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::Pending => "pending",
                Self::InTransit => "inTransit",
                Self::Delivered => "delivered",
                Self::UnknownValue(value) => value.as_str(),
            }
        }
    }
    impl ::std::fmt::Display for ShipmentState {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for ShipmentState {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::convert::From<&str> for ShipmentState {
        fn from(value: &str) -> Self {
            match value {
                "pending" => Self::Pending,
                "inTransit" => Self::InTransit,
                "delivered" => Self::Delivered,
                other => Self::UnknownValue(other.to_string()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for ShipmentState {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "pending" => Self::Pending,
                "inTransit" => Self::InTransit,
                "delivered" => Self::Delivered,
                _ => Self::UnknownValue(value),
            }
        }
    }
    impl ::serde::Serialize for ShipmentState {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for ShipmentState {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            ::std::string::String::deserialize(deserializer).map(Self::from)
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct Shipment {
            carrier: ::std::result::Result<
                ::std::option::Option<super::CarrierKind>,
                ::std::string::String,
            >,
            id: ::std::result::Result<::std::string::String, ::std::string::String>,
            return_carrier: ::std::result::Result<
                ::std::option::Option<super::CarrierKind>,
                ::std::string::String,
            >,
            state: ::std::result::Result<super::ShipmentState, ::std::string::String>,
        }
        impl ::std::default::Default for Shipment {
            fn default() -> Self {
                Self {
                    carrier: Ok(Default::default()),
                    id: Err("no value supplied for id".to_string()),
                    return_carrier: Ok(Default::default()),
                    state: Err("no value supplied for state".to_string()),
                }
            }
        }
        impl Shipment {
            pub fn carrier<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::CarrierKind>>,
                T::Error: ::std::fmt::Display,
            {
                self.carrier = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for carrier: {e}")
                    });
                self
            }
            pub fn id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.id = value
                    .try_into()
                    .map_err(|e| format!("error converting supplied value for id: {e}"));
                self
            }
            pub fn return_carrier<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::CarrierKind>>,
                T::Error: ::std::fmt::Display,
            {
                self.return_carrier = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for return_carrier: {e}"
                        )
                    });
                self
            }
            pub fn state<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::ShipmentState>,
                T::Error: ::std::fmt::Display,
            {
                self.state = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for state: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<Shipment> for super::Shipment {
            type Error = super::error::ConversionError;
            fn try_from(
                value: Shipment,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    carrier: value.carrier?,
                    id: value.id?,
                    return_carrier: value.return_carrier?,
                    state: value.state?,
                })
            }
        }
        impl ::std::convert::From<super::Shipment> for Shipment {
            fn from(value: super::Shipment) -> Self {
                Self {
                    carrier: Ok(value.carrier),
                    id: Ok(value.id),
                    return_carrier: Ok(value.return_carrier),
                    state: Ok(value.state),
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
