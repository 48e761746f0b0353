//! `--auto`: answers each step without a person. The values are the step's
//! `model` over its schemas' defaults; the choice is the first action that
//! does not exit, else the first action (in the order [`render::choices`]
//! numbers them). Behaviors that only talk to the host (link, copy, modal…)
//! are never picked: they would not move the flow on.
//!
//! A step that keeps refusing (errors after every submission) is given up
//! after [`MAX_MOVES_PER_STEP`] moves: dflow stops as it does for a step
//! that needs a person.

use serde_json::{Map, Value};

use flow_model::{Behavior, Schema, Step};

use super::{Turn, TurnContext};
use crate::render::{self, Choice};

/// How many moves `--auto` makes on one step before giving up.
pub(crate) const MAX_MOVES_PER_STEP: u32 = 3;

/// The `--auto` chooser.
#[derive(Debug, Default)]
pub(crate) struct Auto;

impl Auto {
    /// What to do on `step`.
    pub(crate) fn turn(&self, step: &Step, context: &TurnContext) -> Turn {
        if context.moves >= MAX_MOVES_PER_STEP {
            return Turn::Stop {
                why: format!("--auto gave up on step {:?} after {} tries", step.id(), context.moves),
            };
        }
        match pick(step) {
            Some(choice) => Turn::Run {
                label: choice.label,
                behavior: choice.behavior,
                values: values(step),
                announce: true,
            },
            None => Turn::Stop { why: format!("step {:?} offers no action to take", step.id()) },
        }
    }
}

/// The first choice whose behavior performs an action that does not exit,
/// else the first that performs any action.
pub(crate) fn pick(step: &Step) -> Option<Choice> {
    let choices: Vec<Choice> =
        render::choices(step).into_iter().filter(|c| matches!(c.behavior, Behavior::Action(_))).collect();
    let not_exiting = choices.iter().position(|c| c.behavior.as_action().is_some_and(|a| !a.is_exit()));
    let index = not_exiting.unwrap_or(0);
    choices.into_iter().nth(index)
}

/// The values `--auto` submits: the step's `model` over its schemas' defaults.
pub(crate) fn values(step: &Step) -> Value {
    let mut values = defaults(step.schemas());
    if let Some(model) = &step.model {
        overlay(&mut values, model);
    }
    values
}

/// The defaults of every root schema, merged into one model (`{}` when none).
pub(crate) fn defaults(schemas: &[Schema]) -> Value {
    let mut merged = Value::Object(Map::new());
    for schema in schemas {
        if let Some(value) = default_of(schema) {
            overlay(&mut merged, &value);
        }
    }
    merged
}

/// A schema's default value: its `default`, a `const`'s value, or an
/// object of its properties' defaults.
fn default_of(schema: &Schema) -> Option<Value> {
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

/// Deep-merges `top` over `base`: objects member by member, anything else replaced.
fn overlay(base: &mut Value, top: &Value) {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn step(value: Value) -> Step {
        serde_json::from_value(value).unwrap()
    }

    fn button(title: &str, action: Value) -> Value {
        json!({"type": "button", "title": title, "behavior": {"type": "action", "action": action}})
    }

    #[test]
    fn picks_the_first_non_exit_action_else_the_first_action() {
        let s = step(json!({"id": "s", "layout": [
            {"type": "button", "title": "Receipt", "behavior": {"type": "link", "url": "https://x.test"}},
            button("Cancel", json!({"exit": true})),
            button("Next", json!({"url": "/next"})),
            button("Other", json!({"url": "/other"})),
        ]}));
        assert_eq!(pick(&s).unwrap().label, "Next");
        let s = step(json!({"id": "s", "layout": [
            {"type": "button", "title": "Receipt", "behavior": {"type": "link", "url": "https://x.test"}},
            button("Done", json!({"exit": true, "url": "/finish"})),
            button("Close", json!({"exit": true})),
        ]}));
        assert_eq!(pick(&s).unwrap().label, "Done");
        let s = step(json!({"id": "s", "layout": [
            {"type": "button", "title": "Copy", "behavior": {"type": "copy", "content": "x"}}
        ]}));
        assert!(pick(&s).is_none());
        assert!(matches!(Auto.turn(&s, &TurnContext::default()), Turn::Stop { .. }));
    }

    #[test]
    fn legacy_buttons_and_decisions_count_as_actions() {
        let s = step(json!({"id": "s", "layout": [
            {"type": "decision", "options": [{"title": "Card", "action": {"url": "/card"}}]},
            {"type": "button", "action": {"title": "Go", "url": "/go"}}
        ]}));
        assert_eq!(pick(&s).unwrap().label, "Card");
    }

    #[test]
    fn values_are_the_model_over_the_defaults() {
        let s = step(json!({"id": "s", "layout": [],
            "schemas": [{"$id": "a", "type": "object", "properties": {
                "amount": {"type": "number", "default": 10},
                "currency": {"oneOf": [{"const": "GBP"}, {"const": "EUR"}], "default": "GBP"},
                "express": {"type": "boolean", "default": false},
                "kind": {"const": "transfer"},
                "address": {"type": "object", "properties": {"city": {"type": "string", "default": "London"}}},
                "note": {"type": "string"}
            }}],
            "model": {"amount": 25, "address": {"street": "Main"}}}));
        assert_eq!(
            values(&s),
            json!({"amount": 25, "currency": "GBP", "express": false, "kind": "transfer",
                   "address": {"city": "London", "street": "Main"}})
        );
        assert_eq!(values(&step(json!({"id": "e", "layout": []}))), json!({}));
    }

    #[test]
    fn gives_up_after_repeated_refusals() {
        let s = step(json!({"id": "s", "layout": [button("Next", json!({"url": "/next"}))]}));
        let mut context = TurnContext::default();
        assert!(matches!(Auto.turn(&s, &context), Turn::Run { .. }));
        context.moves = MAX_MOVES_PER_STEP;
        assert!(matches!(Auto.turn(&s, &context), Turn::Stop { .. }));
    }
}
