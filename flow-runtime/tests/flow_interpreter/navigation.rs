//! History and `stackBehavior`, back navigation, link handlers, refresh on
//! change with ETag, `external`.

use serde_json::json;

use flow_runtime::host::{CommandError, FlowEvent, ShowReason, Terminal, Transition, UrlSource};
use flow_runtime::transport::scripted::ScriptedReply;

use crate::support::*;

fn stacked(id: &str, behavior: &str) -> serde_json::Value {
    json!({"id": id, "title": id, "layout": [], "navigation": {"stackBehavior": behavior}})
}

#[tokio::test(start_paused = true)]
async fn stack_behaviors_shape_the_history() {
    let server = Harness::server();
    server.route(
        "POST /next",
        [
            json(plain("b")),
            json(stacked("c", "remove-previous")),
            json(stacked("d", "replace-current")),
            json(plain("e")),
            json(stacked("f", "remove-all")),
        ],
    );
    let mut h = Harness::from_step(server, plain("a"));
    h.flow.idle().await;
    let next = action(json!({"url": "/next"}));
    let mut seen = Vec::new();
    for _ in 0..5 {
        h.flow.trigger(next.clone(), json!({})).await.unwrap();
        seen.push(h.flow.snapshot().history_ids().join(","));
    }
    assert_eq!(seen, ["a,b", "a,c", "a,d", "a,d,e", "f"]);
    let transitions: Vec<ShowReason> = h
        .drain()
        .iter()
        .filter_map(|e| match e {
            FlowEvent::StepShown { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(
        transitions,
        [
            ShowReason::Start,
            ShowReason::Arrived(Transition::Push),
            ShowReason::Arrived(Transition::Replace),
            ShowReason::Arrived(Transition::Replace),
            ShowReason::Arrived(Transition::Push),
            ShowReason::Arrived(Transition::Reset),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn stack_behaviors_fall_back_to_default_when_too_shallow() {
    for behavior in ["remove-previous", "replace-current"] {
        let server = Harness::server();
        server.route("POST /start", [json(stacked("first", behavior))]);
        let h = Harness::from_request(server, json!({"url": "/start"}));
        assert_eq!(h.flow.idle().await.history_ids(), ["first"], "{behavior}");
    }
}

#[tokio::test(start_paused = true)]
async fn back_returns_to_the_previous_step_then_cancels_on_the_first() {
    let server = Harness::server();
    let mut with_external = plain("b");
    with_external["external"] = json!({"url": "https://bank.example/auth"});
    server.route("POST /next", [json(with_external)]);
    server.route("POST /next2", [json(plain("c"))]);
    let mut h = Harness::from_step(server, plain("a"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/next"})), json!({})).await.unwrap();
    h.flow.trigger(action(json!({"url": "/next2"})), json!({})).await.unwrap();
    h.flow.back().await.unwrap();
    assert_eq!(h.flow.snapshot().history_ids(), ["a", "b"]);
    h.flow.back().await.unwrap();
    assert_eq!(h.flow.snapshot().history_ids(), ["a"]);
    h.flow.back().await.unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Cancelled);
    let events = h.rest().await;
    // external opened once, when b arrived; not when back returned to it.
    assert_eq!(
        names(&events),
        ["step:a", "step:b", "open:https://bank.example/auth", "step:c", "step:b", "step:a", "cancelled"]
    );
    assert_eq!(h.flow.back().await, Err(CommandError::Ended));
}

#[tokio::test(start_paused = true)]
async fn navigation_back_action_replaces_native_back() {
    let server = Harness::server();
    server.route("POST /go-back", [json(plain("previous"))]);
    let mut start = json!({"id": "form", "title": "Form", "layout": [],
        "schemas": [{"$id": "f", "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}],
        "navigation": {"back": {"title": "Back", "action": {"url": "/go-back", "data": {"dir": "back"}}}}});
    start["model"] = json!({"name": ""});
    let h = Harness::from_step(server, start);
    h.flow.idle().await;
    // No validation (the form is invalid), only the action's own data.
    h.flow.back().await.unwrap();
    assert_eq!(h.requests(), [req("POST", "/go-back", Some(json!({"dir": "back"})), 0)]);
    assert_eq!(h.flow.snapshot().history_ids(), ["form", "previous"]);
}

#[tokio::test(start_paused = true)]
async fn link_handlers_run_the_first_match_with_the_url_merged() {
    let server = Harness::server();
    server.route("POST /bank-return", [json(plain("paid"))]);
    let start = json!({"id": "wait", "title": "Wait", "layout": [], "linkHandlers": [
        {"regexPattern": "[", "action": {"url": "/broken"}},
        {"regexPattern": "^myapp://bank/return", "action": {"url": "/bank-return", "data": {"bank": "x", "url": "old"}}},
        {"regexPattern": "^myapp://", "action": {"url": "/other"}}
    ]});
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    let result = h.flow.handle_link("https://elsewhere.example/?token=abc").await;
    assert!(matches!(result, Err(CommandError::NoLinkHandler { ref step_id, .. }) if step_id == "wait"));
    h.flow.handle_link("myapp://bank/return?code=1").await.unwrap();
    assert_eq!(
        h.requests(),
        [req("POST", "/bank-return", Some(json!({"bank": "x", "url": "myapp://bank/return?code=1"})), 0)]
    );
    assert_eq!(h.step_id().as_deref(), Some("paid"));
    let problems = h.drain().into_iter().filter(|e| matches!(e, FlowEvent::Problem { .. })).count();
    assert_eq!(problems, 2, "the invalid pattern is reported each time it is skipped");
}

fn refreshable() -> serde_json::Value {
    json!({"id": "quote", "title": "Quote", "layout": [], "refreshUrl": "/quote/refresh",
           "external": {"url": "https://docs.example/terms"}})
}

#[tokio::test(start_paused = true)]
async fn refresh_on_change_sends_if_none_match_and_304_keeps_the_step() {
    let server = Harness::server();
    server.route("POST /start", [json(refreshable()).with_header("ETag", "\"v1\"")]);
    server.route(
        "POST /quote/refresh",
        [
            ScriptedReply::status(304),
            json(json!({"id": "quote", "title": "Quote 2", "layout": [], "model": {"amount": 5},
                        "refreshUrl": "/quote/refresh",
                        "external": {"url": "https://docs.example/terms"}}))
            .with_header("ETag", "\"v2\""),
            json(json!({"id": "quote", "title": "Quote 3", "layout": []})).with_status(200),
        ],
    );
    let mut h = Harness::from_request(server, json!({"url": "/start"}));
    h.flow.idle().await;
    h.flow.refresh(json!({"amount": 5})).await.unwrap();
    assert_eq!(h.flow.snapshot().step.unwrap().title(), "Quote");
    h.flow.refresh(json!({"amount": 5})).await.unwrap();
    assert_eq!(h.flow.snapshot().etag.as_deref(), Some("\"v2\""));
    h.flow.refresh(json!({"amount": 6})).await.unwrap();
    let sent = h.recorded();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[1].headers.get("if-none-match").unwrap(), "\"v1\"");
    assert_eq!(sent[1].json(), Some(json!({"amount": 5})));
    assert_eq!(sent[2].headers.get("if-none-match").unwrap(), "\"v1\"");
    assert_eq!(sent[3].headers.get("if-none-match").unwrap(), "\"v2\"");
    assert!(sent[0].headers.get("if-none-match").is_none());
    let snapshot = h.flow.snapshot();
    assert_eq!((snapshot.history.len(), snapshot.etag), (1, None));
    let events = h.drain();
    // external: opened when the step arrived; not on 304, not on a refresh with the same URL.
    assert_eq!(names(&events), ["step:quote", "open:https://docs.example/terms", "step:quote", "step:quote"]);
    assert!(events.iter().any(|e| matches!(e, FlowEvent::OpenUrl { source: UrlSource::External, .. })));
}

#[tokio::test(start_paused = true)]
async fn refresh_without_refresh_url_is_rejected() {
    let mut h = Harness::from_step(Harness::server(), plain("s"));
    h.flow.idle().await;
    let result = h.flow.refresh(json!({})).await;
    assert!(matches!(result, Err(CommandError::Rejected(_))));
    assert!(matches!(h.drain().last(), Some(FlowEvent::Problem { .. })));
    assert!(h.recorded().is_empty());
}

#[tokio::test(start_paused = true)]
async fn trigger_by_id_finds_the_action_in_the_layout() {
    let server = Harness::server();
    server.route("POST /choose", [json(plain("chosen"))]);
    let start = json!({"id": "pick", "title": "Pick", "schemas": [], "layout": [
        {"type": "decision", "options": [
            {"title": "Gold", "behavior": {"type": "action", "action": {"id": "gold", "url": "/choose", "data": {"plan": "gold"}}}}
        ]}
    ]});
    let h = Harness::from_step(server, start);
    h.flow.idle().await;
    assert_eq!(
        h.flow.trigger_id("silver", json!({})).await,
        Err(CommandError::ActionNotFound { id: "silver".into(), step_id: "pick".into() })
    );
    h.flow.trigger_id("gold", json!({"x": 1})).await.unwrap();
    assert_eq!(h.requests(), [req("POST", "/choose", Some(json!({"x": 1, "plan": "gold"})), 0)]);
}
