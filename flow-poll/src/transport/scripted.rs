//! [`ScriptedTransport`]: a [`Transport`] that answers from a script, in
//! virtual time, and records every request. Used by tests and by the
//! conformance runner (its semantics follow the scenario format: routes
//! `"METHOD /path"`, replies served in order, scripted latency and
//! transport errors, only the base origin reachable).

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};
use tokio::time::Instant;
use url::{Origin, Url};

use super::{HttpRequest, HttpResponse, Transport, TransportError};

/// A transport-level failure a reply can script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScriptedFailure {
    /// The connection cannot be made.
    Connect,
    /// The connection is reset before a response.
    Reset,
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ScriptedReply {
    /// The status (default 200).
    pub status: u16,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes (empty by default).
    pub body: Bytes,
    /// Virtual time the server takes before answering.
    pub latency: Duration,
    /// A transport failure instead of a response.
    pub failure: Option<ScriptedFailure>,
}

impl Default for ScriptedReply {
    fn default() -> Self {
        ScriptedReply {
            status: 200,
            headers: Vec::new(),
            body: Bytes::new(),
            latency: Duration::ZERO,
            failure: None,
        }
    }
}

impl ScriptedReply {
    /// A reply with this status and no body.
    pub fn status(status: u16) -> Self {
        ScriptedReply { status, ..Self::default() }
    }

    /// A 200 reply with a JSON body.
    pub fn json(body: &serde_json::Value) -> Self {
        ScriptedReply { body: Bytes::from(body.to_string()), ..Self::default() }
    }

    /// A transport failure.
    pub fn failure(failure: ScriptedFailure) -> Self {
        ScriptedReply { failure: Some(failure), ..Self::default() }
    }

    /// Sets the status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets a raw body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the latency.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }
}

/// A request the transport saw.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method (`GET`, `POST`, …).
    pub method: String,
    /// The path, with `?query` when it had one.
    pub path: String,
    /// The full URL.
    pub url: Url,
    /// The headers sent.
    pub headers: HeaderMap,
    /// The body sent, if any.
    pub body: Option<Bytes>,
    /// Virtual time since the transport was created.
    pub at: Duration,
    /// Whether the script had no reply for it.
    pub unexpected: bool,
}

impl RecordedRequest {
    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        self.body.as_ref().and_then(|b| serde_json::from_slice(b).ok())
    }
}

#[derive(Debug, Default)]
struct Script {
    routes: HashMap<String, VecDeque<ScriptedReply>>,
    log: Vec<RecordedRequest>,
}

/// A scripted, recording transport (see the module docs).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use flow_poll::transport::{HttpRequest, Transport};
/// use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
///
/// let base = url::Url::parse("https://flow.example/").unwrap();
/// let transport = ScriptedTransport::new(&base);
/// transport.route("GET /status", [ScriptedReply::status(204)]);
/// let request = HttpRequest::new(http::Method::GET, base.join("/status").unwrap());
/// let response = transport.send(request.clone()).await.unwrap();
/// assert_eq!(response.status.as_u16(), 204);
/// assert!(transport.send(request).await.is_err()); // no reply left
/// assert_eq!(transport.requests().len(), 2);
/// assert!(transport.requests()[1].unexpected);
/// # }
/// ```
#[derive(Debug)]
pub struct ScriptedTransport {
    origin: Origin,
    start: Instant,
    script: Mutex<Script>,
}

impl ScriptedTransport {
    /// A transport that serves the origin of `base`, starting its clock now.
    pub fn new(base: &Url) -> Self {
        ScriptedTransport { origin: base.origin(), start: Instant::now(), script: Mutex::default() }
    }

    fn script(&self) -> MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Appends replies to a route `"METHOD /path"` (or `"METHOD /path?query"`
    /// to match the query too).
    pub fn route(&self, key: &str, replies: impl IntoIterator<Item = ScriptedReply>) {
        let key = normalise_key(key);
        self.script().routes.entry(key).or_default().extend(replies);
    }

    /// Every request seen so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.script().log.clone()
    }

    /// How many requests were seen so far.
    pub fn request_count(&self) -> usize {
        self.script().log.len()
    }

    /// Replies not served yet, by route.
    pub fn unused_replies(&self) -> Vec<(String, usize)> {
        let mut unused: Vec<(String, usize)> = self
            .script()
            .routes
            .iter()
            .filter(|(_, q)| !q.is_empty())
            .map(|(k, q)| (k.clone(), q.len()))
            .collect();
        unused.sort();
        unused
    }

    fn take_reply(&self, request: &HttpRequest, path_and_query: &str) -> Option<ScriptedReply> {
        let method = request.method.as_str().to_ascii_uppercase();
        let mut script = self.script();
        let with_query = format!("{method} {path_and_query}");
        let without_query = format!("{method} {}", request.url.path());
        for key in [with_query, without_query] {
            if let Some(reply) = script.routes.get_mut(&key).and_then(VecDeque::pop_front) {
                return Some(reply);
            }
        }
        None
    }
}

fn normalise_key(key: &str) -> String {
    let mut parts = key.trim().splitn(2, char::is_whitespace);
    let method = parts.next().unwrap_or("").to_ascii_uppercase();
    let path = parts.next().unwrap_or("").trim();
    format!("{method} {path}")
}

#[async_trait]
impl Transport for ScriptedTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let at = Instant::now().saturating_duration_since(self.start);
        let path_and_query = match request.url.query() {
            Some(q) => format!("{}?{q}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let same_origin = request.url.origin() == self.origin;
        let reply = if same_origin { self.take_reply(&request, &path_and_query) } else { None };
        let url = crate::redact::redact_url(&request.url);
        self.script().log.push(RecordedRequest {
            method: request.method.as_str().to_owned(),
            path: path_and_query,
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: request.body.clone(),
            at,
            unexpected: same_origin && reply.is_none(),
        });
        let Some(reply) = reply else {
            let message =
                if same_origin { "no scripted reply for this request" } else { "origin not reachable" };
            return Err(TransportError::Connect { url, message: message.to_owned() });
        };
        if let Some(timeout) = request.timeout {
            if reply.latency > timeout {
                tokio::time::sleep(timeout).await;
                return Err(TransportError::Timeout { url, after: timeout });
            }
        }
        tokio::time::sleep(reply.latency).await;
        match reply.failure {
            Some(ScriptedFailure::Connect) => {
                return Err(TransportError::Connect {
                    url,
                    message: "connection refused (scripted)".to_owned(),
                })
            }
            Some(ScriptedFailure::Reset) => {
                return Err(TransportError::Io { url, message: "connection reset (scripted)".to_owned() })
            }
            None => {}
        }
        let status = StatusCode::from_u16(reply.status).map_err(|_| TransportError::Io {
            url: url.clone(),
            message: format!("invalid status {}", reply.status),
        })?;
        let mut headers = HeaderMap::new();
        for (name, value) in &reply.headers {
            let name = HeaderName::from_bytes(name.as_bytes());
            let value = HeaderValue::from_str(value);
            if let (Ok(name), Ok(value)) = (name, value) {
                headers.append(name, value);
            }
        }
        Ok(HttpResponse { status, headers, body: reply.body })
    }
}
