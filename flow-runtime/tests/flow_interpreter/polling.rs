//! Polling steps in the interpreter: started automatically, stopped when
//! the flow moves on, failures and `onError`, pause/resume, late responses.

use std::time::Duration;

use serde_json::json;

use flow_runtime::host::{CommandError, FlowEvent, Terminal};
use flow_runtime::transport::scripted::ScriptedReply;
use flow_runtime::PollFailure;

use crate::support::*;

fn polling_step(id: &str, delay: u64, max: u32) -> serde_json::Value {
    json!({"id": id, "title": "Waiting", "schemas": [], "layout": [],
           "polling": {"url": "/status", "delay": delay, "maxAttempts": max,
                       "onError": {"behavior": {"type": "action",
                                   "action": {"exit": true, "result": {"failed": true}}}}}})
}

fn at(h: &Harness) -> Vec<u128> {
    h.requests().iter().map(|r| r.3).collect()
}

#[tokio::test(start_paused = true)]
async fn polling_starts_with_the_step_and_a_new_step_stops_it() {
    let server = Harness::server();
    server.route(
        "GET /status",
        [ScriptedReply::status(200), typed(200, "step", plain("done")), ScriptedReply::status(200)],
    );
    let mut h = Harness::from_step(server, polling_step("wait", 2, 10));
    assert!(h.flow.idle().await.polling);
    // The host reads as the flow goes (unread polling progress coalesces).
    wait(3_000).await;
    let mut events = h.drain();
    wait(57_000).await;
    events.extend(h.drain());
    assert_eq!(at(&h), [2000, 4000]);
    let snapshot = h.flow.snapshot();
    assert_eq!((snapshot.history_ids(), snapshot.polling), (vec!["wait", "done"], false));
    assert_eq!(names(&events), ["step:wait", "polling:1", "polling:2", "step:done"]);
    assert!(events.contains(&FlowEvent::Polling {
        attempt: 1,
        max_attempts: 10,
        status: Some(200),
        error: None
    }));
}

#[tokio::test(start_paused = true)]
async fn a_submitted_user_action_stops_polling() {
    let server = Harness::server();
    server.route("GET /status", [ScriptedReply::status(200), ScriptedReply::status(200)]);
    server.route("POST /give-up", [json(plain("other")).with_latency(Duration::from_secs(1))]);
    let h = Harness::from_step(server, polling_step("wait", 5, 10));
    h.flow.idle().await;
    wait(7_000).await;
    h.flow.trigger(action(json!({"url": "/give-up"})), json!({})).await.unwrap();
    wait(60_000).await;
    assert_eq!(
        h.requests(),
        [req("GET", "/status", None, 5000), req("POST", "/give-up", Some(json!({})), 7000)]
    );
}

#[tokio::test(start_paused = true)]
async fn polling_failure_is_reported_then_on_error_runs() {
    let server = Harness::server();
    server.route("GET /status", vec![ScriptedReply::status(200).with_body("pending"); 3]);
    let mut h = Harness::from_step(server, polling_step("wait", 5, 3));
    // Read as they come (unread polling progress coalesces).
    let events = h.rest().await;
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"failed": true})));
    assert_eq!(at(&h), [5000, 10000, 15000]);
    assert_eq!(
        names(&events),
        ["step:wait", "polling:1", "polling:2", "polling:3", "polling_failed:max_attempts", "exited"]
    );
    assert!(events.contains(&FlowEvent::PollingFailed { reason: PollFailure::MaxAttempts }));
}

#[tokio::test(start_paused = true)]
async fn polling_without_on_error_leaves_the_step() {
    let server = Harness::server();
    server.route("GET /status", [ScriptedReply::status(500)]);
    let start = json!({"id": "wait", "title": "", "layout": [],
                       "polling": {"url": "/status", "delay": 1, "maxAttempts": 3}});
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    wait(10_000).await;
    let snapshot = h.flow.snapshot();
    assert!(!snapshot.polling && snapshot.terminal.is_none());
    assert_eq!(names(&h.drain()), ["step:wait", "polling:1", "polling_failed:status"]);
}

#[tokio::test(start_paused = true)]
async fn invalid_polling_fires_on_error_at_once() {
    let start = json!({"id": "wait", "title": "", "layout": [],
        "polling": {"url": "/status", "maxAttempts": 3,
                    "onError": {"action": {"exit": true, "result": {"invalid": true}}}}});
    let h = Harness::from_step(Harness::server(), start);
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"invalid": true})));
    assert!(h.recorded().is_empty());
}

#[tokio::test(start_paused = true)]
async fn poll_outcomes_action_modal_and_exit() {
    let server = Harness::server();
    server.route(
        "GET /status",
        [typed(200, "modal", json!({"title": "Still there?", "content": []})), ScriptedReply::status(200)],
    );
    let mut h = Harness::from_step(server, polling_step("wait", 1, 5));
    h.flow.idle().await;
    wait(5_000).await;
    // A modal ends polling (it is a Flow Response); the step stays.
    assert_eq!(names(&h.drain()), ["step:wait", "polling:1", "modal"]);
    assert_eq!(at(&h), [1000]);

    let server = Harness::server();
    server.route("GET /status", [json(json!({"action": {"url": "/complete", "data": {"p": 1}}}))]);
    server.route("POST /complete", [typed(200, "exit", json!({"ok": 1}))]);
    let h = Harness::from_step(server, polling_step("wait", 3, 5));
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"ok": 1})));
    assert_eq!(
        h.requests(),
        [req("GET", "/status", None, 3000), req("POST", "/complete", Some(json!({"p": 1})), 3000)]
    );
}

#[tokio::test(start_paused = true)]
async fn pause_and_resume_keep_the_wait_that_was_left() {
    let server = Harness::server();
    server.route("GET /status", [ScriptedReply::status(200), typed(200, "exit", json!({"v": 1}))]);
    let h = Harness::from_step(server, polling_step("wait", 5, 5));
    h.flow.idle().await;
    wait(3_000).await;
    h.flow.pause().await.unwrap();
    assert!(h.flow.snapshot().paused);
    wait(7_000).await; // t = 10 s: nothing was sent while paused
    assert!(h.recorded().is_empty());
    h.flow.resume().await.unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"v": 1})));
    // 2 s were left of the first wait; the second is a full 5 s.
    assert_eq!(at(&h), [12_000, 17_000]);
}

#[tokio::test(start_paused = true)]
async fn a_step_arriving_while_paused_polls_only_after_resume() {
    let server = Harness::server();
    server.route("POST /start", [json(polling_step("wait", 2, 5))]);
    server.route("GET /status", [typed(200, "exit", json!({}))]);
    let h = Harness::from_request(server, json!({"url": "/start"}));
    h.flow.pause().await.unwrap();
    h.flow.idle().await;
    wait(10_000).await;
    assert_eq!(h.recorded().len(), 1);
    h.flow.resume().await.unwrap();
    h.flow.finished().await;
    assert_eq!(at(&h), [0, 12_000]);
}

#[tokio::test(start_paused = true)]
async fn a_refresh_overtaken_by_polling_is_discarded() {
    let server = Harness::server();
    server.route("GET /status", [typed(200, "step", plain("next"))]);
    server.route("POST /refresh", [json(plain("stale")).with_latency(Duration::from_secs(10))]);
    let mut start = polling_step("wait", 5, 5);
    start["refreshUrl"] = json!("/refresh");
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    // A refresh does not stop polling; the poll answers first (t = 5 s).
    let result = h.flow.refresh(json!({})).await;
    assert_eq!(result, Err(CommandError::Superseded));
    wait(20_000).await;
    assert_eq!(h.flow.snapshot().history_ids(), ["wait", "next"]);
    assert_eq!(names(&h.drain()), ["step:wait", "polling:1", "step:next"]);
    assert_eq!(at(&h), [0, 5000]);
}

#[tokio::test(start_paused = true)]
async fn back_to_a_polling_step_polls_again() {
    let server = Harness::server();
    server.route("POST /away", [json(plain("away"))]);
    server.route("GET /status", [ScriptedReply::status(200)]);
    let h = Harness::from_step(server, polling_step("wait", 5, 5));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/away"})), json!({})).await.unwrap(); // t = 0: polling stops
    wait(1_000).await;
    h.flow.back().await.unwrap(); // t = 1 s: shown again, polling starts over
    assert!(h.flow.snapshot().polling);
    wait(6_000).await;
    assert_eq!(at(&h), [0, 6_000]);
}

// A host that stops reading while a step polls holds one polling event (the
// newest), however many attempts run; every other event is kept, in order.
#[tokio::test(start_paused = true)]
async fn a_host_that_does_not_read_holds_one_polling_event_not_one_per_attempt() {
    let server = Harness::server();
    server.route(
        "GET /status",
        (0..500).map(|_| ScriptedReply::status(200)).chain([typed(200, "step", plain("done"))]),
    );
    let mut h = Harness::from_step(server, polling_step("wait", 1, 1000));
    wait(600_000).await;
    assert_eq!(h.requests().len(), 501);
    let pending = h.events.pending();
    let events = h.drain();
    assert_eq!(pending, events.len());
    assert!(pending <= 8, "{pending} events wait unread after 501 attempts: {events:?}");
    assert_eq!(events.iter().filter(|e| matches!(e, FlowEvent::Polling { .. })).count(), 1);
    assert_eq!(names(&events), ["step:wait", "polling:501", "step:done"]);
}
