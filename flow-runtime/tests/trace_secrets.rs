//! Secrets at trace level, in a test binary of its own: tracing caches each
//! call site's interest process-wide, so a capture subscriber installed while
//! other tests run on other threads can miss lines. Here the capture is the
//! global subscriber and this is the only test.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use serde_json::{json, Value};

use flow_runtime::host::{FlowBuilder, FlowEvent, Terminal};
use support::{reply, serve, until_end, Capture, Reply, Server};

// A whole flow (start, a step that polls, a failing poll, onError, exit) at
// trace level with no redaction configured: the secrets a URL or a default
// header carries never appear in a log line, a span field, an event or an
// error — only the defaults (well-known secret query names, URL passwords,
// Authorization and API-key headers) protect them.
#[tokio::test(flavor = "current_thread")]
async fn a_flow_at_trace_level_prints_no_secret() {
    let capture = Capture::default();
    let subscriber = capture.trace_subscriber();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let server = Arc::new(Server::default());
    let waiting = json!({"id": "wait", "title": "Wait", "schemas": [], "layout": [],
        "polling": {"url": "/flow/status?access_token=SECRET-POLL&page=1", "delay": 0, "maxAttempts": 2,
            "onError": {"behavior": {"type": "action", "action": {"url": "/flow/failed?sig=SECRET-SIG", "exit": true}}}}});
    server.route(
        "POST /flow/start",
        [Reply { headers: vec![("X-DF-Response-Type", "step")], ..reply(200, waiting) }],
    );
    server.route("GET /flow/status", [reply(503, Value::Null), reply(503, Value::Null)]);
    server.route("POST /flow/failed", [reply(200, json!({"ended": true}))]);
    let origin = serve(server.clone()).await;
    let authority = origin.trim_start_matches("http://");
    let start = format!(
        "http://user:SECRET-PASS@{authority}/flow/start?token=SECRET-QUERY&X-Amz-Credential=SECRET-AMZ"
    );
    let config = flow_runtime::RuntimeConfig::builder()
        .default_header("Authorization", "Bearer SECRET-AUTH")
        .default_header("X-Api-Key", "SECRET-KEY")
        .build()
        .unwrap();
    let (flow, mut events) = FlowBuilder::post(start, None).config(config).start().unwrap();
    let all = until_end(&mut events).await;
    assert_eq!(flow.finished().await, Terminal::Exited(json!({"ended": true})));
    assert!(server.seen.lock().unwrap()[0].headers["authorization"] == "Bearer SECRET-AUTH", "really sent");

    // Steps are the server's content, shown to the host as sent; every
    // other event, the logs and the handle are dflow's own output.
    let own: Vec<&FlowEvent> = all.iter().filter(|e| !matches!(e, FlowEvent::StepShown { .. })).collect();
    assert!(own.iter().any(|e| matches!(e, FlowEvent::PollingFailed { .. })));
    let printed = format!("{}\n{own:?}\n{flow:?}", String::from_utf8_lossy(&capture.0.lock().unwrap()));
    assert!(printed.contains("[redacted]"), "URLs are in the trace, redacted");
    for secret in [
        "SECRET-PASS",
        "SECRET-QUERY",
        "SECRET-AMZ",
        "SECRET-AUTH",
        "SECRET-KEY",
        "SECRET-POLL",
        "SECRET-SIG",
    ] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }
}
