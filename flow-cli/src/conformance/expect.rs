//! Comparing what a run did with what a scenario expects: the outcome, the
//! exact request list, and the ordered subsequence of events.

use serde_json::{Map, Value};

use super::scenario::{Expect, ExpectedRequest, Outcome};

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Observed {
    /// The flow exited with this result.
    Exit(Value),
    /// The run stopped on this step, awaiting input.
    Step(Value),
    /// The flow failed; the runner's reason word.
    Failed(String),
    /// The flow was cancelled.
    Cancelled,
}

/// A request the client attempted.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenRequest {
    /// Method.
    pub method: String,
    /// Path with query.
    pub path: String,
    /// Virtual send time.
    pub at_ms: u64,
    /// JSON body, if any (`Value::String` of the raw text when not JSON).
    pub body: Option<Value>,
}

/// An event, as `{"type": ..., members...}`.
pub type SeenEvent = Map<String, Value>;

/// `Ok` when everything matched, else the first difference.
pub fn compare(
    expect: &Expect,
    outcome: &Observed,
    requests: &[SeenRequest],
    events: &[SeenEvent],
) -> Result<(), String> {
    compare_outcome(&expect.outcome, outcome)?;
    if let Some(expected) = &expect.requests {
        compare_requests(expected, requests)?;
    }
    if let Some(expected) = &expect.events {
        compare_events(expected, events)?;
    }
    Ok(())
}

fn describe(outcome: &Observed) -> String {
    match outcome {
        Observed::Exit(v) => format!("exit {v}"),
        Observed::Step(s) => format!("step {}", s.get("id").unwrap_or(&Value::Null)),
        Observed::Failed(r) => format!("failed ({r})"),
        Observed::Cancelled => "cancelled".to_owned(),
    }
}

fn compare_outcome(expected: &Outcome, outcome: &Observed) -> Result<(), String> {
    let ok = match (expected, outcome) {
        (Outcome::Exit(want), Observed::Exit(got)) => want == got,
        (Outcome::Step(partial), Observed::Step(step)) => is_subset(partial, step),
        (Outcome::Failed(Value::Bool(true)), Observed::Failed(_)) => true,
        (Outcome::Failed(Value::String(want)), Observed::Failed(got)) => want == got,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let want = match expected {
        Outcome::Exit(v) => format!("exit {v}"),
        Outcome::Step(p) => format!("step matching {p}"),
        Outcome::Failed(r) => format!("failed ({r})"),
    };
    Err(format!("outcome: expected {want}, got {}", describe(outcome)))
}

/// Every member of `partial` is present in `whole` and equal, recursively;
/// arrays are compared whole.
pub fn is_subset(partial: &Value, whole: &Value) -> bool {
    match (partial, whole) {
        (Value::Object(p), Value::Object(w)) => {
            p.iter().all(|(k, v)| w.get(k).is_some_and(|wv| is_subset(v, wv)))
        }
        _ => partial == whole,
    }
}

fn show_request(r: &SeenRequest) -> String {
    format!("{} {} at {}ms", r.method, r.path, r.at_ms)
}

fn compare_requests(expected: &[ExpectedRequest], seen: &[SeenRequest]) -> Result<(), String> {
    for (i, want) in expected.iter().enumerate() {
        let Some(got) = seen.get(i) else {
            return Err(format!(
                "requests[{i}]: expected {} {}, but only {} request(s) were sent",
                want.method,
                want.path,
                seen.len()
            ));
        };
        if !want.method.eq_ignore_ascii_case(&got.method) || want.path != got.path {
            return Err(format!(
                "requests[{i}]: expected {} {}, got {}",
                want.method,
                want.path,
                show_request(got)
            ));
        }
        if let Some(at) = want.at_ms {
            if at != got.at_ms {
                return Err(format!(
                    "requests[{i}] {} {}: expected at {at}ms, sent at {}ms",
                    got.method, got.path, got.at_ms
                ));
            }
        }
        if let Some(body) = &want.body {
            match &got.body {
                Some(b) if b == body => {}
                Some(b) => {
                    return Err(format!(
                        "requests[{i}] {} {}: expected body {body}, got {b}",
                        got.method, got.path
                    ))
                }
                None => {
                    return Err(format!(
                        "requests[{i}] {} {}: expected body {body}, got no body",
                        got.method, got.path
                    ))
                }
            }
        }
    }
    if seen.len() > expected.len() {
        return Err(format!(
            "requests: expected {} request(s), got {}; first extra: {}",
            expected.len(),
            seen.len(),
            show_request(&seen[expected.len()])
        ));
    }
    Ok(())
}

fn event_matches(want: &Map<String, Value>, got: &SeenEvent) -> bool {
    want.iter().all(|(k, v)| got.get(k) == Some(v))
}

fn compare_events(expected: &[Map<String, Value>], seen: &[SeenEvent]) -> Result<(), String> {
    let mut next = 0;
    for (i, want) in expected.iter().enumerate() {
        match seen[next..].iter().position(|got| event_matches(want, got)) {
            Some(offset) => next += offset + 1,
            None => {
                let seen_list: Vec<String> =
                    seen.iter().map(|e| Value::Object(e.clone()).to_string()).collect();
                return Err(format!(
                    "events[{i}]: {} not found in order; events were: [{}]",
                    Value::Object(want.clone()),
                    seen_list.join(", ")
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(v: Value) -> SeenEvent {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn events_are_an_ordered_subsequence() {
        let seen = vec![
            ev(json!({"type": "step", "id": "a"})),
            ev(json!({"type": "polling_failed", "reason": "status"})),
            ev(json!({"type": "exit", "result": 1})),
        ];
        let ok = vec![ev(json!({"type": "step", "id": "a"})), ev(json!({"type": "exit"}))];
        assert!(compare_events(&ok, &seen).is_ok());
        let wrong_order = vec![ev(json!({"type": "exit"})), ev(json!({"type": "step"}))];
        assert!(compare_events(&wrong_order, &seen).unwrap_err().contains("events[1]"));
    }

    #[test]
    fn subset_is_recursive_and_arrays_whole() {
        assert!(is_subset(
            &json!({"id": "a", "m": {"x": 1}}),
            &json!({"id": "a", "t": 2, "m": {"x": 1, "y": 2}})
        ));
        assert!(!is_subset(&json!({"l": [1]}), &json!({"l": [1, 2]})));
    }

    #[test]
    fn requests_compare_exactly_including_time_and_body() {
        let seen = vec![SeenRequest {
            method: "POST".into(),
            path: "/s".into(),
            at_ms: 5,
            body: Some(json!({"a": 1})),
        }];
        let want: Vec<ExpectedRequest> =
            serde_json::from_value(json!([{"method": "POST", "path": "/s", "at_ms": 5, "body": {"a": 1}}]))
                .unwrap();
        assert!(compare_requests(&want, &seen).is_ok());
        let late: Vec<ExpectedRequest> =
            serde_json::from_value(json!([{"method": "POST", "path": "/s", "at_ms": 6}])).unwrap();
        assert!(compare_requests(&late, &seen).unwrap_err().contains("expected at 6ms, sent at 5ms"));
        assert!(compare_requests(&[], &seen).unwrap_err().contains("first extra: POST /s at 5ms"));
    }
}
