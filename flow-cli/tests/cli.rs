//! The `dflow` binary as scripts use it: `demo` to its exit in both
//! protocol generations, `serve-example` driven by `run`, `run --json`
//! against a mockito server for each exit status, and `validate`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::{json, Value};

/// `dflow` with fast demo timings and no colours.
fn dflow() -> Command {
    let mut cmd = Command::cargo_bin("dflow").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("RUST_LOG").timeout(std::time::Duration::from_secs(60));
    cmd
}

/// Every stdout line, parsed; each must be a JSON object with a string `event`.
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    text.lines()
        .map(|line| {
            let value: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            assert!(value["event"].is_string(), "no string event member: {line}");
            value
        })
        .collect()
}

fn events(lines: &[Value]) -> Vec<&str> {
    lines.iter().map(|l| l["event"].as_str().unwrap()).collect()
}

#[test]
fn demo_auto_json_ends_with_the_exit_event_in_both_generations() {
    for legacy in [false, true] {
        let mut cmd = dflow();
        cmd.args(["demo", "--auto", "--json", "--task-time", "0s"]);
        if legacy {
            cmd.arg("--legacy");
        }
        let out = cmd.assert().success().get_output().clone();
        let lines = json_lines(&out.stdout);
        let kinds = events(&lines);
        assert_eq!(kinds.first(), Some(&"step"), "legacy={legacy}: {kinds:?}");
        assert!(kinds.contains(&"errors"), "the server's validation error: {kinds:?}");
        assert!(kinds.contains(&"polling"), "{kinds:?}");
        assert!(kinds.contains(&"open_url"), "{kinds:?}");
        let last = lines.last().unwrap();
        assert_eq!(last["event"], "exit", "legacy={legacy}");
        assert_eq!(last["result"]["status"], "completed");
        assert_eq!(last["result"]["acknowledged"], true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(if legacy { "1.x (legacy) protocol" } else { "current protocol" }),
            "{stderr}"
        );
    }
}

#[test]
fn demo_without_a_terminal_answers_itself_and_prints_the_result() {
    let out = dflow().args(["demo", "--task-time", "0s"]).assert().success().get_output().clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("══ Send money ══"), "{text}");
    // Every field a person must see, before anything is answered.
    for line in [
        "Amount (number, required): 100\n",
        "Currency (select, required): Euro (EUR)\n",
        "  • British pound (GBP)\n  • Euro (EUR)\n  • US dollar (USD)\n",
        "Express delivery (+2.50) (yes/no): no\n",
        "Reference (optional) (text)\n",
        "[1] Continue\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    assert!(!text.contains("[form:"), "no debug labels: {text}");
    assert!(text.contains("✖ The exchange rate changed while you were typing."), "{text}");
    assert!(text.contains("polling: attempt 1 of 30"), "{text}");
    assert!(text.contains("↗ Open in your browser: http://127.0.0.1:"), "{text}");
    assert!(text.contains("✔ Flow finished. Result:"), "{text}");
    assert!(text.contains("\"status\": \"completed\""), "{text}");
    assert!(!text.contains('\u{1b}'), "NO_COLOR: no escape sequences\n{text}");
}

/// Kills the server child on drop, even when an assertion fails.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_example_is_driven_by_run() {
    let child = StdCommand::new(env!("CARGO_BIN_EXE_dflow"))
        .args(["serve-example", "--addr", "127.0.0.1:0", "--task-time", "0s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut stdout = BufReader::new(server.0.stdout.take().unwrap());
    let mut start = None;
    for _ in 0..5 {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(url) = line.trim().strip_prefix("Start a flow:  dflow run ") {
            start = Some(url.to_owned());
            break;
        }
    }
    let start = start.expect("serve-example prints the start URL");
    let out = dflow().args(["run", &start, "--auto", "--json"]).assert().success().get_output().clone();
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.last().unwrap()["event"], "exit");
    // A second flow on the same server gets its own state (and its own first error).
    let out =
        dflow().args(["run", &start, "--json", "--non-interactive"]).assert().code(3).get_output().clone();
    assert_eq!(events(&json_lines(&out.stdout)), ["step", "waiting"]);
}

fn confirm_step(server_url: &str) -> Value {
    json!({"id": "confirm", "title": "Confirm", "schemas": [], "layout": [
        {"type": "paragraph", "text": "Ready?"},
        {"type": "button", "title": "Done", "behavior": {"type": "action",
            "action": {"url": format!("{server_url}/done"), "exit": true, "result": {"ok": true}}}}
    ]})
}

#[test]
fn run_json_exits_0_when_the_flow_exits() {
    let mut server = mockito::Server::new();
    let url = server.url();
    let start = server
        .mock("POST", "/start")
        .match_header("authorization", "Bearer t0ken")
        .match_header("accept-language", "en-GB")
        .match_body(mockito::Matcher::Json(json!({"plan": "basic"})))
        .with_header("content-type", "application/json")
        .with_header("x-df-response-type", "step")
        .with_body(confirm_step(&url).to_string())
        .create();
    let done = server
        .mock("POST", "/done")
        .match_header("authorization", "Bearer t0ken")
        .with_header("content-type", "application/json")
        .with_body(r#"{"id": 42}"#)
        .create();
    let out = dflow()
        .args(["run", &format!("{url}/start"), "--json", "--auto", "--data", r#"{"plan": "basic"}"#])
        .args(["-H", "Authorization: Bearer t0ken", "--header", "Accept-Language: en-GB"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    start.assert();
    done.assert();
    let lines = json_lines(&out.stdout);
    assert_eq!(events(&lines), ["step", "exit"]);
    assert_eq!(lines[1]["result"], json!({"id": 42, "ok": true}));
}

#[test]
fn run_json_exits_0_on_an_exit_response_to_the_first_request() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("GET", "/start")
        .with_header("x-df-response-type", "exit")
        .with_body(r#"{"done": true}"#)
        .create();
    let out = dflow()
        .args(["run", &format!("{}/start", server.url()), "--json", "--method", "get"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(json_lines(&out.stdout), [json!({"event": "exit", "result": {"done": true}})]);
}

#[test]
fn run_json_exits_1_when_the_first_request_fails() {
    let mut server = mockito::Server::new();
    let _m = server.mock("POST", "/start").with_status(500).with_body(r#"{"error": "boom"}"#).create();
    let out = dflow()
        .args(["run", &format!("{}/start", server.url()), "--json", "--auto"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let lines = json_lines(&out.stdout);
    assert_eq!(events(&lines), ["failed"]);
    assert!(lines[0]["error"].as_str().unwrap().contains("500"), "{}", lines[0]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dflow: the flow failed:") && stderr.contains("boom"), "{stderr}");
}

#[test]
fn run_json_exits_1_when_nothing_listens() {
    // A port that was free a moment ago: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = dflow()
        .args(["run", &format!("http://127.0.0.1:{port}/start"), "--json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(events(&json_lines(&out.stdout)), ["failed"]);
}

#[test]
fn run_json_exits_3_when_a_step_waits_for_a_person() {
    let mut server = mockito::Server::new();
    let url = server.url();
    let _m = server
        .mock("POST", "/start")
        .with_header("x-df-response-type", "step")
        .with_body(confirm_step(&url).to_string())
        .create();
    let out = dflow()
        .args(["run", &format!("{url}/start"), "--json", "--non-interactive"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let lines = json_lines(&out.stdout);
    assert_eq!(events(&lines), ["step", "waiting"]);
    assert_eq!(lines[1]["step"]["id"], "confirm");
    // Without a terminal and without --auto, run behaves as --non-interactive.
    dflow().args(["run", &format!("{url}/start")]).assert().code(3);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["run"],
        vec!["run", "not a url"],
        vec!["run", "ftp://x.test/"],
        vec!["run", "http://127.0.0.1:9/", "--data", "{nope"],
        vec!["run", "http://127.0.0.1:9/", "--header", "no colon"],
        vec!["run", "http://127.0.0.1:9/", "--auto", "--non-interactive"],
        vec!["demo", "--task-time", "soon"],
        vec!["serve-example", "--addr", "nowhere"],
        vec!["frobnicate"],
    ] {
        dflow().args(&args).assert().code(2);
    }
}

#[test]
fn validate_exits_0_on_good_steps_and_1_on_bad_ones() {
    let dir = std::env::temp_dir().join(format!("dflow-cli-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    let bad = dir.join("bad.json");
    std::fs::write(
        &good,
        r#"{"id": "a", "title": "A", "schemas": [], "layout": [{"type": "paragraph", "text": "Hi"}]}"#,
    )
    .unwrap();
    std::fs::write(
        &bad,
        r#"{"id": "b", "title": "B", "schemas": [], "layout": [],
            "polling": {"url": "/s", "delay": 1, "maxAttempts": 0, "onError": {"action": {"exit": true}}}}"#,
    )
    .unwrap();
    dflow().arg("validate").arg(&good).assert().code(0);
    let out = dflow().arg("validate").arg(&good).arg(&bad).assert().code(1).get_output().clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("{}: /polling/maxAttempts:", bad.display())), "{text}");
    dflow().args(["validate", "-"]).write_stdin("{\"id\": ").assert().code(1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_non_interactive_prints_every_text_of_the_step() {
    let mut server = mockito::Server::new();
    let options: Vec<Value> = (1..=7).map(|i| json!({"const": i, "title": format!("Plan {i}")})).collect();
    let step = json!({"id": "choose", "title": "Choose a plan", "description": "You can change it later",
        "schemas": [{"$id": "plan", "type": "object", "required": ["plan"], "properties": {
            "plan": {"title": "Plan", "oneOf": options, "help": {"markdown": "Prices include tax"}},
            "billing": {"title": "Billing", "oneOf": [
                {"type": "object", "title": "Monthly", "properties": {"day": {"type": "integer", "title": "Day"}}},
                {"type": "object", "title": "Yearly", "properties": {"month": {"type": "string", "title": "Month"}}}]}}}],
        "layout": [
            {"type": "heading", "text": "Plans"},
            {"type": "paragraph", "text": "Pick one."},
            {"type": "alert", "markdown": "Prices went up", "context": "warning"},
            {"type": "review", "title": "Now", "fields": [{"label": "Current plan", "value": "Basic"}]},
            {"type": "form", "schemaId": "plan"},
            {"type": "decision", "options": [{"title": "Talk to us", "description": "Mon-Fri",
                "behavior": {"type": "action", "action": {"url": "/talk"}}}]},
            {"type": "loading-indicator"},
            {"type": "button", "title": "Save", "behavior": {"type": "action", "action": {"url": "/save"}}}]});
    let _m = server
        .mock("POST", "/start")
        .with_header("x-df-response-type", "step")
        .with_body(step.to_string())
        .create();
    let out = dflow()
        .args(["run", &format!("{}/start", server.url()), "--non-interactive"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "══ Choose a plan ══\nYou can change it later\nPlans\nPick one.\n⚠ Prices went up\nNow\nCurrent plan: Basic\n",
        "Plan (select, required)\n  ? Prices include tax\n  • Plan 1\n",
        "  • Plan 5\n  … and 2 more\n",
        "Billing (one of)\n  ○ Monthly\n  ○ Yearly\n",
        "[1] Talk to us — Mon-Fri\nLoading…\n[2] Save\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
}

#[test]
fn a_response_that_is_not_json_is_reported_with_its_content_type_and_first_bytes() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("POST", "/start")
        .with_header("content-type", "text/html")
        .with_body("<html><body>502 Bad Gateway</body></html>")
        .create();
    let out = dflow()
        .args(["run", &format!("{}/start", server.url()), "--non-interactive"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            r#"the body is text/html (41 bytes), not JSON: "<html><body>502 Bad Gateway</body></html>""#
        ),
        "{stderr}"
    );
}
