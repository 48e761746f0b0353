//! Which members of an object were sent, so that serializing a parsed
//! object gives back what the server sent: a member that was absent stays
//! absent, even when its Rust field has a default (`""`, `[]`, `false`).
//!
//! [`wire_struct!`] defines a struct whose fields are plain Rust types
//! (`String`, `Vec<_>`, `Option<_>`) and records, while parsing, which of
//! them were on the wire. Serializing writes a member when it was sent or
//! when it no longer holds its default (it was set in code), so a struct
//! built in code writes what was set and a parsed one writes what came.

use std::fmt;

/// One bit per field of a [`wire_struct!`] struct, in declaration order:
/// set when the member was on the wire.
///
/// Two values always compare equal: what was sent is a detail of the
/// encoding, not of the content, so a parsed object equals the same object
/// built in code.
#[derive(Clone, Copy, Default)]
pub(crate) struct Sent(u64);

impl Sent {
    /// Moves a parsed member into its field: records it as sent when it was
    /// on the wire, else gives the field's default. `index` counts the fields.
    pub(crate) fn take<T: Default>(&mut self, index: &mut u32, member: Option<T>) -> T {
        let bit = *index;
        *index += 1;
        match member {
            Some(value) => {
                self.0 |= 1 << bit;
                value
            }
            None => T::default(),
        }
    }

    /// Whether to write a field: it was sent, or holds more than its default.
    pub(crate) fn keep<'a, T: Default + PartialEq>(&self, index: &mut u32, field: &'a T) -> Option<&'a T> {
        let bit = *index;
        *index += 1;
        (self.0 & (1 << bit) != 0 || *field != T::default()).then_some(field)
    }
}

impl PartialEq for Sent {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Sent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sent({:#b})", self.0)
    }
}

/// Defines a struct with serde support that keeps absent members absent
/// (see the module docs). Every field is read with a default; an unknown
/// member goes to `extra`. Field attributes are doc comments only; wire
/// names are the camelCase of the field names.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Unknown members.
            pub extra: $crate::common::Extra,
            /// Which members were on the wire.
            pub(crate) sent: $crate::sent::Sent,
        }

        const _: () = {
            #[derive(serde::Deserialize)]
            #[serde(rename_all = "camelCase")]
            struct Wire {
                $(#[serde(default)] $field: Option<$ty>,)*
                #[serde(flatten)]
                extra: $crate::common::Extra,
            }

            #[derive(serde::Serialize)]
            #[serde(rename_all = "camelCase")]
            struct WireRef<'a> {
                $(#[serde(skip_serializing_if = "Option::is_none")] $field: Option<&'a $ty>,)*
                #[serde(flatten)]
                extra: &'a $crate::common::Extra,
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let wire = Wire::deserialize(deserializer)?;
                    let mut sent = $crate::sent::Sent::default();
                    let mut index = 0u32;
                    $(let $field = sent.take(&mut index, wire.$field);)*
                    let _ = index;
                    Ok($name { $($field,)* extra: wire.extra, sent })
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut index = 0u32;
                    let wire = WireRef {
                        $($field: self.sent.keep(&mut index, &self.$field),)*
                        extra: &self.extra,
                    };
                    let _ = index;
                    wire.serialize(serializer)
                }
            }
        };
    };
}

pub(crate) use wire_struct;

#[cfg(test)]
#[allow(unreachable_pub)] // the macro makes its struct `pub`
mod tests {
    use serde_json::json;

    wire_struct! {
        /// A test struct.
        Probe {
            /// A text.
            text: String,
            /// A list.
            items: Vec<u32>,
            /// A flag.
            flag: Option<bool>,
            /// A long name.
            long_name: String,
        }
    }

    #[test]
    fn absent_members_stay_absent_and_sent_ones_stay() -> Result<(), serde_json::Error> {
        for doc in [
            json!({}),
            json!({"text": ""}),
            json!({"items": [], "flag": false}),
            json!({"longName": "x", "other": {"a": 1}}),
            json!({"text": "t", "items": [1, 2], "flag": true, "longName": ""}),
        ] {
            let probe: Probe = serde_json::from_value(doc.clone())?;
            assert_eq!(serde_json::to_value(&probe)?, doc);
        }
        Ok(())
    }

    #[test]
    fn a_field_set_in_code_is_written() -> Result<(), serde_json::Error> {
        let mut probe: Probe = serde_json::from_value(json!({"flag": true}))?;
        probe.text = "set".into();
        assert_eq!(serde_json::to_value(&probe)?, json!({"text": "set", "flag": true}));
        assert_eq!(serde_json::to_value(Probe::default())?, json!({}));
        Ok(())
    }

    #[test]
    fn equality_ignores_what_was_sent() -> Result<(), serde_json::Error> {
        let parsed: Probe = serde_json::from_value(json!({"text": ""}))?;
        assert_eq!(parsed, Probe::default());
        Ok(())
    }
}
