//! Streaming dispatch for JSON objects whose variant is named by a member
//! (`"type": "paragraph"`), without buffering the whole object first.
//!
//! serde's own internally tagged enums buffer every member before choosing a
//! variant, and they cannot keep an unknown variant as raw JSON. Here members
//! are read until the tag is found (servers usually send it first), only the
//! members before it are buffered, and the variant's deserializer then reads
//! the buffered members followed by the live rest of the object.
//!
//! How members before the tag are buffered depends on the input. Read by
//! [`parse_slice`](crate::parse_slice) (whose input outlives the parse, see
//! [`LendMembers`]) each is kept as the raw JSON text it was sent as (a
//! borrowed [`RawValue`]: scanned, not built) and read once into its typed
//! field when the tag is known; any other deserializer buffers them as
//! [`Value`]s. Objects with the tag first buffer nothing either way.
//!
//! When a document read by `parse_slice` sends its tags late early on, the
//! read stops and is done again once [`LateTags`] has scanned the text for
//! where each late tag is: an object found there is then read as its variant
//! from its first member on, nothing buffered, and its tag is checked when
//! met (a read told wrong fails, and `parse_slice` reads without lending).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde::de::value::{
    BorrowedStrDeserializer, MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer,
};
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::late_tags::{KnownTag, LateTags};

/// What this thread's reads may do with the members before a tag.
#[derive(Default)]
struct Lending {
    /// Members may be buffered as borrowed raw JSON (see [`LendMembers`]).
    on: bool,
    /// Where the input sits in memory, to place a borrowed member name in it.
    start: usize,
    len: usize,
    /// Where the input's late tags are, once scanned.
    late: Option<Rc<LateTags>>,
    /// A read stopped at a late tag early in the input, to have it scanned.
    wants_scan: bool,
}

thread_local! {
    static LENDING: RefCell<Lending> = const {
        RefCell::new(Lending { on: false, start: 0, len: 0, late: None, wants_scan: false })
    };
}

#[cfg(test)]
thread_local! {
    /// How many times this thread scanned an input, for tests.
    pub(crate) static SCANS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Held while this thread deserializes `text` with `serde_json::from_str`:
/// members before a tag are then buffered as borrowed [`RawValue`]s
/// instead of [`Value`] trees, or not at all once [`LendMembers::scan`] has
/// found where the late tags are.
///
/// Should such a parse meet a deserializer that cannot lend (a `Deserialize`
/// impl that reads a tagged type from a `Value` of its own), that read fails;
/// the caller then parses again without the guard (as
/// [`parse_slice`](crate::parse_slice) does on any failure), so the outcome
/// never depends on it.
pub(crate) struct LendMembers {
    before: Lending,
}

impl LendMembers {
    pub(crate) fn enter(text: &str) -> Self {
        let lending = Lending {
            on: true,
            start: text.as_ptr() as usize,
            len: text.len(),
            late: None,
            wants_scan: false,
        };
        LendMembers { before: LENDING.with_borrow_mut(|now| std::mem::replace(now, lending)) }
    }

    /// Whether a read stopped to have the text scanned for late tags: the
    /// caller then calls [`LendMembers::scan`] and reads again, whatever
    /// that read returned.
    pub(crate) fn wants_scan(&self) -> bool {
        LENDING.with_borrow(|now| now.wants_scan)
    }

    /// Scans `text` (the one given to [`LendMembers::enter`]) for its late tags.
    pub(crate) fn scan(&mut self, text: &str) {
        #[cfg(test)]
        SCANS.with(|scans| scans.set(scans.get() + 1));
        let late = Rc::new(LateTags::scan(text, "type"));
        LENDING.with_borrow_mut(|now| {
            now.late = Some(late);
            now.wants_scan = false;
        });
    }
}

impl Drop for LendMembers {
    fn drop(&mut self) {
        let before = std::mem::take(&mut self.before);
        LENDING.with_borrow_mut(|now| *now = before);
    }
}

/// How to read an object whose first member is not its tag.
enum Plan {
    /// Buffer the members before the tag as `Value`s.
    Values,
    /// Buffer them as borrowed raw JSON.
    Raw,
    /// The scan found the tag: read the variant from the first member on.
    Known(KnownTag),
    /// Stop the read and have the input scanned first.
    Scan,
}

/// Chooses the [`Plan`] for an object whose first member name is `name`
/// (`None` when it is not borrowed from the input).
fn plan(name: Option<&str>, tag_name: &str) -> Plan {
    LENDING.with_borrow_mut(|now| {
        if !now.on {
            return Plan::Values;
        }
        let Some(name) = name else { return Plan::Raw };
        let offset = (name.as_ptr() as usize).checked_sub(now.start).filter(|&offset| offset < now.len);
        let Some(offset) = offset else { return Plan::Raw };
        match &now.late {
            Some(late) => late.at(tag_name, offset).map_or(Plan::Raw, Plan::Known),
            // Early in the text, a scan pays for itself; later, the
            // stopped read would cost more than it could save.
            None if offset < now.len / 4 => {
                now.wants_scan = true;
                Plan::Scan
            }
            None => Plan::Raw,
        }
    })
}

/// A member buffered before the tag.
enum Member<'de> {
    /// Its JSON text, borrowed from the input.
    Raw(&'de RawValue),
    /// Its value, read as JSON.
    Value(Value),
}

/// A map that replays buffered members, then continues with the live ones.
pub(crate) struct Chained<'de, A> {
    /// The first member's name, already read, when its value is still live
    /// (an object whose tag the scan found): handed out first.
    live_first: Option<Cow<'de, str>>,
    buffered: std::vec::IntoIter<(Cow<'de, str>, Member<'de>)>,
    /// The value of the buffered member whose key was just handed out, with that key.
    pending: Option<(Cow<'de, str>, Member<'de>)>,
    rest: Option<A>,
    /// A tag known before it was read (from the scan), with the tag's name:
    /// the live members skip it, once, checking it is that value.
    unread_tag: Option<(&'static str, KnownTag)>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Chained<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some(key) = self.live_first.take() {
            // Its value is the live map's next one.
            return name_seed(seed, &key).map(Some);
        }
        if let Some((key, value)) = self.buffered.next() {
            let name = name_seed(seed, &key);
            self.pending = Some((key, value));
            return name.map(Some);
        }
        let Some(rest) = self.rest.as_mut() else { return Ok(None) };
        let Some((tag_name, expected)) = &self.unread_tag else { return rest.next_key_seed(seed) };
        match rest.next_key_seed(KeySeed { tag_name })? {
            Some(Key::Tag) => {
                let tag = rest.next_value_seed(TagSeed)?;
                if tag.as_str() != Some(expected.as_str()) {
                    return Err(A::Error::custom(format_args!(
                        "the scan found \"{tag_name}\": \"{}\" here, the read another value",
                        expected.as_str()
                    )));
                }
                self.unread_tag = None;
                rest.next_key_seed(seed)
            }
            Some(Key::Other(name)) => name_seed(seed, &name).map(Some),
            None => Err(A::Error::custom(format_args!(
                "the scan found a \"{tag_name}\" member here, the read none"
            ))),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some((key, value)) = self.pending.take() {
            // Replayed members are not seen by path tracking: name them in the message.
            let named = |e: serde_json::Error| A::Error::custom(format_args!("{key}: {e}"));
            return match value {
                Member::Raw(raw) => seed.deserialize(raw).map_err(named),
                Member::Value(value) => seed.deserialize(value).map_err(named),
            };
        }
        match self.rest.as_mut() {
            Some(rest) => rest.next_value_seed(seed),
            None => Err(A::Error::custom("value requested before key")),
        }
    }
}

/// Hands a member name already read to `seed`, still borrowed from the
/// input when it was.
fn name_seed<'de, K: DeserializeSeed<'de>, E: de::Error>(
    seed: K,
    name: &Cow<'de, str>,
) -> Result<K::Value, E> {
    match name {
        Cow::Borrowed(name) => seed.deserialize(BorrowedStrDeserializer::<E>::new(name)),
        Cow::Owned(name) => seed.deserialize(StrDeserializer::<E>::new(name)),
    }
}

impl<'de, A: MapAccess<'de>> Chained<'de, A> {
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
/// [`Chained`] map holding every other member. Neither keys nor a string
/// tag are allocated when the input can lend them.
pub(crate) fn read_tag<'de, A: MapAccess<'de>>(
    mut map: A,
    tag_name: &'static str,
) -> Result<(Option<Tag<'de>>, Chained<'de, A>), A::Error> {
    let chained = |buffered: Vec<_>, rest, unread_tag| Chained {
        live_first: None,
        buffered: buffered.into_iter(),
        pending: None,
        rest,
        unread_tag,
    };
    let first = match map.next_key_seed(KeySeed { tag_name })? {
        None => return Ok((None, chained(Vec::new(), None, None))),
        Some(Key::Tag) => {
            let tag = map.next_value_seed(TagSeed)?;
            return Ok((Some(tag), chained(Vec::new(), Some(map), None)));
        }
        Some(Key::Other(name)) => name,
    };
    let borrowed = match &first {
        Cow::Borrowed(name) => Some(*name),
        Cow::Owned(_) => None,
    };
    let lend = match plan(borrowed, tag_name) {
        Plan::Values => false,
        Plan::Raw => true,
        Plan::Known(tag) => {
            let unread = Some((tag_name, tag.clone()));
            let chained = Chained { live_first: Some(first), ..chained(Vec::new(), Some(map), unread) };
            return Ok((Some(Tag::Known(tag)), chained));
        }
        Plan::Scan => return Err(A::Error::custom("stopped to scan the input for late tags")),
    };
    let mut buffered = Vec::new();
    let mut key = Some(Key::Other(first));
    while let Some(next) = key {
        match next {
            Key::Tag => {
                let tag = map.next_value_seed(TagSeed)?;
                return Ok((Some(tag), chained(buffered, Some(map), None)));
            }
            Key::Other(name) => {
                let value = if lend {
                    Member::Raw(map.next_value::<&'de RawValue>()?)
                } else {
                    Member::Value(map.next_value::<Value>()?)
                };
                buffered.push((name, value));
            }
        }
        key = map.next_key_seed(KeySeed { tag_name })?;
    }
    Ok((None, chained(buffered, None, None)))
}

/// A member name: the tag, or any other (kept for buffering).
enum Key<'de> {
    Tag,
    Other(Cow<'de, str>),
}

/// Reads a member name, allocating only when it is not the tag.
struct KeySeed {
    tag_name: &'static str,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(if key == self.tag_name { Key::Tag } else { Key::Other(Cow::Borrowed(key)) })
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(if key == self.tag_name { Key::Tag } else { Key::Other(Cow::Owned(key.to_owned())) })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(if key == self.tag_name { Key::Tag } else { Key::Other(Cow::Owned(key)) })
    }
}

/// The value of a tag member: usually a string (borrowed from the input when
/// possible), else any JSON value (which names no known variant).
pub(crate) enum Tag<'de> {
    /// A string tag.
    Str(Cow<'de, str>),
    /// A string tag found by the scan, before it was read.
    Known(KnownTag),
    /// A tag that is not a string, kept for the raw object.
    Other(Value),
}

impl Tag<'_> {
    /// The tag as a string, if it is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Tag::Str(s) => Some(s),
            Tag::Known(s) => Some(s.as_str()),
            Tag::Other(_) => None,
        }
    }

    /// The tag as JSON.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Tag::Str(s) => Value::String(s.into_owned()),
            Tag::Known(s) => Value::String(s.as_str().to_owned()),
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
