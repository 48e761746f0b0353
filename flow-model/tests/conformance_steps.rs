//! Every step in the conformance scenarios parses: each `start.step`, and
//! each scripted server reply whose body is a step (a JSON object with a
//! `layout` array, spec §4.3). Scenarios come from the workspace corpus
//! (`tests/conformance/`), which carries the public samples in its
//! `samples/` directory.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use std::path::{Path, PathBuf};

use flow_model::Step;
use serde_json::Value;

/// The workspace corpus, `tests/conformance/`.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

/// The public samples, copied into the corpus.
fn samples() -> PathBuf {
    corpus().join("samples")
}

/// The steps in one scenario file (an object, or an array of scenarios).
fn steps_in(file: &Value) -> Vec<(String, &Value)> {
    let scenarios: Vec<&Value> = match file {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut steps = Vec::new();
    for (n, scenario) in scenarios.into_iter().enumerate() {
        if let Some(step) = scenario.pointer("/start/step") {
            steps.push((format!("#{n}/start/step"), step));
        }
        for (route, replies) in scenario.get("server").and_then(Value::as_object).into_iter().flatten() {
            for (i, reply) in replies.as_array().into_iter().flatten().enumerate() {
                if let Some(body) = reply.get("body").filter(|b| b.get("layout").is_some_and(Value::is_array))
                {
                    steps.push((format!("#{n}/server/{route}/{i}/body"), body));
                }
            }
        }
    }
    steps
}

#[test]
fn every_conformance_step_parses_and_round_trips() {
    let root = corpus();
    assert!(root.is_dir(), "no conformance scenarios found under {}", root.display());
    let mut checked = 0;
    for (path, text) in common::json_files(&root) {
        let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (at, step) in steps_in(&file) {
            let json = step.to_string();
            let parsed: Step =
                flow_model::parse(&json).unwrap_or_else(|e| panic!("{} {at}: {e}", path.display()));
            assert_eq!(
                &serde_json::to_value(&parsed).expect("serializable"),
                step,
                "{} {at}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 7, "only {checked} steps found");
}

#[test]
fn the_sample_steps_parse_with_their_polling_views() {
    let root = samples();
    assert!(root.is_dir(), "the public samples are missing: {} not present", root.display());
    let mut polling = 0;
    for (path, text) in common::json_files(&root) {
        let file: Value = serde_json::from_str(&text).expect("json");
        for (at, step) in steps_in(&file) {
            let step: Step = serde_json::from_value(step.clone())
                .unwrap_or_else(|e| panic!("{} {at}: {e}", path.display()));
            if let Some(p) = &step.polling {
                assert!(
                    p.wait().is_some() && p.attempts().is_some() && p.on_error_behavior().is_some(),
                    "{at}"
                );
                assert!(step.validate().is_valid(), "{}: {}", path.display(), step.validate());
                polling += 1;
            }
        }
    }
    assert!(polling >= 4, "{polling} polling steps");
}
