//! The fixture corpus (`tests/fixtures/`): realistic documents of both
//! protocol generations for every layout, schema, behavior and response-body
//! kind. Each parses, serializes back to what was sent, and validates; and
//! together they cover every kind this crate types.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use std::path::Path;

use common::{fixtures, Kinds};
use flow_model::{
    ActionResponseBody, ErrorResponseBody, ModalResponseBody, Report, SearchResponseBody, SearchResult, Step,
    SubflowResponseBody, Validate,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Parses `text` as `T` with located errors, and returns it with its re-serialized JSON.
fn parse<T: DeserializeOwned + Serialize>(path: &Path, text: &str) -> (T, Value) {
    let parsed: T = flow_model::parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let back = serde_json::to_value(&parsed).expect("serializable");
    (parsed, back)
}

/// Round trip: what was sent is what comes back.
fn assert_round_trip(path: &Path, text: &str, back: &Value) {
    let sent: Value = serde_json::from_str(text).expect("fixture is JSON");
    assert_eq!(&sent, back, "{} does not round-trip", path.display());
}

fn assert_valid(path: &Path, report: &Report) {
    assert!(report.is_valid(), "{} has errors:\n{report}", path.display());
}

fn name(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).expect("utf-8 name")
}

#[test]
fn steps_parse_round_trip_and_validate() {
    for (path, text) in fixtures("steps") {
        let (step, back) = parse::<Step>(&path, &text);
        let report = step.validate();
        assert_valid(&path, &report);
        // Every fixture, the earliest 1.x components included, comes back
        // exactly as sent: no member is added (absent stays absent) or lost.
        assert_round_trip(&path, &text, &back);
    }
}

#[test]
fn response_bodies_parse_round_trip_and_validate() {
    let mut seen = Vec::new();
    for (path, text) in fixtures("responses") {
        let kind = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).expect("kind dir");
        let (report, back) = match kind {
            "action" => {
                let (body, back) = parse::<ActionResponseBody>(&path, &text);
                (body.validate(), back)
            }
            "error" => {
                let (body, back) = parse::<ErrorResponseBody>(&path, &text);
                (body.validate(), back)
            }
            "modal" => {
                let (body, back) = parse::<ModalResponseBody>(&path, &text);
                (body.validate(), back)
            }
            "subflow" => {
                let (body, back) = parse::<SubflowResponseBody>(&path, &text);
                (body.validate(), back)
            }
            "search" => {
                let (body, back) = parse::<SearchResponseBody>(&path, &text);
                let kinds: Vec<&str> = body
                    .results
                    .iter()
                    .map(|r| match r {
                        SearchResult::Action(_) => "action",
                        SearchResult::Search(_) => "search",
                        _ => "unknown",
                    })
                    .collect();
                assert_eq!(kinds, ["action", "search", "unknown"]);
                (body.validate(), back)
            }
            other => panic!("unexpected fixture dir {other}"),
        };
        assert_valid(&path, &report);
        assert_round_trip(&path, &text, &back);
        seen.push(kind.to_owned());
    }
    seen.dedup();
    assert_eq!(seen, ["action", "error", "modal", "search", "subflow"]);
}

#[test]
fn fixtures_cover_every_kind() {
    let mut kinds = Kinds::default();
    for (path, text) in fixtures("steps") {
        kinds.step(&parse::<Step>(&path, &text).0);
    }
    for (path, text) in fixtures("responses/modal") {
        parse::<ModalResponseBody>(&path, &text).0.content.iter().for_each(|l| kinds.layout(l));
    }
    for (path, text) in fixtures("responses/subflow") {
        let body = parse::<SubflowResponseBody>(&path, &text).0;
        body.on_completion.iter().chain(body.on_error.iter()).for_each(|b| kinds.behavior(b));
    }
    let layouts = [
        "alert",
        "box",
        "button",
        "columns",
        "decision",
        "divider",
        "form",
        "heading",
        "image",
        "info",
        "instructions",
        "list",
        "loading-indicator",
        "markdown",
        "media",
        "modal",
        "paragraph",
        "progress",
        "review",
        "search",
        "section",
        "status-list",
        "tabs",
        "upsell",
        "(unknown)",
    ];
    let missing: Vec<_> = layouts.iter().filter(|k| !kinds.layouts.contains(**k)).collect();
    assert!(missing.is_empty(), "layout kinds without a fixture: {missing:?}");
    let behaviors = ["action", "copy", "dismiss", "link", "modal", "refresh", "subflow", "(unknown)"];
    let missing: Vec<_> = behaviors.iter().filter(|k| !kinds.behaviors.contains(**k)).collect();
    assert!(missing.is_empty(), "behavior kinds without a fixture: {missing:?}");
    let schemas = [
        "object",
        "array",
        "tuple",
        "string",
        "number",
        "integer",
        "boolean",
        "blob",
        "oneOf",
        "allOf",
        "const",
        "(unknown)",
    ];
    let missing: Vec<_> = schemas.iter().filter(|k| !kinds.schemas.contains(**k)).collect();
    assert!(missing.is_empty(), "schema kinds without a fixture: {missing:?}");
}

#[test]
fn fixtures_cover_both_generations() {
    use flow_model::layout::Layout;
    let (mut legacy_buttons, mut current_buttons, mut legacy_options, mut current_options) = (0, 0, 0, 0);
    let (mut interval, mut delay, mut on_error_action, mut on_error_behavior) = (0, 0, 0, 0);
    fn walk(layout: &Layout, f: &mut dyn FnMut(&Layout)) {
        f(layout);
        for (_, child) in layout.children() {
            walk(child, f);
        }
    }
    for (path, text) in fixtures("steps") {
        let step = parse::<Step>(&path, &text).0;
        for layout in step.layout() {
            walk(layout, &mut |l| match l {
                Layout::Button(b) if b.behavior.is_some() => current_buttons += 1,
                Layout::Button(b) if b.action.is_some() => legacy_buttons += 1,
                Layout::Decision(d) => {
                    current_options += d.options.iter().filter(|o| o.behavior.is_some()).count();
                    legacy_options += d.options.iter().filter(|o| o.action.is_some()).count();
                }
                _ => {}
            });
        }
        if let Some(p) = &step.polling {
            interval += usize::from(p.interval.is_some());
            delay += usize::from(p.delay.is_some() && p.timeout.is_some());
            let on_error = p.on_error.as_ref().expect("fixtures poll with onError");
            on_error_action += usize::from(on_error.action.is_some());
            on_error_behavior += usize::from(on_error.behavior.is_some());
        }
    }
    for count in [legacy_buttons, current_buttons, legacy_options, current_options] {
        assert!(count >= 2, "buttons/options of both generations: {legacy_buttons} {current_buttons} {legacy_options} {current_options}");
    }
    for count in [interval, delay, on_error_action, on_error_behavior] {
        assert!(
            count >= 1,
            "polling of both generations: {interval} {delay} {on_error_action} {on_error_behavior}"
        );
    }
}

#[test]
fn legacy_fixture_warns_about_deprecated_forms() {
    let (path, text) =
        fixtures("steps/legacy").into_iter().find(|(p, _)| name(p) == "bank-details").expect("fixture");
    let report = parse::<Step>(&path, &text).0.validate();
    for (at, message) in [
        ("/polling/interval", "deprecated (1.x); send delay"),
        ("/polling/onError/action", "deprecated (1.x); send behavior"),
        ("/layout/4/schema", "deprecated (1.x); send schemaId"),
    ] {
        assert!(report.find(at, message).is_some(), "missing warning {at}: {message}\n{report}");
    }
    assert!(report.warnings().count() >= 3);
}

#[test]
fn future_server_fixture_warns_about_unknown_kinds_only() {
    let (path, text) =
        fixtures("steps/current").into_iter().find(|(p, _)| name(p) == "future-server").expect("fixture");
    let report = parse::<Step>(&path, &text).0.validate();
    let warnings: Vec<String> = report.warnings().map(|p| format!("{}: {}", p.path, p.message)).collect();
    assert_eq!(
        warnings,
        [
            "/schemas/0/properties/when: unknown schema kind; kept as sent",
            "/layout/0/type: unknown layout type \"hologram\"; hosts may skip it",
            "/layout/1/type: unknown layout type \"carousel\"; hosts may skip it",
            "/layout/2/components/1/behavior/type: unknown behavior type \"teleport\"; does nothing",
            "/layout/4/type: unknown layout type \"(none)\"; hosts may skip it",
            "/layout/5/type: unknown layout type \"(none)\"; hosts may skip it",
            "/navigation/stackBehavior: unknown value \"replace-all-but-first\"; reads as \"default\"",
        ]
    );
    assert!(report.is_valid());
}
