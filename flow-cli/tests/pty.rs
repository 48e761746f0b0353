//! `dflow demo` as a person uses it, through a pseudo-terminal: answer the
//! form (a value the client refuses, then a good one), see the server's
//! validation message next to the field, answer again, watch the polling
//! spinner count attempts, pick the final button, read the result.
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
    step(&mut session, "Amount (number) [100]: ", "0");
    step(&mut session, "Choose 1-3 [EUR]: ", "1");
    step(&mut session, "(y/n) [false]: ", "y");
    step(&mut session, "Reference (optional): ", "");
    step(&mut session, "Choose 1 (Enter: 1, b: back, q: quit): ", "1");
    // The client's own check: the amount is below the schema's minimum.
    session.expect("Send at least 1").unwrap();
    step(&mut session, "Amount (number) [0]: ", "250");
    step(&mut session, "Choose 1-3 [GBP]: ", "");
    step(&mut session, "(y/n) [true]: ", "");
    step(&mut session, "Reference (optional): ", "");
    // The server refuses the first submission, naming the amount.
    session.expect("The exchange rate changed while you were typing.").unwrap();
    session.expect("✖ Amount: Rates moved: check 250 GBP and continue again").unwrap();
    step(&mut session, "Amount (number) [250]: ", "");
    step(&mut session, "Choose 1-3 [GBP]: ", "");
    step(&mut session, "(y/n) [true]: ", "");
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
