//! A scripted HTTP server for the end-to-end tests (axum on 127.0.0.1):
//! replies queued per `METHOD /path`, every request recorded, and a
//! `MakeWriter` that captures what a tracing subscriber prints.

// Test code: a failed unwrap is a failed test. Each test binary uses a part.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, Response};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use flow_runtime::host::{FlowEvent, FlowEvents};

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Value,
    pub delay: Duration,
}

pub fn reply(status: u16, body: Value) -> Reply {
    Reply { status, headers: Vec::new(), body, delay: Duration::ZERO }
}

#[derive(Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Option<Value>,
}

#[derive(Default, Debug)]
pub struct Server {
    pub routes: Mutex<HashMap<String, VecDeque<Reply>>>,
    pub seen: Mutex<Vec<Seen>>,
    pub arrived: Notify,
}

impl Server {
    pub fn route(&self, key: &str, replies: impl IntoIterator<Item = Reply>) {
        self.routes.lock().unwrap().entry(key.to_owned()).or_default().extend(replies);
    }

    pub fn seen(&self) -> Vec<(String, String, Option<Value>)> {
        self.seen.lock().unwrap().iter().map(|s| (s.method.clone(), s.path.clone(), s.body.clone())).collect()
    }
}

pub async fn handle(State(server): State<Arc<Server>>, request: Request<Body>) -> Response<Body> {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let bytes = axum::body::to_bytes(request.into_body(), 1 << 20).await.unwrap_or_default();
    let body = (!bytes.is_empty()).then(|| serde_json::from_slice(&bytes).unwrap());
    let key = format!("{method} {path}");
    server.seen.lock().unwrap().push(Seen { method, path, headers, body });
    let next = server.routes.lock().unwrap().get_mut(&key).and_then(VecDeque::pop_front);
    server.arrived.notify_one();
    let Some(reply) = next else {
        return Response::builder().status(599).body(Body::from("unexpected request")).unwrap();
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = Response::builder().status(reply.status).header("content-type", "application/json");
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    let body = if reply.body.is_null() { String::new() } else { reply.body.to_string() };
    response.body(Body::from(body)).unwrap()
}

pub async fn serve(server: Arc<Server>) -> String {
    let app = axum::Router::new().fallback(handle).with_state(server);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

pub async fn until_end(events: &mut FlowEvents) -> Vec<FlowEvent> {
    let mut all = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(10), events.recv()).await.unwrap() {
        all.push(event);
    }
    all
}

#[derive(Clone, Default)]
pub struct Capture(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

impl Capture {
    /// A subscriber that prints every level, spans included, into this capture.
    pub fn trace_subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        tracing_subscriber::fmt()
            .with_writer(self.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .finish()
    }
}
