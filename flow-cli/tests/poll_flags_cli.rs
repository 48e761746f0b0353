//! `dflow poll`'s flags and defaults (issue #13, Decisions P.*) on real
//! processes against an in-process HTTP server on 127.0.0.1: each route
//! answers a script of replies in order (the last one repeats) and every
//! request is logged with its method, path, body and arrival time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

// ---- the scripted server ----

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    latency: Duration,
}

fn reply(status: u16, body: Value) -> Reply {
    let body = if body.is_null() { String::new() } else { body.to_string() };
    Reply {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body,
        latency: Duration::ZERO,
    }
}

impl Reply {
    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn content_type(mut self, value: &str) -> Self {
        self.headers.retain(|(name, _)| name != "content-type");
        self.header("content-type", value)
    }

    fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }
}

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    body: String,
    headers: HeaderMap,
    at: Instant,
}

#[derive(Default)]
struct Script {
    routes: HashMap<String, Vec<Reply>>,
    log: Vec<Seen>,
}

struct Server {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    fn start() -> Server {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let script: Arc<Mutex<Script>> = Arc::default();
        let shared = script.clone();
        let app =
            axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let script = shared.clone();
                async move { answer(&script, method, uri, headers, body).await }
            });
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { addr, script, _runtime: runtime }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `route` is `"GET /path"` (path with its query).
    fn route(&self, route: &str, replies: impl IntoIterator<Item = Reply>) -> &Self {
        self.script.lock().unwrap().routes.insert(route.to_owned(), replies.into_iter().collect());
        self
    }

    fn log(&self) -> Vec<Seen> {
        self.script.lock().unwrap().log.clone()
    }

    fn paths(&self) -> Vec<String> {
        self.log().iter().map(|s| format!("{} {}", s.method, s.path)).collect()
    }
}

async fn answer(
    script: &Mutex<Script>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let route = format!("{method} {path}");
    let next = {
        let mut script = script.lock().unwrap();
        let body = String::from_utf8_lossy(&body).into_owned();
        script.log.push(Seen {
            method: method.to_string(),
            path: path.clone(),
            body,
            headers,
            at: Instant::now(),
        });
        match script.routes.get_mut(&route) {
            Some(replies) if replies.len() > 1 => Some(replies.remove(0)),
            Some(replies) => replies.first().cloned(),
            None => None,
        }
    };
    let Some(reply) = next else {
        return (StatusCode::NOT_FOUND, format!("no route {route}")).into_response();
    };
    tokio::time::sleep(reply.latency).await;
    let mut response = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    for (name, value) in reply.headers {
        // insert: replaces the text/plain content type axum set for the String body.
        response.headers_mut().insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            axum::http::HeaderValue::from_str(&value).unwrap(),
        );
    }
    response
}

// ---- running dflow ----

fn dflow() -> Command {
    let mut cmd = Command::cargo_bin("dflow").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("RUST_LOG").timeout(Duration::from_secs(30));
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn events(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    fn body(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout not JSON ({e}): {self:?}"))
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {:?}\nstdout: {}\nstderr: {}", self.code, self.stdout, self.stderr)
    }
}

fn run(args: &[&str]) -> Run {
    let output = dflow().arg("poll").args(args).output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Fast pacing for tests: a 10 ms interval, exact 10 ms retry waits.
const FAST: [&str; 6] =
    ["--interval", "10ms", "--retry-min", "10ms", "--no-retry-jitter", "--retry-max=40ms"];

fn fast(args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(FAST);
    run(&all)
}

fn running() -> Reply {
    reply(200, json!({"status": "Running", "percentComplete": 50}))
}

fn succeeded() -> Reply {
    reply(200, json!({"status": "Succeeded", "result": "report.pdf"}))
}

const UNTIL: &str = "$response.body#/status == 'Succeeded'";

// ---- P.1: error statuses end the poll ----

#[test]
fn a_500_ends_the_poll_at_once_with_its_body_on_stdout() {
    let s = Server::start();
    s.route("GET /op", [reply(500, json!({"error": "the job crashed"})), succeeded()]);
    let r = fast(&[&s.url("/op"), "--until", UNTIL]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.body(), json!({"error": "the job crashed"}));
    assert!(r.stderr.contains("unexpected HTTP 500 Internal Server Error"), "{r:?}");
    assert_eq!(s.paths(), ["GET /op"], "nothing sent after it");
}

#[test]
fn a_404_success_criterion_still_wins() {
    let s = Server::start();
    s.route(
        "DELETE /things/7",
        [reply(200, json!({"state": "deleting"})), reply(404, json!({"error": "gone"}))],
    );
    let r = fast(&[&s.url("/things/7"), "-X", "DELETE", "--until", "$statusCode == 404"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.body(), json!({"error": "gone"}));
    assert_eq!(s.paths(), ["DELETE /things/7", "DELETE /things/7"]);
}

// ---- P.2: transient failures and --retry-* ----

#[test]
fn transient_503_502_429_408_then_success() {
    let s = Server::start();
    s.route(
        "GET /op",
        [
            reply(503, Value::Null),
            reply(502, Value::Null),
            reply(429, Value::Null).header("Retry-After", "0"),
            reply(408, Value::Null),
            succeeded(),
        ],
    );
    let r = fast(&[&s.url("/op"), "--until", UNTIL, "--json"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let events = r.events();
    let statuses: Vec<Value> = events.iter().map(|e| e["http_status"].clone()).collect();
    assert_eq!(statuses, [json!(503), json!(502), json!(429), json!(408), json!(200), json!(200)]);
    // The retry waits (10, 20, 0 — Retry-After wins — and 40 ms), not the interval.
    let next: Vec<Value> = events[..4].iter().map(|e| e["next_delay"].clone()).collect();
    assert_eq!(next, [json!(10), json!(20), json!(0), json!(40)]);
    assert_eq!(events.last().unwrap()["body"]["result"], "report.pdf");
}

#[test]
fn retry_limit_and_the_waits_come_from_the_flags() {
    let s = Server::start();
    s.route("GET /op", [reply(503, json!({"error": "busy"}))]);
    let r = run(&[
        &s.url("/op"),
        "--retry-limit",
        "2",
        "--retry-min",
        "100ms",
        "--retry-factor",
        "3",
        "--retry-max",
        "250ms",
        "--no-retry-jitter",
        "--json",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let events = r.events();
    let next: Vec<Value> = events[..3].iter().map(|e| e["next_delay"].clone()).collect();
    assert_eq!(next, [json!(100), json!(250), Value::Null], "100 ms, ×3 capped at 250 ms, then give up");
    let last = events.last().unwrap();
    assert_eq!(last["reason"], "unexpected_status");
    assert!(last["error"].as_str().unwrap().starts_with("gave up after 3 consecutive transient failures"));
    assert_eq!(last["body"], json!({"error": "busy"}));
    let log = s.log();
    assert!(log[1].at - log[0].at >= Duration::from_millis(100));
    assert!(log[2].at - log[1].at >= Duration::from_millis(250));

    // Randomised by default (and with --retry-jitter): within [min, 2·min).
    let s = Server::start();
    s.route("GET /op", [reply(503, Value::Null), succeeded()]);
    let r = run(&[&s.url("/op"), "--until", UNTIL, "--retry-min", "100ms", "--retry-jitter", "--json"]);
    let wait = r.events()[0]["next_delay"].as_u64().unwrap();
    assert!((100..200).contains(&wait), "{wait}");
}

#[test]
fn a_slow_request_times_out_under_request_timeout_and_is_retried() {
    let s = Server::start();
    s.route("GET /op", [succeeded().latency(Duration::from_secs(5)), succeeded()]);
    let started = Instant::now();
    let r = fast(&[&s.url("/op"), "--until", UNTIL, "--request-timeout", "200ms", "--json"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(4), "did not wait for the slow answer");
    let first = &r.events()[0];
    assert!(first["error"].as_str().unwrap().contains("timed out"), "{first}");
    assert_eq!(s.log().len(), 2);
}

// ---- P.3 / P.4: default success, Location following, start-then-poll ----

#[test]
fn a_202_chain_with_location_is_followed_to_the_result() {
    let s = Server::start();
    s.route("GET /jobs/1", [reply(202, json!({"status": "Queued"})).header("Location", "/queue/1")]);
    s.route("GET /queue/1", [reply(202, json!({"status": "Running"})).header("Location", "../results/1")]);
    s.route("GET /results/1", [reply(200, json!({"status": "Done", "answer": 42}))]);
    let r = fast(&[&s.url("/jobs/1")]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.body()["answer"], 42);
    assert_eq!(s.paths(), ["GET /jobs/1", "GET /queue/1", "GET /results/1"]);
}

#[test]
fn start_then_poll_follows_operation_location_before_location() {
    let s = Server::start();
    s.route(
        "POST /jobs",
        [reply(202, json!({"id": 9}))
            .header("Location", "/jobs/9")
            .header("Operation-Location", "/operations/9")],
    );
    s.route("GET /operations/9", [running(), succeeded()]);
    let r = fast(&["--start", &s.url("/jobs"), "-d", r#"{"report":"monthly"}"#, "--until", UNTIL]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.body()["result"], "report.pdf");
    assert_eq!(s.paths(), ["POST /jobs", "GET /operations/9", "GET /operations/9"]);
    assert_eq!(serde_json::from_str::<Value>(&s.log()[0].body).unwrap(), json!({"report": "monthly"}));
    // -X changes the start request's method; Azure-AsyncOperation is read too.
    let s = Server::start();
    s.route("PUT /things/1", [reply(201, Value::Null).header("Azure-AsyncOperation", "/ops/1")]);
    s.route("GET /ops/1", [reply(200, json!({"status": "Succeeded"}))]);
    let r = fast(&["--start", &s.url("/things/1"), "-X", "PUT", "--until", UNTIL]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(s.paths(), ["PUT /things/1", "GET /ops/1"]);
}

#[test]
fn the_start_request_is_retried_after_429_on_the_retry_waits_and_refused_on_503() {
    let s = Server::start();
    s.route("POST /jobs", [reply(429, Value::Null), reply(202, Value::Null).header("Location", "/jobs/1")]);
    s.route("GET /jobs/1", [succeeded()]);
    let r = run(&["--start", &s.url("/jobs"), "--retry-min", "150ms", "--no-retry-jitter"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(s.paths(), ["POST /jobs", "POST /jobs", "GET /jobs/1"]);
    let log = s.log();
    assert!(log[1].at - log[0].at >= Duration::from_millis(150));
    // A 503 to a POST may have run: not retried, its body printed.
    let s = Server::start();
    s.route("POST /jobs", [reply(503, json!({"error": "maintenance"}))]);
    let r = fast(&["--start", &s.url("/jobs")]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.body(), json!({"error": "maintenance"}));
    assert!(r.stderr.contains("the start request was refused"), "{r:?}");
    assert_eq!(s.paths(), ["POST /jobs"]);
}

#[test]
fn poll_url_template_makes_the_url_the_start_request() {
    // Altogic: runOnce answers the task's info, getTaskStatus is polled by taskId.
    let s = Server::start();
    s.route("POST /task/run/bill", [reply(200, json!({"info": {"taskId": "t-7", "status": "pending"}}))]);
    s.route(
        "GET /task/t-7",
        [
            reply(200, json!({"info": {"taskId": "t-7", "status": "running"}})),
            reply(200, json!({"info": {"taskId": "t-7", "status": "completed"}})),
        ],
    );
    let template = format!("http://{}/task/{{/info/taskId}}", s.addr);
    let r = fast(&[
        "-X",
        "POST",
        &s.url("/task/run/bill"),
        "--poll-url",
        &template,
        "--until",
        "$response.body#/info/status == 'completed'",
        "--json",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let events = r.events();
    // The progress line's status falls back to /info/status.
    let statuses: Vec<Value> = events.iter().map(|e| e["status"].clone()).collect();
    assert_eq!(statuses[..3], [json!("pending"), json!("running"), json!("completed")]);
    assert_eq!(events.last().unwrap()["body"]["info"]["status"], "completed");
    assert_eq!(s.paths(), ["POST /task/run/bill", "GET /task/t-7", "GET /task/t-7"]);
}

#[test]
fn start_mode_usage_errors_exit_2() {
    for args in [
        vec!["--start", "http://127.0.0.1:9/a", "http://127.0.0.1:9/b"],
        vec![],
        vec!["--poll-url", "http://127.0.0.1:9/{/id}"],
        vec!["http://127.0.0.1:9/a", "--poll-url", "http://127.0.0.1:9/{id}"],
        vec!["http://127.0.0.1:9/a", "-d", "{nope"],
        vec!["http://127.0.0.1:9/a", "-d", "@/no/such/file.json"],
        vec!["http://127.0.0.1:9/a", "-X", "P O"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}");
    }
    let r = run(&["http://127.0.0.1:9/a", "-d", "{nope"]);
    assert!(r.stderr.contains("-d: not JSON"), "{r:?}");
}

// ---- -X, -d ----

#[test]
fn method_and_data_from_a_file_go_with_every_poll() {
    let s = Server::start();
    s.route("POST /search", [reply(200, json!({"status": "Running"})), succeeded()]);
    let dir = tempdir("data");
    let file = dir.join("query.json");
    std::fs::write(&file, r#"{"q": "invoices"}"#).unwrap();
    let data = format!("@{}", file.display());
    let r = fast(&[&s.url("/search"), "-X", "post", "-d", &data, "--until", UNTIL]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let log = s.log();
    assert_eq!(log.len(), 2);
    for seen in &log {
        assert_eq!(seen.method, "POST");
        assert_eq!(serde_json::from_str::<Value>(&seen.body).unwrap(), json!({"q": "invoices"}));
        assert_eq!(seen.headers["content-type"], "application/json");
    }
}

// ---- --filter ----

#[test]
fn a_trigger_dev_response_filter_verbatim_and_from_a_file() {
    let filter = r#"{"status":[200],"header":{"content-type":[{"$startsWith":"application/json"}]},"body":{"status":["SUCCESS"]}}"#;
    let s = Server::start();
    s.route(
        "GET /run",
        [
            reply(200, json!({"status": "PENDING"})),
            reply(200, json!({"status": "SUCCESS"})).content_type("text/plain"),
            reply(200, json!({"status": "SUCCESS", "output": 7})),
        ],
    );
    let r = fast(&[&s.url("/run"), "--filter", filter]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.body()["output"], 7, "the text/plain SUCCESS did not match the header filter");
    assert_eq!(s.log().len(), 3);

    let dir = tempdir("filter");
    let file = dir.join("filter.json");
    std::fs::write(&file, filter.replace("\"header\"", "\"headers\"")).unwrap();
    let s = Server::start();
    s.route("GET /run", [reply(200, json!({"status": "SUCCESS"}))]);
    let r = fast(&[&s.url("/run"), "--filter", &format!("@{}", file.display())]);
    assert_eq!(r.code, Some(0), "{r:?}");

    let r = run(&["http://127.0.0.1:9/x", "--filter", r#"{"body": {"status": [{"$startWith": "S"}]}}"#]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("\"/body/status/0/$startWith\""), "{r:?}");
}

// ---- --openapi ----

const SPEAKEASY_YAML: &str = r#"
/example/{id}:
  get:
    operationId: exampleGet
    x-speakeasy-polling:
      - name: WaitForCompleted
        delaySeconds: 0
        intervalSeconds: 0.01
        limitCount: 5
        failureCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/status == "errored"
        successCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/status == "completed"
"#;

#[test]
fn an_x_speakeasy_polling_poller_from_a_yaml_snippet_as_in_the_docs() {
    let s = Server::start();
    s.route(
        "GET /v1/example/ex%2F1",
        [reply(200, json!({"status": "running"})), reply(200, json!({"status": "completed", "id": "ex/1"}))],
    );
    let dir = tempdir("openapi");
    let file = dir.join("api.yaml");
    std::fs::write(&file, SPEAKEASY_YAML).unwrap();
    let file = file.display().to_string();
    let base = s.url("/v1");
    let r = run(&["--openapi", &file, "--poller", "WaitForCompleted", "--param", "id=ex/1", &base]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.body()["id"], "ex/1");
    let r = run(&[
        "--openapi",
        &file,
        "--poller",
        "WaitForCompleted",
        "--param",
        "id=ex/1",
        "--operation",
        "GET /example/{id}",
        &base,
        "--json",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.events()[0]["max_attempts"], 5, "limitCount");

    // A failure criterion matched: exit 1, its body printed.
    s.route("GET /v1/example/bad", [reply(200, json!({"status": "errored", "why": "quota"}))]);
    let r = run(&["--openapi", &file, "--poller", "WaitForCompleted", "--param", "id=bad", &base]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.body()["why"], "quota");
}

#[test]
fn openapi_mistakes_are_usage_errors_naming_what_was_looked_for() {
    let dir = tempdir("openapi-bad");
    let empty = dir.join("empty.yaml");
    std::fs::write(&empty, "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      operationId: getX\n").unwrap();
    let r = run(&["--openapi", &empty.display().to_string(), "--poller", "Wait", "http://127.0.0.1:9"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("no x-speakeasy-polling pollers found"), "{r:?}");
    assert!(r.stderr.contains("x-speakeasy-polling"), "{r:?}");

    let doc = dir.join("api.yaml");
    std::fs::write(&doc, SPEAKEASY_YAML).unwrap();
    let doc = doc.display().to_string();
    for (args, says) in [
        (vec!["--poller", "Nope", "http://127.0.0.1:9"], "no poller \"Nope\""),
        (vec!["--poller", "WaitForCompleted", "http://127.0.0.1:9"], "path parameter \"id\""),
        (vec!["--poller", "WaitForCompleted", "--param", "id=1"], "no server"),
        (
            vec!["--poller", "WaitForCompleted", "--operation", "POST /example/{id}", "http://127.0.0.1:9"],
            "no poller",
        ),
    ] {
        let mut all = vec!["--openapi", doc.as_str()];
        all.extend(args.iter().copied());
        let r = run(&all);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(r.stderr.contains(says), "{args:?}: {r:?}");
    }
    let r = run(&["--poller", "X", "http://127.0.0.1:9"]);
    assert_eq!(r.code, Some(2), "--poller needs --openapi: {r:?}");
}

// ---- --delay, --preset, pointers ----

#[test]
fn delay_holds_the_first_request_back() {
    let s = Server::start();
    s.route("GET /op", [succeeded()]);
    let started = Instant::now();
    let r = fast(&[&s.url("/op"), "--delay", "400ms"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(s.log()[0].at - started >= Duration::from_millis(400));
}

#[test]
fn presets_set_their_defaults_and_flags_override_them() {
    let s = Server::start();
    s.route("GET /op", [reply(202, json!({"status": "Running"}))]);
    // Speakeasy: 60 attempts, 1 s apart, no jitter.
    let r = run(&[&s.url("/op"), "--preset", "speakeasy", "--delay", "0s", "--max-attempts", "2", "--json"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.events()[0]["next_delay"], 1000);
    let r = run(&[
        &s.url("/op"),
        "--preset",
        "speakeasy",
        "--delay",
        "0s",
        "--interval",
        "10ms",
        "--timeout",
        "1s",
        "--json",
    ]);
    assert_eq!(r.events()[0]["max_attempts"], 60);
    assert_eq!(r.events()[0]["next_delay"], 10);
    // OData: 2 s, no attempt limit.
    let r = run(&[&s.url("/op"), "--preset", "odata", "--delay", "0s", "--max-attempts", "1", "--json"]);
    assert_eq!(r.events()[0]["attempt"], 1);
    let r = run(&[
        &s.url("/op"),
        "--preset",
        "odata",
        "--delay",
        "0s",
        "--interval",
        "10ms",
        "--timeout",
        "100ms",
        "--json",
    ]);
    assert_eq!(r.events()[0]["max_attempts"], Value::Null);
    // Trigger.dev: the interval is clamped to at least 10 s (read the first
    // event, then stop the process).
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dflow"))
        .args(["poll", &s.url("/op"), "--preset", "trigger-dev", "--interval", "1s", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first)
        .unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!((first["attempt"].clone(), first["next_delay"].clone()), (json!(1), json!(10_000)), "{first}");
    let r = run(&[&s.url("/op"), "--preset", "azure-ish"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("odata, speakeasy, trigger-dev"), "{r:?}");
}

#[test]
fn status_and_progress_pointers_feed_the_attempt_events() {
    let s = Server::start();
    s.route(
        "GET /op",
        [
            reply(200, json!({"job": {"state": "RUNNING", "done": 25}})),
            reply(200, json!({"job": {"state": "DONE", "done": "100%"}})),
        ],
    );
    let r = fast(&[
        &s.url("/op"),
        "--until",
        "$response.body#/job/state == 'DONE'",
        "--status-pointer",
        "/job/state",
        "--progress-pointer",
        "/job/done",
        "--json",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let events = r.events();
    assert_eq!((events[0]["status"].clone(), events[0]["percent"].clone()), (json!("RUNNING"), json!(25.0)));
    assert_eq!((events[1]["status"].clone(), events[1]["percent"].clone()), (json!("DONE"), json!(100.0)));
    let r = run(&["http://127.0.0.1:9/x", "--status-pointer", "no-slash"]);
    assert_eq!(r.code, Some(2), "{r:?}");
}

// ---- P.5: --key, --state-dir, --fresh ----

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("dflow-poll-{name}-{}-{:?}", std::process::id(), Instant::now()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_finished_key_replays_its_body_without_a_request_unless_fresh() {
    let s = Server::start();
    s.route("GET /op", [running(), succeeded()]);
    let dir = tempdir("keyed").display().to_string();
    let url = s.url("/op");
    let keyed = |extra: &[&str]| {
        let mut args = vec![url.as_str(), "--until", UNTIL, "--key", "report-7", "--state-dir", &dir];
        args.extend(extra.iter().copied());
        fast(&args)
    };
    let first = keyed(&[]);
    assert_eq!(first.code, Some(0), "{first:?}");
    assert_eq!(s.log().len(), 2);
    let again = keyed(&[]);
    assert_eq!(again.code, Some(0), "{again:?}");
    assert_eq!(again.stdout, first.stdout, "the stored final body");
    assert_eq!(s.log().len(), 2, "replayed without a request");
    let events = keyed(&["--json"]).events();
    assert_eq!(events.len(), 1, "no attempt: {events:?}");
    assert_eq!((events[0]["event"].clone(), events[0]["replayed"].clone()), (json!("done"), json!(true)));
    assert_eq!(events[0]["body"]["result"], "report.pdf");
    let state = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(state).unwrap();
    assert!(text.contains("\"finished\":\"succeeded\""), "{text}");
    let fresh = keyed(&["--fresh"]);
    assert_eq!(fresh.code, Some(0), "{fresh:?}");
    assert_eq!(s.log().len(), 3, "--fresh polls again");

    // A failure replays as a failure, with its body.
    let s = Server::start();
    s.route("GET /op", [reply(200, json!({"status": "Failed", "why": "disk"}))]);
    let args = [
        s.url("/op"),
        "--fail-if".into(),
        "$response.body#/status == 'Failed'".into(),
        "--key".into(),
        "k2".into(),
        "--state-dir".into(),
        dir.clone(),
        "--json".into(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let first = fast(&args);
    assert_eq!(first.code, Some(1), "{first:?}");
    let again = fast(&args);
    assert_eq!(again.code, Some(1), "{again:?}");
    let last = again.events().pop().unwrap();
    assert_eq!((last["reason"].clone(), last["replayed"].clone()), (json!("failure_matched"), json!(true)));
    assert_eq!(last["body"]["why"], "disk");
    assert_eq!(s.log().len(), 1);
    let r = run(&["http://127.0.0.1:9/x", "--fresh"]);
    assert_eq!(r.code, Some(2), "--fresh needs --key: {r:?}");
}

#[test]
fn the_state_dir_defaults_to_the_users_cache_dir() {
    let s = Server::start();
    s.route("GET /op", [succeeded()]);
    let home = tempdir("home");
    let r = dflow()
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("HOME", &home)
        .args(["poll", &s.url("/op"), "--key", "default-dir"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let dir = if cfg!(target_os = "macos") { home.join("Library/Caches") } else { home.join("cache") };
    let states: Vec<_> = std::fs::read_dir(dir.join("dflow/poll-states")).unwrap().collect();
    assert_eq!(states.len(), 1);
}

#[cfg(unix)]
#[test]
fn an_interrupted_key_resumes_with_the_attempts_it_has_left() {
    use nix::sys::signal::{kill, Signal};
    use nix::unistd::Pid;

    let s = Server::start();
    s.route("GET /op", [running()]);
    let dir = tempdir("resume").display().to_string();
    let url = s.url("/op");
    let args = [
        "poll",
        &url,
        "--until",
        UNTIL,
        "--key",
        "job",
        "--state-dir",
        &dir,
        "--max-attempts",
        "5",
        "--interval",
        "600ms",
        "--json",
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dflow"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while s.log().len() < 2 {
        assert!(started.elapsed() < Duration::from_secs(20), "no second poll");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The second answer judged and saved, the third poll 600 ms away.
    std::thread::sleep(Duration::from_millis(200));
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let used = s.log().len();
    assert_eq!(used, 2);
    s.route("GET /op", [succeeded()]);
    let output = dflow().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let events: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events[0]["attempt"], used + 1, "attempt numbers carry on");
    assert_eq!(events[0]["max_attempts"], 5);
    assert_eq!(events.last().unwrap()["event"], "done");
}

// ---- output and exit codes ----

#[test]
fn headers_and_secrets_stay_out_of_states_and_output() {
    let s = Server::start();
    s.route("GET /op?token=T0KEN", [succeeded()]);
    let dir = tempdir("secrets").display().to_string();
    let url = s.url("/op?token=T0KEN");
    let r = fast(&[&url, "-H", "Authorization: Bearer S3CRET", "--key", "s", "--state-dir", &dir, "--json"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(s.log()[0].headers["authorization"], "Bearer S3CRET");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("S3CRET") && !text.contains("T0KEN"), "{text}");
    }
    assert!(!r.stdout.contains("S3CRET") && !r.stderr.contains("S3CRET"), "{r:?}");
}
