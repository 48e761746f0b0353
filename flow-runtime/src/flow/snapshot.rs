//! [`FlowSnapshot`]: the whole state of a flow at one moment, for hosts that
//! render from state rather than from events (and for idle detection).

use std::sync::Arc;

use flow_model::{Step, StepErrors};
use serde_json::Value;

use super::events::Terminal;
use super::saved::Resumable;

/// The state of a flow, as of the last command, response or poll event the
/// interpreter handled.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct FlowSnapshot {
    /// The root flow's id.
    pub flow_id: String,
    /// The id of the flow being shown: the root, or a nested subflow.
    pub active_flow_id: String,
    /// How many subflows deep the shown flow is (0: the root).
    pub depth: usize,
    /// The current step of the shown flow, if one has been shown.
    pub step: Option<Arc<Step>>,
    /// The shown flow's history, oldest first; the last is `step`.
    pub history: Vec<Arc<Step>>,
    /// The current step's newest `ETag`.
    pub etag: Option<String>,
    /// Whether a poll session runs for the current step.
    pub polling: bool,
    /// Whether the host paused the flow (no poll request is sent).
    pub paused: bool,
    /// Whether a request that moves the flow is in flight, or the runtime
    /// is still applying what just happened (a snapshot published with an
    /// event, before the rest of that turn).
    pub busy: bool,
    /// Whether a subflow handed to the host waits for its result.
    pub host_subflow: bool,
    /// How the flow ended, once it has.
    pub terminal: Option<Terminal>,
    /// The values the host last submitted in the shown flow (to fill a
    /// restored step's form again), if any.
    pub values: Option<Value>,
    /// The errors the current step shows: its own `errors` when it was
    /// shown, replaced by those of an Error Response Body (§5.2) or of a
    /// failed client-side validation on it; `None` when there are none.
    pub errors: Option<StepErrors>,
    /// Whether `values` were submitted on the current step (not an earlier one).
    pub(crate) values_on_step: bool,
    /// What a saved state is made of (see [`saved`](super::saved)).
    pub(crate) resumable: Resumable,
}

impl FlowSnapshot {
    /// The ids of the history's steps, oldest first.
    pub fn history_ids(&self) -> Vec<&str> {
        self.history.iter().map(|s| s.id()).collect()
    }

    /// The [`Screen`](crate::screen::Screen) of the current step (`None`
    /// before one is shown): its values are the ones last submitted on that
    /// step (a restored step's too), else its `model`; its errors are
    /// [`errors`](Self::errors).
    pub fn screen(&self) -> Option<crate::screen::Screen> {
        let step = self.step.as_ref()?;
        let submitted = self.values.as_ref().filter(|_| self.values_on_step);
        let values = submitted.or(step.model.as_ref());
        Some(crate::screen::Screen::build(step, values, self.errors.as_ref()))
    }

    /// Whether the flow waits for the host: nothing in flight, or ended.
    pub fn is_idle(&self) -> bool {
        !self.busy || self.terminal.is_some()
    }
}
