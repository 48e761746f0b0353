//! What a flow tells its host: [`FlowEvent`] (what the host should render or
//! do), ending with exactly one terminal event ([`Terminal`]). The
//! interpreter emits them; [`FlowEvents`](crate::FlowEvents) carries them.

use std::sync::Arc;

use serde_json::Value;

use flow_model::layout::Layout;
use flow_model::{Extra, Step, SubflowBehavior};

use super::classify::PollFailure;
use super::error::FlowError;
use super::history::Transition;
use super::values::FieldError;

/// Why a step is being shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ShowReason {
    /// The flow started from this ready step.
    Start,
    /// The step arrived in a response (or from polling) and entered the
    /// history as described.
    Arrived(Transition),
    /// A refresh replaced the current step.
    Refreshed,
    /// Back navigation returned to this step of the history.
    Back,
    /// A subflow ended and its parent's step is shown again.
    Restored,
    /// The flow was restored from a saved state
    /// ([`FlowBuilder::restore`](crate::FlowBuilder::restore)) and its
    /// current step is shown again.
    Resumed,
}

/// Where a URL to open comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlSource {
    /// A step's `external` (opened once per arriving step).
    External,
    /// A `link` behavior.
    Link,
}

/// Which analytics event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnalyticsKind {
    /// The flow (or a nested subflow) started.
    FlowInitiated,
    /// A step was shown.
    StepShown,
    /// The flow exited.
    Succeeded,
    /// The flow failed.
    Failed,
    /// The flow was cancelled.
    Cancelled,
}

impl AnalyticsKind {
    /// A stable name (`"flow_initiated"`, `"step_shown"`, `"succeeded"`, `"failed"`, `"cancelled"`).
    pub fn name(self) -> &'static str {
        match self {
            AnalyticsKind::FlowInitiated => "flow_initiated",
            AnalyticsKind::StepShown => "step_shown",
            AnalyticsKind::Succeeded => "succeeded",
            AnalyticsKind::Failed => "failed",
            AnalyticsKind::Cancelled => "cancelled",
        }
    }
}

/// An analytics event: which, for which flow and step, with the step's
/// `analytics` properties.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AnalyticsEvent {
    /// Which event.
    pub kind: AnalyticsKind,
    /// The flow's id (a nested subflow has its own).
    pub flow_id: String,
    /// The current step's id, when a step is shown.
    pub step_id: Option<String>,
    /// The current step's `analytics` map (empty when it has none).
    pub properties: Extra,
}

/// How a flow ended: exactly one of these per flow.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Terminal {
    /// The flow exited with this result.
    Exited(Value),
    /// The flow failed.
    Failed(FlowError),
    /// The flow was cancelled (by the host, by back on the first step, or
    /// because every handle was dropped).
    Cancelled,
}

/// Something the host should render or do.
///
/// The stream ends after exactly one of [`FlowEvent::Exited`],
/// [`FlowEvent::Failed`] and [`FlowEvent::Cancelled`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FlowEvent {
    /// Show this step.
    StepShown {
        /// The id of the flow it belongs to (subflows have their own).
        flow_id: String,
        /// The step.
        step: Arc<Step>,
        /// Why it is shown.
        reason: ShowReason,
    },
    /// A poll request was answered (or failed).
    Polling {
        /// 1-based attempt number.
        attempt: u32,
        /// `maxAttempts`.
        max_attempts: u32,
        /// The HTTP status, when a response arrived.
        status: Option<u16>,
        /// The transport error (URL redacted), when none did.
        error: Option<String>,
    },
    /// Polling failed (then its `onError` behavior runs, if any).
    PollingFailed {
        /// Why; [`PollFailure::reason`] is the protocol's word for it.
        reason: PollFailure,
    },
    /// An Error Response Body: the step stays and shows these errors.
    Errors {
        /// The general message (a generic one when the body had none).
        error: Option<String>,
        /// Messages shaped like the model.
        validation: Option<Value>,
        /// The HTTP status.
        status: u16,
        /// Whether `error` is the runtime's generic message.
        generic: bool,
    },
    /// The values failed client-side validation; nothing was sent.
    ValidationFailed {
        /// Messages shaped like the model.
        validation: Value,
        /// Every failing field.
        fields: Vec<FieldError>,
    },
    /// Open this URL outside the flow.
    OpenUrl {
        /// The URL (relative references resolved against the flow's base).
        url: String,
        /// Where it comes from.
        source: UrlSource,
    },
    /// Copy this text.
    Copy {
        /// The text.
        content: String,
    },
    /// Show a modal.
    Modal {
        /// Its title.
        title: Option<String>,
        /// Its content.
        content: Vec<Layout>,
    },
    /// Close the current modal.
    Dismiss,
    /// A behavior of an unknown `type`; nothing else happened.
    UnknownBehavior {
        /// The behavior as sent.
        behavior: Value,
    },
    /// A subflow whose launch config the engine does not run: the host runs
    /// it and reports with [`FlowHandle::complete_subflow`](crate::FlowHandle::complete_subflow).
    SubflowForHost {
        /// The subflow.
        subflow: SubflowBehavior,
    },
    /// A nested (dynamic) flow started; its events follow until [`FlowEvent::SubflowEnded`].
    SubflowStarted {
        /// The nested flow's id.
        flow_id: String,
        /// The subflow's `referrerId`.
        referrer_id: Option<String>,
        /// The launch config's `presentation.type`, if any.
        presentation: Option<String>,
    },
    /// A nested flow ended; its parent continues.
    SubflowEnded {
        /// The nested flow's id.
        flow_id: String,
        /// How it ended.
        outcome: Terminal,
    },
    /// A host-visible error that did not end the flow (the step stays).
    Problem {
        /// What went wrong.
        error: FlowError,
    },
    /// An analytics event.
    Analytics(AnalyticsEvent),
    /// Terminal: the flow exited with this result.
    Exited {
        /// The result.
        result: Value,
    },
    /// Terminal: the flow failed.
    Failed {
        /// Why.
        error: FlowError,
    },
    /// Terminal: the flow was cancelled.
    Cancelled,
}

impl FlowEvent {
    /// The terminal state, when this is a terminal event.
    pub fn terminal(&self) -> Option<Terminal> {
        match self {
            FlowEvent::Exited { result } => Some(Terminal::Exited(result.clone())),
            FlowEvent::Failed { error } => Some(Terminal::Failed(error.clone())),
            FlowEvent::Cancelled => Some(Terminal::Cancelled),
            _ => None,
        }
    }
}
