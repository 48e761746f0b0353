//! The §5 response table: any status, headers and body, for an exiting or
//! a moving action.
#![no_main]

#[path = "http_input.rs"]
mod http_input;

use flow_runtime::flow::respond::{classify_response, Trigger};
use http_input::{header_map, HttpInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: HttpInput<'_>| {
    let headers = header_map(&input.headers);
    let _ = classify_response(Trigger::new(input.exit, None), input.status(), &headers, input.body);
});
