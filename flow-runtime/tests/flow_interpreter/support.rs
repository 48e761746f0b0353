//! Shared helpers: a scripted server, flow start-up and event/request summaries.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use url::Url;

use flow_model::{Action, Behavior, Step};
use flow_runtime::host::{FlowBuilder, FlowEvent, FlowEvents, FlowHandle};
use flow_runtime::transport::scripted::{RecordedRequest, ScriptedReply, ScriptedTransport};

pub fn base() -> Url {
    Url::parse("https://flow.example/").unwrap()
}

pub fn step(value: Value) -> Step {
    serde_json::from_value(value).unwrap()
}

pub fn action(value: Value) -> Action {
    serde_json::from_value(value).unwrap()
}

pub fn behavior(value: Value) -> Behavior {
    serde_json::from_value(value).unwrap()
}

/// A 200 JSON reply.
pub fn json(value: Value) -> ScriptedReply {
    ScriptedReply::json(&value)
}

/// A JSON reply with a status and an `X-DF-Response-Type`.
pub fn typed(status: u16, response_type: &str, value: Value) -> ScriptedReply {
    ScriptedReply::json(&value).with_status(status).with_header("X-DF-Response-Type", response_type)
}

pub struct Harness {
    pub server: Arc<ScriptedTransport>,
    pub flow: FlowHandle,
    pub events: FlowEvents,
}

impl Harness {
    pub fn server() -> Arc<ScriptedTransport> {
        Arc::new(ScriptedTransport::new(&base()))
    }

    /// Starts from a ready step (the server must be scripted before).
    pub fn from_step(server: Arc<ScriptedTransport>, start: Value) -> Harness {
        let (flow, events) = FlowBuilder::from_step(step(start))
            .base_url(base())
            .transport(server.clone())
            .flow_id("flow-1")
            .start()
            .unwrap();
        Harness { server, flow, events }
    }

    /// Starts from an initial request.
    pub fn from_request(server: Arc<ScriptedTransport>, request: Value) -> Harness {
        let (flow, events) = FlowBuilder::from_request(action(request))
            .base_url(base())
            .transport(server.clone())
            .flow_id("flow-1")
            .start()
            .unwrap();
        Harness { server, flow, events }
    }

    /// Every event emitted so far.
    pub fn drain(&mut self) -> Vec<FlowEvent> {
        std::iter::from_fn(|| self.events.try_recv()).collect()
    }

    /// Every event until the stream ends (the flow must end).
    pub async fn rest(&mut self) -> Vec<FlowEvent> {
        let mut all = Vec::new();
        while let Some(event) = self.events.recv().await {
            all.push(event);
        }
        all
    }

    /// `(METHOD, path, JSON body, at ms)` of every request sent.
    pub fn requests(&self) -> Vec<(String, String, Option<Value>, u128)> {
        self.server.requests().iter().map(summary).collect()
    }

    pub fn recorded(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    pub fn step_id(&self) -> Option<String> {
        self.flow.snapshot().step.map(|s| s.id().to_owned())
    }
}

pub fn summary(r: &RecordedRequest) -> (String, String, Option<Value>, u128) {
    (r.method.clone(), r.path.clone(), r.json(), r.at.as_millis())
}

/// `(method, path, body, at_ms)` for comparisons.
pub fn req(
    method: &str,
    path: &str,
    body: Option<Value>,
    at_ms: u128,
) -> (String, String, Option<Value>, u128) {
    (method.to_owned(), path.to_owned(), body, at_ms)
}

/// A compact name for each event, for order assertions.
pub fn names(events: &[FlowEvent]) -> Vec<String> {
    events
        .iter()
        .filter(|e| !matches!(e, FlowEvent::Analytics(_)))
        .map(|e| match e {
            FlowEvent::StepShown { step, .. } => format!("step:{}", step.id()),
            FlowEvent::Polling { attempt, .. } => format!("polling:{attempt}"),
            FlowEvent::PollingFailed { reason } => format!("polling_failed:{}", reason.reason()),
            FlowEvent::Errors { .. } => "errors".to_owned(),
            FlowEvent::ValidationFailed { .. } => "validation_failed".to_owned(),
            FlowEvent::OpenUrl { url, .. } => format!("open:{url}"),
            FlowEvent::Copy { content } => format!("copy:{content}"),
            FlowEvent::Modal { .. } => "modal".to_owned(),
            FlowEvent::Dismiss => "dismiss".to_owned(),
            FlowEvent::UnknownBehavior { .. } => "unknown_behavior".to_owned(),
            FlowEvent::SubflowForHost { .. } => "subflow_for_host".to_owned(),
            FlowEvent::SubflowStarted { flow_id, .. } => format!("subflow_started:{flow_id}"),
            FlowEvent::SubflowEnded { flow_id, .. } => format!("subflow_ended:{flow_id}"),
            FlowEvent::Problem { .. } => "problem".to_owned(),
            FlowEvent::Exited { .. } => "exited".to_owned(),
            FlowEvent::Failed { .. } => "failed".to_owned(),
            FlowEvent::Cancelled => "cancelled".to_owned(),
            other => format!("{other:?}"),
        })
        .collect()
}

/// Lets virtual time pass.
pub async fn wait(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// A plain step with no schemas.
pub fn plain(id: &str) -> Value {
    serde_json::json!({"id": id, "title": id, "schemas": [], "layout": []})
}
