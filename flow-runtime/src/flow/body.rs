//! Reading what a response carries, one way for both protocol tables (the
//! poll answer table of §4.3 in [`classify`](super::classify) and the
//! response table of §5 in [`respond`](super::respond)): the
//! `X-DF-Response-Type` header, the `ETag`, and each kind of body, with a
//! [`BodyProblem`] naming the JSON Pointer of what did not fit.
//!
//! The rules, once:
//!
//! * **The header** is read by [`ResponseType::from_header_values`]: blank is
//!   absent, agreeing repeats count once, disagreeing repeats are an error.
//! * **An empty body** is zero bytes or ASCII whitespace only.
//! * **A step** reads as [`Step`] and has a `layout` array.
//! * **A subflow** reads as a Subflow Response Body and has a `launchConfig`.
//! * **An exit body** is empty (no body) or any JSON value.
//! * **The `ETag`** is kept when it is visible ASCII text; another value is
//!   dropped (it could not be sent back in `If-None-Match`).

use std::fmt;

use http::header::{HeaderMap, ETAG};
use serde::de::DeserializeOwned;
use serde_json::Value;

use flow_model::{
    ActionResponseBody, ConflictingResponseTypes, Pointer, ResponseType, Step, SubflowResponseBody,
    RESPONSE_TYPE_HEADER,
};

/// A body that is not what it had to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyProblem {
    /// What the body should have been (`"a step"`, `"JSON"`…).
    pub(crate) expected: &'static str,
    /// JSON Pointer of the first problem (`""`: the whole body).
    pub(crate) path: Pointer,
    /// What was wrong.
    pub(crate) message: String,
    /// Line and column of the problem, when the body did not parse.
    pub(crate) position: Option<(usize, usize)>,
}

impl fmt::Display for BodyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.as_str().is_empty() { "/" } else { self.path.as_str() };
        write!(f, "body is not {}: {path}: {}", self.expected, self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// The response's `X-DF-Response-Type`: `None` when absent or blank.
pub(crate) fn response_type(headers: &HeaderMap) -> Result<Option<ResponseType>, ConflictingResponseTypes> {
    ResponseType::from_header_values(headers.get_all(RESPONSE_TYPE_HEADER).iter().map(|v| v.as_bytes()))
}

/// The response's `ETag`, when it can be sent back.
pub(crate) fn etag(headers: &HeaderMap) -> Option<String> {
    headers.get(ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Zero bytes or ASCII whitespace only.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Parses `body` as `T`.
pub(crate) fn read<T: DeserializeOwned>(body: &[u8], expected: &'static str) -> Result<T, BodyProblem> {
    flow_model::parse_slice::<T>(body).map_err(|error| BodyProblem {
        expected,
        path: error.path,
        message: error.message,
        position: Some((error.line, error.column)),
    })
}

/// A Step: reads as [`Step`] and has a `layout` array, or is a pre-layout
/// 1.x step (`type` `form`, `decision` or `final`) that
/// [`Step::normalize`] gives one. The step comes back normalized: every
/// 1.x shape mapped onto the current model (spec "1.x → current mapping").
pub(crate) fn read_step(body: &[u8]) -> Result<Step, BodyProblem> {
    const EXPECTED: &str = "a step";
    let mut step: Step = read(body, EXPECTED)?;
    step.normalize();
    if step.layout.is_none() {
        return Err(missing(EXPECTED, "layout", "missing layout array"));
    }
    Ok(step)
}

/// Whether a JSON object is a pre-layout 1.x step: a `type` of `form`,
/// `decision` or `final` and no `layout`. Such a step may carry an
/// `action` member (a final step's button), which does not make it an
/// Action Response Body.
pub(crate) fn is_pre_layout_step(object: &serde_json::Map<String, serde_json::Value>) -> bool {
    !object.contains_key("layout")
        && matches!(
            object.get("type").and_then(serde_json::Value::as_str),
            Some("form" | "decision" | "final")
        )
}

/// An Action Response Body's action.
pub(crate) fn read_action(body: &[u8]) -> Result<flow_model::Action, BodyProblem> {
    read::<ActionResponseBody>(body, "an Action Response Body").map(|body| body.action)
}

/// A Subflow Response Body with a `launchConfig`.
pub(crate) fn read_subflow(body: &[u8]) -> Result<SubflowResponseBody, BodyProblem> {
    const EXPECTED: &str = "a Subflow Response Body";
    let subflow: SubflowResponseBody = read(body, EXPECTED)?;
    if subflow.launch_config.is_none() {
        return Err(missing(EXPECTED, "launchConfig", "missing launchConfig"));
    }
    Ok(subflow)
}

/// An exit body: `None` when empty, else its JSON value.
pub(crate) fn read_exit(body: &[u8]) -> Result<Option<Value>, BodyProblem> {
    if is_blank(body) {
        return Ok(None);
    }
    read::<Value>(body, "JSON").map(Some)
}

fn missing(expected: &'static str, member: &str, message: &str) -> BodyProblem {
    BodyProblem { expected, path: Pointer::root().key(member), message: message.to_owned(), position: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_the_place_and_the_position() {
        let missing_layout = read_step(br#"{"id": "a"}"#).unwrap_err();
        assert_eq!(missing_layout.to_string(), "body is not a step: /layout: missing layout array");
        let not_json = read_exit(b"<html>").unwrap_err();
        assert_eq!(not_json.expected, "JSON");
        assert!(not_json.to_string().starts_with("body is not JSON: /: "), "{not_json}");
        assert!(not_json.to_string().ends_with("(line 1, column 1)"), "{not_json}");
        let subflow = read_subflow(br#"{"referrerId": "x"}"#).unwrap_err();
        assert_eq!(subflow.path.as_str(), "/launchConfig");
        assert_eq!(read_exit(b" \n").unwrap(), None);
    }
}
