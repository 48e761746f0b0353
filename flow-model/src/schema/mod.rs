//! [`Schema`]: the data a step collects (spec §6). `oneOf` / `allOf` /
//! `const` schemas are recognised by those members first; otherwise by
//! `type`. Unknown kinds are kept as raw JSON. Reading is streamed (see the
//! private `de` module).

mod de;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::common::Extra;
use crate::layout::AlertLayout;

/// Defines a schema kind's struct: its own members plus the common ones.
macro_rules! schema_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        // Per-field defaults (not a container default): a missing member costs
        // nothing, instead of building and dropping a whole default struct.
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// Wire `$id`: names the schema (a `form` layout's `schemaId`).
            #[serde(rename = "$id", skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            /// Wire `title`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub title: Option<String>,
            /// Wire `description`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// Wire `control`: a rendering hint.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub control: Option<String>,
            /// Wire `hidden`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub hidden: Option<bool>,
            /// Wire `disabled`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub disabled: Option<bool>,
            /// Wire `refreshStepOnChange`: a change refreshes the step (spec §5.4).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub refresh_step_on_change: Option<bool>,
            /// Wire `validationMessages`: messages by rule (`required`, `minimum`, `pattern`…).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub validation_messages: Option<Extra>,
            /// Wire `analyticsId`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub analytics_id: Option<String>,
            /// Wire `icon`: `{name}` or `{text}`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub icon: Option<Value>,
            /// Wire `image`: `{url, text?, accessibilityDescription?}`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub image: Option<Value>,
            /// Wire `media` (current): an avatar or image.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub media: Option<Value>,
            /// Wire `keywords`: extra search terms (e.g. for a filtered `oneOf`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub keywords: Option<Vec<String>>,
            /// Wire `alert`: a message shown with the field (an alert layout,
            /// usually without its `type`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub alert: Option<Box<AlertLayout>>,
            /// Wire `help`: `{markdown}`, extra help behind an info icon.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub help: Option<Help>,
            /// Wire `summary`: how the value summarises its parent in a list
            /// (`{providesTitle?, providesDescription?, …}` or `{defaultTitle?, …}`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub summary: Option<Value>,
            $($(#[$fmeta])* #[serde(default)] pub $field: $ty,)*
            /// Unknown members.
            #[serde(flatten)]
            pub extra: Extra,
        }
    };
}

/// Wire `Schema`.
///
/// ```
/// use flow_model::Schema;
/// let s: Schema = serde_json::from_str(r#"{"type": "string", "minLength": 2, "title": "Name"}"#)?;
/// assert!(matches!(s, Schema::String(ref s) if s.min_length == Some(2)));
/// let choice: Schema = serde_json::from_str(
///     r#"{"title": "Currency", "oneOf": [{"const": "GBP", "title": "Pound"}, {"const": "EUR"}]}"#,
/// )?;
/// assert!(matches!(choice, Schema::OneOf(ref o) if o.one_of.len() == 2));
/// # Ok::<(), serde_json::Error>(())
/// ```
// The variants' payloads are the public kind structs, matched and built by
// value; boxing them would make every match and constructor noisier for a
// few hundred bytes per element.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Schema {
    /// `"type": "object"`.
    Object(ObjectSchema),
    /// `"type": "array"`.
    Array(ArraySchema),
    /// `"type": "string"`.
    String(StringSchema),
    /// `"type": "number"`.
    Number(NumberSchema),
    /// `"type": "integer"`.
    Integer(NumberSchema),
    /// `"type": "boolean"`.
    Boolean(BooleanSchema),
    /// `"type": "blob"`.
    Blob(BlobSchema),
    /// `"type": "array"` whose `items` is an array of schemas: a tuple, one
    /// schema per element.
    #[serde(rename = "array")]
    Tuple(TupleArraySchema),
    /// A schema with `oneOf`: exactly one of the alternatives.
    #[serde(untagged)]
    OneOf(OneOfSchema),
    /// A schema with `allOf`: all of the parts (their properties merged).
    #[serde(untagged)]
    AllOf(AllOfSchema),
    /// A schema with `const`: a fixed value (usually a `oneOf` alternative).
    #[serde(untagged)]
    Const(ConstSchema),
    /// A schema with `enum` and no `type` (1.x): one of the listed values,
    /// labelled by `values`. [`crate::Step::normalize`] turns it into a
    /// `oneOf` of `const`s.
    #[serde(untagged)]
    Enum(EnumSchema),
    /// A schema this crate does not recognise, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

/// Evaluates `$body` with `$s` bound to the typed struct of any known kind,
/// or `$unknown` for [`Schema::Unknown`].
macro_rules! with_kind {
    ($schema:expr, $s:ident => $body:expr, $raw:ident => $unknown:expr) => {
        match $schema {
            Schema::Object($s) => $body,
            Schema::Array($s) => $body,
            Schema::Tuple($s) => $body,
            Schema::String($s) => $body,
            Schema::Number($s) | Schema::Integer($s) => $body,
            Schema::Boolean($s) => $body,
            Schema::Blob($s) => $body,
            Schema::OneOf($s) => $body,
            Schema::AllOf($s) => $body,
            Schema::Const($s) => $body,
            Schema::Enum($s) => $body,
            Schema::Unknown($raw) => $unknown,
        }
    };
}

impl Schema {
    /// The schema's `description`, whatever its kind.
    pub fn description(&self) -> Option<&str> {
        with_kind!(self, s => s.description.as_deref(), raw => raw.get("description").and_then(Value::as_str))
    }

    /// Whether the schema is `hidden`.
    pub fn is_hidden(&self) -> bool {
        with_kind!(self, s => s.hidden == Some(true), raw => raw.get("hidden") == Some(&Value::Bool(true)))
    }

    /// Whether a change of this schema's value refreshes the step
    /// (`refreshStepOnChange`, spec §5.4).
    pub fn refreshes_step_on_change(&self) -> bool {
        with_kind!(
            self,
            s => s.refresh_step_on_change == Some(true),
            raw => raw.get("refreshStepOnChange") == Some(&Value::Bool(true))
        )
    }

    /// The schema's `help`, whatever its kind (`None` for unknown kinds).
    pub fn help(&self) -> Option<&Help> {
        with_kind!(self, s => s.help.as_ref(), _raw => None)
    }

    /// The members this crate has no field for (`None` for unknown kinds,
    /// which are raw JSON as a whole).
    pub fn extra(&self) -> Option<&Extra> {
        with_kind!(self, s => Some(&s.extra), _raw => None)
    }

    /// The schema's `$id`, whatever its kind.
    pub fn id(&self) -> Option<&str> {
        match self {
            Schema::OneOf(s) => s.id.as_deref(),
            Schema::AllOf(s) => s.id.as_deref(),
            Schema::Const(s) => s.id.as_deref(),
            Schema::Enum(s) => s.id.as_deref(),
            Schema::Object(s) => s.id.as_deref(),
            Schema::Array(s) => s.id.as_deref(),
            Schema::Tuple(s) => s.id.as_deref(),
            Schema::String(s) => s.id.as_deref(),
            Schema::Number(s) | Schema::Integer(s) => s.id.as_deref(),
            Schema::Boolean(s) => s.id.as_deref(),
            Schema::Blob(s) => s.id.as_deref(),
            Schema::Unknown(v) => v.get("$id").and_then(Value::as_str),
        }
    }

    /// The schema's `title`, whatever its kind.
    pub fn title(&self) -> Option<&str> {
        match self {
            Schema::OneOf(s) => s.title.as_deref(),
            Schema::AllOf(s) => s.title.as_deref(),
            Schema::Const(s) => s.title.as_deref(),
            Schema::Enum(s) => s.title.as_deref(),
            Schema::Object(s) => s.title.as_deref(),
            Schema::Array(s) => s.title.as_deref(),
            Schema::Tuple(s) => s.title.as_deref(),
            Schema::String(s) => s.title.as_deref(),
            Schema::Number(s) | Schema::Integer(s) => s.title.as_deref(),
            Schema::Boolean(s) => s.title.as_deref(),
            Schema::Blob(s) => s.title.as_deref(),
            Schema::Unknown(v) => v.get("title").and_then(Value::as_str),
        }
    }

    /// Direct sub-schemas with the wire path segment that leads to each.
    pub fn children(&self) -> Vec<(String, &Schema)> {
        match self {
            Schema::OneOf(s) => s.one_of.iter().enumerate().map(|(i, c)| (format!("oneOf/{i}"), c)).collect(),
            Schema::AllOf(s) => s.all_of.iter().enumerate().map(|(i, c)| (format!("allOf/{i}"), c)).collect(),
            Schema::Object(s) => s
                .properties
                .iter()
                .map(|(k, c)| (format!("properties/{}", crate::pointer::escape(k)), c))
                .collect(),
            Schema::Array(s) => s.items.iter().map(|c| ("items".to_owned(), c.as_ref())).collect(),
            Schema::Tuple(s) => s.items.iter().enumerate().map(|(i, c)| (format!("items/{i}"), c)).collect(),
            _ => Vec::new(),
        }
    }
}

schema_struct! {
    /// Wire `{oneOf: [Schema], ...}`.
    OneOfSchema {
        /// Wire `oneOf`.
        one_of: Vec<Schema>,
        /// Wire `default`.
        #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "crate::serde_util::present")]
        default: Option<Value>,
        /// Wire `placeholder`.
        #[serde(skip_serializing_if = "Option::is_none")]
        placeholder: Option<String>,
        /// Wire `persistAsync`.
        #[serde(skip_serializing_if = "Option::is_none")]
        persist_async: Option<Box<PersistAsync>>,
    }
}

schema_struct! {
    /// Wire `{allOf: [Schema], ...}`.
    AllOfSchema {
        /// Wire `allOf`.
        all_of: Vec<Schema>,
    }
}

schema_struct! {
    /// Wire `{const: any, ...}`.
    ConstSchema {
        /// Wire `const`.
        #[serde(rename = "const")]
        value: Value,
    }
}

schema_struct! {
    /// Wire `{enum: [any], values?: [{value, label}], default?, placeholder?}`
    /// with no `type` (1.x): one of the listed values.
    EnumSchema {
        /// Wire `enum`: the allowed values.
        #[serde(rename = "enum")]
        values_allowed: Vec<Value>,
        /// Wire `values`: a label for each value.
        #[serde(skip_serializing_if = "Option::is_none")]
        values: Option<Vec<EnumValue>>,
        /// Wire `default`.
        #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "crate::serde_util::present")]
        default: Option<Value>,
        /// Wire `placeholder`.
        #[serde(skip_serializing_if = "Option::is_none")]
        placeholder: Option<String>,
    }
}

impl EnumSchema {
    /// The label of `value`: its `values[].label`, else `None`.
    pub fn label_of(&self, value: &Value) -> Option<&str> {
        self.values.as_deref()?.iter().find(|v| &v.value == value)?.label.as_deref()
    }
}

crate::sent::wire_struct! {
    /// Wire `values[]` of an enum schema: `{value, label}`.
    EnumValue {
        /// Wire `value`.
        value: Value,
        /// Wire `label`.
        label: Option<String>,
    }
}

schema_struct! {
    /// Wire `{"type": "object", properties, required?, displayOrder?}`.
    ObjectSchema {
        /// Wire `properties` (in wire key order is not kept; see `displayOrder`).
        #[serde(skip_serializing_if = "Properties::omit")]
        properties: Properties,
        /// Wire `required`.
        #[serde(skip_serializing_if = "Option::is_none")]
        required: Option<Vec<String>>,
        /// Wire `displayOrder`: the order to show properties in.
        #[serde(skip_serializing_if = "Option::is_none")]
        display_order: Option<Vec<String>>,
    }
}

schema_struct! {
    /// Wire `{"type": "array", items, minItems?, maxItems?}`.
    ArraySchema {
        /// Wire `items`.
        #[serde(skip_serializing_if = "Option::is_none")]
        items: Option<Box<Schema>>,
        /// Wire `minItems`.
        #[serde(skip_serializing_if = "Option::is_none")]
        min_items: Option<u64>,
        /// Wire `maxItems`.
        #[serde(skip_serializing_if = "Option::is_none")]
        max_items: Option<u64>,
        /// Wire `addItemTitle`: the label of the "add" control of a repeatable list.
        #[serde(skip_serializing_if = "Option::is_none")]
        add_item_title: Option<String>,
        /// Wire `editItemTitle`: the title of the screen that edits one item.
        #[serde(skip_serializing_if = "Option::is_none")]
        edit_item_title: Option<String>,
        /// Wire `persistAsync`: upload each item on its own (multi-file upload).
        #[serde(skip_serializing_if = "Option::is_none")]
        persist_async: Option<Box<PersistAsync>>,
        /// Wire `validationAsync`.
        #[serde(skip_serializing_if = "Option::is_none")]
        validation_async: Option<Box<ValidationAsync>>,
    }
}

schema_struct! {
    /// Wire `{"type": "array", items: [Schema]}`: a tuple, a fixed set of
    /// fields with one schema per element.
    TupleArraySchema {
        /// Wire `items`: one schema per element.
        items: Vec<Schema>,
    }
}

schema_struct! {
    /// Wire `{"type": "string", format?, pattern?, minLength?, maxLength?, default?, placeholder?}`.
    StringSchema {
        /// Wire `format` (`date`, `email`, `base64url`, …).
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<String>,
        /// Wire `pattern`: a regular expression the value must match.
        #[serde(skip_serializing_if = "Option::is_none")]
        pattern: Option<String>,
        /// Wire `minLength`.
        #[serde(skip_serializing_if = "Option::is_none")]
        min_length: Option<u64>,
        /// Wire `maxLength`.
        #[serde(skip_serializing_if = "Option::is_none")]
        max_length: Option<u64>,
        /// Wire `default`.
        #[serde(skip_serializing_if = "Option::is_none")]
        default: Option<String>,
        /// Wire `placeholder`.
        #[serde(skip_serializing_if = "Option::is_none")]
        placeholder: Option<String>,
        /// Wire `persistAsync`: send the value on its own and submit the returned id.
        #[serde(skip_serializing_if = "Option::is_none")]
        persist_async: Option<Box<PersistAsync>>,
        /// Wire `validationAsync`: check the value with the server as it changes.
        #[serde(skip_serializing_if = "Option::is_none")]
        validation_async: Option<Box<ValidationAsync>>,
        /// Wire `autocompleteHint`: autofill tokens (`email`, `postal-code`, …).
        #[serde(skip_serializing_if = "Option::is_none")]
        autocomplete_hint: Option<Vec<String>>,
        /// Wire `autofillProvider` (1.x autofill hint).
        #[serde(skip_serializing_if = "Option::is_none")]
        autofill_provider: Option<String>,
        /// Wire `autofillKey` (1.x autofill hint).
        #[serde(skip_serializing_if = "Option::is_none")]
        autofill_key: Option<String>,
        /// Wire `autocapitalization`: `none`, `characters`, `sentences`, `words`.
        #[serde(skip_serializing_if = "Option::is_none")]
        autocapitalization: Option<String>,
        /// Wire `displayFormat`: an input mask such as `**/**`.
        #[serde(skip_serializing_if = "Option::is_none")]
        display_format: Option<String>,
        /// Wire `minimumDate` (`format: date`).
        #[serde(skip_serializing_if = "Option::is_none")]
        minimum_date: Option<String>,
        /// Wire `maximumDate` (`format: date`).
        #[serde(skip_serializing_if = "Option::is_none")]
        maximum_date: Option<String>,
        /// Wire `accepts`: MIME types of an upload (`format: base64url`).
        #[serde(skip_serializing_if = "Option::is_none")]
        accepts: Option<Vec<String>>,
        /// Wire `maxSize`: largest upload in bytes (`format: base64url`).
        #[serde(skip_serializing_if = "Option::is_none")]
        max_size: Option<u64>,
        /// Wire `source`: `camera` or `file` for an upload.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        /// Wire `suggestions`: `{values: [{label, value, …}]}` offered while typing.
        #[serde(skip_serializing_if = "Option::is_none")]
        suggestions: Option<Value>,
    }
}

schema_struct! {
    /// Wire `{"type": "number" | "integer", minimum?, maximum?, default?, placeholder?}`.
    NumberSchema {
        /// Wire `minimum`.
        #[serde(skip_serializing_if = "Option::is_none")]
        minimum: Option<Number>,
        /// Wire `maximum`.
        #[serde(skip_serializing_if = "Option::is_none")]
        maximum: Option<Number>,
        /// Wire `default`.
        #[serde(skip_serializing_if = "Option::is_none")]
        default: Option<Number>,
        /// Wire `placeholder`.
        #[serde(skip_serializing_if = "Option::is_none")]
        placeholder: Option<String>,
        /// Wire `persistAsync`.
        #[serde(skip_serializing_if = "Option::is_none")]
        persist_async: Option<Box<PersistAsync>>,
        /// Wire `validationAsync`.
        #[serde(skip_serializing_if = "Option::is_none")]
        validation_async: Option<Box<ValidationAsync>>,
        /// Wire `autocompleteHint`.
        #[serde(skip_serializing_if = "Option::is_none")]
        autocomplete_hint: Option<Vec<String>>,
    }
}

schema_struct! {
    /// Wire `{"type": "boolean", default?}`.
    BooleanSchema {
        /// Wire `default`.
        #[serde(skip_serializing_if = "Option::is_none")]
        default: Option<bool>,
        /// Wire `persistAsync`.
        #[serde(skip_serializing_if = "Option::is_none")]
        persist_async: Option<Box<PersistAsync>>,
        /// Wire `validationAsync`.
        #[serde(skip_serializing_if = "Option::is_none")]
        validation_async: Option<Box<ValidationAsync>>,
    }
}

schema_struct! {
    /// Wire `{"type": "blob", accepts?, maxSize?, source?}`: a file upload.
    BlobSchema {
        /// Wire `accepts`: MIME types.
        #[serde(skip_serializing_if = "Option::is_none")]
        accepts: Option<Vec<String>>,
        /// Wire `maxSize` (bytes).
        #[serde(skip_serializing_if = "Option::is_none")]
        max_size: Option<u64>,
        /// Wire `source`: `camera`, `file`.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        /// Wire `cameraConfig`: camera overlay and instructions.
        #[serde(skip_serializing_if = "Option::is_none")]
        camera_config: Option<Value>,
    }
}

/// Wire `properties` of an object schema: the named sub-schemas (a map,
/// used through `Deref`), remembering whether the member was sent so that an
/// object schema without `properties` is written back without them.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    map: BTreeMap<String, Schema>,
    sent: bool,
}

impl Properties {
    /// Properties read from the wire (written back even when empty).
    pub(crate) fn sent(map: BTreeMap<String, Schema>) -> Self {
        Properties { map, sent: true }
    }

    /// Whether serializing leaves the member out: not sent and still empty.
    fn omit(&self) -> bool {
        !self.sent && self.map.is_empty()
    }

    /// The map itself.
    pub fn into_inner(self) -> BTreeMap<String, Schema> {
        self.map
    }
}

impl PartialEq for Properties {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl std::ops::Deref for Properties {
    type Target = BTreeMap<String, Schema>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl std::ops::DerefMut for Properties {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.map
    }
}

impl From<BTreeMap<String, Schema>> for Properties {
    fn from(map: BTreeMap<String, Schema>) -> Self {
        Properties { map, sent: false }
    }
}

impl FromIterator<(String, Schema)> for Properties {
    fn from_iter<I: IntoIterator<Item = (String, Schema)>>(iter: I) -> Self {
        Properties { map: iter.into_iter().collect(), sent: false }
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a String, &'a Schema);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Schema>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl Serialize for Properties {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(deserializer).map(Properties::sent)
    }
}

crate::sent::wire_struct! {
    /// Wire `help`: `{markdown}` (1.x: `{message}`, plain text).
    Help {
        /// Wire `markdown`.
        markdown: String,
        /// Wire `message` (1.x): the help text.
        message: Option<String>,
    }
}

impl Help {
    /// The help text: `markdown`, else the 1.x `message` (`""` when neither is sent).
    pub fn text(&self) -> &str {
        if self.markdown.is_empty() {
            self.message.as_deref().unwrap_or("")
        } else {
            &self.markdown
        }
    }
}

crate::sent::wire_struct! {
    /// Wire `persistAsync`: `{url, method?, param, idProperty, schema}`.
    ///
    /// The client sends the field's value alone (as `{param: value}`) to `url`,
    /// reads `idProperty` from the response and submits that id in the field's place.
    PersistAsync {
        /// Wire `url`.
        url: String,
        /// Wire `method`; POST when absent.
        method: Option<String>,
        /// Wire `param`: the member name the value is sent under.
        param: String,
        /// Wire `idProperty`: the response member holding the id to submit.
        id_property: String,
        /// Wire `schema`: the schema of the value that is persisted.
        schema: Option<Box<Schema>>,
    }
}

crate::sent::wire_struct! {
    /// Wire `validationAsync`: `{url, method?, param?}`.
    ValidationAsync {
        /// Wire `url`.
        url: String,
        /// Wire `method`; POST when absent.
        method: Option<String>,
        /// Wire `param`: the member name the value is sent under.
        param: Option<String>,
    }
}
