//! The example backend: a realistic payment flow written with `flow-dsl`,
//! served by axum, plus a task manager the flow polls through.
//!
//! ```text
//! POST /payment/start  → form (amount ≥ 1, currency oneOf, express boolean, reference)
//! POST /payment/submit → 422 Error Response Body the first time per flow (validation on `amount`),
//!                        then triggers a task and answers the processing step
//! GET  /payment/{id}/status (polled) → empty 200 while the task runs;
//!                        done: the done step (1.x: an Action Response Body → POST /payment/continue)
//!                        task log expired: 404 → polling's onError → POST /payment/late
//! done step: external /receipts/{id}, "View receipt" (link), "Done" → POST /payment/finish (exit)
//! ```
//!
//! Beside the flow, for `dflow poll`: the task manager ([`tasks`]: `POST
//! /tasks/{name}/run` → `taskId`, `GET /tasks/{taskId}/status`) and a job
//! API in the OData/Azure style ([`jobs`]: `POST /jobs` → `202` +
//! `Location` / `Operation-Location`, `GET /jobs/{id}` → `202` until done).
//!
//! [`ExampleBackend::router`] is the whole app; [`serve`] runs it on a
//! listener (`dflow serve-example`, `dflow demo`).

pub(crate) mod config;
pub(crate) mod flows;
pub(crate) mod jobs;
#[cfg(test)]
pub(crate) mod local;
pub(crate) mod steps;
pub(crate) mod tasks;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;

use axum::routing::{any, get, post};
use axum::Router;
use tokio::net::TcpListener;

pub(crate) use config::{BackendConfig, Generation};
use flows::Flows;

/// The path of the flow's initial request.
pub(crate) const START_PATH: &str = "/payment/start";

/// The example backend.
#[derive(Debug, Clone)]
pub(crate) struct ExampleBackend {
    flows: Flows,
}

impl ExampleBackend {
    pub(crate) fn new(config: BackendConfig) -> Self {
        ExampleBackend { flows: Flows::new(config) }
    }

    /// The whole app: the flow's routes and the task manager's.
    pub(crate) fn router(&self) -> Router {
        let flow = Router::new()
            .route("/", get(flows::index))
            .route(START_PATH, any(flows::start))
            .route("/payment/submit", post(flows::submit))
            .route("/payment/{id}/status", get(flows::status))
            .route("/payment/continue", post(flows::continue_flow))
            .route("/payment/finish", post(flows::finish))
            .route("/payment/late", post(flows::late))
            .route("/receipts/{id}", get(flows::receipt))
            .with_state(self.flows.clone());
        let jobs = jobs::JobApi::new(self.flows.tasks.clone());
        flow.merge(self.flows.tasks.router()).merge(jobs.router())
    }
}

/// The URL of the flow's initial request on a server bound to `addr`.
pub(crate) fn start_url(addr: SocketAddr) -> String {
    format!("http://{addr}{START_PATH}")
}

/// Binds `addr` (port 0: a free port).
pub(crate) async fn bind(addr: SocketAddr) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

/// Serves the backend on `listener` until `shutdown` resolves.
pub(crate) async fn serve(
    backend: &ExampleBackend,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, backend.router()).with_graceful_shutdown(shutdown).await
}
