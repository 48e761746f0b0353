//! The long-running-operation poller (issue #6) in virtual time against the
//! scripted transport: the job API, the task manager, a Trigger.dev-style
//! filter, OpenAPI `x-speakeasy-polling`, resume (by hand and keyed),
//! Retry-After, jitter, backoff, budgets, transient failures, cancellation,
//! host-driven polling and secrets. Every timing is asserted exactly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use flow_poll::lro::{LroBuilder, LroError, LroEvent, PollStatus, ProgressMode, RequestSpec};
use flow_poll::resume::{MemoryStore, PollState, ResumeError, StateStore};
use flow_poll::transport::scripted::{ScriptedFailure, ScriptedReply, ScriptedTransport};
use flow_poll::{HttpClient, RuntimeConfig};
use flow_poll::{Jitter, PollControl, Progress, VirtualClock, WallClock};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

const BASE: &str = "https://api.example/";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

fn t0() -> SystemTime {
    UNIX_EPOCH + secs(1_700_000_000)
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

    fn paths(&self) -> Vec<String> {
        self.transport.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect()
    }

    fn builder(&self) -> LroBuilder {
        LroBuilder::new(self.client.clone())
            .jitter(Jitter::None)
            .clock(Arc::new(VirtualClock::starting_at(t0())))
    }
}

fn json_reply(body: Value) -> ScriptedReply {
    ScriptedReply::json(&body).with_header("Content-Type", "application/json")
}

type Sink = Arc<Mutex<Vec<Progress>>>;

fn sink() -> Sink {
    Arc::new(Mutex::new(Vec::new()))
}

fn recorder(sink: &Sink) -> impl FnMut(&Progress) + Send + 'static {
    let sink = sink.clone();
    move |p: &Progress| sink.lock().unwrap().push(p.clone())
}

// ---- the job API ----

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Job {
    status: String,
    percent_complete: u8,
    result: Option<String>,
}

fn job_api(s: &Setup) {
    s.transport.route(
        "POST /jobs",
        [json_reply(json!({"status": "NotStarted", "percentComplete": 0}))
            .with_status(202)
            .with_header("Location", "/jobs/42")
            .with_header("Retry-After", "2")],
    );
    s.transport.route(
        "GET /jobs/42",
        [
            json_reply(json!({"status": "Running", "percentComplete": 40})),
            json_reply(json!({"status": "Running", "percentComplete": 40})),
            json_reply(json!({"status": "Succeeded", "percentComplete": 100, "result": "report.pdf"})),
        ],
    );
}

fn job_builder(s: &Setup) -> LroBuilder {
    s.builder()
        .start(RequestSpec::post("/jobs").json(json!({"kind": "report"})))
        .success_when("$response.body#/status == 'Succeeded'")
        .failure_when("$response.body#/status == 'Failed'")
        .interval(secs(3))
}

#[tokio::test(start_paused = true)]
async fn job_api_202_location_retry_after_progress_and_typed_result() {
    let s = setup();
    job_api(&s);
    let progress = sink();
    let job: Job = job_builder(&s).on_progress(recorder(&progress)).build().unwrap().await.unwrap();
    assert_eq!(
        job,
        Job { status: "Succeeded".into(), percent_complete: 100, result: Some("report.pdf".into()) }
    );
    assert_eq!(s.paths(), ["POST /jobs", "GET /jobs/42", "GET /jobs/42", "GET /jobs/42"]);
    assert_eq!(s.transport.requests()[0].json(), Some(json!({"kind": "report"})));
    // Retry-After: 2 beats the 1 s initial delay, then stays in effect as a
    // floor under the 3 s interval.
    assert_eq!(s.times(), [secs(0), secs(2), secs(5), secs(8)]);
    let progress = progress.lock().unwrap();
    let percents: Vec<Option<f64>> = progress.iter().map(|p| p.percent).collect();
    assert_eq!(percents, [Some(0.0), Some(40.0), Some(100.0)], "reported on change only");
    let attempts: Vec<u32> = progress.iter().map(|p| p.attempt).collect();
    assert_eq!(attempts, [0, 1, 3]);
    assert_eq!(progress[0].status.as_deref(), Some("NotStarted"));
    assert_eq!(progress[0].http_status, Some(202));
    assert_eq!(progress[0].next_delay, Some(secs(2)));
    assert_eq!(progress[1].next_delay, Some(secs(3)));
    assert_eq!(progress[2].next_delay, None);
    assert_eq!(progress[2].elapsed, secs(8));
}

#[tokio::test(start_paused = true)]
async fn job_api_as_a_stream() {
    let s = setup();
    job_api(&s);
    let mut stream =
        job_builder(&s).progress_mode(ProgressMode::EveryAttempt).build::<Job>().unwrap().into_stream();
    let mut seen = Vec::new();
    let mut done = None;
    while let Some(item) = stream.next().await {
        match item.unwrap() {
            LroEvent::Progress(p) => seen.push((p.attempt, p.percent)),
            LroEvent::Done(job) => done = Some(job),
            _ => unreachable!(),
        }
    }
    assert_eq!(seen, [(0, Some(0.0)), (1, Some(40.0)), (2, Some(40.0)), (3, Some(100.0))], "every attempt");
    assert_eq!(done.unwrap().result.as_deref(), Some("report.pdf"));
    assert!(stream.next().await.is_none());
}

#[tokio::test(start_paused = true)]
async fn start_rejected_and_missing_location_are_clear() {
    let s = setup();
    s.transport.route("POST /jobs", [json_reply(json!({"error": "quota"})).with_status(403)]);
    let err = job_builder(&s).build::<Value>().unwrap().until_done().await.unwrap_err();
    assert!(matches!(err, LroError::StartRejected { .. }), "{err:?}");
    assert_eq!(err.to_string(), "the start request was refused: HTTP 403 Forbidden from https://api.example/jobs: {\"error\":\"quota\"}");

    let s = setup();
    s.transport.route("POST /jobs", [ScriptedReply::status(202)]);
    let err = job_builder(&s).build::<Value>().unwrap().until_done().await.unwrap_err();
    assert!(err.to_string().starts_with("cannot poll: the answer names no poll location"), "{err}");
    assert_eq!(s.transport.request_count(), 1);
}

// ---- the task manager ----

fn task_builder(s: &Setup) -> LroBuilder {
    s.builder()
        .start(RequestSpec::post("/tasks/billOnDemand/run"))
        .poll_url_template("/tasks/{/info/taskId}/status")
        .status_pointer(Some("/info/status"))
        .percent_pointer(None)
        .success_when("$response.body#/info/status == 'completed'")
        .failure_when("$response.body#/info/status == 'failed'")
        .failure_when("$response.body == null")
        .fail_on_error_status(true)
        .interval(secs(2))
}

fn task_started(s: &Setup) {
    s.transport.route(
        "POST /tasks/billOnDemand/run",
        [json_reply(
            json!({"info": {"taskId": "t-17", "scheduledTaskName": "billOnDemand", "status": "pending"}}),
        )],
    );
}

#[tokio::test(start_paused = true)]
async fn task_manager_until_completed() {
    let s = setup();
    task_started(&s);
    let pending = json_reply(json!({"info": {"taskId": "t-17", "status": "pending"}}));
    s.transport.route(
        "GET /tasks/t-17/status",
        [
            pending.clone(),
            pending,
            json_reply(json!({"info": {"taskId": "t-17", "status": "completed", "completedAt": "2026-11-22T10:00:00Z"}})),
        ],
    );
    let mut poller = task_builder(&s).build::<Value>().unwrap();
    assert_eq!(poller.status(), None);
    let PollStatus::InProgress { next_delay } = poller.poll_once().await.unwrap() else { panic!() };
    assert_eq!(next_delay, secs(1));
    assert_eq!(poller.status(), Some("pending"));
    assert_eq!(poller.percent_complete(), None);
    let body = poller.until_done().await.unwrap();
    assert_eq!(body["info"]["completedAt"], "2026-11-22T10:00:00Z");
    assert_eq!(
        s.paths()[1..],
        ["GET /tasks/t-17/status", "GET /tasks/t-17/status", "GET /tasks/t-17/status"]
    );
    assert_eq!(s.times(), [secs(0), secs(1), secs(3), secs(5)]);
}

#[tokio::test(start_paused = true)]
async fn task_status_null_or_404_ends_with_a_clear_error() {
    let s = setup();
    task_started(&s);
    s.transport.route(
        "GET /tasks/t-17/status",
        [json_reply(json!({"info": {"taskId": "t-17", "status": "pending"}})), json_reply(Value::Null)],
    );
    let err = task_builder(&s).build::<Value>().unwrap().until_done().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "the operation failed: `$response.body == null` matched HTTP 200 OK from https://api.example/tasks/t-17/status: null"
    );
    assert_eq!(s.transport.request_count(), 3);

    let s = setup();
    task_started(&s);
    s.transport
        .route("GET /tasks/t-17/status", [json_reply(json!({"error": "task log expired"})).with_status(404)]);
    let err = task_builder(&s).build::<Value>().unwrap().until_done().await.unwrap_err();
    assert!(matches!(err, LroError::UnexpectedStatus { transient_failures: 0, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "unexpected HTTP 404 Not Found from https://api.example/tasks/t-17/status: {\"error\":\"task log expired\"}"
    );
    assert_eq!(err.answer().unwrap().status(), 404);
}

#[tokio::test(start_paused = true)]
async fn task_template_that_cannot_be_filled() {
    let s = setup();
    s.transport.route("POST /tasks/billOnDemand/run", [json_reply(json!({"info": {"status": "pending"}}))]);
    let err = task_builder(&s).build::<Value>().unwrap().until_done().await.unwrap_err();
    assert!(err.to_string().contains("placeholder {/info/taskId} is not in the answer"), "{err}");
    let s = setup();
    let err = s
        .builder()
        .start(RequestSpec::post("/x"))
        .poll_url_template("/tasks/{info}")
        .success_when("$statusCode == 200")
        .build::<Value>()
        .unwrap_err();
    assert!(err.to_string().contains("invalid URL template `/tasks/{info}` at offset 8"), "{err}");
}

// ---- Trigger.dev style ----

fn trigger_filter() -> Value {
    json!({
        "status": [200],
        "headers": {"content-type": [{"$startsWith": "application/json"}]},
        "body": {"status": ["SUCCESS"]},
    })
}

fn trigger_builder(s: &Setup) -> LroBuilder {
    s.builder()
        .poll_url("/runs/9")
        .success_filter(&trigger_filter())
        .initial_delay(secs(10))
        .interval(secs(10))
        .timeout(secs(300))
}

#[tokio::test(start_paused = true)]
async fn trigger_dev_style_filter_on_status_headers_and_body() {
    let s = setup();
    s.transport.route(
        "GET /runs/9",
        [
            json_reply(json!({"status": "RUNNING"})),
            json_reply(json!({"status": "SUCCESS"})).with_status(202),
            ScriptedReply::json(&json!({"status": "SUCCESS"})).with_header("Content-Type", "text/plain"),
            ScriptedReply::json(&json!({"status": "SUCCESS"})),
            ScriptedReply::json(&json!({"status": "SUCCESS", "output": 7}))
                .with_header("Content-Type", "application/json; charset=utf-8"),
        ],
    );
    let body: Value = trigger_builder(&s).build().unwrap().await.unwrap();
    assert_eq!(body["output"], 7);
    assert_eq!(
        s.times(),
        [secs(10), secs(20), secs(30), secs(40), secs(50)],
        "202, text/plain and no header rejected"
    );
}

#[tokio::test(start_paused = true)]
async fn trigger_dev_style_timeout_polls_at_the_deadline_then_stops() {
    let s = setup();
    s.transport.route("GET /runs/9", (0..40).map(|_| json_reply(json!({"status": "RUNNING"}))));
    let start = Instant::now();
    let err = trigger_builder(&s).build::<Value>().unwrap().until_done().await.unwrap_err();
    assert_eq!(start.elapsed(), secs(300));
    match &err {
        LroError::DeadlineExceeded { elapsed, attempts, last } => {
            assert_eq!((*elapsed, *attempts), (secs(300), 30));
            assert_eq!(last.as_ref().unwrap().status(), 200);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.transport.request_count(), 30);
    assert_eq!(s.times().last(), Some(&secs(300)), "one last poll at the deadline");
    assert!(err.to_string().starts_with("deadline exceeded after 300s and 30 attempts"), "{err}");
}

// ---- OpenAPI (feature `openapi`) ----

#[cfg(feature = "openapi")]
mod openapi {
    use super::*;
    use flow_poll::openapi::OpenApiPollers;

    const OPENAPI: &str = r##"{
  "openapi": "3.1.0",
  "paths": {
    "/jobs/{jobId}": {
      "get": {
        "operationId": "getJob",
        "x-speakeasy-polling": [
          {
            "name": "WaitForCompleted",
            "delaySeconds": 2,
            "intervalSeconds": 5,
            "limitCount": 20,
            "failureCriteria": [
              {"condition": "$statusCode == 200"},
              {"condition": "$response.body#/status == \"failed\""}
            ],
            "successCriteria": [
              {"condition": "$statusCode == 200"},
              {"condition": "$response.body#/status == \"completed\""}
            ]
          },
          {
            "name": "WaitForNotFound",
            "successCriteria": [{"condition": "$statusCode == 404"}]
          }
        ]
      }
    }
  }
}"##;

    #[tokio::test(start_paused = true)]
    async fn openapi_wait_for_completed_with_failure_criteria() {
        let pollers = OpenApiPollers::from_text(OPENAPI).unwrap();
        let spec = pollers.get("getJob", "WaitForCompleted").unwrap();

        let s = setup();
        let running = json_reply(json!({"status": "running"}));
        s.transport.route(
            "GET /jobs/j1",
            [running.clone(), running.clone(), json_reply(json!({"status": "completed"}))],
        );
        let progress = sink();
        let done: Value = spec
            .builder(s.client.clone(), &[("jobId", "j1")])
            .unwrap()
            .jitter(Jitter::None)
            .on_progress(recorder(&progress))
            .build()
            .unwrap()
            .await
            .unwrap();
        assert_eq!(done["status"], "completed");
        assert_eq!(s.times(), [secs(2), secs(7), secs(12)]);
        assert_eq!(progress.lock().unwrap()[0].max_attempts, Some(20));

        let s = setup();
        s.transport
            .route("GET /jobs/j2", [running, json_reply(json!({"status": "failed", "reason": "disk full"}))]);
        let err = spec
            .builder(s.client.clone(), &[("jobId", "j2")])
            .unwrap()
            .build::<Value>()
            .unwrap()
            .await
            .unwrap_err();
        match &err {
            LroError::FailureMatched { rule, answer } => {
                assert_eq!(rule, "$statusCode == 200 && $response.body#/status == \"failed\"");
                assert_eq!(answer.decode::<Value>().unwrap()["reason"], "disk full");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn openapi_wait_for_not_found_and_overrides() {
        let pollers = OpenApiPollers::from_text(OPENAPI).unwrap();
        let spec = pollers.get("getJob", "WaitForNotFound").unwrap();
        let s = setup();
        s.transport.route(
            "GET /jobs/j3",
            [
                json_reply(json!({"status": "running"})),
                json_reply(json!({"status": "deleting"})),
                json_reply(json!({"error": "not found"})).with_status(404),
            ],
        );
        let gone: Value = spec
            .builder(s.client.clone(), &[("jobId", "j3")])
            .unwrap()
            .jitter(Jitter::None)
            .build()
            .unwrap()
            .await
            .unwrap();
        assert_eq!(gone["error"], "not found");
        assert_eq!(s.times(), [secs(1), secs(2), secs(3)], "delaySeconds 1, intervalSeconds 1");

        // Per-call override of the extension's limitCount (60).
        let s = setup();
        s.transport.route("GET /jobs/j4", (0..5).map(|_| json_reply(json!({"status": "running"}))));
        let err = spec
            .builder(s.client.clone(), &[("jobId", "j4")])
            .unwrap()
            .max_attempts(3)
            .build::<Value>()
            .unwrap()
            .await
            .unwrap_err();
        assert!(matches!(err, LroError::AttemptsExhausted { attempts: 3, .. }), "{err:?}");
        assert_eq!(s.transport.request_count(), 3);
    }
}

// ---- resume ----

fn resumable(s: &Setup) -> LroBuilder {
    s.builder()
        .operation("jobs.wait")
        .success_when("$response.body#/status == 'Succeeded'")
        .interval(secs(10))
        .timeout(secs(120))
}

/// Runs three polls of a started job by hand and returns the saved state.
async fn three_attempts_then_state(max_attempts: u32) -> String {
    let s = setup();
    s.transport.route("POST /jobs", [ScriptedReply::status(202).with_header("Location", "/jobs/5")]);
    s.transport.route("GET /jobs/5", (0..3).map(|_| json_reply(json!({"status": "Running"}))));
    let mut poller =
        resumable(&s).start(RequestSpec::post("/jobs")).max_attempts(max_attempts).build::<Value>().unwrap();
    loop {
        match poller.poll_once().await.unwrap() {
            PollStatus::InProgress { next_delay } => {
                if poller.attempts() == 3 {
                    break;
                }
                tokio::time::sleep(next_delay).await;
            }
            PollStatus::Done(_) => panic!("not done yet"),
            _ => unreachable!(),
        }
    }
    assert_eq!(s.times(), [secs(0), secs(1), secs(11), secs(21)]);
    let state = poller.state().unwrap();
    assert_eq!(state.attempts(), 3);
    assert_eq!(state.deadline(), Some(t0() + secs(120)));
    assert_eq!(state.next_poll_at(), Some(t0() + secs(31)));
    state.to_json()
    // poller, transport and client are dropped here
}

/// A fresh "process" after `down` more seconds: its own transport and a
/// wall clock that reads the same time as the first one.
fn after_restart() -> Setup {
    setup()
}

#[tokio::test(start_paused = true)]
async fn resume_in_a_fresh_engine_finishes_with_the_right_attempt_count() {
    let text = three_attempts_then_state(8).await;
    tokio::time::sleep(secs(5)).await; // the process is down for 5 s (virtual t = 26 s)
    let s = after_restart();
    s.transport.route(
        "GET /jobs/5",
        [json_reply(json!({"status": "Running"})), json_reply(json!({"status": "Succeeded"}))],
    );
    let progress = sink();
    let clock: Arc<dyn WallClock> = Arc::new(VirtualClock::starting_at(t0() + secs(26)));
    let body: Value = resumable(&s)
        .clock(clock)
        .resume(PollState::from_json(&text).unwrap())
        .progress_mode(ProgressMode::EveryAttempt)
        .on_progress(recorder(&progress))
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(body["status"], "Succeeded");
    let attempts: Vec<u32> = progress.lock().unwrap().iter().map(|p| p.attempt).collect();
    assert_eq!(attempts, [4, 5], "numbering continues");
    // The fourth poll is when the third said: t = 31 s (5 s into this transport's life).
    assert_eq!(s.times(), [secs(5), secs(15)]);
    assert_eq!(s.paths(), ["GET /jobs/5", "GET /jobs/5"], "no second start request");
    assert_eq!(progress.lock().unwrap()[1].max_attempts, Some(8));
}

#[tokio::test(start_paused = true)]
async fn resume_keeps_the_deadline_and_the_attempt_limit() {
    let text = three_attempts_then_state(20).await;
    tokio::time::sleep(secs(5)).await;
    let s = after_restart();
    s.transport.route("GET /jobs/5", (0..20).map(|_| json_reply(json!({"status": "Running"}))));
    let clock: Arc<dyn WallClock> = Arc::new(VirtualClock::starting_at(t0() + secs(26)));
    let resumed_at = Instant::now();
    // A different timeout here does not matter: the state's deadline rules.
    let err = resumable(&s)
        .timeout(secs(3600))
        .clock(clock.clone())
        .resume(PollState::from_json(&text).unwrap())
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    match err {
        LroError::DeadlineExceeded { elapsed, attempts, .. } => {
            assert_eq!((elapsed, attempts), (secs(120), 13))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(clock.now(), t0() + secs(120), "ends at the original deadline");
    assert_eq!(resumed_at.elapsed(), secs(94));

    let text = three_attempts_then_state(5).await;
    let s = after_restart();
    s.transport.route("GET /jobs/5", (0..20).map(|_| json_reply(json!({"status": "Running"}))));
    let clock: Arc<dyn WallClock> = Arc::new(VirtualClock::starting_at(t0() + secs(21)));
    let err = resumable(&s)
        .clock(clock)
        .resume(PollState::from_json(&text).unwrap())
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert!(matches!(err, LroError::AttemptsExhausted { attempts: 5, .. }), "{err:?}");
    assert_eq!(s.transport.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn mismatched_foreign_and_finished_states_are_refused() {
    let text = three_attempts_then_state(8).await;
    let s = setup();
    let state = PollState::from_json(&text).unwrap();
    let other_criteria =
        s.builder().operation("jobs.wait").success_when("$statusCode == 200").resume(state.clone());
    let err = other_criteria.build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::Resume(ResumeError::CriteriaMismatch { .. })), "{err:?}");
    let other_operation = resumable(&s).operation("reports.wait").resume(state);
    let err = other_operation.build::<Value>().unwrap().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot resume: poll state belongs to operation \"jobs.wait\", not \"reports.wait\""
    );

    let store = Arc::new(MemoryStore::new());
    store.insert("job", r#"{"continuationToken": "abc"}"#);
    let err = resumable(&s).keyed("job", store.clone()).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::Resume(ResumeError::Foreign { .. })), "{err:?}");
    store.insert("job", &text.replace("\"version\":1", "\"version\":2"));
    let err = resumable(&s).keyed("job", store.clone()).build::<Value>().unwrap().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot resume: poll state version 2 is not supported (this runtime reads version 1)"
    );
    assert_eq!(s.transport.request_count(), 0, "nothing sent");
}

#[tokio::test(start_paused = true)]
async fn keyed_state_resumes_if_present_else_starts() {
    let store = Arc::new(MemoryStore::new());
    let builder =
        |s: &Setup| resumable(s).start(RequestSpec::post("/jobs")).keyed("invoice-7", store.clone());

    // First run: starts, polls twice, then the process goes away.
    let s = setup();
    s.transport.route("POST /jobs", [ScriptedReply::status(202).with_header("Location", "/jobs/5")]);
    s.transport.route("GET /jobs/5", (0..2).map(|_| json_reply(json!({"status": "Running"}))));
    let mut stream =
        builder(&s).progress_mode(ProgressMode::EveryAttempt).build::<Value>().unwrap().into_stream();
    while let Some(Ok(LroEvent::Progress(p))) = stream.next().await {
        if p.attempt == 2 {
            break;
        }
    }
    drop(stream);
    let saved = PollState::from_json(&store.get("invoice-7").unwrap()).unwrap();
    assert_eq!((saved.attempts(), saved.finished()), (2, None));

    // Second run, same call: resumes (no POST route exists now) and finishes.
    let s = setup();
    s.transport.route("GET /jobs/5", [json_reply(json!({"status": "Succeeded"}))]);
    let clock: Arc<dyn WallClock> = Arc::new(VirtualClock::starting_at(t0() + secs(11)));
    let body: Value = builder(&s).clock(clock.clone()).build().unwrap().await.unwrap();
    assert_eq!(body["status"], "Succeeded");
    assert_eq!(s.paths(), ["GET /jobs/5"]);
    assert_eq!(s.times(), [secs(10)], "due 10 s after the second poll (t = 21 s)");
    let finished = PollState::from_json(&store.get("invoice-7").unwrap()).unwrap();
    assert_eq!((finished.attempts(), finished.finished()), (3, Some("succeeded")));

    // Third run: the stored final answer, nothing sent (a second POST would
    // start a second job).
    let s = setup();
    let again: Value = builder(&s).clock(clock.clone()).build().unwrap().await.unwrap();
    assert_eq!(again, body);
    assert_eq!(s.transport.request_count(), 0);
    // Fresh: the state is forgotten, the job started again.
    let s = setup();
    s.transport.route("POST /jobs", [ScriptedReply::status(202).with_header("Location", "/jobs/6")]);
    s.transport.route("GET /jobs/6", [json_reply(json!({"status": "Succeeded", "n": 6}))]);
    let fresh: Value = builder(&s).clock(clock).fresh(true).build().unwrap().await.unwrap();
    assert_eq!((fresh["n"].as_u64(), s.paths().len()), (Some(6), 2));
    store.remove("invoice-7").await.unwrap();
    assert!(store.is_empty());
}

// ---- Retry-After, jitter, backoff ----

#[tokio::test(start_paused = true)]
async fn retry_after_larger_than_the_time_left_is_clamped_to_the_deadline() {
    let s = setup();
    s.transport.route(
        "GET /op",
        [
            json_reply(json!({"status": "Running"})).with_status(202).with_header("Retry-After", "3600"),
            json_reply(json!({"status": "Running"})).with_status(202),
        ],
    );
    let start = Instant::now();
    let err = s
        .builder()
        .poll_url("/op")
        .success_when("$statusCode == 200")
        .interval(secs(1))
        .timeout(secs(10))
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert_eq!(s.times(), [secs(1), secs(10)]);
    assert_eq!(start.elapsed(), secs(10));
    assert!(matches!(err, LroError::DeadlineExceeded { attempts: 2, .. }), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_after_forms_and_carrying_forward() {
    let s = setup();
    let running = || json_reply(json!({"status": "Running"}));
    let date = httpdate::fmt_http_date(t0());
    let later = httpdate::fmt_http_date(t0() + secs(6));
    s.transport.route(
        "GET /op",
        [
            running().with_header("Retry-After", "4"),
            running(),
            running().with_header("retry-after-ms", "1500"),
            running().with_header("x-ms-retry-after-ms", "100").with_header("Retry-After", "9"),
            running().with_header("Date", &date).with_header("Retry-After", &later),
            json_reply(json!({"status": "Succeeded"})),
        ],
    );
    let progress = sink();
    let _: Value = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'succeeded'")
        .interval(secs(1))
        .progress_mode(ProgressMode::EveryAttempt)
        .on_progress(recorder(&progress))
        .build()
        .unwrap()
        .await
        .unwrap();
    // 1 → +4 (hint) → +4 (carried) → +1.5 (new hint) → +1 (0.1 s hint under the interval) → +6 (HTTP-date vs Date).
    assert_eq!(s.times(), [secs(1), secs(5), secs(9), millis(10_500), millis(11_500), millis(17_500)]);
    let delays: Vec<Option<Duration>> = progress.lock().unwrap().iter().map(|p| p.next_delay).collect();
    assert_eq!(
        delays,
        [Some(secs(4)), Some(secs(4)), Some(millis(1500)), Some(secs(1)), Some(secs(6)), None]
    );

    // Turned off, the interval alone counts.
    let s = setup();
    s.transport.route(
        "GET /op",
        [running().with_header("Retry-After", "30"), json_reply(json!({"status": "Succeeded"}))],
    );
    let _: Value = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .interval(secs(1))
        .honor_retry_after(false)
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(s.times(), [secs(1), secs(2)]);
}

async fn jittered_times(seed: Option<u64>) -> Vec<Duration> {
    let s = setup();
    s.transport.route("GET /op", (0..20).map(|_| json_reply(json!({"status": "Running"}))));
    let mut builder = LroBuilder::new(s.client.clone())
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .initial_delay(secs(10))
        .interval(secs(10))
        .max_attempts(20)
        .jitter(Jitter::proportional(20).unwrap());
    if let Some(seed) = seed {
        builder = builder.jitter_seed(seed);
    }
    let _ = builder.build::<Value>().unwrap().await.unwrap_err();
    s.times()
}

#[tokio::test(start_paused = true)]
async fn jitter_stays_within_its_bounds_and_is_seedable() {
    for seed in [None, Some(1), Some(2)] {
        let times = jittered_times(seed).await;
        assert_eq!(times.len(), 20);
        let mut previous = Duration::ZERO;
        let mut gaps = Vec::new();
        for at in &times {
            let gap = *at - previous;
            assert!(gap >= secs(8) && gap <= secs(12), "gap {gap:?} out of ±20 % of 10 s (seed {seed:?})");
            gaps.push(gap);
            previous = *at;
        }
        assert!(gaps.iter().any(|g| *g != gaps[0]), "jitter varies the waits");
    }
    assert_eq!(jittered_times(Some(1)).await, jittered_times(Some(1)).await, "same seed, same waits");
    assert_ne!(jittered_times(Some(1)).await, jittered_times(Some(2)).await);
}

#[tokio::test(start_paused = true)]
async fn exponential_backoff_grows_to_its_cap() {
    let s = setup();
    s.transport.route("GET /op", (0..6).map(|_| json_reply(json!({"status": "Running"}))));
    let err = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .initial_delay(Duration::ZERO)
        .backoff(secs(1), 2.0, secs(8))
        .max_attempts(6)
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert_eq!(s.times(), [secs(0), secs(1), secs(3), secs(7), secs(15), secs(23)]);
    assert!(matches!(err, LroError::AttemptsExhausted { attempts: 6, .. }));
    let err = s
        .builder()
        .poll_url("/op")
        .success_when("$statusCode == 200")
        .backoff(secs(2), 0.5, secs(8))
        .build::<Value>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid poller configuration: backoff factor must be a finite number of at least 1 (got 0.5)"
    );
}

// ---- budgets and transient failures ----

#[tokio::test(start_paused = true)]
async fn request_time_counts_against_the_deadline() {
    let s = setup();
    let slow = || json_reply(json!({"status": "Running"})).with_latency(secs(100));
    s.transport.route("GET /op", [slow(), slow(), slow()]);
    let start = Instant::now();
    let err = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .interval(secs(1))
        .retry_backoff(flow_poll::RetryBackoff::DEFAULT.with_randomize(false))
        .request_timeout(secs(30))
        .timeout(secs(45))
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    // Poll 1 at 1 s times out at 31 s (its own 30 s); retried 1 s later, poll 2
    // at 32 s gets the 13 s left.
    assert_eq!(s.times(), [secs(1), secs(32)]);
    assert_eq!(start.elapsed(), secs(45));
    match err {
        LroError::DeadlineExceeded { elapsed, attempts, last } => {
            assert_eq!((elapsed, attempts), (secs(45), 2));
            assert!(last.is_none(), "no answer ever arrived");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn transient_failures_have_their_own_consecutive_budget() {
    let builder = |s: &Setup| {
        s.builder()
            .poll_url("/op")
            .success_when("$response.body#/status == 'Succeeded'")
            .interval(secs(1))
            .max_transient_failures(2)
            .retry_backoff(flow_poll::RetryBackoff::DEFAULT.with_randomize(false))
    };
    let running = || json_reply(json!({"status": "Running"}));
    let done = || json_reply(json!({"status": "Succeeded"}));

    // Two in a row are retried; an ordinary answer resets the count.
    let s = setup();
    s.transport.route(
        "GET /op",
        [
            ScriptedReply::status(503),
            ScriptedReply::failure(ScriptedFailure::Reset),
            running(),
            ScriptedReply::status(502),
            ScriptedReply::status(504),
            done(),
        ],
    );
    let _: Value = builder(&s).build().unwrap().await.unwrap();
    assert_eq!(s.transport.request_count(), 6);

    // 429 waits its Retry-After.
    let s = setup();
    s.transport.route("GET /op", [ScriptedReply::status(429).with_header("Retry-After", "7"), done()]);
    let _: Value = builder(&s).build().unwrap().await.unwrap();
    assert_eq!(s.times(), [secs(1), secs(8)]);

    // A third in a row ends it.
    let s = setup();
    s.transport.route("GET /op", (0..3).map(|_| ScriptedReply::status(503)));
    let err = builder(&s).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::UnexpectedStatus { transient_failures: 3, .. }), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("gave up after 3 consecutive transient failures; last: unexpected HTTP 503"));

    let s = setup();
    s.transport.route("GET /op", (0..3).map(|_| ScriptedReply::failure(ScriptedFailure::Connect)));
    let err = builder(&s).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::Transport { transient_failures: 3, .. }), "{err:?}");

    // Other error statuses (a 500 too) end the poll by default, or keep
    // polling when asked.
    let s = setup();
    s.transport.route("GET /op", [ScriptedReply::status(500), done()]);
    let err = builder(&s).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::UnexpectedStatus { transient_failures: 0, .. }), "{err:?}");
    assert_eq!(s.transport.request_count(), 1);
    let s = setup();
    s.transport.route("GET /op", [ScriptedReply::status(500), done()]);
    let _: Value = builder(&s).fail_on_error_status(false).build().unwrap().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_start_request_is_retried_only_when_safe() {
    let s = setup();
    s.transport.route(
        "POST /jobs",
        [
            ScriptedReply::failure(ScriptedFailure::Connect),
            ScriptedReply::status(429).with_header("Retry-After", "5"),
            ScriptedReply::status(202).with_header("Location", "/jobs/1"),
        ],
    );
    s.transport.route("GET /jobs/1", [json_reply(json!({"status": "Succeeded"}))]);
    let exact = flow_poll::RetryBackoff::new(secs(2), secs(30), 2.0, false).unwrap();
    let _: Value = job_builder(&s).retry_backoff(exact).build().unwrap().await.unwrap();
    assert_eq!(s.paths(), ["POST /jobs", "POST /jobs", "POST /jobs", "GET /jobs/1"]);
    // The retry waits: 2 s after the refused connection, then the 429's Retry-After (5 s).
    assert_eq!(s.times()[..3], [secs(0), secs(2), secs(7)]);

    let s = setup();
    s.transport.route("POST /jobs", [ScriptedReply::status(503), ScriptedReply::status(202)]);
    let err = job_builder(&s).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::StartRejected { .. }), "a 503 POST may have run: not retried ({err:?})");
    assert_eq!(s.transport.request_count(), 1);
}

// ---- cancellation ----

fn slow_poll(s: &Setup, control: PollControl) -> LroBuilder {
    s.builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .interval(secs(60))
        .control(control)
}

#[tokio::test(start_paused = true)]
async fn cancelling_wakes_the_wait_at_once_and_nothing_more_is_sent() {
    let s = setup();
    s.transport.route("GET /op", (0..5).map(|_| json_reply(json!({"status": "Running"}))));
    let token = CancellationToken::new();
    let poller = slow_poll(&s, PollControl::with_token(token.child_token())).build::<Value>().unwrap();
    let task = tokio::spawn(poller.until_done());
    tokio::time::sleep(secs(5)).await;
    let cancelled_at = Instant::now();
    token.cancel();
    let err = task.await.unwrap().unwrap_err();
    assert_eq!(cancelled_at.elapsed(), Duration::ZERO, "the 60 s wait ended at once");
    assert!(matches!(err, LroError::Cancelled { attempts: 1 }), "{err:?}");
    tokio::time::sleep(secs(600)).await;
    assert_eq!(s.transport.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_poller_or_its_future_sends_nothing_more() {
    let s = setup();
    s.transport.route("GET /op", (0..5).map(|_| json_reply(json!({"status": "Running"}))));
    let task = tokio::spawn(slow_poll(&s, PollControl::new()).build::<Value>().unwrap().until_done());
    tokio::time::sleep(secs(5)).await;
    task.abort();
    tokio::time::sleep(secs(600)).await;
    assert_eq!(s.transport.request_count(), 1);

    // A request in flight is abandoned, its late answer never judged.
    let s = setup();
    s.transport.route("GET /op", [json_reply(json!({"status": "Succeeded"})).with_latency(secs(20))]);
    let control = PollControl::new();
    let poller = slow_poll(&s, control.clone()).build::<Value>().unwrap();
    let task = tokio::spawn(poller.until_done());
    tokio::time::sleep(secs(3)).await;
    control.cancel();
    let err = task.await.unwrap().unwrap_err();
    assert!(matches!(err, LroError::Cancelled { attempts: 1 }), "{err:?}");

    // Cancelled before the start: not even the start request goes out.
    let s = setup();
    let control = PollControl::new();
    control.cancel();
    let err = job_builder(&s).control(control).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::Cancelled { attempts: 0 }), "{err:?}");
    assert_eq!(s.transport.request_count(), 0);
}

// ---- host-driven polling ----

#[tokio::test(start_paused = true)]
async fn poll_once_for_hosts_that_drive_the_loop() {
    let s = setup();
    s.transport.route(
        "GET /op",
        [
            json_reply(json!({"status": "Running", "percentComplete": 10})),
            json_reply(json!({"status": "Succeeded", "percentComplete": 100})),
        ],
    );
    let mut poller = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .interval(secs(4))
        .build::<Value>()
        .unwrap();
    assert_eq!((poller.status(), poller.percent_complete()), (None, None));
    assert_eq!(poller.poll_once().await.unwrap(), PollStatus::InProgress { next_delay: secs(4) });
    assert_eq!(s.times(), [secs(0)], "poll_once sends at once");
    assert_eq!((poller.status(), poller.percent_complete()), (Some("Running"), Some(10.0)));
    let PollStatus::Done(body) = poller.poll_once().await.unwrap() else { panic!("done") };
    assert_eq!(body["percentComplete"], 100);
    assert_eq!(poller.percent_complete(), Some(100.0));
    assert!(poller.is_finished());
    assert_eq!(poller.poll_once().await.unwrap(), PollStatus::Done(body), "the same result again");
    assert_eq!(s.transport.request_count(), 2);
}

// ---- secrets ----

#[tokio::test(start_paused = true)]
async fn secrets_stay_out_of_debug_errors_and_states() {
    let config =
        RuntimeConfig::builder().default_header("Authorization", "Bearer s3cret-token").build().unwrap();
    let s = setup_with(config);
    s.transport.route("GET /op", [json_reply(json!({"status": "Running"}))]);
    let mut poller = s
        .builder()
        .poll_url("/op?sig=SIG-VALUE&view=full")
        .header("X-Api-Key", "k3y-value")
        .success_when("$response.body#/status == 'Succeeded'")
        .interval(secs(1))
        .operation("op")
        .build::<Value>()
        .unwrap();
    let _ = poller.poll_once().await.unwrap();
    let sent = &s.transport.requests()[0];
    assert_eq!(sent.headers["authorization"], "Bearer s3cret-token");
    assert_eq!(sent.headers["x-api-key"], "k3y-value");
    assert_eq!(sent.url.query(), Some("sig=SIG-VALUE&view=full"));
    let state = poller.state().unwrap().to_json();
    let debug = format!("{poller:?} {:?}", s.transport.requests()[0].headers);
    for text in [&state, &debug] {
        for secret in ["s3cret-token", "k3y-value", "SIG-VALUE"] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
    }
    assert!(state.contains("sig=%5Bredacted%5D") || state.contains("sig=[redacted]"), "{state}");

    // Resuming needs the secret again; from the configured poll URL or given explicitly.
    let resume = |builder: LroBuilder| {
        builder
            .resume(PollState::from_json(&state).unwrap())
            .operation("op")
            .success_when("$response.body#/status == 'Succeeded'")
    };
    let s2 = setup();
    let err = resume(s2.builder()).build::<Value>().unwrap().await.unwrap_err();
    assert!(
        matches!(&err, LroError::Resume(ResumeError::MissingSecret { name }) if name == "sig"),
        "{err:?}"
    );
    s2.transport.route("GET /op", [json_reply(json!({"status": "Succeeded"}))]);
    let _: Value =
        resume(s2.builder().secret_query_param("sig", "SIG-VALUE")).build().unwrap().await.unwrap();
    assert_eq!(s2.transport.request_count(), 1, "the refused resume sent nothing");
    assert_eq!(s2.transport.requests()[0].url.query(), Some("sig=SIG-VALUE&view=full"));
}

#[tokio::test(start_paused = true)]
async fn secrets_stay_out_of_builder_debug_and_transport_errors() {
    let s = setup();
    s.transport.route("GET /op", [ScriptedReply::failure(ScriptedFailure::Connect)]);
    let builder = s
        .builder()
        .poll(RequestSpec::get("/op?sig=SIG-VALUE").header("Authorization", "Bearer HDR-VALUE"))
        .success_when("$statusCode == 200")
        .max_transient_failures(0);
    let debug = format!("{builder:?} {:?}", RequestSpec::get("https://u:PW-VALUE@x.example/?token=T-VALUE"));
    let err = builder.build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::Transport { transient_failures: 1, .. }), "{err:?}");
    let message = format!("{err} {err:?}");
    assert!(message.contains("sig=[redacted]"), "{message}");
    for text in [&debug, &message] {
        for secret in ["SIG-VALUE", "HDR-VALUE", "PW-VALUE", "T-VALUE"] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn configuration_errors_are_typed_and_clear() {
    let s = setup();
    let message = |b: LroBuilder| b.build::<Value>().unwrap_err().to_string();
    assert!(message(s.builder().success_when("$statusCode == 200")).contains("nothing to poll"));
    assert!(message(s.builder().poll_url("/op").success_when("$statusCode =")).contains("at offset 12"));
    assert!(message(s.builder().poll_url("/op").success_filter(&json!({"body": {"s": "x"}})))
        .contains("\"/body/s\""));
    assert!(message(s.builder().poll_url("/op").success_when("$statusCode == 200").max_attempts(0))
        .contains("at least 1"));
    assert!(message(s.builder().poll_url("/op").success_when("$statusCode == 200").header("bad name", "x"))
        .contains("invalid header name"));
    assert!(message(s.builder().poll_url("ftp://x/").success_when("$statusCode == 200"))
        .contains("unsupported scheme"));
    assert!(message(
        s.builder().poll_url("/op").start(RequestSpec::post("/x")).success_when("$statusCode == 200")
    )
    .contains("not both"));
    assert!(message(
        s.builder().poll_url("/op").status_pointer(Some("status")).success_when("$statusCode == 200")
    )
    .contains("status_pointer"));
    assert_eq!(s.transport.request_count(), 0);
}

#[cfg(feature = "fs-state")]
#[tokio::test(start_paused = true)]
async fn keyed_file_store_round_trip() {
    let dir = std::env::temp_dir().join(format!("dflow-lro-{}", std::process::id()));
    let store = Arc::new(flow_poll::resume::FileStore::new(&dir));
    let s = setup();
    s.transport.route(
        "GET /op",
        [json_reply(json!({"status": "Running"})), json_reply(json!({"status": "Succeeded"}))],
    );
    let builder = || {
        s.builder()
            .poll_url("/op")
            .success_when("$response.body#/status == 'Succeeded'")
            .interval(secs(1))
            .keyed("a key/with:odd chars", store.clone())
    };
    let mut poller = builder().build::<Value>().unwrap();
    let _ = poller.poll_once().await.unwrap();
    drop(poller);
    let saved = store.load("a key/with:odd chars").await.unwrap().unwrap();
    assert_eq!(PollState::from_json(&saved).unwrap().attempts(), 1);
    let done: Value = builder().build().unwrap().await.unwrap();
    // Run again: the stored final answer, from the file.
    let replayed: Value = builder().build().unwrap().await.unwrap();
    assert_eq!(replayed, done);
    let _ = std::fs::remove_dir_all(&dir);
}
