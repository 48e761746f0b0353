//! Interpreter benches (criterion; not run by `cargo test`).
//!
//! `cargo bench -p flow-runtime --bench flow`
//!
//! * `respond/classify_step`: the §5 table on a typical step response
//!   (parsing included).
//! * `values/validate_form_cold` / `values/validate_form`: client-side
//!   validation of a five-field form, compiling its pattern each time / with a
//!   [`Validator`](flow_runtime::flow::values::Validator) built once (what
//!   repeated submits of one step cost).
//! * `interpreter/action_round_trip`: one user action through the whole
//!   engine — command, validation, request building, an in-memory transport,
//!   classification, history, events, snapshot, reply — on a current-thread
//!   runtime (what the engine adds on top of the network). Every answer is a
//!   new step (same schemas: compiled patterns are reused from step to step). Every answer is a
//!   new step, so its schemas are compiled for validation each time.

// Bench code: a failed unwrap is a broken bench.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use http::{HeaderMap, StatusCode};
use serde_json::{json, Value};

use flow_runtime::flow::respond::{classify_response, Trigger};
use flow_runtime::flow::values::{validate, Validator};
use flow_runtime::host::FlowBuilder;
use flow_runtime::transport::{HttpRequest, HttpResponse, Transport, TransportError};

fn form_step() -> Value {
    json!({
        "id": "details", "title": "Your details",
        "schemas": [{"$id": "details", "type": "object", "required": ["name", "email", "amount"],
            "properties": {
                "name": {"type": "string", "minLength": 2, "maxLength": 60},
                "email": {"type": "string", "pattern": "^[^@]+@[^@]+$"},
                "amount": {"type": "number", "minimum": 1, "maximum": 10000},
                "currency": {"oneOf": [{"const": "GBP"}, {"const": "EUR"}, {"const": "USD"}]},
                "note": {"type": "string", "maxLength": 140}
            }}],
        "layout": [
            {"type": "heading", "text": "Your details"},
            {"type": "form", "schemaId": "details"},
            {"type": "button", "title": "Continue", "behavior": {"type": "action",
                "action": {"id": "continue", "url": "/next"}}}
        ],
        "navigation": {"stackBehavior": "replace-current"}
    })
}

fn values() -> Value {
    json!({"name": "Ada Lovelace", "email": "ada@example.com", "amount": 120, "currency": "GBP", "note": "rent"})
}

/// Answers every request with the same step, at once.
#[derive(Debug)]
struct SameStep(Bytes);

#[async_trait]
impl Transport for SameStep {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(StatusCode::OK, self.0.clone()))
    }
}

fn benches(c: &mut Criterion) {
    let body = Bytes::from(form_step().to_string());
    let headers = HeaderMap::new();
    c.bench_function("respond/classify_step", |b| {
        b.iter(|| classify_response(Trigger::moving(), 200, &headers, std::hint::black_box(&body)));
    });

    let schemas: Vec<flow_model::Schema> = serde_json::from_value(form_step()["schemas"].clone()).unwrap();
    let input = values();
    c.bench_function("values/validate_form_cold", |b| {
        b.iter(|| validate(&schemas, std::hint::black_box(&input)));
    });
    let validator = Validator::new(&schemas);
    c.bench_function("values/validate_form", |b| {
        b.iter(|| validator.validate(std::hint::black_box(&input)));
    });

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (flow, mut events) = runtime.block_on(async {
        let step = serde_json::from_value(form_step()).unwrap();
        FlowBuilder::from_step(step)
            .base_url(url::Url::parse("https://flow.example/").unwrap())
            .transport(Arc::new(SameStep(body.clone())))
            .start()
            .unwrap()
    });
    c.bench_function("interpreter/action_round_trip", |b| {
        b.iter(|| {
            runtime.block_on(flow.trigger_id("continue", values())).unwrap();
            while events.try_recv().is_some() {}
        });
    });
    assert_eq!(runtime.block_on(flow.idle()).history.len(), 1);
}

criterion_group!(flow_benches, benches);
criterion_main!(flow_benches);
