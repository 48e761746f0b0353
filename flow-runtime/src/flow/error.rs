//! The interpreter's typed errors: [`FlowError`] (what went wrong in the
//! flow, shown to the host or ending it) and [`CommandError`] (why a host
//! command was not carried out).
//!
//! URLs in these errors are redacted (credentials and configured secret
//! query values); header values never appear in them.

use thiserror::Error;

use crate::flow::respond::ResponseProblem;
use crate::flow::values::FieldError;
use flow_poll::transport::TransportError;
use flow_poll::UrlError;

/// Something that went wrong in a flow. Host-visible errors that leave the
/// step in place arrive as [`FlowEvent::Problem`](crate::FlowEvent::Problem);
/// a flow that fails ends with one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FlowError {
    /// The request got no HTTP response (connect, timeout, reset, body too large).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The response does not fit the protocol (§5: mismatch, unknown header, status).
    #[error("response from {url} (HTTP {status}): {problem}")]
    Response {
        /// The (redacted) URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// What did not fit.
        problem: ResponseProblem,
    },
    /// An Error Response Body where there was no step to stay on (the first request).
    #[error("{url} answered HTTP {status}{}", error.as_deref().map(|e| format!(": {e}")).unwrap_or_default())]
    ErrorResponse {
        /// The (redacted) URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The body's `error` message, if any.
        error: Option<String>,
    },
    /// A response that needs a step to stay on (modal, no-op, 304) before any step was shown.
    #[error("{url} answered with {outcome}, but no step has been shown yet")]
    NoStep {
        /// The (redacted) URL.
        url: String,
        /// What the response was (`"a modal"`, `"no-op"`, `"304 Not Modified"`).
        outcome: &'static str,
    },
    /// A non-exiting action without `url` (spec §2 Decision): nothing was sent.
    #[error("action{} is not exiting and has no url; nothing was sent", id.as_deref().map(|i| format!(" {i:?}")).unwrap_or_default())]
    MissingUrl {
        /// The action's `id`, if it has one.
        id: Option<String>,
    },
    /// A URL the server sent cannot be used.
    #[error(transparent)]
    Url(#[from] UrlError),
    /// The action's `method` is not a valid HTTP method.
    #[error("action has an invalid HTTP method {method:?}")]
    InvalidMethod {
        /// The method as sent.
        method: String,
    },
    /// The values failed client-side validation; nothing was sent.
    #[error("{} field(s) failed validation{}", fields.len(), fields.first().map(|f| format!(", first {f}")).unwrap_or_default())]
    InvalidValues {
        /// The failing fields.
        fields: Vec<FieldError>,
    },
    /// A refresh was asked for but neither the behavior nor the step has a URL.
    #[error("step {step_id:?} has no refreshUrl to refresh from")]
    NoRefreshUrl {
        /// The current step's id.
        step_id: String,
    },
    /// A link handler's `regexPattern` does not compile; it was skipped.
    #[error("{path}: invalid regexPattern: {message}")]
    InvalidLinkPattern {
        /// JSON Pointer of the pattern in the step (`/linkHandlers/0/regexPattern`).
        path: String,
        /// The regex error.
        message: String,
    },
    /// A nested flow failed and its subflow had no `onError`.
    #[error("subflow {flow_id} failed: {error}")]
    SubflowFailed {
        /// The nested flow's id.
        flow_id: String,
        /// Why it failed.
        error: Box<FlowError>,
    },
    /// The host reported that a subflow it ran failed, and there was no `onError`.
    #[error("the host's subflow failed: {message}")]
    HostSubflowFailed {
        /// What the host said.
        message: String,
    },
}

impl FlowError {
    /// A short lowercase word for the kind of failure (for conformance
    /// reports, logs and metrics): `transport`, `status`, `mismatch`,
    /// `unknown_response_type`, `no_step`, `missing_url`, `url`,
    /// `invalid_method`, `validation`, `no_refresh_url`,
    /// `invalid_link_pattern` or `subflow`.
    ///
    /// ```
    /// use flow_runtime::FlowError;
    /// let error = FlowError::ErrorResponse { url: "https://x.example/".into(), status: 500, error: None };
    /// assert_eq!(error.reason(), "status");
    /// ```
    pub fn reason(&self) -> &'static str {
        match self {
            FlowError::Transport(_) => "transport",
            FlowError::Response { problem, .. } => match problem {
                ResponseProblem::Mismatch { .. } => "mismatch",
                ResponseProblem::UnknownResponseType { .. } => "unknown_response_type",
                ResponseProblem::UnexpectedStatus { .. } => "status",
            },
            FlowError::ErrorResponse { .. } => "status",
            FlowError::NoStep { .. } => "no_step",
            FlowError::MissingUrl { .. } => "missing_url",
            FlowError::Url(_) => "url",
            FlowError::InvalidMethod { .. } => "invalid_method",
            FlowError::InvalidValues { .. } => "validation",
            FlowError::NoRefreshUrl { .. } => "no_refresh_url",
            FlowError::InvalidLinkPattern { .. } => "invalid_link_pattern",
            FlowError::SubflowFailed { .. } | FlowError::HostSubflowFailed { .. } => "subflow",
        }
    }
}

/// Why a host command was not carried out (nothing was sent).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CommandError {
    /// Another request that moves the flow is in flight; this command was
    /// rejected and nothing was sent. Retry once it resolved (see
    /// [`FlowHandle::idle`](crate::FlowHandle::idle)).
    #[error("another action is in flight; nothing was sent")]
    Busy,
    /// The flow has ended (or ended while the command was pending).
    #[error("the flow has ended")]
    Ended,
    /// The flow moved on before the command's response arrived; the
    /// response was discarded.
    #[error("the flow moved on before the response arrived; it was discarded")]
    Superseded,
    /// There is no current step to act on.
    #[error("no step is shown")]
    NoStep,
    /// No action with this id in the current step.
    #[error("no action with id {id:?} in step {step_id:?}")]
    ActionNotFound {
        /// The id asked for.
        id: String,
        /// The current step's id.
        step_id: String,
    },
    /// No link handler of the current step matches the link.
    #[error("no link handler of step {step_id:?} matches {link}")]
    NoLinkHandler {
        /// The link (query values redacted when it is a URL).
        link: String,
        /// The current step's id.
        step_id: String,
    },
    /// No subflow handed to the host is waiting for its result.
    #[error("no subflow is waiting for the host")]
    NoHostSubflow,
    /// The command was refused (also reported as a
    /// [`FlowEvent::Problem`](crate::FlowEvent::Problem) or
    /// [`FlowEvent::ValidationFailed`](crate::FlowEvent::ValidationFailed)).
    #[error(transparent)]
    Rejected(FlowError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use flow_model::Pointer;

    #[test]
    fn reasons_and_messages() {
        let url = || "https://flow.example/a".to_owned();
        let cases: Vec<(FlowError, &str, &str)> = vec![
            (
                FlowError::Transport(TransportError::Connect { url: url(), message: "refused".into() }),
                "transport",
                "could not connect to https://flow.example/a: refused",
            ),
            (
                FlowError::Response {
                    url: url(),
                    status: 200,
                    problem: ResponseProblem::Mismatch {
                        not_json: None,
                        response_type: Some("step".into()),
                        expected: "a step",
                        path: Pointer::root().key("layout"),
                        message: "missing layout array".into(),
                    },
                },
                "mismatch",
                "response from https://flow.example/a (HTTP 200): body is not a step \
                 (X-DF-Response-Type: step): at /layout: missing layout array",
            ),
            (
                FlowError::Response {
                    url: url(),
                    status: 200,
                    problem: ResponseProblem::UnknownResponseType { value: "x".into() },
                },
                "unknown_response_type",
                "response from https://flow.example/a (HTTP 200): unknown X-DF-Response-Type \"x\"",
            ),
            (
                FlowError::ErrorResponse { url: url(), status: 502, error: None },
                "status",
                "https://flow.example/a answered HTTP 502",
            ),
            (
                FlowError::NoStep { url: url(), outcome: "no-op" },
                "no_step",
                "https://flow.example/a answered with no-op, but no step has been shown yet",
            ),
            (
                FlowError::MissingUrl { id: None },
                "missing_url",
                "action is not exiting and has no url; nothing was sent",
            ),
            (
                FlowError::InvalidMethod { method: "GE T".into() },
                "invalid_method",
                "action has an invalid HTTP method \"GE T\"",
            ),
            (FlowError::InvalidValues { fields: Vec::new() }, "validation", "0 field(s) failed validation"),
            (
                FlowError::SubflowFailed {
                    flow_id: "f.1".into(),
                    error: Box::new(FlowError::MissingUrl { id: Some("go".into()) }),
                },
                "subflow",
                "subflow f.1 failed: action \"go\" is not exiting and has no url; nothing was sent",
            ),
        ];
        for (error, reason, message) in cases {
            assert_eq!(error.reason(), reason);
            assert_eq!(error.to_string(), message);
        }
    }
}
