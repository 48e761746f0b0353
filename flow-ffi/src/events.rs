//! What a flow tells its host, across the FFI: [`FlowEvent`] (typed, one
//! variant per runtime event; JSON payloads as strings), the
//! [`FlowObserver`] callback that receives them, and [`event_json`], an
//! event as one line of `dflow run --json`.
//!
//! The JSON shape is not defined here: [`event_json`] builds the runtime's
//! typed line ([`EventLine`], which `dflow run --json` prints too) from the
//! event and serialises it, so the CLI and every binding agree by
//! construction. Events the CLI prints no line for (analytics) still get an
//! object with their own `event` name.

use serde_json::Value;

use flow_runtime::flow::event_json::{reason_word, terminal_word, EventLine};
use flow_runtime::host::{ShowReason as RuntimeReason, Terminal, Transition, UrlSource as RuntimeSource};
use flow_runtime::FlowEvent as RuntimeEvent;

use crate::foreign::Foreign;

/// Why a step is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ShowReason {
    /// The flow started from this step.
    Start,
    /// The step arrived in a response or from polling.
    Arrived,
    /// A refresh replaced the current step.
    Refreshed,
    /// Back navigation returned to it.
    Back,
    /// A subflow ended and its parent's step is shown again.
    Restored,
    /// The flow was restored from a saved state.
    Resumed,
}

/// Where a URL to open comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum UrlSource {
    /// A step's `external`.
    External,
    /// A `link` behavior.
    Link,
}

/// How a (sub)flow ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum FlowOutcome {
    /// It exited with a result.
    Exited,
    /// It failed.
    Failed,
    /// It was cancelled.
    Cancelled,
}

/// One field that failed client-side validation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldError {
    /// JSON Pointer into the submitted values (`/address/city`).
    pub path: String,
    /// The rule that failed, as its JSON Schema keyword (`required`, `minimum`, …).
    pub rule: String,
    /// The message to show.
    pub message: String,
}

/// Something the host should render or do. Exactly one of `Exited`,
/// `Failed` and `Cancelled` ends a flow's events. JSON payloads are strings
/// (`*_json`).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FlowEvent {
    /// Show this step.
    StepShown {
        /// The id of the flow it belongs to (a subflow has its own).
        flow_id: String,
        /// The step's id.
        step_id: String,
        /// The step as the server sent it.
        step_json: String,
        /// Why it is shown.
        reason: ShowReason,
    },
    /// A poll request was answered, or failed.
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
    /// Polling gave up (then its `onError` runs, if any).
    PollingFailed {
        /// `status`, `max_attempts`, `mismatch` or `invalid`.
        reason: String,
        /// In words.
        detail: String,
    },
    /// An Error Response Body: the step stays and shows these errors.
    Errors {
        /// The general message.
        error: Option<String>,
        /// Messages shaped like the model, as JSON.
        validation_json: Option<String>,
        /// The HTTP status.
        status: u16,
        /// Whether `error` is the runtime's generic message.
        generic: bool,
    },
    /// The values failed client-side validation; nothing was sent.
    ValidationFailed {
        /// Messages shaped like the model, as JSON.
        validation_json: String,
        /// Every failing field.
        fields: Vec<FieldError>,
    },
    /// A problem that did not end the flow (the step stays).
    Problem {
        /// A short word (`transport`, `status`, `mismatch`, `missing_url`, …).
        reason: String,
        /// In words.
        detail: String,
    },
    /// Open this URL outside the flow.
    OpenUrl {
        /// The URL.
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
        /// Its layout, as JSON.
        content_json: String,
    },
    /// Close the current modal.
    Dismiss,
    /// A behavior of an unknown type; nothing else happened.
    UnknownBehavior {
        /// The behavior as sent, as JSON.
        behavior_json: String,
    },
    /// A subflow for the host to run; report back with `Flow.complete_subflow`
    /// or `Flow.fail_subflow`.
    SubflowForHost {
        /// The subflow behavior, as JSON.
        subflow_json: String,
    },
    /// A nested flow started; its events follow until `SubflowEnded`.
    SubflowStarted {
        /// The nested flow's id.
        flow_id: String,
        /// Its `referrerId`.
        referrer_id: Option<String>,
        /// Its launch config's `presentation.type`.
        presentation: Option<String>,
    },
    /// A nested flow ended; its parent continues.
    SubflowEnded {
        /// The nested flow's id.
        flow_id: String,
        /// How it ended.
        outcome: FlowOutcome,
    },
    /// An analytics event.
    Analytics {
        /// `flow_initiated`, `step_shown`, `succeeded`, `failed` or `cancelled`.
        kind: String,
        /// The flow's id.
        flow_id: String,
        /// The current step's id.
        step_id: Option<String>,
        /// The step's `analytics` map, as JSON.
        properties_json: String,
    },
    /// Terminal: the flow exited with this result.
    Exited {
        /// The result, as JSON.
        result_json: String,
    },
    /// Terminal: the flow failed.
    Failed {
        /// A short word (see `Problem`).
        reason: String,
        /// In words.
        detail: String,
    },
    /// Terminal: the flow was cancelled.
    Cancelled,
    /// An event this version of the binding has no variant for.
    Other {
        /// Its `event` name.
        name: String,
        /// Its `dflow run --json` line.
        json: String,
    },
}

impl FlowEvent {
    /// Whether this event ends the flow.
    pub fn is_terminal(&self) -> bool {
        matches!(self, FlowEvent::Exited { .. } | FlowEvent::Failed { .. } | FlowEvent::Cancelled)
    }
}

/// Receives a flow's events, in order, on a thread of the binding (one per
/// flow; never a thread of the caller). When `on_event` is called, the
/// flow's `screen()`, `screen_json()` and `save_state()` already reflect the
/// event. It may call the flow's methods. An exception it raises is logged
/// and the next event is still delivered.
#[uniffi::export(callback_interface)]
pub trait FlowObserver: Send + Sync {
    /// One event.
    fn on_event(&self, event: FlowEvent);
}

/// The event as one line of `dflow run --json` (a JSON object with its
/// `event` name; the same names and members as the CLI's).
#[uniffi::export]
pub fn event_json(event: FlowEvent) -> String {
    match line(event) {
        Ok(line) => line.to_json().to_string(),
        Err(json) => json,
    }
}

/// The runtime's typed line for an event (`Err`: an `Other` event's own JSON).
fn line(event: FlowEvent) -> Result<EventLine, String> {
    Ok(match event {
        FlowEvent::StepShown { step_json, reason, .. } => {
            EventLine::Step { step: parse(&step_json), reason: reason_word(reason.into()).to_owned() }
        }
        FlowEvent::Polling { attempt, max_attempts, status, error } => {
            EventLine::of(&RuntimeEvent::Polling { attempt, max_attempts, status, error })
        }
        FlowEvent::PollingFailed { reason, detail } => EventLine::PollingFailed { reason, detail },
        FlowEvent::Errors { error, validation_json, status, .. } => {
            EventLine::server_errors(error, validation_json.as_deref().map(parse), status)
        }
        FlowEvent::ValidationFailed { validation_json, .. } => {
            EventLine::client_errors(parse(&validation_json))
        }
        FlowEvent::Problem { detail, .. } => EventLine::runtime_error(detail),
        FlowEvent::OpenUrl { url, source } => EventLine::of(&RuntimeEvent::OpenUrl {
            url,
            source: match source {
                UrlSource::External => RuntimeSource::External,
                UrlSource::Link => RuntimeSource::Link,
            },
        }),
        FlowEvent::Copy { content } => EventLine::of(&RuntimeEvent::Copy { content }),
        FlowEvent::Modal { title, content_json } => EventLine::Modal { title, content: parse(&content_json) },
        FlowEvent::Dismiss => EventLine::of(&RuntimeEvent::Dismiss),
        FlowEvent::UnknownBehavior { behavior_json } => {
            EventLine::of(&RuntimeEvent::UnknownBehavior { behavior: parse(&behavior_json) })
        }
        FlowEvent::SubflowForHost { subflow_json } => EventLine::Subflow { subflow: parse(&subflow_json) },
        FlowEvent::SubflowStarted { flow_id, referrer_id, presentation } => {
            EventLine::of(&RuntimeEvent::SubflowStarted { flow_id, referrer_id, presentation })
        }
        FlowEvent::SubflowEnded { flow_id, outcome } => {
            EventLine::SubflowEnded { flow_id, outcome: terminal_word(&outcome.terminal()).to_owned() }
        }
        FlowEvent::Analytics { kind, flow_id, step_id, properties_json } => {
            EventLine::Analytics { kind, flow_id, step_id, properties: parse(&properties_json) }
        }
        FlowEvent::Exited { result_json } => {
            EventLine::of(&RuntimeEvent::Exited { result: parse(&result_json) })
        }
        FlowEvent::Failed { detail, .. } => EventLine::Failed { error: detail },
        FlowEvent::Cancelled => EventLine::of(&RuntimeEvent::Cancelled),
        FlowEvent::Other { json, .. } => return Err(json),
    })
}

/// JSON the binding wrote itself (or the host handed back): a string that
/// is not JSON stays a JSON string.
fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|_| Value::String(json.to_owned()))
}

fn text(value: &impl serde::Serialize) -> String {
    // Model types and plain JSON values always serialise.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

impl From<ShowReason> for RuntimeReason {
    fn from(reason: ShowReason) -> Self {
        match reason {
            ShowReason::Start => RuntimeReason::Start,
            ShowReason::Arrived => RuntimeReason::Arrived(Transition::Push),
            ShowReason::Refreshed => RuntimeReason::Refreshed,
            ShowReason::Back => RuntimeReason::Back,
            ShowReason::Restored => RuntimeReason::Restored,
            ShowReason::Resumed => RuntimeReason::Resumed,
        }
    }
}

impl From<RuntimeReason> for ShowReason {
    fn from(reason: RuntimeReason) -> Self {
        match reason {
            RuntimeReason::Start => ShowReason::Start,
            RuntimeReason::Refreshed => ShowReason::Refreshed,
            RuntimeReason::Back => ShowReason::Back,
            RuntimeReason::Restored => ShowReason::Restored,
            RuntimeReason::Resumed => ShowReason::Resumed,
            _ => ShowReason::Arrived,
        }
    }
}

impl FlowOutcome {
    pub(crate) fn of(terminal: &Terminal) -> Self {
        match terminal {
            Terminal::Exited(_) => FlowOutcome::Exited,
            Terminal::Failed(_) => FlowOutcome::Failed,
            _ => FlowOutcome::Cancelled,
        }
    }

    /// A terminal of this kind (for its word).
    fn terminal(self) -> Terminal {
        match self {
            FlowOutcome::Exited => Terminal::Exited(Value::Null),
            FlowOutcome::Failed => {
                Terminal::Failed(flow_runtime::FlowError::HostSubflowFailed { message: String::new() })
            }
            FlowOutcome::Cancelled => Terminal::Cancelled,
        }
    }
}

impl From<&RuntimeEvent> for FlowEvent {
    fn from(event: &RuntimeEvent) -> Self {
        match event {
            RuntimeEvent::StepShown { flow_id, step, reason } => FlowEvent::StepShown {
                flow_id: flow_id.clone(),
                step_id: step.id().to_owned(),
                step_json: text(&**step),
                reason: (*reason).into(),
            },
            RuntimeEvent::Polling { attempt, max_attempts, status, error } => FlowEvent::Polling {
                attempt: *attempt,
                max_attempts: *max_attempts,
                status: *status,
                error: error.clone(),
            },
            RuntimeEvent::PollingFailed { reason } => {
                FlowEvent::PollingFailed { reason: reason.reason().to_owned(), detail: reason.to_string() }
            }
            RuntimeEvent::Errors { error, validation, status, generic } => FlowEvent::Errors {
                error: error.clone(),
                validation_json: validation.as_ref().map(text),
                status: *status,
                generic: *generic,
            },
            RuntimeEvent::ValidationFailed { validation, fields } => FlowEvent::ValidationFailed {
                validation_json: text(validation),
                fields: fields
                    .iter()
                    .map(|f| FieldError {
                        path: f.path.as_str().to_owned(),
                        rule: f.rule.keyword().to_owned(),
                        message: f.message.clone(),
                    })
                    .collect(),
            },
            RuntimeEvent::Problem { error } => {
                FlowEvent::Problem { reason: error.reason().to_owned(), detail: error.to_string() }
            }
            RuntimeEvent::OpenUrl { url, source } => FlowEvent::OpenUrl {
                url: url.clone(),
                source: match source {
                    RuntimeSource::External => UrlSource::External,
                    _ => UrlSource::Link,
                },
            },
            RuntimeEvent::Copy { content } => FlowEvent::Copy { content: content.clone() },
            RuntimeEvent::Modal { title, content } => {
                FlowEvent::Modal { title: title.clone(), content_json: text(content) }
            }
            RuntimeEvent::Dismiss => FlowEvent::Dismiss,
            RuntimeEvent::UnknownBehavior { behavior } => {
                FlowEvent::UnknownBehavior { behavior_json: text(behavior) }
            }
            RuntimeEvent::SubflowForHost { subflow } => {
                FlowEvent::SubflowForHost { subflow_json: text(subflow) }
            }
            RuntimeEvent::SubflowStarted { flow_id, referrer_id, presentation } => {
                FlowEvent::SubflowStarted {
                    flow_id: flow_id.clone(),
                    referrer_id: referrer_id.clone(),
                    presentation: presentation.clone(),
                }
            }
            RuntimeEvent::SubflowEnded { flow_id, outcome } => {
                FlowEvent::SubflowEnded { flow_id: flow_id.clone(), outcome: FlowOutcome::of(outcome) }
            }
            RuntimeEvent::Analytics(analytics) => FlowEvent::Analytics {
                kind: analytics.kind.name().to_owned(),
                flow_id: analytics.flow_id.clone(),
                step_id: analytics.step_id.clone(),
                properties_json: text(&analytics.properties),
            },
            RuntimeEvent::Exited { result } => FlowEvent::Exited { result_json: text(result) },
            RuntimeEvent::Failed { error } => {
                FlowEvent::Failed { reason: error.reason().to_owned(), detail: error.to_string() }
            }
            RuntimeEvent::Cancelled => FlowEvent::Cancelled,
            other => {
                let json = flow_runtime::flow::event_json::event_json(other);
                let name = json.get("event").and_then(Value::as_str).unwrap_or("unknown").to_owned();
                FlowEvent::Other { name, json: json.to_string() }
            }
        }
    }
}

/// Delivers events to an observer, in order, on a thread of its own;
/// returns once the thread is started. `next` yields the next event (`None`:
/// the stream ended).
pub(crate) fn deliver<E: Send + 'static>(
    name: &str,
    mut next: impl FnMut() -> Option<E> + Send + 'static,
    mut on_event: impl FnMut(E) + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new().name(name.to_owned()).spawn(move || {
        while let Some(event) = next() {
            // An observer that raised must not stop the flow's delivery.
            let delivered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| on_event(event)));
            if delivered.is_err() {
                tracing::warn!(
                    "an observer raised while handling an event; the next event is still delivered"
                );
            }
        }
    })?;
    Ok(())
}

/// The observer as a callback (through the [gate](crate::foreign)).
pub(crate) fn observer_fn(observer: Box<dyn FlowObserver>) -> impl FnMut(FlowEvent) + Send + 'static {
    let observer = Foreign::new(observer);
    move |event| {
        observer.call(|o| o.on_event(event));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use serde_json::json;

    fn step() -> Arc<flow_model::Step> {
        Arc::new(serde_json::from_value(json!({"id": "s", "title": "S", "layout": []})).unwrap())
    }

    /// Every runtime event gives, through the binding's typed event, the
    /// line the runtime (and so `dflow run --json`) gives.
    #[test]
    fn event_json_is_the_runtime_line() {
        let events = [
            RuntimeEvent::StepShown {
                flow_id: "f".into(),
                step: step(),
                reason: RuntimeReason::Arrived(Transition::Replace),
            },
            RuntimeEvent::StepShown { flow_id: "f".into(), step: step(), reason: RuntimeReason::Resumed },
            RuntimeEvent::Polling { attempt: 2, max_attempts: 5, status: Some(202), error: None },
            RuntimeEvent::Polling { attempt: 3, max_attempts: 5, status: None, error: Some("reset".into()) },
            RuntimeEvent::PollingFailed { reason: flow_runtime::PollFailure::Status(503) },
            RuntimeEvent::Errors {
                error: Some("No".into()),
                validation: Some(json!({"a": "bad"})),
                status: 422,
                generic: false,
            },
            RuntimeEvent::Problem { error: flow_runtime::FlowError::MissingUrl { id: Some("go".into()) } },
            RuntimeEvent::OpenUrl { url: "https://x.test/r".into(), source: RuntimeSource::External },
            RuntimeEvent::OpenUrl { url: "https://x.test/l".into(), source: RuntimeSource::Link },
            RuntimeEvent::Copy { content: "c".into() },
            RuntimeEvent::Modal { title: Some("T".into()), content: Vec::new() },
            RuntimeEvent::Dismiss,
            RuntimeEvent::UnknownBehavior { behavior: json!({"type": "teleport"}) },
            RuntimeEvent::SubflowStarted {
                flow_id: "f.1".into(),
                referrer_id: Some("r".into()),
                presentation: None,
            },
            RuntimeEvent::SubflowEnded { flow_id: "f.1".into(), outcome: Terminal::Cancelled },
            RuntimeEvent::Exited { result: json!({"ok": [1, 2.5, "x"]}) },
            RuntimeEvent::Failed { error: flow_runtime::FlowError::MissingUrl { id: None } },
            RuntimeEvent::Cancelled,
        ];
        for event in &events {
            let expected = flow_runtime::flow::event_json::event_json(event);
            let ours: Value = serde_json::from_str(&event_json(FlowEvent::from(event))).unwrap();
            assert_eq!(ours, expected, "{event:?}");
        }
    }

    #[test]
    fn analytics_get_an_object_of_their_own() {
        let line: Value = serde_json::from_str(&event_json(FlowEvent::Analytics {
            kind: "step_shown".into(),
            flow_id: "f".into(),
            step_id: Some("s".into()),
            properties_json: "{}".into(),
        }))
        .unwrap();
        assert_eq!(
            line,
            json!({"event": "analytics", "kind": "step_shown", "flow_id": "f", "step_id": "s", "properties": {}})
        );
    }

    #[test]
    fn typed_members() {
        let shown = FlowEvent::from(&RuntimeEvent::StepShown {
            flow_id: "f".into(),
            step: step(),
            reason: RuntimeReason::Back,
        });
        assert!(
            matches!(shown, FlowEvent::StepShown { ref step_id, reason: ShowReason::Back, .. } if step_id == "s")
        );
        let failed =
            FlowEvent::from(&RuntimeEvent::PollingFailed { reason: flow_runtime::PollFailure::MaxAttempts });
        assert!(matches!(failed, FlowEvent::PollingFailed { ref reason, .. } if reason == "max_attempts"));
        assert!(FlowEvent::Cancelled.is_terminal());
        assert!(!FlowEvent::Dismiss.is_terminal());
    }
}
