//! Schemas → [`Field`]s. How each schema reads:
//!
//! * an object → a [`FieldKind::Group`] of its properties, in
//!   `displayOrder` (properties it does not name follow, in key order);
//!   a form's root object gives its properties directly;
//! * an `allOf` → the fields of its parts, in order, at the same path;
//!   an array whose `items` is a list (a tuple) → a group of `/0`, `/1`…;
//! * a `oneOf` whose alternatives are all `const`s →
//!   [`FieldKind::Select`] (or [`FieldKind::Radio`] with `control` `radio`,
//!   `segmented` or `tab`) with one [`Choice`] per alternative; any other
//!   `oneOf` → a [`FieldKind::OneOfGroup`] whose [`Alternative`]s hold the
//!   fields of each alternative at the same path (the first alternative the
//!   current value satisfies is `selected`);
//! * a string → [`FieldKind::Date`] (`format: date`), [`FieldKind::File`]
//!   (`format: base64url`), [`FieldKind::Password`] (`format` or
//!   `control` `password`), else [`FieldKind::Text`];
//! * number, integer, boolean, blob (→ file), `const` → their kinds;
//! * an array whose `items` is a `oneOf` of `const`s → a
//!   [`FieldKind::MultiSelect`]; another array → a [`FieldKind::List`] of
//!   its item at `{path}/-`;
//! * a kind the model does not know → [`FieldKind::Unknown`].
//!
//! Each field's value is read at its path from the screen's values, its
//! error from the screen's errors at the same path, its rules from
//! [`schema_rules`] (the runtime's own client-side validation).

use serde_json::Value;

use flow_model::schema::ObjectSchema;
use flow_model::{escape_pointer_token, Schema};

use super::errors::ScreenErrors;
use super::field::{Alternative, Choice, Field, FieldKind};
use super::initial::own_default;
use crate::flow::values::{required_message, schema_rules, validate};

/// What fields are resolved against.
pub(crate) struct Context<'a> {
    pub(crate) values: &'a Value,
    pub(crate) errors: &'a ScreenErrors,
}

/// The fields a form showing `schema` (a root schema) has.
pub(crate) fn form_fields(schema: &Schema, cx: &Context<'_>) -> Vec<Field> {
    fields_at(schema, "", cx)
}

/// The fields of the value at `path` that `schema` describes: an object's
/// properties, an `allOf`'s parts' fields, else one field.
fn fields_at(schema: &Schema, path: &str, cx: &Context<'_>) -> Vec<Field> {
    match schema {
        Schema::Object(object) => properties(object, path, cx),
        Schema::AllOf(all) => all.all_of.iter().flat_map(|part| fields_at(part, path, cx)).collect(),
        other => vec![field(other, path.to_owned(), None, None, cx)],
    }
}

/// The property names of `object` in display order.
pub(crate) fn display_order(object: &ObjectSchema) -> Vec<&String> {
    let mut names: Vec<&String> = Vec::new();
    for name in object.display_order.iter().flatten() {
        if object.properties.contains_key(name) && !names.contains(&name) {
            names.push(name);
        }
    }
    let rest: Vec<&String> = object.properties.keys().filter(|k| !names.contains(k)).collect();
    names.extend(rest);
    names
}

fn properties(object: &ObjectSchema, path: &str, cx: &Context<'_>) -> Vec<Field> {
    let required = object.required.as_deref().unwrap_or(&[]);
    display_order(object)
        .into_iter()
        .filter_map(|name| {
            let schema = object.properties.get(name)?;
            let child = format!("{path}/{}", escape_pointer_token(name));
            let required = required.contains(name).then(|| required_message(object, name));
            Some(field(schema, child, Some(name), required, cx))
        })
        .collect()
}

/// The `const` choices of `alternatives`, when every one is a `const`.
fn const_choices(alternatives: &[Schema]) -> Option<Vec<Choice>> {
    if alternatives.is_empty() {
        return None;
    }
    alternatives
        .iter()
        .map(|alternative| match alternative {
            Schema::Const(c) => Some(Choice {
                value: c.value.clone(),
                title: c.title.clone().unwrap_or_else(|| plain(&c.value)),
                description: c.description.clone(),
                disabled: c.disabled == Some(true),
            }),
            _ => None,
        })
        .collect()
}

/// A value as people read it: strings without quotes, the rest as JSON.
pub(crate) fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_blank(value: Option<&Value>) -> bool {
    matches!(value, None | Some(Value::Null)) || value.and_then(Value::as_str) == Some("")
}

/// The members every schema kind has that [`Schema`] has no accessor for.
struct Common {
    control: Option<String>,
    disabled: bool,
}

fn common(schema: &Schema) -> Common {
    macro_rules! of {
        ($s:expr) => {
            Common { control: $s.control.clone(), disabled: $s.disabled == Some(true) }
        };
    }
    match schema {
        Schema::Object(s) => of!(s),
        Schema::Array(s) => of!(s),
        Schema::Tuple(s) => of!(s),
        Schema::String(s) => of!(s),
        Schema::Number(s) | Schema::Integer(s) => of!(s),
        Schema::Boolean(s) => of!(s),
        Schema::Blob(s) => of!(s),
        Schema::OneOf(s) => of!(s),
        Schema::AllOf(s) => of!(s),
        Schema::Const(s) => of!(s),
        _ => Common { control: None, disabled: false },
    }
}

fn field(
    schema: &Schema,
    path: String,
    name: Option<&String>,
    required: Option<String>,
    cx: &Context<'_>,
) -> Field {
    let Common { control, disabled } = common(schema);
    let value = cx.values.pointer(&path).filter(|v| !v.is_null()).cloned();
    let error = cx.errors.at(&path).map(str::to_owned);
    let mut field = Field {
        name: name.cloned(),
        kind: FieldKind::Unknown,
        title: schema.title().map(str::to_owned),
        description: schema.description().map(str::to_owned),
        placeholder: None,
        help: schema.help().map(|h| h.text().to_owned()).filter(|h| !h.is_empty()),
        control,
        format: None,
        required: required.is_some(),
        required_message: required,
        hidden: schema.is_hidden(),
        disabled,
        refresh_on_change: schema.refreshes_step_on_change(),
        value,
        default: own_default(schema),
        choices: Vec::new(),
        fields: Vec::new(),
        alternatives: Vec::new(),
        item: None,
        rules: schema_rules(schema),
        error,
        path,
    };
    let path = field.path.clone();
    match schema {
        Schema::Object(object) => {
            field.kind = FieldKind::Group;
            field.fields = properties(object, &path, cx);
        }
        Schema::AllOf(all) => {
            field.kind = FieldKind::Group;
            field.fields = all.all_of.iter().flat_map(|part| fields_at(part, &path, cx)).collect();
        }
        Schema::Tuple(tuple) => {
            field.kind = FieldKind::Group;
            field.fields = tuple
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| self::field(item, format!("{path}/{i}"), None, None, cx))
                .collect();
        }
        Schema::OneOf(one) => {
            field.placeholder = one.placeholder.clone();
            match const_choices(&one.one_of) {
                Some(choices) => {
                    let radio = matches!(field.control.as_deref(), Some("radio" | "segmented" | "tab"));
                    field.kind = if radio { FieldKind::Radio } else { FieldKind::Select };
                    field.choices = choices;
                }
                None => {
                    field.kind = FieldKind::OneOfGroup;
                    field.alternatives = alternatives(&one.one_of, &path, field.value.as_ref(), cx);
                }
            }
        }
        Schema::Const(_) => field.kind = FieldKind::Const,
        Schema::String(s) => {
            field.placeholder = s.placeholder.clone();
            field.format = s.format.clone();
            field.kind = match (s.format.as_deref(), field.control.as_deref()) {
                (Some("date"), _) => FieldKind::Date,
                (Some("base64url"), _) => FieldKind::File,
                (Some("password"), _) | (_, Some("password")) => FieldKind::Password,
                _ => FieldKind::Text,
            };
        }
        Schema::Number(n) => {
            field.placeholder = n.placeholder.clone();
            field.kind = FieldKind::Number;
        }
        Schema::Integer(n) => {
            field.placeholder = n.placeholder.clone();
            field.kind = FieldKind::Integer;
        }
        Schema::Boolean(_) => field.kind = FieldKind::Boolean,
        Schema::Blob(_) => field.kind = FieldKind::File,
        Schema::Array(array) => {
            let choices = match array.items.as_deref() {
                Some(Schema::OneOf(one)) => const_choices(&one.one_of),
                _ => None,
            };
            match choices {
                Some(choices) => {
                    field.kind = FieldKind::MultiSelect;
                    field.choices = choices;
                }
                None => {
                    field.kind = FieldKind::List;
                    field.item = array
                        .items
                        .as_deref()
                        .map(|item| Box::new(self::field(item, format!("{path}/-"), None, None, cx)));
                }
            }
        }
        _ => {}
    }
    field
}

fn alternatives(options: &[Schema], path: &str, value: Option<&Value>, cx: &Context<'_>) -> Vec<Alternative> {
    let fits = |schema: &Schema| {
        value.is_some_and(|v| !is_blank(Some(v)) && validate(std::slice::from_ref(schema), v).is_valid())
    };
    let chosen =
        options.iter().position(fits).or_else(|| options.iter().position(|o| consts_match(o, value)));
    options
        .iter()
        .enumerate()
        .map(|(i, option)| Alternative {
            title: option.title().map_or_else(|| format!("Option {}", i + 1), str::to_owned),
            description: option.description().map(str::to_owned),
            fields: fields_at(option, path, cx),
            selected: chosen == Some(i),
        })
        .collect()
}

/// Whether `schema` is an object with at least one `const` property and
/// `value` holds every one of them.
fn consts_match(schema: &Schema, value: Option<&Value>) -> bool {
    let (Schema::Object(object), Some(Value::Object(map))) = (schema, value) else { return false };
    let mut consts = object.properties.iter().filter_map(|(name, p)| match p {
        Schema::Const(c) => Some((name, &c.value)),
        _ => None,
    });
    let mut any = false;
    let all = consts.all(|(name, v)| {
        any = true;
        map.get(name) == Some(v)
    });
    any && all
}
