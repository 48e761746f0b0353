//! `dflow run --json`: one JSON object per line for each event, each with a
//! string member `"event"`.
//!
//! | `event` | members | from |
//! |---|---|---|
//! | `step` | `step` (the step JSON), `reason` | a step is shown |
//! | `polling` | `attempt`, `max_attempts`, `status` (null without a response), `error` | a poll was answered or failed |
//! | `polling_failed` | `reason`: `status` \| `max_attempts` \| `mismatch` \| `invalid`, `detail` | polling gave up |
//! | `open_url` | `url`, `source`: `external` \| `link` | a URL to open |
//! | `errors` | `error`, `validation`, `origin`: `server` \| `client` \| `runtime` | errors shown on the step (an Error Response Body, a failed client-side validation, or a problem the runtime found; the step stays) |
//! | `modal` | `title`, `content` | a modal to show |
//! | `copy` | `content` | text to copy |
//! | `dismiss` | — | close the modal |
//! | `unknown_behavior` | `behavior` | a behavior of an unknown type (nothing happened) |
//! | `subflow_started` / `subflow_ended` | `flow_id`, … | a nested flow ran |
//! | `subflow` | `subflow` | a subflow only the host could run (dflow reports it failed) |
//! | `exit` | `result` | terminal: the flow exited |
//! | `failed` | `error` | terminal: the flow failed (or could not start) |
//! | `cancelled` | `signal` (`SIGINT` \| `SIGTERM`) when one cancelled it | terminal: the flow was cancelled (by a person, or by a signal: then it is the last line and dflow exits 130 / 143) |
//! | `waiting` | `step` | `--non-interactive`: the step needs a person; dflow stopped |
//!
//! Analytics events are not printed (they go to the log at debug level).
//! The shape of each line is flow-runtime's
//! [`event_json`](flow_runtime::flow::event_json), which bindings share.

use std::io::Write;

use serde_json::{json, Value};

use flow_runtime::flow::event_json::step_json;
use flow_runtime::host::FlowEvent;

/// The JSON line for an engine event (`None`: not printed).
pub(crate) fn event_json(event: &FlowEvent) -> Option<Value> {
    match event {
        FlowEvent::Analytics(_) => None,
        event => Some(flow_runtime::flow::event_json::event_json(event)),
    }
}

/// `{"event": "failed", "error": …}`.
pub(crate) fn failed_json(error: &str) -> Value {
    json!({"event": "failed", "error": error})
}

/// `{"event": "waiting", "step": …}`.
pub(crate) fn waiting_json(step: &flow_model::Step) -> Value {
    json!({"event": "waiting", "step": step_json(step)})
}

/// Writes one JSON line and flushes it, so a reader sees each event at once.
pub(crate) fn write_line(out: &mut dyn Write, value: &Value) -> std::io::Result<()> {
    writeln!(out, "{value}")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use flow_runtime::host::{ShowReason, Transition, UrlSource};
    use flow_runtime::{FlowError, PollFailure};

    use super::*;

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
                FlowEvent::Exited { result: json!({"ok": true}) },
                json!({"event": "exit", "result": {"ok": true}}),
            ),
            (FlowEvent::Cancelled, json!({"event": "cancelled"})),
        ];
        for (event, expected) in cases {
            assert_eq!(event_json(&event), Some(expected));
        }
        let failed = event_json(&FlowEvent::PollingFailed { reason: PollFailure::MaxAttempts }).unwrap();
        assert_eq!(failed["event"], "polling_failed");
        assert_eq!(failed["reason"], "max_attempts");
        let failed = event_json(&FlowEvent::Failed { error: FlowError::MissingUrl { id: None } }).unwrap();
        assert_eq!(failed["event"], "failed");
        assert!(failed["error"].as_str().unwrap().contains("no url"), "{failed}");
        assert_eq!(waiting_json(&step)["event"], "waiting");
        assert_eq!(waiting_json(&step)["step"]["id"], "s");
    }

    #[test]
    fn lines_are_single_line_json() {
        let mut out = Vec::new();
        write_line(&mut out, &json!({"event": "copy", "content": "a\nb"})).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert_eq!(serde_json::from_str::<Value>(text.trim()).unwrap()["content"], "a\nb");
    }
}
