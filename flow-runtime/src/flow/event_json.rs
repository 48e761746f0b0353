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

use serde_json::{json, Value};

use super::events::{FlowEvent, ShowReason, Terminal, UrlSource};

/// The event as one JSON object (see the module docs).
///
/// ```
/// use flow_runtime::flow::event_json::event_json;
/// use flow_runtime::FlowEvent;
/// let line = event_json(&FlowEvent::Polling { attempt: 2, max_attempts: 5, status: Some(202), error: None });
/// assert_eq!(line.to_string(), r#"{"attempt":2,"error":null,"event":"polling","max_attempts":5,"status":202}"#);
/// ```
pub fn event_json(event: &FlowEvent) -> Value {
    match event {
        FlowEvent::StepShown { step, reason, .. } => {
            json!({"event": "step", "step": step_json(step), "reason": reason_word(*reason)})
        }
        FlowEvent::Polling { attempt, max_attempts, status, error } => json!({
            "event": "polling", "attempt": attempt, "max_attempts": max_attempts,
            "status": status, "error": error,
        }),
        FlowEvent::PollingFailed { reason } => {
            json!({"event": "polling_failed", "reason": reason.reason(), "detail": reason.to_string()})
        }
        FlowEvent::OpenUrl { url, source } => {
            let source = match source {
                UrlSource::External => "external",
                _ => "link",
            };
            json!({"event": "open_url", "url": url, "source": source})
        }
        FlowEvent::Errors { error, validation, status, .. } => json!({
            "event": "errors", "error": error, "validation": validation, "origin": "server", "status": status,
        }),
        FlowEvent::ValidationFailed { validation, .. } => {
            json!({"event": "errors", "error": null, "validation": validation, "origin": "client"})
        }
        FlowEvent::Problem { error } => {
            json!({"event": "errors", "error": error.to_string(), "validation": null, "origin": "runtime"})
        }
        FlowEvent::Modal { title, content } => json!({"event": "modal", "title": title, "content": content}),
        FlowEvent::Copy { content } => json!({"event": "copy", "content": content}),
        FlowEvent::Dismiss => json!({"event": "dismiss"}),
        FlowEvent::UnknownBehavior { behavior } => json!({"event": "unknown_behavior", "behavior": behavior}),
        FlowEvent::SubflowForHost { subflow } => json!({"event": "subflow", "subflow": subflow}),
        FlowEvent::SubflowStarted { flow_id, referrer_id, presentation } => json!({
            "event": "subflow_started", "flow_id": flow_id, "referrer_id": referrer_id,
            "presentation": presentation,
        }),
        FlowEvent::SubflowEnded { flow_id, outcome } => {
            json!({"event": "subflow_ended", "flow_id": flow_id, "outcome": terminal_word(outcome)})
        }
        FlowEvent::Analytics(analytics) => json!({
            "event": "analytics", "kind": analytics.kind.name(), "flow_id": analytics.flow_id,
            "step_id": analytics.step_id, "properties": analytics.properties,
        }),
        FlowEvent::Exited { result } => json!({"event": "exit", "result": result}),
        FlowEvent::Failed { error } => json!({"event": "failed", "error": error.to_string()}),
        FlowEvent::Cancelled => json!({"event": "cancelled"}),
    }
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
