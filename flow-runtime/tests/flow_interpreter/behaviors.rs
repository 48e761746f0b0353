//! Every behavior kind (§3), including subflows (§5.3).

use std::time::Duration;

use serde_json::json;

use flow_runtime::host::{CommandError, FlowError, FlowEvent, ShowReason, Terminal, UrlSource};

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn action_behavior_performs_the_action() {
    let server = Harness::server();
    server.route("POST /go", [json(plain("next"))]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    let b = behavior(json!({"type": "action", "action": {"url": "/go", "data": {"d": 1}}}));
    h.flow.trigger_behavior(b, json!({"v": 2})).await.unwrap();
    assert_eq!(h.requests(), [req("POST", "/go", Some(json!({"v": 2, "d": 1})), 0)]);
    assert_eq!(names(&h.drain()), ["step:s", "step:next"]);
}

#[tokio::test(start_paused = true)]
async fn host_only_behaviors_emit_events_and_send_nothing() {
    let mut h = Harness::from_step(Harness::server(), plain("s"));
    h.flow.idle().await;
    for b in [
        json!({"type": "link", "url": "https://wise.com/help"}),
        json!({"type": "link", "url": "/terms"}),
        json!({"type": "copy", "content": "GB33BUKB20201555555555"}),
        json!({"type": "modal", "title": "Why?", "content": [{"type": "paragraph", "text": "Because."}]}),
        json!({"type": "dismiss"}),
        json!({"type": "teleport", "to": "mars"}),
    ] {
        h.flow.trigger_behavior(behavior(b), json!({})).await.unwrap();
    }
    let events = h.drain();
    assert_eq!(
        names(&events),
        [
            "step:s",
            "open:https://wise.com/help",
            "open:https://flow.example/terms",
            "copy:GB33BUKB20201555555555",
            "modal",
            "dismiss",
            "unknown_behavior"
        ]
    );
    assert!(events.iter().any(|e| matches!(e, FlowEvent::OpenUrl { source: UrlSource::Link, .. })));
    assert!(
        events.contains(&FlowEvent::UnknownBehavior { behavior: json!({"type": "teleport", "to": "mars"}) })
    );
    assert!(h.recorded().is_empty());
    assert_eq!(h.flow.snapshot().history_ids(), ["s"]);
}

#[tokio::test(start_paused = true)]
async fn refresh_behavior_refetches_the_step() {
    let server = Harness::server();
    server.route("POST /quote", [json(json!({"id": "s", "title": "Refreshed", "layout": []}))]);
    server.route("POST /step-refresh", [json(json!({"id": "s", "title": "Again", "layout": []}))]);
    let mut start = plain("s");
    start["refreshUrl"] = json!("/step-refresh");
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    // With its own url.
    h.flow
        .trigger_behavior(behavior(json!({"type": "refresh", "url": "/quote"})), json!({"amount": 1}))
        .await
        .unwrap();
    assert_eq!(h.flow.snapshot().step.unwrap().title(), "Refreshed");
    // Without: the step's refreshUrl (the refreshed step has none, so it is rejected).
    let result = h.flow.trigger_behavior(behavior(json!({"type": "refresh"})), json!({})).await;
    assert_eq!(result, Err(CommandError::Rejected(FlowError::NoRefreshUrl { step_id: "s".into() })));
    assert_eq!(h.requests(), [req("POST", "/quote", Some(json!({"amount": 1})), 0)]);
    let reasons: Vec<ShowReason> = h
        .drain()
        .into_iter()
        .filter_map(|e| match e {
            FlowEvent::StepShown { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, [ShowReason::Start, ShowReason::Refreshed]);
}

fn parent_with_subflow(on_error: bool) -> serde_json::Value {
    let mut subflow = json!({
        "type": "subflow", "referrerId": "kyc",
        "launchConfig": {"type": "dynamic", "request": {"url": "/kyc/start", "data": {"level": 2}},
                         "presentation": {"type": "push"}},
        "resultKey": "verification",
        "onCompletion": {"type": "action", "action": {"url": "/after-kyc", "data": {"from": "parent"}}}
    });
    if on_error {
        subflow["onError"] = json!({"type": "action", "action": {"url": "/kyc-failed"}});
    }
    json!({"id": "parent", "title": "Parent", "schemas": [], "layout": [
        {"type": "button", "title": "Verify", "behavior": subflow}
    ]})
}

fn subflow_behavior(h: &Harness) -> flow_model::Behavior {
    let step = h.flow.snapshot().step.unwrap();
    match &step.layout()[0] {
        flow_model::Layout::Button(b) => b.behavior.as_deref().cloned().unwrap(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn dynamic_subflow_runs_nested_and_merges_its_result_under_result_key() {
    let server = Harness::server();
    server.route("POST /kyc/start", [json(json!({"id": "kyc-1", "title": "Selfie", "layout": []}))]);
    server.route("POST /kyc/upload", [typed(200, "exit", json!({"status": "verified"}))]);
    server.route("POST /after-kyc", [json(plain("done"))]);
    let mut h = Harness::from_step(server, parent_with_subflow(false));
    h.flow.idle().await;
    let launch = subflow_behavior(&h);
    h.flow.trigger_behavior(launch, json!({})).await.unwrap();
    let snapshot = h.flow.snapshot();
    assert_eq!((snapshot.depth, snapshot.active_flow_id.as_str()), (1, "flow-1.1"));
    assert_eq!(snapshot.history_ids(), ["kyc-1"]);
    // The nested flow's relative URLs resolve against its own request URL.
    h.flow
        .trigger(action(json!({"url": "upload", "result": {"extra": 1}})), json!({"img": "x"}))
        .await
        .unwrap();
    let snapshot = h.flow.snapshot();
    assert_eq!(snapshot.depth, 0);
    assert_eq!(snapshot.history_ids(), ["parent", "done"]);
    assert_eq!(
        h.requests(),
        [
            req("POST", "/kyc/start", Some(json!({"level": 2})), 0),
            req("POST", "/kyc/upload", Some(json!({"img": "x"})), 0),
            req(
                "POST",
                "/after-kyc",
                Some(json!({"from": "parent", "verification": {"status": "verified", "extra": 1}})),
                0
            ),
        ]
    );
    let events = h.drain();
    assert_eq!(
        names(&events),
        [
            "step:parent",
            "subflow_started:flow-1.1",
            "step:kyc-1",
            "subflow_ended:flow-1.1",
            "step:parent",
            "step:done"
        ]
    );
    assert!(events.contains(&FlowEvent::SubflowStarted {
        flow_id: "flow-1.1".into(),
        referrer_id: Some("kyc".into()),
        presentation: Some("push".into())
    }));
    assert!(events.iter().any(|e| matches!(e, FlowEvent::StepShown { reason: ShowReason::Restored, .. })));
}

#[tokio::test(start_paused = true)]
async fn failed_subflow_runs_on_error_or_fails_the_parent() {
    // With onError.
    let server = Harness::server();
    server.route("POST /kyc/start", [json(json!({"error": "down"})).with_status(503)]);
    server.route("POST /kyc-failed", [json(plain("fallback"))]);
    let mut h = Harness::from_step(server, parent_with_subflow(true));
    h.flow.idle().await;
    let launch = subflow_behavior(&h);
    h.flow.trigger_behavior(launch, json!({})).await.unwrap();
    assert_eq!(h.flow.snapshot().history_ids(), ["parent", "fallback"]);
    assert_eq!(h.requests()[1], req("POST", "/kyc-failed", Some(json!({})), 0));
    let events = h.drain();
    assert!(events.iter().any(|e| matches!(
        e,
        FlowEvent::SubflowEnded {
            outcome: Terminal::Failed(FlowError::ErrorResponse { status: 503, .. }),
            ..
        }
    )));

    // Without onError: the parent fails.
    let server = Harness::server();
    server.route("POST /kyc/start", [json(json!({"error": "down"})).with_status(503)]);
    let mut h = Harness::from_step(server, parent_with_subflow(false));
    h.flow.idle().await;
    let launch = subflow_behavior(&h);
    h.flow.trigger_behavior(launch, json!({})).await.unwrap();
    match h.flow.finished().await {
        Terminal::Failed(FlowError::SubflowFailed { flow_id, error }) => {
            assert_eq!(flow_id, "flow-1.1");
            assert!(matches!(*error, FlowError::ErrorResponse { status: 503, .. }));
        }
        other => panic!("{other:?}"),
    }
    let events = h.rest().await;
    assert_eq!(names(&events).last().map(String::as_str), Some("failed"));
    assert_eq!(events.iter().filter(|e| e.terminal().is_some()).count(), 1);
}

#[tokio::test(start_paused = true)]
async fn back_on_the_subflows_first_step_returns_to_the_parent() {
    let server = Harness::server();
    server.route("POST /kyc/start", [json(json!({"id": "kyc-1", "title": "Selfie", "layout": []}))]);
    let mut h = Harness::from_step(server, parent_with_subflow(false));
    h.flow.idle().await;
    let launch = subflow_behavior(&h);
    h.flow.trigger_behavior(launch, json!({})).await.unwrap();
    h.flow.back().await.unwrap();
    let snapshot = h.flow.snapshot();
    assert_eq!((snapshot.depth, snapshot.history_ids()), (0, vec!["parent"]));
    assert!(snapshot.terminal.is_none());
    assert_eq!(
        names(&h.drain()),
        ["step:parent", "subflow_started:flow-1.1", "step:kyc-1", "subflow_ended:flow-1.1", "step:parent"]
    );
}

#[tokio::test(start_paused = true)]
async fn subflow_response_launches_too() {
    let server = Harness::server();
    server.route(
        "POST /pay",
        [typed(
            200,
            "subflow",
            json!({"referrerId": "3ds", "launchConfig": {"type": "dynamic", "request": {"url": "/3ds"}},
                   "resultKey": "auth", "onCompletion": {"type": "action", "action": {"url": "/paid"}}}),
        )],
    );
    server.route(
        "POST /3ds",
        [typed(200, "exit", json!({"ok": true})).with_latency(Duration::from_millis(500))],
    );
    server.route("POST /paid", [typed(200, "exit", json!({"paid": true}))]);
    let h = Harness::from_step(server, plain("pay"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/pay"})), json!({})).await.unwrap();
    // The whole chain ran before the command resolved.
    assert_eq!(h.flow.snapshot().terminal, Some(Terminal::Exited(json!({"paid": true}))));
    assert_eq!(h.requests()[2], req("POST", "/paid", Some(json!({"auth": {"ok": true}})), 500));
}

#[tokio::test(start_paused = true)]
async fn other_launch_configs_go_to_the_host() {
    let server = Harness::server();
    server.route("POST /after-native", [json(plain("next"))]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    let native = behavior(json!({"type": "subflow", "referrerId": "camera",
        "launchConfig": {"type": "native", "name": "camera"}, "resultKey": "photo",
        "onCompletion": {"type": "action", "action": {"url": "/after-native"}}}));
    h.flow.trigger_behavior(native.clone(), json!({})).await.unwrap();
    assert!(h.flow.snapshot().host_subflow);
    assert!(
        matches!(h.drain().last(), Some(FlowEvent::SubflowForHost { subflow }) if subflow.referrer_id.as_deref() == Some("camera"))
    );
    h.flow.complete_subflow(Ok(json!({"id": 9}))).await.unwrap();
    assert_eq!(h.requests(), [req("POST", "/after-native", Some(json!({"photo": {"id": 9}})), 0)]);
    assert_eq!(h.flow.complete_subflow(Ok(json!(null))).await, Err(CommandError::NoHostSubflow));

    // A failed host subflow without onError fails the flow.
    h.flow.trigger_behavior(native, json!({})).await.unwrap();
    h.flow.complete_subflow(Err("camera denied".into())).await.unwrap();
    assert_eq!(
        h.flow.finished().await,
        Terminal::Failed(FlowError::HostSubflowFailed { message: "camera denied".into() })
    );
}
