//! The driver on the real engine against the real example backend,
//! in-process and in virtual time: `--auto` through both generations, the
//! polling `onError` paths, `--non-interactive`, and a person at a scripted
//! terminal.

use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use flow_model::Action;
use flow_runtime::host::FlowBuilder;

use super::interactive::{Interactive, Terminal};
use super::*;
use crate::backend::local::RouterTransport;
use crate::backend::steps::PollSettings;
use crate::backend::{BackendConfig, ExampleBackend, Generation};
use crate::report::tests::Shared;
use crate::report::{Reporter, TextUi};
use crate::signals::{Signal, Signals};
use crate::spinner::Target;

struct Outcome {
    stop: Stop,
    lines: Vec<Value>,
    text: String,
}

async fn run_flow(config: BackendConfig, mut chooser: Chooser) -> Outcome {
    console::set_colors_enabled(false);
    let app = ExampleBackend::new(config);
    let mut start = Action::default();
    start.url = Some("http://demo.test/payment/start".to_owned());
    let (handle, events) = FlowBuilder::from_request(start)
        .transport(Arc::new(RouterTransport::new(app.router())))
        .start()
        .unwrap();
    let json = Shared::default();
    let ui = Shared::default();
    let mut reporter = Reporter::new(
        Some(Box::new(json.clone())),
        Some(TextUi::new(Box::new(ui.clone()), Target::Lines)),
        Box::new(Shared::default()),
        false,
    );
    let stop = tokio::time::timeout(
        Duration::from_secs(3600),
        Driver::new(handle, events, &mut reporter).run(&mut chooser),
    )
    .await
    .expect("the run ends");
    let lines = json.text().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    Outcome { stop, lines, text: ui.text() }
}

fn config(generation: Generation, task: Duration, retention: Duration, attempts: i64) -> BackendConfig {
    let mut config = BackendConfig::default().with_task_time(task, retention);
    config.generation = generation;
    config.polling = PollSettings { delay_secs: 1, timeout_secs: 5, max_attempts: attempts };
    config
}

fn kinds(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .map(|l| match l["event"].as_str().unwrap() {
            "step" => format!("step:{}", l["step"]["id"].as_str().unwrap()),
            other => other.to_owned(),
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn auto_runs_the_demo_to_its_result_in_both_generations() {
    for generation in [Generation::Current, Generation::Legacy] {
        let started = tokio::time::Instant::now();
        let out = run_flow(
            config(generation, Duration::from_millis(2500), Duration::from_secs(600), 30),
            Chooser::Auto(Auto),
        )
        .await;
        let Stop::Exited(result) = &out.stop else { panic!("{generation:?}: {:?}\n{}", out.stop, out.text) };
        assert_eq!(result["status"], "completed");
        assert_eq!(result["acknowledged"], true, "the action's result is merged over the body");
        assert_eq!(result["amount"], 100);
        assert_eq!(
            kinds(&out.lines),
            [
                "step:payment-details",
                "errors",
                "step:processing",
                "polling",
                "polling",
                "polling",
                "step:done",
                "open_url",
                "exit"
            ],
            "{generation:?}"
        );
        assert_eq!(out.lines[1]["origin"], "server");
        assert!(out.lines[1]["validation"]["amount"].as_str().unwrap().starts_with("Rates moved"));
        assert_eq!(out.lines[3]["attempt"], 1);
        assert_eq!(out.lines[3]["max_attempts"], 30);
        assert!(out.lines[7]["url"].as_str().unwrap().starts_with("http://demo.test/receipts/flow-"));
        // Polls go out one second apart; the task takes 2.5 s.
        assert_eq!(started.elapsed().as_secs(), 3, "{generation:?}");
        assert!(out.text.contains("→ Continue with {"), "{}", out.text);
        assert!(out.text.contains("  … polling: attempt 2 of 30 (HTTP 200)"), "{}", out.text);
        assert!(out.text.contains("✔ Flow finished. Result:"), "{}", out.text);
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_task_runs_out_of_attempts_and_on_error_takes_over() {
    let out = run_flow(
        config(Generation::Current, Duration::from_secs(3600), Duration::from_secs(600), 3),
        Chooser::Auto(Auto),
    )
    .await;
    let Stop::Exited(result) = &out.stop else { panic!("{:?}", out.stop) };
    assert_eq!(result["status"], "unknown");
    let kinds = kinds(&out.lines);
    assert_eq!(
        kinds[2..],
        ["step:processing", "polling", "polling", "polling", "polling_failed", "step:late", "exit"]
    );
    assert_eq!(out.lines[6]["reason"], "max_attempts");
}

#[tokio::test(start_paused = true)]
async fn an_expired_task_log_fails_polling_with_status_in_the_legacy_form() {
    // Retention zero: the log is gone the moment the task completes.
    let out = run_flow(
        config(Generation::Legacy, Duration::from_millis(1500), Duration::ZERO, 10),
        Chooser::Auto(Auto),
    )
    .await;
    assert!(matches!(out.stop, Stop::Exited(ref r) if r["status"] == "unknown"), "{:?}", out.stop);
    let failed = out.lines.iter().find(|l| l["event"] == "polling_failed").unwrap();
    assert_eq!(failed["reason"], "status");
    assert!(out.text.contains("✖ Polling failed: polling answered with HTTP status 404"), "{}", out.text);
}

#[tokio::test(start_paused = true)]
async fn non_interactive_stops_at_the_first_step_that_needs_a_person() {
    let out = run_flow(BackendConfig::default(), Chooser::Stop("--non-interactive".into())).await;
    assert_eq!(out.stop, Stop::Waiting);
    assert_eq!(out.stop.exit_code(), 3);
    assert_eq!(kinds(&out.lines), ["step:payment-details", "waiting"]);
    assert_eq!(out.lines[1]["step"]["id"], "payment-details");
}

#[tokio::test(start_paused = true)]
async fn a_person_answers_sees_the_server_error_and_picks_the_final_button() {
    // Form: amount 0 (refused as it is entered), then 12.5, currency 1
    // (GBP), express y, no reference, Continue. After the server's error:
    // Enter everywhere keeps the answers, Continue. Done step: 2 (Done).
    let input = "0\n12.5\n1\ny\n\n1\n\n\n\n\n\n2\n";
    let output = Shared::default();
    let terminal = Terminal {
        input: Box::new(Cursor::new(input.as_bytes().to_vec())),
        output: Box::new(output.clone()),
        hide_secrets: false,
    };
    let chooser = Chooser::Interactive(Box::new(Interactive::new(terminal)));
    let out = run_flow(
        config(Generation::Current, Duration::from_millis(1500), Duration::from_secs(600), 30),
        chooser,
    )
    .await;
    let Stop::Exited(result) = &out.stop else { panic!("{:?}\n{}\n{}", out.stop, out.text, output.text()) };
    assert_eq!(result["amount"], 12.5);
    assert_eq!(result["currency"], "GBP");
    assert_eq!(result["express"], true);
    let prompts = output.text();
    assert!(prompts.contains("  ✖ Send at least 1\nAmount (number) [0]: "), "{prompts}");
    assert!(
        prompts
            .contains("  ✖ Amount: Rates moved: check 12.5 GBP and continue again\nAmount (number) [12.5]: "),
        "{prompts}"
    );
    assert!(prompts.contains("Choose 1-2 (b: back, q: quit): "), "{prompts}");
    // The client refused the first values: the server saw one error-free and
    // one refused submission only.
    let errors: Vec<&Value> = out.lines.iter().filter(|l| l["event"] == "errors").collect();
    assert_eq!(errors.len(), 1, "{:?}", out.lines);
    assert_eq!(kinds(&out.lines).last().map(String::as_str), Some("exit"),);
    assert!(out.text.contains("\"currency\": \"GBP\""), "{}", out.text);
}

#[tokio::test(start_paused = true)]
async fn quitting_cancels_the_flow() {
    let terminal = Terminal {
        input: Box::new(Cursor::new(b"\n\n\n\nq\n".to_vec())),
        output: Box::new(Shared::default()),
        hide_secrets: false,
    };
    let out =
        run_flow(BackendConfig::default(), Chooser::Interactive(Box::new(Interactive::new(terminal)))).await;
    // Quitting has its own exit status, distinct from a failure.
    assert_eq!(out.stop, Stop::Quit);
    assert_eq!(out.stop.exit_code(), 4);
    assert_eq!(kinds(&out.lines).last().map(String::as_str), Some("cancelled"));
}

#[tokio::test(start_paused = true)]
async fn input_ending_leaves_the_flow_with_a_message() {
    let output = Shared::default();
    let terminal = Terminal {
        input: Box::new(Cursor::new(b"\n".to_vec())),
        output: Box::new(output.clone()),
        hide_secrets: false,
    };
    let out =
        run_flow(BackendConfig::default(), Chooser::Interactive(Box::new(Interactive::new(terminal)))).await;
    assert_eq!(out.stop, Stop::Quit);
    assert!(output.text().contains(crate::driver::interactive::INPUT_ENDED), "{}", output.text());
    assert!(out.text.contains("You left the flow."), "{}", out.text);
}

#[tokio::test(start_paused = true)]
async fn a_failing_first_request_fails_the_run() {
    let app = ExampleBackend::new(BackendConfig::default());
    let mut start = Action::default();
    start.url = Some("http://demo.test/payment/nowhere".to_owned());
    let (handle, events) = FlowBuilder::from_request(start)
        .transport(Arc::new(RouterTransport::new(app.router())))
        .start()
        .unwrap();
    let json = Shared::default();
    let mut reporter = Reporter::new(Some(Box::new(json.clone())), None, Box::new(Shared::default()), false);
    let stop = Driver::new(handle, events, &mut reporter).run(&mut Chooser::Auto(Auto)).await;
    assert!(matches!(stop, Stop::Failed(ref m) if m.contains("404")), "{stop:?}");
    let last: Value = serde_json::from_str(json.text().lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "failed");
}

/// Counts the requests that reach the backend.
#[derive(Debug)]
struct Counting {
    inner: RouterTransport,
    sent: Arc<std::sync::atomic::AtomicUsize>,
}

#[async_trait::async_trait]
impl flow_runtime::transport::Transport for Counting {
    async fn send(
        &self,
        request: flow_runtime::transport::HttpRequest,
    ) -> Result<flow_runtime::transport::HttpResponse, flow_runtime::transport::TransportError> {
        self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.send(request).await
    }
}

/// `--auto` on the demo whose task never ends; `signal` is sent once the
/// processing step has polled `after_polls` times. Returns the outcome and
/// how many requests were sent, counted once the run ended and again a
/// minute (of virtual time) later.
async fn interrupted_run(signal: Signal, after_polls: usize) -> (Outcome, usize, usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    console::set_colors_enabled(false);
    let app = ExampleBackend::new(config(Generation::Current, Duration::from_secs(3600), Duration::ZERO, 30));
    let sent = Arc::new(AtomicUsize::new(0));
    let transport = Counting { inner: RouterTransport::new(app.router()), sent: sent.clone() };
    let mut start = Action::default();
    start.url = Some("http://demo.test/payment/start".to_owned());
    let (handle, events) = FlowBuilder::from_request(start).transport(Arc::new(transport)).start().unwrap();
    let json = Shared::default();
    let ui = Shared::default();
    let mut reporter = Reporter::new(
        Some(Box::new(json.clone())),
        Some(TextUi::new(Box::new(ui.clone()), Target::Lines)),
        Box::new(Shared::default()),
        false,
    );
    let (send, mut signals) = Signals::scripted();
    let mut polls = 0;
    let mut tap = |event: &FlowEvent| match event {
        FlowEvent::Polling { .. } => {
            polls += 1;
            if polls == after_polls {
                send.send(signal).unwrap();
            }
        }
        FlowEvent::StepShown { step, .. } if step.id() == "processing" && after_polls == 0 => {
            send.send(signal).unwrap();
        }
        _ => {}
    };
    let stop = Driver::new(handle, events, &mut reporter)
        .with_tap(&mut tap)
        .with_signals(&mut signals)
        .run(&mut Chooser::Auto(Auto))
        .await;
    let at_end = sent.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(60)).await;
    let later = sent.load(Ordering::SeqCst);
    let lines = json.text().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (Outcome { stop, lines, text: ui.text() }, at_end, later)
}

#[tokio::test(start_paused = true)]
async fn a_signal_while_polling_cancels_the_flow_and_the_cancelled_line_is_last() {
    for (signal, after_polls, code) in [(Signal::Interrupt, 0, 130), (Signal::Terminate, 2, 143)] {
        let (out, at_end, later) = interrupted_run(signal, after_polls).await;
        assert_eq!(out.stop, Stop::Interrupted(signal));
        assert_eq!(out.stop.exit_code(), code);
        let kinds = kinds(&out.lines);
        assert_eq!(kinds.iter().filter(|k| *k == "cancelled").count(), 1, "{kinds:?}");
        assert_eq!(
            out.lines.last().unwrap(),
            &serde_json::json!({"event": "cancelled", "signal": signal.name()})
        );
        assert_eq!(kinds.iter().filter(|k| *k == "polling").count(), after_polls, "{kinds:?}");
        // Start, submit (refused), submit again, then the polls: nothing after the signal.
        assert_eq!(at_end, 3 + after_polls, "{signal}");
        assert_eq!(later, at_end, "{signal}: no request once the flow was cancelled");
        // The text UI ends the polling indicator, then says so.
        assert!(out.text.trim_end().ends_with("Flow cancelled."), "{}", out.text);
        assert!(out.text.contains("■ polling ended"), "{}", out.text);
    }
}

#[tokio::test(start_paused = true)]
async fn a_signal_while_a_person_is_asked_cancels_the_flow() {
    // A person who presses Ctrl-C at the first prompt: the first read sends
    // the signal, then nothing comes until the test ends (then end of input).
    struct CtrlC {
        signal: Option<tokio::sync::mpsc::UnboundedSender<Signal>>,
        wait: std::sync::mpsc::Receiver<()>,
    }
    impl std::io::Read for CtrlC {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            if let Some(signal) = self.signal.take() {
                signal.send(Signal::Interrupt).unwrap();
            }
            let _ = self.wait.recv();
            Ok(0)
        }
    }
    let (send, mut signals) = Signals::scripted();
    let (keep_silent, wait) = std::sync::mpsc::channel();
    let terminal = Terminal {
        input: Box::new(std::io::BufReader::new(CtrlC { signal: Some(send), wait })),
        output: Box::new(Shared::default()),
        hide_secrets: false,
    };
    let app = ExampleBackend::new(BackendConfig::default());
    let mut start = Action::default();
    start.url = Some("http://demo.test/payment/start".to_owned());
    let (handle, events) = FlowBuilder::from_request(start)
        .transport(Arc::new(RouterTransport::new(app.router())))
        .start()
        .unwrap();
    let json = Shared::default();
    let mut reporter = Reporter::new(Some(Box::new(json.clone())), None, Box::new(Shared::default()), false);
    let mut chooser = Chooser::Interactive(Box::new(Interactive::new(terminal)));
    let stop = Driver::new(handle, events, &mut reporter).with_signals(&mut signals).run(&mut chooser).await;
    assert_eq!(stop, Stop::Interrupted(Signal::Interrupt));
    let last: Value = serde_json::from_str(json.text().lines().last().unwrap()).unwrap();
    assert_eq!(last, serde_json::json!({"event": "cancelled", "signal": "SIGINT"}));
    // The prompt's thread reads end of input and ends.
    drop(keep_silent);
}
