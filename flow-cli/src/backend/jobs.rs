//! A job API in the OData / Azure long-running-operation style, on the
//! task manager's clock: the shape `dflow poll`'s start-then-poll and its
//! `Location` following are made for.
//!
//! ```text
//! POST /jobs [{"id"?, "fail"?}] → 202 Accepted, Location: /jobs/{id}, {"id", "status": "NotStarted"}
//! POST /operations [same body]   → 202 Accepted, Operation-Location and Azure-AsyncOperation:
//!                                  /jobs/{id}/operation, Location: /jobs/{id}
//! GET  /jobs/{id}                → 202 + Location: /jobs/{id} while it runs ({"status": "Running",
//!                                  "percentComplete"}), then 200 {"status": "Succeeded", "result"}
//!                                  (or "Failed", "error")
//! GET  /jobs/{id}/operation      → 200 {"status": NotStarted | Running | Succeeded | Failed,
//!                                  "percentComplete"} (the Azure status monitor)
//! unknown or expired id          → 404 {"error"}
//! ```
//!
//! `"id"` picks the job's id (letters, digits, `.`, `_`, `-`; at most 64;
//! `409` when taken, `400` when malformed); `"fail": true` makes the job
//! end `Failed`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::tasks::{Phase, TaskManager};

/// The task name jobs run under in the task manager.
const JOB_TASK: &str = "job";

/// The job API's state: the task manager keeps time, this the jobs meant to fail.
#[derive(Debug, Clone)]
pub(crate) struct JobApi {
    tasks: TaskManager,
    failing: Arc<Mutex<HashSet<String>>>,
}

/// A job's status word and its body.
fn job_body(id: &str, phase: Phase, failing: bool) -> (&'static str, Value) {
    let (status, percent) = match phase {
        Phase::Pending => ("NotStarted", 0.0),
        Phase::Running(percent) => ("Running", percent.floor()),
        Phase::Completed if failing => ("Failed", 100.0),
        Phase::Completed => ("Succeeded", 100.0),
    };
    let mut body = json!({"id": id, "status": status, "percentComplete": percent});
    match status {
        "Succeeded" => body["result"] = json!({"report": format!("/reports/{id}.pdf")}),
        "Failed" => body["error"] = json!({"code": "JobFailed", "message": "the job failed as asked"}),
        _ => {}
    }
    (status, body)
}

fn gone(id: &str) -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": format!("job {id} not found or expired")}))).into_response()
}

impl JobApi {
    pub(crate) fn new(tasks: TaskManager) -> Self {
        JobApi { tasks, failing: Arc::default() }
    }

    fn phase(&self, id: &str) -> Option<(Phase, bool)> {
        let phase = self.tasks.phase(id)?;
        let failing = self.failing.lock().unwrap_or_else(PoisonError::into_inner).contains(id);
        Some((phase, failing))
    }

    /// The HTTP API (see the module docs).
    pub(crate) fn router(&self) -> Router {
        Router::new()
            .route("/jobs", post(start_job))
            .route("/operations", post(start_operation))
            .route("/jobs/{id}", get(job))
            .route("/jobs/{id}/operation", get(operation))
            .with_state(self.clone())
    }
}

/// Whether a client-chosen job id is acceptable.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Starts a job from a request body (any body: unknown JSON is ignored);
/// `Err` is the refusal: its status and message.
fn create(jobs: &JobApi, body: &Bytes) -> Result<String, (StatusCode, String)> {
    let request = serde_json::from_slice::<Value>(body).unwrap_or_default();
    let fail = request["fail"].as_bool().unwrap_or(false);
    let id = match request["id"].as_str() {
        Some(id) if !valid_id(id) => {
            let message = format!("job id {id:?}: use 1 to 64 letters, digits, '.', '_' or '-'");
            return Err((StatusCode::BAD_REQUEST, message));
        }
        Some(id) => match jobs.tasks.run_as(JOB_TASK, id) {
            Some(_) => id.to_owned(),
            None => {
                return Err((StatusCode::CONFLICT, format!("job {id} exists already")));
            }
        },
        None => jobs.tasks.run(JOB_TASK)["info"]["taskId"].as_str().unwrap_or_default().to_owned(),
    };
    if fail {
        jobs.failing.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone());
    }
    Ok(id)
}

fn refused((status, message): (StatusCode, String)) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

async fn start_job(State(jobs): State<JobApi>, body: Bytes) -> Response {
    let id = match create(&jobs, &body) {
        Ok(id) => id,
        Err(refusal) => return refused(refusal),
    };
    let headers = [(header::LOCATION, format!("/jobs/{id}"))];
    (StatusCode::ACCEPTED, headers, Json(json!({"id": id, "status": "NotStarted"}))).into_response()
}

async fn start_operation(State(jobs): State<JobApi>, body: Bytes) -> Response {
    let id = match create(&jobs, &body) {
        Ok(id) => id,
        Err(refusal) => return refused(refusal),
    };
    let monitor = format!("/jobs/{id}/operation");
    let headers = [
        (header::HeaderName::from_static("operation-location"), monitor.clone()),
        (header::HeaderName::from_static("azure-asyncoperation"), monitor),
        (header::LOCATION, format!("/jobs/{id}")),
    ];
    (StatusCode::ACCEPTED, headers, Json(json!({"id": id, "status": "NotStarted"}))).into_response()
}

async fn job(State(jobs): State<JobApi>, Path(id): Path<String>) -> Response {
    let Some((phase, failing)) = jobs.phase(&id) else { return gone(&id) };
    let (_, body) = job_body(&id, phase, failing);
    if phase == Phase::Completed {
        return Json(body).into_response();
    }
    (StatusCode::ACCEPTED, [(header::LOCATION, format!("/jobs/{id}"))], Json(body)).into_response()
}

async fn operation(State(jobs): State<JobApi>, Path(id): Path<String>) -> Response {
    let Some((phase, failing)) = jobs.phase(&id) else { return gone(&id) };
    Json(job_body(&id, phase, failing).1).into_response()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::backend::tasks::TaskTiming;

    #[tokio::test(start_paused = true)]
    async fn a_job_answers_202_with_location_until_it_is_done() {
        let timing = TaskTiming {
            queue: Duration::from_secs(1),
            work: Duration::from_secs(4),
            retention: Duration::from_secs(60),
        };
        let jobs = JobApi::new(TaskManager::new(timing));
        let app = jobs.router();
        let call = |method: &str, uri: String, body: &'static str| {
            let request = axum::http::Request::builder()
                .method(method)
                .uri(uri)
                .body(axum::body::Body::from(body))
                .unwrap();
            let app = app.clone();
            async move {
                use tower::ServiceExt;
                let response = app.oneshot(request).await.unwrap();
                let status = response.status().as_u16();
                let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
                let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
                (status, location, serde_json::from_slice::<Value>(&bytes).unwrap())
            }
        };
        let (status, location, body) = call("POST", "/jobs".into(), "").await;
        assert_eq!((status, body["status"].as_str()), (202, Some("NotStarted")));
        let location = location.unwrap();
        let (status, again, _) = call("GET", location.clone(), "").await;
        assert_eq!((status, again.as_deref()), (202, Some(location.as_str())));
        tokio::time::advance(Duration::from_secs(3)).await;
        let (status, _, body) = call("GET", location.clone(), "").await;
        assert_eq!(
            (status, body["status"].as_str(), body["percentComplete"].as_f64()),
            (202, Some("Running"), Some(50.0))
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        let (status, none, body) = call("GET", location.clone(), "").await;
        assert_eq!((status, none, body["status"].as_str()), (200, None, Some("Succeeded")));
        let (status, _, body) = call("GET", format!("{location}/operation"), "").await;
        assert_eq!((status, body["status"].as_str()), (200, Some("Succeeded")));
        let (_, failed, _) = call("POST", "/jobs".into(), r#"{"fail": true}"#).await;
        tokio::time::advance(Duration::from_secs(5)).await;
        let (status, _, body) = call("GET", format!("{}/operation", failed.unwrap()), "").await;
        assert_eq!((status, body["status"].as_str()), (200, Some("Failed")));
        assert_eq!(call("GET", "/jobs/task-999999".into(), "").await.0, 404);
        let (status, location, body) = call("POST", "/jobs".into(), r#"{"id": "report-7"}"#).await;
        assert_eq!(
            (status, location.as_deref(), body["id"].as_str()),
            (202, Some("/jobs/report-7"), Some("report-7"))
        );
        assert_eq!(call("POST", "/jobs".into(), r#"{"id": "report-7"}"#).await.0, 409);
        assert_eq!(call("POST", "/jobs".into(), r#"{"id": "a/b"}"#).await.0, 400);
        let (status, location, _) = call("POST", "/operations".into(), "").await;
        assert_eq!((status, location.is_some()), (202, true));
    }
}
