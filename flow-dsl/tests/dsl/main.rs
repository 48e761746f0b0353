//! Integration tests of flow-dsl, as one test binary: a test per kind, the
//! error reporting, the response helpers and the round-trip property.

// Test helpers outside `#[test]` functions: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod behaviors;
mod errors;
mod layouts;
mod responses;
mod roundtrip;
mod schemas;
mod steps;

#[cfg(feature = "axum")]
mod axum_responses;

use serde::Serialize;
use serde_json::Value;

/// The JSON of a built value.
pub(crate) fn json_of<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("model values serialize")
}

/// Builds a one-component layout and returns its JSON.
pub(crate) fn component(configure: impl FnOnce(&mut flow_dsl::LayoutBuilder)) -> Value {
    use flow_dsl::prelude::*;
    let layout = Layout::build(configure).unwrap_or_else(|e| panic!("{e}"));
    let value = json_of(&layout);
    // Whatever was built reads back as itself.
    let back: Layout = flow_model::parse(&value.to_string()).expect("parses");
    assert_eq!(back, layout);
    value
}

/// The "path: message" lines of a build error.
pub(crate) fn lines(error: &flow_dsl::BuildError) -> Vec<String> {
    error.problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect()
}
