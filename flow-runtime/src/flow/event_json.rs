//! [`event_json`]: a [`FlowEvent`] as one JSON object, the shape of a line
//! of `dflow run --json` (the CLI prints these; bindings hand them to
//! hosts). Every object has a string member `"event"`:
//!
//! | `event` | members | from |
//! |---|---|---|
//! | `step` | `step` (the step JSON), `reason`: `start` \| `arrived` \| `refreshed` \| `back` \| `restored` \| `resumed` | a step is shown |
//! | `polling` | `attempt`, `max_attempts`, `status` (null without a response), `error` | a poll was answered or failed |
//! | `polling_failed` | `reason`: `status` \| `max_attempts` \| `mismatch` \| `invalid`, `detail` | polling gave up |
//! | `open_url` | `url`, `source`: `external` \| `link` | a URL to open |
//! | `errors` | `error`, `validation`, `origin`: `server` (with `status`) \| `client` \| `runtime` | errors shown on the step |
//! | `modal` | `title`, `content` | a modal to show |
//! | `copy` | `content` | text to copy |
//! | `dismiss` | — | close the modal |
//! | `unknown_behavior` | `behavior` | a behavior of an unknown type |
//! | `subflow_started` | `flow_id`, `referrer_id`, `presentation` | a nested flow started |
//! | `subflow_ended` | `flow_id`, `outcome`: `exited` \| `failed` \| `cancelled` | a nested flow ended |
//! | `subflow` | `subflow` | a subflow for the host to run |
//! | `analytics` | `kind`, `flow_id`, `step_id`, `properties` | an analytics event (the CLI prints none) |
//! | `exit` | `result` | terminal: the flow exited |
//! | `failed` | `error` | terminal: the flow failed |
//! | `cancelled` | — | terminal: the flow was cancelled |

use serde::Serialize;
use serde_json::Value;

use super::events::{FlowEvent, ShowReason, Terminal, UrlSource};

/// One line of `dflow run --json`, typed: the one definition of its names
/// and members (see the module docs). Serialised (through a
/// [`Value`], as [`event_json`] does), the variant's name in snake case
/// is the `"event"` member.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventLine {
    /// `step`.
    Step {
        /// The step as sent.
        step: Value,
        /// [`reason_word`].
        reason: String,
    },
    /// `polling`.
    Polling {
        /// 1-based attempt number.
        attempt: u32,
        /// `maxAttempts`.
        max_attempts: u32,
        /// The HTTP status (null without a response).
        status: Option<u16>,
        /// The transport error (URL redacted).
        error: Option<String>,
    },
    /// `polling_failed`.
    PollingFailed {
        /// `status`, `max_attempts`, `mismatch` or `invalid`.
        reason: String,
        /// The failure in words.
        detail: String,
    },
    /// `open_url`.
    OpenUrl {
        /// The URL.
        url: String,
        /// `external` or `link`.
        source: String,
    },
    /// `errors`.
    Errors {
        /// The general message.
        error: Option<String>,
        /// Messages shaped like the model.
        validation: Option<Value>,
        /// `server`, `client` or `runtime`.
        origin: String,
        /// The HTTP status (`server` only; absent otherwise).
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
    },
    /// `modal`.
    Modal {
        /// Its title.
        title: Option<String>,
        /// Its layout, as JSON.
        content: Value,
    },
    /// `copy`.
    Copy {
        /// The text.
        content: String,
    },
    /// `dismiss`.
    Dismiss,
    /// `unknown_behavior`.
    UnknownBehavior {
        /// The behavior as sent.
        behavior: Value,
    },
    /// `subflow`: a subflow for the host.
    Subflow {
        /// The subflow behavior as JSON.
        subflow: Value,
    },
    /// `subflow_started`.
    SubflowStarted {
        /// The nested flow's id.
        flow_id: String,
        /// Its `referrerId`.
        referrer_id: Option<String>,
        /// Its `presentation.type`.
        presentation: Option<String>,
    },
    /// `subflow_ended`.
    SubflowEnded {
        /// The nested flow's id.
        flow_id: String,
        /// [`terminal_word`].
        outcome: String,
    },
    /// `analytics`.
    Analytics {
        /// [`AnalyticsKind::name`](super::events::AnalyticsKind::name).
        kind: String,
        /// The flow's id.
        flow_id: String,
        /// The current step's id.
        step_id: Option<String>,
        /// The step's `analytics` map.
        properties: Value,
    },
    /// `exit`.
    Exit {
        /// The result.
        result: Value,
    },
    /// `failed`.
    Failed {
        /// The error in words.
        error: String,
    },
    /// `cancelled`.
    Cancelled,
}

impl EventLine {
    /// The line of an event.
    pub fn of(event: &FlowEvent) -> EventLine {
        match event {
            FlowEvent::StepShown { step, reason, .. } => {
                EventLine::Step { step: step_json(step), reason: reason_word(*reason).to_owned() }
            }
            FlowEvent::Polling { attempt, max_attempts, status, error } => EventLine::Polling {
                attempt: *attempt,
                max_attempts: *max_attempts,
                status: *status,
                error: error.clone(),
            },
            FlowEvent::PollingFailed { reason } => {
                EventLine::PollingFailed { reason: reason.reason().to_owned(), detail: reason.to_string() }
            }
            FlowEvent::OpenUrl { url, source } => {
                let source = match source {
                    UrlSource::External => "external",
                    _ => "link",
                };
                EventLine::OpenUrl { url: url.clone(), source: source.to_owned() }
            }
            FlowEvent::Errors { error, validation, status, .. } => {
                EventLine::server_errors(error.clone(), validation.clone(), *status)
            }
            FlowEvent::ValidationFailed { validation, .. } => EventLine::client_errors(validation.clone()),
            FlowEvent::Problem { error } => EventLine::runtime_error(error.to_string()),
            FlowEvent::Modal { title, content } => {
                EventLine::Modal { title: title.clone(), content: to_json(content) }
            }
            FlowEvent::Copy { content } => EventLine::Copy { content: content.clone() },
            FlowEvent::Dismiss => EventLine::Dismiss,
            FlowEvent::UnknownBehavior { behavior } => {
                EventLine::UnknownBehavior { behavior: behavior.clone() }
            }
            FlowEvent::SubflowForHost { subflow } => EventLine::Subflow { subflow: to_json(subflow) },
            FlowEvent::SubflowStarted { flow_id, referrer_id, presentation } => EventLine::SubflowStarted {
                flow_id: flow_id.clone(),
                referrer_id: referrer_id.clone(),
                presentation: presentation.clone(),
            },
            FlowEvent::SubflowEnded { flow_id, outcome } => EventLine::SubflowEnded {
                flow_id: flow_id.clone(),
                outcome: terminal_word(outcome).to_owned(),
            },
            FlowEvent::Analytics(analytics) => EventLine::Analytics {
                kind: analytics.kind.name().to_owned(),
                flow_id: analytics.flow_id.clone(),
                step_id: analytics.step_id.clone(),
                properties: to_json(&analytics.properties),
            },
            FlowEvent::Exited { result } => EventLine::Exit { result: result.clone() },
            FlowEvent::Failed { error } => EventLine::Failed { error: error.to_string() },
            FlowEvent::Cancelled => EventLine::Cancelled,
        }
    }

    /// `errors` from an Error Response Body (`origin: server`).
    pub fn server_errors(error: Option<String>, validation: Option<Value>, status: u16) -> EventLine {
        EventLine::Errors { error, validation, origin: "server".to_owned(), status: Some(status) }
    }

    /// `errors` from a failed client-side validation (`origin: client`).
    pub fn client_errors(validation: Value) -> EventLine {
        EventLine::Errors {
            error: None,
            validation: Some(validation),
            origin: "client".to_owned(),
            status: None,
        }
    }

    /// `errors` for a problem the runtime found (`origin: runtime`).
    pub fn runtime_error(message: String) -> EventLine {
        EventLine::Errors {
            error: Some(message),
            validation: None,
            origin: "runtime".to_owned(),
            status: None,
        }
    }

    /// The line as a JSON object.
    pub fn to_json(&self) -> Value {
        to_json(self)
    }
}

/// The event as one JSON object (see the module docs).
///
/// ```
/// use flow_runtime::flow::event_json::event_json;
/// use flow_runtime::FlowEvent;
/// let line = event_json(&FlowEvent::Polling { attempt: 2, max_attempts: 5, status: Some(202), error: None });
/// assert_eq!(line.to_string(), r#"{"attempt":2,"error":null,"event":"polling","max_attempts":5,"status":202}"#);
/// ```
pub fn event_json(event: &FlowEvent) -> Value {
    EventLine::of(event).to_json()
}

fn to_json(value: &impl Serialize) -> Value {
    // Model types and plain values always serialize (string keys).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The step as JSON (as the server sent it, unknown members kept).
pub fn step_json(step: &flow_model::Step) -> Value {
    // A parsed step always serializes (string keys, plain JSON values).
    serde_json::to_value(step).unwrap_or(Value::Null)
}

/// The `reason` word of a step event.
pub fn reason_word(reason: ShowReason) -> &'static str {
    match reason {
        ShowReason::Start => "start",
        ShowReason::Arrived(_) => "arrived",
        ShowReason::Refreshed => "refreshed",
        ShowReason::Back => "back",
        ShowReason::Restored => "restored",
        ShowReason::Resumed => "resumed",
    }
}

/// The word for how a flow ended: `exited`, `failed` or `cancelled`.
pub fn terminal_word(terminal: &Terminal) -> &'static str {
    match terminal {
        Terminal::Exited(_) => "exited",
        Terminal::Failed(_) => "failed",
        Terminal::Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::flow::classify::PollFailure;
    use crate::flow::error::FlowError;
    use crate::flow::events::{AnalyticsEvent, AnalyticsKind};
    use crate::flow::history::Transition;

    #[test]
    fn every_event_kind_has_its_members() {
        let step: flow_model::Step =
            serde_json::from_value(json!({"id": "s", "title": "S", "layout": []})).unwrap();
        let cases = [
            (
                FlowEvent::StepShown {
                    flow_id: "f".into(),
                    step: Arc::new(step.clone()),
                    reason: ShowReason::Arrived(Transition::Push),
                },
                json!({"event": "step", "step": {"id": "s", "title": "S", "layout": []}, "reason": "arrived"}),
            ),
            (
                FlowEvent::StepShown {
                    flow_id: "f".into(),
                    step: Arc::new(step),
                    reason: ShowReason::Resumed,
                },
                json!({"event": "step", "step": {"id": "s", "title": "S", "layout": []}, "reason": "resumed"}),
            ),
            (
                FlowEvent::Polling { attempt: 2, max_attempts: 5, status: Some(200), error: None },
                json!({"event": "polling", "attempt": 2, "max_attempts": 5, "status": 200, "error": null}),
            ),
            (
                FlowEvent::OpenUrl { url: "https://x.test/r".into(), source: UrlSource::External },
                json!({"event": "open_url", "url": "https://x.test/r", "source": "external"}),
            ),
            (
                FlowEvent::Errors {
                    error: Some("No".into()),
                    validation: Some(json!({"a": "bad"})),
                    status: 422,
                    generic: false,
                },
                json!({"event": "errors", "error": "No", "validation": {"a": "bad"}, "origin": "server", "status": 422}),
            ),
            (FlowEvent::Copy { content: "c".into() }, json!({"event": "copy", "content": "c"})),
            (
                FlowEvent::Analytics(AnalyticsEvent {
                    kind: AnalyticsKind::StepShown,
                    flow_id: "f".into(),
                    step_id: Some("s".into()),
                    properties: Default::default(),
                }),
                json!({"event": "analytics", "kind": "step_shown", "flow_id": "f", "step_id": "s", "properties": {}}),
            ),
            (
                FlowEvent::Exited { result: json!({"ok": true}) },
                json!({"event": "exit", "result": {"ok": true}}),
            ),
            (FlowEvent::Cancelled, json!({"event": "cancelled"})),
        ];
        for (event, expected) in cases {
            assert_eq!(event_json(&event), expected);
        }
        let failed = event_json(&FlowEvent::PollingFailed { reason: PollFailure::MaxAttempts });
        assert_eq!(
            (failed["event"].as_str(), failed["reason"].as_str()),
            (Some("polling_failed"), Some("max_attempts"))
        );
        let failed = event_json(&FlowEvent::Failed { error: FlowError::MissingUrl { id: None } });
        assert_eq!(failed["event"], "failed");
        assert!(failed["error"].as_str().unwrap().contains("no url"), "{failed}");
    }
}
