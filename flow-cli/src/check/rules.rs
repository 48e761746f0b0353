//! The protocol rules `dflow check` holds a server to, as pure functions
//! over one recorded exchange (request + response) and its role in the flow.
//!
//! An answer is read by the runtime's own tables — the poll answer table
//! ([`classify_poll_answer`], §4.3) for polls, the response table
//! ([`classify_response`], §5) for everything else — so the checker can
//! never disagree with the client about what a response means. What the
//! checker adds on top: the steps it receives are validated, and a few
//! answers the client accepts but a server should not send are flagged.
//!
//! Each finding has a [`Rule`] (a stable id) and a [`Severity`]; `dflow
//! check` exits 1 when any finding is an error.

use http::{HeaderMap, StatusCode};
use serde_json::Value;

use flow_model::{ResponseType, Severity as ProblemSeverity, Step, RESPONSE_TYPE_HEADER};
use flow_runtime::flow::classify::{classify_poll_answer, PollDecision, PollFailure};
use flow_runtime::flow::respond::{classify_response, Response, ResponseProblem, Trigger};

/// What a request was for, which decides how its answer is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A poll of the current step's `polling.url` (§4.3).
    Poll,
    /// A submission of an exiting action (§2: the body is the result).
    ExitingAction,
    /// Any other request that moves the flow (§5).
    Other,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    /// Legal, but a client may not get what the server meant (or the flow
    /// took a failure path the server designed).
    Warning,
    /// The server broke the protocol, or the flow failed.
    Error,
}

impl Severity {
    /// `"warning"` or `"error"`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Every rule the checker knows, by its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// A step fails validation.
    InvalidStep,
    /// A step's polling would poll without pause.
    RiskyPolling,
    /// The body is not what its `X-DF-Response-Type` (or its absence) says.
    BodyMismatch,
    /// An `X-DF-Response-Type` value the protocol does not know.
    UnknownResponseType,
    /// Repeated `X-DF-Response-Type` values that disagree.
    ConflictingResponseType,
    /// A header-less, non-empty poll answer that is not an Action Response Body.
    AmbiguousPollAnswer,
    /// An exiting action's answer is not JSON.
    ExitNotJson,
    /// An Error Response Body that is not JSON.
    ErrorBodyNotJson,
    /// A status the protocol has no row for.
    UnexpectedStatus,
    /// A poll answered with an error status (polling fails, `onError` runs).
    PollErrorStatus,
    /// No response arrived (connect error, timeout, reset, body over the cap).
    TransportFailure,
    /// Polling used all its attempts.
    PollingExhausted,
    /// Polling failed and the flow went on through the step's `onError`.
    EndedThroughOnError,
    /// The flow failed.
    FlowFailed,
}

impl Rule {
    /// The rule's id, as `--json` prints it.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Rule::InvalidStep => "invalid-step",
            Rule::RiskyPolling => "risky-polling",
            Rule::BodyMismatch => "body-mismatch",
            Rule::UnknownResponseType => "unknown-response-type",
            Rule::ConflictingResponseType => "conflicting-response-type",
            Rule::AmbiguousPollAnswer => "ambiguous-poll-answer",
            Rule::ExitNotJson => "exit-not-json",
            Rule::ErrorBodyNotJson => "error-body-not-json",
            Rule::UnexpectedStatus => "unexpected-status",
            Rule::PollErrorStatus => "poll-error-status",
            Rule::TransportFailure => "transport-failure",
            Rule::PollingExhausted => "polling-exhausted",
            Rule::EndedThroughOnError => "ended-through-on-error",
            Rule::FlowFailed => "flow-failed",
        }
    }

    /// The rule's severity (one place for the whole table).
    pub(crate) fn severity(self) -> Severity {
        match self {
            Rule::RiskyPolling | Rule::PollingExhausted | Rule::EndedThroughOnError => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// Which rule.
    pub(crate) rule: Rule,
    /// What is wrong.
    pub(crate) message: String,
    /// JSON Pointer into the body, where one applies.
    pub(crate) pointer: Option<String>,
}

impl Violation {
    pub(crate) fn new(rule: Rule, message: impl Into<String>) -> Self {
        Violation { rule, message: message.into(), pointer: None }
    }

    fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// The rule's severity.
    pub(crate) fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

/// Every problem of a step: validation errors, and risky polling settings.
pub(crate) fn check_step(step: &Step, prefix: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    for problem in step.validate().problems() {
        // Deprecated 1.x forms are legal; a zero wait is risky (a client polls without pause).
        let risky_polling =
            problem.path.as_str().starts_with("/polling") && problem.message.contains("without pause");
        let rule = if risky_polling { Rule::RiskyPolling } else { Rule::InvalidStep };
        if problem.severity == ProblemSeverity::Error || risky_polling {
            let message = format!("{prefix}step {:?}: {}: {}", step.id(), problem.path, problem.message);
            out.push(Violation::new(rule, message).at(problem.path.as_str()));
        }
    }
    out
}

fn blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Judges one answer by the runtime's tables (see the module docs).
pub(crate) fn check_response(role: Role, status: u16, headers: &HeaderMap, body: &[u8]) -> Vec<Violation> {
    let header =
        ResponseType::from_header_values(headers.get_all(RESPONSE_TYPE_HEADER).iter().map(|v| v.as_bytes()));
    match role {
        Role::Poll => check_poll_answer(status, headers, &header, body),
        Role::ExitingAction | Role::Other => {
            let trigger = Trigger::new(role == Role::ExitingAction, None);
            let response = classify_response(trigger, status, headers, body);
            check_flow_response(response, role, &header, status, body)
        }
    }
}

type Header = Result<Option<ResponseType>, flow_model::ConflictingResponseTypes>;

fn check_poll_answer(status: u16, headers: &HeaderMap, header: &Header, body: &[u8]) -> Vec<Violation> {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match classify_poll_answer(code, headers, body) {
        PollDecision::Fail(PollFailure::Status(status)) if status >= 400 => vec![Violation::new(
            Rule::PollErrorStatus,
            format!("the poll answered HTTP {status}: polling fails and onError runs"),
        )],
        PollDecision::Fail(PollFailure::Status(status)) => vec![Violation::new(
            Rule::UnexpectedStatus,
            format!("HTTP {status}: not a poll answer status (2xx, 304 or an error)"),
        )],
        PollDecision::Fail(PollFailure::Mismatch(message)) => {
            vec![header_violation(header).unwrap_or_else(|| {
                Violation::new(Rule::BodyMismatch, format!("poll answer mismatch: {message}"))
            })]
        }
        PollDecision::Step { step, .. } => {
            let mut out = check_step(&step, "");
            if matches!(header, Ok(None)) {
                out.insert(0, ambiguous());
            }
            out
        }
        PollDecision::KeepPolling if matches!(header, Ok(None)) && !blank(body) => vec![ambiguous()],
        // The 1.x Action Response Body is the one non-empty header-less
        // answer both generations read the same way (§4.3 rule 5).
        _ => Vec::new(),
    }
}

fn ambiguous() -> Violation {
    Violation::new(
        Rule::AmbiguousPollAnswer,
        "2xx poll answer with a non-empty body and no X-DF-Response-Type: ambiguous between protocol generations",
    )
}

/// The header's own violation (unknown value, disagreeing repeats), if any.
fn header_violation(header: &Header) -> Option<Violation> {
    match header {
        Err(conflict) => Some(Violation::new(Rule::ConflictingResponseType, conflict.to_string())),
        Ok(Some(ResponseType::Unknown(value))) => Some(Violation::new(
            Rule::UnknownResponseType,
            format!("unknown X-DF-Response-Type value {value:?}"),
        )),
        Ok(_) => None,
    }
}

fn check_flow_response(
    response: Response,
    role: Role,
    header: &Header,
    status: u16,
    body: &[u8],
) -> Vec<Violation> {
    match response {
        Response::Step { step, .. } => check_step(&step, ""),
        Response::Error { generic: true, .. }
            if !blank(body) && serde_json::from_slice::<Value>(body).is_err() =>
        {
            vec![Violation::new(
                Rule::ErrorBodyNotJson,
                format!("HTTP {status}: the Error Response Body is not JSON"),
            )]
        }
        Response::Invalid(ResponseProblem::UnexpectedStatus { status }) => vec![Violation::new(
            Rule::UnexpectedStatus,
            format!("HTTP {status}: not a Flow Response status (2xx, 304 or an error)"),
        )],
        Response::Invalid(ResponseProblem::UnknownResponseType { value }) => {
            vec![header_violation(header).unwrap_or_else(|| {
                Violation::new(
                    Rule::UnknownResponseType,
                    format!("unknown X-DF-Response-Type value {value:?}"),
                )
            })]
        }
        Response::Invalid(problem @ ResponseProblem::Mismatch { .. }) => {
            let pointer = match &problem {
                ResponseProblem::Mismatch { path, .. } => path.as_str().to_owned(),
                _ => String::new(),
            };
            let violation = if role == Role::ExitingAction {
                Violation::new(Rule::ExitNotJson, format!("the exit result is not JSON: {problem}"))
            } else {
                Violation::new(Rule::BodyMismatch, problem.to_string())
            };
            vec![violation.at(pointer)]
        }
        Response::Invalid(problem) => vec![Violation::new(Rule::BodyMismatch, problem.to_string())],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-df-response-type", v.parse().unwrap());
        }
        h
    }

    fn header(value: Option<&str>) -> HeaderMap {
        headers(value.as_slice())
    }

    const STEP: &str = r#"{"id":"a","title":"A","schemas":[],"layout":[]}"#;

    #[test]
    fn a_good_step_is_clean_in_both_generations() {
        assert!(check_response(Role::Other, 200, &header(Some("step")), STEP.as_bytes()).is_empty());
        assert!(check_response(Role::Other, 200, &header(None), STEP.as_bytes()).is_empty());
    }

    #[test]
    fn mismatches_unknown_headers_and_ambiguous_polls_are_violations() {
        let v = check_response(Role::Other, 200, &header(Some("step")), br#"{"action":{"url":"/x"}}"#);
        assert!(v[0].message.contains("not a step"), "{v:?}");
        let v = check_response(Role::Other, 200, &header(Some("teleport")), b"{}");
        assert!(v[0].message.contains("unknown X-DF-Response-Type value \"teleport\""), "{v:?}");
        let v = check_response(Role::Poll, 200, &header(None), br#"{"status":"PENDING"}"#);
        assert!(v[0].message.contains("ambiguous"), "{v:?}");
        assert!(check_response(Role::Poll, 200, &header(None), br#"{"action":{"url":"/done"}}"#).is_empty());
        assert!(check_response(Role::Poll, 200, &header(None), b"").is_empty());
        let v = check_response(Role::ExitingAction, 200, &header(None), b"done!");
        assert!(v[0].message.contains("not JSON"), "{v:?}");
    }

    #[test]
    fn invalid_or_risky_polling_in_a_step_is_reported() {
        let step = r#"{"id":"w","title":"W","schemas":[],"layout":[],"polling":{"url":"/s","delay":0,"maxAttempts":0,"onError":{"behavior":{"type":"action","action":{"exit":true}}}}}"#;
        let v = check_response(Role::Other, 200, &header(Some("step")), step.as_bytes());
        let text: Vec<&str> = v.iter().map(|v| v.message.as_str()).collect();
        assert!(text.iter().any(|m| m.contains("/polling/maxAttempts")), "{text:?}");
        assert!(text.iter().any(|m| m.contains("/polling/delay")), "{text:?}");
        let risky = v.iter().find(|v| v.rule == Rule::RiskyPolling).unwrap();
        assert_eq!((risky.severity(), risky.pointer.as_deref()), (Severity::Warning, Some("/polling/delay")));
    }

    // The checker reads the header as the runtime does (it used to read only
    // the first value and call a blank one unknown).
    #[test]
    fn the_header_is_read_as_the_runtime_reads_it() {
        // Blank is absent: a header-less step is fine.
        assert!(check_response(Role::Other, 200, &header(Some("  ")), STEP.as_bytes()).is_empty());
        // Agreeing repeats count once.
        assert!(check_response(Role::Other, 200, &headers(&["step", " STEP "]), STEP.as_bytes()).is_empty());
        // Disagreeing repeats are rejected by the runtime, so by the checker.
        for role in [Role::Other, Role::Poll] {
            let v = check_response(role, 200, &headers(&["step", "exit"]), STEP.as_bytes());
            assert_eq!(v.len(), 1, "{role:?}: {v:?}");
            assert_eq!(v[0].rule, Rule::ConflictingResponseType, "{role:?}: {v:?}");
            assert_eq!(v[0].severity(), Severity::Error);
        }
    }

    #[test]
    fn poll_error_statuses_and_mismatches_have_their_rules_and_pointers() {
        let v = check_response(Role::Poll, 503, &header(None), b"");
        assert_eq!((v[0].rule, v[0].rule.id()), (Rule::PollErrorStatus, "poll-error-status"));
        let v = check_response(Role::Poll, 200, &header(Some("exit")), b"<html>");
        assert_eq!(v[0].rule, Rule::BodyMismatch, "{v:?}");
        let v = check_response(
            Role::Other,
            200,
            &header(Some("step")),
            br#"{"id":"a","title":"A","schemas":[]}"#,
        );
        assert_eq!((v[0].rule, v[0].pointer.as_deref()), (Rule::BodyMismatch, Some("/layout")), "{v:?}");
        // A 2xx without the header to a request that moves the flow must be
        // a step or an Action Response Body.
        let v = check_response(Role::Other, 200, &header(None), br#"{"status": "ok"}"#);
        assert_eq!(v[0].rule, Rule::BodyMismatch, "{v:?}");
        let v = check_response(Role::Other, 500, &header(None), b"<html>oops</html>");
        assert_eq!(v[0].rule, Rule::ErrorBodyNotJson, "{v:?}");
        let v = check_response(Role::Other, 302, &header(None), b"");
        assert_eq!(v[0].rule, Rule::UnexpectedStatus, "{v:?}");
    }
}
