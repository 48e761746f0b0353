//! The long-running-operation poller over real HTTP: [`ReqwestTransport`]
//! against in-process axum servers on 127.0.0.1 — the job API, the task
//! manager (with an expired task log), an EventFilter on real response
//! headers, request timeouts inside the deadline, and cancellation.
//! Waits are tens of milliseconds, so the file runs in well under a second.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use flow_poll::lro::{LroBuilder, LroError, RequestSpec};
use flow_poll::{HttpClient, ReqwestTransport, RuntimeConfig};
use flow_poll::{Jitter, PollControl, Progress};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

async fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

fn client(addr: SocketAddr) -> HttpClient {
    let config = RuntimeConfig::builder().default_header("Authorization", "Bearer t0ken").build().unwrap();
    let transport = Arc::new(ReqwestTransport::new(&config).unwrap());
    HttpClient::new(transport, Arc::new(config), url::Url::parse(&format!("http://{addr}/")).unwrap())
}

/// What a server saw: method, path and when.
#[derive(Debug, Default)]
struct Log {
    hits: Mutex<Vec<(String, Instant, HeaderMap)>>,
    polls: AtomicUsize,
    body: Mutex<Option<Value>>,
}

impl Log {
    fn hit(&self, what: &str, headers: &HeaderMap) {
        self.hits.lock().unwrap().push((what.to_owned(), Instant::now(), headers.clone()));
    }

    fn paths(&self) -> Vec<String> {
        self.hits.lock().unwrap().iter().map(|(p, _, _)| p.clone()).collect()
    }
}

// ---- the job API ----

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    status: String,
    percent_complete: u8,
    result: Option<String>,
}

async fn create_job(State(log): State<Arc<Log>>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    log.hit("POST /jobs", &headers);
    *log.body.lock().unwrap() = Some(body);
    let headers = [(header::LOCATION, "/jobs/42"), (header::HeaderName::from_static("retry-after-ms"), "60")];
    (StatusCode::ACCEPTED, headers, Json(json!({"status": "NotStarted", "percentComplete": 0})))
        .into_response()
}

async fn job_status(State(log): State<Arc<Log>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    log.hit(&format!("GET /jobs/{id}"), &headers);
    let body = match log.polls.fetch_add(1, Ordering::SeqCst) {
        0 | 1 => json!({"status": "Running", "percentComplete": 40}),
        _ => json!({"status": "Succeeded", "percentComplete": 100, "result": "report.pdf"}),
    };
    Json(body).into_response()
}

#[tokio::test]
async fn job_api_over_http() {
    let log = Arc::new(Log::default());
    let router = Router::new()
        .route("/jobs", post(create_job))
        .route("/jobs/{id}", get(job_status))
        .with_state(log.clone());
    let addr = serve(router).await;
    let progress = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let sink = progress.clone();
    let started = Instant::now();
    let job: Job = LroBuilder::new(client(addr))
        .start(RequestSpec::post("/jobs").json(json!({"kind": "report"})))
        .success_when("$response.body#/status == 'Succeeded'")
        .failure_when("$response.body#/status == 'Failed'")
        .initial_delay(ms(10))
        .interval(ms(20))
        .jitter(Jitter::None)
        .timeout(Duration::from_secs(10))
        .on_progress(move |p| sink.lock().unwrap().push(p.clone()))
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(
        (job.status.as_str(), job.percent_complete, job.result.as_deref()),
        ("Succeeded", 100, Some("report.pdf"))
    );
    assert_eq!(log.paths(), ["POST /jobs", "GET /jobs/42", "GET /jobs/42", "GET /jobs/42"]);
    assert_eq!(log.body.lock().unwrap().clone(), Some(json!({"kind": "report"})));
    let hits = log.hits.lock().unwrap();
    assert!(hits[1].1 - hits[0].1 >= ms(60), "retry-after-ms: 60 beat the 10 ms initial delay");
    assert!(hits.iter().all(|(_, _, h)| h["authorization"] == "Bearer t0ken"));
    let percents: Vec<Option<f64>> = progress.lock().unwrap().iter().map(|p| p.percent).collect();
    assert_eq!(percents, [Some(0.0), Some(40.0), Some(100.0)]);
    assert!(started.elapsed() < Duration::from_secs(5));
}

// ---- the task manager ----

async fn run_task(State(log): State<Arc<Log>>, Path(name): Path<String>, headers: HeaderMap) -> Response {
    log.hit(&format!("POST /tasks/{name}/run"), &headers);
    Json(json!({"info": {"taskId": "t 17", "scheduledTaskName": name, "status": "pending"}})).into_response()
}

async fn task_status(State(log): State<Arc<Log>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    log.hit(&format!("GET /tasks/{id}/status"), &headers);
    match log.polls.fetch_add(1, Ordering::SeqCst) {
        0 => Json(json!({"info": {"taskId": id, "status": "pending"}})).into_response(),
        1 => Json(json!({"info": {"taskId": id, "status": "completed"}})).into_response(),
        _ => (StatusCode::NOT_FOUND, Json(json!({"error": "task log expired"}))).into_response(),
    }
}

fn task_builder(addr: SocketAddr) -> LroBuilder {
    LroBuilder::new(client(addr))
        .start(RequestSpec::post("/tasks/billOnDemand/run"))
        .poll_url_template("/tasks/{/info/taskId}/status")
        .status_pointer(Some("/info/status"))
        .success_when("$response.body#/info/status == 'completed'")
        .failure_when("$response.body == null")
        .fail_on_error_status(true)
        .initial_delay(ms(5))
        .interval(ms(10))
}

#[tokio::test]
async fn task_manager_over_http_and_an_expired_log() {
    let log = Arc::new(Log::default());
    let router = Router::new()
        .route("/tasks/{name}/run", post(run_task))
        .route("/tasks/{id}/status", get(task_status))
        .with_state(log.clone());
    let addr = serve(router).await;
    let body: Value = task_builder(addr).build().unwrap().await.unwrap();
    assert_eq!(body["info"]["status"], "completed");
    assert_eq!(
        log.paths(),
        ["POST /tasks/billOnDemand/run", "GET /tasks/t 17/status", "GET /tasks/t 17/status"]
    );

    // The log is gone now: polling it again ends with a clear error.
    let err = LroBuilder::new(client(addr))
        .poll_url("/tasks/t%2017/status")
        .success_when("$response.body#/info/status == 'completed'")
        .fail_on_error_status(true)
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("unexpected HTTP 404 Not Found from http://{addr}/tasks/t%2017/status: {{\"error\":\"task log expired\"}}")
    );
}

// ---- EventFilter on real headers ----

async fn run_state(State(log): State<Arc<Log>>, headers: HeaderMap) -> Response {
    log.hit("GET /runs/9", &headers);
    match log.polls.fetch_add(1, Ordering::SeqCst) {
        0 => ([(header::CONTENT_TYPE, "text/plain")], r#"{"status":"SUCCESS"}"#).into_response(),
        1 => (StatusCode::ACCEPTED, Json(json!({"status": "SUCCESS"}))).into_response(),
        _ => Json(json!({"status": "SUCCESS", "output": 7})).into_response(),
    }
}

#[tokio::test]
async fn event_filter_status_and_header_checks_work_on_real_responses() {
    let log = Arc::new(Log::default());
    let addr = serve(Router::new().route("/runs/9", get(run_state)).with_state(log.clone())).await;
    let body: Value = LroBuilder::new(client(addr))
        .poll_url("/runs/9")
        .success_filter(&json!({
            "status": [200],
            "headers": {"Content-Type": [{"$startsWith": "application/json"}]},
            "body": {"status": ["SUCCESS"]},
        }))
        .initial_delay(Duration::ZERO)
        .interval(ms(10))
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(body["output"], 7);
    assert_eq!(log.paths().len(), 3, "text/plain and 202 were not accepted");
}

// ---- timeouts and cancellation ----

async fn stall(State(log): State<Arc<Log>>, headers: HeaderMap) -> Response {
    log.hit("GET /slow", &headers);
    tokio::time::sleep(Duration::from_secs(30)).await;
    Json(json!({"status": "Succeeded"})).into_response()
}

#[tokio::test]
async fn a_hung_server_cannot_stretch_the_deadline() {
    let log = Arc::new(Log::default());
    let addr = serve(Router::new().route("/slow", get(stall)).with_state(log.clone())).await;
    let started = Instant::now();
    let err = LroBuilder::new(client(addr))
        .poll_url("/slow")
        .success_when("$response.body#/status == 'Succeeded'")
        .initial_delay(Duration::ZERO)
        .interval(ms(10))
        .request_timeout(ms(150))
        .timeout(ms(400))
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, LroError::DeadlineExceeded { .. }), "{err:?}");
    assert!(took >= ms(400) && took < ms(1500), "took {took:?}");
    assert!(log.paths().len() >= 2, "timed-out requests are transient and retried");
}

#[tokio::test]
async fn cancelling_stops_polling_a_real_server() {
    let log = Arc::new(Log::default());
    let addr = serve(Router::new().route("/jobs/{id}", get(job_status)).with_state(log.clone())).await;
    log.polls.store(0, Ordering::SeqCst);
    let control = PollControl::new();
    let poller = LroBuilder::new(client(addr))
        .poll_url("/jobs/1")
        .success_when("$response.body#/status == 'Never'")
        .initial_delay(Duration::ZERO)
        .interval(Duration::from_secs(60))
        .control(control.clone())
        .build::<Value>()
        .unwrap();
    let task = tokio::spawn(poller.until_done());
    while log.paths().is_empty() {
        tokio::time::sleep(ms(5)).await;
    }
    let cancelled = Instant::now();
    control.cancel();
    let err = task.await.unwrap().unwrap_err();
    assert!(cancelled.elapsed() < ms(500), "the 60 s wait ended at once");
    assert!(matches!(err, LroError::Cancelled { attempts: 1 }), "{err:?}");
    tokio::time::sleep(ms(50)).await;
    assert_eq!(log.paths().len(), 1);
}
