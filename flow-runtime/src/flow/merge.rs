//! The two merge rules of spec §2: [`merge`] (an exit's response body and
//! the action's `result`) and [`payload`] (the step's submitted values and
//! the action's `data`).

use serde_json::{Map, Value};

/// Whether a value counts as "empty" for the merge rules: `null`, `{}`,
/// `[]` or `""`.
///
/// ```
/// use serde_json::json;
/// use flow_runtime::flow::merge::is_empty;
/// assert!(is_empty(&json!(null)) && is_empty(&json!({})) && is_empty(&json!("")));
/// assert!(!is_empty(&json!(0)) && !is_empty(&json!({"a": 1})));
/// ```
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::String(text) => text.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The flow result of an exit: `merge(body, result)` (spec §2, **Decision**).
///
/// * body and `result` both objects: shallow merge, `result`'s keys win;
/// * one side absent or empty ([`is_empty`]): the other side;
/// * otherwise (neither is an object, or only one is): `result`;
/// * both absent: `null`.
///
/// `body` is the response body (`None` when the response had none);
/// `result` is the action's `result` (`None` when the action had none).
///
/// ```
/// use serde_json::json;
/// use flow_runtime::flow::merge::merge;
/// let body = json!({"a": 2, "b": 3});
/// assert_eq!(merge(Some(&body), Some(&json!({"a": 1}))), json!({"a": 1, "b": 3}));
/// assert_eq!(merge(Some(&body), None), body);
/// assert_eq!(merge(Some(&json!("done")), Some(&json!(7))), json!(7));
/// assert_eq!(merge(None, None), json!(null));
/// ```
pub fn merge(body: Option<&Value>, result: Option<&Value>) -> Value {
    match pick(body, result) {
        Pick::Shallow(body, result) => Value::Object(shallow(body.clone(), result)),
        Pick::Body => body.cloned().unwrap_or(Value::Null),
        Pick::Result => result.cloned().unwrap_or(Value::Null),
        Pick::Null => Value::Null,
    }
}

/// [`merge`] taking the body by value: what the body contributes is moved,
/// not copied (an exit's response body, read just for this).
///
/// ```
/// use serde_json::json;
/// use flow_runtime::flow::merge::{merge, merge_owned};
/// let (body, result) = (json!({"a": 2, "b": 3}), json!({"a": 1}));
/// assert_eq!(merge_owned(Some(body.clone()), Some(&result)), merge(Some(&body), Some(&result)));
/// assert_eq!(merge_owned(Some(body.clone()), None), body);
/// ```
pub fn merge_owned(body: Option<Value>, result: Option<&Value>) -> Value {
    match pick(body.as_ref(), result) {
        Pick::Shallow(..) => match (body, result) {
            (Some(Value::Object(body)), Some(Value::Object(result))) => Value::Object(shallow(body, result)),
            // `pick` saw two objects.
            _ => Value::Null,
        },
        Pick::Body => body.unwrap_or(Value::Null),
        Pick::Result => result.cloned().unwrap_or(Value::Null),
        Pick::Null => Value::Null,
    }
}

/// What [`merge`] is made of.
enum Pick<'a> {
    /// Both objects: the body's members, then the result's over them.
    Shallow(&'a Map<String, Value>, &'a Map<String, Value>),
    Body,
    Result,
    Null,
}

/// The merge table (see [`merge`]).
fn pick<'a>(body: Option<&'a Value>, result: Option<&'a Value>) -> Pick<'a> {
    match (body, result) {
        (Some(Value::Object(body)), Some(Value::Object(result))) => Pick::Shallow(body, result),
        (None, None) => Pick::Null,
        (Some(_), None) => Pick::Body,
        (None, Some(_)) => Pick::Result,
        (Some(body), Some(_)) if is_empty(body) => Pick::Result,
        (Some(_), Some(result)) if is_empty(result) => Pick::Body,
        (Some(_), Some(_)) => Pick::Result,
    }
}

/// The body of an action submission (spec §2): the submitted `values` with
/// the action's `data` shallow-merged over them.
///
/// It follows [`merge`] (values in the place of the body, `data` in the
/// place of the result), except that the payload is never `null`: when both
/// are absent or `null` it is `{}`.
///
/// ```
/// use serde_json::json;
/// use flow_runtime::flow::merge::payload;
/// let values = json!({"amount": 10, "currency": "GBP"});
/// assert_eq!(
///     payload(Some(&values), Some(&json!({"currency": "EUR", "step": 2}))),
///     json!({"amount": 10, "currency": "EUR", "step": 2})
/// );
/// assert_eq!(payload(None, None), json!({}));
/// ```
pub fn payload(values: Option<&Value>, data: Option<&Value>) -> Value {
    match merge(values, data) {
        Value::Null => Value::Object(Map::new()),
        merged => merged,
    }
}

fn shallow(mut merged: Map<String, Value>, over: &Map<String, Value>) -> Map<String, Value> {
    for (key, value) in over {
        merged.insert(key.clone(), value.clone());
    }
    merged
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn m(body: Option<Value>, result: Option<Value>) -> Value {
        merge(body.as_ref(), result.as_ref())
    }

    #[test]
    fn both_objects_merge_shallowly_and_result_wins() {
        let merged = m(Some(json!({"a": 2, "b": 3, "n": {"x": 1}})), Some(json!({"a": 1, "n": {"y": 2}})));
        // Shallow: the nested object is replaced, not merged.
        assert_eq!(merged, json!({"a": 1, "b": 3, "n": {"y": 2}}));
    }

    #[test]
    fn absent_sides() {
        assert_eq!(m(None, None), Value::Null);
        assert_eq!(m(Some(json!({"a": 1})), None), json!({"a": 1}));
        assert_eq!(m(None, Some(json!({"a": 1}))), json!({"a": 1}));
        assert_eq!(m(None, Some(json!(5))), json!(5));
        assert_eq!(m(Some(json!("text")), None), json!("text"));
    }

    #[test]
    fn empty_sides_give_the_other() {
        for empty in [json!(null), json!({}), json!([]), json!("")] {
            assert_eq!(m(Some(empty.clone()), Some(json!({"a": 1}))), json!({"a": 1}), "body {empty}");
            assert_eq!(m(Some(json!({"a": 1})), Some(empty.clone())), json!({"a": 1}), "result {empty}");
            assert_eq!(m(Some(empty.clone()), Some(json!(3))), json!(3), "body {empty}");
            assert_eq!(m(Some(json!(3)), Some(empty.clone())), json!(3), "result {empty}");
        }
        // Both empty objects: both objects, so the (empty) merge.
        assert_eq!(m(Some(json!({})), Some(json!({}))), json!({}));
        // An explicit `"result": null` with no body: the result (null).
        assert_eq!(m(None, Some(json!(null))), json!(null));
    }

    #[test]
    fn neither_object_result_wins() {
        assert_eq!(m(Some(json!("body")), Some(json!("result"))), json!("result"));
        assert_eq!(m(Some(json!([1])), Some(json!(false))), json!(false));
        assert_eq!(m(Some(json!(1)), Some(json!(0))), json!(0));
    }

    #[test]
    fn one_object_one_scalar_result_wins() {
        assert_eq!(m(Some(json!({"a": 1})), Some(json!(9))), json!(9));
        assert_eq!(m(Some(json!(9)), Some(json!({"a": 1}))), json!({"a": 1}));
    }

    #[test]
    fn payload_rules() {
        assert_eq!(payload(None, None), json!({}));
        assert_eq!(payload(Some(&json!(null)), None), json!({}));
        assert_eq!(payload(Some(&json!(null)), Some(&json!(null))), json!({}));
        assert_eq!(payload(Some(&json!({"a": 1})), None), json!({"a": 1}));
        assert_eq!(payload(None, Some(&json!({"d": 1}))), json!({"d": 1}));
        assert_eq!(payload(Some(&json!({"a": 1, "d": 0})), Some(&json!({"d": 1}))), json!({"a": 1, "d": 1}));
        assert_eq!(payload(Some(&json!({"a": 1})), Some(&json!({}))), json!({"a": 1}));
        // Non-object data replaces the values (merge's "result wins").
        assert_eq!(payload(Some(&json!({"a": 1})), Some(&json!("raw"))), json!("raw"));
    }
}
