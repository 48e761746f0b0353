//! Streaming deserialization of [`Schema`].
//!
//! A schema's kind depends on which members it has (`oneOf`, `allOf` and
//! `const` win over `type`), and those can come in any order, so the kind is
//! only known at the end of the object. Instead of buffering the object as
//! JSON and reading it twice, every member is read once into [`Fields`]: the
//! members all kinds share and the nested schema containers are typed while
//! streaming, the few kind-specific scalars are kept as JSON. At the end the
//! fields are moved into the struct of the chosen kind; members that kind has
//! no field for go to its `extra` map, so nothing is lost.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::*;
use crate::common::Extra;
use crate::depth::DepthGuard;
use crate::layout::AlertLayout;

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _depth = DepthGuard::enter()?;
        deserializer.deserialize_map(SchemaVisitor)
    }
}

struct SchemaVisitor;

impl<'de> Visitor<'de> for SchemaVisitor {
    type Value = Schema;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a schema object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Schema, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Type => set(&mut f.kind, "type", map.next_value()?)?,
                Key::OneOf => set(&mut f.one_of, "oneOf", map.next_value()?)?,
                Key::AllOf => set(&mut f.all_of, "allOf", map.next_value()?)?,
                Key::Const => set(&mut f.constant, "const", map.next_value()?)?,
                Key::Id => set_opt(&mut f.id, "$id", map.next_value()?)?,
                Key::Title => set_opt(&mut f.title, "title", map.next_value()?)?,
                Key::Description => set_opt(&mut f.description, "description", map.next_value()?)?,
                Key::Control => set_opt(&mut f.control, "control", map.next_value()?)?,
                Key::Hidden => set_opt(&mut f.hidden, "hidden", map.next_value()?)?,
                Key::Disabled => set_opt(&mut f.disabled, "disabled", map.next_value()?)?,
                Key::RefreshStepOnChange => {
                    set_opt(&mut f.refresh_step_on_change, "refreshStepOnChange", map.next_value()?)?
                }
                Key::ValidationMessages => {
                    set_opt(&mut f.validation_messages, "validationMessages", map.next_value()?)?
                }
                Key::AnalyticsId => set_opt(&mut f.analytics_id, "analyticsId", map.next_value()?)?,
                Key::Icon => set_opt(&mut f.icon, "icon", map.next_value()?)?,
                Key::Image => set_opt(&mut f.image, "image", map.next_value()?)?,
                Key::Media => set_opt(&mut f.media, "media", map.next_value()?)?,
                Key::Keywords => set_opt(&mut f.keywords, "keywords", map.next_value()?)?,
                Key::Alert => set_opt(&mut f.alert, "alert", map.next_value()?)?,
                Key::Help => set_opt(&mut f.help, "help", map.next_value()?)?,
                Key::Summary => set_opt(&mut f.summary, "summary", map.next_value()?)?,
                Key::Properties => set_opt(&mut f.properties, "properties", map.next_value()?)?,
                Key::Items => set_opt(&mut f.items, "items", map.next_value()?)?,
                Key::PersistAsync => set_opt(&mut f.persist_async, "persistAsync", map.next_value()?)?,
                Key::ValidationAsync => {
                    set_opt(&mut f.validation_async, "validationAsync", map.next_value()?)?
                }
                Key::Other(name) => {
                    // Like a flattened `extra` map: a repeated unknown member keeps its last value.
                    let value = map.next_value::<Value>()?;
                    f.rest.insert(name, value);
                }
            }
        }
        f.into_schema()
    }
}

/// Stores a member that keeps an explicit `null` (`Some(Null)`).
fn set<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

/// Stores an optional member, where `null` reads as absent (as for derived structs).
fn set_opt<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, value: Option<T>) -> Result<(), E> {
    match value {
        Some(value) => set(slot, name, value),
        None => Ok(()),
    }
}

/// Array `items`: one schema for every element (a list), or one per element (a tuple).
#[derive(Debug)]
enum Items {
    List(Box<Schema>),
    Tuple(Vec<Schema>),
}

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemsVisitor;
        impl<'de> Visitor<'de> for ItemsVisitor {
            type Value = Items;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a schema or an array of schemas")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Items, A::Error> {
                let _depth = DepthGuard::enter()?;
                SchemaVisitor.visit_map(map).map(|s| Items::List(Box::new(s)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Items, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Items::Tuple(items))
            }
        }
        deserializer.deserialize_any(ItemsVisitor)
    }
}

/// Every member of a schema object, read once.
#[derive(Default)]
struct Fields {
    kind: Option<Value>,
    one_of: Option<Vec<Schema>>,
    all_of: Option<Vec<Schema>>,
    constant: Option<Value>,
    id: Option<String>,
    title: Option<String>,
    description: Option<String>,
    control: Option<String>,
    hidden: Option<bool>,
    disabled: Option<bool>,
    refresh_step_on_change: Option<bool>,
    validation_messages: Option<Extra>,
    analytics_id: Option<String>,
    icon: Option<Value>,
    image: Option<Value>,
    media: Option<Value>,
    keywords: Option<Vec<String>>,
    alert: Option<Box<AlertLayout>>,
    help: Option<Help>,
    summary: Option<Value>,
    properties: Option<BTreeMap<String, Schema>>,
    items: Option<Items>,
    persist_async: Option<Box<PersistAsync>>,
    validation_async: Option<Box<ValidationAsync>>,
    /// Every other member, as sent.
    rest: Map<String, Value>,
}

/// Moves the members every kind shares from `$f` into the kind struct `$s`.
macro_rules! common {
    ($s:ident, $f:ident) => {
        $s.id = $f.id.take();
        $s.title = $f.title.take();
        $s.description = $f.description.take();
        $s.control = $f.control.take();
        $s.hidden = $f.hidden.take();
        $s.disabled = $f.disabled.take();
        $s.refresh_step_on_change = $f.refresh_step_on_change.take();
        $s.validation_messages = $f.validation_messages.take();
        $s.analytics_id = $f.analytics_id.take();
        $s.icon = $f.icon.take();
        $s.image = $f.image.take();
        $s.media = $f.media.take();
        $s.keywords = $f.keywords.take();
        $s.alert = $f.alert.take();
        $s.help = $f.help.take();
        $s.summary = $f.summary.take();
    };
}

/// The `type` values with a typed variant.
const KNOWN_TYPES: [&str; 7] = ["object", "array", "string", "number", "integer", "boolean", "blob"];

impl Fields {
    /// Chooses the kind and builds it (spec §6: `oneOf`, `allOf`, `const` first, then `type`).
    fn into_schema<E: de::Error>(mut self) -> Result<Schema, E> {
        if let Some(one_of) = self.one_of.take() {
            let mut s = OneOfSchema { one_of, ..Default::default() };
            common!(s, self);
            s.default = self.rest.remove("default");
            s.placeholder = self.take("placeholder")?;
            s.persist_async = self.persist_async.take();
            s.extra = self.leftovers()?;
            return Ok(Schema::OneOf(s));
        }
        if let Some(all_of) = self.all_of.take() {
            let mut s = AllOfSchema { all_of, ..Default::default() };
            common!(s, self);
            s.extra = self.leftovers()?;
            return Ok(Schema::AllOf(s));
        }
        if let Some(value) = self.constant.take() {
            let mut s = ConstSchema { value, ..Default::default() };
            common!(s, self);
            s.extra = self.leftovers()?;
            return Ok(Schema::Const(s));
        }
        if self.kind.is_none() {
            if let Some(values_allowed) = self.take("enum")? {
                let mut s = EnumSchema { values_allowed, ..Default::default() };
                common!(s, self);
                s.values = self.take("values")?;
                s.default = self.rest.remove("default");
                s.placeholder = self.take("placeholder")?;
                s.extra = self.leftovers()?;
                return Ok(Schema::Enum(s));
            }
        }
        let kind = match self.kind.as_ref().and_then(Value::as_str) {
            Some(kind) if KNOWN_TYPES.contains(&kind) => kind.to_owned(),
            _ => return self.into_raw().map(Schema::Unknown),
        };
        self.kind = None;
        let schema = match kind.as_str() {
            "object" => {
                let mut s = ObjectSchema::default();
                common!(s, self);
                s.properties = self.properties.take().map(Properties::sent).unwrap_or_default();
                s.required = self.take("required")?;
                s.display_order = self.take("displayOrder")?;
                s.extra = self.leftovers()?;
                Schema::Object(s)
            }
            "array" => match self.items.take() {
                Some(Items::Tuple(items)) => {
                    let mut s = TupleArraySchema { items, ..Default::default() };
                    common!(s, self);
                    s.extra = self.leftovers()?;
                    Schema::Tuple(s)
                }
                list => {
                    let mut s = ArraySchema::default();
                    common!(s, self);
                    s.items = match list {
                        Some(Items::List(items)) => Some(items),
                        _ => None,
                    };
                    s.min_items = self.take("minItems")?;
                    s.max_items = self.take("maxItems")?;
                    s.add_item_title = self.take("addItemTitle")?;
                    s.edit_item_title = self.take("editItemTitle")?;
                    s.persist_async = self.persist_async.take();
                    s.validation_async = self.validation_async.take();
                    s.extra = self.leftovers()?;
                    Schema::Array(s)
                }
            },
            "string" => {
                let mut s = StringSchema::default();
                common!(s, self);
                s.format = self.take("format")?;
                s.pattern = self.take("pattern")?;
                s.min_length = self.take("minLength")?;
                s.max_length = self.take("maxLength")?;
                s.default = self.take("default")?;
                s.placeholder = self.take("placeholder")?;
                s.persist_async = self.persist_async.take();
                s.validation_async = self.validation_async.take();
                s.autocomplete_hint = self.take("autocompleteHint")?;
                s.autofill_provider = self.take("autofillProvider")?;
                s.autofill_key = self.take("autofillKey")?;
                s.autocapitalization = self.take("autocapitalization")?;
                s.display_format = self.take("displayFormat")?;
                s.minimum_date = self.take("minimumDate")?;
                s.maximum_date = self.take("maximumDate")?;
                s.accepts = self.take("accepts")?;
                s.max_size = self.take("maxSize")?;
                s.source = self.take("source")?;
                s.suggestions = self.take("suggestions")?;
                s.extra = self.leftovers()?;
                Schema::String(s)
            }
            "number" | "integer" => {
                let mut s = NumberSchema::default();
                common!(s, self);
                s.minimum = self.take("minimum")?;
                s.maximum = self.take("maximum")?;
                s.default = self.take("default")?;
                s.placeholder = self.take("placeholder")?;
                s.persist_async = self.persist_async.take();
                s.validation_async = self.validation_async.take();
                s.autocomplete_hint = self.take("autocompleteHint")?;
                s.extra = self.leftovers()?;
                if kind == "number" {
                    Schema::Number(s)
                } else {
                    Schema::Integer(s)
                }
            }
            "boolean" => {
                let mut s = BooleanSchema::default();
                common!(s, self);
                s.default = self.take("default")?;
                s.persist_async = self.persist_async.take();
                s.validation_async = self.validation_async.take();
                s.extra = self.leftovers()?;
                Schema::Boolean(s)
            }
            _ => {
                let mut s = BlobSchema::default();
                common!(s, self);
                s.accepts = self.take("accepts")?;
                s.max_size = self.take("maxSize")?;
                s.source = self.take("source")?;
                s.camera_config = self.take("cameraConfig")?;
                s.extra = self.leftovers()?;
                Schema::Blob(s)
            }
        };
        Ok(schema)
    }

    /// Removes `name` from the other members and reads it as `T` (`null` reads as absent).
    fn take<T: DeserializeOwned, E: de::Error>(&mut self, name: &str) -> Result<Option<T>, E> {
        match self.rest.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => {
                T::deserialize(value).map(Some).map_err(|e| E::custom(format_args!("{name}: {e}")))
            }
        }
    }

    /// The members the chosen kind has no field for, as its `extra` map.
    fn leftovers<E: de::Error>(mut self) -> Result<Extra, E> {
        let mut extra = std::mem::take(&mut self.rest);
        self.typed_into(&mut extra)?;
        Ok(extra)
    }

    /// The whole object as raw JSON, for a kind this crate does not know.
    fn into_raw<E: de::Error>(mut self) -> Result<Value, E> {
        let mut object = std::mem::take(&mut self.rest);
        if let Some(kind) = self.kind.take() {
            object.insert("type".to_owned(), kind);
        }
        for (name, value) in [
            ("$id", self.id.take().map(Value::String)),
            ("title", self.title.take().map(Value::String)),
            ("description", self.description.take().map(Value::String)),
            ("control", self.control.take().map(Value::String)),
            ("hidden", self.hidden.take().map(Value::Bool)),
            ("disabled", self.disabled.take().map(Value::Bool)),
            ("refreshStepOnChange", self.refresh_step_on_change.take().map(Value::Bool)),
            ("validationMessages", self.validation_messages.take().map(Value::Object)),
            ("analyticsId", self.analytics_id.take().map(Value::String)),
            ("icon", self.icon.take()),
            ("image", self.image.take()),
            ("media", self.media.take()),
            ("summary", self.summary.take()),
        ] {
            if let Some(value) = value {
                object.insert(name.to_owned(), value);
            }
        }
        if let Some(keywords) = self.keywords.take() {
            object.insert("keywords".to_owned(), keywords.into_iter().map(Value::String).collect());
        }
        if let Some(alert) = self.alert.take() {
            object.insert("alert".to_owned(), to_value(&alert)?);
        }
        if let Some(help) = self.help.take() {
            object.insert("help".to_owned(), to_value(&help)?);
        }
        self.typed_into(&mut object)?;
        Ok(Value::Object(object))
    }

    /// Writes the typed containers the chosen kind did not take into `object`.
    fn typed_into<E: de::Error>(&mut self, object: &mut Map<String, Value>) -> Result<(), E> {
        if let Some(kind) = self.kind.take() {
            object.insert("type".to_owned(), kind);
        }
        if let Some(v) = self.one_of.take() {
            object.insert("oneOf".to_owned(), to_value(&v)?);
        }
        if let Some(v) = self.all_of.take() {
            object.insert("allOf".to_owned(), to_value(&v)?);
        }
        if let Some(v) = self.constant.take() {
            object.insert("const".to_owned(), v);
        }
        if let Some(v) = self.properties.take() {
            object.insert("properties".to_owned(), to_value(&v)?);
        }
        match self.items.take() {
            Some(Items::List(v)) => {
                object.insert("items".to_owned(), to_value(&v)?);
            }
            Some(Items::Tuple(v)) => {
                object.insert("items".to_owned(), to_value(&v)?);
            }
            None => {}
        }
        if let Some(v) = self.persist_async.take() {
            object.insert("persistAsync".to_owned(), to_value(&v)?);
        }
        if let Some(v) = self.validation_async.take() {
            object.insert("validationAsync".to_owned(), to_value(&v)?);
        }
        Ok(())
    }
}

/// Serializes a typed member back to JSON.
fn to_value<T: serde::Serialize, E: de::Error>(value: &T) -> Result<Value, E> {
    serde_json::to_value(value).map_err(E::custom)
}

/// A schema member name.
enum Key {
    Type,
    OneOf,
    AllOf,
    Const,
    Id,
    Title,
    Description,
    Control,
    Hidden,
    Disabled,
    RefreshStepOnChange,
    ValidationMessages,
    AnalyticsId,
    Icon,
    Image,
    Media,
    Keywords,
    Alert,
    Help,
    Summary,
    Properties,
    Items,
    PersistAsync,
    ValidationAsync,
    Other(String),
}

/// Reads a member name without allocating for the names [`Fields`] types.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match name {
            "type" => Key::Type,
            "oneOf" => Key::OneOf,
            "allOf" => Key::AllOf,
            "const" => Key::Const,
            "$id" => Key::Id,
            "title" => Key::Title,
            "description" => Key::Description,
            "control" => Key::Control,
            "hidden" => Key::Hidden,
            "disabled" => Key::Disabled,
            "refreshStepOnChange" => Key::RefreshStepOnChange,
            "validationMessages" => Key::ValidationMessages,
            "analyticsId" => Key::AnalyticsId,
            "icon" => Key::Icon,
            "image" => Key::Image,
            "media" => Key::Media,
            "keywords" => Key::Keywords,
            "alert" => Key::Alert,
            "help" => Key::Help,
            "summary" => Key::Summary,
            "properties" => Key::Properties,
            "items" => Key::Items,
            "persistAsync" => Key::PersistAsync,
            "validationAsync" => Key::ValidationAsync,
            other => Key::Other(other.to_owned()),
        })
    }
}
