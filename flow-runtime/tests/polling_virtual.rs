//! Spec §4 in virtual time: every rule of the Dynamic Flow poll loop, with
//! exact request times and counts, through the scripted transport; plus
//! pause/resume, cancellation and the general engine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use flow_model::{Behavior, Polling};
use flow_poll::{PollControl, Poller, Verdict};
use flow_runtime::flow::polling::{PollDecision, PollDecisionKind, PollEvent, PollFailure, PollSession};
use flow_runtime::transport::scripted::{ScriptedFailure, ScriptedReply, ScriptedTransport};
use flow_runtime::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use flow_runtime::{HttpClient, RuntimeConfig};
use serde_json::{json, Value};
use tokio::time::Instant;

const BASE: &str = "https://flow.example/app/";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn polling(value: Value) -> Polling {
    serde_json::from_value(value).unwrap()
}

fn on_error() -> Value {
    json!({"behavior": {"type": "action", "action": {"exit": true, "result": {"failed": true}}}})
}

fn on_error_behavior() -> Behavior {
    serde_json::from_value(on_error()["behavior"].clone()).unwrap()
}

struct Setup {
    transport: Arc<ScriptedTransport>,
    client: HttpClient,
}

fn setup() -> Setup {
    setup_with(RuntimeConfig::default())
}

fn setup_with(config: RuntimeConfig) -> Setup {
    let base = url::Url::parse(BASE).unwrap();
    let transport = Arc::new(ScriptedTransport::new(&base));
    let client = HttpClient::new(transport.clone(), Arc::new(config), base);
    Setup { transport, client }
}

impl Setup {
    fn times(&self) -> Vec<Duration> {
        self.transport.requests().iter().map(|r| r.at).collect()
    }
}

/// Every event with the virtual time it arrived at (from `start`).
async fn drain(session: &mut PollSession, start: Instant) -> Vec<(Duration, PollEvent)> {
    let mut events = Vec::new();
    while let Some(event) = session.next_event().await {
        events.push((start.elapsed(), event));
    }
    events
}

fn finished(events: &[(Duration, PollEvent)]) -> (Duration, PollDecision) {
    match events.last() {
        Some((at, PollEvent::Finished(outcome))) => (*at, outcome.clone()),
        other => panic!("no Finished event: {other:?}"),
    }
}

fn attempt_kinds(events: &[(Duration, PollEvent)]) -> Vec<(u32, Option<u16>, bool, PollDecisionKind)> {
    events
        .iter()
        .filter_map(|(_, e)| match e {
            PollEvent::Attempt { number, status, error, decision, .. } => {
                Some((*number, *status, error.is_some(), *decision))
            }
            _ => None,
        })
        .collect()
}

fn pending() -> ScriptedReply {
    ScriptedReply::json(&json!({"status": "PENDING"}))
}

fn exit_reply(body: Value) -> ScriptedReply {
    ScriptedReply::json(&body).with_header("X-DF-Response-Type", "exit")
}

// §4.2: first request one wait after start; each next one a wait after the
// previous response arrived (latency included, not overlapped).
#[tokio::test(start_paused = true)]
async fn first_request_one_delay_after_start_then_one_delay_after_each_response() {
    let s = setup();
    s.transport.route(
        "GET /app/status",
        [
            pending().with_latency(secs(2)),
            ScriptedReply::status(200).with_latency(secs(3)),
            exit_reply(json!({"done": 1})).with_latency(secs(1)),
        ],
    );
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "maxAttempts": 10, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(5), secs(12), secs(20)]);
    let (at, outcome) = finished(&events);
    assert_eq!(at, secs(21));
    assert_eq!(outcome, PollDecision::Exit(json!({"done": 1})));
    assert_eq!(
        attempt_kinds(&events),
        [
            (1, Some(200), false, PollDecisionKind::KeepPolling),
            (2, Some(200), false, PollDecisionKind::KeepPolling),
            (3, Some(200), false, PollDecisionKind::Exit),
        ]
    );
    // Attempt events arrive when each response does.
    let attempt_times: Vec<_> = events.iter().map(|(at, _)| *at).collect();
    assert_eq!(attempt_times, [secs(7), secs(15), secs(21), secs(21)]);
}

// §4.1: the 1.x `interval` is the wait when `delay` is absent; `delay` wins.
#[tokio::test(start_paused = true)]
async fn legacy_interval_is_used_only_without_delay() {
    let s = setup();
    s.transport.route("GET /app/a", [pending(), exit_reply(json!(1))]);
    s.transport.route("GET /app/b", [pending(), exit_reply(json!(2))]);
    let start = Instant::now();
    let mut a = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "a", "interval": 3, "maxAttempts": 5, "onError": on_error()})),
    );
    drain(&mut a, start).await;
    let mut b = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "b", "delay": 2, "interval": 30, "maxAttempts": 5, "onError": on_error()})),
    );
    drain(&mut b, start).await;
    assert_eq!(s.times(), [secs(3), secs(6), secs(8), secs(10)]);
}

// §4.2: the runtime option sends the first request at once.
#[tokio::test(start_paused = true)]
async fn first_poll_immediately_option() {
    let s = setup_with(RuntimeConfig::builder().first_poll_immediately(true).build().unwrap());
    s.transport
        .route("GET /app/status", [pending().with_latency(secs(1)), pending(), exit_reply(json!(null))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 4, "maxAttempts": 3, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(0), secs(5), secs(9)]);
    assert_eq!(finished(&events).1, PollDecision::Exit(Value::Null));
}

// §4.2: at most maxAttempts requests; after the last, onError at once.
#[tokio::test(start_paused = true)]
async fn max_attempts_then_on_error_at_once() {
    let s = setup();
    s.transport.route("GET /app/status", (0..5).map(|_| ScriptedReply::status(200).with_latency(secs(1))));
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "maxAttempts": 3, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(5), secs(11), secs(17)]);
    let (at, outcome) = finished(&events);
    assert_eq!(at, secs(18), "onError fires when the last response arrives, with no further wait");
    assert_eq!(outcome, PollDecision::Fail(PollFailure::MaxAttempts));
    assert_eq!(session.on_error(), Some(&on_error_behavior()));
    // Nothing more is ever sent.
    tokio::time::sleep(secs(3600)).await;
    assert_eq!(s.transport.requests().len(), 3);
    assert_eq!(s.transport.unused_replies(), [("GET /app/status".to_owned(), 2)]);
}

// The conformance sample "polling-max-attempts": 5 s, 3 attempts → 5, 10, 15.
#[tokio::test(start_paused = true)]
async fn max_attempts_sample() {
    let s = setup();
    s.transport.route("GET /status", (0..3).map(|_| ScriptedReply::status(200)));
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "/status", "delay": 5, "maxAttempts": 3, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(5), secs(10), secs(15)]);
    assert_eq!(finished(&events), (secs(15), PollDecision::Fail(PollFailure::MaxAttempts)));
    assert_eq!(session.on_error(), Some(&on_error_behavior()));
}

#[tokio::test(start_paused = true)]
async fn a_single_attempt() {
    let s = setup();
    s.transport.route("GET /app/status", [pending()]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 1})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(1)]);
    assert_eq!(finished(&events), (secs(1), PollDecision::Fail(PollFailure::MaxAttempts)));
    assert_eq!(session.on_error(), None);
}

// §4.2: transport failures and timeouts count as attempts; polling goes on.
#[tokio::test(start_paused = true)]
async fn failures_and_timeouts_count_as_attempts_and_polling_goes_on() {
    let s = setup();
    s.transport.route(
        "GET /app/status",
        [
            ScriptedReply::failure(ScriptedFailure::Connect),
            ScriptedReply::failure(ScriptedFailure::Reset).with_latency(secs(1)),
            ScriptedReply::status(200).with_latency(secs(60)), // outlives timeout 3
            exit_reply(json!({"ok": true})),
        ],
    );
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "timeout": 3, "maxAttempts": 4, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    // 5 (connect fails at once), 10 (reset after 1 s → 11), 16 (times out at 19), 24.
    assert_eq!(s.times(), [secs(5), secs(10), secs(16), secs(24)]);
    assert_eq!(
        attempt_kinds(&events),
        [
            (1, None, true, PollDecisionKind::KeepPolling),
            (2, None, true, PollDecisionKind::KeepPolling),
            (3, None, true, PollDecisionKind::KeepPolling),
            (4, Some(200), false, PollDecisionKind::Exit),
        ]
    );
    let errors: Vec<String> = events
        .iter()
        .filter_map(|(_, e)| match e {
            PollEvent::Attempt { error: Some(error), .. } => Some(error.clone()),
            _ => None,
        })
        .collect();
    assert!(errors[0].contains("could not connect"), "{errors:?}");
    assert!(errors[1].contains("reset"), "{errors:?}");
    assert!(errors[2].contains("timed out after 3s"), "{errors:?}");
    assert_eq!(finished(&events), (secs(24), PollDecision::Exit(json!({"ok": true}))));
}

// The request timeout is `timeout`, else the configured default.
#[tokio::test(start_paused = true)]
async fn request_timeout_falls_back_to_the_configured_default() {
    let s = setup_with(RuntimeConfig::builder().request_timeout(secs(7)).build().unwrap());
    s.transport.route("GET /app/status", [ScriptedReply::status(200).with_latency(secs(100))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 2, "timeout": 0, "maxAttempts": 1, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.transport.requests()[0].at, secs(2));
    let (at, outcome) = finished(&events);
    assert_eq!(at, secs(9));
    assert!(matches!(outcome, PollDecision::Fail(PollFailure::MaxAttempts)));
}

// A transport failure on the last allowed attempt: max_attempts, at once.
#[tokio::test(start_paused = true)]
async fn failure_on_the_last_attempt_is_max_attempts() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), ScriptedReply::failure(ScriptedFailure::Reset)]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 2, "onError": on_error()})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(1), secs(2)]);
    assert_eq!(finished(&events).0, secs(2));
    assert!(matches!(finished(&events).1, PollDecision::Fail(PollFailure::MaxAttempts)));
}

// §4.2: invalid configurations fire onError (reason invalid) with no request.
#[tokio::test(start_paused = true)]
async fn invalid_configurations_fail_without_a_request() {
    let s = setup();
    let cases = [
        (json!({"url": "status", "maxAttempts": 3}), "neither `delay` nor `interval`"),
        (json!({"url": "status", "timeout": 5, "maxAttempts": 3}), "neither `delay` nor `interval`"),
        (json!({"url": "status", "delay": -1, "maxAttempts": 3}), "`delay` is negative"),
        (json!({"url": "status", "delay": -1, "interval": 5, "maxAttempts": 3}), "`delay` is negative"),
        (json!({"url": "status", "interval": -2, "maxAttempts": 3}), "`interval` is negative"),
        (json!({"url": "status", "delay": 5}), "no `maxAttempts`"),
        (json!({"url": "status", "delay": 5, "maxAttempts": 0}), "at least 1 (got 0)"),
        (json!({"url": "status", "delay": 5, "maxAttempts": -4}), "at least 1 (got -4)"),
        (json!({"delay": 5, "maxAttempts": 3}), "no `url`"),
        (json!({"url": "  ", "delay": 5, "maxAttempts": 3}), "`url` is blank"),
        (json!({"url": "ftp://flow.example/status", "delay": 5, "maxAttempts": 3}), "unsupported scheme"),
        (json!({"url": "http://[::1", "delay": 5, "maxAttempts": 3}), "cannot resolve"),
        (json!({"url": "mailto:ops@flow.example", "delay": 5, "maxAttempts": 3}), "unsupported scheme"),
    ];
    for (mut config, expected) in cases {
        config["onError"] = on_error();
        let start = Instant::now();
        let mut session = PollSession::start(s.client.clone(), &polling(config.clone()));
        let events = drain(&mut session, start).await;
        assert_eq!(events.len(), 1, "{config}: {events:?}");
        match &events[0] {
            (at, PollEvent::Finished(PollDecision::Fail(PollFailure::Invalid(message)))) => {
                assert_eq!(*at, Duration::ZERO, "{config}");
                assert!(message.contains(expected), "{config}: {message}");
                assert_eq!(session.on_error(), Some(&on_error_behavior()));
            }
            other => panic!("{config}: {other:?}"),
        }
    }
    tokio::time::sleep(secs(3600)).await;
    assert!(s.transport.requests().is_empty());
}

// The 1.x `onError.action` is handed over as an action behavior.
#[tokio::test(start_paused = true)]
async fn legacy_on_error_action_is_an_action_behavior() {
    let s = setup();
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "maxAttempts": 3, "onError": {"action": {"url": "/failed"}}})),
    );
    match (finished(&drain(&mut session, start).await).1, session.on_error()) {
        (PollDecision::Fail(PollFailure::Invalid(_)), Some(behavior)) => {
            assert_eq!(behavior.as_action().and_then(|a| a.url.as_deref()), Some("/failed"));
        }
        other => panic!("{other:?}"),
    }
}

// §4.3 through the loop: status and mismatch end polling at once.
#[tokio::test(start_paused = true)]
async fn error_status_and_mismatch_end_polling_at_once() {
    let s = setup();
    s.transport.route("GET /app/a", [pending(), ScriptedReply::status(503), pending()]);
    s.transport.route(
        "GET /app/b",
        [ScriptedReply::json(&json!({"id": "x"})).with_header("x-df-response-type", "step"), pending()],
    );
    s.transport.route("GET /app/c", [ScriptedReply::status(302), pending()]);
    let start = Instant::now();
    let cfg = |url: &str| polling(json!({"url": url, "delay": 1, "maxAttempts": 10, "onError": on_error()}));

    let mut session = PollSession::start(s.client.clone(), &cfg("a"));
    let events = drain(&mut session, start).await;
    assert_eq!(finished(&events), (secs(2), PollDecision::Fail(PollFailure::Status(503))));
    assert_eq!(session.on_error(), Some(&on_error_behavior()));
    assert_eq!(attempt_kinds(&events).last(), Some(&(2, Some(503), false, PollDecisionKind::Fail)));

    let events = drain(&mut PollSession::start(s.client.clone(), &cfg("b")), start).await;
    match finished(&events).1 {
        PollDecision::Fail(PollFailure::Mismatch(message)) => {
            assert!(message.contains("/layout"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    let events = drain(&mut PollSession::start(s.client.clone(), &cfg("c")), start).await;
    assert!(matches!(finished(&events).1, PollDecision::Fail(PollFailure::Status(302))));

    tokio::time::sleep(secs(100)).await;
    let paths: Vec<_> = s.transport.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/app/a", "/app/a", "/app/b", "/app/c"]);
}

// §4.3 through the loop: 304, no-op, empty and status bodies keep polling;
// each final kind ends it with the right outcome.
#[tokio::test(start_paused = true)]
async fn every_kind_of_final_answer() {
    let step = json!({"id": "done", "title": "Done", "schemas": [], "layout": [{"type": "heading", "text": "Done"}]});
    let cases: Vec<(ScriptedReply, PollDecisionKind)> = vec![
        (
            ScriptedReply::json(&step)
                .with_header("X-DF-Response-Type", "step")
                .with_header("ETag", "\"s1\""),
            PollDecisionKind::Step,
        ),
        (ScriptedReply::json(&step), PollDecisionKind::Step),
        (
            ScriptedReply::json(&json!({"action": {"url": "/next", "data": {"a": 1}}})),
            PollDecisionKind::Action,
        ),
        (
            ScriptedReply::json(&json!({"action": {"url": "/next"}}))
                .with_header("X-DF-Response-Type", "action"),
            PollDecisionKind::Action,
        ),
        (ScriptedReply::status(204).with_header("X-DF-Response-Type", "exit"), PollDecisionKind::Exit),
        (
            ScriptedReply::json(&json!({"title": "Hm", "content": []}))
                .with_header("X-DF-Response-Type", "modal"),
            PollDecisionKind::Modal,
        ),
        (
            ScriptedReply::json(&json!({"referrerId": "r", "launchConfig": {"type": "x"}}))
                .with_header("X-DF-Response-Type", "subflow"),
            PollDecisionKind::Subflow,
        ),
    ];
    for (final_reply, kind) in cases {
        let s = setup();
        s.transport.route(
            "GET /app/status",
            [
                ScriptedReply::status(304),
                ScriptedReply::json(&json!({"whatever": 1})).with_header("X-DF-Response-Type", "No-Op"),
                ScriptedReply::status(200),
                ScriptedReply::status(202).with_body("still working"),
                final_reply,
            ],
        );
        let start = Instant::now();
        let mut session = PollSession::start(
            s.client.clone(),
            &polling(json!({"url": "status", "delay": 2, "maxAttempts": 5, "onError": on_error()})),
        );
        let events = drain(&mut session, start).await;
        assert_eq!(s.times(), [secs(2), secs(4), secs(6), secs(8), secs(10)], "{kind:?}");
        let kinds: Vec<_> = attempt_kinds(&events).into_iter().map(|k| k.3).collect();
        assert_eq!(
            kinds,
            [
                PollDecisionKind::KeepPolling,
                PollDecisionKind::KeepPolling,
                PollDecisionKind::KeepPolling,
                PollDecisionKind::KeepPolling,
                kind
            ]
        );
        let outcome = finished(&events).1;
        assert_eq!(outcome.kind(), kind);
        match outcome {
            PollDecision::Step { step, etag } => {
                assert_eq!(step.id(), "done");
                assert!(etag.is_none() || etag.as_deref() == Some("\"s1\""));
            }
            PollDecision::Action(action) => assert_eq!(action.url.as_deref(), Some("/next")),
            PollDecision::Exit(value) => assert_eq!(value, Value::Null),
            PollDecision::Modal(modal) => assert_eq!(modal.title.as_deref(), Some("Hm")),
            PollDecision::Subflow(subflow) => assert_eq!(subflow.referrer_id.as_deref(), Some("r")),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn step_outcome_keeps_the_etag() {
    let s = setup();
    let step = json!({"id": "done", "layout": []});
    s.transport.route("GET /app/status", [ScriptedReply::json(&step).with_header("etag", "W/\"v9\"")]);
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 1})),
    );
    match finished(&drain(&mut session, Instant::now()).await).1 {
        PollDecision::Step { etag, .. } => assert_eq!(etag.as_deref(), Some("W/\"v9\"")),
        other => panic!("{other:?}"),
    }
}

// §4.1/§7: always GET, relative URLs against the base (RFC 3986), JSON Accept.
#[tokio::test(start_paused = true)]
async fn polling_is_a_get_on_the_resolved_url() {
    let s = setup_with(RuntimeConfig::builder().default_header("Authorization", "Bearer t").build().unwrap());
    s.transport.route("GET /status?id=7", [exit_reply(json!(1))]);
    s.transport.route("GET /app/v2/poll", [exit_reply(json!(2))]);
    for url in ["../status?id=7", "v2/poll"] {
        let mut session =
            PollSession::start(s.client.clone(), &polling(json!({"url": url, "delay": 0, "maxAttempts": 1})));
        drain(&mut session, Instant::now()).await;
    }
    let requests = s.transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url.as_str(), "https://flow.example/status?id=7");
    assert_eq!(requests[1].url.as_str(), "https://flow.example/app/v2/poll");
    for request in &requests {
        assert_eq!(request.method, "GET");
        assert!(request.body.is_none());
        assert_eq!(request.headers["accept"], "application/json");
        assert_eq!(request.headers["authorization"], "Bearer t");
        assert!(!request.unexpected);
    }
}

#[tokio::test(start_paused = true)]
async fn zero_delay_polls_back_to_back() {
    let s = setup();
    s.transport.route(
        "GET /app/status",
        [pending().with_latency(secs(1)), pending().with_latency(secs(1)), pending()],
    );
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 0, "maxAttempts": 3})),
    );
    drain(&mut session, Instant::now()).await;
    assert_eq!(s.times(), [secs(0), secs(1), secs(2)]);
}

// ---- pause / resume ----

#[tokio::test(start_paused = true)]
async fn pause_during_a_wait_stops_the_clock_and_resume_continues_with_what_was_left() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), pending(), exit_reply(json!(null))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 10, "maxAttempts": 3, "onError": on_error()})),
    );
    // First wait: 3 s run, paused 3 → 20, then 7 s left → request at 27.
    tokio::time::sleep_until(start + secs(3)).await;
    session.pause();
    assert!(session.is_paused());
    tokio::time::sleep_until(start + secs(20)).await;
    assert!(s.transport.requests().is_empty(), "no request while paused");
    session.resume();
    // Second wait (27 → 37): pause twice, 2 s + 5 s.
    tokio::time::sleep_until(start + secs(30)).await;
    session.pause();
    session.pause(); // idempotent
    tokio::time::sleep_until(start + secs(32)).await;
    session.resume();
    session.resume(); // idempotent
    tokio::time::sleep_until(start + secs(33)).await;
    session.pause();
    tokio::time::sleep_until(start + secs(38)).await;
    session.resume();
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(27), secs(44), secs(54)]);
    assert_eq!(finished(&events), (secs(54), PollDecision::Exit(Value::Null)));
    let numbers: Vec<_> = attempt_kinds(&events).iter().map(|k| k.0).collect();
    assert_eq!(numbers, [1, 2, 3], "no attempt lost or added");
}

#[tokio::test(start_paused = true)]
async fn paused_with_a_request_in_flight_it_completes_and_the_next_wait_starts_on_resume() {
    let s = setup();
    s.transport.route("GET /app/status", [pending().with_latency(secs(4)), pending()]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "maxAttempts": 2, "onError": on_error()})),
    );
    tokio::time::sleep_until(start + secs(7)).await; // request sent at 5, in flight until 9
    session.pause();
    match session.next_event().await {
        Some(PollEvent::Attempt { number: 1, status: Some(200), .. }) => assert_eq!(start.elapsed(), secs(9)),
        other => panic!("{other:?}"),
    }
    tokio::time::sleep_until(start + secs(30)).await;
    assert_eq!(s.transport.requests().len(), 1);
    session.resume();
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(5), secs(35)]);
    assert_eq!(finished(&events).0, secs(35));
}

#[tokio::test(start_paused = true)]
async fn a_final_answer_in_flight_is_delivered_while_paused() {
    let s = setup();
    s.transport.route("GET /app/status", [exit_reply(json!({"x": 1})).with_latency(secs(2))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 3})),
    );
    tokio::time::sleep_until(start + secs(2)).await;
    session.pause();
    let events = drain(&mut session, start).await;
    assert_eq!(finished(&events), (secs(3), PollDecision::Exit(json!({"x": 1}))));
}

#[tokio::test(start_paused = true)]
async fn paused_before_the_first_request_with_immediate_first_poll() {
    let s = setup_with(RuntimeConfig::builder().first_poll_immediately(true).build().unwrap());
    s.transport.route("GET /app/status", [exit_reply(json!(1))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 3, "maxAttempts": 1})),
    );
    session.pause();
    tokio::time::sleep(secs(50)).await;
    assert!(s.transport.requests().is_empty());
    session.resume();
    drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(50)]);
}

// ---- cancellation ----

/// Wraps the scripted transport and counts sends that were dropped before
/// they completed (aborted in flight).
#[derive(Debug)]
struct Probe {
    inner: Arc<ScriptedTransport>,
    started: AtomicUsize,
    completed: AtomicUsize,
    aborted: Arc<AtomicUsize>,
}

struct AbortGuard(Option<Arc<AtomicUsize>>);

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some(aborted) = self.0.take() {
            aborted.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[async_trait]
impl Transport for Probe {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.started.fetch_add(1, Ordering::SeqCst);
        let mut guard = AbortGuard(Some(self.aborted.clone()));
        let result = self.inner.send(request).await;
        guard.0 = None;
        self.completed.fetch_add(1, Ordering::SeqCst);
        result
    }
}

fn probe_setup() -> (Arc<Probe>, Arc<ScriptedTransport>, HttpClient) {
    let base = url::Url::parse(BASE).unwrap();
    let scripted = Arc::new(ScriptedTransport::new(&base));
    let probe = Arc::new(Probe {
        inner: scripted.clone(),
        started: AtomicUsize::new(0),
        completed: AtomicUsize::new(0),
        aborted: Arc::new(AtomicUsize::new(0)),
    });
    let client = HttpClient::new(probe.clone(), Arc::new(RuntimeConfig::default()), base);
    (probe, scripted, client)
}

#[tokio::test(start_paused = true)]
async fn cancel_during_a_wait_wakes_at_once_and_nothing_is_sent() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), pending()]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 86_400, "maxAttempts": 2, "onError": on_error()})),
    );
    tokio::time::sleep(secs(10)).await;
    session.cancel();
    assert!(session.is_cancelled());
    assert_eq!(session.next_event().await, None);
    assert_eq!(start.elapsed(), secs(10), "cancellation needs no timer to fire");
    tokio::time::sleep(secs(3 * 86_400)).await;
    assert!(s.transport.requests().is_empty());
}

#[tokio::test(start_paused = true)]
async fn cancel_wakes_a_waiting_next_event() {
    let s = setup();
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1000, "maxAttempts": 2})),
    );
    let control = tokio::spawn(async {
        tokio::time::sleep(secs(5)).await;
    });
    tokio::select! {
        event = session.next_event() => panic!("unexpected {event:?}"),
        _ = control => {}
    }
    session.cancel();
    assert_eq!(session.next_event().await, None);
    assert_eq!(start.elapsed(), secs(5));
}

#[tokio::test(start_paused = true)]
async fn drop_during_a_wait_sends_nothing_more() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), pending(), pending()]);
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "maxAttempts": 3})),
    );
    assert!(matches!(session.next_event().await, Some(PollEvent::Attempt { number: 1, .. })));
    drop(session);
    tokio::time::sleep(secs(3600)).await;
    assert_eq!(s.times(), [secs(5)]);
}

#[tokio::test(start_paused = true)]
async fn cancel_aborts_the_request_in_flight_and_discards_its_answer() {
    let (probe, scripted, client) = probe_setup();
    scripted.route("GET /app/status", [exit_reply(json!({"late": true})).with_latency(secs(10)), pending()]);
    let start = Instant::now();
    let mut session =
        PollSession::start(client, &polling(json!({"url": "status", "delay": 1, "maxAttempts": 2})));
    tokio::time::sleep_until(start + secs(3)).await;
    assert_eq!(probe.started.load(Ordering::SeqCst), 1);
    session.cancel();
    tokio::task::yield_now().await;
    assert_eq!(probe.aborted.load(Ordering::SeqCst), 1, "the request in flight is dropped at once");
    assert_eq!(session.next_event().await, None, "the late answer is discarded");
    tokio::time::sleep(secs(60)).await;
    assert_eq!(probe.started.load(Ordering::SeqCst), 1);
    assert_eq!(probe.completed.load(Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn drop_aborts_the_request_in_flight() {
    let (probe, scripted, client) = probe_setup();
    scripted.route("GET /app/status", [pending().with_latency(secs(10)), pending()]);
    let start = Instant::now();
    let session =
        PollSession::start(client, &polling(json!({"url": "status", "delay": 1, "maxAttempts": 2})));
    tokio::time::sleep_until(start + secs(2)).await;
    drop(session);
    tokio::task::yield_now().await;
    assert_eq!(probe.aborted.load(Ordering::SeqCst), 1);
    tokio::time::sleep(secs(60)).await;
    assert_eq!(probe.started.load(Ordering::SeqCst), 1);
    assert_eq!(probe.completed.load(Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn cancel_while_paused_and_after_finish() {
    let s = setup();
    s.transport.route("GET /app/status", [pending()]);
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 1})),
    );
    session.pause();
    session.cancel();
    assert_eq!(session.next_event().await, None);
    tokio::time::sleep(secs(10)).await;
    assert!(s.transport.requests().is_empty());

    let s = setup();
    s.transport.route("GET /app/status", [exit_reply(json!(1))]);
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 1})),
    );
    let events = drain(&mut session, Instant::now()).await;
    assert_eq!(events.len(), 2);
    session.cancel();
    assert_eq!(session.next_event().await, None);
}

#[tokio::test(start_paused = true)]
async fn next_event_is_cancel_safe() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), exit_reply(json!(1))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "maxAttempts": 3})),
    );
    // Give up on next_event repeatedly (as a select! loop would) while time passes.
    for _ in 0..20 {
        tokio::select! {
            event = session.next_event() => panic!("early {event:?}"),
            () = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
    }
    let events = drain(&mut session, start).await;
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(s.times(), [secs(5), secs(10)]);
}

#[test]
fn start_outside_a_runtime_does_not_panic() {
    let s = setup();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 1})),
    );
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    match runtime.block_on(session.next_event()) {
        Some(PollEvent::Finished(PollDecision::Fail(PollFailure::Invalid(message)))) => {
            assert!(message.contains("outside a Tokio runtime"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(s.transport.requests().is_empty());
}

#[test]
fn handles_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<PollSession>();
    assert_send_sync::<PollControl>();
    assert_send_sync::<flow_runtime::ReqwestTransport>();
    assert_send_sync::<Poller<flow_poll::FnJudge<fn(&flow_poll::Attempt<'_>) -> Verdict<(), ()>>>>();
}

#[tokio::test(start_paused = true)]
async fn extreme_delay_timeout_and_attempts_are_handled() {
    let s = setup();
    s.transport.route("GET /app/status", [pending().with_latency(secs(5))]);
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": i64::MAX, "timeout": i64::MAX, "maxAttempts": i64::MAX})),
    );
    tokio::select! {
        event = session.next_event() => panic!("unexpected {event:?}"),
        () = tokio::time::sleep(secs(10 * 365 * 86_400)) => {}
    }
    assert!(s.transport.requests().is_empty());
    session.cancel();
    assert_eq!(session.next_event().await, None);

    let s = setup_with(RuntimeConfig::builder().first_poll_immediately(true).build().unwrap());
    s.transport.route("GET /app/status", [pending().with_latency(secs(5)), exit_reply(json!(1))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 0, "timeout": i64::MAX, "maxAttempts": i64::MAX})),
    );
    let events = drain(&mut session, start).await;
    assert_eq!(s.times(), [secs(0), secs(5)]);
    match &events[0].1 {
        PollEvent::Attempt { max_attempts, .. } => assert_eq!(*max_attempts, u32::MAX),
        other => panic!("{other:?}"),
    }
}

// The session runs in its own task: requests go out on time even while
// nobody awaits `next_event`, and the events wait in order.
#[tokio::test(start_paused = true)]
async fn requests_go_out_on_time_while_nobody_awaits_events() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), pending(), exit_reply(json!("ok"))]);
    let start = Instant::now();
    let mut session = PollSession::start(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 3, "maxAttempts": 3, "onError": on_error()})),
    );
    tokio::time::sleep(secs(60)).await;
    assert_eq!(s.times(), [secs(3), secs(6), secs(9)]);
    let events = drain(&mut session, start).await;
    let numbers: Vec<_> = attempt_kinds(&events).iter().map(|k| k.0).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(finished(&events).1, PollDecision::Exit(json!("ok")));
}

// ---- inline sessions (no task of their own) ----

// The same loop: an inline session that is always awaited sends at the same
// times and gives the same events as one in its own task.
#[tokio::test(start_paused = true)]
async fn an_inline_session_polls_exactly_like_a_task_session() {
    let config = json!({"url": "status", "delay": 3, "maxAttempts": 4, "onError": on_error()});
    let mut runs = Vec::new();
    for inline in [false, true] {
        let s = setup();
        s.transport.route(
            "GET /app/status",
            [pending(), ScriptedReply::status(204), pending(), exit_reply(json!(7))],
        );
        let start = Instant::now();
        let mut session = if inline {
            PollSession::start_inline(s.client.clone(), &polling(config.clone()))
        } else {
            PollSession::start(s.client.clone(), &polling(config.clone()))
        };
        let events = drain(&mut session, start).await;
        assert_eq!(session.on_error(), Some(&on_error_behavior()));
        runs.push((s.times(), events));
    }
    assert_eq!(runs[0].0, [secs(3), secs(6), secs(9), secs(12)]);
    assert_eq!(runs[0], runs[1]);
    assert_eq!(finished(&runs[1].1), (secs(12), PollDecision::Exit(json!(7))));
}

// The contract of `start_inline`: progress happens inside `next_event`;
// losing a `select!` race loses neither an event nor the time waited.
#[tokio::test(start_paused = true)]
async fn an_inline_session_progresses_only_while_awaited_and_is_cancel_safe() {
    let s = setup();
    s.transport.route("GET /app/status", [pending(), exit_reply(json!(1))]);
    let start = Instant::now();
    let mut session = PollSession::start_inline(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 5, "maxAttempts": 3})),
    );
    tokio::time::sleep(secs(60)).await;
    assert!(s.transport.requests().is_empty(), "nobody awaited it: no request");
    let resumed = Instant::now();
    for _ in 0..20 {
        tokio::select! {
            event = session.next_event() => panic!("early {event:?}"),
            () = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
    }
    let events = drain(&mut session, start).await;
    assert_eq!(events.len(), 3, "{events:?}");
    // The first wait started when it was first awaited (at 60 s) and kept
    // counting across the lost races.
    let sent: Vec<Duration> = s.times().iter().map(|t| t.saturating_sub(resumed - start)).collect();
    assert_eq!(sent, [secs(5), secs(10)]);
}

#[tokio::test(start_paused = true)]
async fn an_inline_session_is_cancelled_and_dropped_like_a_task_session() {
    let s = setup();
    s.transport.route("GET /app/status", [pending().with_latency(secs(5)), pending()]);
    let mut session = PollSession::start_inline(
        s.client.clone(),
        &polling(json!({"url": "status", "delay": 1, "maxAttempts": 3})),
    );
    tokio::select! {
        event = session.next_event() => panic!("early {event:?}"),
        () = tokio::time::sleep(secs(3)) => {}
    }
    assert_eq!(s.transport.requests().len(), 1, "the request went out at 1 s and is in flight");
    session.cancel();
    assert_eq!(session.next_event().await, None);
    drop(session);
    tokio::time::sleep(secs(60)).await;
    assert_eq!(s.transport.requests().len(), 1, "nothing after cancel");
}
