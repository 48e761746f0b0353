//! [`Schema`]: the data a step collects (spec §6). `oneOf` / `allOf` /
//! `const` schemas are recognised by those members first; otherwise by
//! `type`. Unknown kinds are kept as raw JSON.

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::common::Extra;
use crate::tagged::read_all;

/// Defines a schema kind's struct: its own members plus the common ones.
macro_rules! schema_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", default)]
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
            $($(#[$fmeta])* pub $field: $ty,)*
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
    /// A schema with `oneOf`: exactly one of the alternatives.
    #[serde(untagged)]
    OneOf(OneOfSchema),
    /// A schema with `allOf`: all of the parts (their properties merged).
    #[serde(untagged)]
    AllOf(AllOfSchema),
    /// A schema with `const`: a fixed value (usually a `oneOf` alternative).
    #[serde(untagged)]
    Const(ConstSchema),
    /// A schema this crate does not recognise, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

/// The `type` values with a typed variant.
const KNOWN_TYPES: [&str; 7] = ["object", "array", "string", "number", "integer", "boolean", "blob"];

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SchemaVisitor;
        impl<'de> serde::de::Visitor<'de> for SchemaVisitor {
            type Value = Schema;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a schema object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Schema, A::Error> {
                let (keys, members) = read_all(map)?;
                let has = |k: &str| keys.iter().any(|key| key == k);
                if has("oneOf") {
                    return members.into_variant().map(Schema::OneOf);
                }
                if has("allOf") {
                    return members.into_variant().map(Schema::AllOf);
                }
                if has("const") {
                    return members.into_variant().map(Schema::Const);
                }
                let kind = members.buffered_value("type").and_then(Value::as_str).map(str::to_owned);
                let Some(kind) = kind.filter(|k| KNOWN_TYPES.contains(&k.as_str())) else {
                    return members.into_raw("type", None).map(Schema::Unknown);
                };
                // The `type` member is the tag, not a member of the struct.
                let members = members.without("type");
                match kind.as_str() {
                    "object" => members.into_variant().map(Schema::Object),
                    "array" => members.into_variant().map(Schema::Array),
                    "string" => members.into_variant().map(Schema::String),
                    "number" => members.into_variant().map(Schema::Number),
                    "integer" => members.into_variant().map(Schema::Integer),
                    "boolean" => members.into_variant().map(Schema::Boolean),
                    _ => members.into_variant().map(Schema::Blob),
                }
            }
        }
        deserializer.deserialize_map(SchemaVisitor)
    }
}

impl Schema {
    /// The schema's `$id`, whatever its kind.
    pub fn id(&self) -> Option<&str> {
        match self {
            Schema::OneOf(s) => s.id.as_deref(),
            Schema::AllOf(s) => s.id.as_deref(),
            Schema::Const(s) => s.id.as_deref(),
            Schema::Object(s) => s.id.as_deref(),
            Schema::Array(s) => s.id.as_deref(),
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
            Schema::Object(s) => s.title.as_deref(),
            Schema::Array(s) => s.title.as_deref(),
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
    /// Wire `{"type": "object", properties, required?, displayOrder?}`.
    ObjectSchema {
        /// Wire `properties` (in wire key order is not kept; see `displayOrder`).
        properties: std::collections::BTreeMap<String, Schema>,
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
    }
}

schema_struct! {
    /// Wire `{"type": "boolean", default?}`.
    BooleanSchema {
        /// Wire `default`.
        #[serde(skip_serializing_if = "Option::is_none")]
        default: Option<bool>,
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
    }
}
