//! Arazzo / Speakeasy conditions: any text, and when it parses, evaluated
//! against a fixed response and printed back.
#![no_main]

use flow_poll::criteria::{parse_condition, ResponseView};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse_condition(text) {
        Ok(condition) => {
            let mut headers = http::HeaderMap::new();
            headers.insert("content-type", http::HeaderValue::from_static("application/json; charset=utf-8"));
            headers.insert("x-count", http::HeaderValue::from_static("7"));
            let body = json!({"status": "Completed", "items": [1, 2, {"a": null}], "n": 3, "name": "it's"});
            let raw = body.to_string();
            let _ = condition.matches(&ResponseView::new(200, &headers, raw.as_bytes(), Some(&body)));
            let _ = condition.matches(&ResponseView::new(503, &headers, b"not json", None));
            let _ = condition.to_string();
        }
        Err(error) => {
            assert!(error.offset() <= text.len(), "offset {} past the input", error.offset());
            assert!(text.is_char_boundary(error.offset()), "offset {} inside a character", error.offset());
            let _ = error.to_string();
        }
    }
});
