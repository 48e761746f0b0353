//! Runs one scenario on the real engine ([`flow_runtime::host`]) with a
//! [`ScriptedTransport`] and a paused tokio clock, playing the scripted user,
//! and records the outcome, the requests and the events.
//!
//! Failure reason words (`expect.outcome.failed`) are the engine's own,
//! [`flow_runtime::FlowError::reason`]: `transport` (no HTTP response), `status` (an error
//! status where no step could stay), `mismatch` (a body that does not fit
//! its header), `unknown_response_type`, `no_step`, `missing_url`, `url`,
//! `invalid_method`, `validation`, `subflow`, …

use std::sync::Arc;
use std::time::Duration;

use flow_model::{Action, Step};
use flow_runtime::host::{FlowBuilder, FlowEvent, FlowEvents, FlowHandle, Terminal};
use flow_runtime::transport::scripted::{ScriptedFailure, ScriptedReply, ScriptedTransport};
use serde_json::{json, Map, Value};
use tokio::time::Instant;
use url::Url;

use super::expect::{Observed, SeenEvent, SeenRequest};
use super::scenario::{MoveKind, ReplyError, Scenario, Start, DEFAULT_BASE_URL};

/// The longest a run may take in virtual time.
pub const MAX_VIRTUAL_TIME: Duration = Duration::from_secs(24 * 60 * 60);
/// The most requests a run may send.
pub const MAX_REQUESTS: usize = 10_000;

/// What a run did.
#[derive(Debug)]
pub struct Run {
    /// How it ended.
    pub outcome: Observed,
    /// The requests the client attempted.
    pub requests: Vec<SeenRequest>,
    /// The events, mapped to the scenario vocabulary.
    pub events: Vec<SeenEvent>,
}

/// Runs a scenario in its own single-threaded runtime with a paused clock.
/// `Err` is a problem of the run itself (unexpected request, unused moves,
/// a cap reached, a malformed start), which fails the scenario.
pub fn run(scenario: &Scenario) -> Result<Run, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    runtime.block_on(async {
        match tokio::time::timeout(MAX_VIRTUAL_TIME, drive(scenario)).await {
            Ok(result) => result,
            Err(_) => Err("virtual time passed 24 hours".to_owned()),
        }
    })
}

fn scripted(base: &Url, scenario: &Scenario) -> ScriptedTransport {
    let transport = ScriptedTransport::new(base);
    for (key, replies) in &scenario.server {
        let mut list = Vec::new();
        for reply in replies {
            let mut scripted = match reply.error {
                Some(ReplyError::Connect) => ScriptedReply::failure(ScriptedFailure::Connect),
                Some(ReplyError::Reset) => ScriptedReply::failure(ScriptedFailure::Reset),
                None => ScriptedReply::status(reply.status.unwrap_or(200)),
            };
            for (name, value) in &reply.headers {
                scripted = scripted.with_header(name, value);
            }
            if let Some(body) = &reply.body {
                scripted = scripted.with_body(body.to_string());
                if !reply.headers.keys().any(|k| k.eq_ignore_ascii_case("content-type")) {
                    scripted = scripted.with_header("Content-Type", "application/json");
                }
            } else if let Some(text) = &reply.body_text {
                scripted = scripted.with_body(text.clone());
            }
            scripted = scripted.with_latency(Duration::from_millis(reply.latency_ms.unwrap_or(0)));
            for _ in 0..reply.repeat.unwrap_or(1) {
                list.push(scripted.clone());
            }
        }
        transport.route(key, list);
    }
    transport
}

/// Maps an engine event to the scenario vocabulary (`None`: not reported).
pub fn scenario_event(event: &FlowEvent) -> Option<SeenEvent> {
    let value = match event {
        FlowEvent::StepShown { step, .. } => json!({"type": "step", "id": step.id()}),
        FlowEvent::Polling { attempt, max_attempts, status, .. } => {
            json!({"type": "polling", "attempt": attempt, "max_attempts": max_attempts, "status": status})
        }
        FlowEvent::PollingFailed { reason } => json!({"type": "polling_failed", "reason": reason.reason()}),
        FlowEvent::Errors { error, validation, .. } => {
            let mut e = json!({"type": "errors"});
            if let Some(error) = error {
                e["error"] = json!(error);
            }
            if let Some(validation) = validation {
                e["validation"] = validation.clone();
            }
            e
        }
        FlowEvent::OpenUrl { url, .. } => json!({"type": "open_url", "url": url}),
        FlowEvent::Copy { content } => json!({"type": "copy", "content": content}),
        FlowEvent::Modal { title, .. } => json!({"type": "modal", "title": title}),
        FlowEvent::Exited { result } => json!({"type": "exit", "result": result}),
        FlowEvent::Failed { error } => {
            json!({"type": "failed", "reason": error.reason(), "error": error.to_string()})
        }
        FlowEvent::Problem { error } => json!({"type": "problem", "error": error.to_string()}),
        FlowEvent::Cancelled => json!({"type": "cancelled"}),
        _ => return None,
    };
    value.as_object().cloned()
}

struct Driver {
    handle: FlowHandle,
    events: FlowEvents,
    seen: Vec<SeenEvent>,
    terminal: Option<Terminal>,
    mark: Instant,
}

impl Driver {
    fn record(&mut self, event: FlowEvent) {
        if let FlowEvent::StepShown { .. } = &event {
            self.mark = Instant::now();
        }
        if let Some(terminal) = event.terminal() {
            self.terminal = Some(terminal);
        }
        if let Some(seen) = scenario_event(&event) {
            self.seen.push(seen);
        }
    }

    /// Records every event already emitted, letting the engine run first.
    async fn drain(&mut self) {
        for _ in 0..4 {
            tokio::task::yield_now().await;
            while let Some(event) = self.events.try_recv() {
                self.record(event);
            }
        }
    }
}

async fn drive(scenario: &Scenario) -> Result<Run, String> {
    let base_text = scenario.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
    let base = Url::parse(base_text).map_err(|e| format!("/base_url: {e}"))?;
    let transport = Arc::new(scripted(&base, scenario));
    let builder = match &scenario.start {
        Start::Step(value) => {
            let step: Step =
                serde_json::from_value(value.clone()).map_err(|e| format!("/start/step: {e}"))?;
            FlowBuilder::from_step(step)
        }
        Start::Request(request) => {
            let mut action = Action::default();
            action.url = Some(request.url.clone());
            action.method = request.method.clone();
            action.data = request.data.clone();
            FlowBuilder::from_request(action)
        }
    };
    let (handle, events) = builder
        .transport(transport.clone())
        .base_url(base)
        .start()
        .map_err(|e| format!("cannot start: {e}"))?;
    let mut driver = Driver { handle, events, seen: Vec::new(), terminal: None, mark: Instant::now() };
    let mut moves = scenario.user.iter().enumerate().peekable();
    loop {
        driver.drain().await;
        if transport.request_count() > MAX_REQUESTS {
            return Err(format!("more than {MAX_REQUESTS} requests"));
        }
        if driver.terminal.is_some() {
            break;
        }
        let snapshot = driver.handle.snapshot();
        let on_step = snapshot.step.as_ref().map(|s| s.id().to_owned());
        if let Some((index, next)) = moves.peek().map(|(i, m)| (*i, (*m).clone())) {
            if !snapshot.busy && on_step.as_deref() == Some(next.on_step.as_str()) {
                let due = driver.mark + Duration::from_millis(next.after_ms.unwrap_or(0));
                if Instant::now() < due {
                    tokio::select! {
                        () = tokio::time::sleep_until(due) => {}
                        event = driver.events.recv() => {
                            if let Some(event) = event { driver.record(event) }
                        }
                    }
                    continue;
                }
                moves.next();
                let values = next.values.clone().unwrap_or_else(|| {
                    snapshot
                        .step
                        .as_ref()
                        .and_then(|s| s.model.clone())
                        .unwrap_or_else(|| Value::Object(Map::new()))
                });
                let kind = next.kind().map_err(|e| format!("/user/{index}: {e}"))?;
                let result = match kind {
                    MoveKind::Action(action) => {
                        let action: Action = serde_json::from_value(action)
                            .map_err(|e| format!("/user/{index}/action: {e}"))?;
                        driver.handle.trigger(action, values).await
                    }
                    MoveKind::ActionId(id) => driver.handle.trigger_id(&id, values).await,
                    MoveKind::Back => driver.handle.back().await,
                };
                driver.mark = Instant::now();
                if let Err(error) = result {
                    use flow_runtime::CommandError;
                    if !matches!(
                        error,
                        CommandError::Rejected(_) | CommandError::Ended | CommandError::Superseded
                    ) {
                        return Err(format!("/user/{index}: the move could not be performed: {error}"));
                    }
                }
                continue;
            }
        }
        if !snapshot.busy && !snapshot.polling {
            // Quiescent: nothing will happen without the user.
            driver.drain().await;
            let again = driver.handle.snapshot();
            if again.busy
                || again.polling
                || driver.terminal.is_some()
                || again.step.as_ref().map(|s| s.id()) != on_step.as_deref()
            {
                continue;
            }
            break;
        }
        match driver.events.recv().await {
            Some(event) => driver.record(event),
            None => break,
        }
    }
    let recorded = transport.requests();
    if let Some(unexpected) = recorded.iter().find(|r| r.unexpected) {
        return Err(format!("unexpected request {} {}", unexpected.method, unexpected.path));
    }
    let unused: Vec<String> = moves.map(|(i, m)| format!("/user/{i} (on_step {:?})", m.on_step)).collect();
    if !unused.is_empty() {
        return Err(format!("moves left unused: {}", unused.join(", ")));
    }
    let requests = recorded
        .iter()
        .map(|r| SeenRequest {
            method: r.method.clone(),
            path: r.path.clone(),
            at_ms: u64::try_from(r.at.as_millis()).unwrap_or(u64::MAX),
            body: r.body.as_ref().map(|b| {
                serde_json::from_slice(b)
                    .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(b).into_owned()))
            }),
        })
        .collect();
    let outcome = match driver.terminal {
        Some(Terminal::Exited(result)) => Observed::Exit(result),
        Some(Terminal::Failed(error)) => Observed::Failed(error.reason().to_owned()),
        Some(_) => Observed::Cancelled,
        None => match driver.handle.snapshot().step {
            Some(step) => Observed::Step(serde_json::to_value(&*step).unwrap_or(Value::Null)),
            None => return Err("the run stopped with no step shown and no terminal state".to_owned()),
        },
    };
    Ok(Run { outcome, requests, events: driver.seen })
}
