//! The example backend over HTTP, in-process, in virtual time: each route's
//! answer in both generations, the first-submission validation error, the
//! task's life seen through the status endpoint, and expiry.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;

use super::steps::PollSettings;
use super::*;

struct Answer {
    status: StatusCode,
    response_type: Option<String>,
    body: Value,
    text: String,
}

async fn call(app: &ExampleBackend, method: &str, path: &str, body: Option<Value>) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let response = app.router().oneshot(request).await.unwrap();
    let status = response.status();
    let response_type = response.headers().get("x-df-response-type").map(|v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, response_type, body, text }
}

fn config(generation: Generation) -> BackendConfig {
    let mut config = BackendConfig::default().with_task_time(Duration::from_secs(3), Duration::from_secs(60));
    config.generation = generation;
    config.polling = PollSettings { delay_secs: 1, timeout_secs: 5, max_attempts: 10 };
    config
}

fn form_values(flow: &str) -> Value {
    json!({"amount": 40, "currency": "GBP", "express": true, "flowId": flow})
}

#[tokio::test(start_paused = true)]
async fn current_flow_from_start_to_exit() {
    let app = ExampleBackend::new(config(Generation::Current));
    let start = call(&app, "POST", START_PATH, None).await;
    assert_eq!(start.status, StatusCode::OK);
    assert_eq!(start.response_type.as_deref(), Some("step"));
    assert_eq!(start.body["id"], "payment-details");
    let flow = start.body["layout"][2]["behavior"]["action"]["data"]["flowId"].as_str().unwrap().to_owned();

    // The first valid submission is refused with a field message…
    let first = call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    assert_eq!(first.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(first.response_type, None);
    assert_eq!(first.body["validation"]["amount"], "Rates moved: check 40 GBP and continue again");
    // …the second starts the task and answers the processing step.
    let second = call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.response_type.as_deref(), Some("step"));
    assert_eq!(second.body["id"], "processing");
    let polling = &second.body["polling"];
    assert_eq!(polling["url"], format!("/payment/{flow}/status"));
    assert_eq!(polling["delay"], 1);
    assert_eq!(polling["maxAttempts"], 10);

    // Pending: an empty 200 without a header (keep polling).
    let status = call(&app, "GET", &format!("/payment/{flow}/status"), None).await;
    assert_eq!(
        (status.status, status.response_type.as_deref(), status.text.as_str()),
        (StatusCode::OK, None, "")
    );
    tokio::time::advance(Duration::from_secs(3)).await;
    // Done: the done step with its external receipt.
    let done = call(&app, "GET", &format!("/payment/{flow}/status"), None).await;
    assert_eq!(done.response_type.as_deref(), Some("step"));
    assert_eq!(done.body["id"], "done");
    assert_eq!(done.body["external"]["url"], format!("/receipts/{flow}"));
    let receipt = call(&app, "GET", &format!("/receipts/{flow}"), None).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.text.contains("40 GBP sent (express)"), "{}", receipt.text);

    let finish = call(&app, "POST", "/payment/finish", Some(json!({"flowId": flow}))).await;
    assert_eq!(finish.response_type.as_deref(), Some("exit"));
    assert_eq!(finish.body["status"], "completed");
    assert_eq!(finish.body["amount"], 40);
    assert_eq!(finish.body["fee"], 2.5);
    assert_eq!(finish.body["paymentId"], flow.replace("flow-", "pay-"));
}

#[tokio::test(start_paused = true)]
async fn legacy_flow_answers_without_the_header() {
    let app = ExampleBackend::new(config(Generation::Legacy));
    let start = call(&app, "POST", START_PATH, None).await;
    assert_eq!((start.status, start.response_type.as_deref()), (StatusCode::OK, None));
    assert_eq!(start.body["layout"][1]["schema"], json!({"$ref": "payment"}));
    let flow = start.body["layout"][2]["action"]["data"]["flowId"].as_str().unwrap().to_owned();
    call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    let processing = call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    assert_eq!(processing.response_type, None);
    assert_eq!(processing.body["polling"]["interval"], 1);
    assert!(processing.body["polling"]["onError"]["action"].is_object());
    tokio::time::advance(Duration::from_secs(3)).await;
    let done = call(&app, "GET", &format!("/payment/{flow}/status"), None).await;
    assert_eq!(done.response_type, None);
    assert_eq!(done.body, json!({"action": {"url": "/payment/continue", "data": {"flowId": flow}}}));
    let step = call(&app, "POST", "/payment/continue", Some(json!({"flowId": flow}))).await;
    assert_eq!((step.response_type.as_deref(), step.body["id"].as_str()), (None, Some("done")));
    assert_eq!(step.body["layout"].as_array().unwrap().last().unwrap()["action"]["exit"], true);
    let finish = call(&app, "POST", "/payment/finish", Some(json!({"flowId": flow}))).await;
    assert_eq!((finish.status, finish.response_type.as_deref()), (StatusCode::OK, None));
    assert_eq!(finish.body["currency"], "GBP");
}

#[tokio::test(start_paused = true)]
async fn bad_values_and_unknown_flows_are_error_bodies() {
    let app = ExampleBackend::new(config(Generation::Current));
    let start = call(&app, "POST", START_PATH, None).await;
    let flow = start.body["layout"][2]["behavior"]["action"]["data"]["flowId"].as_str().unwrap().to_owned();
    let bad = call(
        &app,
        "POST",
        "/payment/submit",
        Some(json!({"amount": 0, "currency": "XYZ", "express": "maybe", "reference": "a/b", "flowId": flow})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&String> = bad.body["validation"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["amount", "currency", "express", "reference"]);
    // Invalid values do not use up the "first submission".
    let first = call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    assert!(first.body["validation"]["amount"].as_str().unwrap().starts_with("Rates moved"));

    let unknown = call(&app, "POST", "/payment/submit", Some(form_values("flow-999"))).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body["error"].as_str().unwrap().contains("flow-999"));
    let anonymous = call(&app, "POST", "/payment/submit", Some(json!({"amount": 5}))).await;
    assert_eq!(anonymous.status, StatusCode::BAD_REQUEST);
    assert!(anonymous.body["error"].as_str().unwrap().contains("flowId"));
    let status = call(&app, "GET", &format!("/payment/{flow}/status"), None).await;
    assert_eq!(status.status, StatusCode::CONFLICT);
    let index = call(&app, "GET", "/", None).await;
    assert!(index.text.contains("/payment/start"), "{}", index.text);
}

#[tokio::test(start_paused = true)]
async fn an_expired_task_log_makes_the_status_404() {
    let app = ExampleBackend::new(
        BackendConfig::default().with_task_time(Duration::from_secs(2), Duration::from_secs(5)),
    );
    let start = call(&app, "POST", START_PATH, None).await;
    let flow = start.body["layout"][2]["behavior"]["action"]["data"]["flowId"].as_str().unwrap().to_owned();
    call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    call(&app, "POST", "/payment/submit", Some(form_values(&flow))).await;
    tokio::time::advance(Duration::from_secs(8)).await;
    let gone = call(&app, "GET", &format!("/payment/{flow}/status"), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.body["error"].as_str().unwrap().contains("expired"));
    let late = call(&app, "POST", "/payment/late", Some(json!({"flowId": flow}))).await;
    assert_eq!(late.body["id"], "late");
    // The task manager's own API says the same.
    let task = call(&app, "GET", "/tasks/task-000001/status", None).await;
    assert_eq!(task.status, StatusCode::NOT_FOUND);
    let run = call(&app, "POST", "/tasks/nightly/run", None).await;
    assert_eq!(run.status, StatusCode::ACCEPTED);
    assert_eq!(run.body["info"]["status"], "pending");
    assert_eq!(run.body["info"]["scheduledTaskName"], "nightly");
}
