//! Trigger.dev-style EventFilter JSON, as a response filter and as a body
//! filter; when one parses, it is evaluated against a fixed response.
#![no_main]

use flow_poll::criteria::{parse_body_filter, parse_response_filter, Condition, ResponseView};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fn evaluate(condition: &Condition) {
    let mut headers = http::HeaderMap::new();
    headers.insert("content-type", http::HeaderValue::from_static("application/json"));
    headers.insert("x-state", http::HeaderValue::from_static("READY"));
    let body = json!({
        "name": "report.png", "size": 42, "tags": ["a", "b"], "none": null, "state": "Done",
        "nested": {"deep": {"x": 1}}, "list": [{"k": "v", "n": 1.5}, {"k": "w", "n": -2}],
    });
    let _ = condition.matches(&ResponseView::new(200, &headers, b"", Some(&body)));
    let _ = condition.matches(&ResponseView::new(404, &http::HeaderMap::new(), b"x", None));
    let _ = condition.to_string();
}

fuzz_target!(|data: &[u8]| {
    let Ok(filter) = serde_json::from_slice::<Value>(data) else { return };
    if let Ok(condition) = parse_response_filter(&filter) {
        evaluate(&condition);
    }
    if let Ok(condition) = parse_body_filter(&filter) {
        evaluate(&condition);
    }
});
