//! One action in flight, cancellation, dropped handles, analytics, terminal
//! states, and handles used from another runtime.

use std::time::Duration;

use serde_json::json;

use flow_runtime::host::{AnalyticsKind, CommandError, FlowBuilder, FlowEvent, Terminal};
use flow_runtime::transport::scripted::ScriptedReply;

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn a_second_trigger_while_one_is_in_flight_is_rejected_as_busy() {
    let server = Harness::server();
    server.route("POST /slow", [json(plain("next")).with_latency(Duration::from_secs(3))]);
    let start = json!({"id": "s", "title": "", "schemas": [], "refreshUrl": "/refresh",
        "linkHandlers": [{"regexPattern": ".", "action": {"url": "/link"}}],
        "layout": [{"type": "button", "behavior": {"type": "action", "action": {"id": "b", "url": "/b"}}}]});
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    let flow = h.flow.clone();
    let first = tokio::spawn(async move { flow.trigger(action(json!({"url": "/slow"})), json!({})).await });
    wait(1_000).await;
    assert!(h.flow.snapshot().busy);
    let started = tokio::time::Instant::now();
    assert_eq!(h.flow.trigger(action(json!({"url": "/other"})), json!({})).await, Err(CommandError::Busy));
    assert_eq!(h.flow.trigger_id("b", json!({})).await, Err(CommandError::Busy));
    assert_eq!(h.flow.back().await, Err(CommandError::Busy));
    assert_eq!(h.flow.refresh(json!({})).await, Err(CommandError::Busy));
    assert_eq!(h.flow.handle_link("x://y").await, Err(CommandError::Busy));
    let exit = action(json!({"exit": true}));
    assert_eq!(h.flow.trigger(exit, json!({})).await, Err(CommandError::Busy));
    // Host-only behaviors still work.
    h.flow.trigger_behavior(behavior(json!({"type": "copy", "content": "c"})), json!({})).await.unwrap();
    assert_eq!(started.elapsed(), Duration::ZERO, "rejections resolve at once");
    assert_eq!(first.await.unwrap(), Ok(()));
    assert_eq!(h.requests(), [req("POST", "/slow", Some(json!({})), 0)]);
    assert_eq!(names(&h.drain()), ["step:s", "copy:c", "step:next"]);
    assert!(h.flow.idle().await.is_idle());
}

#[tokio::test(start_paused = true)]
async fn accepted_resolves_once_the_request_is_in_flight_or_the_command_was_refused() {
    let server = Harness::server();
    server.route("POST /slow", [json(plain("next")).with_latency(Duration::from_secs(3))]);
    let start = json!({"id": "s", "title": "", "layout": [
        {"type": "button", "behavior": {"type": "action", "action": {"id": "go", "url": "/slow"}}}],
        "schemas": [{"$id": "f", "type": "object", "required": ["name"],
                     "properties": {"name": {"type": "string"}}}]});
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    let started = tokio::time::Instant::now();
    // Refused at once: client validation, an unknown id.
    let refused = h.flow.accepted(h.flow.trigger_id("go", json!({}))).await;
    assert!(matches!(refused, Err(CommandError::Rejected(_))), "{refused:?}");
    let unknown = h.flow.accepted(h.flow.trigger_id("nope", json!({}))).await;
    assert!(matches!(unknown, Err(CommandError::ActionNotFound { .. })), "{unknown:?}");
    // Accepted: resolves while the request is in flight.
    h.flow.accepted(h.flow.trigger_id("go", json!({"name": "Ada"}))).await.unwrap();
    assert_eq!(started.elapsed(), Duration::ZERO, "nothing waited for the server");
    assert!(h.flow.snapshot().busy);
    assert_eq!(h.flow.accepted(h.flow.back()).await, Err(CommandError::Busy));
    // Host-only commands are handled at once.
    h.flow.accepted(h.flow.pause()).await.unwrap();
    assert!(h.flow.snapshot().paused);
    h.flow.idle().await;
    assert_eq!(h.step_id().as_deref(), Some("next"));
    assert_eq!(h.requests(), [req("POST", "/slow", Some(json!({"name": "Ada"})), 0)]);
    h.flow.cancel().await.unwrap();
    assert_eq!(h.flow.accepted(h.flow.trigger_id("go", json!({}))).await, Err(CommandError::Ended));
    let _ = h.rest().await;
}

#[tokio::test(start_paused = true)]
async fn cancel_mid_request_discards_the_response() {
    let server = Harness::server();
    server.route(
        "POST /slow",
        [typed(200, "exit", json!({"late": true})).with_latency(Duration::from_secs(3))],
    );
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    let flow = h.flow.clone();
    let pending = tokio::spawn(async move { flow.trigger(action(json!({"url": "/slow"})), json!({})).await });
    wait(1_000).await;
    h.flow.cancel().await.unwrap();
    assert_eq!(pending.await.unwrap(), Err(CommandError::Ended));
    assert_eq!(h.flow.finished().await, Terminal::Cancelled);
    wait(10_000).await;
    let events = h.rest().await;
    assert_eq!(names(&events), ["step:s", "cancelled"]);
    assert_eq!(h.flow.snapshot().terminal, Some(Terminal::Cancelled));
    assert_eq!(h.flow.cancel().await, Err(CommandError::Ended));
}

#[tokio::test(start_paused = true)]
async fn dropping_every_handle_cancels_the_flow_and_its_polling() {
    let server = Harness::server();
    server.route("GET /status", vec![ScriptedReply::status(200); 10]);
    let start = json!({"id": "wait", "title": "", "layout": [],
                       "polling": {"url": "/status", "delay": 2, "maxAttempts": 10}});
    let Harness { server, flow, mut events } = Harness::from_step(server, start);
    flow.idle().await;
    let clone = flow.clone();
    wait(3_000).await; // one poll at 2 s
    drop(flow);
    wait(2_000).await; // a clone is alive: the flow goes on (a poll at 4 s)
    assert!(clone.snapshot().terminal.is_none());
    drop(clone);
    let mut rest = Vec::new();
    while let Some(event) = events.recv().await {
        rest.push(event);
    }
    assert_eq!(rest.last(), Some(&FlowEvent::Cancelled));
    wait(60_000).await;
    let times: Vec<u128> = server.requests().iter().map(|r| r.at.as_millis()).collect();
    assert_eq!(times, [2000, 4000]);
}

#[tokio::test(start_paused = true)]
async fn analytics_carry_flow_id_step_id_and_step_properties() {
    let server = Harness::server();
    server.route("POST /done", [typed(200, "exit", json!({}))]);
    let start = json!({"id": "review", "title": "", "layout": [], "analytics": {"variant": "B"}});
    let mut h = Harness::from_step(server, start);
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/done"})), json!({})).await.unwrap();
    let analytics: Vec<(AnalyticsKind, String, Option<String>, Option<String>)> = h
        .rest()
        .await
        .into_iter()
        .filter_map(|e| match e {
            FlowEvent::Analytics(a) => Some((
                a.kind,
                a.flow_id,
                a.step_id,
                a.properties.get("variant").and_then(|v| v.as_str()).map(str::to_owned),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        analytics,
        [
            (AnalyticsKind::FlowInitiated, "flow-1".into(), None, None),
            (AnalyticsKind::StepShown, "flow-1".into(), Some("review".into()), Some("B".into())),
            (AnalyticsKind::Succeeded, "flow-1".into(), Some("review".into()), Some("B".into())),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn failed_and_cancelled_flows_are_reported_to_analytics() {
    let h = Harness::from_request(Harness::server(), json!({"url": "/start"}));
    let mut h = h;
    h.flow.finished().await;
    let kinds: Vec<AnalyticsKind> = h
        .rest()
        .await
        .into_iter()
        .filter_map(|e| match e {
            FlowEvent::Analytics(a) => Some(a.kind),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, [AnalyticsKind::FlowInitiated, AnalyticsKind::Failed]);

    let mut h = Harness::from_step(Harness::server(), plain("s"));
    h.flow.cancel().await.unwrap();
    let kinds: Vec<AnalyticsKind> = h
        .rest()
        .await
        .into_iter()
        .filter_map(|e| match e {
            FlowEvent::Analytics(a) => Some(a.kind),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, [AnalyticsKind::FlowInitiated, AnalyticsKind::StepShown, AnalyticsKind::Cancelled]);
}

#[tokio::test(start_paused = true)]
async fn commands_after_the_end_report_ended() {
    let h = Harness::from_step(Harness::server(), plain("s"));
    h.flow.trigger(action(json!({"exit": true})), json!({})).await.unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Exited(serde_json::Value::Null));
    assert_eq!(h.flow.trigger(action(json!({"exit": true})), json!({})).await, Err(CommandError::Ended));
    assert_eq!(h.flow.pause().await, Err(CommandError::Ended));
    assert!(h.flow.idle().await.terminal.is_some());
}

#[test]
fn handles_work_from_another_runtime_and_thread() {
    let flow_runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = Harness::server();
    server.route("POST /next", [json(plain("next"))]);
    let (flow, events) = FlowBuilder::from_step(step(plain("s")))
        .base_url(base())
        .transport(server.clone())
        .runtime(flow_runtime.handle().clone())
        .start()
        .unwrap();
    let other = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            flow.trigger(action(json!({"url": "/next"})), json!({})).await.unwrap();
            let id = flow.snapshot().step.map(|s| s.id().to_owned());
            flow.cancel().await.unwrap();
            id
        })
    });
    assert_eq!(other.join().unwrap().as_deref(), Some("next"));
    let mut events = events;
    let last = futures::executor::block_on(async {
        let mut last = None;
        while let Some(event) = events.recv().await {
            last = Some(event);
        }
        last
    });
    assert_eq!(last, Some(FlowEvent::Cancelled));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn start_needs_a_runtime_and_a_base_url() {
    use flow_runtime::host::StartError;
    let no_runtime = FlowBuilder::from_step(step(plain("s"))).base_url(base()).start();
    assert!(matches!(no_runtime, Err(StartError::NoRuntime)));
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let _guard = runtime.enter();
    let no_base = FlowBuilder::from_step(step(plain("s"))).start();
    assert!(matches!(no_base, Err(StartError::NoBaseUrl { url: None })));
    let relative = FlowBuilder::from_request(action(json!({"url": "/start"}))).start();
    assert!(matches!(relative, Err(StartError::NoBaseUrl { url: Some(_) })));
    let no_url = FlowBuilder::from_request(action(json!({"data": {}}))).base_url(base()).start();
    assert!(matches!(no_url, Err(StartError::NoRequestUrl)));
    let ftp = FlowBuilder::from_request(action(json!({"url": "ftp://x.example/"}))).start();
    assert!(matches!(ftp, Err(StartError::InvalidBaseUrl { .. })));
}

#[tokio::test(start_paused = true)]
async fn errors_never_carry_secrets() {
    use flow_runtime::RuntimeConfig;
    let server = Harness::server();
    server.route("POST /pay", [typed(200, "step", json!({"layout": 1}))]);
    let config = RuntimeConfig::builder()
        .default_header("Authorization", "Bearer s3cret-header")
        .sensitive_query_param("token")
        .build()
        .unwrap();
    let (flow, mut events) = FlowBuilder::from_step(step(plain("s")))
        .base_url(base())
        .transport(server.clone())
        .config(config)
        .start()
        .unwrap();
    flow.trigger(
        action(json!({"url": "https://user:pw-secret@flow.example/pay?token=abc123&x=1"})),
        json!({}),
    )
    .await
    .unwrap();
    flow.trigger(action(json!({"url": "/unscripted?token=abc123"})), json!({})).await.unwrap();
    let link = flow.handle_link("myapp://x?token=abc123").await.unwrap_err();
    // The header was sent, marked sensitive.
    let sent = &server.requests()[0];
    assert!(sent.headers.get("authorization").unwrap().is_sensitive());
    let problems: Vec<String> = std::iter::from_fn(|| events.try_recv())
        .filter_map(|e| match e {
            FlowEvent::Problem { error } => Some(format!("{error} {error:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(problems.len(), 2);
    // The URL is named, with its secrets replaced (the placeholder is percent-encoded in URLs).
    assert!(problems[0].contains("@flow.example/pay?token=[redacted]&x=1"), "{}", problems[0]);
    for text in problems.iter().chain([&format!("{link} {link:?} {flow:?}")]) {
        for secret in ["abc123", "pw-secret", "s3cret-header"] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn cancel_inside_a_subflow_ends_everything() {
    let server = Harness::server();
    server.route("POST /nested", [json(plain("inner"))]);
    let mut h = Harness::from_step(server, plain("outer"));
    h.flow.idle().await;
    let launch = behavior(
        json!({"type": "subflow", "launchConfig": {"type": "dynamic", "request": {"url": "/nested"}},
        "onError": {"type": "action", "action": {"url": "/never"}}}),
    );
    h.flow.trigger_behavior(launch, json!({})).await.unwrap();
    assert_eq!(h.flow.snapshot().depth, 1);
    h.flow.cancel().await.unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Cancelled);
    let events = h.rest().await;
    assert_eq!(
        names(&events),
        ["step:outer", "subflow_started:flow-1.1", "step:inner", "subflow_ended:flow-1.1", "cancelled"]
    );
    assert_eq!(h.recorded().len(), 1);
}
