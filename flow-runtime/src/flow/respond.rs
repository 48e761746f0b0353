//! The response table of spec §5 as one pure, total function:
//! [`classify_response`]
//! turns what a request that moves the flow got back (the triggering
//! action's `exit`/`result`, the status, the headers, the body) into a
//! [`Response`] the interpreter applies. Polling has its own table (§4.3).
//!
//! Decisions taken here, where the spec is silent:
//!
//! * **304** is [`Response::Unchanged`] whatever the action's `exit` flag.
//! * **1xx, 3xx other than 304, and statuses of 600 and above** (redirects
//!   have already been followed) are [`ResponseProblem::UnexpectedStatus`].
//! * **Bodies and the header** are read as the polling table (§4.3) reads
//!   them ([`body`](super::body)): a blank header is absent, repeats must
//!   agree, a step needs a `layout` array, a subflow a `launchConfig`.
//! * **Exit bodies** (an exiting action, or `X-DF-Response-Type: exit`):
//!   empty (or whitespace only) means "no body"; any JSON is the body of
//!   [`merge`]; a body that is not JSON is a [`ResponseProblem::Mismatch`],
//!   as in the polling table (§4.3), and the step stays.
//! * **No header** on a 2xx: a JSON object with an `action` member and no
//!   `layout` is the 1.x Action Response Body (performed, as §4.3 does for
//!   polling); anything else must be a Step.
//! * **A Step** comes with the response's `ETag`.
//! * **Error Response Bodies** (400–599): when the body is unreadable (empty,
//!   not JSON, not the right shape) or carries none of `error`, `validation`
//!   and `refreshUrl`, the host still gets an error: `error` is
//!   [`GENERIC_ERROR`] and [`Response::Error::generic`] is `true`.

use http::HeaderMap;
use serde_json::Value;
use thiserror::Error;

use flow_model::{ErrorResponseBody, ModalResponseBody, Pointer, ResponseType, Step, SubflowResponseBody};

use super::body::{self, BodyProblem};
use super::merge::merge;

/// The message the host gets when an error response has none it can show.
pub const GENERIC_ERROR: &str = "Something went wrong. Please try again.";

/// What the request that got the response asked for: whether the action
/// was exiting, and its `result` (merged into an exit's body).
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Trigger<'a> {
    /// The action's `exit: true`.
    pub exit: bool,
    /// The action's `result`.
    pub result: Option<&'a Value>,
}

impl<'a> Trigger<'a> {
    /// A trigger with this `exit` flag and `result`.
    pub fn new(exit: bool, result: Option<&'a Value>) -> Self {
        Trigger { exit, result }
    }

    /// A non-exiting request (initial request, refresh, link handler…).
    pub fn moving() -> Self {
        Trigger { exit: false, result: None }
    }

    /// The trigger of an action.
    pub fn action(action: &'a flow_model::Action) -> Self {
        Trigger { exit: action.is_exit(), result: action.result.as_ref() }
    }
}

/// What a response means for the flow (spec §5).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Response {
    /// The flow ends with this result (`merge(body, action.result)`).
    Exit(Value),
    /// Show this step (history per its `stackBehavior`).
    Step {
        /// The step.
        step: Box<Step>,
        /// The response's `ETag`, if it had one.
        etag: Option<String>,
    },
    /// An Action Response Body: perform this action (it skips validation
    /// and sends only its own `data`).
    Action(flow_model::Action),
    /// Hand this modal to the host.
    Modal(ModalResponseBody),
    /// Nothing changes.
    NoOp,
    /// Launch this subflow.
    Subflow(SubflowResponseBody),
    /// 304: the step is unchanged.
    Unchanged,
    /// An Error Response Body (400–599): the step stays and shows the errors.
    Error {
        /// The HTTP status.
        status: u16,
        /// The body; `error` is [`GENERIC_ERROR`] when `generic`.
        body: ErrorResponseBody,
        /// Whether the body was unreadable or had nothing to show.
        generic: bool,
    },
    /// The response does not fit the protocol: a host-visible error, the
    /// step stays.
    Invalid(ResponseProblem),
}

/// Why a response does not fit the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ResponseProblem {
    /// The body is not what the header (or its absence) says.
    #[error(
        "body is not {expected} (X-DF-Response-Type: {}): at {}: {message}{}",
        response_type.as_deref().unwrap_or("absent"),
        if path.as_str().is_empty() { "/" } else { path.as_str() },
        not_json.as_ref().map(|n| format!("; {n}")).unwrap_or_default()
    )]
    Mismatch {
        /// What the body was, when it is not JSON at all (an HTML error
        /// page, plain text): its `Content-Type` and first bytes.
        not_json: Option<NotJson>,
        /// The header value (trimmed), `None` when absent.
        response_type: Option<String>,
        /// What the body should have been (`"a step"`, `"JSON"`…).
        expected: &'static str,
        /// JSON Pointer of the first problem in the body (`""`: the whole body).
        path: Pointer,
        /// What was wrong.
        message: String,
    },
    /// The `X-DF-Response-Type` value is not one the protocol knows.
    #[error("unknown X-DF-Response-Type {value:?}")]
    UnknownResponseType {
        /// The value, trimmed.
        value: String,
    },
    /// A status the table has no row for.
    #[error("unexpected HTTP status {status}")]
    UnexpectedStatus {
        /// The status.
        status: u16,
    },
}

/// A body that is not JSON at all, as a person needs to see it to find out
/// what the server sent instead.
///
/// ```
/// use http::{header::CONTENT_TYPE, HeaderMap, HeaderValue};
/// use flow_runtime::flow::respond::NotJson;
///
/// let mut headers = HeaderMap::new();
/// headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
/// let seen = NotJson::of(&headers, b"<html><body>Bad gateway</body></html>").unwrap();
/// assert_eq!(seen.to_string(), r#"the body is text/html (37 bytes), not JSON: "<html><body>Bad gateway</body></html>""#);
/// assert!(NotJson::of(&headers, br#"{"id": 1}"#).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotJson {
    /// The response's `Content-Type`, if it had a readable one.
    pub content_type: Option<String>,
    /// The body's length in bytes.
    pub length: usize,
    /// Its first [`NotJson::SHOWN`] bytes as text (invalid UTF-8 replaced,
    /// control characters escaped), `…` appended when cut.
    pub start: String,
}

impl NotJson {
    /// How many bytes of the body [`start`](Self::start) shows.
    pub const SHOWN: usize = 80;

    /// What `body` was, when it is not empty and not JSON; `None` otherwise.
    pub fn of(headers: &HeaderMap, body: &[u8]) -> Option<NotJson> {
        if body::is_blank(body) || serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
            return None;
        }
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned());
        let shown = &body[..body.len().min(Self::SHOWN)];
        let mut start: String = String::from_utf8_lossy(shown).chars().flat_map(char::escape_debug).collect();
        if body.len() > Self::SHOWN {
            start.push('…');
        }
        Some(NotJson { content_type, length: body.len(), start })
    }
}

impl std::fmt::Display for NotJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = self.content_type.as_deref().unwrap_or("without a Content-Type");
        write!(f, "the body is {kind} ({} bytes), not JSON: \"{}\"", self.length, self.start)
    }
}

/// Applies the §5 table (see the module docs for the decisions).
///
/// ```
/// use http::HeaderMap;
/// use serde_json::json;
/// use flow_runtime::flow::respond::{classify_response, Response, Trigger};
///
/// let result = json!({"a": 1});
/// let exit = Trigger::new(true, Some(&result));
/// let response = classify_response(exit, 200, &HeaderMap::new(), br#"{"a": 2, "b": 3}"#);
/// assert_eq!(response, Response::Exit(json!({"a": 1, "b": 3})));
///
/// let response = classify_response(Trigger::moving(), 422, &HeaderMap::new(), br#"{"error": "No"}"#);
/// assert!(matches!(response, Response::Error { status: 422, generic: false, .. }));
/// ```
pub fn classify_response(trigger: Trigger<'_>, status: u16, headers: &HeaderMap, body: &[u8]) -> Response {
    match status {
        304 => Response::Unchanged,
        200..=299 => success(trigger, headers, body),
        400..=599 => error_body(status, body),
        _ => Response::Invalid(ResponseProblem::UnexpectedStatus { status }),
    }
}

/// [`success_table`], a body that is not JSON at all described in the mismatch.
fn success(trigger: Trigger<'_>, headers: &HeaderMap, body: &[u8]) -> Response {
    match success_table(trigger, headers, body) {
        Response::Invalid(ResponseProblem::Mismatch { response_type, expected, path, message, .. }) => {
            let not_json = NotJson::of(headers, body);
            Response::Invalid(ResponseProblem::Mismatch { not_json, response_type, expected, path, message })
        }
        other => other,
    }
}

fn success_table(trigger: Trigger<'_>, headers: &HeaderMap, body: &[u8]) -> Response {
    let header = body::response_type(headers);
    let shown = match &header {
        Ok(kind) => kind.as_ref().map(|t| t.as_str().to_owned()),
        Err(conflict) => Some(conflict.combined()),
    };
    if trigger.exit {
        return exit(trigger, shown, body);
    }
    let header = match header {
        Ok(header) => header,
        // Values that disagree read, combined, as one value no client knows.
        Err(conflict) => {
            return Response::Invalid(ResponseProblem::UnknownResponseType { value: conflict.combined() })
        }
    };
    let invalid = |problem| Response::Invalid(mismatch(shown.clone(), problem));
    match header {
        Some(ResponseType::Exit) => exit(trigger, shown.clone(), body),
        Some(ResponseType::Step) => step(shown.clone(), headers, body),
        Some(ResponseType::Action) => body::read_action(body).map_or_else(invalid, Response::Action),
        Some(ResponseType::Modal) => body::read::<ModalResponseBody>(body, "a Modal Response Body")
            .map_or_else(invalid, Response::Modal),
        Some(ResponseType::NoOp) => Response::NoOp,
        Some(ResponseType::Subflow) => body::read_subflow(body).map_or_else(invalid, Response::Subflow),
        Some(ResponseType::Unknown(value)) => {
            Response::Invalid(ResponseProblem::UnknownResponseType { value })
        }
        // `ResponseType` is non-exhaustive: a kind added later is unknown here.
        Some(other) => Response::Invalid(ResponseProblem::UnknownResponseType { value: other.to_string() }),
        None => {
            let legacy_action = serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|v| {
                    v.as_object().map(|o| {
                        o.contains_key("action") && !o.contains_key("layout") && !body::is_pre_layout_step(o)
                    })
                })
                .unwrap_or(false);
            if legacy_action {
                body::read_action(body).map_or_else(invalid, Response::Action)
            } else {
                step(None, headers, body)
            }
        }
    }
}

fn exit(trigger: Trigger<'_>, shown: Option<String>, body: &[u8]) -> Response {
    match body::read_exit(body) {
        Ok(value) => Response::Exit(merge(value.as_ref(), trigger.result)),
        Err(problem) => Response::Invalid(mismatch(shown, problem)),
    }
}

fn step(shown: Option<String>, headers: &HeaderMap, body: &[u8]) -> Response {
    match body::read_step(body) {
        Ok(step) => Response::Step { step: Box::new(step), etag: body::etag(headers) },
        Err(problem) => Response::Invalid(mismatch(shown, problem)),
    }
}

fn error_body(status: u16, body: &[u8]) -> Response {
    let parsed = flow_model::parse_slice::<ErrorResponseBody>(body).ok();
    match parsed {
        Some(body) if body.error.is_some() || body.validation.is_some() || body.refresh_url.is_some() => {
            Response::Error { status, body, generic: false }
        }
        other => {
            let mut body = other.unwrap_or_default();
            body.error = Some(GENERIC_ERROR.to_owned());
            Response::Error { status, body, generic: true }
        }
    }
}

/// The §5 form of a body that does not fit.
fn mismatch(response_type: Option<String>, problem: BodyProblem) -> ResponseProblem {
    ResponseProblem::Mismatch {
        not_json: None,
        response_type,
        expected: problem.expected,
        path: problem.path,
        message: problem.message,
    }
}

#[cfg(test)]
mod tests {
    use http::header::{HeaderName, HeaderValue};
    use serde_json::json;

    use super::*;
    use flow_model::RESPONSE_TYPE_HEADER;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn rt(value: &str) -> HeaderMap {
        headers(&[("X-DF-Response-Type", value)])
    }

    const STEP: &str = r#"{"id": "next", "title": "Next", "schemas": [], "layout": []}"#;

    fn exiting(result: Option<&Value>) -> Trigger<'_> {
        Trigger { exit: true, result }
    }

    // Row 1: 2xx, exit true, header ignored → Exit(merge(body, result)).
    #[test]
    fn row_exit_action_merges_and_ignores_the_header() {
        let result = json!({"a": 1});
        for h in [HeaderMap::new(), rt("step"), rt("teleport"), rt("no-op")] {
            let r = classify_response(exiting(Some(&result)), 200, &h, br#"{"a": 2, "b": 3}"#);
            assert_eq!(r, Response::Exit(json!({"a": 1, "b": 3})));
        }
        assert_eq!(
            classify_response(exiting(Some(&result)), 204, &HeaderMap::new(), b""),
            Response::Exit(json!({"a": 1}))
        );
        assert_eq!(
            classify_response(exiting(None), 200, &HeaderMap::new(), b"  \n"),
            Response::Exit(Value::Null)
        );
        assert_eq!(
            classify_response(exiting(None), 201, &HeaderMap::new(), b"[1]"),
            Response::Exit(json!([1]))
        );
    }

    #[test]
    fn row_exit_action_with_non_json_body_is_a_mismatch() {
        let r = classify_response(exiting(None), 200, &HeaderMap::new(), b"<html>ok</html>");
        assert!(matches!(r, Response::Invalid(ResponseProblem::Mismatch { expected: "JSON", .. })), "{r:?}");
    }

    #[test]
    fn a_body_that_is_not_json_is_described_by_its_content_type_and_first_bytes() {
        let page = format!("<!doctype html><title>502</title>{}", "x".repeat(200));
        let r = classify_response(
            Trigger::moving(),
            200,
            &headers(&[("content-type", "text/html; charset=utf-8")]),
            page.as_bytes(),
        );
        let Response::Invalid(problem @ ResponseProblem::Mismatch { not_json: Some(seen), .. }) = &r else {
            panic!("{r:?}")
        };
        assert_eq!(seen.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(seen.length, page.len());
        assert!(seen.start.starts_with("<!doctype html><title>502</title>x") && seen.start.ends_with('…'));
        let text = problem.to_string();
        assert!(
            text.contains("; the body is text/html; charset=utf-8 (233 bytes), not JSON: \"<!doctype html>"),
            "{text}"
        );
        // JSON that is not a step says nothing of the kind.
        let r = classify_response(Trigger::moving(), 200, &HeaderMap::new(), br#"{"id": 1}"#);
        assert!(matches!(r, Response::Invalid(ResponseProblem::Mismatch { not_json: None, .. })), "{r:?}");
    }

    // Row 2: 2xx, not exiting, header exit → Exit, same merge.
    #[test]
    fn row_exit_header() {
        let result = json!({"r": true});
        let trigger = Trigger { exit: false, result: Some(&result) };
        assert_eq!(
            classify_response(trigger, 200, &rt("exit"), br#"{"b": 1}"#),
            Response::Exit(json!({"b": 1, "r": true}))
        );
        assert_eq!(
            classify_response(Trigger::moving(), 200, &rt(" EXIT "), b""),
            Response::Exit(Value::Null)
        );
        let r = classify_response(Trigger::moving(), 200, &rt("exit"), b"done!");
        assert!(matches!(r, Response::Invalid(ResponseProblem::Mismatch { .. })));
    }

    // Row 3: 2xx, header step or absent → Step.
    #[test]
    fn row_step_with_header_or_without() {
        for h in [rt("step"), rt("Step"), HeaderMap::new(), rt("  ")] {
            match classify_response(Trigger::moving(), 200, &h, STEP.as_bytes()) {
                Response::Step { step, etag } => {
                    assert_eq!(step.id(), "next");
                    assert_eq!(etag, None);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn step_keeps_the_etag() {
        let h = headers(&[("X-DF-Response-Type", "step"), ("ETag", "\"v2\"")]);
        match classify_response(Trigger::moving(), 200, &h, STEP.as_bytes()) {
            Response::Step { etag, .. } => assert_eq!(etag.as_deref(), Some("\"v2\"")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn step_mismatches_name_the_path() {
        let r = classify_response(Trigger::moving(), 200, &rt("step"), br#"{"id": "x", "layout": {"a": 1}}"#);
        match r {
            Response::Invalid(ResponseProblem::Mismatch { path, response_type, .. }) => {
                assert_eq!(path.as_str(), "/layout");
                assert_eq!(response_type.as_deref(), Some("step"));
            }
            other => panic!("{other:?}"),
        }
        let r = classify_response(Trigger::moving(), 200, &HeaderMap::new(), br#"{"status": "PENDING"}"#);
        match r {
            Response::Invalid(problem @ ResponseProblem::Mismatch { .. }) => {
                assert_eq!(
                    problem.to_string(),
                    "body is not a step (X-DF-Response-Type: absent): at /layout: missing layout array"
                );
            }
            other => panic!("{other:?}"),
        }
        for body in [&b""[..], b"not json", b"[]", b"\"step\""] {
            let r = classify_response(Trigger::moving(), 200, &rt("step"), body);
            assert!(
                matches!(r, Response::Invalid(ResponseProblem::Mismatch { expected: "a step", .. })),
                "{r:?}"
            );
        }
    }

    // Row 4: 2xx, header action → Action Response Body.
    #[test]
    fn row_action() {
        let r = classify_response(
            Trigger::moving(),
            200,
            &rt("action"),
            br#"{"action": {"url": "/next", "data": {"k": 1}}}"#,
        );
        match r {
            Response::Action(action) => {
                assert_eq!(action.url.as_deref(), Some("/next"));
                assert_eq!(action.data, Some(json!({"k": 1})));
            }
            other => panic!("{other:?}"),
        }
        let r = classify_response(Trigger::moving(), 200, &rt("action"), STEP.as_bytes());
        match r {
            Response::Invalid(ResponseProblem::Mismatch { path, .. }) => assert_eq!(path.as_str(), ""),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn legacy_action_body_without_header_is_performed() {
        let r = classify_response(
            Trigger::moving(),
            200,
            &HeaderMap::new(),
            br#"{"action": {"exit": true, "result": 1}}"#,
        );
        assert!(matches!(r, Response::Action(ref a) if a.is_exit()), "{r:?}");
        // A step that happens to have an `action` member is still a step.
        let body = br#"{"id": "s", "layout": [], "action": {"url": "/x"}}"#;
        assert!(matches!(
            classify_response(Trigger::moving(), 200, &HeaderMap::new(), body),
            Response::Step { .. }
        ));
    }

    // Row 5: 2xx, header modal → Modal.
    #[test]
    fn row_modal() {
        let body = br#"{"title": "Info", "content": [{"type": "paragraph", "text": "Hi"}]}"#;
        match classify_response(Trigger::moving(), 200, &rt("modal"), body) {
            Response::Modal(modal) => {
                assert_eq!(modal.title.as_deref(), Some("Info"));
                assert_eq!(modal.content.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        let r = classify_response(Trigger::moving(), 200, &rt("modal"), br#"{"content": "text"}"#);
        assert!(
            matches!(r, Response::Invalid(ResponseProblem::Mismatch { ref path, .. }) if path.as_str() == "/content")
        );
    }

    // Row 6: 2xx, header no-op → nothing changes (the body is ignored).
    #[test]
    fn row_no_op() {
        assert_eq!(classify_response(Trigger::moving(), 200, &rt("no-op"), b"whatever"), Response::NoOp);
        assert_eq!(classify_response(Trigger::moving(), 204, &rt("NO-OP"), b""), Response::NoOp);
    }

    // Row 7: 2xx, header subflow → Subflow.
    #[test]
    fn row_subflow() {
        let body = br#"{"referrerId": "r1", "resultKey": "kyc",
            "launchConfig": {"type": "dynamic", "request": {"url": "/kyc/start"}},
            "onCompletion": {"type": "action", "action": {"url": "/done"}}}"#;
        match classify_response(Trigger::moving(), 200, &rt("subflow"), body) {
            Response::Subflow(subflow) => {
                assert_eq!(subflow.referrer_id.as_deref(), Some("r1"));
                assert_eq!(subflow.result_key.as_deref(), Some("kyc"));
                assert!(subflow.on_completion.is_some());
            }
            other => panic!("{other:?}"),
        }
        let r = classify_response(Trigger::moving(), 200, &rt("subflow"), br#"{"referrerId": "r1"}"#);
        assert!(
            matches!(r, Response::Invalid(ResponseProblem::Mismatch { ref path, .. }) if path.as_str() == "/launchConfig"),
            "{r:?}"
        );
    }

    // Row 8: 304 → unchanged, whatever the exit flag or headers.
    #[test]
    fn row_not_modified() {
        assert_eq!(classify_response(Trigger::moving(), 304, &HeaderMap::new(), b""), Response::Unchanged);
        assert_eq!(classify_response(exiting(None), 304, &rt("exit"), b""), Response::Unchanged);
    }

    // Row 9: 400–599, any exit flag, header ignored → Error Response Body.
    #[test]
    fn row_error_response_body() {
        let body = br#"{"error": "Check the amount", "validation": {"amount": "Must be above 0"}, "refreshUrl": "/r"}"#;
        for (trigger, status, h) in [
            (Trigger::moving(), 422, HeaderMap::new()),
            (exiting(None), 500, rt("exit")),
            (Trigger::moving(), 599, rt("x")),
        ] {
            match classify_response(trigger, status, &h, body) {
                Response::Error { status: s, body, generic } => {
                    assert_eq!(s, status);
                    assert!(!generic);
                    assert_eq!(body.error.as_deref(), Some("Check the amount"));
                    assert_eq!(body.validation, Some(json!({"amount": "Must be above 0"})));
                    assert_eq!(body.refresh_url.as_deref(), Some("/r"));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn unreadable_error_bodies_give_a_generic_error() {
        for body in
            [&b""[..], b"Internal Server Error", b"[1, 2]", br#"{"error": 42}"#, br#"{"message": "x"}"#]
        {
            match classify_response(Trigger::moving(), 500, &HeaderMap::new(), body) {
                Response::Error { status: 500, body, generic: true } => {
                    assert_eq!(body.error.as_deref(), Some(GENERIC_ERROR));
                }
                other => panic!("{other:?}"),
            }
        }
        // Validation only: no generic message added.
        match classify_response(Trigger::moving(), 400, &HeaderMap::new(), br#"{"validation": {"a": "bad"}}"#)
        {
            Response::Error { generic: false, body, .. } => assert_eq!(body.error, None),
            other => panic!("{other:?}"),
        }
    }

    // A body that does not fit its header / unknown header → host-visible error.
    #[test]
    fn unknown_header_value() {
        let r = classify_response(Trigger::moving(), 200, &rt(" Teleport "), STEP.as_bytes());
        assert_eq!(r, Response::Invalid(ResponseProblem::UnknownResponseType { value: "Teleport".into() }));
        assert_eq!(
            ResponseProblem::UnknownResponseType { value: "x".into() }.to_string(),
            "unknown X-DF-Response-Type \"x\""
        );
    }

    #[test]
    fn statuses_without_a_row() {
        for status in [100, 101, 199, 300, 301, 302, 307, 399, 600, 999] {
            assert_eq!(
                classify_response(Trigger::moving(), status, &HeaderMap::new(), b""),
                Response::Invalid(ResponseProblem::UnexpectedStatus { status })
            );
        }
    }

    #[test]
    fn header_name_is_case_insensitive() {
        let h = headers(&[("x-df-response-type", "no-op")]);
        assert_eq!(classify_response(Trigger::moving(), 200, &h, b""), Response::NoOp);
    }

    #[test]
    fn total_on_arbitrary_input() {
        // Whatever the bytes, classify returns (never panics).
        let bodies: [&[u8]; 6] = [b"", b"\xff\xfe", b"{", b"null", b"{\"layout\": null}", b"{\"action\": 1}"];
        let types = ["step", "action", "exit", "modal", "no-op", "subflow", "zzz", ""];
        for status in [0u16, 200, 204, 304, 404, 500, 700] {
            for body in bodies {
                for t in types {
                    let _ = classify_response(Trigger::moving(), status, &rt(t), body);
                    let _ = classify_response(exiting(None), status, &rt(t), body);
                }
            }
        }
    }

    #[test]
    fn conflicting_header_values_are_an_unknown_response_type_as_in_polling() {
        let mut map = HeaderMap::new();
        map.append(RESPONSE_TYPE_HEADER, HeaderValue::from_static("step"));
        map.append(RESPONSE_TYPE_HEADER, HeaderValue::from_static("exit"));
        match classify_response(Trigger::moving(), 200, &map, STEP.as_bytes()) {
            Response::Invalid(ResponseProblem::UnknownResponseType { value }) => {
                assert_eq!(value, "step, exit")
            }
            other => panic!("{other:?}"),
        }
        let mut agreeing = HeaderMap::new();
        agreeing.append(RESPONSE_TYPE_HEADER, HeaderValue::from_static("step"));
        agreeing.append(RESPONSE_TYPE_HEADER, HeaderValue::from_static(" STEP "));
        assert!(matches!(
            classify_response(Trigger::moving(), 200, &agreeing, STEP.as_bytes()),
            Response::Step { .. }
        ));
    }
}
