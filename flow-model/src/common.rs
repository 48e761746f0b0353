//! Small value types shared by many objects: [`Size`], [`Context`],
//! [`Align`] and the unknown-member map [`Extra`].

/// Members a server sent that this crate has no field for.
///
/// Every object type flattens one of these, so unknown members survive a
/// parse → serialize round trip unchanged.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Defines a string enum whose unknown values are kept verbatim.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The wire spelling of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // A visitor rather than `String`: known values need no allocation.
                struct StrVisitor;
                impl<'de> ::serde::de::Visitor<'de> for StrVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok(match $name::from(value.as_str()) {
                            $name::Unknown(_) => $name::Unknown(value),
                            known => known,
                        })
                    }
                }
                deserializer.deserialize_str(StrVisitor)
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// Wire `Size`: spacing and size hints (`xs` … `xl`).
    Size {
        /// `"xs"`
        Xs = "xs",
        /// `"sm"`
        Sm = "sm",
        /// `"md"`
        Md = "md",
        /// `"lg"`
        Lg = "lg",
        /// `"xl"`
        Xl = "xl",
    }
}

string_enum! {
    /// Wire `Context`: the tone of an alert, button or item.
    ///
    /// 1.x servers also send `success`, `failure`, `info`, `primary`…; those are
    /// kept as [`Context::Unknown`] and hosts may map them as they see fit.
    Context {
        /// `"positive"`
        Positive = "positive",
        /// `"negative"`
        Negative = "negative",
        /// `"neutral"`
        Neutral = "neutral",
        /// `"warning"`
        Warning = "warning",
    }
}

string_enum! {
    /// Wire `align`: horizontal alignment of text and images.
    Align {
        /// `"left"`
        Left = "left",
        /// `"center"`
        Center = "center",
        /// `"right"`
        Right = "right",
    }
}
