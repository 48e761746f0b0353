//! [`FormState`]: the values a person is entering on a step, checked field
//! by field with the runtime's own client-side validation (one
//! [`Validator`] for the step, the same rules and messages
//! [`FlowHandle::trigger`](crate::FlowHandle::trigger) applies), and the
//! payload to submit (the runtime's [`payload`] rule).

use serde_json::{Map, Value};

use flow_model::{Step, StepErrors};

use super::initial::initial_values;
use super::trigger::Trigger;
use super::Screen;
use crate::flow::merge::payload;
use crate::flow::values::{Validator, ValuesReport};

/// A path that does not name a place in the values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// Not a JSON Pointer (it must be `""` or start with `/`).
    #[error("{path:?} is not a JSON Pointer")]
    NotAPointer {
        /// The path as given.
        path: String,
    },
    /// A segment names an array item that is neither an index up to the
    /// array's length nor `-`.
    #[error("{path:?}: {segment:?} is not an index of the array there")]
    NotAnIndex {
        /// The path as given.
        path: String,
        /// The segment.
        segment: String,
    },
}

/// The values of a step's forms as they are being entered.
///
/// ```
/// use serde_json::json;
/// use flow_runtime::screen::FormState;
///
/// let step: flow_model::Step = serde_json::from_value(json!({"id": "s", "layout": [],
///     "schemas": [{"type": "object", "required": ["address"], "properties": {
///         "address": {"type": "object", "required": ["city"], "properties": {
///             "city": {"type": "string", "minLength": 2}}}}}]}))?;
/// let mut form = FormState::new(&step);
/// form.set("/address/city", json!("L"))?;
/// assert_eq!(form.validate_field("/address/city").as_deref(), Some("Must be at least 2 characters"));
/// form.set("/address/city", json!("London"))?;
/// assert_eq!(form.validate_all(), []);
/// assert_eq!(form.payload(), json!({"address": {"city": "London"}}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct FormState {
    step: Step,
    validator: Validator,
    values: Value,
}

fn tokens(path: &str) -> Result<Vec<String>, PathError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(PathError::NotAPointer { path: path.to_owned() });
    };
    Ok(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

impl FormState {
    /// The step's forms with their initial values: the `model` over the
    /// schemas' defaults ([`initial_values`]).
    pub fn new(step: &Step) -> Self {
        Self::with_values(step, initial_values(step))
    }

    /// The step's forms holding `values` (shaped like the model: earlier
    /// answers, a restored flow's values).
    pub fn with_values(step: &Step, values: Value) -> Self {
        FormState { step: step.clone(), validator: Validator::new(step.schemas()), values }
    }

    /// The step.
    pub fn step(&self) -> &Step {
        &self.step
    }

    /// The values now.
    pub fn values(&self) -> &Value {
        &self.values
    }

    /// The value at `path` (a JSON Pointer, `""` for all of them).
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.values.pointer(path)
    }

    /// Puts `value` at `path`, making the containers on the way (a member
    /// that is neither an object nor an array is replaced by an object, or
    /// by an array when the segment is `-` or `0`); an array item is set by
    /// index, or appended with the index equal to the length or `-`.
    pub fn set(&mut self, path: &str, value: Value) -> Result<(), PathError> {
        let tokens = tokens(path)?;
        let mut target = &mut self.values;
        for token in &tokens {
            if !target.is_object() && !target.is_array() && matches!(token.as_str(), "-" | "0") {
                // A first item where nothing (or no container) is yet.
                *target = Value::Array(Vec::new());
            }
            if let Value::Array(items) = target {
                let index = match token.as_str() {
                    "-" => items.len(),
                    t => t.parse::<usize>().ok().filter(|i| *i <= items.len()).ok_or_else(|| {
                        PathError::NotAnIndex { path: path.to_owned(), segment: token.clone() }
                    })?,
                };
                if index == items.len() {
                    items.push(Value::Null);
                }
                target = &mut items[index];
                continue;
            }
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let Value::Object(map) = target else { unreachable!("made an object above") };
            target = map.entry(token.clone()).or_insert(Value::Null);
        }
        *target = value;
        Ok(())
    }

    /// Removes the value at `path` (an object member or an array item) and
    /// returns it; the root value becomes `{}`.
    pub fn remove(&mut self, path: &str) -> Option<Value> {
        let tokens = tokens(path).ok()?;
        let Some((last, parents)) = tokens.split_last() else {
            return Some(std::mem::replace(&mut self.values, Value::Object(Map::new())));
        };
        let mut target = &mut self.values;
        for token in parents {
            target = match target {
                Value::Object(map) => map.get_mut(token)?,
                Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        match target {
            Value::Object(map) => map.remove(last),
            Value::Array(items) => {
                let index = last.parse::<usize>().ok().filter(|i| *i < items.len())?;
                Some(items.remove(index))
            }
            _ => None,
        }
    }

    /// The runtime's client-side validation of all the values (what
    /// submitting them would report).
    pub fn report(&self) -> ValuesReport {
        self.validator.validate(&self.values)
    }

    /// The on-entry check of one field: the first message the runtime's
    /// validation has for the value at `path` or inside it (a group's
    /// members), `None` when it passes. Every rule is the runtime's:
    /// `required` (with the parent's messages), lengths, `pattern`,
    /// `minimum`/`maximum`, items, `const` and `oneOf`.
    pub fn validate_field(&self, path: &str) -> Option<String> {
        let inside = format!("{path}/");
        let report = self.report();
        let exact = report.fields.iter().find(|f| f.path.as_str() == path);
        exact
            .or_else(|| report.fields.iter().find(|f| f.path.as_str().starts_with(&inside)))
            .map(|f| f.message.clone())
    }

    /// Every failing field as `(path, message)`, in schema order.
    pub fn validate_all(&self) -> Vec<(String, String)> {
        self.report().fields.into_iter().map(|f| (f.path.to_string(), f.message)).collect()
    }

    /// What submitting sends with an action without `data`: the values, or
    /// `{}` when there are none (the runtime's payload rule).
    pub fn payload(&self) -> Value {
        payload(Some(&self.values), None)
    }

    /// What running `trigger` sends: the values with its action's `data`
    /// shallow-merged over them (the runtime's payload rule); for a
    /// behavior that is not an action, [`payload`](Self::payload).
    pub fn payload_for(&self, trigger: &Trigger) -> Value {
        let data = trigger.behavior.as_action().and_then(|a| a.data.as_ref());
        payload(Some(&self.values), data)
    }

    /// The step's screen with these values; `errors` are shown as they are,
    /// or, when `None`, the client-side validation's messages (without a
    /// general one) when the values do not pass.
    pub fn screen(&self, errors: Option<&StepErrors>) -> Screen {
        match errors {
            Some(errors) => Screen::build(&self.step, Some(&self.values), Some(errors)),
            None => {
                let report = self.report();
                let mut errors = StepErrors::default();
                errors.validation = (!report.is_valid()).then_some(report.validation);
                Screen::build(&self.step, Some(&self.values), Some(&errors))
            }
        }
    }
}
