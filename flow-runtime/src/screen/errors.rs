//! [`ScreenErrors`]: the errors a screen shows, a general message and
//! field messages by JSON Pointer, from a step's `errors`, an Error
//! Response Body or a failed client-side validation (all shaped like the
//! model).

use serde::Serialize;
use serde_json::Value;

/// A message for the value at one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FieldMessage {
    /// JSON Pointer of the value (`""`: the whole value).
    pub path: String,
    /// The message.
    pub message: String,
}

/// The errors of a screen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScreenErrors {
    /// The general message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The field messages, in the order of the `validation` tree.
    pub fields: Vec<FieldMessage>,
}

impl ScreenErrors {
    /// The errors of a general message and a model-shaped `validation`.
    pub fn new(error: Option<String>, validation: Option<&Value>) -> Self {
        ScreenErrors { error, fields: validation.map(flatten_validation).unwrap_or_default() }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.error.is_none() && self.fields.is_empty()
    }

    /// The message for the value at `path`.
    pub fn at(&self, path: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.path == path).map(|f| f.message.as_str())
    }
}

/// The messages of a model-shaped `validation` (`{"address": {"city":
/// "Required"}}`) with their JSON Pointers (`/address/city`), in tree order;
/// array items are keyed by index, a non-string leaf is shown as JSON.
///
/// ```
/// use serde_json::json;
/// use flow_runtime::screen::flatten_validation;
///
/// let found = flatten_validation(&json!({"amount": "Too low", "items": [null, "Bad"]}));
/// assert_eq!(found[0].path, "/amount");
/// assert_eq!(found[1].path, "/items/1");
/// assert_eq!(flatten_validation(&json!("Check the form"))[0].path, "");
/// ```
pub fn flatten_validation(validation: &Value) -> Vec<FieldMessage> {
    fn walk(value: &Value, path: String, out: &mut Vec<FieldMessage>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    walk(inner, format!("{path}/{}", flow_model::escape_pointer_token(key)), out);
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    walk(inner, format!("{path}/{i}"), out);
                }
            }
            Value::Null => {}
            Value::String(message) => out.push(FieldMessage { path, message: message.clone() }),
            other => out.push(FieldMessage { path, message: other.to_string() }),
        }
    }
    let mut out = Vec::new();
    walk(validation, String::new(), &mut out);
    out
}
