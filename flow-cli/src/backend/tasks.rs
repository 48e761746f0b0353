//! A task manager in the style of scheduled-task APIs: `POST
//! /tasks/{name}/run` triggers a task and answers its info with
//! `status: "pending"`; `GET /tasks/{taskId}/status` answers `pending`, then
//! `running`, then `completed` with `startedAt` / `completedAt`. Task logs are
//! kept for a configurable retention after completion; after that the status
//! is gone (404).
//!
//! Time goes through `tokio::time::Instant`, so tests run it in virtual time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::time::Instant;

/// How tasks behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskTiming {
    /// From trigger to start.
    pub(crate) queue: Duration,
    /// From start to completion.
    pub(crate) work: Duration,
    /// How long a completed task's log is kept.
    pub(crate) retention: Duration,
}

impl Default for TaskTiming {
    fn default() -> Self {
        TaskTiming {
            queue: Duration::from_millis(500),
            work: Duration::from_millis(2500),
            retention: Duration::from_secs(600),
        }
    }
}

#[derive(Debug, Clone)]
struct Task {
    id: String,
    name: String,
    triggered: Instant,
    triggered_wall: SystemTime,
}

/// The task manager's state, shared by handlers.
#[derive(Debug, Clone)]
pub(crate) struct TaskManager {
    timing: TaskTiming,
    next_id: Arc<AtomicU64>,
    tasks: Arc<Mutex<HashMap<String, Task>>>,
}

/// Where a known task is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Phase {
    /// Triggered, not started.
    Pending,
    /// Started; percent of its work done (0–100).
    Running(f64),
    /// Done.
    Completed,
}

/// A task's status as the API reports it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TaskStatus {
    /// Known; the info object.
    Known(Value),
    /// Unknown id, or its log expired.
    Gone,
}

fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

impl TaskManager {
    pub(crate) fn new(timing: TaskTiming) -> Self {
        TaskManager { timing, next_id: Arc::new(AtomicU64::new(1)), tasks: Arc::default() }
    }

    /// Triggers a task; returns its info (`status: "pending"`).
    pub(crate) fn run(&self, name: &str) -> Value {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        // A generated id is never taken (client-chosen ids do not look like these).
        self.run_as(name, &format!("task-{n:06}")).unwrap_or_default()
    }

    /// Triggers a task under a caller-chosen id; `None` when the id is taken.
    pub(crate) fn run_as(&self, name: &str, id: &str) -> Option<Value> {
        let task = Task {
            id: id.to_owned(),
            name: name.to_owned(),
            triggered: Instant::now(),
            triggered_wall: SystemTime::now(),
        };
        let info = json!({"info": {
            "taskId": task.id, "scheduledTaskName": task.name,
            "triggeredAt": rfc3339(task.triggered_wall), "status": "pending"
        }});
        let mut tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        if tasks.contains_key(id) {
            return None;
        }
        tasks.insert(task.id.clone(), task);
        Some(info)
    }

    /// Where task `id` is now (`None`: unknown, or its log expired).
    pub(crate) fn phase(&self, id: &str) -> Option<Phase> {
        let tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        let task = tasks.get(id)?;
        let elapsed = Instant::now().saturating_duration_since(task.triggered);
        let t = self.timing;
        if elapsed >= t.queue + t.work + t.retention {
            None
        } else if elapsed >= t.queue + t.work {
            Some(Phase::Completed)
        } else if elapsed >= t.queue {
            let done = (elapsed - t.queue).as_secs_f64() / t.work.as_secs_f64().max(f64::EPSILON);
            Some(Phase::Running((done * 100.0).clamp(0.0, 100.0)))
        } else {
            Some(Phase::Pending)
        }
    }

    /// The status of a task now.
    pub(crate) fn status(&self, id: &str) -> TaskStatus {
        let Some(phase) = self.phase(id) else { return TaskStatus::Gone };
        let tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(task) = tasks.get(id) else { return TaskStatus::Gone };
        let t = self.timing;
        let started = !matches!(phase, Phase::Pending);
        let completed = phase == Phase::Completed;
        let mut info = json!({
            "taskId": task.id, "scheduledTaskName": task.name,
            "triggeredAt": rfc3339(task.triggered_wall),
            "status": match phase { Phase::Completed => "completed", Phase::Running(_) => "running", Phase::Pending => "pending" },
        });
        if started {
            info["startedAt"] = json!(rfc3339(task.triggered_wall + t.queue));
        }
        if completed {
            info["completedAt"] = json!(rfc3339(task.triggered_wall + t.queue + t.work));
        }
        TaskStatus::Known(json!({ "info": info }))
    }

    /// The HTTP API: `POST /tasks/{name}/run`, `GET /tasks/{taskId}/status`.
    pub(crate) fn router(&self) -> Router {
        Router::new()
            .route("/tasks/{name}/run", post(run_task))
            .route("/tasks/{id}/status", get(task_status))
            .with_state(self.clone())
    }
}

async fn run_task(State(tasks): State<TaskManager>, Path(name): Path<String>) -> Response {
    (StatusCode::ACCEPTED, Json(tasks.run(&name))).into_response()
}

async fn task_status(State(tasks): State<TaskManager>, Path(id): Path<String>) -> Response {
    match tasks.status(&id) {
        TaskStatus::Known(info) => Json(info).into_response(),
        TaskStatus::Gone => {
            (StatusCode::NOT_FOUND, Json(json!({"error": format!("task {id} not found or its log expired")})))
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_task_goes_pending_running_completed_then_its_log_expires() {
        let timing = TaskTiming {
            queue: Duration::from_secs(1),
            work: Duration::from_secs(2),
            retention: Duration::from_secs(10),
        };
        let tasks = TaskManager::new(timing);
        let info = tasks.run("billOnDemand");
        let id = info["info"]["taskId"].as_str().unwrap().to_owned();
        assert_eq!(info["info"]["status"], "pending");
        assert_eq!(info["info"]["scheduledTaskName"], "billOnDemand");
        let status = |t: &TaskManager| match t.status(&id) {
            TaskStatus::Known(v) => v["info"]["status"].as_str().unwrap().to_owned(),
            TaskStatus::Gone => "gone".to_owned(),
        };
        assert_eq!(status(&tasks), "pending");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(status(&tasks), "running");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(status(&tasks), "completed");
        if let TaskStatus::Known(v) = tasks.status(&id) {
            assert!(v["info"]["startedAt"].is_string() && v["info"]["completedAt"].is_string());
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        assert_eq!(status(&tasks), "gone");
        assert_eq!(tasks.status("task-999999"), TaskStatus::Gone);
    }
}
