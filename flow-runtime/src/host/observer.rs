//! [`FlowObserver`]: a callback-trait view of [`FlowEvents`] for hosts (and
//! future foreign bindings) that prefer callbacks to a stream. Every method
//! has a no-op default; [`observe`] pumps the events into an observer.

use std::sync::Arc;

use serde_json::Value;

use flow_model::layout::Layout;
use flow_model::Step;

use super::stream::FlowEvents;
use crate::flow::classify::PollFailure;
use crate::flow::error::FlowError;
use crate::flow::events::{AnalyticsEvent, FlowEvent, ShowReason, Terminal, UrlSource};
use crate::flow::values::FieldError;

/// Callbacks for a flow's events; implement the ones you need.
///
/// Events without a dedicated method (subflow markers, unknown behaviors,
/// subflows for the host, and kinds added later) go to [`on_other`](Self::on_other).
pub trait FlowObserver: Send + Sync {
    /// A step is shown.
    fn on_step(&self, flow_id: &str, step: &Arc<Step>, reason: ShowReason) {
        let _ = (flow_id, step, reason);
    }
    /// A poll request was answered (or failed).
    fn on_polling(&self, attempt: u32, max_attempts: u32, status: Option<u16>) {
        let _ = (attempt, max_attempts, status);
    }
    /// Polling failed.
    fn on_polling_failed(&self, reason: &PollFailure) {
        let _ = reason;
    }
    /// An Error Response Body's errors, to show on the step.
    fn on_errors(&self, error: Option<&str>, validation: Option<&Value>) {
        let _ = (error, validation);
    }
    /// Client-side validation failed; nothing was sent.
    fn on_validation_failed(&self, fields: &[FieldError], validation: &Value) {
        let _ = (fields, validation);
    }
    /// Open a URL outside the flow.
    fn on_open_url(&self, url: &str, source: UrlSource) {
        let _ = (url, source);
    }
    /// Copy text.
    fn on_copy(&self, content: &str) {
        let _ = content;
    }
    /// Show a modal.
    fn on_modal(&self, title: Option<&str>, content: &[Layout]) {
        let _ = (title, content);
    }
    /// Close the current modal.
    fn on_dismiss(&self) {}
    /// A host-visible error; the step stays.
    fn on_problem(&self, error: &FlowError) {
        let _ = error;
    }
    /// An analytics event.
    fn on_analytics(&self, event: &AnalyticsEvent) {
        let _ = event;
    }
    /// The flow ended (called once, last).
    fn on_finished(&self, terminal: &Terminal) {
        let _ = terminal;
    }
    /// Any other event.
    fn on_other(&self, event: &FlowEvent) {
        let _ = event;
    }
}

/// Calls the observer method that matches `event`.
pub fn dispatch(observer: &dyn FlowObserver, event: &FlowEvent) {
    match event {
        FlowEvent::StepShown { flow_id, step, reason } => observer.on_step(flow_id, step, *reason),
        FlowEvent::Polling { attempt, max_attempts, status, .. } => {
            observer.on_polling(*attempt, *max_attempts, *status);
        }
        FlowEvent::PollingFailed { reason } => observer.on_polling_failed(reason),
        FlowEvent::Errors { error, validation, .. } => {
            observer.on_errors(error.as_deref(), validation.as_ref())
        }
        FlowEvent::ValidationFailed { validation, fields } => {
            observer.on_validation_failed(fields, validation)
        }
        FlowEvent::OpenUrl { url, source } => observer.on_open_url(url, *source),
        FlowEvent::Copy { content } => observer.on_copy(content),
        FlowEvent::Modal { title, content } => observer.on_modal(title.as_deref(), content),
        FlowEvent::Dismiss => observer.on_dismiss(),
        FlowEvent::Problem { error } => observer.on_problem(error),
        FlowEvent::Analytics(event) => observer.on_analytics(event),
        other => match other.terminal() {
            Some(terminal) => observer.on_finished(&terminal),
            None => observer.on_other(other),
        },
    }
}

/// Pumps every event of a flow into `observer` until the flow ends; returns
/// how it ended (`None` if the stream ended without a terminal event, which
/// only happens if the flow's task was aborted).
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::{Arc, Mutex};
/// use flow_runtime::host::{observe, FlowBuilder, FlowObserver, Terminal};
///
/// #[derive(Default)]
/// struct Titles(Mutex<Vec<String>>);
/// impl FlowObserver for Titles {
///     fn on_step(&self, _: &str, step: &Arc<flow_model::Step>, _: flow_runtime::host::ShowReason) {
///         self.0.lock().unwrap().push(step.title().to_owned());
///     }
/// }
///
/// let step = serde_json::from_value(serde_json::json!({"id": "a", "title": "Hello", "layout": []})).unwrap();
/// let (flow, events) = FlowBuilder::from_step(step)
///     .base_url(url::Url::parse("https://flow.example/").unwrap())
///     .start()
///     .unwrap();
/// let titles = Arc::new(Titles::default());
/// let pump = tokio::spawn(observe(events, titles.clone()));
/// flow.back().await.unwrap(); // back on the first step cancels
/// assert_eq!(pump.await.unwrap(), Some(Terminal::Cancelled));
/// assert_eq!(*titles.0.lock().unwrap(), ["Hello"]);
/// # }
/// ```
pub async fn observe(mut events: FlowEvents, observer: Arc<dyn FlowObserver>) -> Option<Terminal> {
    let mut terminal = None;
    while let Some(event) = events.recv().await {
        dispatch(observer.as_ref(), &event);
        if let Some(t) = event.terminal() {
            terminal = Some(t);
        }
    }
    terminal
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::json;

    use super::*;
    use crate::flow::history::Transition;

    #[derive(Default)]
    struct Log(Mutex<Vec<&'static str>>);

    impl Log {
        fn push(&self, name: &'static str) {
            self.0.lock().unwrap().push(name);
        }
    }

    impl FlowObserver for Log {
        fn on_step(&self, _: &str, _: &Arc<Step>, _: ShowReason) {
            self.push("step");
        }
        fn on_polling(&self, _: u32, _: u32, _: Option<u16>) {
            self.push("polling");
        }
        fn on_polling_failed(&self, _: &PollFailure) {
            self.push("polling_failed");
        }
        fn on_errors(&self, _: Option<&str>, _: Option<&Value>) {
            self.push("errors");
        }
        fn on_validation_failed(&self, _: &[FieldError], _: &Value) {
            self.push("validation_failed");
        }
        fn on_open_url(&self, _: &str, _: UrlSource) {
            self.push("open_url");
        }
        fn on_copy(&self, _: &str) {
            self.push("copy");
        }
        fn on_modal(&self, _: Option<&str>, _: &[Layout]) {
            self.push("modal");
        }
        fn on_dismiss(&self) {
            self.push("dismiss");
        }
        fn on_problem(&self, _: &FlowError) {
            self.push("problem");
        }
        fn on_analytics(&self, _: &AnalyticsEvent) {
            self.push("analytics");
        }
        fn on_finished(&self, _: &Terminal) {
            self.push("finished");
        }
        fn on_other(&self, _: &FlowEvent) {
            self.push("other");
        }
    }

    #[test]
    fn every_event_reaches_its_method() {
        let step: Arc<Step> = Arc::new(serde_json::from_value(json!({"id": "s", "layout": []})).unwrap());
        let events = [
            FlowEvent::StepShown { flow_id: "f".into(), step, reason: ShowReason::Arrived(Transition::Push) },
            FlowEvent::Polling { attempt: 1, max_attempts: 2, status: None, error: None },
            FlowEvent::PollingFailed { reason: PollFailure::MaxAttempts },
            FlowEvent::Errors { error: None, validation: None, status: 400, generic: true },
            FlowEvent::ValidationFailed { validation: Value::Null, fields: Vec::new() },
            FlowEvent::OpenUrl { url: "u".into(), source: UrlSource::Link },
            FlowEvent::Copy { content: "c".into() },
            FlowEvent::Modal { title: None, content: Vec::new() },
            FlowEvent::Dismiss,
            FlowEvent::Problem { error: FlowError::MissingUrl { id: None } },
            FlowEvent::UnknownBehavior { behavior: json!({"type": "x"}) },
            FlowEvent::Exited { result: Value::Null },
            FlowEvent::Failed { error: FlowError::MissingUrl { id: None } },
            FlowEvent::Cancelled,
        ];
        let log = Log::default();
        for event in &events {
            dispatch(&log, event);
        }
        assert_eq!(
            *log.0.lock().unwrap(),
            [
                "step",
                "polling",
                "polling_failed",
                "errors",
                "validation_failed",
                "open_url",
                "copy",
                "modal",
                "dismiss",
                "problem",
                "other",
                "finished",
                "finished",
                "finished"
            ]
        );
    }
}
