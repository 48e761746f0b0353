//! The values a form starts from: the step's `model` over its schemas'
//! defaults ([`initial_values`]).

use serde_json::{Map, Value};

use flow_model::{Schema, Step};

/// The values a step's forms start from: the defaults of every root schema
/// (a `default`, a `const`'s value, an object of its properties' defaults,
/// an `allOf`'s parts merged), with the step's `model` deep-merged over
/// them (objects member by member, anything else replaced); `{}` when
/// there is neither.
///
/// ```
/// use serde_json::json;
/// let step: flow_model::Step = serde_json::from_value(json!({"id": "s", "layout": [],
///     "schemas": [{"type": "object", "properties": {
///         "amount": {"type": "number", "default": 10},
///         "kind": {"const": "transfer"}}}],
///     "model": {"amount": 25}}))?;
/// assert_eq!(flow_runtime::screen::initial_values(&step), json!({"amount": 25, "kind": "transfer"}));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn initial_values(step: &Step) -> Value {
    let mut values = Value::Object(Map::new());
    for schema in step.schemas() {
        if let Some(value) = default_of(schema) {
            overlay(&mut values, &value);
        }
    }
    if let Some(model) = &step.model {
        overlay(&mut values, model);
    }
    values
}

/// A schema's default value: its `default`, a `const`'s value, or an
/// object of its properties' defaults.
pub(crate) fn default_of(schema: &Schema) -> Option<Value> {
    match schema {
        Schema::Object(object) => {
            let map: Map<String, Value> = object
                .properties
                .iter()
                .filter_map(|(name, property)| default_of(property).map(|v| (name.clone(), v)))
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        Schema::AllOf(all) => {
            let mut merged: Option<Value> = None;
            for part in &all.all_of {
                if let Some(value) = default_of(part) {
                    match &mut merged {
                        Some(m) => overlay(m, &value),
                        None => merged = Some(value),
                    }
                }
            }
            merged
        }
        Schema::String(s) => s.default.clone().map(Value::String),
        Schema::Number(n) | Schema::Integer(n) => n.default.clone().map(Value::Number),
        Schema::Boolean(b) => b.default.map(Value::Bool),
        Schema::OneOf(o) => o.default.clone(),
        Schema::Const(c) => Some(c.value.clone()),
        _ => None,
    }
}

/// A schema's own `default` (or a `const`'s value), not its properties'.
pub(crate) fn own_default(schema: &Schema) -> Option<Value> {
    match schema {
        Schema::Object(_) | Schema::AllOf(_) => None,
        other => default_of(other),
    }
}

/// Deep-merges `top` over `base`: objects member by member, anything else replaced.
pub(crate) fn overlay(base: &mut Value, top: &Value) {
    match (base, top) {
        (Value::Object(base), Value::Object(top)) => {
            for (key, value) in top {
                match base.get_mut(key) {
                    Some(existing) => overlay(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, top) => *base = top.clone(),
    }
}
