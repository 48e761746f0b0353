//! The 1.x → current mapping (`Step::normalize`, Decisions N.1–N.7): each
//! early-shape fixture in `fixtures/steps/early/` normalizes to its
//! expectation in `fixtures/normalized/` (same name), the pass is
//! idempotent, and the result is a valid current-generation step.
//!
//! `DFLOW_BLESS=1 cargo test -p flow-model --test normalize` rewrites the
//! expectations; review the diff before committing it.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use common::{fixture_dir, json_files};
use flow_model::layout::{ButtonLayout, DecisionOption};
use flow_model::{Layout, Schema, Step};
use serde_json::{json, Value};

fn early_fixtures() -> Vec<(std::path::PathBuf, String)> {
    let files = json_files(&fixture_dir().join("steps/early"));
    assert!(files.len() >= 4, "early fixtures missing");
    files
}

#[test]
fn early_fixtures_normalize_to_their_expectations() {
    let bless = std::env::var_os("DFLOW_BLESS").is_some();
    for (path, text) in early_fixtures() {
        let step: Step = flow_model::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let normalized = step.normalized();
        let got = serde_json::to_value(&normalized).expect("serializable");
        let expected_path = fixture_dir().join("normalized").join(path.file_name().expect("a file"));
        if bless {
            let pretty = serde_json::to_string_pretty(&got).expect("serializable") + "\n";
            std::fs::write(&expected_path, pretty).expect("writable");
            continue;
        }
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .expect("expectation is JSON");
        assert_eq!(got, expected, "{} normalizes differently", path.display());
    }
}

#[test]
fn normalizing_twice_changes_nothing() {
    for (path, text) in early_fixtures() {
        let once = flow_model::parse::<Step>(&text).expect("parses").normalized();
        let twice = once.normalized();
        assert_eq!(
            serde_json::to_value(&once).unwrap(),
            serde_json::to_value(&twice).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn normalized_steps_are_valid_current_steps() {
    for (path, text) in early_fixtures() {
        let step = flow_model::parse::<Step>(&text).expect("parses").normalized();
        let report = step.validate();
        assert!(report.is_valid(), "{}:\n{report}", path.display());
        let early: Vec<String> = report
            .problems()
            .iter()
            .map(ToString::to_string)
            .filter(|p| p.contains("1.x") || p.contains("unknown schema kind"))
            .collect();
        assert!(early.is_empty(), "{} still has early shapes: {early:?}", path.display());
        assert!(step.step_type.is_none() && step.actions.is_none() && step.options.is_none());
    }
}

#[test]
fn every_form_names_a_schema_of_the_step() {
    fn forms<'a>(layout: &'a Layout, out: &mut Vec<&'a flow_model::layout::FormLayout>) {
        if let Layout::Form(f) = layout {
            out.push(f);
        }
        for (_, child) in layout.children() {
            forms(child, out);
        }
    }
    for (path, text) in early_fixtures() {
        let step = flow_model::parse::<Step>(&text).expect("parses").normalized();
        let mut found = Vec::new();
        step.layout().iter().for_each(|l| forms(l, &mut found));
        for form in found {
            let id = form
                .schema_id
                .as_deref()
                .unwrap_or_else(|| panic!("{}: form without schemaId", path.display()));
            assert!(form.schema.is_none(), "{}: inline schema left in the form", path.display());
            assert!(step.schemas().iter().any(|s| s.id() == Some(id)), "{}: no schema {id}", path.display());
        }
    }
}

#[test]
fn an_inline_schema_whose_id_is_taken_gets_a_fresh_one() {
    let step = serde_json::from_value::<Step>(json!({
        "schemas": [{"$id": "inline-form-schema", "type": "string"}],
        "layout": [
            {"type": "form", "schema": {"$id": "inline-form-schema", "type": "number"}},
            {"type": "form", "schema": {"type": "boolean"}}
        ]
    }))
    .unwrap()
    .normalized();
    let ids: Vec<_> = step.schemas().iter().map(|s| s.id().unwrap()).collect();
    assert_eq!(ids, ["inline-form-schema", "inline-form-schema-2", "inline-form-schema-3"]);
    assert!(matches!(step.schemas()[1], Schema::Number(_)));
}

#[test]
fn titles_come_from_the_first_member_sent() {
    let option: DecisionOption = serde_json::from_value(json!({
        "title": "Own title", "text": "A line", "action": {"label": "Label", "url": "/x"}
    }))
    .unwrap();
    let mut decision = flow_model::layout::DecisionLayout::default();
    decision.options.push(option);
    let step = one_component(Layout::Decision(decision));
    let Layout::Decision(d) = &step.layout()[0] else { panic!("decision") };
    assert_eq!(d.options[0].title, "Own title");
    assert_eq!(d.options[0].description.as_deref(), Some("A line"));

    let button: ButtonLayout =
        serde_json::from_value(json!({"title": "Mine", "action": {"title": "Theirs", "url": "/x"}})).unwrap();
    let step = one_component(Layout::Button(button));
    let Layout::Button(b) = &step.layout()[0] else { panic!("button") };
    assert_eq!(b.title.as_deref(), Some("Mine"));
}

#[test]
fn an_enum_without_labels_is_titled_by_its_values() {
    let schema: Schema = serde_json::from_value(json!({"enum": ["a", 2, true], "title": "Pick"})).unwrap();
    assert!(matches!(schema, Schema::Enum(_)));
    let step: Step = serde_json::from_value(json!({"schemas": [schema], "layout": []})).unwrap();
    let step = step.normalized();
    let Schema::OneOf(one_of) = &step.schemas()[0] else { panic!("oneOf") };
    let titles: Vec<_> = one_of.one_of.iter().map(|c| c.title().unwrap()).collect();
    assert_eq!(titles, ["a", "2", "true"]);
    assert_eq!(one_of.title.as_deref(), Some("Pick"));
}

#[test]
fn a_typed_enum_stays_its_type() {
    let schema: Schema = serde_json::from_value(json!({"type": "string", "enum": ["a"]})).unwrap();
    assert!(matches!(schema, Schema::String(_)));
}

#[test]
fn a_step_with_an_unknown_type_and_no_layout_is_left_alone() {
    let step: Step = serde_json::from_value(json!({"type": "wizard", "title": "T"})).unwrap();
    let normalized = step.normalized();
    assert_eq!(normalized, step);
    assert!(!normalized.validate().is_valid());
}

fn one_component(layout: Layout) -> Step {
    let mut step = Step::default();
    step.layout = Some(vec![layout]);
    step.normalized()
}
