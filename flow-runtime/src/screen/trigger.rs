//! [`Trigger`]: what a button, a decision option or a call to action does,
//! with the id a shell sends back to run it.

use serde::Serialize;

use flow_model::{Behavior, Step};

use crate::flow::lookup::find_action;

/// What pressing a control does.
///
/// A shell runs it with [`FlowHandle::trigger_id`](crate::FlowHandle::trigger_id)
/// and [`action_id`](Self::action_id) when that is set, else with
/// [`FlowHandle::trigger_behavior`](crate::FlowHandle::trigger_behavior) and
/// [`behavior`](Self::behavior).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Trigger {
    /// The action's `id` when triggering by that id runs exactly this
    /// action (the runtime takes the first action with an id in document
    /// order, [`find_action`]); `None` for other behaviors, actions without
    /// an id, and an id an earlier action of the step also carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_id: Option<String>,
    /// The behavior it runs (`behavior`, else the 1.x `action`).
    pub behavior: Behavior,
    /// Whether running it submits values the runtime validates first (an
    /// action with a `url` and without `skipValidation`).
    pub validates: bool,
    /// Whether it is an exiting action.
    pub exits: bool,
}

impl Trigger {
    /// The trigger of `behavior` on `step`.
    pub(crate) fn new(step: &Step, behavior: Behavior) -> Trigger {
        let action = behavior.as_action();
        let action_id = action
            .and_then(|a| a.id.as_deref().map(|id| (a, id)))
            .filter(|(a, id)| find_action(step, id).as_ref() == Some(*a))
            .map(|(_, id)| id.to_owned());
        let validates = action.is_some_and(|a| {
            a.skip_validation != Some(true) && a.url.as_deref().is_some_and(|u| !u.trim().is_empty())
        });
        let exits = action.is_some_and(|a| a.is_exit());
        Trigger { action_id, behavior, validates, exits }
    }

    /// Whether it performs an action (as opposed to a host-only behavior:
    /// link, copy, modal, dismiss…).
    pub fn is_action(&self) -> bool {
        matches!(self.behavior, Behavior::Action(_))
    }
}

/// One enabled control of a screen: its title and its trigger (see
/// [`Screen::choices`](super::Screen::choices)).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ScreenChoice<'a> {
    /// What the control says.
    pub title: &'a str,
    /// What it does.
    pub trigger: &'a Trigger,
}
