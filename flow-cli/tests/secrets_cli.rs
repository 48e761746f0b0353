//! No secret is ever printed by `dflow`, at any verbosity: not a query value
//! with a well-known secret name, not a URL password, not an
//! `Authorization` or API-key header value; checked on stdout and stderr
//! with `-vvv` and with `RUST_LOG=trace`, on a flow that runs to its end and
//! on a first request that fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::json;

const SECRETS: [&str; 5] = ["QUERYSECRET", "SIGSECRET", "PASSSECRET", "BEARERSECRET", "KEYSECRET"];

fn dflow() -> Command {
    let mut cmd = Command::cargo_bin("dflow").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("RUST_LOG").timeout(std::time::Duration::from_secs(60));
    cmd
}

fn assert_no_secret(out: &std::process::Output, what: &str) {
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        for secret in SECRETS {
            assert!(!text.contains(secret), "{what}: {secret} printed:\n{text}");
        }
    }
}

/// A URL on `base` carrying every kind of secret a URL can.
fn secret_url(base: &str, path: &str) -> String {
    let with_password = base.replacen("http://", "http://user:PASSSECRET@", 1);
    format!("{with_password}{path}?token=QUERYSECRET&X-Amz-Signature=SIGSECRET&page=2")
}

fn verbosities() -> Vec<(Vec<&'static str>, Option<&'static str>)> {
    vec![(vec!["-vvv"], None), (vec![], Some("trace")), (vec![], None)]
}

#[test]
fn a_flow_run_at_trace_prints_no_secret() {
    let mut server = mockito::Server::new();
    let url = server.url();
    let step = json!({"id": "s", "title": "S", "schemas": [], "layout": [
        {"type": "button", "title": "Done", "behavior": {"type": "action",
            "action": {"url": "/done", "exit": true}}}]});
    let _start = server
        .mock("POST", mockito::Matcher::Regex("^/start".into()))
        .with_header("X-DF-Response-Type", "step")
        .with_body(step.to_string())
        .expect_at_least(1)
        .create();
    let _done = server.mock("POST", mockito::Matcher::Regex("^/done".into())).with_body("{}").create();
    for (flags, rust_log) in verbosities() {
        let mut cmd = dflow();
        cmd.args(["run", &secret_url(&url, "/start"), "--auto", "--json"]);
        cmd.args(["-H", "Authorization: Bearer BEARERSECRET", "-H", "X-Api-Key: KEYSECRET"]);
        cmd.args(&flags);
        if let Some(level) = rust_log {
            cmd.env("RUST_LOG", level);
        }
        let out = cmd.assert().success().get_output().clone();
        assert_no_secret(&out, &format!("{flags:?} RUST_LOG={rust_log:?}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !flags.is_empty() || rust_log.is_some() {
            assert!(stderr.contains("[redacted]"), "the URL is logged, redacted: {stderr}");
        }
    }
}

#[test]
fn a_failing_first_request_prints_no_secret() {
    // Nothing listens on this port (bound, then freed).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    for (flags, rust_log) in verbosities() {
        let mut cmd = dflow();
        cmd.args(["run", &secret_url(&base, "/start"), "--json", "-H", "Authorization: Bearer BEARERSECRET"]);
        cmd.args(&flags);
        if let Some(level) = rust_log {
            cmd.env("RUST_LOG", level);
        }
        let out = cmd.assert().code(1).get_output().clone();
        assert_no_secret(&out, &format!("{flags:?} RUST_LOG={rust_log:?}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("\"failed\""), "{stdout}");
    }
}
