//! Deeply nested documents fail with a located error (or parse, within the
//! bound), and never overflow the stack: every case runs on a thread with a
//! modest 2 MiB stack (the default of spawned and tokio worker threads), in
//! whatever profile the tests are built (debug by default, the worst case).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

use flow_model::layout::{BoxLayout, Layout};
use flow_model::{parse, ParseError, Step, MAX_NESTING_DEPTH};

const STACK: usize = 2 * 1024 * 1024;

/// Runs `f` on a thread with a 2 MiB stack.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow, no panic")
}

fn parse_small_stack(json: String) -> Result<Step, ParseError> {
    small_stack(move || parse::<Step>(&json))
}

/// A step whose layout holds `depth` boxes, each inside the previous one.
fn nested_boxes(depth: usize, innermost: &str) -> String {
    let mut json = String::from(r#"{"id": "deep", "title": "Deep", "schemas": [], "layout": ["#);
    json.push_str(&r#"{"type": "box", "components": ["#.repeat(depth));
    json.push_str(innermost);
    json.push_str(&"]}".repeat(depth));
    json.push_str("]}");
    json
}

/// A step whose first schema is `depth` object schemas deep, around a string schema.
fn nested_schemas(depth: usize) -> String {
    let mut json = String::from(r#"{"id": "deep", "title": "Deep", "layout": [], "schemas": ["#);
    json.push_str(&r#"{"type": "object", "properties": {"a": "#.repeat(depth));
    json.push_str(r#"{"type": "string"}"#);
    json.push_str(&"}}".repeat(depth));
    json.push_str("]}");
    json
}

/// A step with an unknown member nesting `depth` arrays.
fn nested_unknown(depth: usize) -> String {
    format!(r#"{{"id": "deep", "layout": [], "x": {}{}}}"#, "[".repeat(depth), "]".repeat(depth))
}

/// A button whose subflow behavior nests `depth` subflows through `onCompletion`.
fn nested_behaviors(depth: usize) -> String {
    let mut json =
        String::from(r#"{"id": "deep", "layout": [{"type": "button", "title": "Go", "behavior": "#);
    json.push_str(
        &r#"{"type": "subflow", "referrerId": "r", "launchConfig": {}, "onCompletion": "#.repeat(depth),
    );
    json.push_str(r#"{"type": "dismiss"}"#);
    json.push_str(&"}".repeat(depth));
    json.push_str("}]}");
    json
}

/// Buttons opening modals whose content holds the next button, `depth` times.
fn nested_modals(depth: usize) -> String {
    let mut json = String::from(r#"{"id": "deep", "layout": ["#);
    json.push_str(&r#"{"type": "button", "behavior": {"type": "modal", "content": ["#.repeat(depth));
    json.push_str(&"]}}".repeat(depth));
    json.push_str("]}");
    json
}

fn assert_too_deep(result: Result<Step, ParseError>, path_prefix: &str) {
    let err = result.expect_err("too deep to accept");
    let expected = format!("nested more than {MAX_NESTING_DEPTH} layouts, schemas and behaviors deep");
    assert_eq!(err.message, expected, "{err}");
    assert!(err.path.as_str().starts_with(path_prefix), "{err}");
    assert_eq!(err.line, 1);
    assert!(err.column > 1, "{err}");
}

#[test]
fn ten_thousand_nested_boxes_fail_with_a_located_error() {
    let err = parse_small_stack(nested_boxes(10_000, "")).expect_err("too deep");
    // The error names the box that goes one level too far.
    let expected_path = format!("/layout/0{}", "/components/0".repeat(MAX_NESTING_DEPTH));
    assert_eq!(err.path.as_str(), expected_path);
    assert_too_deep(Err(err), "/layout/0/components/0");
}

#[test]
fn two_hundred_nested_boxes_fail_with_a_located_error() {
    assert_too_deep(parse_small_stack(nested_boxes(200, "")), "/layout/0/components/0");
}

#[test]
fn boxes_up_to_the_bound_parse_and_one_more_fails() {
    let step = parse_small_stack(nested_boxes(MAX_NESTING_DEPTH, "")).expect("within the bound");
    let mut levels = 1;
    let mut layout = &step.layout()[0];
    while let Some((_, child)) = layout.children().into_iter().next() {
        layout = child;
        levels += 1;
    }
    assert_eq!(levels, MAX_NESTING_DEPTH);
    assert!(step.validate().is_valid());
    assert_too_deep(parse_small_stack(nested_boxes(MAX_NESTING_DEPTH + 1, "")), "/layout/0");
}

#[test]
fn deepest_boxes_with_deep_unknown_json_inside_still_fit_the_stack() {
    // 32 boxes (64 JSON levels) around an unknown component holding 60 more
    // nested arrays: 127 JSON levels, just inside serde_json's own limit.
    let innermost = format!(r#"{{"type": "hologram", "x": {}{}}}"#, "[".repeat(60), "]".repeat(60));
    let step =
        parse_small_stack(nested_boxes(MAX_NESTING_DEPTH - 1, &innermost)).expect("within both bounds");
    assert!(step.validate().is_valid());
}

#[test]
fn deep_schemas_fail_with_a_located_error() {
    assert_too_deep(parse_small_stack(nested_schemas(10_000)), "/schemas/0/properties/a");
    assert_too_deep(parse_small_stack(nested_schemas(200)), "/schemas/0/properties/a");
    // 31 objects around a string: 32 schemas.
    assert!(parse_small_stack(nested_schemas(MAX_NESTING_DEPTH - 1)).is_ok());
    assert!(parse_small_stack(nested_schemas(MAX_NESTING_DEPTH)).is_err());
}

#[test]
fn deep_behaviors_fail_with_a_located_error() {
    assert_too_deep(parse_small_stack(nested_behaviors(10_000)), "/layout/0/behavior/onCompletion");
    assert_too_deep(parse_small_stack(nested_behaviors(200)), "/layout/0/behavior/onCompletion");
    // The button is one level, its behavior another, then 30 more.
    assert!(parse_small_stack(nested_behaviors(MAX_NESTING_DEPTH - 2)).is_ok());
}

#[test]
fn deep_modals_fail_with_a_located_error() {
    assert_too_deep(parse_small_stack(nested_modals(10_000)), "/layout/0/behavior/content/0");
    // Each button and each modal behavior is one level.
    assert!(parse_small_stack(nested_modals(MAX_NESTING_DEPTH / 2)).is_ok());
    assert!(parse_small_stack(nested_modals(MAX_NESTING_DEPTH / 2 + 1)).is_err());
}

#[test]
fn deep_unknown_json_hits_serde_json_limit() {
    let err = parse_small_stack(nested_unknown(10_000)).expect_err("too deep");
    assert!(err.message.contains("recursion limit exceeded"), "{err}");
    assert!(err.path.as_str().starts_with("/x/0/0/0"), "{err}");
    assert!(parse_small_stack(nested_unknown(100)).is_ok());
}

#[test]
fn the_bound_holds_for_plain_serde_json_too() {
    let json = nested_boxes(10_000, "");
    let result =
        small_stack(move || serde_json::from_str::<Step>(&json).map(|_| ()).map_err(|e| e.to_string()));
    let err = result.expect_err("too deep");
    assert!(err.starts_with(&format!("nested more than {MAX_NESTING_DEPTH}")), "{err}");
}

#[test]
fn validating_layouts_built_deeper_in_code_reports_instead_of_overflowing() {
    let report = small_stack(|| {
        let mut layout = Layout::Box(BoxLayout::default());
        for _ in 0..1_000 {
            let mut outer = BoxLayout::default();
            outer.components.push(layout);
            layout = Layout::Box(outer);
        }
        let report = flow_model::Validate::validate(&layout);
        // Dropping 1,000 levels is iterative enough for the small stack too.
        drop(layout);
        report
    });
    let errors: Vec<_> = report.errors().collect();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(errors[0].message.starts_with("nested more than"), "{report}");
    assert_eq!(errors[0].path.as_str().matches("/components/0").count(), MAX_NESTING_DEPTH);
}

#[test]
fn validating_modals_and_schemas_built_deeper_in_code_reports_instead_of_overflowing() {
    let (layout_report, schema_report) = small_stack(|| {
        // A button opening a modal holding a button opening a modal…
        let mut layout: Layout = serde_json::from_str(r#"{"type": "divider"}"#).expect("parses");
        for _ in 0..500 {
            let mut button: Layout =
                serde_json::from_str(r#"{"type": "button", "behavior": {"type": "modal", "content": []}}"#)
                    .expect("parses");
            if let Layout::Button(b) = &mut button {
                if let Some(flow_model::Behavior::Modal(m)) = b.behavior.as_deref_mut() {
                    m.content.push(layout);
                }
            }
            layout = button;
        }
        let mut schema: flow_model::Schema = serde_json::from_str(r#"{"type": "string"}"#).expect("parses");
        for _ in 0..1_000 {
            let mut object: flow_model::Schema =
                serde_json::from_str(r#"{"type": "object", "properties": {}}"#).expect("parses");
            if let flow_model::Schema::Object(o) = &mut object {
                o.properties.insert("a".to_owned(), schema);
            }
            schema = object;
        }
        (flow_model::Validate::validate(&layout), flow_model::Validate::validate(&schema))
    });
    for report in [layout_report, schema_report] {
        let errors: Vec<_> = report.errors().collect();
        assert_eq!(errors.len(), 1, "{report}");
        assert!(errors[0].message.starts_with("nested more than"), "{report}");
    }
}
