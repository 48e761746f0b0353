//! `dflow poll` as scripts use it, against a mockito server: the final body
//! on stdout, events as JSON lines on stdout instead under `--json`, and the
//! exit status for success (0), a matched failure, used-up budgets (1) and
//! usage errors (2). The rest of its flags and defaults: `poll_flags_cli.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::{json, Value};

fn dflow() -> Command {
    let mut cmd = Command::cargo_bin("dflow").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("RUST_LOG").timeout(std::time::Duration::from_secs(30));
    cmd
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// `GET /jobs/1` answers Running twice, then the final body.
fn job_server(server: &mut mockito::Server, last: Value) -> Vec<mockito::Mock> {
    let running = json!({"status": "Running", "percentComplete": 40}).to_string();
    vec![
        server
            .mock("GET", "/jobs/1")
            .match_header("authorization", "Bearer k3y")
            .with_header("content-type", "application/json")
            .with_body(&running)
            .expect(2)
            .create(),
        server
            .mock("GET", "/jobs/1")
            .match_header("authorization", "Bearer k3y")
            .with_header("content-type", "application/json")
            .with_body(last.to_string())
            .expect(1)
            .create(),
    ]
}

fn poll_args(url: &str) -> Vec<String> {
    [
        "poll",
        url,
        "--until",
        "$response.body#/status == 'Succeeded'",
        "--fail-if",
        "$response.body#/status == 'Failed'",
        "--interval",
        "10ms",
        "--header",
        "Authorization: Bearer k3y",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn success_prints_the_final_body_and_exits_0() {
    let mut server = mockito::Server::new();
    let done = json!({"status": "Succeeded", "percentComplete": 100, "result": "report.pdf"});
    let mocks = job_server(&mut server, done.clone());
    let url = format!("{}/jobs/1", server.url());
    let output = dflow().args(poll_args(&url)).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout, format!("{done}\n"));
    assert!(output.stderr.is_empty(), "no progress without a terminal or --json");
    for mock in mocks {
        mock.assert();
    }
}

#[test]
fn json_events_go_to_stdout_and_the_last_carries_the_body() {
    let mut server = mockito::Server::new();
    let done = json!({"status": "Succeeded", "percentComplete": 100});
    let _mocks = job_server(&mut server, done.clone());
    let url = format!("{}/jobs/1", server.url());
    let output = dflow().args(poll_args(&url)).arg("--json").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    let events = lines(&output.stdout);
    let kinds: Vec<&str> = events.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["attempt", "attempt", "attempt", "done"]);
    assert_eq!(events[0]["attempt"], 1);
    assert_eq!(events[0]["max_attempts"], 60);
    assert_eq!(events[0]["http_status"], 200);
    assert_eq!(events[0]["status"], "Running");
    assert_eq!(events[0]["percent"], 40.0);
    assert!(events[0]["next_delay"].as_u64().unwrap() >= 8, "10 ms ±20 %");
    assert_eq!(events[2]["percent"], 100.0);
    assert_eq!(events[2]["next_delay"], Value::Null);
    assert_eq!(events[3], json!({"event": "done", "attempts": 3, "http_status": 200, "body": done}));
}

#[test]
fn a_matched_failure_exits_1_with_the_body_on_stdout() {
    let mut server = mockito::Server::new();
    let failed = json!({"status": "Failed", "error": "disk full"});
    let _mocks = job_server(&mut server, failed.clone());
    let url = format!("{}/jobs/1", server.url());
    let output = dflow().args(poll_args(&url)).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<Value>(&output.stdout).unwrap(), failed);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`$response.body#/status == 'Failed'` matched HTTP 200 OK"), "{stderr}");
    assert!(!stderr.contains("k3y"), "secrets stay out of messages: {stderr}");
}

#[test]
fn budgets_used_up_exit_1_with_the_last_body_on_stdout() {
    let mut server = mockito::Server::new();
    let _mock = server.mock("GET", "/never").with_body(r#"{"status": "Running"}"#).create();
    let url = format!("{}/never", server.url());
    let base =
        ["poll", url.as_str(), "--until", "$response.body#/status == 'Succeeded'", "--interval", "20ms"];

    let output = dflow().args(base).args(["--max-attempts", "3"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        output.stdout, b"{\"status\": \"Running\"}\n",
        "the last answer, the one the user wants to see"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("gave up after 3 attempts"), "{stderr}");

    let output = dflow().args(base).args(["--timeout", "150ms", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let events = lines(&output.stdout);
    let last = events.last().unwrap();
    assert_eq!(last["event"], "failed");
    assert_eq!(last["reason"], "deadline_exceeded");
    assert_eq!(last["body"], json!({"status": "Running"}));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("dflow: deadline exceeded after"), "errors go to stderr too: {stderr}");
    assert!(last["error"].as_str().unwrap().starts_with("deadline exceeded after"), "{last}");
}

#[test]
fn without_until_a_2xx_status_other_than_202_is_success() {
    let mut server = mockito::Server::new();
    let first = server.mock("GET", "/health").with_status(503).expect(1).create();
    let accepted = server.mock("GET", "/health").with_status(202).expect(1).create();
    let second = server.mock("GET", "/health").with_status(200).with_body("ok").expect(1).create();
    let url = format!("{}/health", server.url());
    let output = dflow()
        .args(["poll", &url, "--interval", "10ms", "--backoff", "--retry-min", "10ms"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.stdout, b"ok\n");
    first.assert();
    accepted.assert();
    second.assert();
}

#[test]
fn usage_errors_exit_2_and_point_at_the_bad_part() {
    let output =
        dflow().args(["poll", "http://127.0.0.1:9/x", "--until", "$statusCode = 200"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("use `==` to compare at offset 12"), "{stderr}");

    for args in [
        vec!["poll", "ftp://x/"],
        vec!["poll", "http://127.0.0.1:9/x", "--header", "no colon"],
        vec!["poll", "http://127.0.0.1:9/x", "--interval", "soon"],
        vec!["poll", "http://127.0.0.1:9/x", "--max-attempts", "0"],
        vec!["poll", "http://127.0.0.1:9/x", "--backoff", "--interval", "0s"],
    ] {
        let output = dflow().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_documents_the_flags() {
    let output = dflow().args(["poll", "--help"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--until",
        "--fail-if",
        "--interval",
        "--backoff",
        "--max-attempts",
        "--timeout",
        "--header",
        "--json",
        "--method",
        "--data",
        "--start",
        "--poll-url",
        "--filter",
        "--openapi",
        "--poller",
        "--operation",
        "--param",
        "--delay",
        "--request-timeout",
        "--retry-limit",
        "--retry-min",
        "--retry-max",
        "--retry-factor",
        "--retry-jitter",
        "--no-retry-jitter",
        "--key",
        "--state-dir",
        "--fresh",
        "--status-pointer",
        "--progress-pointer",
        "--preset",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}
