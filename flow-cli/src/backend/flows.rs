//! The example flow's HTTP handlers: start → form → (a server-side
//! validation error the first time) → processing (polls the flow's status,
//! which follows the task manager) → done (a receipt to open) → exit.
//!
//! Every request that belongs to a flow names it: POSTs carry `flowId` in
//! their body (the actions' `data`), GETs in the path. Each answer is a
//! [`FlowResponse`] from `flow-dsl`, in the generation the backend speaks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use flow_dsl::prelude::*;
use serde_json::{json, Map, Number, Value};
use tokio::time::Instant;

use super::config::{BackendConfig, Generation};
use super::steps::{self, Completed, Payment, CURRENCIES, MAX_AMOUNT, MIN_AMOUNT};
use super::tasks::{TaskManager, TaskStatus};

/// The name of the task each payment triggers.
pub(crate) const TASK_NAME: &str = "send-payment";

/// What the backend remembers about one flow.
#[derive(Debug, Clone)]
struct FlowRecord {
    started: Instant,
    submissions: u32,
    payment: Option<Payment>,
    task_id: Option<String>,
    completed: Option<Completed>,
}

#[derive(Debug, Default)]
struct FlowStore {
    next: u64,
    records: HashMap<String, FlowRecord>,
}

/// The example backend's shared state (cheap to clone: handlers get a copy).
#[derive(Debug, Clone)]
pub(crate) struct Flows {
    pub(crate) config: BackendConfig,
    pub(crate) tasks: TaskManager,
    store: Arc<Mutex<FlowStore>>,
}

impl Flows {
    pub(crate) fn new(config: BackendConfig) -> Self {
        Flows { config, tasks: TaskManager::new(config.tasks), store: Arc::default() }
    }

    fn generation(&self) -> Generation {
        self.config.generation
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut FlowStore) -> T) -> T {
        f(&mut self.store.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A new flow's id; flows older than the configured TTL are forgotten.
    fn open_flow(&self) -> String {
        let ttl = self.config.flow_ttl;
        self.with_store(|store| {
            store.records.retain(|_, r| r.started.elapsed() < ttl);
            store.next += 1;
            let id = format!("flow-{:06}", store.next);
            let record = FlowRecord {
                started: Instant::now(),
                submissions: 0,
                payment: None,
                task_id: None,
                completed: None,
            };
            store.records.insert(id.clone(), record);
            id
        })
    }

    fn record(&self, id: &str) -> Option<FlowRecord> {
        self.with_store(|store| store.records.get(id).cloned())
    }

    fn update(&self, id: &str, f: impl FnOnce(&mut FlowRecord)) {
        self.with_store(|store| {
            if let Some(record) = store.records.get_mut(id) {
                f(record);
            }
        });
    }

    /// The flow's completed task, asking the task manager when not known yet.
    /// `Err` carries the response to send when it is not complete.
    fn completion(&self, id: &str, record: &FlowRecord) -> Result<Completed, Pending> {
        if let Some(done) = &record.completed {
            return Ok(done.clone());
        }
        let Some(task_id) = &record.task_id else { return Err(Pending::NotSubmitted) };
        match self.tasks.status(task_id) {
            TaskStatus::Gone => Err(Pending::Gone(task_id.clone())),
            TaskStatus::Known(info) => {
                let info = &info["info"];
                if info["status"] != "completed" {
                    return Err(Pending::Running);
                }
                let text = |key: &str| info[key].as_str().unwrap_or_default().to_owned();
                let done = Completed {
                    payment_id: id.replacen("flow-", "pay-", 1),
                    task_id: task_id.clone(),
                    started_at: text("startedAt"),
                    completed_at: text("completedAt"),
                };
                self.update(id, |r| r.completed = Some(done.clone()));
                Ok(done)
            }
        }
    }
}

/// Why a flow's payment is not complete.
enum Pending {
    NotSubmitted,
    Running,
    Gone(String),
}

/// A step in the backend's generation (a build error becomes a 500 Error
/// Response Body: the step functions are tested, so this is a bug report).
fn step_response(generation: Generation, step: Result<Step, BuildError>) -> Response {
    match step {
        Ok(step) => match generation {
            Generation::Current => FlowResponse::step(&step),
            Generation::Legacy => FlowResponse::legacy_step(&step),
        }
        .into_response(),
        Err(e) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("the step could not be built: {e}"),
            None,
        ),
    }
}

/// An Error Response Body: `error`, and `validation` when given.
fn error_response(status: StatusCode, message: &str, validation: Option<Value>) -> Response {
    let body = ErrorResponseBody::build(|e| {
        e.error(message);
        if let Some(validation) = validation {
            e.validation(validation);
        }
    });
    let response = body
        .map_err(|e| e.to_string())
        .and_then(|body| FlowResponse::error_with_status(status, &body).map_err(|e| e.to_string()));
    match response {
        Ok(response) => response.into_response(),
        Err(problem) => (StatusCode::INTERNAL_SERVER_ERROR, problem).into_response(),
    }
}

fn unknown_flow(id: &str) -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        &format!("Unknown flow {id:?}: it may have expired. Start again."),
        None,
    )
}

/// The JSON body of a POST (an empty body reads as `{}`); `Err` is the
/// response to send instead (boxed: a response is large).
fn json_body(body: &Bytes) -> Result<Value, Box<Response>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body).map_err(|e| {
        Box::new(error_response(StatusCode::BAD_REQUEST, &format!("The request body is not JSON: {e}"), None))
    })
}

/// The flow named by a POST body's `flowId`, with its record.
fn flow_of(flows: &Flows, body: &Bytes) -> Result<(String, FlowRecord, Value), Box<Response>> {
    let values = json_body(body)?;
    let Some(id) = values.get("flowId").and_then(Value::as_str).map(str::to_owned) else {
        return Err(Box::new(error_response(
            StatusCode::BAD_REQUEST,
            "The request names no flow (flowId).",
            None,
        )));
    };
    match flows.record(&id) {
        Some(record) => Ok((id, record, values)),
        None => Err(Box::new(unknown_flow(&id))),
    }
}

/// Reads and checks the form values as a server must (never trusting the
/// client's checks); `Err` holds messages shaped like the model.
pub(crate) fn read_payment(values: &Value) -> Result<Payment, Map<String, Value>> {
    let mut problems = Map::new();
    let mut problem = |field: &str, message: String| {
        problems.insert(field.to_owned(), Value::String(message));
    };
    let amount = match values.get("amount") {
        Some(Value::Number(n)) => {
            let a = n.as_f64().unwrap_or(f64::NAN);
            if !(a >= MIN_AMOUNT as f64 && a <= MAX_AMOUNT as f64) {
                problem("amount", format!("Send between {MIN_AMOUNT} and {MAX_AMOUNT}"));
            }
            n.clone()
        }
        _ => {
            problem("amount", "Enter an amount".to_owned());
            Number::from(0)
        }
    };
    let currency = values.get("currency").and_then(Value::as_str).unwrap_or_default().to_owned();
    if !CURRENCIES.iter().any(|(code, _)| *code == currency) {
        let codes: Vec<&str> = CURRENCIES.iter().map(|(code, _)| *code).collect();
        problem("currency", format!("Choose one of {}", codes.join(", ")));
    }
    let express = match values.get("express") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problem("express", "Answer yes or no".to_owned());
            false
        }
    };
    let reference = match values.get("reference") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s))
            if s.chars().count() <= 18
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') =>
        {
            Some(s.clone())
        }
        Some(_) => {
            problem("reference", "Up to 18 letters, digits, spaces or dashes".to_owned());
            None
        }
    };
    if problems.is_empty() {
        Ok(Payment { amount, currency, express, reference })
    } else {
        Err(problems)
    }
}

/// `ANY /payment/start`: a new flow; answers the form.
pub(crate) async fn start(State(flows): State<Flows>) -> Response {
    let id = flows.open_flow();
    tracing::info!(flow = %id, "flow started");
    step_response(flows.generation(), steps::form(flows.generation(), &id))
}

/// `POST /payment/submit` (`{amount, currency, express, reference?, flowId}`):
/// checks the values; the first valid submission of each flow is refused
/// with a validation error (rates "moved"), the next triggers the payment's
/// task and answers the processing step.
pub(crate) async fn submit(State(flows): State<Flows>, body: Bytes) -> Response {
    let (id, record, values) = match flow_of(&flows, &body) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let payment = match read_payment(&values) {
        Ok(payment) => payment,
        Err(problems) => {
            return error_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Some details need another look.",
                Some(Value::Object(problems)),
            )
        }
    };
    let submissions = record.submissions + 1;
    flows.update(&id, |r| r.submissions = submissions);
    if submissions == 1 {
        tracing::info!(flow = %id, "first submission: asking to confirm the amount");
        return error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The exchange rate changed while you were typing.",
            Some(json!({"amount": format!(
                "Rates moved: check {} {} and continue again",
                payment.amount_text(),
                payment.currency
            )})),
        );
    }
    let task_id = match &record.task_id {
        Some(task) => task.clone(),
        None => {
            let info = flows.tasks.run(TASK_NAME);
            let task = info["info"]["taskId"].as_str().unwrap_or_default().to_owned();
            tracing::info!(flow = %id, task = %task, "payment task triggered");
            task
        }
    };
    let stored = payment.clone();
    let task = task_id.clone();
    flows.update(&id, move |r| {
        r.payment = Some(stored);
        r.task_id = Some(task);
    });
    let step = steps::processing(flows.generation(), &id, &payment, &task_id, &flows.config.polling);
    step_response(flows.generation(), step)
}

/// `GET /payment/{flowId}/status`, polled by the processing step: an empty
/// 200 while the task runs (keep polling), the done step when it completed
/// (1.x: an Action Response Body whose action fetches it), 404 once the
/// task's log expired (polling's `onError` runs).
pub(crate) async fn status(State(flows): State<Flows>, Path(id): Path<String>) -> Response {
    let Some(record) = flows.record(&id) else { return unknown_flow(&id) };
    match flows.completion(&id, &record) {
        Ok(completed) => {
            let Some(payment) = &record.payment else { return unknown_flow(&id) };
            match flows.generation() {
                Generation::Current => step_response(
                    Generation::Current,
                    steps::done(Generation::Current, &id, payment, &completed),
                ),
                Generation::Legacy => match Action::build(|a| {
                    a.url("/payment/continue").data(json!({"flowId": id}));
                }) {
                    Ok(action) => FlowResponse::legacy_action(&action).into_response(),
                    Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
                },
            }
        }
        Err(Pending::Running) => FlowResponse::legacy_no_op().into_response(),
        Err(Pending::NotSubmitted) => {
            error_response(StatusCode::CONFLICT, "Nothing was submitted in this flow yet.", None)
        }
        Err(Pending::Gone(task)) => error_response(
            StatusCode::NOT_FOUND,
            &format!("Task {task} is unknown or its log expired."),
            None,
        ),
    }
}

/// `POST /payment/continue` (`{flowId}`): the done step (what a 1.x finished
/// poll's action fetches).
pub(crate) async fn continue_flow(State(flows): State<Flows>, body: Bytes) -> Response {
    let (id, record, _) = match flow_of(&flows, &body) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    match (flows.completion(&id, &record), &record.payment) {
        (Ok(completed), Some(payment)) => {
            step_response(flows.generation(), steps::done(flows.generation(), &id, payment, &completed))
        }
        _ => error_response(StatusCode::CONFLICT, "The payment has not completed yet.", None),
    }
}

/// `POST /payment/finish` (`{flowId}`), the exiting action of the done step:
/// answers the flow's result (the client merges the action's `result` over it).
pub(crate) async fn finish(State(flows): State<Flows>, body: Bytes) -> Response {
    let (id, record, _) = match flow_of(&flows, &body) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let (Some(completed), Some(payment)) = (&record.completed, &record.payment) else {
        return error_response(StatusCode::CONFLICT, "The payment has not completed yet.", None);
    };
    let result = steps::result(&id, payment, completed);
    tracing::info!(flow = %id, "flow finished");
    match flows.generation() {
        Generation::Current => FlowResponse::exit(result).into_response(),
        // 1.x clients end the flow through the exiting action itself and
        // read this body as its result: plain JSON, no header.
        Generation::Legacy => Json(result).into_response(),
    }
}

/// `POST /payment/late` (`{flowId}`), polling's `onError`: the "taking
/// longer" step.
pub(crate) async fn late(State(flows): State<Flows>, body: Bytes) -> Response {
    let (id, record, _) = match flow_of(&flows, &body) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    step_response(flows.generation(), steps::late(flows.generation(), &id, record.task_id.as_deref()))
}

/// `GET /receipts/{flowId}`: the receipt page the done step opens.
pub(crate) async fn receipt(State(flows): State<Flows>, Path(id): Path<String>) -> Response {
    match flows.record(&id) {
        Some(FlowRecord { payment: Some(payment), completed: Some(done), .. }) => Html(format!(
            "<!doctype html><title>Receipt {pid}</title><h1>Receipt {pid}</h1>\
             <p>{amount} {currency} sent ({delivery}), completed at {at}.</p>",
            pid = done.payment_id,
            amount = payment.amount_text(),
            currency = payment.currency,
            delivery = if payment.express { "express" } else { "standard" },
            at = done.completed_at,
        ))
        .into_response(),
        _ => (StatusCode::NOT_FOUND, "no receipt for this flow (yet)").into_response(),
    }
}

/// `GET /`: what this server offers.
pub(crate) async fn index(State(flows): State<Flows>) -> Response {
    let generation = match flows.generation() {
        Generation::Current => "current",
        Generation::Legacy => "1.x (legacy)",
    };
    let text = format!(
        "dflow example backend ({generation} protocol)\n\n\
         POST /payment/start            start the payment flow (dflow run http://HOST/payment/start)\n\
         POST /payment/submit           submit the form (flowId in the body)\n\
         GET  /payment/{{flowId}}/status  polled by the processing step\n\
         POST /payment/finish           the exiting action\n\
         GET  /receipts/{{flowId}}        the receipt (the done step's external URL)\n\
         POST /tasks/{{name}}/run         trigger a task\n\
         GET  /tasks/{{taskId}}/status    a task's status\n\
         POST /jobs                     start a job (202, Location: /jobs/{{id}})\n\
         POST /operations               start a job the Azure way (202, Operation-Location)\n\
         GET  /jobs/{{id}}                202 + Location while it runs, then 200\n\
         GET  /jobs/{{id}}/operation      the job's status (200: NotStarted, Running, Succeeded, Failed)\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
