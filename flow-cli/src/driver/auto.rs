//! `--auto`: answers each step without a person. The values are the step's
//! `model` over its schemas' defaults; the choice is the first action that
//! does not exit, else the first action (in the order [`render::choices`]
//! numbers them). Behaviors that only talk to the host (link, copy, modal…)
//! are never picked: they would not move the flow on.
//!
//! A step that keeps refusing (errors after every submission) is given up
//! after [`MAX_MOVES_PER_STEP`] moves: dflow stops as it does for a step
//! that needs a person.

use serde_json::Value;

use flow_model::Step;
use flow_runtime::screen::initial_values;

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
                behavior: choice.trigger.behavior,
                action_id: choice.trigger.action_id,
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
    let choices: Vec<Choice> = render::choices(step).into_iter().filter(|c| c.trigger.is_action()).collect();
    let not_exiting = choices.iter().position(|c| !c.trigger.exits);
    let index = not_exiting.unwrap_or(0);
    choices.into_iter().nth(index)
}

/// The values `--auto` submits: the step's `model` over its schemas'
/// defaults (the runtime's [`initial_values`], where a person's form starts too).
pub(crate) fn values(step: &Step) -> Value {
    initial_values(step)
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
