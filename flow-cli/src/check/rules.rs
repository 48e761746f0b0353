//! The protocol rules `dflow check` holds a server to, as pure functions
//! over one recorded exchange (request + response) and its role in the flow.

use flow_model::{ActionResponseBody, ModalResponseBody, ResponseType, Severity, Step, SubflowResponseBody};
use http::HeaderMap;
use serde_json::Value;

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

/// One protocol violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// What is wrong.
    pub(crate) message: String,
}

fn violation(message: impl Into<String>) -> Violation {
    Violation { message: message.into() }
}

/// Every problem of a step: validation errors, and risky polling settings.
pub(crate) fn check_step(step: &Step, prefix: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    for problem in step.validate().problems() {
        // Deprecated 1.x forms are legal; a zero wait is risky (a client polls without pause).
        let risky_polling =
            problem.path.as_str().starts_with("/polling") && problem.message.contains("without pause");
        if problem.severity == Severity::Error || risky_polling {
            out.push(violation(format!(
                "{prefix}step {:?}: {}: {}",
                step.id(),
                problem.path,
                problem.message
            )));
        }
    }
    out
}

fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body).is_ok()
}

fn blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Parses a body as a step the way clients do (an object with a `layout` array).
pub(crate) fn as_step(body: &[u8]) -> Option<Result<Step, String>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    if !value.get("layout").is_some_and(Value::is_array) {
        return None;
    }
    Some(flow_model::parse_slice::<Step>(body).map_err(|e| e.to_string()))
}

/// Judges one answer. `steps` receives every step the answer carries, for
/// the caller to check and follow.
pub(crate) fn check_response(role: Role, status: u16, headers: &HeaderMap, body: &[u8]) -> Vec<Violation> {
    let mut out = Vec::new();
    let header =
        headers.get(flow_model::RESPONSE_TYPE_HEADER).map(|v| ResponseType::parse_bytes(v.as_bytes()));
    if status >= 400 {
        if role != Role::Poll && !blank(body) && !is_json(body) {
            out.push(violation(format!("HTTP {status}: the Error Response Body is not JSON")));
        }
        return out;
    }
    if !(200..300).contains(&status) {
        if status != 304 {
            out.push(violation(format!("HTTP {status}: not a Flow Response status (2xx, 304 or an error)")));
        }
        return out;
    }
    if role == Role::ExitingAction {
        if !blank(body) && !is_json(body) {
            out.push(violation("the exit result is not JSON"));
        }
        return out;
    }
    match header {
        Some(ResponseType::Unknown(value)) => {
            out.push(violation(format!("unknown X-DF-Response-Type value {value:?}")));
        }
        Some(ResponseType::Step) => match as_step(body) {
            Some(Ok(step)) => out.extend(check_step(&step, "")),
            Some(Err(e)) => out
                .push(violation(format!("X-DF-Response-Type: step, but the body is not a valid step: {e}"))),
            None => {
                out.push(violation("X-DF-Response-Type: step, but the body is not a step (no layout array)"))
            }
        },
        Some(ResponseType::Action) => {
            if let Err(e) = flow_model::parse_slice::<ActionResponseBody>(body) {
                out.push(violation(format!(
                    "X-DF-Response-Type: action, but the body is not {{\"action\": ...}}: {e}"
                )));
            }
        }
        Some(ResponseType::Exit) => {
            if !blank(body) && !is_json(body) {
                out.push(violation("X-DF-Response-Type: exit, but the exit result is not JSON"));
            }
        }
        Some(ResponseType::Modal) => {
            if let Err(e) = flow_model::parse_slice::<ModalResponseBody>(body) {
                out.push(violation(format!("X-DF-Response-Type: modal, but the body is not a modal: {e}")));
            }
        }
        Some(ResponseType::Subflow) => {
            if let Err(e) = flow_model::parse_slice::<SubflowResponseBody>(body) {
                out.push(violation(format!(
                    "X-DF-Response-Type: subflow, but the body is not a subflow: {e}"
                )));
            }
        }
        Some(_) => {}
        None if role == Role::Poll => {
            // The 1.x Action Response Body is the one non-empty header-less
            // answer both generations read the same way (§4.3 rule 5).
            let action_body =
                serde_json::from_slice::<Value>(body).ok().is_some_and(|v| v.get("action").is_some());
            if action_body {
                if let Err(e) = flow_model::parse_slice::<ActionResponseBody>(body) {
                    out.push(violation(format!("the Action Response Body is not valid: {e}")));
                }
            } else if !blank(body) {
                out.push(violation(
                    "2xx poll answer with a non-empty body and no X-DF-Response-Type: ambiguous between protocol generations",
                ));
            }
            if let Some(Ok(step)) = as_step(body) {
                out.extend(check_step(&step, ""));
            }
        }
        None => {
            let action_body =
                serde_json::from_slice::<Value>(body).ok().is_some_and(|v| v.get("action").is_some());
            match as_step(body) {
                Some(Ok(step)) => out.extend(check_step(&step, "")),
                Some(Err(e)) => out.push(violation(format!("the body is not a valid step: {e}"))),
                None if action_body => {
                    if let Err(e) = flow_model::parse_slice::<ActionResponseBody>(body) {
                        out.push(violation(format!("the Action Response Body is not valid: {e}")));
                    }
                }
                None => out.push(violation(
                    "2xx without X-DF-Response-Type whose body is neither a step nor an Action Response Body",
                )),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(v) = value {
            h.insert("x-df-response-type", v.parse().unwrap());
        }
        h
    }

    const STEP: &str = r#"{"id":"a","title":"A","schemas":[],"layout":[]}"#;

    #[test]
    fn a_good_step_is_clean_in_both_generations() {
        assert!(check_response(Role::Other, 200, &headers(Some("step")), STEP.as_bytes()).is_empty());
        assert!(check_response(Role::Other, 200, &headers(None), STEP.as_bytes()).is_empty());
    }

    #[test]
    fn mismatches_unknown_headers_and_ambiguous_polls_are_violations() {
        let v = check_response(Role::Other, 200, &headers(Some("step")), br#"{"action":{"url":"/x"}}"#);
        assert!(v[0].message.contains("not a step"), "{v:?}");
        let v = check_response(Role::Other, 200, &headers(Some("teleport")), b"{}");
        assert!(v[0].message.contains("unknown X-DF-Response-Type value \"teleport\""), "{v:?}");
        let v = check_response(Role::Poll, 200, &headers(None), br#"{"status":"PENDING"}"#);
        assert!(v[0].message.contains("ambiguous"), "{v:?}");
        assert!(check_response(Role::Poll, 200, &headers(None), br#"{"action":{"url":"/done"}}"#).is_empty());
        assert!(check_response(Role::Poll, 200, &headers(None), b"").is_empty());
        let v = check_response(Role::ExitingAction, 200, &headers(None), b"done!");
        assert!(v[0].message.contains("not JSON"), "{v:?}");
    }

    #[test]
    fn invalid_or_risky_polling_in_a_step_is_reported() {
        let step = r#"{"id":"w","title":"W","schemas":[],"layout":[],"polling":{"url":"/s","delay":0,"maxAttempts":0,"onError":{"behavior":{"type":"action","action":{"exit":true}}}}}"#;
        let v = check_response(Role::Other, 200, &headers(Some("step")), step.as_bytes());
        let text: Vec<&str> = v.iter().map(|v| v.message.as_str()).collect();
        assert!(text.iter().any(|m| m.contains("/polling/maxAttempts")), "{text:?}");
        assert!(text.iter().any(|m| m.contains("/polling/delay")), "{text:?}");
    }
}
