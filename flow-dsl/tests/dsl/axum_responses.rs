//! The `axum` feature: `FlowResponse` is an `IntoResponse`, checked both as a
//! value and through a real server on 127.0.0.1.

use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use flow_dsl::prelude::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn into_response_keeps_status_headers_and_body() {
    let step = Step::build(|s| {
        s.id("ax").title("Axum");
    })
    .unwrap();
    let response = FlowResponse::step(&step).with_etag("v7").unwrap().into_response();
    assert_eq!(response.status(), http::StatusCode::OK);
    assert_eq!(response.headers()["x-df-response-type"], "step");
    assert_eq!(response.headers()["etag"], "\"v7\"");
    let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    let back: Step = flow_model::parse_slice(&body).unwrap();
    assert_eq!(back, step);
}

#[tokio::test]
async fn handlers_return_flow_responses_over_http() {
    async fn exit() -> FlowResponse {
        FlowResponse::exit(json!({"paid": true}))
    }
    async fn invalid() -> FlowResponse {
        let body = ErrorResponseBody::build(|e| {
            e.field_error(["amount"], "Too much");
        })
        .unwrap();
        FlowResponse::error(&body)
    }
    let app = Router::new().route("/exit", get(exit)).route("/invalid", get(invalid));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let exit = request(address, "/exit").await;
    assert!(exit.starts_with("HTTP/1.1 200 OK\r\n"), "{exit}");
    assert!(exit.to_ascii_lowercase().contains("\r\nx-df-response-type: exit\r\n"), "{exit}");
    assert!(exit.ends_with("\r\n\r\n{\"paid\":true}"), "{exit}");

    let invalid = request(address, "/invalid").await;
    assert!(invalid.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{invalid}");
    assert!(!invalid.to_ascii_lowercase().contains("x-df-response-type"), "{invalid}");
    assert!(invalid.ends_with("{\"validation\":{\"amount\":\"Too much\"}}"), "{invalid}");
    server.abort();
}

/// A bare HTTP/1.1 GET over a socket, read to the end (`Connection: close`).
async fn request(address: std::net::SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}
