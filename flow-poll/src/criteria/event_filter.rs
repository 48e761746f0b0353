//! Trigger.dev-style EventFilter JSON: [`parse_response_filter`] (status,
//! headers and body) and [`parse_body_filter`] (a body filter alone).
//!
//! * Every key of a filter object must hold (AND).
//! * A list of plain values holds when the value equals one of them (OR;
//!   when the value is an array, when one of its elements does).
//! * A list of operator objects holds when every operator holds (AND):
//!   `$startsWith`, `$endsWith`, `$exists`, `$anythingBut`, `$gt`, `$lt`,
//!   `$gte`, `$lte`, `$between`, `$includes`, `$ignoreCaseEquals`,
//!   `$isNull`, `$not` (a value, or an operator object to negate).
//!   A list may not mix plain values and operator objects.
//! * A nested object filters the value under that key; when that value is
//!   an array, one element must match the whole nested filter.
//! * `status` is a list of codes, classes (`"2xx"`) or operator objects;
//!   `headers` (or `header`, the other spelling Trigger.dev's docs use)
//!   maps header names (case-insensitive) to lists. Unlike the anchor
//!   implementation, both really are checked.
//!
//! Errors name the bad part by JSON Pointer into the filter
//! (`/headers/content-type/0/$startWith`).

use http::header::HeaderName;
use serde_json::{Map, Value};

use super::builder::status_pattern;
use super::condition::{BodyPath, CmpOp, Condition, Matcher, Subject};
use super::CriteriaError;

/// The operators understood inside a list.
const OPERATORS: &str = "$startsWith, $endsWith, $exists, $anythingBut, $gt, $lt, $gte, $lte, $between, \
                         $includes, $ignoreCaseEquals, $isNull, $not";

/// Parses a response filter `{"status"?, "headers"?, "body"?}` (`header`
/// is read as `headers`; given both, both must hold).
///
/// ```
/// use flow_poll::criteria::{parse_response_filter, ResponseView};
/// use serde_json::json;
///
/// let filter = parse_response_filter(&json!({
///     "status": [200],
///     "headers": {"content-type": [{"$startsWith": "application/json"}]},
///     "body": {"status": ["SUCCESS"]},
/// }))?;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("Content-Type", "application/json; charset=utf-8".parse().unwrap());
/// let done = json!({"status": "SUCCESS"});
/// assert!(filter.matches(&ResponseView::new(200, &headers, b"", Some(&done))));
/// assert!(!filter.matches(&ResponseView::new(201, &headers, b"", Some(&done))));
/// assert!(!filter.matches(&ResponseView::new(200, &http::HeaderMap::new(), b"", Some(&done))));
///
/// let err = parse_response_filter(&json!({"body": {"status": [{"$startWith": "S"}]}})).unwrap_err();
/// assert!(err.to_string().starts_with("event filter at \"/body/status/0/$startWith\": unknown operator"));
/// # Ok::<(), flow_poll::criteria::CriteriaError>(())
/// ```
pub fn parse_response_filter(filter: &Value) -> Result<Condition, CriteriaError> {
    let object = expect_object(filter, "")?;
    let mut all = Vec::new();
    for (key, value) in object {
        let path = format!("/{}", escape(key));
        match key.as_str() {
            "status" => {
                let items = expect_list(value, &path)?;
                all.push(Condition::check(Subject::Status, list(items, &path, Kind::Status)?));
            }
            "headers" | "header" => {
                for (name, value) in expect_object(value, &path)? {
                    let path = format!("{path}/{}", escape(name));
                    let header = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| filter_error(&path, format!("invalid header name {name:?}")))?;
                    let items = expect_list(value, &path)?;
                    all.push(Condition::check(Subject::Header(header), list(items, &path, Kind::Plain)?));
                }
            }
            "body" => all.push(body_filter(value, "", &path)?),
            other => {
                return Err(filter_error(
                    &path,
                    format!("unknown key {other:?} (expected status, headers or header, body)"),
                ))
            }
        }
    }
    Ok(Condition::All(all))
}

/// Parses a body filter alone (`{"status": ["SUCCESS"]}`).
///
/// ```
/// use flow_poll::criteria::{parse_body_filter, ResponseView};
/// use serde_json::json;
/// let filter = parse_body_filter(&json!({"items": {"state": ["done"], "size": [{"$gt": 10}]}}))?;
/// let headers = http::HeaderMap::new();
/// let body = json!({"items": [{"state": "done", "size": 5}, {"state": "done", "size": 50}]});
/// assert!(filter.matches(&ResponseView::new(200, &headers, b"", Some(&body))));
/// # Ok::<(), flow_poll::criteria::CriteriaError>(())
/// ```
pub fn parse_body_filter(filter: &Value) -> Result<Condition, CriteriaError> {
    body_filter(filter, "", "")
}

fn filter_error(path: &str, message: impl Into<String>) -> CriteriaError {
    CriteriaError::Filter { path: path.to_owned(), message: message.into() }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn expect_object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, CriteriaError> {
    value
        .as_object()
        .ok_or_else(|| filter_error(path, format!("expected an object, found {}", describe(value))))
}

fn expect_list<'v>(value: &'v Value, path: &str) -> Result<&'v [Value], CriteriaError> {
    match value {
        Value::Array(items) if items.is_empty() => {
            Err(filter_error(path, "an empty list matches nothing; list values or remove the key"))
        }
        Value::Array(items) => Ok(items),
        other => Err(filter_error(
            path,
            format!(
                "expected a list of values or operators (like [\"a\"] or [{{\"$gt\": 1}}]), found {}",
                describe(other)
            ),
        )),
    }
}

/// `pointer`: where in the body this filter object applies (relative to the
/// current root); `path`: where in the filter it is (for errors).
fn body_filter(filter: &Value, pointer: &str, path: &str) -> Result<Condition, CriteriaError> {
    let object = expect_object(filter, path)?;
    let mut all = Vec::new();
    for (key, value) in object {
        let path = format!("{path}/{}", escape(key));
        if key.starts_with('$') {
            return Err(filter_error(
                &path,
                format!("operator {key:?} must be inside a list, like {{\"field\": [{{{key:?}: …}}]}}"),
            ));
        }
        let here = format!("{pointer}/{}", escape(key));
        let body_path = BodyPath::new(&here).map_err(|e| filter_error(&path, e.to_string()))?;
        match value {
            Value::Array(_) => {
                let items = expect_list(value, &path)?;
                all.push(Condition::check(Subject::Body(body_path), list(items, &path, Kind::Plain)?));
            }
            Value::Object(_) => {
                let inner = body_filter(value, "", &path)?;
                all.push(Condition::Within { path: body_path, condition: Box::new(inner) });
            }
            other => {
                return Err(filter_error(
                    &path,
                    format!(
                        "expected a list (like [{other}]) or a nested filter object, found {}",
                        describe(other)
                    ),
                ))
            }
        }
    }
    Ok(Condition::All(all))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Status,
    Plain,
}

fn list(items: &[Value], path: &str, kind: Kind) -> Result<Matcher, CriteriaError> {
    let operators = items.iter().filter(|i| i.is_object()).count();
    if operators > 0 && operators < items.len() {
        return Err(filter_error(
            path,
            "a list holds either plain values (any may match) or operator objects (all must hold), not both",
        ));
    }
    if operators > 0 {
        let mut all = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}/{i}");
            all.extend(operator_object(item, &path)?);
        }
        return Ok(single_or_all(all));
    }
    let mut any = Vec::new();
    let mut plain = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{path}/{i}");
        match (kind, item) {
            (_, Value::Array(_)) => return Err(filter_error(&path, "lists cannot be nested")),
            (Kind::Status, Value::Number(n)) => {
                let code = n.as_u64().filter(|c| (100..=599).contains(c));
                let Some(code) = code else {
                    return Err(filter_error(&path, format!("{n} is not a status code (100-599)")));
                };
                plain.push(Value::from(code));
            }
            (Kind::Status, Value::String(s)) => {
                any.push(status_pattern(s).map_err(|e| filter_error(&path, e.to_string()))?);
            }
            (Kind::Status, other) => {
                return Err(filter_error(
                    &path,
                    format!("expected a status code or class, found {}", describe(other)),
                ))
            }
            (Kind::Plain, value) => plain.push(value.clone()),
        }
    }
    if !plain.is_empty() {
        any.insert(0, Matcher::OneOf { values: plain, ignore_case: false });
    }
    Ok(if any.len() == 1 { any.remove(0) } else { Matcher::Any(any) })
}

fn single_or_all(mut all: Vec<Matcher>) -> Matcher {
    if all.len() == 1 {
        all.remove(0)
    } else {
        Matcher::All(all)
    }
}

/// The matchers of one operator object (all must hold).
fn operator_object(item: &Value, path: &str) -> Result<Vec<Matcher>, CriteriaError> {
    let object = expect_object(item, path)?;
    if object.is_empty() {
        return Err(filter_error(path, format!("an empty operator object; use one of {OPERATORS}")));
    }
    object.iter().map(|(op, arg)| operator(op, arg, &format!("{path}/{}", escape(op)))).collect()
}

fn operator(op: &str, arg: &Value, path: &str) -> Result<Matcher, CriteriaError> {
    let string = || {
        arg.as_str()
            .map(str::to_owned)
            .ok_or_else(|| filter_error(path, format!("{op} needs a string, found {}", describe(arg))))
    };
    let boolean = || {
        arg.as_bool()
            .ok_or_else(|| filter_error(path, format!("{op} needs true or false, found {}", describe(arg))))
    };
    let number = || {
        if arg.is_number() {
            Ok(arg.clone())
        } else {
            Err(filter_error(path, format!("{op} needs a number, found {}", describe(arg))))
        }
    };
    let literal = |value: &Value, at: &str| {
        if value.is_array() || value.is_object() {
            Err(filter_error(at, format!("{op} needs plain values, found {}", describe(value))))
        } else {
            Ok(value.clone())
        }
    };
    let compare = |cmp: CmpOp| number().map(|value| Matcher::Compare { op: cmp, value, ignore_case: false });
    Ok(match op {
        "$startsWith" => Matcher::StartsWith { prefix: string()?, ignore_case: false },
        "$endsWith" => Matcher::EndsWith { suffix: string()?, ignore_case: false },
        "$exists" => Matcher::Exists(boolean()?),
        "$isNull" => Matcher::IsNull(boolean()?),
        "$gt" => compare(CmpOp::Gt)?,
        "$lt" => compare(CmpOp::Lt)?,
        "$gte" => compare(CmpOp::Ge)?,
        "$lte" => compare(CmpOp::Le)?,
        "$between" => {
            let bounds = arg.as_array().filter(|b| b.len() == 2 && b.iter().all(Value::is_number));
            let Some([low, high]) = bounds.map(Vec::as_slice) else {
                return Err(filter_error(path, format!("$between needs [low, high] numbers, found {arg}")));
            };
            if low.as_f64() > high.as_f64() {
                return Err(filter_error(path, format!("$between bounds are reversed: [{low}, {high}]")));
            }
            Matcher::All(vec![
                Matcher::Compare { op: CmpOp::Ge, value: low.clone(), ignore_case: false },
                Matcher::Compare { op: CmpOp::Le, value: high.clone(), ignore_case: false },
            ])
        }
        "$includes" => Matcher::Includes(literal(arg, path)?),
        "$ignoreCaseEquals" => {
            Matcher::Compare { op: CmpOp::Eq, value: Value::String(string()?), ignore_case: true }
        }
        "$anythingBut" => {
            let values = match arg {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| literal(v, &format!("{path}/{i}")))
                    .collect::<Result<Vec<_>, _>>()?,
                other => vec![literal(other, path)?],
            };
            Matcher::Not(Box::new(Matcher::OneOf { values, ignore_case: false }))
        }
        "$not" => match arg {
            Value::Object(_) => Matcher::Not(Box::new(single_or_all(operator_object(arg, path)?))),
            other => Matcher::Not(Box::new(Matcher::OneOf {
                values: vec![literal(other, path)?],
                ignore_case: false,
            })),
        },
        other => {
            return Err(filter_error(path, format!("unknown operator {other:?}; use one of {OPERATORS}")))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::ResponseView;
    use serde_json::json;

    fn body_holds(filter: Value, body: Value) -> bool {
        let h = http::HeaderMap::new();
        parse_body_filter(&filter).unwrap().matches(&ResponseView::new(200, &h, b"", Some(&body)))
    }

    #[test]
    fn every_operator() {
        let doc = json!({
            "name": "report.png", "size": 42, "tags": ["a", "b"], "none": null, "state": "Done",
            "nested": {"deep": {"x": 1}}, "list": [{"k": "v", "n": 1}, {"k": "w", "n": 2}],
        });
        let yes = |f: Value| assert!(body_holds(f.clone(), doc.clone()), "{f}");
        let no = |f: Value| assert!(!body_holds(f.clone(), doc.clone()), "{f}");
        yes(json!({"name": [{"$startsWith": "report"}, {"$endsWith": ".png"}]}));
        no(json!({"name": [{"$startsWith": "report"}, {"$endsWith": ".jpg"}]}));
        yes(json!({"name": [{"$startsWith": "report", "$endsWith": ".png"}]}));
        yes(json!({"size": [{"$gt": 41}, {"$lt": 43}, {"$gte": 42}, {"$lte": 42}]}));
        no(json!({"size": [{"$gt": 42}]}));
        yes(json!({"size": [{"$between": [40, 50]}]}));
        no(json!({"size": [{"$between": [43, 50]}]}));
        yes(json!({"tags": [{"$includes": "b"}]}));
        no(json!({"tags": [{"$includes": "c"}]}));
        yes(json!({"tags": ["b", "z"]}));
        yes(json!({"state": [{"$ignoreCaseEquals": "done"}]}));
        no(json!({"state": ["done"]}));
        yes(json!({"none": [{"$isNull": true}]}));
        no(json!({"size": [{"$isNull": true}]}));
        yes(json!({"size": [{"$exists": true}]}));
        yes(json!({"missing": [{"$exists": false}]}));
        yes(json!({"state": [{"$anythingBut": ["Failed", "Cancelled"]}]}));
        no(json!({"state": [{"$anythingBut": "Done"}]}));
        yes(json!({"state": [{"$not": "Failed"}]}));
        yes(json!({"missing": [{"$not": "Failed"}]}));
        no(json!({"tags": [{"$not": "a"}]}));
        yes(json!({"name": [{"$not": {"$startsWith": "x"}}]}));
        yes(json!({"nested": {"deep": {"x": [1]}}}));
        yes(json!({"list": {"k": ["w"], "n": [2]}}));
        no(json!({"list": {"k": ["w"], "n": [1]}}));
        no(json!({"missing": {"x": [1]}}));
        yes(json!({}));
    }

    fn error(filter: Value) -> (String, String) {
        match parse_response_filter(&filter).unwrap_err() {
            CriteriaError::Filter { path, message } => (path, message),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn errors_name_the_path() {
        assert_eq!(error(json!([])).0, "");
        assert_eq!(error(json!({"stat": [200]})).0, "/stat");
        assert_eq!(error(json!({"status": 200})).0, "/status");
        assert_eq!(error(json!({"status": [200, 999]})).0, "/status/1");
        assert_eq!(error(json!({"status": ["6xx"]})).0, "/status/0");
        assert_eq!(error(json!({"status": [true]})).0, "/status/0");
        assert_eq!(error(json!({"headers": {"bad name": ["x"]}})).0, "/headers/bad name");
        assert_eq!(error(json!({"headers": {"a/b": "x"}})).0, "/headers/a~1b");
        assert_eq!(error(json!({"body": {"s": []}})).0, "/body/s");
        assert_eq!(error(json!({"body": {"s": "x"}})).0, "/body/s");
        assert_eq!(error(json!({"body": {"s": ["x", {"$gt": 1}]}})).0, "/body/s");
        assert_eq!(error(json!({"body": {"s": [["x"]]}})).0, "/body/s/0");
        assert_eq!(error(json!({"body": {"$gt": [1]}})).0, "/body/$gt");
        assert_eq!(error(json!({"body": {"a": {"b": [{"$gt": "1"}]}}})).0, "/body/a/b/0/$gt");
        assert_eq!(error(json!({"body": {"a": [{"$between": [5, 1]}]}})).0, "/body/a/0/$between");
        assert_eq!(error(json!({"body": {"a": [{"$between": [1]}]}})).0, "/body/a/0/$between");
        assert_eq!(error(json!({"body": {"a": [{"$anythingBut": [1, [2]]}]}})).0, "/body/a/0/$anythingBut/1");
        assert_eq!(error(json!({"body": {"a": [{}]}})).0, "/body/a/0");
        assert_eq!(error(json!({"body": {"a": [{"$exists": "yes"}]}})).0, "/body/a/0/$exists");
        let (path, message) = error(json!({"body": {"a": [{"$startWith": "x"}]}}));
        assert_eq!(path, "/body/a/0/$startWith");
        assert!(message.contains("unknown operator \"$startWith\"; use one of $startsWith"), "{message}");
    }

    #[test]
    fn status_and_headers_really_work() {
        let filter = parse_response_filter(&json!({
            "status": ["2xx", 404],
            "headers": {"X-State": [{"$ignoreCaseEquals": "ready"}], "retry-after": [{"$exists": false}]},
        }))
        .unwrap();
        let mut h = http::HeaderMap::new();
        h.insert("x-state", "READY".parse().unwrap());
        let view = |status, h: &http::HeaderMap| filter.matches(&ResponseView::new(status, h, b"", None));
        assert!(view(204, &h));
        assert!(view(404, &h));
        assert!(!view(500, &h));
        assert!(!view(200, &http::HeaderMap::new()));
        h.insert("retry-after", "3".parse().unwrap());
        assert!(!view(200, &h));
    }

    #[test]
    fn header_is_read_as_headers() {
        // Trigger.dev's responseFilter example, verbatim.
        let filter = parse_response_filter(&json!({
            "status": [200],
            "header": {"content-type": [{"$startsWith": "application/json"}]},
            "body": {"status": ["SUCCESS"]},
        }))
        .unwrap();
        let mut json_type = http::HeaderMap::new();
        json_type.insert("content-type", "application/json; charset=utf-8".parse().unwrap());
        let mut text_type = http::HeaderMap::new();
        text_type.insert("content-type", "text/plain".parse().unwrap());
        let done = json!({"status": "SUCCESS"});
        assert!(filter.matches(&ResponseView::new(200, &json_type, b"", Some(&done))));
        assert!(!filter.matches(&ResponseView::new(200, &text_type, b"", Some(&done))));
        assert_eq!(error(json!({"header": {"bad name": ["x"]}})).0, "/header/bad name");
    }
}
