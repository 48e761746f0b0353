//! Streaming dispatch for JSON objects whose variant is named by a member
//! (`"type": "paragraph"`), without buffering the whole object first.
//!
//! serde's own internally tagged enums buffer every member before choosing a
//! variant, and they cannot keep an unknown variant as raw JSON. Here members
//! are read until the tag is found (servers usually send it first), only the
//! members before it are buffered, and the variant's deserializer then reads
//! the buffered members followed by the live rest of the object.

use serde::de::value::{MapAccessDeserializer, StringDeserializer};
use serde::de::{DeserializeSeed, Error as _, IntoDeserializer, MapAccess};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A map that replays buffered members, then continues with the live ones.
pub(crate) struct Chained<A> {
    buffered: std::vec::IntoIter<(String, Value)>,
    pending: Option<Value>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Chained<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.buffered.next() {
            self.pending = Some(value);
            let key: StringDeserializer<A::Error> = key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        match self.rest.as_mut() {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some(value) = self.pending.take() {
            return seed.deserialize(value).map_err(A::Error::custom);
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
    pub(crate) fn into_raw(mut self, tag_name: &str, tag: Option<Value>) -> Result<Value, A::Error> {
        let mut object = Map::new();
        if let Some(tag) = tag {
            object.insert(tag_name.to_owned(), tag);
        }
        while let Some((key, value)) = self.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Reads members of `map` until `tag_name` is found.
///
/// Returns the tag's raw value (absent when the object has no such member)
/// and a [`Chained`] map holding every other member.
pub(crate) fn read_tag<'de, A: MapAccess<'de>>(
    mut map: A,
    tag_name: &str,
) -> Result<(Option<Value>, Chained<A>), A::Error> {
    let mut buffered = Vec::new();
    while let Some(key) = map.next_key::<String>()? {
        if key == tag_name {
            let tag = map.next_value::<Value>()?;
            return Ok((
                Some(tag),
                Chained { buffered: buffered.into_iter(), pending: None, rest: Some(map) },
            ));
        }
        let value = map.next_value::<Value>()?;
        buffered.push((key, value));
    }
    Ok((None, Chained { buffered: buffered.into_iter(), pending: None, rest: None }))
}

/// Implements `Deserialize` for an enum tagged by a string member, with an
/// `Unknown(serde_json::Value)` variant that keeps unknown kinds verbatim.
macro_rules! tagged_deserialize {
    ($enum:ident, $tag:literal, $what:literal, { $($wire:literal => $variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $enum {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TagVisitor;
                impl<'de> ::serde::de::Visitor<'de> for TagVisitor {
                    type Value = $enum;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", $what, " object with a \"", $tag, "\" member"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<$enum, A::Error> {
                        let (tag, rest) = $crate::tagged::read_tag(map, $tag)?;
                        match tag.as_ref().and_then(|t| t.as_str()) {
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

/// Reads every member of `map` into a [`Chained`] map that replays them, for
/// objects whose variant depends on which members are present.
pub(crate) fn read_all<'de, A: MapAccess<'de>>(mut map: A) -> Result<(Vec<String>, Chained<A>), A::Error> {
    let mut buffered = Vec::new();
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value::<Value>()?;
        buffered.push((key, value));
    }
    let keys = buffered.iter().map(|(k, _)| k.clone()).collect();
    Ok((keys, Chained { buffered: buffered.into_iter(), pending: None, rest: None }))
}

impl<A> Chained<A> {
    /// The buffered value of `key`, if it was read.
    pub(crate) fn buffered_value(&self, key: &str) -> Option<&Value> {
        self.buffered.as_slice().iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<A> Chained<A> {
    /// A copy of the buffered members without `key` (only for fully buffered maps).
    pub(crate) fn without(self, key: &str) -> Chained<A> {
        let buffered: Vec<(String, Value)> = self.buffered.filter(|(k, _)| k != key).collect();
        Chained { buffered: buffered.into_iter(), pending: None, rest: self.rest }
    }
}
