//! The screen model: a UI-agnostic description of the current step that a
//! shell (terminal, mobile, web, tests) renders as it is, without walking
//! the protocol's layouts and schemas itself.
//!
//! * [`Screen`]: the step's id, title, description, its [`Node`] tree (one
//!   node per layout component, containers with their children, unknown
//!   components kept as raw JSON with their type name) and its
//!   [`ScreenErrors`].
//! * Each `form` node holds its [`Field`]s, resolved from the step's
//!   schemas: a stable [`Field::path`] (a JSON Pointer into the submitted
//!   values, `""` for the root value), a [`FieldKind`], labels, help,
//!   choices, `displayOrder` honoured, the validation rules with their
//!   messages, the current value and default, and the field's current error
//!   (client or server, matched by path).
//! * Each button, decision option and call to action has a [`Trigger`]: the
//!   behavior to run and, when [`FlowHandle::trigger_id`](crate::FlowHandle::trigger_id)
//!   finds it by its action's `id`, that id.
//! * [`FormState`]: the values being entered, checked field by field with
//!   the runtime's own client-side validation ([`values`](crate::flow::values)),
//!   and the payload to submit.
//!
//! [`FlowSnapshot::screen`](crate::FlowSnapshot::screen) and
//! [`FlowHandle::screen`](crate::FlowHandle::screen) give the screen of the
//! current step with the current values and errors.
//!
//! ```
//! use serde_json::json;
//! use flow_runtime::screen::{FieldKind, FormState, Node, Screen};
//!
//! let step: flow_model::Step = serde_json::from_value(json!({
//!     "id": "pay", "title": "Send money",
//!     "schemas": [{"$id": "payment", "type": "object", "required": ["amount"],
//!         "displayOrder": ["amount", "currency"],
//!         "properties": {
//!             "amount": {"type": "number", "title": "Amount", "minimum": 1,
//!                        "validationMessages": {"minimum": "Send at least 1"}},
//!             "currency": {"title": "Currency", "oneOf": [
//!                 {"const": "GBP", "title": "Pound"}, {"const": "EUR", "title": "Euro"}]}}}],
//!     "layout": [
//!         {"type": "form", "schemaId": "payment"},
//!         {"type": "button", "title": "Continue",
//!          "behavior": {"type": "action", "action": {"id": "go", "url": "/pay"}}}],
//!     "model": {"currency": "EUR"}
//! }))?;
//! let screen = Screen::from_step(&step);
//! assert_eq!(screen.title, "Send money");
//! let Node::Form(form) = &screen.nodes[0] else { panic!("a form") };
//! assert_eq!(form.fields[0].path, "/amount");
//! assert_eq!(form.fields[1].kind, FieldKind::Select);
//! assert_eq!(form.fields[1].value, Some(json!("EUR")));
//! // The button's trigger carries the id FlowHandle::trigger_id takes.
//! assert_eq!(screen.choices()[0].trigger.action_id.as_deref(), Some("go"));
//!
//! let mut form = FormState::new(&step);
//! form.set("/amount", json!(0))?;
//! assert_eq!(form.validate_field("/amount").as_deref(), Some("Send at least 1"));
//! form.set("/amount", json!(25))?;
//! assert!(form.validate_all().is_empty());
//! assert_eq!(form.payload(), json!({"amount": 25, "currency": "EUR"}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod errors;
mod field;
mod form_state;
mod initial;
mod node;
mod resolve;
mod trigger;

use serde::Serialize;
use serde_json::Value;

use flow_model::{Step, StepErrors};

pub use errors::{flatten_validation, FieldMessage, ScreenErrors};
pub use field::{Alternative, Choice, Field, FieldKind};
pub use form_state::{FormState, PathError};
pub use initial::initial_values;
pub use node::{
    AlertNode, ButtonNode, ColumnsNode, ContainerNode, DecisionNode, DecisionOptionNode, FormNode,
    HeadingNode, ImageNode, InstructionItemNode, InstructionsNode, ListItemNode, ListNode, MarkdownNode,
    ModalNode, Node, ProgressNode, ReviewFieldNode, ReviewNode, SearchNode, SectionNode, StatusItemNode,
    StatusListNode, TabNode, TabsNode, TextNode, UnknownNode, UpsellNode,
};
pub use trigger::{ScreenChoice, Trigger};

/// The current step as a shell renders it (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Screen {
    /// The step's `id` (`""` when absent).
    pub step_id: String,
    /// The step's `title` (`""` when absent).
    pub title: String,
    /// The step's `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the screen shows, in order.
    pub nodes: Vec<Node>,
    /// The errors to show: a general message and the field messages.
    pub errors: ScreenErrors,
    /// The title of the step's own back navigation (`navigation.back`), if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_title: Option<String>,
}

impl Screen {
    /// The screen of `step` as it arrived: its `model` as the values, its
    /// `errors` as the errors.
    pub fn from_step(step: &Step) -> Screen {
        Screen::build(step, step.model.as_ref(), step.errors.as_ref())
    }

    /// The screen of `step` showing `values` (shaped like the model: what
    /// the fields hold now) and `errors` (a general message and messages
    /// shaped like the model, as `errors` or an Error Response Body carry).
    pub fn build(step: &Step, values: Option<&Value>, errors: Option<&StepErrors>) -> Screen {
        let errors = ScreenErrors::new(
            errors.and_then(|e| e.error.clone()),
            errors.and_then(|e| e.validation.as_ref()),
        );
        let empty = Value::Null;
        let values = values.unwrap_or(&empty);
        let nodes = build::nodes(step, values, &errors);
        Screen {
            step_id: step.id().to_owned(),
            title: step.title().to_owned(),
            description: step.description.clone(),
            nodes,
            errors,
            back_title: step.navigation.as_ref().and_then(|n| n.back.as_ref()).map(|b| {
                b.title.clone().unwrap_or_else(|| b.action.legacy_title().unwrap_or("Back").to_owned())
            }),
        }
    }

    /// Every enabled trigger (buttons, decision options, calls to action,
    /// the 1.x review action) in the order the screen shows them: what a
    /// shell numbers or lays out as the step's choices.
    pub fn choices(&self) -> Vec<ScreenChoice<'_>> {
        let mut out = Vec::new();
        for node in &self.nodes {
            node.collect_choices(&mut out);
        }
        out
    }

    /// Every form field of the screen, nested ones included, depth first.
    pub fn fields(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        for node in &self.nodes {
            node.collect_forms(&mut |form| {
                for field in &form.fields {
                    field.walk(&mut |f| out.push(f));
                }
            });
        }
        out
    }

    /// The forms of the screen, nested ones included, in order.
    pub fn forms(&self) -> Vec<&FormNode> {
        let mut out = Vec::new();
        for node in &self.nodes {
            node.collect_forms(&mut |form| out.push(form));
        }
        out
    }

    /// The field at `path`, if a form shows one there.
    pub fn field(&self, path: &str) -> Option<&Field> {
        self.fields().into_iter().find(|f| f.path == path)
    }
}

#[cfg(test)]
mod tests;
