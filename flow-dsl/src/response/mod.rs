//! Server-side helpers: [`FlowResponse`] shapes the HTTP response that moves
//! a flow on (spec §5): the status, the `X-DF-Response-Type` header and the
//! JSON body, as plain [`http`] parts that axum, hyper, actix or any other
//! framework can send (with the `axum` feature, `FlowResponse` is also an
//! `IntoResponse`).
//!
//! | constructor | status | `X-DF-Response-Type` | body |
//! |---|---|---|---|
//! | [`step`](FlowResponse::step) | 200 | `step` | the Step |
//! | [`action`](FlowResponse::action) / [`action_body`](FlowResponse::action_body) | 200 | `action` | `{"action": Action}` |
//! | [`exit`](FlowResponse::exit) | 200 | `exit` | the result (empty for `null`) |
//! | [`modal`](FlowResponse::modal) | 200 | `modal` | Modal Response Body |
//! | [`no_op`](FlowResponse::no_op) | 200 | `no-op` | empty |
//! | [`subflow`](FlowResponse::subflow) | 200 | `subflow` | Subflow Response Body |
//! | [`error`](FlowResponse::error) / [`error_with_status`](FlowResponse::error_with_status) | 400 / 4xx–5xx | — | Error Response Body |
//! | [`not_modified`](FlowResponse::not_modified) | 304 | — | empty |
//! | [`legacy_step`](FlowResponse::legacy_step) | 200 | — | the Step |
//! | [`legacy_action`](FlowResponse::legacy_action) / [`legacy_action_body`](FlowResponse::legacy_action_body) | 200 | — | `{"action": Action}` |
//! | [`legacy_exit`](FlowResponse::legacy_exit) | 200 | — | `{"action": {"exit": true, "result": …}}` |
//! | [`legacy_no_op`](FlowResponse::legacy_no_op) | 200 | — | empty (a 1.x poll keeps polling) |
//!
//! The `legacy_*` forms are for 1.x clients, which know no response-type
//! header: they read a body with an `action` member as an action to perform
//! and any other JSON object with a `layout` as a step. Current clients read
//! those the same way, so legacy responses suit both generations.

#[cfg(feature = "axum")]
mod axum_impl;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, ETAG};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::{json, Value};

use flow_model::{
    Action, ActionResponseBody, ErrorResponseBody, ModalResponseBody, ResponseType, Step,
    SubflowResponseBody, RESPONSE_TYPE_HEADER,
};

/// A response that is not what the caller meant to build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// An Error Response Body needs a 4xx or 5xx status: clients read any
    /// 2xx body as a step or a result.
    #[error("status {status} cannot carry an Error Response Body: use 400-599")]
    NotAnErrorStatus {
        /// The status that was given.
        status: u16,
    },
    /// A header name or value that HTTP does not allow.
    #[error("header {name:?}: {reason}")]
    InvalidHeader {
        /// The header name, as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// An HTTP response that moves a Dynamic Flow on: status, headers
/// (`X-DF-Response-Type`, `Content-Type`, …) and body.
///
/// ```
/// use flow_dsl::prelude::*;
/// use flow_dsl::FlowResponse;
/// use serde_json::json;
///
/// let step = Step::build(|s| { s.id("done").title("All done"); })?;
/// let response = FlowResponse::step(&step);
/// assert_eq!(response.status(), http::StatusCode::OK);
/// assert_eq!(response.response_type(), Some(ResponseType::Step));
///
/// // Any framework: the parts of an `http::Response<bytes::Bytes>`.
/// let http: http::Response<bytes::Bytes> = response.into();
/// assert_eq!(http.headers()["x-df-response-type"], "step");
/// assert_eq!(http.headers()["content-type"], "application/json");
/// let body: serde_json::Value = serde_json::from_slice(http.body()).unwrap();
/// assert_eq!(body["id"], "done");
///
/// // Ending the flow, for current and for 1.x clients.
/// let exit = FlowResponse::exit(json!({"paid": true}));
/// assert_eq!(exit.response_type(), Some(ResponseType::Exit));
/// let legacy = FlowResponse::legacy_exit(json!({"paid": true}));
/// assert_eq!(legacy.response_type(), None);
/// assert_eq!(legacy.body().as_ref(), br#"{"action":{"exit":true,"result":{"paid":true}}}"#);
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Clone)]
pub struct FlowResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// `{"action": …}` without cloning the action.
#[derive(Serialize)]
struct ActionBody<'a> {
    action: &'a Action,
}

impl FlowResponse {
    fn empty(status: StatusCode, kind: Option<ResponseType>) -> Self {
        let mut headers = HeaderMap::new();
        if let Some(kind) = kind {
            headers.insert(RESPONSE_TYPE_HEADER, header_value(&kind));
        }
        FlowResponse { status, headers, body: Bytes::new() }
    }

    fn json<T: Serialize>(status: StatusCode, kind: Option<ResponseType>, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                let mut response = Self::empty(status, kind);
                response.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                response.body = Bytes::from(bytes);
                response
            }
            // Model types and JSON values always serialize (string keys, no
            // failing impls); should that ever change, fail as an error, not a panic.
            Err(e) => Self::json(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                &json!({ "error": format!("the response could not be written as JSON: {e}") }),
            ),
        }
    }

    /// A step: 200, `X-DF-Response-Type: step`.
    pub fn step(step: &Step) -> Self {
        Self::json(StatusCode::OK, Some(ResponseType::Step), step)
    }

    /// An Action Response Body for `action`: 200, `X-DF-Response-Type: action`.
    /// The client performs the action without validation, sending only its `data`.
    pub fn action(action: &Action) -> Self {
        Self::json(StatusCode::OK, Some(ResponseType::Action), &ActionBody { action })
    }

    /// An Action Response Body: 200, `X-DF-Response-Type: action`.
    pub fn action_body(body: &ActionResponseBody) -> Self {
        Self::json(StatusCode::OK, Some(ResponseType::Action), body)
    }

    /// Ends the flow with `result`: 200, `X-DF-Response-Type: exit`. The
    /// client merges the triggering action's `result` over it; `null` sends
    /// an empty body.
    pub fn exit(result: impl Into<Value>) -> Self {
        match result.into() {
            Value::Null => Self::empty(StatusCode::OK, Some(ResponseType::Exit)),
            result => Self::json(StatusCode::OK, Some(ResponseType::Exit), &result),
        }
    }

    /// A modal for the host to show: 200, `X-DF-Response-Type: modal`.
    pub fn modal(body: &ModalResponseBody) -> Self {
        Self::json(StatusCode::OK, Some(ResponseType::Modal), body)
    }

    /// Nothing changes (a poll keeps polling): 200, `X-DF-Response-Type: no-op`, empty body.
    pub fn no_op() -> Self {
        Self::empty(StatusCode::OK, Some(ResponseType::NoOp))
    }

    /// Launches a nested flow: 200, `X-DF-Response-Type: subflow`.
    pub fn subflow(body: &SubflowResponseBody) -> Self {
        Self::json(StatusCode::OK, Some(ResponseType::Subflow), body)
    }

    /// An Error Response Body with status 400: the client stays on the step
    /// and shows the errors (or refreshes first, with `refreshUrl`).
    pub fn error(body: &ErrorResponseBody) -> Self {
        Self::json(StatusCode::BAD_REQUEST, None, body)
    }

    /// An Error Response Body with another status (e.g. 422, 503).
    ///
    /// # Errors
    /// [`ResponseError::NotAnErrorStatus`] unless `status` is 400–599.
    pub fn error_with_status(status: StatusCode, body: &ErrorResponseBody) -> Result<Self, ResponseError> {
        if !(status.is_client_error() || status.is_server_error()) {
            return Err(ResponseError::NotAnErrorStatus { status: status.as_u16() });
        }
        Ok(Self::json(status, None, body))
    }

    /// 304 Not Modified: the step is unchanged (e.g. a refresh whose
    /// `If-None-Match` matched the current ETag).
    pub fn not_modified() -> Self {
        Self::empty(StatusCode::NOT_MODIFIED, None)
    }

    /// A step for a 1.x client: 200, no response-type header.
    pub fn legacy_step(step: &Step) -> Self {
        Self::json(StatusCode::OK, None, step)
    }

    /// The 1.x Action Response Body: 200, no header, `{"action": action}`.
    pub fn legacy_action(action: &Action) -> Self {
        Self::json(StatusCode::OK, None, &ActionBody { action })
    }

    /// The 1.x Action Response Body: 200, no header.
    pub fn legacy_action_body(body: &ActionResponseBody) -> Self {
        Self::json(StatusCode::OK, None, body)
    }

    /// Ends the flow for a 1.x client, which knows no `exit` header: 200, no
    /// header, an Action Response Body with an exiting action carrying
    /// `result` (omitted when `null`).
    pub fn legacy_exit(result: impl Into<Value>) -> Self {
        let mut action = Action::default();
        action.exit = Some(true);
        action.result = match result.into() {
            Value::Null => None,
            result => Some(result),
        };
        Self::legacy_action(&action)
    }

    /// "Still working" for a 1.x poll: 200, no header, empty body.
    pub fn legacy_no_op() -> Self {
        Self::empty(StatusCode::OK, None)
    }

    /// Adds an `ETag` (quoted when given bare), so the client can send
    /// `If-None-Match` when it refreshes this step (spec §5.4).
    ///
    /// # Errors
    /// [`ResponseError::InvalidHeader`] when `etag` has characters a header cannot hold.
    pub fn with_etag(self, etag: &str) -> Result<Self, ResponseError> {
        let quoted = if etag.starts_with('"') || etag.starts_with("W/\"") {
            etag.to_owned()
        } else {
            format!("\"{etag}\"")
        };
        self.with_header(ETAG.as_str(), &quoted)
    }

    /// Sets a header (replacing any value it had).
    ///
    /// # Errors
    /// [`ResponseError::InvalidHeader`] when the name or value is not valid HTTP.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, ResponseError> {
        let invalid = |reason: String| ResponseError::InvalidHeader { name: name.to_owned(), reason };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()))?;
        let value = HeaderValue::from_str(value).map_err(|e| invalid(e.to_string()))?;
        self.headers.insert(header, value);
        Ok(self)
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `X-DF-Response-Type` this response carries, if any.
    pub fn response_type(&self) -> Option<ResponseType> {
        self.headers.get(RESPONSE_TYPE_HEADER).map(|v| ResponseType::parse_bytes(v.as_bytes()))
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Each header as a (name, value) pair, for frameworks on another
    /// version of the `http` crate (e.g. actix-web).
    pub fn header_pairs(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers.iter().map(|(name, value)| (name.as_str(), value.as_bytes()))
    }

    /// The body (JSON, or empty).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The response as an `http::Response`.
    pub fn into_http(self) -> http::Response<Bytes> {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }

    /// The response's head and body, for frameworks that build responses from parts.
    pub fn into_parts(self) -> (http::response::Parts, Bytes) {
        self.into_http().into_parts()
    }
}

impl From<FlowResponse> for http::Response<Bytes> {
    fn from(response: FlowResponse) -> Self {
        response.into_http()
    }
}

fn header_value(kind: &ResponseType) -> HeaderValue {
    match kind {
        ResponseType::Step => HeaderValue::from_static("step"),
        ResponseType::Action => HeaderValue::from_static("action"),
        ResponseType::Exit => HeaderValue::from_static("exit"),
        ResponseType::Modal => HeaderValue::from_static("modal"),
        ResponseType::NoOp => HeaderValue::from_static("no-op"),
        ResponseType::Subflow => HeaderValue::from_static("subflow"),
        other => {
            HeaderValue::from_str(other.as_str()).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
        }
    }
}
