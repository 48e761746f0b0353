//! The general engine in virtual time: every attempt reported with its
//! verdict and next delay, failure, exhaustion and cancellation (also by a
//! parent token), with exact request times and counts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use flow_poll::transport::scripted::{ScriptedFailure, ScriptedReply, ScriptedTransport};
use flow_poll::{
    judge_fn, AttemptReport, Budget, Finish, HttpClient, Observer, Pacing, PollControl, Poller,
    RuntimeConfig, Verdict, VerdictKind,
};
use serde_json::json;

const BASE: &str = "https://flow.example/app/";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

struct Setup {
    transport: Arc<ScriptedTransport>,
    client: HttpClient,
}

fn setup() -> Setup {
    let base = url::Url::parse(BASE).unwrap();
    let transport = Arc::new(ScriptedTransport::new(&base));
    let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
    Setup { transport, client }
}

#[derive(Default)]
struct Recorder {
    seen: Vec<(u32, VerdictKind, Option<Duration>, Duration)>,
}

impl Observer<u16, String> for Recorder {
    fn on_attempt(&mut self, report: &AttemptReport<'_, u16, String>) {
        self.seen.push((
            report.attempt.number,
            report.verdict.kind(),
            report.next_delay,
            report.attempt.sent_at,
        ));
    }
}

fn engine_judge() -> impl flow_poll::Judge<Output = u16, Failure = String> {
    judge_fn(|attempt| match attempt.response() {
        Some(r) if r.status.as_u16() == 201 => Verdict::Done(201),
        Some(r) if r.status.is_client_error() => Verdict::Fail(format!("status {}", r.status)),
        _ => Verdict::Continue,
    })
}

#[tokio::test(start_paused = true)]
async fn engine_reports_each_attempt_with_its_next_delay() {
    let s = setup();
    s.transport.route(
        "POST /app/job",
        [
            ScriptedReply::status(202),
            ScriptedReply::failure(ScriptedFailure::Connect),
            ScriptedReply::status(201),
        ],
    );
    let url = s.client.resolve("job").unwrap();
    let request = s.client.request(http::Method::POST, url, Some(&json!({"q": 1})), None);
    let mut recorder = Recorder::default();
    let finish = Poller::new(s.client.clone(), request, engine_judge())
        .pacing(Pacing::fixed(secs(4)).with_initial_delay(secs(1)))
        .run_with(&mut recorder)
        .await;
    assert_eq!(finish, Finish::Done { value: 201, attempts: 3 });
    assert_eq!(
        recorder.seen,
        [
            (1, VerdictKind::Continue, Some(secs(4)), secs(1)),
            (2, VerdictKind::Continue, Some(secs(4)), secs(5)),
            (3, VerdictKind::Done, None, secs(9)),
        ]
    );
    let requests = s.transport.requests();
    assert!(requests.iter().all(|r| r.method == "POST" && r.json() == Some(json!({"q": 1}))));
}

#[tokio::test(start_paused = true)]
async fn engine_failure_exhaustion_and_cancellation() {
    let s = setup();
    s.transport.route("GET /app/f", [ScriptedReply::status(202), ScriptedReply::status(404)]);
    s.transport.route("GET /app/e", (0..3).map(|_| ScriptedReply::status(202)));
    let get = |path: &str| s.client.request(http::Method::GET, s.client.resolve(path).unwrap(), None, None);

    let finish =
        Poller::new(s.client.clone(), get("f"), engine_judge()).pacing(Pacing::fixed(secs(1))).run().await;
    assert_eq!(finish, Finish::Failed { failure: "status 404 Not Found".to_owned(), attempts: 2 });

    let mut recorder = Recorder::default();
    let finish = Poller::new(s.client.clone(), get("e"), engine_judge())
        .pacing(Pacing::fixed(secs(1)))
        .budget(Budget::max_attempts(3))
        .run_with(&mut recorder)
        .await;
    assert_eq!(finish, Finish::Exhausted { attempts: 3 });
    assert_eq!(recorder.seen.last().map(|s| s.2), Some(None), "no next delay after the last attempt");

    let control = PollControl::new();
    let poller = Poller::new(s.client.clone(), get("never"), engine_judge())
        .pacing(Pacing::fixed(secs(3600)))
        .control(control.clone());
    assert!(!poller.handle().is_cancelled());
    let run = tokio::spawn(poller.run());
    tokio::time::sleep(secs(1)).await;
    control.cancel();
    assert_eq!(run.await.unwrap(), Finish::Cancelled { attempts: 0 });
    assert_eq!(s.transport.requests().len(), 5);
}

#[tokio::test(start_paused = true)]
async fn engine_cancelled_by_a_parent_token() {
    let s = setup();
    let parent = tokio_util::sync::CancellationToken::new();
    let control = PollControl::with_token(parent.child_token());
    let request = s.client.request(http::Method::GET, s.client.resolve("x").unwrap(), None, None);
    let run = tokio::spawn(
        Poller::new(s.client.clone(), request, engine_judge())
            .pacing(Pacing::fixed(secs(9)))
            .control(control)
            .run(),
    );
    tokio::time::sleep(secs(1)).await;
    parent.cancel();
    assert_eq!(run.await.unwrap().attempts(), 0);
    assert!(s.transport.requests().is_empty());
}

// Extreme numbers from the server never overflow or panic.

// A run stepped by hand: the wait after an answer counts from that answer,
// however late the host steps the run again (the first wait counts from the
// first step).
#[tokio::test(start_paused = true)]
async fn the_wait_counts_from_the_answer_not_from_the_next_step() {
    let s = setup();
    s.transport.route("GET /app/job", (0..3).map(|_| ScriptedReply::status(202)));
    let request = s.client.request(http::Method::GET, s.client.resolve("job").unwrap(), None, None);
    let judge = judge_fn(|_| Verdict::<(), ()>::Continue);
    let mut run = Poller::new(s.client.clone(), request, judge)
        .pacing(Pacing::fixed(secs(3)))
        .budget(Budget::max_attempts(3))
        .into_run();
    let start = tokio::time::Instant::now();
    tokio::time::sleep(secs(10)).await; // built, not stepped: nothing counts yet
    run.step(&mut ()).await; // first wait from here: request at 13
    tokio::time::sleep(secs(2)).await; // the host is busy for 2 s
    run.step(&mut ()).await; // 1 s left of the 3 s wait: request at 16
    let times: Vec<Duration> = s.transport.requests().iter().map(|r| r.at).collect();
    assert_eq!(times, [secs(13), secs(16)]);
    assert_eq!(start.elapsed(), secs(16));
}
