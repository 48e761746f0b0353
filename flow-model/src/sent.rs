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
    /// Records the field at `index` (its place in the declaration) as sent.
    pub(crate) fn mark(&mut self, index: u32) {
        self.0 |= 1 << index;
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
/// The wire name of a field, computed at compile time: `schema_id` →
/// `schemaId` (serde's `rename_all = "camelCase"`).
pub(crate) struct WireName {
    bytes: [u8; WireName::MAX],
    len: usize,
}

impl WireName {
    /// The longest field name.
    const MAX: usize = 64;

    pub(crate) const fn camel_case(field: &str) -> WireName {
        let field = field.as_bytes();
        assert!(field.len() <= WireName::MAX, "field name too long");
        let mut bytes = [0u8; WireName::MAX];
        let (mut i, mut len, mut upper) = (0, 0, false);
        while i < field.len() {
            let c = field[i];
            if c == b'_' {
                upper = true;
            } else {
                bytes[len] = if upper { c.to_ascii_uppercase() } else { c };
                len += 1;
                upper = false;
            }
            i += 1;
        }
        WireName { bytes, len }
    }

    pub(crate) const fn as_str(&self) -> &str {
        match std::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(name) => name,
            Err(_) => panic!("field names are ASCII"),
        }
    }
}

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
            #[derive(serde::Serialize)]
            #[serde(rename_all = "camelCase")]
            struct WireRef<'a> {
                $(#[serde(skip_serializing_if = "Option::is_none")] $field: Option<&'a $ty>,)*
                #[serde(flatten)]
                extra: &'a $crate::common::Extra,
            }

            // Read by hand rather than derived with a flattened `extra`:
            // each member goes straight into its field (no intermediate
            // struct to move, no buffering of unknown members as serde's
            // `Content`), which is most of what a parse spends on objects.

            /// The wire name of each field.
            mod names {
                $(
                    #[allow(non_upper_case_globals)]
                    pub(crate) const $field: &str = {
                        const NAME: $crate::sent::WireName = $crate::sent::WireName::camel_case(stringify!($field));
                        NAME.as_str()
                    };
                )*
            }

            /// A member name: one of the fields, or unknown.
            #[allow(non_camel_case_types)]
            enum Field {
                $($field,)*
                Other(String),
            }

            impl Field {
                fn of(name: &str) -> Option<Field> {
                    match name {
                        $(names::$field => Some(Field::$field),)*
                        _ => None,
                    }
                }
            }

            struct FieldVisitor;

            impl<'de> serde::de::Visitor<'de> for FieldVisitor {
                type Value = Field;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("a member name")
                }

                fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Field, E> {
                    Ok(Field::of(name).unwrap_or_else(|| Field::Other(name.to_owned())))
                }

                fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Field, E> {
                    Ok(Field::of(&name).unwrap_or(Field::Other(name)))
                }
            }

            impl<'de> serde::Deserialize<'de> for Field {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
                    deserializer.deserialize_identifier(FieldVisitor)
                }
            }

            /// Each field's bit in [`Sent`]: its place in the declaration.
            #[allow(non_camel_case_types, dead_code)]
            #[repr(u32)]
            enum Bit {
                $($field,)*
            }

            struct WireVisitor;

            impl<'de> serde::de::Visitor<'de> for WireVisitor {
                type Value = $name;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(concat!("struct ", stringify!($name)))
                }

                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                    let mut out = $name::default();
                    // Members met so far (a `null` one included), to refuse a repeated one.
                    let mut seen = 0u64;
                    while let Some(key) = map.next_key::<Field>()? {
                        match key {
                            $(Field::$field => {
                                let bit = 1u64 << (Bit::$field as u32);
                                if seen & bit != 0 {
                                    return Err(serde::de::Error::duplicate_field(names::$field));
                                }
                                seen |= bit;
                                if let Some(value) = map.next_value::<Option<$ty>>()? {
                                    out.$field = value;
                                    out.sent.mark(Bit::$field as u32);
                                }
                            })*
                            Field::Other(name) => {
                                let value = map.next_value::<serde_json::Value>()?;
                                out.extra.insert(name, value);
                            }
                        }
                    }
                    Ok(out)
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserializer.deserialize_map(WireVisitor)
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
    fn a_repeated_member_is_refused_by_its_wire_name_and_unknown_ones_are_kept() {
        for doc in [r#"{"longName": "a", "longName": "b"}"#, r#"{"longName": null, "longName": "b"}"#] {
            let err = serde_json::from_str::<Probe>(doc).err().map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.starts_with("duplicate field `longName`")),
                "{doc}: {err:?}"
            );
        }
        let probe: Result<Probe, _> = serde_json::from_str(r#"{"other": 1, "other": [2], "text": null}"#);
        let probe = probe.map_err(|e| e.to_string());
        assert_eq!(probe.as_ref().map(|p| p.extra.get("other").cloned()), Ok(Some(json!([2]))));
        assert_eq!(probe.map(|p| serde_json::to_value(&p).ok()), Ok(Some(json!({"other": [2]}))));
        let err = serde_json::from_str::<Probe>(r#"{"items": "no"}"#).err().map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.starts_with("invalid type: string \"no\", expected a sequence")),
            "{err:?}"
        );
        let err = serde_json::from_str::<Probe>("[1]").err().map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.starts_with("invalid type: sequence, expected struct Probe")),
            "{err:?}"
        );
    }

    #[test]
    fn camel_case_is_the_wire_spelling() {
        for (field, wire) in
            [("schema_id", "schemaId"), ("text", "text"), ("refresh_step_on_change", "refreshStepOnChange")]
        {
            assert_eq!(super::WireName::camel_case(field).as_str(), wire);
        }
    }

    #[test]
    fn equality_ignores_what_was_sent() -> Result<(), serde_json::Error> {
        let parsed: Probe = serde_json::from_value(json!({"text": ""}))?;
        assert_eq!(parsed, Probe::default());
        Ok(())
    }
}
