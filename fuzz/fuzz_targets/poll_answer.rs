//! The §4.3 polling table: any status, headers and body.
#![no_main]

#[path = "http_input.rs"]
mod http_input;

use http::StatusCode;
use http_input::{header_map, HttpInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: HttpInput<'_>| {
    let Ok(status) = StatusCode::from_u16(input.status()) else { return };
    let headers = header_map(&input.headers);
    let _ = flow_runtime::flow::classify::classify_poll_answer(status, &headers, input.body);
});
