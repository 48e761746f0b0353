//! `dflow check` as scripts use it, against real HTTP servers (mockito):
//! a clean server exits 0; protocol violations and runtime failures are
//! findings with a rule, a severity and the request; `--json` prints one
//! object per finding and a summary; warnings alone exit 0.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::{json, Value};

fn dflow() -> Command {
    let mut cmd = Command::cargo_bin("dflow").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("RUST_LOG").timeout(std::time::Duration::from_secs(60));
    cmd
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

fn step_with_exit(server_url: &str) -> Value {
    json!({"id": "confirm", "title": "Confirm", "schemas": [], "layout": [
        {"type": "button", "title": "Done", "behavior": {"type": "action",
            "action": {"url": format!("{server_url}/done"), "exit": true}}}]})
}

#[test]
fn a_clean_server_exits_zero_with_a_clean_summary() {
    let mut server = mockito::Server::new();
    let url = server.url();
    let _start = server
        .mock("POST", "/start")
        .with_header("X-DF-Response-Type", "step")
        .with_body(step_with_exit(&url).to_string())
        .create();
    let _done = server.mock("POST", "/done").with_body(r#"{"ok": true}"#).create();
    let out =
        dflow().args(["check", &format!("{url}/start"), "--json"]).assert().success().get_output().clone();
    let lines = lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let summary = &lines[0]["summary"];
    assert_eq!((summary["errors"].as_u64(), summary["clean"].as_bool()), (Some(0), Some(true)), "{summary}");
    assert_eq!(summary["flow"], "exited");

    let out = dflow().args(["check", &format!("{url}/start")]).assert().success().get_output().clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
}

#[test]
fn violations_are_json_findings_with_rule_severity_request_and_pointer() {
    let mut server = mockito::Server::new();
    let url = server.url();
    // The first step polls without pause (a warning, naming the start
    // request, whose secret query value must not be printed); its exit
    // action answers a body that is not JSON (an error).
    let mut step = step_with_exit(&url);
    step["polling"] = json!({"url": "/poll", "delay": 0, "maxAttempts": 1});
    let _start = server
        .mock("POST", "/start?token=SECRET")
        .with_header("X-DF-Response-Type", "step")
        .with_body(step.to_string())
        .create();
    let _poll = server.mock("GET", "/poll").with_header("X-DF-Response-Type", "no-op").create();
    let _done = server.mock("POST", "/done").with_body("thanks!").create();
    let out = dflow()
        .args(["check", &format!("{url}/start?token=SECRET"), "--json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!text.contains("SECRET"), "the secret query value is redacted: {text}");
    let lines = lines(&out.stdout);
    let risky = lines.iter().find(|l| l["finding"] == "risky-polling").expect("risky-polling finding");
    assert_eq!(risky["severity"], "warning");
    assert_eq!(risky["pointer"], "/polling/delay");
    let shown = risky["request"]["url"].as_str().unwrap();
    assert!(shown.starts_with(&format!("{url}/start?token=")), "{shown}");
    let exit = lines.iter().find(|l| l["finding"] == "exit-not-json").expect("exit-not-json finding");
    assert_eq!(exit["severity"], "error");
    assert_eq!(exit["request"]["method"], "POST");
    assert_eq!(exit["request"]["url"], format!("{url}/done"));
    assert_eq!(exit["status"], 200);
    assert_eq!(exit["pointer"], "");
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["clean"], false);
    assert!(summary["errors"].as_u64().unwrap() >= 1, "{summary}");
}

#[test]
fn a_disagreeing_repeated_header_is_an_error_as_in_the_runtime() {
    let mut server = mockito::Server::new();
    let url = server.url();
    let _start = server
        .mock("POST", "/start")
        .with_header("X-DF-Response-Type", "step")
        .with_header("X-DF-Response-Type", "exit")
        .with_body(step_with_exit(&url).to_string())
        .create();
    let out = dflow().args(["check", &format!("{url}/start")]).assert().code(1).get_output().clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ERROR conflicting-response-type"), "{text}");
    assert!(text.contains(&format!("request: POST {url}/start -> HTTP 200")), "{text}");
    assert!(text.contains("ERROR flow-failed"), "the first request failed the flow: {text}");
}

#[test]
fn warnings_alone_exit_zero() {
    let mut server = mockito::Server::new();
    let url = server.url();
    let step = json!({"id": "wait", "title": "Wait", "schemas": [], "layout": [],
        "polling": {"url": "/poll", "delay": 0, "maxAttempts": 1,
            "onError": {"behavior": {"type": "action", "action": {"url": "/failed", "exit": true}}}}});
    let _start = server
        .mock("POST", "/start")
        .with_header("X-DF-Response-Type", "step")
        .with_body(step.to_string())
        .create();
    let _poll = server.mock("GET", "/poll").with_header("X-DF-Response-Type", "no-op").create();
    let _failed = server.mock("POST", "/failed").with_body("{}").create();
    let out =
        dflow().args(["check", &format!("{url}/start"), "--json"]).assert().success().get_output().clone();
    let lines = lines(&out.stdout);
    let rules: Vec<&str> = lines.iter().filter_map(|l| l["finding"].as_str()).collect();
    assert_eq!(rules, ["risky-polling", "polling-exhausted", "ended-through-on-error"], "{lines:?}");
    assert!(lines.iter().filter(|l| l.get("finding").is_some()).all(|l| l["severity"] == "warning"));
    assert_eq!(lines.last().unwrap()["summary"]["warnings"], 3);
}
