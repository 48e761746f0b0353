//! Saved states and restored flows (in virtual time), and the rule that
//! events and state agree: a host woken by an event already sees, in the
//! snapshot and in a saved state, what the event describes.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::task::ArcWake;
use futures::Stream;
use serde_json::{json, Value};

use flow_runtime::host::{FlowBuilder, FlowEvent, FlowEvents, FlowHandle, ShowReason, Terminal};
use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
use flow_runtime::{RestoreError, RuntimeConfig, StartError};

use crate::support::*;

fn form() -> Value {
    json!({"id": "pay", "title": "Pay", "layout": [
        {"type": "button", "title": "Pay", "behavior": {"type": "action", "action": {"id": "pay", "url": "/pay"}}}],
        "schemas": [{"$id": "amount", "type": "object", "required": ["amount"],
                     "properties": {"amount": {"type": "number", "minimum": 1}}}]})
}

fn waiting(on_error: bool) -> Value {
    let mut step = json!({"id": "wait", "title": "Waiting", "schemas": [], "layout": [],
        "polling": {"url": "/status", "delay": 5, "maxAttempts": 5}});
    if on_error {
        step["polling"]["onError"] =
            json!({"behavior": {"type": "action", "action": {"exit": true, "result": {"failed": true}}}});
    }
    step
}

fn pending() -> ScriptedReply {
    ScriptedReply::status(200).with_body("pending")
}

/// Starts at the form, submits it and lets `ms` of polling pass.
async fn polling_flow(server: Arc<ScriptedTransport>, on_error: bool, ms: u64) -> Harness {
    server.route("POST /pay", [typed(200, "step", waiting(on_error)).with_header("ETag", "\"w1\"")]);
    let h = Harness::from_step(server, form());
    h.flow.idle().await;
    h.flow.trigger_id("pay", json!({"amount": 5})).await.unwrap();
    wait(ms).await;
    h
}

fn state_json(flow: &FlowHandle) -> Value {
    serde_json::from_slice(&flow.save_state()).unwrap()
}

fn restore(state: &[u8], server: &Arc<ScriptedTransport>) -> (FlowHandle, FlowEvents) {
    FlowBuilder::restore(state).unwrap().transport(server.clone()).start().unwrap()
}

async fn rest(events: &mut FlowEvents) -> Vec<FlowEvent> {
    let mut all = Vec::new();
    while let Some(event) = events.recv().await {
        all.push(event);
    }
    all
}

#[tokio::test(start_paused = true)]
async fn a_state_holds_history_values_etag_base_and_polling_progress() {
    let server = Harness::server();
    server.route("GET /status", [pending(), pending()]);
    let h = polling_flow(server, true, 11_000).await;
    let state = state_json(&h.flow);
    assert_eq!((state["format"].as_str(), state["version"].as_u64()), (Some("dflow.flow-state"), Some(1)));
    let frame = &state["frames"][0];
    assert_eq!(frame["base_url"], "https://flow.example/");
    let ids: Vec<&str> =
        frame["history"].as_array().unwrap().iter().map(|e| e["step"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["pay", "wait"]);
    assert_eq!(frame["history"][1]["etag"], "\"w1\"");
    assert_eq!(frame["values"], json!({"amount": 5}));
    // Two answers (at 5 s and 10 s); saved at 11 s: 4 s of the wait left.
    assert_eq!(
        state["polling"],
        json!({"attempts_used": 2, "max_attempts": 5, "running": true, "time_left_ms": 4000})
    );
    assert_eq!(h.flow.snapshot().values, Some(json!({"amount": 5})));
}

#[tokio::test(start_paused = true)]
async fn a_restored_flow_polls_on_with_the_attempts_it_has_left_one_wait_after_restore() {
    let server = Harness::server();
    server.route("GET /status", [pending(), pending()]);
    let h = polling_flow(server.clone(), true, 11_000).await;
    let state = h.flow.save_state();
    drop(h);
    // The first life is over: nothing more is sent by it.
    wait(60_000).await;
    assert_eq!(server.request_count(), 3, "POST /pay and two polls");

    let second = Harness::server();
    second.route("GET /status", [pending(), pending(), pending(), pending()]);
    let (flow, mut events) = restore(&state, &second);
    let events = rest(&mut events).await;
    assert_eq!(flow.finished().await, Terminal::Exited(json!({"failed": true})));
    let at: Vec<u128> = second.requests().iter().map(|r| r.at.as_millis()).collect();
    assert_eq!(at, [5_000, 10_000, 15_000], "3 attempts left of 5, the first one wait after restore");
    assert_eq!(
        names(&events),
        ["step:wait", "polling:3", "polling:4", "polling:5", "polling_failed:max_attempts", "exited"]
    );
    assert!(matches!(&events[0], FlowEvent::StepShown { reason: ShowReason::Resumed, .. }));
    assert!(
        !events.iter().any(|e| matches!(e, FlowEvent::Analytics(a) if a.kind.name() == "flow_initiated")),
        "a restored flow is not a new one"
    );
}

#[tokio::test(start_paused = true)]
async fn a_request_in_flight_when_saved_counts_as_used_and_pause_stops_the_clock() {
    let server = Harness::server();
    server.route("GET /status", [pending(), pending().with_latency(std::time::Duration::from_secs(3))]);
    let h = polling_flow(server, false, 11_000).await;
    // The second poll went out at 10 s and is still in flight.
    assert_eq!(state_json(&h.flow)["polling"]["attempts_used"], 2);
    assert_eq!(state_json(&h.flow)["polling"]["time_left_ms"], 0);
    wait(3_000).await;
    // Answered at 13 s; paused at 15 s, saved at 21 s: 3 s of the wait left.
    wait(1_000).await;
    h.flow.pause().await.unwrap();
    wait(6_000).await;
    let state = state_json(&h.flow);
    assert_eq!(
        (state["polling"]["attempts_used"].as_u64(), state["polling"]["time_left_ms"].as_u64()),
        (Some(2), Some(3_000))
    );
    h.flow.resume().await.unwrap();
    wait(1_000).await;
    assert_eq!(state_json(&h.flow)["polling"]["time_left_ms"], 2_000);
}

#[tokio::test(start_paused = true)]
async fn a_restored_flow_goes_on_with_its_history_and_etag() {
    let server = Harness::server();
    server.route("GET /status", [pending()]);
    let h = polling_flow(server, false, 6_000).await;
    let state = h.flow.save_state();
    drop(h);

    let second = Harness::server();
    second.route("GET /status", [typed(200, "exit", json!({"paid": true}))]);
    let (flow, _events) = restore(&state, &second);
    let snapshot = flow.idle().await;
    assert_eq!(snapshot.history_ids(), ["pay", "wait"]);
    assert_eq!(snapshot.etag.as_deref(), Some("\"w1\""));
    assert_eq!(flow.finished().await, Terminal::Exited(json!({"paid": true})));
    assert_eq!(second.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn polling_that_had_ended_does_not_start_again() {
    let server = Harness::server();
    server.route("GET /status", vec![pending(); 5]);
    let h = polling_flow(server, false, 60_000).await;
    assert!(!h.flow.snapshot().polling);
    let state = h.flow.save_state();
    assert_eq!(state_json(&h.flow)["polling"]["running"], false);
    drop(h);

    let second = Harness::server();
    let (flow, mut events) = restore(&state, &second);
    wait(120_000).await;
    assert_eq!(second.request_count(), 0, "all 5 attempts were used in the first life");
    assert_eq!(flow.snapshot().step.map(|s| s.id().to_owned()).as_deref(), Some("wait"));
    // Saving the restored flow again still says polling ended.
    assert_eq!(state_json(&flow)["polling"]["attempts_used"], 5);
    assert_eq!(state_json(&flow)["polling"]["running"], false);
    flow.cancel().await.unwrap();
    assert_eq!(names(&rest(&mut events).await), ["step:wait", "cancelled"]);
}

#[tokio::test(start_paused = true)]
async fn a_state_holds_no_header_credential_or_secret_query_value() {
    let base = url::Url::parse("https://u:SECRET-PASS@flow.example/start?token=SECRET-QUERY&page=2").unwrap();
    let server = Arc::new(ScriptedTransport::new(&base));
    server.route("POST /start", [typed(200, "step", waiting(false))]);
    server.route("GET /status", [pending()]);
    let config = RuntimeConfig::builder()
        .default_header("Authorization", "Bearer SECRET-AUTH")
        .default_header("X-Custom", "SECRET-CUSTOM")
        .build()
        .unwrap();
    let (flow, _events) =
        FlowBuilder::post(base.as_str(), None).config(config).transport(server.clone()).start().unwrap();
    flow.idle().await;
    wait(6_000).await;
    assert_eq!(server.request_count(), 2);
    let state = flow.save_state();
    let text = String::from_utf8(state.clone()).unwrap();
    for secret in ["SECRET-PASS", "SECRET-QUERY", "SECRET-AUTH", "SECRET-CUSTOM", "Authorization", "X-Custom"]
    {
        assert!(!text.contains(secret), "{secret} in the state: {text}");
    }
    assert!(text.contains("page=2"), "other query values are kept: {text}");
    drop(flow);

    let second = Arc::new(ScriptedTransport::new(&base));
    second.route("GET /status", [typed(200, "exit", json!({}))]);
    let missing = FlowBuilder::restore(&state).unwrap().transport(second.clone()).start();
    assert!(
        matches!(&missing, Err(StartError::Restore(RestoreError::MissingSecret { name, .. }))
            if name == "token" || name == "(url password)"),
        "{missing:?}"
    );
    let (flow, _events) = FlowBuilder::restore(&state)
        .unwrap()
        .secret("token", "SECRET-QUERY")
        .secret("(url password)", "SECRET-PASS")
        .transport(second.clone())
        .start()
        .unwrap();
    assert_eq!(flow.finished().await, Terminal::Exited(json!({})));
}

#[test]
fn a_state_of_an_unknown_version_is_a_typed_error() {
    let error =
        FlowBuilder::restore(br#"{"format": "dflow.flow-state", "version": 2, "frames": []}"#).unwrap_err();
    assert_eq!(error, RestoreError::Version { found: 2 });
    assert!(error.to_string().contains("version 2 is not supported"), "{error}");
    assert!(matches!(FlowBuilder::restore(b"{}"), Err(RestoreError::Foreign { .. })));
}

// ----- events and state agree ------------------------------------------

/// A host woken by each event: it reads the event at once, from inside the
/// wake-up (that is, before the flow's task goes on), and notes what the
/// snapshot and a saved state said at that moment.
struct WokenHost {
    events: Mutex<FlowEvents>,
    flow: Mutex<Option<FlowHandle>>,
    seen: Mutex<Vec<(String, String)>>,
}

impl WokenHost {
    fn read(self: &Arc<Self>) {
        let waker = futures::task::waker(self.clone());
        let mut cx = Context::from_waker(&waker);
        let Ok(mut events) = self.events.try_lock() else { return };
        while let Poll::Ready(Some(event)) = Pin::new(&mut *events).poll_next(&mut cx) {
            let flow = self.flow.lock().unwrap();
            let Some(flow) = flow.as_ref() else { continue };
            let snapshot = flow.snapshot();
            let state: Value = serde_json::from_slice(&flow.save_state()).unwrap();
            let said = match &event {
                FlowEvent::StepShown { step, .. } => Some((
                    format!("step {}", step.id()),
                    format!("step {}", snapshot.step.map(|s| s.id().to_owned()).unwrap_or_default()),
                )),
                FlowEvent::Polling { attempt, .. } => Some((
                    format!("attempt {attempt}"),
                    format!("attempt {}", state["polling"]["attempts_used"]),
                )),
                FlowEvent::Exited { .. } => Some((
                    "ended".to_owned(),
                    if snapshot.terminal.is_some() { "ended" } else { "running" }.to_owned(),
                )),
                _ => None,
            };
            self.seen.lock().unwrap().extend(said);
        }
    }
}

impl ArcWake for WokenHost {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.read();
    }
}

#[tokio::test(start_paused = true)]
async fn a_host_woken_by_an_event_already_sees_it_in_the_snapshot_and_the_state() {
    let server = Harness::server();
    server.route("POST /pay", [typed(200, "step", waiting(false))]);
    server.route("GET /status", [pending(), pending(), typed(200, "step", plain("done"))]);
    server.route("POST /finish", [typed(200, "exit", json!({"ok": true}))]);
    let (flow, events) =
        FlowBuilder::from_step(step(form())).base_url(base()).transport(server.clone()).start().unwrap();
    let host = Arc::new(WokenHost {
        events: Mutex::new(events),
        flow: Mutex::new(Some(flow.clone())),
        seen: Mutex::default(),
    });
    host.read();
    flow.trigger_id("pay", json!({"amount": 3})).await.unwrap();
    wait(20_000).await;
    flow.trigger(action(json!({"url": "/finish"})), json!({})).await.unwrap();
    flow.finished().await;
    let seen = host.seen.lock().unwrap().clone();
    let events: Vec<&String> = seen.iter().map(|(event, _)| event).collect();
    assert_eq!(
        events,
        ["step pay", "step wait", "attempt 1", "attempt 2", "attempt 3", "step done", "ended"]
    );
    for (event, state) in &seen {
        assert_eq!(event, state, "when the host got `{event}`, the state said `{state}`");
    }
    host.flow.lock().unwrap().take();
}
