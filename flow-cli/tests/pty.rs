//! `dflow demo` as a person uses it, through a pseudo-terminal: read every
//! field before the first question, answer the form (a value the client
//! refuses as it is entered, then a good one), see the server's validation
//! message next to the field, answer again, watch the polling spinner count
//! attempts, pick the final button, read the result; quit with `q` or
//! Ctrl-D (exit 4, no log line).
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Regex, Session, WaitStatus};

fn step(session: &mut Session, expect: &str, answer: &str) {
    session.expect(expect).unwrap_or_else(|e| panic!("waiting for {expect:?}: {e}"));
    session.send_line(answer).unwrap();
}

#[test]
fn a_person_runs_the_demo_in_a_terminal() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dflow"));
    // The task takes 1.5 s and polls go out every second: at least one
    // "attempt n of m" while it is pending.
    command.args(["demo", "--task-time", "1500ms"]).env("TERM", "xterm-256color").env_remove("NO_COLOR");
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));

    session.expect("Send money").unwrap();
    // Every field is listed before the first question: kind, value, choices.
    session.expect("Amount (number, required): 100").unwrap();
    session.expect("Currency (select, required): Euro (EUR)").unwrap();
    session.expect("• US dollar (USD)").unwrap();
    // The client's own check, as the field is entered: the amount is below the minimum.
    step(&mut session, "Amount (number) [100]: ", "0");
    session.expect("✖ Send at least 1").unwrap();
    step(&mut session, "Amount (number) [0]: ", "250");
    step(&mut session, "Choose 1-3 [Euro (EUR)]: ", "1");
    step(&mut session, "[y/N]: ", "y");
    step(&mut session, "Reference (optional): ", "");
    step(&mut session, "Choose 1 (Enter: 1, b: back, q: quit): ", "1");
    // The server refuses the first submission, naming the amount.
    session.expect("The exchange rate changed while you were typing.").unwrap();
    session.expect("✖ Amount: Rates moved: check 250 GBP and continue again").unwrap();
    step(&mut session, "Amount (number) [250]: ", "");
    step(&mut session, "Choose 1-3 [British pound (GBP)]: ", "");
    step(&mut session, "[Y/n]: ", "");
    step(&mut session, "Reference (optional): ", "");
    step(&mut session, "Choose 1 (Enter: 1, b: back, q: quit): ", "");
    // The processing step polls under a spinner.
    session.expect("Processing your payment").unwrap();
    session.expect(Regex(r"attempt \d+ of 30")).unwrap();
    session.expect("Payment sent").unwrap();
    session.expect("Open in your browser: ").unwrap();
    step(&mut session, "Choose 1-2 (b: back, q: quit): ", "2");
    session.expect("Flow finished. Result:").unwrap();
    session.expect("\"amount\": 250").unwrap();
    session.expect("\"status\": \"completed\"").unwrap();
    session.expect(Eof).unwrap();
    assert!(matches!(session.get_process().wait(), Ok(WaitStatus::Exited(_, 0))));
}

/// `dflow demo` on a pseudo-terminal, until its first prompt.
fn demo_at_the_first_prompt() -> Session {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dflow"));
    command.args(["demo", "--task-time", "0s"]).env("TERM", "xterm-256color").env("NO_COLOR", "1");
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("Amount (number) [100]: ").unwrap();
    session
}

#[test]
fn q_at_any_prompt_quits_with_exit_status_4() {
    let mut session = demo_at_the_first_prompt();
    session.send_line("q").unwrap();
    let rest = session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(text.contains("You left the flow."), "{text}");
    assert!(!text.contains("dflow:") && !text.contains("WARN"), "no log line: {text}");
    assert!(matches!(session.get_process().wait(), Ok(WaitStatus::Exited(_, 4))));
}

#[test]
fn ctrl_d_leaves_with_a_friendly_message_and_exit_status_4() {
    let mut session = demo_at_the_first_prompt();
    session.send(expectrl::ControlCode::EndOfTransmission).unwrap();
    let rest = session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(text.contains("Input ended (Ctrl-D): leaving the flow."), "{text}");
    assert!(!text.contains("dflow:") && !text.contains("WARN") && !text.contains("prompt failed"), "{text}");
    assert!(matches!(session.get_process().wait(), Ok(WaitStatus::Exited(_, 4))));
}

#[test]
fn dflow_poll_shows_a_progress_line_on_a_terminal() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (start_url, _server) = runtime
        .block_on(flow_cli::serve_example("127.0.0.1:0".parse().unwrap(), Duration::from_millis(1500)))
        .unwrap();
    let jobs = start_url.replace("/payment/start", "/jobs");
    let mut command = Command::new(env!("CARGO_BIN_EXE_dflow"));
    command.args(["poll", "--start", &jobs, "--interval", "300ms"]).env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    // Attempt n of m, the HTTP status, the job's status, a percent bar, the countdown.
    session.expect(Regex(r"attempt \d+ of 60 · HTTP 202 · Running · next in \d\.\ds")).unwrap();
    session.expect(Regex(r"\s\d+% attempt")).unwrap();
    // Then only the final body stays.
    session.expect("\"status\":\"Succeeded\"").unwrap();
    session.expect(Eof).unwrap();
    assert!(matches!(session.get_process().wait(), Ok(WaitStatus::Exited(_, 0))));
}

/// A 1.x step whose form carries its schema inline (spec §8, N.2), answered
/// in a terminal: the field is listed, checked as it is entered against
/// the inline schema's rules, and submitted merged with the action's data.
#[test]
fn an_inline_schema_form_is_shown_checked_and_submitted() {
    let mut server = mockito::Server::new();
    let start = server
        .mock("POST", "/start")
        .with_header("content-type", "application/json")
        .with_body(
            serde_json::json!({
                "id": "name", "title": "About you",
                "layout": [
                    {"type": "form", "schema": {"type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string", "title": "Your name", "minLength": 2,
                                 "validationMessages": {"minLength": "At least 2 letters"},
                                 "help": {"message": "As on your passport"}}}}},
                    {"type": "button", "action": {"title": "Send", "url": "/submit", "data": {"v": 1}}}
                ]
            })
            .to_string(),
        )
        .create();
    let submit = server
        .mock("POST", "/submit")
        .match_body(mockito::Matcher::Json(serde_json::json!({"name": "Ada", "v": 1})))
        .with_header("content-type", "application/json")
        .with_body(r#"{"action": {"exit": true, "result": {"welcome": "Ada"}}}"#)
        .create();
    let mut command = Command::new(env!("CARGO_BIN_EXE_dflow"));
    command
        .args(["run", &format!("{}/start", server.url())])
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("Your name (text, required)").unwrap();
    session.expect("As on your passport").unwrap();
    step(&mut session, "Your name: ", "A");
    session.expect("✖ At least 2 letters").unwrap();
    step(&mut session, "Your name [A]: ", "Ada");
    step(&mut session, "(Enter: 1, b: back, q: quit): ", "1");
    session.expect("\"welcome\": \"Ada\"").unwrap();
    session.expect(Eof).unwrap();
    assert!(matches!(session.get_process().wait(), Ok(WaitStatus::Exited(_, 0))));
    start.assert();
    submit.assert();
}

/// A password is typed without echo on a terminal, and still submitted.
#[test]
fn a_password_is_not_echoed() {
    let mut server = mockito::Server::new();
    let _start = server
        .mock("POST", "/start")
        .with_header("content-type", "application/json")
        .with_body(
            serde_json::json!({
                "id": "login", "title": "Sign in",
                "schemas": [{"$id": "login", "type": "object", "required": ["password"], "properties": {
                    "password": {"type": "string", "title": "Password", "control": "password"}}}],
                "layout": [
                    {"type": "form", "schemaId": "login"},
                    {"type": "button", "title": "Sign in", "behavior": {"type": "action", "action": {"url": "/submit"}}}
                ]
            })
            .to_string(),
        )
        .create();
    let submit = server
        .mock("POST", "/submit")
        .match_body(mockito::Matcher::Json(serde_json::json!({"password": "s3cret-word"})))
        .with_header("content-type", "application/json")
        .with_body(r#"{"action": {"exit": true, "result": {"ok": true}}}"#)
        .create();
    let mut command = Command::new(env!("CARGO_BIN_EXE_dflow"));
    command
        .args(["run", &format!("{}/start", server.url())])
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    let mut session = Session::spawn(command).unwrap();
    // A terminal as a person has it: what is typed is echoed, unless hidden.
    session.get_process_mut().set_echo(true, None).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    step(&mut session, "Password (password): ", "s3cret-word");
    let before_choice = session.expect("(Enter: 1, b: back, q: quit): ").unwrap();
    let seen = String::from_utf8_lossy(before_choice.before()).into_owned();
    assert!(!seen.contains("s3cret"), "the password was echoed: {seen:?}");
    session.send_line("1").unwrap();
    session.expect("\"ok\": true").unwrap();
    session.expect(Eof).unwrap();
    submit.assert();
}
