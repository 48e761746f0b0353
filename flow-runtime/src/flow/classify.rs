//! The polling table of spec §4.3 as one pure, total function:
//! [`classify_poll_answer`]
//! turns a poll response (status, headers, body bytes) into a
//! [`PollDecision`]: keep polling, show a step, perform an action, exit,
//! hand a modal or a subflow over, or fail (reason `status` or `mismatch`).
//!
//! Rows are evaluated in the spec's order:
//!
//! 1. status >= 400 → fail (`status`), whatever the headers;
//! 2. 304 → keep polling;
//! 3. any other status that is not 2xx (1xx, 3xx: redirects were already
//!    followed) → fail (`status`);
//! 4. 2xx with `X-DF-Response-Type` (name case-insensitive, value trimmed and
//!    compared case-insensitively): `step`, `action`, `exit`, `modal`,
//!    `subflow` need a body of that kind, else fail (`mismatch`); `no-op`
//!    keeps polling; any other value fails (`mismatch`);
//! 5. 2xx without the header: empty body → keep polling; an object with an
//!    `action` object member → perform it; an object with a `layout` array →
//!    show it as a step; anything else (`{"status": "PENDING"}`, text) →
//!    keep polling.
//!
//! Decisions taken here, where the spec is silent:
//!
//! * **Bodies and the header** are read as the §5 table reads them
//!   ([`body`](super::body): empty means zero bytes or whitespace, a blank
//!   header is absent, a step needs a `layout` array, a subflow a
//!   `launchConfig`, an exit body is empty or JSON, the `ETag` is kept when
//!   it is visible ASCII).
//! * **Several `X-DF-Response-Type` values** that do not all name the same
//!   kind are a `mismatch`. A value that is not UTF-8 is an unknown value
//!   (`mismatch`).
//! * **A step** without the header: an object whose `layout` is an array but that does not read as
//!   a Step is a `mismatch` (naming the JSON Pointer of the problem), not
//!   "keep polling": it is a broken step, not a status payload.
//! * **Without the header, an `action` member** makes the body a 1.x Action
//!   Response Body only when it is an object (an Action is an object): a
//!   body like `{"status": "PENDING", "action": "none"}` keeps polling; an
//!   object member that does not read as an Action is a `mismatch`. When a
//!   body has both an `action` object and a `layout` array, the action wins
//!   (the order of §4.3, rule 5).
//! * **`modal`** bodies must read as a Modal Response Body (`{}` does).
//! * **`exit`**: an empty body exits with `null`, a JSON body with that value
//!   (`merge(body, null)`), anything else is a `mismatch`.

use std::fmt;

use http::header::HeaderMap;
use http::StatusCode;
use serde_json::Value;
use thiserror::Error;

use flow_model::{Action, ModalResponseBody, ResponseType, Step, SubflowResponseBody, RESPONSE_TYPE_HEADER};

use super::body::{self, etag, is_blank, read, read_action, read_exit, read_step, read_subflow};
use super::merge::merge_owned;
use super::shape::Shape;

/// Why polling failed; [`PollFailure::reason`] is the wire reason the host
/// is told (spec §4.3).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PollFailure {
    /// The poll answered with a status >= 400, or another status that is
    /// neither 2xx nor 304.
    #[error("polling answered with HTTP status {0}")]
    Status(u16),
    /// The last allowed attempt did not end polling.
    #[error("polling used all its attempts without an answer that moves the flow on")]
    MaxAttempts,
    /// The body did not fit its `X-DF-Response-Type` (or the value is unknown).
    #[error("poll response mismatch: {0}")]
    Mismatch(String),
    /// The polling configuration is unusable (no request was sent).
    #[error("invalid polling configuration: {0}")]
    Invalid(String),
}

impl PollFailure {
    /// The reason as the protocol names it: `"status"`, `"max_attempts"`,
    /// `"mismatch"` or `"invalid"`.
    ///
    /// ```
    /// use flow_runtime::flow::classify::PollFailure;
    /// assert_eq!(PollFailure::Status(503).reason(), "status");
    /// assert_eq!(PollFailure::MaxAttempts.reason(), "max_attempts");
    /// ```
    pub fn reason(&self) -> &'static str {
        match self {
            PollFailure::Status(_) => "status",
            PollFailure::MaxAttempts => "max_attempts",
            PollFailure::Mismatch(_) => "mismatch",
            PollFailure::Invalid(_) => "invalid",
        }
    }
}

/// What one poll response means (spec §4.3).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PollDecision {
    /// Not final: poll again (this uses up one attempt).
    KeepPolling,
    /// Show this step; polling ends.
    Step {
        /// The step.
        step: Box<Step>,
        /// The response's `ETag`, if it had a usable one.
        etag: Option<String>,
    },
    /// Perform this action (it skips validation and sends only its own data).
    Action(Action),
    /// Exit the flow with this result (`merge(body, null)`).
    Exit(Value),
    /// Hand this modal to the host (as in §5).
    Modal(ModalResponseBody),
    /// Launch this subflow (as in §5).
    Subflow(SubflowResponseBody),
    /// Polling failed (`Status` or `Mismatch`); `onError` runs.
    Fail(PollFailure),
}

/// The kind of a [`PollDecision`], without its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PollDecisionKind {
    /// [`PollDecision::KeepPolling`] (also: a transport failure).
    KeepPolling,
    /// [`PollDecision::Step`].
    Step,
    /// [`PollDecision::Action`].
    Action,
    /// [`PollDecision::Exit`].
    Exit,
    /// [`PollDecision::Modal`].
    Modal,
    /// [`PollDecision::Subflow`].
    Subflow,
    /// [`PollDecision::Fail`].
    Fail,
}

impl PollDecisionKind {
    /// `"keep_polling"`, `"step"`, `"action"`, `"exit"`, `"modal"`,
    /// `"subflow"` or `"fail"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PollDecisionKind::KeepPolling => "keep_polling",
            PollDecisionKind::Step => "step",
            PollDecisionKind::Action => "action",
            PollDecisionKind::Exit => "exit",
            PollDecisionKind::Modal => "modal",
            PollDecisionKind::Subflow => "subflow",
            PollDecisionKind::Fail => "fail",
        }
    }
}

impl fmt::Display for PollDecisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PollDecision {
    /// The kind of this decision.
    pub fn kind(&self) -> PollDecisionKind {
        match self {
            PollDecision::KeepPolling => PollDecisionKind::KeepPolling,
            PollDecision::Step { .. } => PollDecisionKind::Step,
            PollDecision::Action(_) => PollDecisionKind::Action,
            PollDecision::Exit(_) => PollDecisionKind::Exit,
            PollDecision::Modal(_) => PollDecisionKind::Modal,
            PollDecision::Subflow(_) => PollDecisionKind::Subflow,
            PollDecision::Fail(_) => PollDecisionKind::Fail,
        }
    }
}

/// Applies the §4.3 table (see the module docs for the decisions taken).
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// use flow_runtime::flow::classify::{classify_poll_answer, PollDecision, PollFailure};
///
/// let none = HeaderMap::new();
/// assert_eq!(classify_poll_answer(StatusCode::OK, &none, b""), PollDecision::KeepPolling);
/// assert_eq!(classify_poll_answer(StatusCode::OK, &none, br#"{"status": "PENDING"}"#), PollDecision::KeepPolling);
/// assert_eq!(classify_poll_answer(StatusCode::NOT_MODIFIED, &none, b""), PollDecision::KeepPolling);
/// assert_eq!(
///     classify_poll_answer(StatusCode::BAD_GATEWAY, &none, b""),
///     PollDecision::Fail(PollFailure::Status(502))
/// );
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-df-response-type", " Exit ".parse().unwrap());
/// assert_eq!(
///     classify_poll_answer(StatusCode::OK, &headers, br#"{"paid": true}"#),
///     PollDecision::Exit(serde_json::json!({"paid": true}))
/// );
/// ```
pub fn classify_poll_answer(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> PollDecision {
    let code = status.as_u16();
    if code >= 400 {
        return PollDecision::Fail(PollFailure::Status(code));
    }
    if status == StatusCode::NOT_MODIFIED {
        return PollDecision::KeepPolling;
    }
    if !status.is_success() {
        return PollDecision::Fail(PollFailure::Status(code));
    }
    match body::response_type(headers) {
        Ok(Some(kind)) => with_header(&kind, headers, body),
        Ok(None) => without_header(headers, body),
        Err(conflict) => mismatch(conflict.to_string()),
    }
}

fn with_header(kind: &ResponseType, headers: &HeaderMap, body: &[u8]) -> PollDecision {
    let named = |problem: body::BodyProblem| mismatch(format!("{RESPONSE_TYPE_HEADER} {kind}: {problem}"));
    match kind {
        ResponseType::Step => read_step(body)
            .map_or_else(named, |step| PollDecision::Step { step: Box::new(step), etag: etag(headers) }),
        ResponseType::Action => read_action(body).map_or_else(named, PollDecision::Action),
        ResponseType::Exit => {
            read_exit(body).map_or_else(named, |value| PollDecision::Exit(merge_owned(value, None)))
        }
        ResponseType::Modal => {
            read::<ModalResponseBody>(body, "a Modal Response Body").map_or_else(named, PollDecision::Modal)
        }
        ResponseType::Subflow => read_subflow(body).map_or_else(named, PollDecision::Subflow),
        ResponseType::NoOp => PollDecision::KeepPolling,
        // Unknown values, and any kind a later flow-model adds.
        other => mismatch(format!("unknown {RESPONSE_TYPE_HEADER} {:?}", other.as_str())),
    }
}

fn without_header(headers: &HeaderMap, body: &[u8]) -> PollDecision {
    if is_blank(body) {
        return PollDecision::KeepPolling;
    }
    // Only two members matter here: the body is scanned, not built.
    let Ok(Shape::Object { action_object, layout_array }) = serde_json::from_slice::<Shape>(body) else {
        return PollDecision::KeepPolling;
    };
    let found = |problem: body::BodyProblem| mismatch(problem.to_string());
    if action_object {
        return read_action(body).map_or_else(found, PollDecision::Action);
    }
    if layout_array {
        return read_step(body)
            .map_or_else(found, |step| PollDecision::Step { step: Box::new(step), etag: etag(headers) });
    }
    PollDecision::KeepPolling
}

fn mismatch(message: String) -> PollDecision {
    PollDecision::Fail(PollFailure::Mismatch(message))
}

#[cfg(test)]
mod tests {
    use http::header::{HeaderName, HeaderValue};
    use serde_json::json;

    use super::*;

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        map
    }

    fn rt(value: &str) -> HeaderMap {
        headers(&[("X-DF-Response-Type", value.as_bytes())])
    }

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    fn ok(headers: &HeaderMap, body: &str) -> PollDecision {
        classify_poll_answer(StatusCode::OK, headers, body.as_bytes())
    }

    fn mismatch_text(decision: PollDecision) -> String {
        match decision {
            PollDecision::Fail(PollFailure::Mismatch(message)) => message,
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }

    const STEP: &str =
        r#"{"id": "done", "title": "Done", "schemas": [], "layout": [{"type": "heading", "text": "Hi"}]}"#;

    // Row 1: status >= 400, whatever the headers → onError (status).
    #[test]
    fn row1_error_statuses_fail_with_status_whatever_the_headers() {
        for code in [400, 401, 404, 409, 429, 500, 502, 503, 599, 600, 999] {
            for h in [HeaderMap::new(), rt("step"), rt("no-op"), rt("exit")] {
                assert_eq!(
                    classify_poll_answer(status(code), &h, STEP.as_bytes()),
                    PollDecision::Fail(PollFailure::Status(code)),
                    "{code}"
                );
            }
        }
    }

    // Row 2: 304 → keep polling, whatever the headers and body.
    #[test]
    fn row2_not_modified_keeps_polling() {
        for h in [HeaderMap::new(), rt("step"), rt("exit"), rt("teleport")] {
            assert_eq!(classify_poll_answer(StatusCode::NOT_MODIFIED, &h, b""), PollDecision::KeepPolling);
            assert_eq!(
                classify_poll_answer(StatusCode::NOT_MODIFIED, &h, STEP.as_bytes()),
                PollDecision::KeepPolling
            );
        }
    }

    // Row 3: not 2xx (after redirects) → onError (status): 1xx and 3xx.
    #[test]
    fn row3_other_non_2xx_statuses_fail_with_status() {
        for code in [100, 101, 103, 199, 300, 301, 302, 303, 305, 307, 308, 399] {
            assert_eq!(
                classify_poll_answer(status(code), &rt("step"), STEP.as_bytes()),
                PollDecision::Fail(PollFailure::Status(code))
            );
            assert_eq!(
                classify_poll_answer(status(code), &HeaderMap::new(), b""),
                PollDecision::Fail(PollFailure::Status(code))
            );
        }
    }

    // Row 4: every 2xx variant is a success.
    #[test]
    fn row4_every_2xx_reads_the_header() {
        for code in [200, 201, 202, 203, 206, 299] {
            assert_eq!(
                classify_poll_answer(status(code), &rt("exit"), br#"{"a": 1}"#),
                PollDecision::Exit(json!({"a": 1})),
                "{code}"
            );
        }
        // 204 with no body and no header: keep polling.
        assert_eq!(
            classify_poll_answer(StatusCode::NO_CONTENT, &HeaderMap::new(), b""),
            PollDecision::KeepPolling
        );
    }

    // Row 4, step: a Step → show it, with its ETag; anything else → mismatch.
    #[test]
    fn row4_step_header_shows_the_step_and_keeps_the_etag() {
        let h = headers(&[("X-DF-Response-Type", b"step"), ("ETag", b"W/\"42\"")]);
        match ok(&h, STEP) {
            PollDecision::Step { step, etag } => {
                assert_eq!(step.id(), "done");
                assert_eq!(step.layout().len(), 1);
                assert_eq!(etag.as_deref(), Some("W/\"42\""));
            }
            other => panic!("{other:?}"),
        }
        match ok(&rt("step"), STEP) {
            PollDecision::Step { etag, .. } => assert_eq!(etag, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn row4_step_header_with_a_body_that_is_not_a_step_is_a_mismatch() {
        let message = mismatch_text(ok(&rt("step"), r#"{"id": "x", "layout": [], "title": 5}"#));
        assert!(message.contains("/title"), "{message}");
        assert!(message.starts_with("X-DF-Response-Type step: body is not a step"), "{message}");
        let message = mismatch_text(ok(&rt("step"), r#"{"id": "x", "title": "No layout"}"#));
        assert!(message.contains("/layout: missing layout array"), "{message}");
        let message = mismatch_text(ok(&rt("step"), r#"{"id": "x", "layout": [7]}"#));
        assert!(message.contains("/layout/0"), "{message}");
        for body in ["", "   ", "<html>", "[]", "null", r#""step""#, r#"{"layout": {}}"#, "{"] {
            mismatch_text(ok(&rt("step"), body));
        }
    }

    // Row 4, action: {"action": Action} → perform it; otherwise mismatch.
    #[test]
    fn row4_action_header() {
        match ok(&rt("action"), r#"{"action": {"url": "/next", "method": "GET", "data": {"k": 1}}}"#) {
            PollDecision::Action(action) => {
                assert_eq!(action.url.as_deref(), Some("/next"));
                assert_eq!(action.method(), "GET");
                assert_eq!(action.data, Some(json!({"k": 1})));
            }
            other => panic!("{other:?}"),
        }
        let message = mismatch_text(ok(&rt("action"), r#"{"url": "/next"}"#));
        assert!(message.contains("action"), "{message}");
        let message = mismatch_text(ok(&rt("action"), r#"{"action": {"url": 7}}"#));
        assert!(message.contains("/action/url"), "{message}");
        for body in ["", "text", r#"{"action": null}"#, "[1]"] {
            mismatch_text(ok(&rt("action"), body));
        }
    }

    // Row 4, exit: empty or JSON body → exit with merge(body, null); else mismatch.
    #[test]
    fn row4_exit_header() {
        assert_eq!(ok(&rt("exit"), ""), PollDecision::Exit(Value::Null));
        assert_eq!(ok(&rt("exit"), " \r\n\t"), PollDecision::Exit(Value::Null));
        assert_eq!(ok(&rt("exit"), r#"{"paid": true}"#), PollDecision::Exit(json!({"paid": true})));
        assert_eq!(ok(&rt("exit"), "{}"), PollDecision::Exit(json!({})));
        assert_eq!(ok(&rt("exit"), "[1, 2]"), PollDecision::Exit(json!([1, 2])));
        assert_eq!(ok(&rt("exit"), "\"done\""), PollDecision::Exit(json!("done")));
        assert_eq!(ok(&rt("exit"), "null"), PollDecision::Exit(Value::Null));
        let message = mismatch_text(ok(&rt("exit"), "thanks!"));
        assert!(message.contains("exit: body is not JSON"), "{message}");
        mismatch_text(classify_poll_answer(StatusCode::OK, &rt("exit"), b"\xff\xfe"));
    }

    // Row 4, modal and subflow: a body of that kind → handled as in §5.
    #[test]
    fn row4_modal_header() {
        let body = r#"{"title": "Almost", "content": [{"type": "paragraph", "text": "Wait"}]}"#;
        match ok(&rt("modal"), body) {
            PollDecision::Modal(modal) => {
                assert_eq!(modal.title.as_deref(), Some("Almost"));
                assert_eq!(modal.content.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        let message = mismatch_text(ok(&rt("modal"), r#"{"content": "text"}"#));
        assert!(message.contains("/content"), "{message}");
        for body in ["", "text", "[]"] {
            mismatch_text(ok(&rt("modal"), body));
        }
    }

    #[test]
    fn row4_subflow_header() {
        let body =
            r#"{"referrerId": "kyc", "launchConfig": {"type": "dynamic", "request": {"url": "/kyc"}}}"#;
        match ok(&rt("subflow"), body) {
            PollDecision::Subflow(subflow) => assert_eq!(subflow.referrer_id.as_deref(), Some("kyc")),
            other => panic!("{other:?}"),
        }
        let message = mismatch_text(ok(&rt("subflow"), r#"{"referrerId": "kyc"}"#));
        assert!(message.contains("/launchConfig"), "{message}");
        let message = mismatch_text(ok(&rt("subflow"), r#"{"launchConfig": {}, "onCompletion": 3}"#));
        assert!(message.contains("/onCompletion"), "{message}");
        mismatch_text(ok(&rt("subflow"), ""));
    }

    // Row 4, no-op: keep polling, whatever the body.
    #[test]
    fn row4_no_op_keeps_polling() {
        for body in ["", STEP, "garbage", r#"{"action": {"exit": true}}"#] {
            assert_eq!(ok(&rt("no-op"), body), PollDecision::KeepPolling);
        }
    }

    // Row 4, any other value → mismatch.
    #[test]
    fn row4_unknown_values_are_a_mismatch() {
        for value in ["teleport", "steps", "no_op", "noop", "step, exit", "\"step\""] {
            let message = mismatch_text(ok(&rt(value), STEP));
            assert!(message.contains("unknown X-DF-Response-Type"), "{message}");
        }
        // Not UTF-8: an unknown value.
        let h = headers(&[("X-DF-Response-Type", b"st\xe9p")]);
        mismatch_text(ok(&h, STEP));
    }

    // Odd header spellings and values.
    #[test]
    fn header_name_case_and_value_case_and_spaces() {
        for name in ["X-DF-Response-Type", "x-df-response-type", "X-DF-RESPONSE-TYPE", "x-Df-ReSpOnSe-TyPe"] {
            for value in ["exit", "EXIT", " Exit ", "\texit", "eXiT  "] {
                let h = headers(&[(name, value.as_bytes())]);
                assert_eq!(ok(&h, "1"), PollDecision::Exit(json!(1)), "{name}: {value:?}");
            }
        }
    }

    #[test]
    fn blank_header_value_counts_as_no_header() {
        for value in ["", " ", "\t "] {
            assert_eq!(ok(&rt(value), ""), PollDecision::KeepPolling);
            assert!(matches!(ok(&rt(value), STEP), PollDecision::Step { .. }));
        }
    }

    #[test]
    fn repeated_header_values() {
        let same = headers(&[("X-DF-Response-Type", b"step"), ("x-df-response-type", b" STEP")]);
        assert!(matches!(ok(&same, STEP), PollDecision::Step { .. }));
        let conflicting = headers(&[("X-DF-Response-Type", b"step"), ("X-DF-Response-Type", b"exit")]);
        let message = mismatch_text(ok(&conflicting, STEP));
        assert!(message.contains("conflicting"), "{message}");
        let with_blank = headers(&[("X-DF-Response-Type", b""), ("X-DF-Response-Type", b"exit")]);
        assert_eq!(ok(&with_blank, ""), PollDecision::Exit(Value::Null));
    }

    // Row 5: 2xx without the header.
    #[test]
    fn row5_empty_body_keeps_polling() {
        assert_eq!(ok(&HeaderMap::new(), ""), PollDecision::KeepPolling);
        assert_eq!(ok(&HeaderMap::new(), " \n "), PollDecision::KeepPolling);
    }

    #[test]
    fn row5_legacy_action_body_is_performed() {
        match ok(&HeaderMap::new(), r#"{"action": {"url": "/finish", "exit": true, "result": {"ok": 1}}}"#) {
            PollDecision::Action(action) => {
                assert!(action.is_exit());
                assert_eq!(action.result, Some(json!({"ok": 1})));
            }
            other => panic!("{other:?}"),
        }
        // The action wins over a layout (the order of rule 5).
        let both = r#"{"action": {"url": "/a"}, "layout": [], "id": "s"}"#;
        assert!(matches!(ok(&HeaderMap::new(), both), PollDecision::Action(_)));
        // An `action` object that is not an Action: a broken 1.x body.
        let message = mismatch_text(ok(&HeaderMap::new(), r#"{"action": {"exit": "yes"}}"#));
        assert!(message.contains("/action/exit"), "{message}");
    }

    #[test]
    fn row5_a_step_without_header_is_shown() {
        let h = headers(&[("etag", b"\"7\"")]);
        match ok(&h, STEP) {
            PollDecision::Step { step, etag } => {
                assert_eq!(step.id(), "done");
                assert_eq!(etag.as_deref(), Some("\"7\""));
            }
            other => panic!("{other:?}"),
        }
        // A layout array that does not read as layouts: a broken step.
        let message = mismatch_text(ok(&HeaderMap::new(), r#"{"layout": [42]}"#));
        assert!(message.contains("/layout/0"), "{message}");
    }

    #[test]
    fn row5_anything_else_keeps_polling() {
        for body in [
            r#"{"status": "PENDING"}"#,
            r#"{"status": "PENDING", "action": "none"}"#,
            r#"{"action": null}"#,
            r#"{"layout": "soon"}"#,
            r#"{"layout": null}"#,
            "[]",
            "[{\"layout\": []}]",
            "42",
            "\"waiting\"",
            "null",
            "true",
            "Please wait…",
            "<html><body>busy</body></html>",
            "{",
            "{\"a\": 1} trailing",
        ] {
            assert_eq!(ok(&HeaderMap::new(), body), PollDecision::KeepPolling, "{body}");
        }
        assert_eq!(
            classify_poll_answer(StatusCode::OK, &HeaderMap::new(), b"\xff\xfe\x00"),
            PollDecision::KeepPolling
        );
        let deep = "[".repeat(10_000);
        assert_eq!(ok(&HeaderMap::new(), &deep), PollDecision::KeepPolling);
    }

    #[test]
    fn etag_that_is_not_text_is_dropped() {
        let h = headers(&[("X-DF-Response-Type", b"step"), ("ETag", b"\"\xe9\"")]);
        match ok(&h, STEP) {
            PollDecision::Step { etag, .. } => assert_eq!(etag, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn total_on_arbitrary_input() {
        let bodies: [&[u8]; 9] = [
            b"",
            b"\xff",
            b"{",
            b"null",
            b"{\"layout\": null}",
            b"{\"action\": 1}",
            b"[[[[",
            b"{\"layout\": [{}]}",
            b"{}",
        ];
        let values: [&[u8]; 9] =
            [b"step", b"action", b"exit", b"modal", b"no-op", b"subflow", b"zzz", b"", b"\x80"];
        for code in [100, 200, 204, 299, 300, 304, 399, 400, 500, 999] {
            for body in bodies {
                for value in values {
                    let h = headers(&[("X-DF-Response-Type", value)]);
                    let decision = classify_poll_answer(status(code), &h, body);
                    if code >= 400 || !(200..300).contains(&code) && code != 304 {
                        assert_eq!(decision.kind(), PollDecisionKind::Fail);
                    }
                }
            }
        }
    }

    #[test]
    fn failure_reasons_and_messages() {
        assert_eq!(PollFailure::Status(500).reason(), "status");
        assert_eq!(PollFailure::MaxAttempts.reason(), "max_attempts");
        assert_eq!(PollFailure::Mismatch(String::new()).reason(), "mismatch");
        assert_eq!(PollFailure::Invalid(String::new()).reason(), "invalid");
        assert_eq!(PollFailure::Status(502).to_string(), "polling answered with HTTP status 502");
        assert_eq!(PollDecisionKind::KeepPolling.to_string(), "keep_polling");
    }
}
