//! Poll engine bench (a bench binary that prints figures; not run by `cargo test`).
//!
//! `cargo bench -p flow-runtime --bench poll`
//!
//! The run starts a local axum server (a child process, so the client's
//! memory and CPU figures are its own) and runs each phase in a fresh child
//! process of this binary:
//!
//! * **overhead**: N sequential polls with zero wait through the engine
//!   (a `PollSession`, and the bare `Poller`) vs. a bare `reqwest` loop doing
//!   the same GETs on the same client; the ratio of medians (target <= 1.05).
//! * **scale**: 10,000 concurrent sessions started evenly over one second
//!   (delay 1 s, 5 attempts, terminal answer on the 5th), all sharing one
//!   pooled client: outcomes, requests served (exactly 50,000), RSS growth
//!   per session once all are started (target <= 16 KB), lateness of each
//!   request vs. its schedule (target p99 <= 10 ms).
//! * **idle**: 10,000 sessions waiting (delay 5 s): RSS per waiting session,
//!   CPU time used while all wait (target: near zero), and dropping them all
//!   sends nothing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use flow_poll::{judge_fn, Budget, Pacing, Poller, Verdict};
use flow_runtime::flow::polling::{PollDecision, PollEvent, PollSession};
use flow_runtime::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use flow_runtime::{HttpClient, ReqwestTransport, RuntimeConfig};
use serde_json::json;

const SESSIONS: u32 = 10_000;
const ATTEMPTS: u32 = 5;
const OVERHEAD_POLLS: u32 = 2_000;
const OVERHEAD_ROUNDS: usize = 15;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    match std::env::var("DFLOW_BENCH_ROLE").as_deref() {
        Ok("server") => server(),
        Ok("overhead") => {
            let port: u16 = std::env::var("DFLOW_BENCH_PORT")?.parse()?;
            // One thread: the code's own cost, no cross-thread wakeups.
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(overhead(port, "current-thread runtime"))?;
            // The host's usual runtime, the loops on a worker thread.
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(async move { tokio::spawn(overhead(port, "multi-thread runtime")).await? })
        }
        Ok(phase) => {
            let phase = phase.to_owned();
            let port: u16 = std::env::var("DFLOW_BENCH_PORT")?.parse()?;
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(async move {
                // On a worker thread, like any task of a host (block_on's
                // thread is not a worker: its wakeups cost a thread hop).
                tokio::spawn(async move {
                    match phase.as_str() {
                        "scale" => scale(port).await,
                        "idle" => idle(port).await,
                        other => Err(format!("unknown phase {other}").into()),
                    }
                })
                .await?
            })
        }
        Err(_) => orchestrate(),
    }
}

/// Starts the server, runs every phase in its own process, stops the server.
fn orchestrate() -> Result<(), BoxError> {
    let exe = std::env::current_exe()?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("poll bench: {cores} cores available (server and client share them)");
    let mut server = Command::new(&exe)
        .env("DFLOW_BENCH_ROLE", "server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(server.stdout.take().ok_or("no server stdout")?).read_line(&mut line)?;
    let port = line.trim().strip_prefix("PORT ").ok_or("server did not print its port")?.to_owned();
    let mut failed = None;
    let selected = std::env::var("DFLOW_BENCH_PHASES").unwrap_or_else(|_| "overhead,scale,idle".to_owned());
    for phase in
        ["overhead", "scale", "idle"].into_iter().filter(|p| selected.split(',').any(|s| s.trim() == *p))
    {
        let status =
            Command::new(&exe).env("DFLOW_BENCH_ROLE", phase).env("DFLOW_BENCH_PORT", &port).status()?;
        if !status.success() {
            failed = Some(phase);
        }
    }
    server.kill()?;
    server.wait()?;
    match failed {
        Some(phase) => Err(format!("phase {phase} failed").into()),
        None => Ok(()),
    }
}

// ---- the server ----

struct Counters {
    per_session: Vec<AtomicU32>,
    total: AtomicU64,
}

fn server() -> Result<(), BoxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let counters = Arc::new(Counters {
            per_session: (0..2 * SESSIONS).map(|_| AtomicU32::new(0)).collect(),
            total: AtomicU64::new(0),
        });
        let app = axum::Router::new()
            .route("/plain", get(|| async { "" }))
            .route("/s/{id}", get(session_status))
            .route("/stats", get(stats))
            .route("/reset", post(reset))
            .with_state(counters);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("PORT {}", listener.local_addr()?.port());
        // Serve until the parent goes away (stdin closes) or kills us.
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        tokio::task::spawn_blocking(|| {
            let mut byte = [0u8; 1];
            let _ = std::io::Read::read(&mut std::io::stdin(), &mut byte);
        })
        .await?;
        Ok(())
    })
}

async fn session_status(
    State(counters): State<Arc<Counters>>,
    Path(id): Path<u32>,
) -> (StatusCode, HeaderMap, String) {
    let received = now_ns();
    let mut headers = HeaderMap::new();
    headers.insert("x-recv-ns", HeaderValue::from(received as u64));
    let Some(counter) = counters.per_session.get(id as usize) else {
        return (StatusCode::NOT_FOUND, headers, String::new());
    };
    counters.total.fetch_add(1, Ordering::Relaxed);
    let n = counter.fetch_add(1, Ordering::Relaxed) + 1;
    if n >= ATTEMPTS {
        headers.insert("x-df-response-type", HeaderValue::from_static("exit"));
        (StatusCode::OK, headers, json!({"id": id}).to_string())
    } else {
        (StatusCode::OK, headers, r#"{"status":"PENDING"}"#.to_owned())
    }
}

async fn stats(State(counters): State<Arc<Counters>>) -> String {
    let mut histogram: HashMap<u32, u32> = HashMap::new();
    for (i, c) in counters.per_session.iter().enumerate() {
        let n = c.load(Ordering::Relaxed);
        if n > 0 || i < SESSIONS as usize {
            *histogram.entry(n).or_default() += u32::from(i < SESSIONS as usize);
        }
    }
    let idle: u32 = counters.per_session[SESSIONS as usize..].iter().map(|c| c.load(Ordering::Relaxed)).sum();
    json!({"total": counters.total.load(Ordering::Relaxed), "histogram": histogram, "idle": idle}).to_string()
}

async fn reset(State(counters): State<Arc<Counters>>) -> &'static str {
    for c in &counters.per_session {
        c.store(0, Ordering::Relaxed);
    }
    counters.total.store(0, Ordering::Relaxed);
    "ok"
}

fn now_ns() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

// ---- shared client pieces ----

fn reqwest_client() -> Result<reqwest::Client, BoxError> {
    Ok(reqwest::Client::builder()
        .gzip(true)
        .tcp_nodelay(true)
        .pool_max_idle_per_host(512)
        .pool_idle_timeout(Duration::from_secs(90))
        .build()?)
}

fn flow_client(port: u16, transport: Arc<dyn Transport>) -> Result<HttpClient, BoxError> {
    let base = url::Url::parse(&format!("http://127.0.0.1:{port}/"))?;
    Ok(HttpClient::new(transport, Arc::new(RuntimeConfig::default()), base))
}

fn polling(url: &str, delay: u64, attempts: u32) -> Result<flow_model::Polling, BoxError> {
    Ok(serde_json::from_value(json!({
        "url": url, "delay": delay, "maxAttempts": attempts, "timeout": 30,
        "onError": {"behavior": {"type": "action", "action": {"exit": true}}}
    }))?)
}

async fn reset_server(http: &reqwest::Client, port: u16) -> Result<(), BoxError> {
    http.post(format!("http://127.0.0.1:{port}/reset")).send().await?.error_for_status()?;
    Ok(())
}

async fn server_stats(http: &reqwest::Client, port: u16) -> Result<serde_json::Value, BoxError> {
    Ok(http.get(format!("http://127.0.0.1:{port}/stats")).send().await?.json().await?)
}

/// Resident set size in KiB (`VmRSS` of /proc/self/status).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time used by every thread of this process so far, in nanoseconds
/// (first field of /proc/self/task/*/schedstat).
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0 };
    tasks
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .sum()
}

/// Wall time and this process's CPU time over a measured stretch.
struct Clock {
    wall: Instant,
    cpu: u64,
}

impl Clock {
    fn start() -> Self {
        Clock { wall: Instant::now(), cpu: cpu_ns() }
    }

    /// (wall seconds, CPU seconds) since `start`.
    fn stop(&self) -> (f64, f64) {
        (self.wall.elapsed().as_secs_f64(), cpu_ns().saturating_sub(self.cpu) as f64 / 1e9)
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

// ---- (a) overhead ----

async fn overhead(port: u16, runtime: &str) -> Result<(), BoxError> {
    let http = reqwest_client()?;
    let url = format!("http://127.0.0.1:{port}/plain");
    let transport = Arc::new(ReqwestTransport::with_client(http.clone(), 10 << 20));
    let client = flow_client(port, transport)?;
    let config = polling("/plain", 0, OVERHEAD_POLLS)?;

    let bare = || async {
        let started = Clock::start();
        for _ in 0..OVERHEAD_POLLS {
            let response = http.get(&url).send().await?;
            let _ = response.status();
            let _ = response.bytes().await?;
        }
        Ok::<_, BoxError>(started.stop())
    };
    // The same loop with the per-request timeout every transport must enforce.
    let bare_timeout = || async {
        let started = Clock::start();
        for _ in 0..OVERHEAD_POLLS {
            let exchange = async {
                let response = http.get(&url).send().await?;
                let _ = response.status();
                Ok::<_, BoxError>(response.bytes().await?)
            };
            tokio::time::timeout(Duration::from_secs(30), exchange).await??;
        }
        Ok::<_, BoxError>(started.stop())
    };
    let (client, config) = (&client, &config);
    let session = |inline: bool| async move {
        let started = Clock::start();
        let mut session = if inline {
            PollSession::start_inline(client.clone(), config)
        } else {
            PollSession::start(client.clone(), config)
        };
        let mut attempts = 0;
        while let Some(event) = session.next_event().await {
            match event {
                PollEvent::Attempt { .. } => attempts += 1,
                PollEvent::Finished(PollDecision::Fail(_)) => {}
                other => return Err(format!("unexpected {other:?}").into()),
            }
        }
        if attempts != OVERHEAD_POLLS {
            return Err(format!("{attempts} attempts").into());
        }
        Ok::<_, BoxError>(started.stop())
    };
    let engine = || async {
        let started = Clock::start();
        let request = client.request(http::Method::GET, client.resolve("/plain")?, None, None);
        let judge = judge_fn(|_| Verdict::<(), ()>::Continue);
        let finish = Poller::new(client.clone(), request, judge)
            .pacing(Pacing::fixed(Duration::ZERO))
            .budget(Budget::max_attempts(OVERHEAD_POLLS))
            .run()
            .await;
        if finish.attempts() != OVERHEAD_POLLS {
            return Err("wrong attempt count".into());
        }
        Ok::<_, BoxError>(started.stop())
    };
    // Warm up the pool and the code paths.
    bare().await?;
    session(false).await?;
    session(true).await?;
    let mut rounds: [Vec<(f64, f64)>; 5] = Default::default();
    for _ in 0..OVERHEAD_ROUNDS {
        rounds[0].push(bare().await?);
        rounds[1].push(bare_timeout().await?);
        rounds[2].push(engine().await?);
        rounds[3].push(session(false).await?);
        rounds[4].push(session(true).await?);
    }
    let per_poll = |t: f64| t / f64::from(OVERHEAD_POLLS) * 1e6;
    let mut wall: Vec<Vec<f64>> = rounds.iter().map(|r| r.iter().map(|x| x.0).collect()).collect();
    let mut cpu: Vec<Vec<f64>> = rounds.iter().map(|r| r.iter().map(|x| x.1).collect()).collect();
    let wall: Vec<f64> = wall.iter_mut().map(|r| median(r)).collect();
    let cpu: Vec<f64> = cpu.iter_mut().map(|r| median(r)).collect();
    println!(
        "\n(a) overhead, {runtime}: {OVERHEAD_POLLS} sequential GETs, zero wait, medians of {OVERHEAD_ROUNDS} \
         interleaved rounds"
    );
    println!(
        "    {:<22} {:>12} {:>8} {:>16} {:>8}",
        "", "wall µs/poll", "ratio", "client CPU µs/poll", "ratio"
    );
    let names = [
        "bare reqwest loop",
        "bare loop + timeout",
        "engine (Poller)",
        "PollSession (own task)",
        "PollSession (inline)",
    ];
    for (i, name) in names.iter().enumerate() {
        println!(
            "    {name:<22} {:>12.1} {:>8.3} {:>16.1} {:>8.3}",
            per_poll(wall[i]),
            wall[i] / wall[0],
            per_poll(cpu[i]),
            cpu[i] / cpu[0]
        );
    }
    println!("    (target: engine / bare <= 1.05)");
    Ok(())
}

// ---- (b) scale ----

/// Records when each request was handed to the transport and when it ended.
#[derive(Debug)]
struct Timed {
    inner: ReqwestTransport,
    records: Mutex<Vec<Record>>,
}

#[derive(Debug, Clone, Copy)]
struct Record {
    id: u32,
    called: Instant,
    done: Instant,
    server_ns: Option<u128>,
}

#[async_trait]
impl Transport for Timed {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let called = Instant::now();
        let id = request.url.path().rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or(u32::MAX);
        let result = self.inner.send(request).await;
        let server_ns = result.as_ref().ok().and_then(|r| r.header("x-recv-ns")).and_then(|v| v.parse().ok());
        let record = Record { id, called, done: Instant::now(), server_ns };
        self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(record);
        result
    }
}

async fn scale(port: u16) -> Result<(), BoxError> {
    let http = reqwest_client()?;
    reset_server(&http, port).await?;
    let timed = Arc::new(Timed {
        inner: ReqwestTransport::with_client(http.clone(), 10 << 20),
        records: Mutex::new(Vec::with_capacity((SESSIONS * ATTEMPTS) as usize)),
    });
    let client = flow_client(port, timed.clone())?;
    let configs: Vec<_> =
        (0..SESSIONS).map(|i| polling(&format!("/s/{i}"), 1, ATTEMPTS)).collect::<Result<_, _>>()?;
    // Warm-up request so the pool, TLS-less connector and runtime exist.
    http.get(format!("http://127.0.0.1:{port}/plain")).send().await?.bytes().await?;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let rss_before = rss_kib();
    let (instant0, wall0) = (Instant::now(), now_ns());
    let t0 = tokio::time::Instant::now() + Duration::from_millis(10);
    let mut starts = Vec::with_capacity(SESSIONS as usize);
    let mut consumers = Vec::with_capacity(SESSIONS as usize);
    for (i, config) in configs.iter().enumerate() {
        tokio::time::sleep_until(t0 + Duration::from_micros(100) * i as u32).await;
        starts.push(Instant::now());
        // Inline, as the interpreter runs it: the consumer's task is the session's.
        let mut session = PollSession::start_inline(client.clone(), config);
        consumers.push(tokio::spawn(async move {
            let mut attempts = 0u32;
            let mut outcome = None;
            while let Some(event) = session.next_event().await {
                match event {
                    PollEvent::Attempt { .. } => attempts += 1,
                    PollEvent::Finished(o) => outcome = Some(o),
                    _ => {}
                }
            }
            (attempts, outcome)
        }));
    }
    let spread = starts.last().map(|l| l.duration_since(starts[0])).unwrap_or_default();
    let rss_all_started = rss_kib();
    let in_flight_at_measure = timed.records.lock().map(|r| r.len()).unwrap_or(0);

    let mut wrong = 0u32;
    for (i, consumer) in consumers.into_iter().enumerate() {
        let (attempts, outcome) = consumer.await?;
        let expected = PollDecision::Exit(json!({"id": i}));
        if attempts != ATTEMPTS || outcome.as_ref() != Some(&expected) {
            wrong += 1;
        }
    }
    let finished = instant0.elapsed();
    let stats = server_stats(&http, port).await?;

    // Lateness of each request vs. its schedule: the first one second after
    // its session started, each next one second after the previous answer.
    let mut records = timed.records.lock().map(|r| r.clone()).unwrap_or_default();
    records.sort_by_key(|r| (r.id, r.called));
    let mut client_late = Vec::with_capacity(records.len());
    let mut server_late = Vec::with_capacity(records.len());
    let to_wall = |t: Instant| wall0 as f64 + t.saturating_duration_since(instant0).as_nanos() as f64;
    let mut previous: Option<Record> = None;
    for record in &records {
        let schedule = match previous {
            Some(p) if p.id == record.id => p.done,
            _ => starts[record.id as usize],
        } + Duration::from_secs(1);
        client_late.push(record.called.saturating_duration_since(schedule).as_secs_f64() * 1e3);
        if let Some(ns) = record.server_ns {
            server_late.push(((ns as f64 - to_wall(schedule)) / 1e6).max(0.0));
        }
        previous = Some(*record);
    }
    client_late.sort_by(f64::total_cmp);
    server_late.sort_by(f64::total_cmp);

    println!(
        "\n(b) scale: {SESSIONS} sessions started over {:.3} s, delay 1 s, {ATTEMPTS} attempts",
        spread.as_secs_f64()
    );
    println!("    outcomes right          {} / {SESSIONS} (wrong: {wrong})", SESSIONS - wrong);
    println!(
        "    requests served         {} (expected {}), per-session histogram {}",
        stats["total"],
        SESSIONS * ATTEMPTS,
        stats["histogram"]
    );
    println!("    requests recorded       {}", records.len());
    println!(
        "    RSS growth, all started {:.2} KiB/session ({} KiB → {} KiB; {} requests answered by then)",
        (rss_all_started.saturating_sub(rss_before)) as f64 / f64::from(SESSIONS),
        rss_before,
        rss_all_started,
        in_flight_at_measure
    );
    println!(
        "    lateness at transport   p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms   (target p99 <= 10 ms)",
        percentile(&client_late, 0.5),
        percentile(&client_late, 0.99),
        percentile(&client_late, 1.0)
    );
    println!(
        "    lateness at server      p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        percentile(&server_late, 0.5),
        percentile(&server_late, 0.99),
        percentile(&server_late, 1.0)
    );
    println!("    all done after          {:.3} s", finished.as_secs_f64());
    if wrong > 0 || stats["total"] != json!(SESSIONS * ATTEMPTS) {
        return Err("scale run: wrong outcomes or request count".into());
    }
    Ok(())
}

// ---- (b) idle: all sessions waiting ----

async fn idle(port: u16) -> Result<(), BoxError> {
    let http = reqwest_client()?;
    reset_server(&http, port).await?;
    let transport = Arc::new(ReqwestTransport::with_client(http.clone(), 10 << 20));
    let client = flow_client(port, transport)?;
    let configs: Vec<_> = (SESSIONS..2 * SESSIONS)
        .map(|i| polling(&format!("/s/{i}"), 5, ATTEMPTS))
        .collect::<Result<_, _>>()?;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let rss_before = rss_kib();
    let created = Instant::now();
    let sessions: Vec<PollSession> = configs.iter().map(|c| PollSession::start(client.clone(), c)).collect();
    let create_time = created.elapsed();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_waiting = rss_kib();
    let (cpu_a, wall_a) = (cpu_ns(), Instant::now());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (cpu_b, wall_b) = (cpu_ns(), Instant::now());
    let dropped = Instant::now();
    drop(sessions);
    let drop_time = dropped.elapsed();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let stats = server_stats(&http, port).await?;

    println!("\n(b) idle: {SESSIONS} sessions waiting (delay 5 s)");
    println!(
        "    created in              {:.1} ms ({:.2} µs/session)",
        create_time.as_secs_f64() * 1e3,
        create_time.as_secs_f64() * 1e6 / f64::from(SESSIONS)
    );
    println!(
        "    RSS per waiting session {:.2} KiB ({} KiB → {} KiB)",
        (rss_waiting.saturating_sub(rss_before)) as f64 / f64::from(SESSIONS),
        rss_before,
        rss_waiting
    );
    println!(
        "    CPU while all wait      {:.2} ms over {:.2} s ({:.3}% of one core)",
        (cpu_b - cpu_a) as f64 / 1e6,
        (wall_b - wall_a).as_secs_f64(),
        (cpu_b - cpu_a) as f64 / (wall_b - wall_a).as_nanos() as f64 * 100.0
    );
    println!(
        "    dropped all in          {:.1} ms; requests sent after: {}",
        drop_time.as_secs_f64() * 1e3,
        stats["idle"]
    );
    if stats["idle"] != json!(0) {
        return Err("dropped sessions sent requests".into());
    }
    Ok(())
}
