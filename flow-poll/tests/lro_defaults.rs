//! The defaults an SDK user expects (issue #13, Decisions P.*), in virtual
//! time against the scripted transport: error statuses end the poll,
//! transient ones are retried on their own waits, "2xx but not 202" is the
//! default success, `201`/`202` + `Location` moves the poll, keyed polls
//! replay their final answer, and the seed systems' presets.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use flow_poll::lro::{LroBuilder, LroError, LroEvent, Preset, ProgressMode, RequestSpec};
use flow_poll::resume::{MemoryStore, PollState};
use flow_poll::transport::scripted::{ScriptedFailure, ScriptedReply, ScriptedTransport};
use flow_poll::{HttpClient, Jitter, Progress, RetryBackoff, RuntimeConfig, VirtualClock};
use futures::StreamExt;
use serde_json::{json, Value};

const BASE: &str = "https://api.example/";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn t0() -> SystemTime {
    UNIX_EPOCH + secs(1_700_000_000)
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

impl Setup {
    fn times(&self) -> Vec<Duration> {
        self.transport.requests().iter().map(|r| r.at).collect()
    }

    fn paths(&self) -> Vec<String> {
        self.transport.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect()
    }

    /// Exact waits: no jitter, a 10 s interval, exact 1 s ×2 retry waits.
    fn builder(&self) -> LroBuilder {
        LroBuilder::new(self.client.clone())
            .jitter(Jitter::None)
            .clock(Arc::new(VirtualClock::starting_at(t0())))
            .initial_delay(Duration::ZERO)
            .interval(secs(10))
            .retry_backoff(RetryBackoff::DEFAULT.with_randomize(false))
    }
}

fn json_reply(body: Value) -> ScriptedReply {
    ScriptedReply::json(&body).with_header("Content-Type", "application/json")
}

fn running() -> ScriptedReply {
    json_reply(json!({"status": "Running"}))
}

// ---- P.1: error statuses ----

#[tokio::test(start_paused = true)]
async fn an_unmatched_error_status_ends_the_poll_a_500_included() {
    for status in [400, 401, 404, 409, 500, 501] {
        let s = setup();
        s.transport.route("GET /op", [ScriptedReply::status(status), running()]);
        let err = s.builder().poll_url("/op").build::<Value>().unwrap().await.unwrap_err();
        assert!(matches!(err, LroError::UnexpectedStatus { transient_failures: 0, .. }), "{status}: {err:?}");
        assert_eq!(err.answer().map(|a| a.status()), Some(status));
        assert_eq!(s.transport.request_count(), 1, "{status}: nothing sent after it");
    }
}

#[tokio::test(start_paused = true)]
async fn criteria_are_checked_before_the_error_status_rule() {
    // `$statusCode == 404` as success wins (waiting for a deletion).
    let s = setup();
    s.transport.route("GET /op", [running(), ScriptedReply::status(404)]);
    let gone: Value =
        s.builder().poll_url("/op").success_when("$statusCode == 404").build().unwrap().await.unwrap();
    assert_eq!(gone, Value::Null);
    assert_eq!(s.times(), [secs(0), secs(10)]);
    // A failure rule on a status names its rule.
    let s = setup();
    s.transport.route("GET /op", [ScriptedReply::status(503)]);
    let err = s
        .builder()
        .poll_url("/op")
        .failure_when("$statusCode == 503")
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert!(matches!(err, LroError::FailureMatched { .. }), "{err:?}");
}

// ---- P.2: transient failures and their retry waits ----

#[tokio::test(start_paused = true)]
async fn transient_failures_are_retried_on_their_own_waits_not_the_interval() {
    let s = setup();
    s.transport.route(
        "GET /op",
        [
            ScriptedReply::status(503),
            ScriptedReply::status(502),
            ScriptedReply::status(429),
            ScriptedReply::failure(ScriptedFailure::Connect),
            running(),
            ScriptedReply::status(408),
            ScriptedReply::status(425),
            ScriptedReply::status(504),
            json_reply(json!({"status": "Succeeded"})),
        ],
    );
    let done: Value = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(done["status"], "Succeeded");
    // 1, 2, 4, 8 s apart while failing; the interval (10 s) after the ordinary
    // answer; the count starts again at 1 s.
    assert_eq!(
        s.times(),
        [0, 1, 3, 7, 15, 25, 26, 28, 32].map(secs),
        "retry waits 1 s ×2, apart from the 10 s interval"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_waits_are_capped_randomised_and_limited() {
    // Capped at --retry-max.
    let s = setup();
    s.transport.route("GET /op", (0..4).map(|_| ScriptedReply::status(503)).chain([running()]));
    let retry = RetryBackoff::new(secs(2), secs(5), 3.0, false).unwrap();
    let _ = s.builder().poll_url("/op").retry_backoff(retry).max_attempts(5).build::<Value>().unwrap().await;
    assert_eq!(s.times(), [0, 2, 7, 12, 17].map(secs));
    // Randomised: each wait in [min·factor^k, 2·min·factor^k), at most max.
    let s = setup();
    s.transport.route("GET /op", (0..3).map(|_| ScriptedReply::status(503)).chain([running()]));
    let _ = s
        .builder()
        .poll_url("/op")
        .retry_backoff(RetryBackoff::DEFAULT)
        .max_attempts(4)
        .build::<Value>()
        .unwrap()
        .await;
    let times = s.times();
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    for (k, gap) in gaps.iter().enumerate() {
        let low = secs(1 << k);
        assert!(*gap >= low && *gap < low * 2, "retry {k}: {gap:?}");
    }
    // The limit: retry_limit(2) allows two in a row, the third ends it.
    let s = setup();
    s.transport.route("GET /op", (0..3).map(|_| ScriptedReply::status(503)));
    let err = s.builder().poll_url("/op").retry_limit(2).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::UnexpectedStatus { transient_failures: 3, .. }), "{err:?}");
    assert_eq!(s.times(), [0, 1, 3].map(secs));
}

#[tokio::test(start_paused = true)]
async fn retry_after_on_a_transient_answer_wins_and_is_cut_to_the_deadline() {
    let s = setup();
    s.transport.route(
        "GET /op",
        [
            ScriptedReply::status(503).with_header("Retry-After", "5"),
            ScriptedReply::status(429).with_header("Retry-After", "0"),
            running(),
            ScriptedReply::status(503).with_header("Retry-After", "3600"),
            running(),
        ],
    );
    let err = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .timeout(secs(60))
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    // 5 s (not 1 s), then 0 s (not 2 s), then the interval, then 3600 s cut
    // to the deadline at 60 s: the last poll is made at it.
    assert_eq!(s.times(), [0, 5, 5, 15, 60].map(secs));
    assert!(matches!(err, LroError::DeadlineExceeded { attempts: 5, .. }), "{err:?}");
}

// ---- P.3 / P.4: default success and Location following ----

#[tokio::test(start_paused = true)]
async fn without_a_success_rule_202_keeps_polling_and_other_2xx_end_it() {
    let s = setup();
    s.transport.route(
        "GET /op",
        [ScriptedReply::status(202), ScriptedReply::status(202), json_reply(json!({"ok": 1}))],
    );
    let done: Value = s.builder().poll_url("/op").build().unwrap().await.unwrap();
    assert_eq!(done["ok"], 1);
    assert_eq!(s.times(), [0, 10, 20].map(secs));
    for status in [201, 204] {
        let s = setup();
        s.transport.route("GET /op", [ScriptedReply::status(status)]);
        let _: Value = s.builder().poll_url("/op").build().unwrap().await.unwrap();
        assert_eq!(s.transport.request_count(), 1, "{status} is final");
    }
}

#[tokio::test(start_paused = true)]
async fn a_202_chain_with_location_is_followed_relative_to_the_answering_url() {
    let s = setup();
    s.transport.route("GET /jobs/1", [ScriptedReply::status(202).with_header("Location", "/queue/1/status")]);
    s.transport
        .route("GET /queue/1/status", [ScriptedReply::status(202).with_header("Location", "../2/status")]);
    s.transport.route(
        "GET /queue/2/status",
        [
            ScriptedReply::status(202).with_header("Location", "https://api.example/queue/2/status"),
            ScriptedReply::status(201).with_header("Location", "/result/2"),
        ],
    );
    s.transport.route("GET /result/2", [json_reply(json!({"result": 2}))]);
    let done: Value = s.builder().poll_url("/jobs/1").max_attempts(10).build().unwrap().await.unwrap();
    assert_eq!(done["result"], 2);
    assert_eq!(
        s.paths(),
        ["GET /jobs/1", "GET /queue/1/status", "GET /queue/2/status", "GET /queue/2/status", "GET /result/2"]
    );
    assert_eq!(s.times(), [0, 10, 20, 30, 40].map(secs), "the interval and attempt count carry over");
}

#[tokio::test(start_paused = true)]
async fn operation_location_and_azure_asyncoperation_come_before_location() {
    for header in ["Operation-Location", "Azure-AsyncOperation"] {
        let s = setup();
        s.transport.route(
            "GET /op",
            [ScriptedReply::status(202).with_header("Location", "/wrong").with_header(header, "/monitor")],
        );
        s.transport.route("GET /monitor", [json_reply(json!({"status": "Succeeded"}))]);
        let _: Value = s
            .builder()
            .poll_url("/op")
            .success_when("$response.body#/status == 'Succeeded'")
            .build()
            .unwrap()
            .await
            .unwrap();
        assert_eq!(s.paths(), ["GET /op", "GET /monitor"], "{header}");
    }
}

#[tokio::test(start_paused = true)]
async fn an_explicit_keep_polling_200_with_location_is_not_followed() {
    // Only 201/202 move the poll.
    let s = setup();
    s.transport.route(
        "GET /op",
        [running().with_header("Location", "/elsewhere"), json_reply(json!({"status": "Succeeded"}))],
    );
    let _: Value = s
        .builder()
        .poll_url("/op")
        .success_when("$response.body#/status == 'Succeeded'")
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(s.paths(), ["GET /op", "GET /op"]);
}

// ---- P.14: the first wait is exact ----

#[tokio::test(start_paused = true)]
async fn the_initial_delay_is_exact_and_jitter_spreads_the_waits_between_polls() {
    for seed in 0..20 {
        let s = setup();
        s.transport.route("GET /op", (0..3).map(|_| ScriptedReply::status(202)));
        let _ = s
            .builder()
            .poll_url("/op")
            .initial_delay(secs(5))
            .jitter(Jitter::DEFAULT)
            .jitter_seed(seed)
            .max_attempts(2)
            .build::<Value>()
            .unwrap()
            .await;
        let times = s.times();
        assert_eq!(times[0], secs(5), "seed {seed}");
        assert!(times[1] >= secs(13) && times[1] <= secs(17), "seed {seed}: {times:?}");
    }
    // After a start request: its Retry-After when longer, else the delay.
    let s = setup();
    s.transport.route(
        "POST /run",
        [ScriptedReply::status(202).with_header("Location", "/op").with_header("Retry-After", "7")],
    );
    s.transport.route("GET /op", [ScriptedReply::status(200)]);
    let _: Value = s
        .builder()
        .start(RequestSpec::post("/run"))
        .initial_delay(secs(2))
        .jitter(Jitter::DEFAULT)
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(s.times(), [secs(0), secs(7)]);
}

// ---- P.5: keyed polls ----

#[tokio::test(start_paused = true)]
async fn a_finished_keyed_poll_replays_its_result_without_a_request() {
    let store = Arc::new(MemoryStore::new());
    let builder = |s: &Setup| {
        s.builder()
            .poll_url("/op")
            .failure_when("$response.body#/status == 'Failed'")
            .success_when("$response.body#/status == 'Succeeded'")
            .keyed("report-7", store.clone())
    };
    let s = setup();
    s.transport.route("GET /op", [running(), json_reply(json!({"status": "Failed", "why": "disk"}))]);
    let first = builder(&s).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(first, LroError::FailureMatched { .. }));
    let state = PollState::from_json(&store.get("report-7").unwrap()).unwrap();
    let kept = state.result().unwrap();
    assert_eq!((kept.status, kept.content_type.as_deref()), (Some(200), Some("application/json")));
    assert!(kept.error.as_deref().unwrap().contains("`$response.body#/status == 'Failed'` matched"));

    let s = setup();
    let again = builder(&s).build::<Value>().unwrap().await.unwrap_err();
    match &again {
        LroError::Replayed { outcome, message, answer } => {
            assert_eq!(outcome, "failure_matched");
            assert_eq!(message, &first.to_string());
            let answer = answer.as_deref().unwrap();
            assert_eq!(serde_json::from_slice::<Value>(answer.body()).unwrap()["why"], "disk");
            assert_eq!(answer.header("content-type"), Some("application/json"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.transport.request_count(), 0, "replayed without a request");

    let s = setup();
    s.transport.route("GET /op", [json_reply(json!({"status": "Succeeded"}))]);
    let fresh: Value = builder(&s).fresh(true).build().unwrap().await.unwrap();
    assert_eq!((fresh["status"].as_str(), s.transport.request_count()), (Some("Succeeded"), 1));
}

#[tokio::test(start_paused = true)]
async fn an_interrupted_keyed_poll_resumes_with_the_attempts_it_has_left() {
    let store = Arc::new(MemoryStore::new());
    let builder = |s: &Setup| {
        s.builder()
            .poll_url("/op")
            .success_when("$response.body#/status == 'Succeeded'")
            .max_attempts(4)
            .keyed("k", store.clone())
            .progress_mode(ProgressMode::EveryAttempt)
    };
    let s = setup();
    s.transport.route("GET /op", (0..3).map(|_| running()));
    let mut stream = builder(&s).build::<Value>().unwrap().into_stream();
    while let Some(Ok(LroEvent::Progress(p))) = stream.next().await {
        if p.attempt == 3 {
            break;
        }
    }
    drop(stream); // interrupted
    let s = setup();
    s.transport.route("GET /op", (0..3).map(|_| running()));
    let err = builder(&s).build::<Value>().unwrap().await.unwrap_err();
    assert!(matches!(err, LroError::AttemptsExhausted { attempts: 4, .. }), "{err:?}");
    assert_eq!(s.transport.request_count(), 1, "one attempt was left");
}

// ---- P.6: presets ----

#[tokio::test(start_paused = true)]
async fn presets_set_the_seed_systems_defaults() {
    // Speakeasy: delay 1 s, interval 1 s, 60 polls, no deadline.
    let s = setup();
    s.transport.route("GET /op", (0..70).map(|_| ScriptedReply::status(202)));
    let err = LroBuilder::new(s.client.clone())
        .preset(Preset::speakeasy())
        .poll_url("/op")
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert!(matches!(err, LroError::AttemptsExhausted { attempts: 60, .. }), "{err:?}");
    assert_eq!(s.times()[..3], [1, 2, 3].map(secs), "no jitter");
    assert_eq!(s.times()[59], secs(60));

    // OData: every 2 s (the first after 2 s) for at most 10 minutes.
    let s = setup();
    s.transport.route("GET /op", (0..400).map(|_| ScriptedReply::status(202)));
    let err = LroBuilder::new(s.client.clone())
        .preset(Preset::odata())
        .poll_url("/op")
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert!(matches!(err, LroError::DeadlineExceeded { attempts: 300, .. }), "{err:?}");
    assert_eq!(s.times()[..3], [2, 4, 6].map(secs));

    // Trigger.dev: at once, then every 10 s; what is set is clamped to its ranges.
    let s = setup();
    s.transport.route("GET /op", (0..10).map(|_| ScriptedReply::status(202)));
    let err = LroBuilder::new(s.client.clone())
        .preset(Preset::trigger_dev())
        .poll_url("/op")
        .interval(secs(1))
        .timeout(secs(5))
        .build::<Value>()
        .unwrap()
        .await
        .unwrap_err();
    assert!(matches!(err, LroError::DeadlineExceeded { attempts: 4, .. }), "{err:?}");
    assert_eq!(s.times(), [0, 10, 20, 30].map(secs), "interval ≥ 10 s, timeout ≥ 30 s");
    let s = setup();
    s.transport
        .route("GET /op", [ScriptedReply::status(202).with_latency(secs(20)), ScriptedReply::status(200)]);
    let _: Value = LroBuilder::new(s.client.clone())
        .preset(Preset::trigger_dev())
        .poll_url("/op")
        .request_timeout(secs(60))
        .build()
        .unwrap()
        .await
        .unwrap();
    // The first request timed out after 5 s (clamped), was retried ≥ 1 s later.
    assert!(s.times()[1] >= secs(6) && s.times()[1] < secs(7), "{:?}", s.times());
}

// ---- P.7 / P.8: filters and progress ----

#[tokio::test(start_paused = true)]
async fn a_trigger_dev_response_filter_with_header_and_info_status_progress() {
    let s = setup();
    s.transport.route(
        "GET /task",
        [
            json_reply(json!({"info": {"status": "running"}})),
            json_reply(json!({"info": {"status": "SUCCESS"}, "status": "SUCCESS"})),
        ],
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let filter = json!({"status":[200],"header":{"content-type":[{"$startsWith":"application/json"}]},"body":{"status":["SUCCESS"]}});
    let _: Value = s
        .builder()
        .poll_url("/task")
        .success_filter(&filter)
        .on_progress(move |p: &Progress| sink.lock().unwrap().push(p.status.clone()))
        .build()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), [Some("running".to_owned()), Some("SUCCESS".to_owned())]);
    // A start request naming no poll location is still an error naming it.
    let s = setup();
    s.transport.route("POST /run", [ScriptedReply::status(202)]);
    let err = s.builder().start(RequestSpec::post("/run")).build::<Value>().unwrap().await.unwrap_err();
    assert_eq!(err.kind(), "no_poll_location");
}
