//! Runs the conformance corpus (`tests/conformance/`) on the real engine,
//! and checks every corpus file against the scenario format's JSON Schema.

use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

#[test]
fn every_corpus_scenario_passes() {
    let verdicts = flow_cli::conformance::run_paths(&[corpus()], None).expect("corpus is readable");
    assert!(verdicts.len() >= 80, "the corpus has {} scenarios, expected at least 80", verdicts.len());
    let failures: Vec<String> = verdicts
        .iter()
        .filter_map(|v| v.failure.as_ref().map(|f| format!("{} ({}): {f}", v.name, v.file.display())))
        .collect();
    assert!(failures.is_empty(), "{} scenario(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_corpus_file_matches_the_scenario_schema() {
    let schema: serde_json::Value = serde_json::from_str(flow_cli::conformance::SCENARIO_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let files = flow_cli::conformance::scenario::collect_files(&[corpus()]).unwrap();
    assert!(!files.is_empty());
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        for error in validator.iter_errors(&value) {
            problems.push(format!("{}: {}: {error}", file.display(), error.instance_path));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schema_rejects_a_malformed_scenario() {
    let schema: serde_json::Value = serde_json::from_str(flow_cli::conformance::SCENARIO_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let bad = serde_json::json!({"name": "x", "start": {"step": {}}, "server": {}, "expect": {"outcome": {"exit": 1, "failed": true}}});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn a_malformed_scenario_fails_with_file_and_json_path_but_does_not_abort_the_run() {
    let dir = std::env::temp_dir().join(format!("dflow-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.json"), r#"{"name": "bad", "start": {"step": {}}, "server": {}, "expect": {"outcome": {"exit": 1}, "requests": [{"method": "GET"}]}}"#).unwrap();
    std::fs::write(dir.join("good.json"), r#"{"name": "good", "start": {"step": {"id": "a", "layout": []}}, "server": {}, "expect": {"outcome": {"step": {"id": "a"}}}}"#).unwrap();
    let verdicts = flow_cli::conformance::run_paths(std::slice::from_ref(&dir), None).unwrap();
    assert_eq!(verdicts.len(), 2);
    let bad = &verdicts[0];
    let message = bad.failure.as_deref().unwrap();
    assert!(message.contains("bad.json") && message.contains("/expect/requests/0"), "{message}");
    assert!(verdicts[1].failure.is_none(), "{:?}", verdicts[1].failure);
}
