//! [`Shape`]: what a poll answer without `X-DF-Response-Type` looks like at
//! its top level — is it an object, is its `action` an object, is its
//! `layout` an array — read in one pass that builds nothing.
//!
//! A body is accepted exactly when `serde_json::from_slice::<Value>` would
//! accept it (the same parser runs over it, with the same nesting limit);
//! only the values are not kept. As in a `Value` object, a member sent twice
//! counts with its last value.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The top level of a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An object.
    Object {
        /// Its `action` member is an object.
        action_object: bool,
        /// Its `layout` member is an array.
        layout_array: bool,
    },
    /// Anything else.
    Other,
}

/// The JSON kind of a value (read and dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Other,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let (mut action_object, mut layout_array) = (false, false);
        while let Some(member) = map.next_key_seed(MemberSeed)? {
            let kind = map.next_value_seed(KindSeed)?;
            match member {
                Member::Action => action_object = kind == Kind::Object,
                Member::Layout => layout_array = kind == Kind::Array,
                Member::Other => {}
            }
        }
        Ok(Shape::Object { action_object, layout_array })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape, A::Error> {
        KindVisitor.visit_seq(seq).map(|_| Shape::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Other)
    }
}

/// A member name that matters here, or any other.
enum Member {
    Action,
    Layout,
    Other,
}

struct MemberSeed;

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Member;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Member, E> {
        Ok(match name {
            "action" => Member::Action,
            "layout" => Member::Layout,
            _ => Member::Other,
        })
    }
}

/// Reads any value through the parser's own `deserialize_any` (so its
/// nesting limit applies, as for a `Value`) and keeps only its kind.
struct KindSeed;

impl<'de> DeserializeSeed<'de> for KindSeed {
    type Value = Kind;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kind, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while map.next_key_seed(MemberSeed)?.is_some() {
            map.next_value_seed(KindSeed)?;
        }
        Ok(Kind::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        while seq.next_element_seed(KindSeed)?.is_some() {}
        Ok(Kind::Array)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Kind, E> {
        Ok(Kind::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// The shape as read from a `Value`, the way it was read before.
    fn via_value(body: &[u8]) -> Option<Shape> {
        match serde_json::from_slice::<Value>(body).ok()? {
            Value::Object(object) => Some(Shape::Object {
                action_object: object.get("action").is_some_and(Value::is_object),
                layout_array: object.get("layout").is_some_and(Value::is_array),
            }),
            _ => Some(Shape::Other),
        }
    }

    #[test]
    fn reads_what_a_value_reads_and_refuses_what_it_refuses() {
        let deep = format!("{{\"x\": {}{}}}", "[".repeat(200), "]".repeat(200));
        let bodies: Vec<&[u8]> = vec![
            br#"{"status": "PENDING"}"#,
            br#"{"action": {"url": "/x"}, "layout": []}"#,
            br#"{"action": "x", "layout": {}}"#,
            br#"{"layout": [1], "layout": "again"}"#,
            br#"{"action": 1, "action": {"url": "/last"}}"#,
            br#"{"a\u0063tion": {}, "nested": {"action": {}, "layout": [[{"x": null}]]}}"#,
            br#"[{"action": {}}]"#,
            b"\"text\"",
            b"12.5e3",
            b"null",
            b"{\"a\": 1} trailing",
            b"{\"a\": 1e999}",
            b"{\"a\": \"\\ud800\"}",
            b"{\"a\": ",
            b"not json",
            deep.as_bytes(),
        ];
        for body in bodies {
            let scanned = serde_json::from_slice::<Shape>(body).ok();
            assert_eq!(scanned, via_value(body), "{}", String::from_utf8_lossy(body));
        }
        assert_eq!(
            serde_json::from_slice::<Shape>(br#"{"action": 1, "action": {"url": "/last"}}"#).ok(),
            Some(Shape::Object { action_object: true, layout_array: false })
        );
    }
}
