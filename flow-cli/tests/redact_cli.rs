//! `--redact-query NAME` and `--redact-header NAME` on `run`, `poll` and
//! `check`, against real HTTP servers (mockito) at the most verbose log
//! levels: the secret values reach the server but never stdout or stderr,
//! on success and in error messages alike.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::json;

const QUERY_SECRET: &str = "SECRETVALUE";
const HEADER_SECRET: &str = "HEADERSECRET";

fn dflow() -> Command {
    let mut cmd = Command::cargo_bin("dflow").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("RUST_LOG").timeout(std::time::Duration::from_secs(60));
    cmd
}

/// Runs `dflow` with `args`; returns (exit code, stdout, stderr).
fn output(args: &[&str]) -> (Option<i32>, String, String) {
    let out = dflow().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_hidden(secret: &str, what: &str, (code, stdout, stderr): &(Option<i32>, String, String)) {
    assert!(!stdout.contains(secret), "{what}: {secret} on stdout (exit {code:?}):\n{stdout}");
    assert!(!stderr.contains(secret), "{what}: {secret} on stderr (exit {code:?}):\n{stderr}");
}

/// A server whose flow starts at `/start?ref=SECRETVALUE` (and polls
/// `/status?ref=SECRETVALUE`), only when the request carries
/// `X-Custom: HEADERSECRET`.
fn server() -> (mockito::ServerGuard, Vec<mockito::Mock>) {
    let mut server = mockito::Server::new();
    let url = server.url();
    let step = json!({"id": "confirm", "title": "Confirm", "schemas": [], "layout": [
        {"type": "button", "title": "Done", "behavior": {"type": "action",
            "action": {"url": format!("{url}/done"), "exit": true}}}]});
    let mocks = vec![
        server
            .mock("POST", format!("/start?ref={QUERY_SECRET}").as_str())
            .match_header("x-custom", HEADER_SECRET)
            .with_header("x-df-response-type", "step")
            .with_body(step.to_string())
            .create(),
        server
            .mock("POST", "/done")
            .match_header("x-custom", HEADER_SECRET)
            .with_body(r#"{"ok": true}"#)
            .create(),
        server
            .mock("GET", format!("/status?ref={QUERY_SECRET}").as_str())
            .match_header("x-custom", HEADER_SECRET)
            .with_body(r#"{"status": "done"}"#)
            .create(),
        // The same start without the header: the server refuses, with the
        // request in the error.
        server
            .mock("POST", format!("/fail?ref={QUERY_SECRET}").as_str())
            .with_status(500)
            .with_body(r#"{"error": "boom"}"#)
            .create(),
    ];
    (server, mocks)
}

#[test]
fn redact_query_hides_the_value_in_run_poll_and_check_at_debug_level() {
    let (server, _mocks) = server();
    let start = format!("{}/start?ref={QUERY_SECRET}", server.url());
    let status = format!("{}/status?ref={QUERY_SECRET}", server.url());
    let failing = format!("{}/fail?ref={QUERY_SECRET}", server.url());
    // A port nothing listens on: the transport error names the URL.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let refused = format!("http://127.0.0.1:{port}/start?ref={QUERY_SECRET}");
    let header = format!("X-Custom: {HEADER_SECRET}");

    // Without the flag the value is printed: the checks below can see a leak.
    let unredacted = output(&["run", &start, "--json", "--auto", "-H", &header, "-vv"]);
    assert!(unredacted.2.contains(QUERY_SECRET), "{}", unredacted.2);

    let run = output(&["run", &start, "--json", "--redact-query", "ref", "-vv", "-H", &header]);
    assert_eq!(run.0, Some(3), "waiting at the first step: {run:?}");
    assert!(run.2.contains("ref=[redacted]"), "{}", run.2);
    assert_hidden(QUERY_SECRET, "run", &run);
    let auto = output(&["run", &start, "--json", "--auto", "--redact-query", "ref", "-vv", "-H", &header]);
    assert_eq!(auto.0, Some(0), "{auto:?}");
    assert_hidden(QUERY_SECRET, "run --auto", &auto);
    for url in [&failing, &refused] {
        let failed = output(&["run", url, "--json", "--redact-query", "REF", "-vv"]);
        assert_eq!(failed.0, Some(1), "{failed:?}");
        assert!(failed.1.contains("\"event\":\"failed\""), "{}", failed.1);
        assert_hidden(QUERY_SECRET, url, &failed);
    }

    let poll = output(&["poll", &status, "--json", "--redact-query", "ref", "-vv", "-H", &header]);
    assert_eq!(poll.0, Some(0), "{poll:?}");
    assert_hidden(QUERY_SECRET, "poll", &poll);
    let poll = output(&["poll", &refused, "--json", "--max-attempts", "2", "--interval", "10ms"]);
    // --json: the attempt events (on stdout) name the request.
    assert!(poll.1.contains(QUERY_SECRET), "without the flag: {}", poll.1);
    let poll = output(&[
        "poll",
        &refused,
        "--json",
        "--max-attempts",
        "2",
        "--interval",
        "10ms",
        "--redact-query",
        "ref",
        "-vv",
    ]);
    assert_eq!(poll.0, Some(1), "{poll:?}");
    assert_hidden(QUERY_SECRET, "poll (refused)", &poll);

    for url in [&start, &refused] {
        let check = output(&["check", url, "--json", "--redact-query", "ref", "-vv", "-H", &header]);
        assert!(check.1.contains("\"summary\""), "{check:?}");
        assert_hidden(QUERY_SECRET, "check", &check);
    }
    // check's findings name the request: redacted too.
    let check = output(&["check", &refused, "--json", "--redact-query", "ref"]);
    assert!(check.1.contains(&format!("127.0.0.1:{port}/start?ref=[redacted]")), "{}", check.1);
}

#[test]
fn redact_header_hides_the_value_in_run_poll_and_check_at_trace_level() {
    let (server, mocks) = server();
    let start = format!("{}/start?ref={QUERY_SECRET}", server.url());
    let status = format!("{}/status?ref={QUERY_SECRET}", server.url());
    let header = format!("X-Custom: {HEADER_SECRET}");
    let redacting = ["--redact-header", "X-Custom", "-H", &header, "-vvv"];

    let run = output(&[&["run", &start, "--json", "--auto"][..], &redacting[..]].concat());
    assert_eq!(run.0, Some(0), "the server saw the header: {run:?}");
    // -vvv: everything at trace (the HTTP libraries stay at info, see logging.rs).
    assert!(run.2.contains("DEBUG http{"), "verbose logging is on: {}", run.2);
    assert_hidden(HEADER_SECRET, "run", &run);
    mocks[0].assert();
    mocks[1].assert();

    let poll = output(&[&["poll", &status, "--json"][..], &redacting[..]].concat());
    assert_eq!(poll.0, Some(0), "the server saw the header: {poll:?}");
    assert_hidden(HEADER_SECRET, "poll", &poll);

    let check = output(&[&["check", &start, "--json"][..], &redacting[..]].concat());
    assert!(check.1.contains("\"flow\":\"exited\""), "the server saw the header: {check:?}");
    assert_hidden(HEADER_SECRET, "check", &check);

    // Lower case on the command line, any case on the wire: the same header.
    let run =
        output(&["run", &start, "--json", "--auto", "--redact-header", "x-custom", "-H", &header, "-vvv"]);
    assert_eq!(run.0, Some(0), "{run:?}");
    assert_hidden(HEADER_SECRET, "run (lower-case name)", &run);
}

#[test]
fn bad_redaction_names_are_usage_errors() {
    for args in [
        vec!["run", "http://127.0.0.1:9/", "--redact-header", "Bad Name"],
        vec!["poll", "http://127.0.0.1:9/", "--redact-header", ""],
        vec!["check", "http://127.0.0.1:9/", "--redact-query", ""],
    ] {
        dflow().args(&args).assert().code(2);
    }
}
