//! [`Field`]: one value a form collects, resolved from the step's schemas
//! (see [`resolve`](super::resolve) for how each schema becomes a field).

use serde::Serialize;
use serde_json::Value;

use crate::flow::values::SchemaRule;

/// What kind of input a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FieldKind {
    /// A string.
    Text,
    /// A string to keep out of sight (`format` or `control` `password`).
    Password,
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// Yes or no.
    Boolean,
    /// A date (`format: date`, `YYYY-MM-DD`).
    Date,
    /// One of [`Field::choices`] (a `oneOf` of `const`s), shown as a list.
    Select,
    /// One of [`Field::choices`], shown as radio buttons (`control: radio`).
    Radio,
    /// Any of [`Field::choices`] (an array whose `items` is a `oneOf` of `const`s).
    MultiSelect,
    /// A file (`type: blob`, or a string with `format: base64url`).
    File,
    /// An object: its own [`Field::fields`].
    Group,
    /// One of [`Field::alternatives`] (a `oneOf` that is not only `const`s),
    /// each with its own fields.
    OneOfGroup,
    /// An array of [`Field::item`]s.
    List,
    /// A fixed value (`const`): submitted, never asked.
    Const,
    /// A schema kind the model does not know.
    Unknown,
}

impl FieldKind {
    /// A short lowercase name for people (`text`, `number`, `yes/no`,
    /// `select`, `one of`…).
    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Password => "password",
            FieldKind::Number => "number",
            FieldKind::Integer => "integer",
            FieldKind::Boolean => "yes/no",
            FieldKind::Date => "date",
            FieldKind::Select => "select",
            FieldKind::Radio => "radio",
            FieldKind::MultiSelect => "multi-select",
            FieldKind::File => "file",
            FieldKind::Group => "group",
            FieldKind::OneOfGroup => "one of",
            FieldKind::List => "list",
            FieldKind::Const => "fixed",
            FieldKind::Unknown => "unknown",
        }
    }
}

/// One choice of a select, radio or multi-select field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Choice {
    /// The value it submits.
    pub value: Value,
    /// What it says (the alternative's `title`, else the value as text).
    pub title: String,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether it is disabled.
    pub disabled: bool,
}

/// One alternative of a [`FieldKind::OneOfGroup`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Alternative {
    /// What it says (its `title`, else `Option n`).
    pub title: String,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its fields, at paths under the group's own path.
    pub fields: Vec<Field>,
    /// Whether the current value fits this alternative (the first that does).
    pub selected: bool,
}

/// One value a form collects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Field {
    /// Where the value goes: a JSON Pointer into the submitted values
    /// (`/address/city`; `""` for the root value). Stable for a step.
    pub path: String,
    /// The property name (`None` for a root value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What kind of input it is.
    pub kind: FieldKind,
    /// The schema's `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The schema's `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The schema's `placeholder`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// The schema's `help` text (markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The schema's `control` hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The schema's `format` (`email`, `date`, `base64url`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Whether the parent object requires it.
    pub required: bool,
    /// The message an empty required field gets (`None` when not required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_message: Option<String>,
    /// Whether it is `hidden` (submitted, not shown).
    pub hidden: bool,
    /// Whether it is `disabled` (shown, not editable).
    pub disabled: bool,
    /// Whether a change refreshes the step (`refreshStepOnChange`, §5.4).
    pub refresh_on_change: bool,
    /// The value it holds now, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The schema's `default` (a `const`'s value for [`FieldKind::Const`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The choices of a select, radio or multi-select field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The fields of a group (an object, an `allOf`, a tuple).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The alternatives of a [`FieldKind::OneOfGroup`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// The item of a [`FieldKind::List`], at `{path}/-` (the JSON Pointer
    /// append token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<Box<Field>>,
    /// The rules the runtime checks on the value, with their messages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<SchemaRule>,
    /// The message to show with it now: the server's (`errors.validation`,
    /// an Error Response Body) or the client's, matched by path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Field {
    /// What to call it: its title, else its property name, else `Value`.
    pub fn label(&self) -> &str {
        self.title.as_deref().or(self.name.as_deref()).unwrap_or("Value")
    }

    /// Whether a person sees it: neither hidden nor a constant.
    pub fn is_visible(&self) -> bool {
        !self.hidden && self.kind != FieldKind::Const
    }

    /// The value to show: the current one, else the default.
    pub fn shown_value(&self) -> Option<&Value> {
        self.value.as_ref().or(self.default.as_ref())
    }

    /// The choice whose value is `value`.
    pub fn choice_for(&self, value: &Value) -> Option<&Choice> {
        self.choices.iter().find(|c| c.value == *value)
    }

    /// Calls `f` with this field and every field inside it (groups,
    /// alternatives, the list item), depth first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Field)) {
        f(self);
        for field in &self.fields {
            field.walk(f);
        }
        for alternative in &self.alternatives {
            for field in &alternative.fields {
                field.walk(f);
            }
        }
        if let Some(item) = &self.item {
            item.walk(f);
        }
    }
}
