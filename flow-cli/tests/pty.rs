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
