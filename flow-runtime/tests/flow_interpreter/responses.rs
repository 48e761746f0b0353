//! Every row of the §5 response table through the interpreter, plus the
//! initial request (§7) and the action rules of §2.

use std::time::Duration;

use serde_json::json;

use flow_runtime::flow::respond::{ResponseProblem, GENERIC_ERROR};
use flow_runtime::host::{CommandError, FlowError, FlowEvent, ShowReason, Terminal, Transition};
use flow_runtime::transport::scripted::{ScriptedFailure, ScriptedReply};
use flow_runtime::transport::TransportError;

use crate::support::*;

fn form() -> serde_json::Value {
    json!({"id": "form", "title": "Amount", "model": {"amount": 0},
           "schemas": [{"$id": "amount", "type": "object", "required": ["amount"],
                        "properties": {"amount": {"type": "number", "minimum": 1}}}],
           "layout": [{"type": "form", "schemaId": "amount"}]})
}

// Row: 2xx, exit true, header ignored → exit with merge(body, result).
#[tokio::test(start_paused = true)]
async fn exiting_action_merges_result_over_body_and_ignores_header() {
    let server = Harness::server();
    server.route(
        "POST /finish",
        [typed(200, "step", json!({"a": 2, "b": 3})).with_latency(Duration::from_millis(300))],
    );
    let mut h = Harness::from_step(server, plain("confirm"));
    h.flow.idle().await;
    let exit = action(json!({"url": "/finish", "exit": true, "result": {"a": 1}}));
    h.flow.trigger(exit, json!({})).await.unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"a": 1, "b": 3})));
    assert_eq!(h.requests(), [req("POST", "/finish", Some(json!({})), 0)]);
    let events = h.rest().await;
    assert_eq!(names(&events), ["step:confirm", "exited"]);
    assert_eq!(events.last(), Some(&FlowEvent::Exited { result: json!({"a": 1, "b": 3}) }));
}

// Row: 2xx, not exiting, header exit → exit, same merge.
#[tokio::test(start_paused = true)]
async fn exit_header_ends_the_flow_with_the_merge() {
    let server = Harness::server();
    server.route("POST /next", [typed(200, "exit", json!({"id": 7}))]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    h.flow
        .trigger(action(json!({"url": "/next", "result": {"kind": "done"}})), json!({"x": 1}))
        .await
        .unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"id": 7, "kind": "done"})));
    assert_eq!(h.requests(), [req("POST", "/next", Some(json!({"x": 1})), 0)]);
    assert_eq!(names(&h.rest().await), ["step:s", "exited"]);
}

// Row: 2xx, header step or absent → show the step (history, ETag).
#[tokio::test(start_paused = true)]
async fn step_responses_with_and_without_header_are_shown() {
    let server = Harness::server();
    server.route("POST /one", [json(plain("one")).with_header("ETag", "\"e1\"")]);
    server.route("POST /two", [typed(200, "step", plain("two"))]);
    let mut h = Harness::from_step(server, plain("start"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/one"})), json!({})).await.unwrap();
    let snapshot = h.flow.snapshot();
    assert_eq!(snapshot.history_ids(), ["start", "one"]);
    assert_eq!(snapshot.etag.as_deref(), Some("\"e1\""));
    h.flow.trigger(action(json!({"url": "/two"})), json!({})).await.unwrap();
    assert_eq!(h.flow.snapshot().history_ids(), ["start", "one", "two"]);
    assert_eq!(h.flow.snapshot().etag, None);
    let events = h.drain();
    assert_eq!(names(&events), ["step:start", "step:one", "step:two"]);
    let reasons: Vec<ShowReason> = events
        .iter()
        .filter_map(|e| match e {
            FlowEvent::StepShown { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(
        reasons,
        [ShowReason::Start, ShowReason::Arrived(Transition::Push), ShowReason::Arrived(Transition::Push)]
    );
}

// Row: 2xx, header action → perform it: no validation, only its own data.
#[tokio::test(start_paused = true)]
async fn action_response_body_is_performed_with_its_own_data_only() {
    let server = Harness::server();
    server.route(
        "POST /submit",
        [typed(
            200,
            "action",
            json!({"action": {"url": "/confirm", "method": "PUT", "data": {"token": "t"}}}),
        )],
    );
    server.route("PUT /confirm", [json(plain("confirmed")).with_latency(Duration::from_secs(2))]);
    let mut h = Harness::from_step(server, form());
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/submit"})), json!({"amount": 5})).await.unwrap();
    // The command resolved only once the chained action was handled.
    assert_eq!(h.step_id().as_deref(), Some("confirmed"));
    assert_eq!(
        h.requests(),
        [
            req("POST", "/submit", Some(json!({"amount": 5})), 0),
            req("PUT", "/confirm", Some(json!({"token": "t"})), 0)
        ]
    );
    assert_eq!(names(&h.drain()), ["step:form", "step:confirmed"]);
}

// Row: 2xx, header modal → the host shows it; the step stays.
#[tokio::test(start_paused = true)]
async fn modal_response_is_handed_to_the_host() {
    let server = Harness::server();
    server.route(
        "POST /info",
        [typed(200, "modal", json!({"title": "Fees", "content": [{"type": "paragraph", "text": "1%"}]}))],
    );
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/info"})), json!({})).await.unwrap();
    let events = h.drain();
    assert_eq!(names(&events), ["step:s", "modal"]);
    assert!(events.iter().any(
        |e| matches!(e, FlowEvent::Modal { title: Some(t), content } if t == "Fees" && content.len() == 1)
    ));
    assert_eq!(h.flow.snapshot().history_ids(), ["s"]);
}

// Row: 2xx, header no-op → nothing changes.
#[tokio::test(start_paused = true)]
async fn no_op_changes_nothing() {
    let server = Harness::server();
    server.route("POST /save", [typed(200, "no-op", json!({"ignored": true}))]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    let before = h.flow.snapshot();
    h.flow.trigger(action(json!({"url": "/save"})), json!({})).await.unwrap();
    assert_eq!(names(&h.drain()), ["step:s"]);
    let after = h.flow.snapshot();
    assert_eq!(after.history_ids(), before.history_ids());
    assert!(after.terminal.is_none());
}

// Row: 304 → step unchanged.
#[tokio::test(start_paused = true)]
async fn not_modified_keeps_the_step() {
    let server = Harness::server();
    server.route("POST /save", [ScriptedReply::status(304)]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/save"})), json!({})).await.unwrap();
    assert_eq!(names(&h.drain()), ["step:s"]);
    assert_eq!(h.flow.snapshot().history_ids(), ["s"]);
}

// Row: 400–599 → Error Response Body: the step stays and shows the errors.
#[tokio::test(start_paused = true)]
async fn error_response_body_keeps_the_step_and_reports_errors() {
    let server = Harness::server();
    server.route(
        "POST /submit",
        [json(json!({"error": "Check the amount", "validation": {"amount": "Must be above 0"}}))
            .with_status(422)],
    );
    // An exiting action gets the same treatment on an error status.
    server.route("POST /exit", [ScriptedReply::status(500).with_body("<h1>oops</h1>")]);
    let mut h = Harness::from_step(server, plain("form"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/submit"})), json!({"amount": 0})).await.unwrap();
    h.flow.trigger(action(json!({"url": "/exit", "exit": true})), json!({})).await.unwrap();
    let events = h.drain();
    assert_eq!(names(&events), ["step:form", "errors", "errors"]);
    let expected = [
        FlowEvent::Errors {
            error: Some("Check the amount".into()),
            validation: Some(json!({"amount": "Must be above 0"})),
            status: 422,
            generic: false,
        },
        FlowEvent::Errors { error: Some(GENERIC_ERROR.into()), validation: None, status: 500, generic: true },
    ];
    assert_eq!(events[events.len() - 2..], expected);
    assert!(h.flow.snapshot().terminal.is_none());
    assert_eq!(h.step_id().as_deref(), Some("form"));
}

// §5.2: an error body with refreshUrl → refresh first, then the errors apply to the refreshed step.
#[tokio::test(start_paused = true)]
async fn error_response_with_refresh_url_refreshes_then_shows_errors() {
    let server = Harness::server();
    server.route(
        "POST /submit",
        [json(json!({"error": "Rates changed", "refreshUrl": "/refresh"})).with_status(409)],
    );
    server.route("POST /refresh", [json(json!({"id": "form", "title": "New rates", "layout": []}))]);
    let mut h = Harness::from_step(server, plain("form"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/submit", "data": {"k": 1}})), json!({"amount": 3})).await.unwrap();
    assert_eq!(
        h.requests(),
        [
            req("POST", "/submit", Some(json!({"amount": 3, "k": 1})), 0),
            req("POST", "/refresh", Some(json!({"amount": 3})), 0)
        ]
    );
    let events = h.drain();
    assert_eq!(names(&events), ["step:form", "step:form", "errors"]);
    assert!(matches!(events[events.len() - 3], FlowEvent::StepShown { reason: ShowReason::Refreshed, .. }));
    assert_eq!(h.flow.snapshot().step.unwrap().title(), "New rates");
    assert_eq!(h.flow.snapshot().history.len(), 1);
}

// A body that does not fit its header, or an unknown header → host-visible error, the step stays.
#[tokio::test(start_paused = true)]
async fn mismatch_and_unknown_header_are_host_visible_errors() {
    let server = Harness::server();
    server.route("POST /a", [typed(200, "step", json!({"id": "x", "layout": "nope"}))]);
    server.route("POST /b", [typed(200, "teleport", plain("x"))]);
    server.route("POST /c", [ScriptedReply::status(302)]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    for path in ["/a", "/b", "/c"] {
        h.flow.trigger(action(json!({"url": path})), json!({})).await.unwrap();
    }
    let problems: Vec<FlowError> = h
        .drain()
        .into_iter()
        .filter_map(|e| match e {
            FlowEvent::Problem { error } => Some(error),
            _ => None,
        })
        .collect();
    assert_eq!(problems.len(), 3);
    match &problems[0] {
        FlowError::Response { url, status: 200, problem: ResponseProblem::Mismatch { path, .. } } => {
            assert_eq!(url, "https://flow.example/a");
            assert_eq!(path.as_str(), "/layout");
        }
        other => panic!("{other:?}"),
    }
    assert!(problems[0]
        .to_string()
        .starts_with("response from https://flow.example/a (HTTP 200): body is not a step"));
    assert!(matches!(
        &problems[1],
        FlowError::Response { problem: ResponseProblem::UnknownResponseType { value }, .. } if value == "teleport"
    ));
    assert!(matches!(
        &problems[2],
        FlowError::Response { status: 302, problem: ResponseProblem::UnexpectedStatus { status: 302 }, .. }
    ));
    assert_eq!(h.flow.snapshot().history_ids(), ["s"]);
}

#[tokio::test(start_paused = true)]
async fn transport_failure_on_an_action_keeps_the_step() {
    let server = Harness::server();
    server.route("POST /a", [ScriptedReply::failure(ScriptedFailure::Reset)]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    h.flow.trigger(action(json!({"url": "/a"})), json!({})).await.unwrap();
    let events = h.drain();
    assert!(matches!(
        events.last(),
        Some(FlowEvent::Problem { error: FlowError::Transport(TransportError::Io { .. }) })
    ));
    assert!(h.flow.snapshot().terminal.is_none());
}

// §2: a GET sends no body, `data` is not turned into a query; `timeout` is honoured.
#[tokio::test(start_paused = true)]
async fn get_sends_no_body_and_timeout_is_honoured() {
    let server = Harness::server();
    server.route("GET /lookup", [json(plain("found"))]);
    server.route("POST /slow", [json(plain("late")).with_latency(Duration::from_secs(5))]);
    let mut h = Harness::from_step(server, plain("s"));
    h.flow.idle().await;
    h.flow
        .trigger(action(json!({"url": "/lookup", "method": "get", "data": {"q": 1}})), json!({"v": 1}))
        .await
        .unwrap();
    let get = &h.recorded()[0];
    assert_eq!((get.method.as_str(), get.path.as_str()), ("GET", "/lookup"));
    assert!(get.body.is_none());
    assert!(get.headers.get("content-type").is_none());
    assert_eq!(get.headers.get("accept").unwrap(), "application/json");

    let started = tokio::time::Instant::now();
    h.flow.trigger(action(json!({"url": "/slow", "timeout": 2})), json!({})).await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(2));
    assert!(matches!(
        h.drain().last(),
        Some(FlowEvent::Problem { error: FlowError::Transport(TransportError::Timeout { after, .. }) })
            if *after == Duration::from_secs(2)
    ));
    assert_eq!(h.step_id().as_deref(), Some("found"));
}

// §2 Decision: a non-exiting action without url is a host-visible error; nothing is sent.
#[tokio::test(start_paused = true)]
async fn action_without_url_is_rejected_and_nothing_is_sent() {
    let mut h = Harness::from_step(Harness::server(), plain("s"));
    h.flow.idle().await;
    let result = h.flow.trigger(action(json!({"id": "go", "data": {"a": 1}})), json!({})).await;
    let expected = FlowError::MissingUrl { id: Some("go".into()) };
    assert_eq!(result, Err(CommandError::Rejected(expected.clone())));
    assert_eq!(h.drain().last(), Some(&FlowEvent::Problem { error: expected }));
    assert!(h.recorded().is_empty());
}

// §2: exit without url ends at once with `result`; nothing is sent, no validation.
#[tokio::test(start_paused = true)]
async fn exit_without_url_ends_at_once() {
    let mut h = Harness::from_step(Harness::server(), form());
    h.flow.idle().await;
    h.flow.trigger(action(json!({"exit": true, "result": {"cancelled": true}})), json!({})).await.unwrap();
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"cancelled": true})));
    assert!(h.recorded().is_empty());
    assert_eq!(names(&h.rest().await), ["step:form", "exited"]);
}

// Client-side validation: failing values are reported per field and nothing is sent.
#[tokio::test(start_paused = true)]
async fn invalid_values_are_reported_and_not_sent() {
    let server = Harness::server();
    server.route("POST /submit", [json(plain("next")), json(plain("next2"))]);
    let mut h = Harness::from_step(server, form());
    h.flow.idle().await;
    let submit = action(json!({"url": "/submit"}));
    let result = h.flow.trigger(submit.clone(), json!({"amount": 0})).await;
    match result {
        Err(CommandError::Rejected(FlowError::InvalidValues { fields })) => {
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].path.as_str(), "/amount");
        }
        other => panic!("{other:?}"),
    }
    let events = h.drain();
    assert!(matches!(events.last(), Some(FlowEvent::ValidationFailed { validation, .. })
        if *validation == json!({"amount": "Must be at least 1"})));
    assert!(h.recorded().is_empty());
    // Corrected values go through; skipValidation sends anyway.
    h.flow.trigger(submit, json!({"amount": 2})).await.unwrap();
    h.flow.trigger(action(json!({"url": "/submit", "skipValidation": true})), json!({})).await.unwrap();
    assert_eq!(
        h.requests(),
        [req("POST", "/submit", Some(json!({"amount": 2})), 0), req("POST", "/submit", Some(json!({})), 0)]
    );
}

// --- The initial request (§7) ------------------------------------------------

#[tokio::test(start_paused = true)]
async fn initial_request_shows_the_step() {
    let server = Harness::server();
    server.route("POST /flows/start", [json(plain("form"))]);
    let mut h = Harness::from_request(server, json!({"url": "/flows/start", "data": {"source": "test"}}));
    let idle = h.flow.idle().await;
    assert_eq!(idle.step.map(|s| s.id().to_owned()).as_deref(), Some("form"));
    assert_eq!(h.requests(), [req("POST", "/flows/start", Some(json!({"source": "test"})), 0)]);
    assert_eq!(names(&h.drain()), ["step:form"]);
}

#[tokio::test(start_paused = true)]
async fn initial_request_error_status_fails_the_flow() {
    let server = Harness::server();
    server.route("POST /start", [json(json!({"error": "Not allowed"})).with_status(403)]);
    let mut h = Harness::from_request(server, json!({"url": "/start"}));
    let expected = FlowError::ErrorResponse {
        url: "https://flow.example/start".into(),
        status: 403,
        error: Some("Not allowed".into()),
    };
    assert_eq!(h.flow.finished().await, Terminal::Failed(expected.clone()));
    assert_eq!(expected.to_string(), "https://flow.example/start answered HTTP 403: Not allowed");
    let events = h.rest().await;
    assert_eq!(names(&events), ["failed"]);
    // Exactly one terminal event, and it is the last.
    assert_eq!(events.iter().filter(|e| e.terminal().is_some()).count(), 1);
}

#[tokio::test(start_paused = true)]
async fn initial_request_transport_error_or_non_step_fails_the_flow() {
    // Unscripted: the scripted transport fails it as a connect error.
    let mut h = Harness::from_request(Harness::server(), json!({"url": "/start"}));
    assert!(matches!(
        h.flow.finished().await,
        Terminal::Failed(FlowError::Transport(TransportError::Connect { .. }))
    ));
    assert_eq!(names(&h.rest().await), ["failed"]);

    let server = Harness::server();
    server.route("POST /start", [typed(200, "no-op", json!({}))]);
    let h = Harness::from_request(server, json!({"url": "/start"}));
    assert_eq!(
        h.flow.finished().await,
        Terminal::Failed(FlowError::NoStep { url: "https://flow.example/start".into(), outcome: "no-op" })
    );

    let server = Harness::server();
    server.route("POST /start", [typed(200, "step", json!({"title": "no layout"}))]);
    let h = Harness::from_request(server, json!({"url": "/start"}));
    assert!(matches!(h.flow.finished().await, Terminal::Failed(FlowError::Response { .. })));
}

#[tokio::test(start_paused = true)]
async fn initial_request_can_exit_or_chain_an_action() {
    let server = Harness::server();
    server.route("GET /start", [json(json!({"action": {"url": "/real-start", "data": {"v": 2}}}))]);
    server.route("POST /real-start", [typed(200, "exit", json!({"done": true}))]);
    let h = Harness::from_request(server, json!({"url": "/start", "method": "GET", "exit": true}));
    assert_eq!(h.flow.finished().await, Terminal::Exited(json!({"done": true})));
    assert_eq!(
        h.requests(),
        [req("GET", "/start", None, 0), req("POST", "/real-start", Some(json!({"v": 2})), 0)]
    );
}
