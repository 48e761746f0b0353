//! Streaming dispatch for JSON objects whose variant is named by a member
//! (`"type": "paragraph"`), without buffering the whole object first.
//!
//! serde's own internally tagged enums buffer every member before choosing a
//! variant, and they cannot keep an unknown variant as raw JSON. Here members
//! are read until the tag is found (servers usually send it first), only the
//! members before it are buffered, and the variant's deserializer then reads
//! the buffered members followed by the live rest of the object.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A map that replays buffered members, then continues with the live ones.
pub(crate) struct Chained<A> {
    buffered: std::vec::IntoIter<(String, Value)>,
    /// The value of the buffered member whose key was just handed out, with that key.
    pending: Option<(String, Value)>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Chained<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.buffered.next() {
            let name: StringDeserializer<A::Error> = key.clone().into_deserializer();
            self.pending = Some((key, value));
            return seed.deserialize(name).map(Some);
        }
        match self.rest.as_mut() {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some((key, value)) = self.pending.take() {
            // Replayed members are not seen by path tracking: name them in the message.
            return seed.deserialize(value).map_err(|e| A::Error::custom(format_args!("{key}: {e}")));
        }
        match self.rest.as_mut() {
            Some(rest) => rest.next_value_seed(seed),
            None => Err(A::Error::custom("value requested before key")),
        }
    }
}

impl<'de, A: MapAccess<'de>> Chained<A> {
    /// Deserializes the whole object (tag excluded) as `T`.
    pub(crate) fn into_variant<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(self))
    }

    /// Collects the whole object, tag included, as raw JSON.
    pub(crate) fn into_raw(mut self, tag_name: &str, tag: Option<Tag<'_>>) -> Result<Value, A::Error> {
        let mut object = Map::new();
        if let Some(tag) = tag {
            object.insert(tag_name.to_owned(), tag.into_value());
        }
        while let Some((key, value)) = self.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Reads members of `map` until `tag_name` is found.
///
/// Returns the tag (absent when the object has no such member) and a
/// [`Chained`] map holding every other member. Neither the tag's key nor a
/// string tag is allocated when the input can lend them.
pub(crate) fn read_tag<'de, A: MapAccess<'de>>(
    mut map: A,
    tag_name: &'static str,
) -> Result<(Option<Tag<'de>>, Chained<A>), A::Error> {
    let mut buffered = Vec::new();
    while let Some(key) = map.next_key_seed(KeySeed { tag_name })? {
        match key {
            Key::Tag => {
                let tag = map.next_value_seed(TagSeed)?;
                return Ok((
                    Some(tag),
                    Chained { buffered: buffered.into_iter(), pending: None, rest: Some(map) },
                ));
            }
            Key::Other(key) => {
                let value = map.next_value::<Value>()?;
                buffered.push((key, value));
            }
        }
    }
    Ok((None, Chained { buffered: buffered.into_iter(), pending: None, rest: None }))
}

/// A member name: the tag, or any other (kept for buffering).
enum Key {
    Tag,
    Other(String),
}

/// Reads a member name, allocating only when it is not the tag.
struct KeySeed {
    tag_name: &'static str,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.tag_name { Key::Tag } else { Key::Other(key.to_owned()) })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Ok(if key == self.tag_name { Key::Tag } else { Key::Other(key) })
    }
}

/// The value of a tag member: usually a string (borrowed from the input when
/// possible), else any JSON value (which names no known variant).
pub(crate) enum Tag<'de> {
    /// A string tag.
    Str(Cow<'de, str>),
    /// A tag that is not a string, kept for the raw object.
    Other(Value),
}

impl Tag<'_> {
    /// The tag as a string, if it is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Tag::Str(s) => Some(s),
            Tag::Other(_) => None,
        }
    }

    /// The tag as JSON.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Tag::Str(s) => Value::String(s.into_owned()),
            Tag::Other(v) => v,
        }
    }
}

/// Reads a tag value.
struct TagSeed;

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = Tag<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tag<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagSeed {
    type Value = Tag<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tag value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Tag<'de>, E> {
        Ok(Tag::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag<'de>, E> {
        Ok(Tag::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tag<'de>, E> {
        Ok(Tag::Str(Cow::Owned(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tag<'de>, D::Error> {
        Value::deserialize(deserializer).map(Tag::Other)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Tag<'de>, S::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Tag::Other)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Tag<'de>, M::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Tag::Other)
    }
}

/// Implements `Deserialize` for an enum tagged by a string member, with an
/// `Unknown(serde_json::Value)` variant that keeps unknown kinds verbatim.
macro_rules! tagged_deserialize {
    ($enum:ident, $tag:literal, $what:literal, { $($wire:literal => $variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $enum {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let _depth = $crate::depth::DepthGuard::enter()?;
                struct TagVisitor;
                impl<'de> ::serde::de::Visitor<'de> for TagVisitor {
                    type Value = $enum;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", $what, " object with a \"", $tag, "\" member"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<$enum, A::Error> {
                        let (tag, rest) = $crate::tagged::read_tag(map, $tag)?;
                        match tag.as_ref().and_then($crate::tagged::Tag::as_str) {
                            $(Some($wire) => rest.into_variant().map($enum::$variant),)*
                            _ => rest.into_raw($tag, tag).map($enum::Unknown),
                        }
                    }
                }
                deserializer.deserialize_map(TagVisitor)
            }
        }
    };
}
pub(crate) use tagged_deserialize;
