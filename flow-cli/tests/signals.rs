//! SIGINT and SIGTERM sent to real `dflow` processes: `run` and `demo`
//! cancel the flow (the `cancelled` line last, no request after the signal)
//! and exit 130 / 143; `check` prints what it found and the summary;
//! `serve-example` shuts down gracefully, at once when no request is in
//! flight. Every wait watches the child (its output, the mock server's
//! request log, its exit) instead of sleeping blindly.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use serde_json::{json, Value};

/// How long any one wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// A `dflow` child, killed on drop (even when an assertion fails), with
/// its stdout read line by line on a thread and its stderr collected.
struct Dflow {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Dflow {
    fn spawn(args: &[&str]) -> Dflow {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dflow"))
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = read_lines(child.stdout.take().unwrap());
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let collected = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                collected.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Dflow { child, lines, seen: Vec::new(), stderr }
    }

    /// Reads stdout until a line satisfies `wanted`; returns it.
    fn wait_for_line(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(e) => panic!("no {what} on stdout ({e}); saw {:?}; stderr: {}", self.seen, self.stderr()),
            }
        }
    }

    /// Waits for the JSON line whose `event` is `event`.
    fn wait_for_event(&mut self, event: &str) -> Value {
        let line = self.wait_for_line(event, |line| {
            serde_json::from_str::<Value>(line).is_ok_and(|v| v["event"] == event)
        });
        serde_json::from_str(&line).unwrap()
    }

    fn signal(&self, signal: Signal) {
        kill(Pid::from_raw(i32::try_from(self.child.id()).unwrap()), signal).unwrap();
    }

    /// Waits for the exit; returns the status, how long it took and the
    /// rest of stdout (every line seen so far included).
    fn wait_for_exit(&mut self) -> (ExitStatus, Duration, Vec<String>) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < PATIENCE, "dflow did not exit; stderr: {}", self.stderr());
            std::thread::sleep(Duration::from_millis(10));
        };
        let took = started.elapsed();
        // The reader thread ends at end of output.
        while let Ok(line) = self.lines.recv_timeout(PATIENCE) {
            self.seen.push(line);
        }
        (status, took, self.seen.clone())
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Dflow {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_lines(stdout: ChildStdout) -> Receiver<String> {
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// When each request reached the mock server, by path.
#[derive(Clone, Default)]
struct Requests(Arc<Mutex<Vec<(String, Instant)>>>);

impl Requests {
    fn record(&self, path: &str) {
        self.0.lock().unwrap().push((path.to_owned(), Instant::now()));
    }

    fn count(&self, path: &str) -> usize {
        self.0.lock().unwrap().iter().filter(|(p, _)| p == path).count()
    }

    fn after(&self, instant: Instant) -> Vec<String> {
        self.0.lock().unwrap().iter().filter(|(_, at)| *at >= instant).map(|(p, _)| p.clone()).collect()
    }

    /// Waits until `path` was requested `n` times.
    fn wait_for(&self, path: &str, n: usize) {
        let started = Instant::now();
        while self.count(path) < n {
            assert!(started.elapsed() < PATIENCE, "{path} was not requested {n} times");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A server whose first step polls every second, for ever: each poll is
/// answered "keep polling" (an empty 200). Every request is recorded.
fn polling_server() -> (mockito::ServerGuard, Vec<mockito::Mock>, Requests) {
    let mut server = mockito::Server::new();
    let requests = Requests::default();
    let step = json!({"id": "wait", "title": "Working on it", "schemas": [], "layout": [
            {"type": "paragraph", "text": "Please wait"}],
        "polling": {"url": "/poll", "delay": 1, "maxAttempts": 30,
            "onError": {"behavior": {"type": "action", "action": {"url": "/failed", "exit": true}}}}});
    // Anything else the client might send (it should not). Created first:
    // mockito prefers the mocks below when they match too.
    let mut mocks: Vec<mockito::Mock> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| {
            let log = requests.clone();
            server
                .mock(method, mockito::Matcher::Any)
                .expect(0)
                .with_status(404)
                .with_body_from_request(move |request| {
                    log.record(request.path());
                    Vec::new()
                })
                .create()
        })
        .collect();
    let log = requests.clone();
    let start = server
        .mock("POST", "/start")
        .with_header("x-df-response-type", "step")
        .with_header("content-type", "application/json")
        .with_body_from_request(move |_| {
            log.record("/start");
            step.to_string().into_bytes()
        })
        .create();
    let log = requests.clone();
    let poll = server
        .mock("GET", "/poll")
        .with_body_from_request(move |_| {
            log.record("/poll");
            Vec::new()
        })
        .create();
    mocks.extend([start, poll]);
    (server, mocks, requests)
}

fn parse(lines: &[String]) -> Vec<Value> {
    lines.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

/// `dflow run --json` waiting on a polling step gets `signal` once
/// `polls` polls were answered.
fn run_is_cancelled_by(signal: Signal, polls: usize, code: i32) {
    let (server, _mocks, requests) = polling_server();
    let url = format!("{}/start", server.url());
    let mut dflow = Dflow::spawn(&["run", &url, "--json"]);
    dflow.wait_for_event("step");
    for _ in 0..polls {
        dflow.wait_for_event("polling");
    }
    let sent = Instant::now();
    dflow.signal(signal);
    let (status, _, lines) = dflow.wait_for_exit();
    assert_eq!(status.code(), Some(code), "{signal}: stderr: {}", dflow.stderr());
    let events = parse(&lines);
    let kinds: Vec<&str> = events.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "cancelled").count(), 1, "{kinds:?}");
    assert_eq!(events.last().unwrap(), &json!({"event": "cancelled", "signal": signal.as_str()}));
    assert_eq!(kinds.iter().filter(|k| **k == "polling").count(), polls, "{kinds:?}");
    assert_eq!(requests.after(sent), Vec::<String>::new(), "{signal}: requests after the signal");
    assert_eq!((requests.count("/start"), requests.count("/poll")), (1, polls));
    assert!(dflow.stderr().contains(&format!("dflow: {signal} received; the flow was cancelled")));
}

#[test]
fn sigint_cancels_run_waiting_for_its_first_poll_exit_130() {
    run_is_cancelled_by(Signal::SIGINT, 0, 130);
}

#[test]
fn sigterm_cancels_run_between_polls_exit_143() {
    run_is_cancelled_by(Signal::SIGTERM, 1, 143);
}

#[test]
fn sigint_cancels_the_demo_while_it_polls_exit_130() {
    let mut dflow = Dflow::spawn(&["demo", "--auto", "--json", "--task-time", "1h"]);
    dflow.wait_for_event("polling");
    dflow.signal(Signal::SIGINT);
    let (status, _, lines) = dflow.wait_for_exit();
    assert_eq!(status.code(), Some(130), "stderr: {}", dflow.stderr());
    let events = parse(&lines);
    assert_eq!(events.last().unwrap(), &json!({"event": "cancelled", "signal": "SIGINT"}));
    assert_eq!(events.iter().filter(|e| e["event"] == "cancelled").count(), 1);
}

#[test]
fn sigint_stops_check_which_reports_what_it_found_exit_130() {
    let mut server = mockito::Server::new();
    let requests = Requests::default();
    // The first step has no id (an invalid-step finding); its button leads
    // to a step that polls for ever.
    let first = json!({"title": "First", "schemas": [], "layout": [
            {"type": "button", "title": "Next", "behavior": {"type": "action",
                "action": {"url": format!("{}/next", server.url())}}}]});
    let log = requests.clone();
    let _start = server
        .mock("POST", "/start")
        .with_header("x-df-response-type", "step")
        .with_body_from_request(move |_| {
            log.record("/start");
            first.to_string().into_bytes()
        })
        .create();
    let second = json!({"id": "wait", "title": "Wait", "schemas": [], "layout": [],
        "polling": {"url": "/poll", "delay": 1, "maxAttempts": 30,
            "onError": {"behavior": {"type": "action", "action": {"exit": true}}}}});
    let log = requests.clone();
    let _next = server
        .mock("POST", "/next")
        .with_header("x-df-response-type", "step")
        .with_body_from_request(move |_| {
            log.record("/next");
            second.to_string().into_bytes()
        })
        .create();
    let log = requests.clone();
    let _poll = server
        .mock("GET", "/poll")
        .with_body_from_request(move |_| {
            log.record("/poll");
            Vec::new()
        })
        .create();
    let mut dflow = Dflow::spawn(&["check", &format!("{}/start", server.url()), "--json"]);
    // The second step was asked for: the first one's answer was judged.
    requests.wait_for("/next", 1);
    let sent = Instant::now();
    dflow.signal(Signal::SIGINT);
    let (status, _, lines) = dflow.wait_for_exit();
    assert_eq!(status.code(), Some(130), "stderr: {}", dflow.stderr());
    assert_eq!(requests.after(sent), Vec::<String>::new(), "requests after the signal");
    let lines = parse(&lines);
    let findings: Vec<&str> = lines.iter().filter_map(|l| l["finding"].as_str()).collect();
    assert_eq!(findings, ["invalid-step"], "{lines:?}");
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["flow"], "cancelled", "{summary}");
    assert_eq!(summary["reason"], "interrupted by SIGINT", "{summary}");
    assert_eq!(summary["errors"], 1, "{summary}");
}

#[test]
fn sigterm_stops_serve_example_at_once_even_with_an_idle_connection_exit_143() {
    let mut dflow = Dflow::spawn(&["serve-example", "--addr", "127.0.0.1:0"]);
    let line = dflow.wait_for_line("the address", |line| line.contains(" on http://"));
    let addr = line.rsplit("http://").next().unwrap().trim().to_owned();
    dflow.wait_for_line("the stop hint", |line| line.starts_with("Press Ctrl-C"));
    // A keep-alive connection that stays open, idle, after its answer.
    let mut connection = std::net::TcpStream::connect(&addr).unwrap();
    write!(connection, "GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    connection.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    dflow.signal(Signal::SIGTERM);
    let (status, took, _) = dflow.wait_for_exit();
    assert_eq!(status.code(), Some(143), "stderr: {}", dflow.stderr());
    assert!(took < Duration::from_secs(3), "graceful shutdown took {took:?}");
    assert!(dflow.stderr().contains("SIGTERM received; stopping the example backend"), "{}", dflow.stderr());
}

#[test]
fn poll_stops_on_sigint_130_and_sigterm_143_sending_nothing_after() {
    for (signal, code) in [(Signal::SIGINT, 130), (Signal::SIGTERM, 143)] {
        let (server, _mocks, requests) = polling_server();
        let url = format!("{}/poll", server.url());
        // The empty answers never satisfy --until: dflow polls every 10 s.
        let until = "$response.body#/status == 'done'";
        let mut dflow = Dflow::spawn(&["poll", &url, "--until", until, "--interval", "10s", "--json"]);
        requests.wait_for("/poll", 1);
        let sent = Instant::now();
        dflow.signal(signal);
        let (status, _, stdout) = dflow.wait_for_exit();
        assert_eq!(status.code(), Some(code), "{signal}: stderr: {}", dflow.stderr());
        assert_eq!(requests.after(sent), Vec::<String>::new(), "{signal}: requests after the signal");
        assert!(dflow.stderr().contains("interrupted"), "{}", dflow.stderr());
        // --json: the events on stdout, the last one the interruption (no final body).
        let last: Value = serde_json::from_str(stdout.last().unwrap()).unwrap();
        assert_eq!(
            last,
            json!({"event": "failed", "reason": "cancelled", "error": "interrupted", "signal": signal.as_str()})
        );
    }
}
