//! End to end through the default `ReqwestTransport` against a real HTTP
//! server (axum on 127.0.0.1): a four-step flow (form → server validation
//! error → corrected submit → polling step → exit with a merged result), and
//! cancellation in the middle of polling.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use flow_runtime::host::{FlowBuilder, FlowEvent, FlowEvents, FlowHandle, Terminal};
use support::{reply, serve, until_end, Reply, Server};

fn drain(events: &mut FlowEvents) -> Vec<FlowEvent> {
    std::iter::from_fn(|| events.try_recv()).collect()
}

fn step_ids(events: &[FlowEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            FlowEvent::StepShown { step, .. } => Some(step.id().to_owned()),
            _ => None,
        })
        .collect()
}

async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future).await.expect("the flow must not hang")
}

#[tokio::test]
async fn four_step_flow_over_http() {
    let server = Arc::new(Server::default());
    server.route(
        "POST /flow/start",
        [reply(
            200,
            json!({"id": "form", "title": "How much?",
                "schemas": [{"$id": "amount", "type": "object", "required": ["amount"],
                             "properties": {"amount": {"type": "number", "minimum": 1}}}],
                "layout": [{"type": "form", "schemaId": "amount"},
                           {"type": "button", "title": "Send", "behavior": {"type": "action",
                               "action": {"id": "send", "url": "submit", "data": {"currency": "EUR"}}}}]}),
        )],
    );
    server.route(
        "POST /flow/submit",
        [
            reply(422, json!({"error": "Check the amount", "validation": {"amount": "At most 100 today"}})),
            Reply {
                headers: vec![("X-DF-Response-Type", "step"), ("ETag", "\"p1\"")],
                ..reply(
                    200,
                    json!({"id": "processing", "title": "Sending", "schemas": [], "layout": [],
                        "polling": {"url": "status", "delay": 0, "maxAttempts": 5,
                                    "onError": {"behavior": {"type": "action",
                                                "action": {"exit": true, "result": {"failed": true}}}}}}),
                )
            },
        ],
    );
    server.route(
        "GET /flow/status",
        [
            reply(200, json!({"status": "PENDING"})),
            Reply {
                headers: vec![("X-DF-Response-Type", "action")],
                ..reply(
                    200,
                    json!({"action": {"url": "/flow/finish", "exit": true, "result": {"amount": 50}}}),
                )
            },
        ],
    );
    server.route("POST /flow/finish", [reply(200, json!({"transferId": 42, "amount": 0}))]);
    let origin = serve(server.clone()).await;

    let start =
        serde_json::from_value(json!({"url": format!("{origin}/flow/start"), "data": {"source": "e2e"}}))
            .unwrap();
    // Default transport (reqwest); base URL = the initial request's URL.
    let (flow, mut events): (FlowHandle, FlowEvents) = FlowBuilder::from_request(start).start().unwrap();
    assert_eq!(within(flow.idle()).await.history_ids(), ["form"]);

    // Client-side validation stops an empty amount before anything is sent.
    assert!(within(flow.trigger_id("send", json!({}))).await.is_err());
    assert_eq!(server.seen().len(), 1);

    // The server refuses the amount: the step stays and shows its errors.
    within(flow.trigger_id("send", json!({"amount": 500}))).await.unwrap();
    let events_so_far = drain(&mut events);
    assert!(events_so_far.contains(&FlowEvent::Errors {
        error: Some("Check the amount".into()),
        validation: Some(json!({"amount": "At most 100 today"})),
        status: 422,
        generic: false,
    }));
    assert_eq!(flow.snapshot().history_ids(), ["form"]);

    // Corrected: the polling step arrives, polling runs, its action exits.
    within(flow.trigger_id("send", json!({"amount": 50}))).await.unwrap();
    // Read as they come (unread polling progress coalesces).
    let rest = until_end(&mut events).await;
    assert_eq!(within(flow.finished()).await, Terminal::Exited(json!({"transferId": 42, "amount": 50})));
    assert_eq!(step_ids(&[events_so_far.clone(), rest.clone()].concat()), ["form", "processing"]);
    assert!(rest.contains(&FlowEvent::Polling {
        attempt: 1,
        max_attempts: 5,
        status: Some(200),
        error: None
    }));
    assert_eq!(rest.last(), Some(&FlowEvent::Exited { result: json!({"transferId": 42, "amount": 50}) }));

    let post = |path: &str, body: Value| ("POST".to_owned(), path.to_owned(), Some(body));
    let get = |path: &str| ("GET".to_owned(), path.to_owned(), None);
    assert_eq!(
        server.seen(),
        [
            post("/flow/start", json!({"source": "e2e"})),
            post("/flow/submit", json!({"amount": 500, "currency": "EUR"})),
            post("/flow/submit", json!({"amount": 50, "currency": "EUR"})),
            get("/flow/status"),
            get("/flow/status"),
            post("/flow/finish", json!({})),
        ]
    );
    for seen in server.seen.lock().unwrap().iter() {
        assert_eq!(seen.headers.get("accept").unwrap(), "application/json");
        let json_body = seen.headers.get("content-type").map(|v| v == "application/json");
        assert_eq!(json_body, seen.body.as_ref().map(|_| true), "{} {}", seen.method, seen.path);
    }
}

#[tokio::test]
async fn cancelling_mid_poll_sends_nothing_more() {
    let server = Arc::new(Server::default());
    server.route(
        "GET /status",
        [
            reply(200, json!({"status": "PENDING"})),
            Reply { delay: Duration::from_millis(300), ..reply(200, json!({"status": "PENDING"})) },
            reply(200, Value::Null),
            reply(200, Value::Null),
        ],
    );
    let origin = serve(server.clone()).await;
    let step = serde_json::from_value(json!({"id": "wait", "title": "Waiting", "schemas": [], "layout": [],
        "polling": {"url": "/status", "delay": 0, "maxAttempts": 50,
                    "onError": {"behavior": {"type": "action", "action": {"exit": true}}}}}))
    .unwrap();
    let (flow, mut events) =
        FlowBuilder::from_step(step).base_url(url::Url::parse(&origin).unwrap()).start().unwrap();
    // Wait until the second poll is at the server (it answers only after 300 ms).
    within(async {
        while server.seen.lock().unwrap().len() < 2 {
            server.arrived.notified().await;
        }
    })
    .await;
    within(flow.cancel()).await.unwrap();
    assert_eq!(within(flow.finished()).await, Terminal::Cancelled);
    // Long enough for the held answer to arrive and several more polls to go
    // out (delay 0) had polling not stopped.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(server.seen().len(), 2);
    assert_eq!(until_end(&mut events).await.last(), Some(&FlowEvent::Cancelled));
}

#[tokio::test]
async fn a_flow_saved_while_polling_over_http_finishes_after_restore() {
    let server = Arc::new(Server::default());
    let waiting = json!({"id": "wait", "title": "Wait", "schemas": [], "layout": [],
        "polling": {"url": "status", "delay": 0, "maxAttempts": 4}});
    server.route(
        "POST /flow/start",
        [Reply { headers: vec![("X-DF-Response-Type", "step"), ("ETag", "\"s1\"")], ..reply(200, waiting) }],
    );
    server.route(
        "GET /flow/status",
        [
            reply(200, json!({"status": "PENDING"})),
            Reply { delay: Duration::from_secs(30), ..reply(200, json!({"status": "PENDING"})) },
            reply(200, json!({"status": "PENDING"})),
            Reply { headers: vec![("X-DF-Response-Type", "exit")], ..reply(200, json!({"paid": true})) },
        ],
    );
    let origin = serve(server.clone()).await;
    let config = || {
        flow_runtime::RuntimeConfig::builder()
            .default_header("Authorization", "Bearer SECRET-AUTH")
            .build()
            .unwrap()
    };
    let (flow, mut events) =
        FlowBuilder::post(format!("{origin}/flow/start"), None).config(config()).start().unwrap();
    // Wait for the second poll to be in flight (the server holds it).
    within(async {
        loop {
            if server.seen().iter().filter(|s| s.1 == "/flow/status").count() == 2 {
                break;
            }
            server.arrived.notified().await;
        }
    })
    .await;
    let state = flow.save_state();
    let text = String::from_utf8(state.clone()).unwrap();
    assert!(!text.contains("SECRET-AUTH"), "{text}");
    let saved: Value = serde_json::from_slice(&state).unwrap();
    assert_eq!(saved["polling"]["attempts_used"], 2, "the poll in flight counts");
    drop(flow);
    drop(drain(&mut events));

    let (flow, mut events) = FlowBuilder::restore(&state).unwrap().config(config()).start().unwrap();
    let rest = until_end(&mut events).await;
    assert_eq!(within(flow.finished()).await, Terminal::Exited(json!({"paid": true})));
    assert_eq!(step_ids(&rest), ["wait"]);
    let attempts: Vec<u32> = rest
        .iter()
        .filter_map(|e| if let FlowEvent::Polling { attempt, .. } = e { Some(*attempt) } else { None })
        .collect();
    assert_eq!(attempts.last(), Some(&4));
    let polls = server.seen.lock().unwrap().iter().filter(|s| s.path == "/flow/status").count();
    assert_eq!(polls, 4, "no more than maxAttempts across both lives");
    let last = server.seen.lock().unwrap().last().map(|s| s.headers["authorization"].clone());
    assert_eq!(last.unwrap(), "Bearer SECRET-AUTH", "the headers supplied again are sent");
}

/// A 1.x server (no response-type header, steps without `layout`): the
/// pre-layout form step arrives normalized, its first schema is the form's,
/// client-side validation uses it, and its values are submitted merged with
/// the action's data like a root schema's; a final step's `action` is its
/// button, not an Action Response Body.
#[tokio::test]
async fn an_early_1x_flow_with_an_inline_schema_form() {
    let server = Arc::new(Server::default());
    server.route(
        "GET /old/start",
        [reply(
            200,
            json!({"key": "name", "type": "form", "title": "Your name",
                "schemas": [{"type": "object", "required": ["name"],
                             "properties": {"name": {"type": "string", "minLength": 2,
                                                     "help": {"message": "As on your passport"}}}}],
                "actions": [{"id": "go", "title": "Continue", "type": "primary", "url": "submit",
                             "data": {"v": 1}}]}),
        )],
    );
    server.route(
        "POST /old/submit",
        [reply(
            200,
            json!({"key": "done", "type": "final", "title": "Thanks",
                "action": {"id": "finish", "title": "Close", "exit": true, "result": {"closed": true}}}),
        )],
    );
    let origin = serve(server.clone()).await;

    let (flow, mut events) = FlowBuilder::get(format!("{origin}/old/start")).start().unwrap();
    let snapshot = within(flow.idle()).await;
    assert_eq!(snapshot.history_ids(), ["name"]);
    let step = snapshot.step.clone().expect("a step is shown");
    assert!(step.layout().iter().any(|l| l.type_name() == Some("box")));
    assert_eq!(step.schemas()[0].id(), Some("inline-form-schema"));

    // The inline schema's rules apply on the client.
    assert!(within(flow.trigger_id("go", json!({"name": "A"}))).await.is_err());
    assert_eq!(server.seen().len(), 1);

    within(flow.trigger_id("go", json!({"name": "Ada"}))).await.unwrap();
    assert_eq!(within(flow.idle()).await.history_ids(), ["name", "done"]);
    within(flow.trigger_id("finish", json!({}))).await.unwrap();
    assert_eq!(within(flow.finished()).await, Terminal::Exited(json!({"closed": true})));
    let _ = drain(&mut events);

    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1], ("POST".to_owned(), "/old/submit".to_owned(), Some(json!({"name": "Ada", "v": 1}))));
}
