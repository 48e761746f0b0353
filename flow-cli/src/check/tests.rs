//! `dflow check` against the example backend (clean in both generations) and
//! against a deliberately broken server (every kind of violation found, each
//! with the request that produced it).

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use flow_runtime::RuntimeConfig;
use serde_json::json;

use super::check;
use crate::backend::{self, BackendConfig, ExampleBackend, Generation};
use crate::commands::run::initial_request;

async fn serve(router: Router) -> SocketAddr {
    let (listener, addr) = backend::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

async fn check_url(url: &str) -> super::CheckReport {
    let url = url::Url::parse(url).unwrap();
    check(initial_request(&url, "POST", None), RuntimeConfig::default(), None).await.unwrap()
}

async fn example(generation: Generation) -> super::CheckReport {
    let mut config =
        BackendConfig::default().with_task_time(Duration::from_millis(300), Duration::from_secs(60));
    config.generation = generation;
    let addr = serve(ExampleBackend::new(config).router()).await;
    check_url(&backend::start_url(addr)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_backend_is_clean_in_the_current_generation() {
    let report = example(Generation::Current).await;
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(matches!(report.stop, crate::driver::Stop::Exited(_)), "{:?}", report.stop);
    assert!(report.exchanges >= 5, "{}", report.exchanges);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_backend_is_clean_in_the_legacy_generation() {
    let report = example(Generation::Legacy).await;
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(matches!(report.stop, crate::driver::Stop::Exited(_)), "{:?}", report.stop);
}

fn typed(kind: &str, body: serde_json::Value) -> impl IntoResponse {
    let mut headers = HeaderMap::new();
    headers.insert("X-DF-Response-Type", kind.parse().unwrap());
    (StatusCode::OK, headers, Json(body))
}

/// A server that breaks one rule per request: a step with invalid and
/// risky polling, a poll answer without header, a body that does not match
/// its header, an unknown header value, and an exit result that is not JSON.
fn broken() -> Router {
    let start = || async {
        typed(
            "step",
            json!({"id": "wait", "title": "Wait", "schemas": [], "layout": [
                {"type": "button", "title": "Go", "behavior": {"type": "action", "action": {"url": "/go"}}}],
                "polling": {"url": "/poll", "delay": 0, "maxAttempts": 2,
                    "onError": {"behavior": {"type": "action", "action": {"url": "/go"}}}}}),
        )
    };
    let poll = || async { Json(json!({"status": "PENDING"})) };
    let go = || async {
        typed(
            "step",
            json!({"id": "second", "title": "Second", "schemas": [], "layout": [
                {"type": "button", "title": "Finish", "behavior": {"type": "action", "action": {"url": "/odd"}}}]}),
        )
    };
    let odd = || async {
        let mut headers = HeaderMap::new();
        headers.insert("X-DF-Response-Type", "teleport".parse().unwrap());
        (headers, Json(json!({})))
    };
    Router::new()
        .route("/start", post(start))
        .route("/poll", get(poll))
        .route("/go", post(go))
        .route("/odd", post(odd))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_server_has_each_violation_reported_with_its_request() {
    let addr = serve(broken()).await;
    let report = check_url(&format!("http://{addr}/start")).await;
    let lines: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{:?} -> {:?}: {}", f.request, f.status, f.violation.message))
        .collect();
    let has = |request: &str, text: &str| lines.iter().any(|l| l.contains(request) && l.contains(text));
    assert!(has(&format!("POST http://{addr}/start"), "/polling/delay"), "{lines:#?}");
    assert!(has(&format!("GET http://{addr}/poll"), "ambiguous between protocol generations"), "{lines:#?}");
    assert!(
        has(&format!("POST http://{addr}/odd"), "unknown X-DF-Response-Type value \"teleport\""),
        "{lines:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mismatched_body_and_a_non_json_exit_result_are_violations() {
    let start = || async {
        typed(
            "step",
            json!({"id": "a", "title": "A", "schemas": [], "layout": [
                {"type": "button", "title": "Next", "behavior": {"type": "action", "action": {"url": "/next"}}}]}),
        )
    };
    let next = || async { typed("step", json!({"action": {"url": "/x"}})) };
    let addr = serve(Router::new().route("/start", post(start)).route("/next", post(next))).await;
    let report = check_url(&format!("http://{addr}/start")).await;
    assert!(
        report.findings.iter().any(|f| f.request.as_deref().is_some_and(|r| r.contains("/next"))
            && f.violation.message.contains("not a step")),
        "{:#?}",
        report.findings
    );

    let start = || async {
        typed(
            "step",
            json!({"id": "a", "title": "A", "schemas": [], "layout": [
                {"type": "button", "title": "Done", "behavior": {"type": "action", "action": {"url": "/done", "exit": true}}}]}),
        )
    };
    let done = || async { "all done, thanks" };
    let addr = serve(Router::new().route("/start", post(start)).route("/done", post(done))).await;
    let report = check_url(&format!("http://{addr}/start")).await;
    assert!(
        report.findings.iter().any(|f| f.request.as_deref().is_some_and(|r| r.contains("/done"))
            && f.violation.message.contains("exit result is not JSON")),
        "{:#?}",
        report.findings
    );
}

/// A step that polls `/poll` twice, with an `onError` that exits.
fn polling_step() -> serde_json::Value {
    json!({"id": "wait", "title": "Wait", "schemas": [], "layout": [],
        "polling": {"url": "/poll", "delay": 1, "maxAttempts": 2,
            "onError": {"behavior": {"type": "action", "action": {"url": "/failed", "exit": true}}}}})
}

fn rules(report: &super::CheckReport) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.violation.rule.id()).collect()
}

// Runtime failures are findings too, each with its severity.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_error_status_and_the_on_error_ending_are_findings() {
    let router = Router::new()
        .route("/start", post(|| async { typed("step", polling_step()) }))
        .route("/poll", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
        .route("/failed", post(|| async { Json(json!({"gave_up": true})) }));
    let addr = serve(router).await;
    let report = check_url(&format!("http://{addr}/start")).await;
    assert_eq!(rules(&report), ["poll-error-status", "ended-through-on-error"], "{:#?}", report.findings);
    let poll = &report.findings[0];
    assert_eq!(poll.request.as_deref(), Some(format!("GET http://{addr}/poll").as_str()));
    assert_eq!(poll.status, Some(503));
    assert!(report.has_errors());
    assert_eq!(report.findings[1].violation.severity(), super::Severity::Warning);
    assert_eq!(report.findings[1].request, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_that_runs_out_of_attempts_is_a_warning_only() {
    let router = Router::new()
        .route("/start", post(|| async { typed("step", polling_step()) }))
        .route("/poll", get(|| async { typed("no-op", json!({})) }))
        .route("/failed", post(|| async { Json(json!({"gave_up": true})) }));
    let addr = serve(router).await;
    let report = check_url(&format!("http://{addr}/start")).await;
    assert_eq!(rules(&report), ["polling-exhausted", "ended-through-on-error"], "{:#?}", report.findings);
    assert!(!report.has_errors(), "warnings only: {:#?}", report.findings);
    assert!(matches!(report.stop, crate::driver::Stop::Exited(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transport_failure_and_a_failed_flow_are_errors() {
    // A port nothing listens on: bind one, then free it.
    let (listener, closed) = backend::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    drop(listener);
    let report = check_url(&format!("http://{closed}/start")).await;
    assert_eq!(rules(&report), ["transport-failure", "flow-failed"], "{:#?}", report.findings);
    assert_eq!(report.findings[0].request.as_deref(), Some(format!("POST http://{closed}/start").as_str()));
    assert_eq!(report.findings[0].status, None);
    assert!(report.has_errors());
}
