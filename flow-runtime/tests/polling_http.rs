//! The poll loop and [`ReqwestTransport`] against real local HTTP servers
//! (mockito, an in-process axum server, raw TCP for what servers should not
//! do): timeouts, dropped connections, body caps, non-JSON bodies, header
//! spellings, redirects, gzip, aborts; and secrets never leaking into
//! `Debug`, errors or traces.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, Response};
use flow_model::Polling;
use flow_runtime::flow::polling::{PollDecision, PollEvent, PollFailure, PollSession};
use flow_runtime::transport::{HttpRequest, Transport, TransportError};
use flow_runtime::{HttpClient, ReqwestTransport, RuntimeConfig};
use serde_json::{json, Value};
use support::Capture;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

const MIB: usize = 1024 * 1024;

fn polling(value: Value) -> Polling {
    serde_json::from_value(value).unwrap()
}

fn client_for(base: &str, config: RuntimeConfig) -> (HttpClient, Arc<ReqwestTransport>) {
    let transport = Arc::new(ReqwestTransport::new(&config).unwrap());
    let client = HttpClient::new(transport.clone(), Arc::new(config), Url::parse(base).unwrap());
    (client, transport)
}

async fn drain(session: &mut PollSession) -> Vec<PollEvent> {
    let mut events = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(20), session.next_event())
        .await
        .expect("the session must not hang")
    {
        events.push(event);
    }
    events
}

fn outcome(events: &[PollEvent]) -> PollDecision {
    match events.last() {
        Some(PollEvent::Finished(outcome)) => outcome.clone(),
        other => panic!("no Finished event: {other:?}"),
    }
}

fn errors(events: &[PollEvent]) -> Vec<Option<String>> {
    events
        .iter()
        .filter_map(|e| match e {
            PollEvent::Attempt { error, .. } => Some(error.clone()),
            _ => None,
        })
        .collect()
}

// ---- an in-process axum server that answers from a script ----

#[derive(Clone, Debug)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
}

impl Reply {
    fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply { status, headers: Vec::new(), body: body.into(), delay: Duration::ZERO }
    }
    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }
    fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Debug)]
struct Seen {
    path: String,
    headers: HeaderMap,
}

#[derive(Default, Debug)]
struct Script {
    replies: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
}

async fn scripted(State(script): State<Arc<Script>>, request: Request<Body>) -> Response<Body> {
    let path = request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
    script.seen.lock().unwrap().push(Seen { path, headers: request.headers().clone() });
    let reply = script.replies.lock().unwrap().pop_front();
    let Some(reply) = reply else {
        return Response::builder().status(599).body(Body::from("script exhausted")).unwrap();
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(*name, value);
    }
    response.body(Body::from(reply.body)).unwrap()
}

async fn script_server(replies: impl IntoIterator<Item = Reply>) -> (String, Arc<Script>) {
    let script = Arc::new(Script::default());
    script.replies.lock().unwrap().extend(replies);
    let app = axum::Router::new().fallback(scripted).with_state(script.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/"), script)
}

// ---- raw TCP servers for misbehaviour ----

async fn read_head(stream: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&byte[..n]),
        }
    }
    true
}

/// Accepts connections and hands each (with its 0-based index) to `handle`.
async fn raw_server<F, Fut>(handle: F) -> (SocketAddr, Arc<AtomicUsize>)
where
    F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let index = counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(handle(stream, index));
        }
    });
    (addr, count)
}

const EXIT_RESPONSE: &[u8] =
    b"HTTP/1.1 200 OK\r\nX-DF-Response-Type: exit\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}";

fn get(client: &HttpClient, path: &str, timeout: Duration) -> HttpRequest {
    client.request(http::Method::GET, client.resolve(path).unwrap(), None, Some(timeout))
}

// ---- the transport ----

#[tokio::test]
async fn transport_returns_status_headers_and_body_and_sends_the_client_headers() {
    let (base, script) = script_server([Reply::new(201, "hello").header("X-Custom", "yes")]).await;
    let (client, transport) =
        client_for(&base, RuntimeConfig::builder().user_agent("dflow-test/1").build().unwrap());
    let response = transport.send(get(&client, "/a?b=1", Duration::from_secs(5))).await.unwrap();
    assert_eq!(response.status.as_u16(), 201);
    assert_eq!(response.header("x-custom"), Some("yes"));
    assert_eq!(response.body.as_ref(), b"hello");
    let seen = script.seen.lock().unwrap();
    assert_eq!(seen[0].path, "/a?b=1");
    assert_eq!(seen[0].headers["accept"], "application/json");
    assert_eq!(seen[0].headers["user-agent"], "dflow-test/1");
    assert!(seen[0].headers["accept-encoding"].to_str().unwrap().contains("gzip"));
}

#[tokio::test]
async fn gzip_bodies_are_decoded() {
    const GZIP: [u8; 33] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 42, 72, 204, 76, 81, 178, 42, 41, 42, 77, 173, 5, 0, 127,
        126, 134, 150, 13, 0, 0, 0,
    ];
    let reply = Reply::new(200, GZIP.to_vec())
        .header("Content-Encoding", "gzip")
        .header("X-DF-Response-Type", "exit");
    let (base, _) = script_server([reply]).await;
    let (client, _) = client_for(&base, RuntimeConfig::default());
    let mut session =
        PollSession::start(client, &polling(json!({"url": "/s", "delay": 0, "maxAttempts": 1})));
    assert_eq!(outcome(&drain(&mut session).await), PollDecision::Exit(json!({"paid": true})));
}

#[tokio::test]
async fn slow_server_is_cut_by_the_request_timeout() {
    let (base, script) = script_server([
        Reply::new(200, "").delay(Duration::from_secs(30)),
        Reply::new(200, "").delay(Duration::from_secs(30)),
        Reply::new(200, "").delay(Duration::from_secs(30)),
    ])
    .await;
    let (client, transport) = client_for(&base, RuntimeConfig::default());
    let started = Instant::now();
    let error = transport.send(get(&client, "/slow", Duration::from_millis(200))).await.unwrap_err();
    assert_eq!(
        error,
        TransportError::Timeout { url: format!("{base}slow"), after: Duration::from_millis(200) }
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    // Through the poll loop: no `timeout` in the step → the configured default.
    let config = RuntimeConfig::builder().request_timeout(Duration::from_millis(250)).build().unwrap();
    let (client, _) = client_for(&base, config);
    let started = Instant::now();
    let mut session =
        PollSession::start(client, &polling(json!({"url": "/slow", "delay": 0, "maxAttempts": 2})));
    let events = drain(&mut session).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(outcome(&events), PollDecision::Fail(PollFailure::MaxAttempts));
    assert_eq!(session.on_error(), None);
    let errors = errors(&events);
    assert_eq!(errors.len(), 2);
    assert!(
        errors.iter().all(|e| e.as_deref().is_some_and(|e| e.contains("timed out after 250ms"))),
        "{errors:?}"
    );
    assert_eq!(script.seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_server_that_never_answers_is_cut_by_the_timeout() {
    let (addr, _) = raw_server(|mut stream, _| async move {
        read_head(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let (client, transport) = client_for(&format!("http://{addr}/"), RuntimeConfig::default());
    let error = transport.send(get(&client, "/", Duration::from_millis(150))).await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
}

#[tokio::test]
async fn dropped_connection_is_an_attempt_and_polling_goes_on() {
    let (addr, connections) = raw_server(|mut stream, index| async move {
        if !read_head(&mut stream).await {
            return;
        }
        if index > 0 {
            let _ = stream.write_all(EXIT_RESPONSE).await;
        }
        // index 0: dropped without a word.
    })
    .await;
    let base = format!("http://{addr}/");
    let (client, transport) = client_for(&base, RuntimeConfig::default());
    let mut session =
        PollSession::start(client.clone(), &polling(json!({"url": "/p", "delay": 0, "maxAttempts": 3})));
    let events = drain(&mut session).await;
    assert_eq!(outcome(&events), PollDecision::Exit(json!({"ok": true})));
    let errors = errors(&events);
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0].as_deref().is_some_and(|e| e.starts_with(&format!("connection to {base}p failed"))),
        "{errors:?}"
    );
    assert_eq!(errors[1], None);
    assert_eq!(connections.load(Ordering::SeqCst), 2);

    // The transport's own error for a dropped connection.
    let (addr, _) = raw_server(|mut stream, _| async move {
        read_head(&mut stream).await;
    })
    .await;
    let (client, _) = client_for(&format!("http://{addr}/"), RuntimeConfig::default());
    let error = transport.send(get(&client, "/", Duration::from_secs(5))).await.unwrap_err();
    assert!(matches!(error, TransportError::Io { .. }), "{error:?}");
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let (client, transport) = client_for(&format!("http://{addr}/"), RuntimeConfig::default());
    let error = transport.send(get(&client, "/x", Duration::from_secs(5))).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(error.to_string().starts_with(&format!("could not connect to http://{addr}/x: ")), "{error}");
}

// ---- body caps ----

#[tokio::test]
async fn content_length_over_the_cap_fails_before_any_body_byte() {
    let (addr, _) = raw_server(|mut stream, _| async move {
        read_head(&mut stream).await;
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", 11 * MIB);
        let _ = stream.write_all(head.as_bytes()).await;
        // Never sends the body.
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let (client, transport) = client_for(&format!("http://{addr}/"), RuntimeConfig::default());
    let started = Instant::now();
    let error = transport.send(get(&client, "/big", Duration::from_secs(30))).await.unwrap_err();
    assert_eq!(error, TransportError::BodyTooLarge { url: format!("http://{addr}/big"), limit: 10 * MIB });
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn endless_chunked_body_stops_at_the_cap_and_is_never_buffered_whole() {
    let written = Arc::new(AtomicUsize::new(0));
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<usize>();
    let done_tx = Arc::new(Mutex::new(Some(done_tx)));
    let total = written.clone();
    let (addr, _) = raw_server(move |mut stream, _| {
        let total = total.clone();
        let done_tx = done_tx.clone();
        async move {
            read_head(&mut stream).await;
            let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = vec![b'x'; 64 * 1024];
            let frame = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk, b"\r\n".to_vec()].concat();
            // Endless: stops only when the client goes away.
            while stream.write_all(&frame).await.is_ok() {
                total.fetch_add(64 * 1024, Ordering::SeqCst);
            }
            if let Some(tx) = done_tx.lock().unwrap().take() {
                let _ = tx.send(total.load(Ordering::SeqCst));
            }
        }
    })
    .await;
    let (client, transport) = client_for(&format!("http://{addr}/"), RuntimeConfig::default());
    let error = transport.send(get(&client, "/endless", Duration::from_secs(30))).await.unwrap_err();
    assert_eq!(
        error,
        TransportError::BodyTooLarge { url: format!("http://{addr}/endless"), limit: 10 * MIB }
    );
    let sent = tokio::time::timeout(Duration::from_secs(10), done_rx)
        .await
        .expect("the server must see the client hang up")
        .unwrap();
    // What the server got out before the client hung up: the cap plus what
    // the kernel's socket buffers held, nowhere near an unbounded body.
    assert!((10 * MIB..58 * MIB).contains(&sent), "{sent}");
}

#[tokio::test]
async fn a_body_at_the_cap_is_accepted_and_one_byte_more_is_not() {
    // Known length (checked up front) and chunked (checked while reading).
    let (base, _) =
        script_server([Reply::new(200, vec![b'a'; 1000]), Reply::new(200, vec![b'a'; 1001])]).await;
    let config = || RuntimeConfig::builder().max_body_bytes(1000).build().unwrap();
    let (client, transport) = client_for(&base, config());
    let ok = transport.send(get(&client, "/", Duration::from_secs(5))).await.unwrap();
    assert_eq!(ok.body.len(), 1000);
    let error = transport.send(get(&client, "/", Duration::from_secs(5))).await.unwrap_err();
    assert!(matches!(error, TransportError::BodyTooLarge { limit: 1000, .. }), "{error:?}");

    let (addr, _) = raw_server(|mut stream, index| async move {
        read_head(&mut stream).await;
        let size = if index == 0 { 1000 } else { 1001 };
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            .await;
        for part in [400, 400, size - 800] {
            let frame = [format!("{part:x}\r\n").into_bytes(), vec![b'b'; part], b"\r\n".to_vec()].concat();
            let _ = stream.write_all(&frame).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let (client, transport) = client_for(&format!("http://{addr}/"), config());
    let ok = transport.send(get(&client, "/", Duration::from_secs(5))).await.unwrap();
    assert_eq!(ok.body.as_ref(), vec![b'b'; 1000].as_slice());
    let error = transport.send(get(&client, "/", Duration::from_secs(5))).await.unwrap_err();
    assert!(matches!(error, TransportError::BodyTooLarge { limit: 1000, .. }), "{error:?}");
}

#[tokio::test]
async fn a_10_mib_plus_body_is_a_failed_attempt_and_polling_goes_on() {
    let (base, _) = script_server([
        Reply::new(200, vec![b' '; 10 * MIB + 1]),
        Reply::new(200, r#"{"done": 1}"#).header("X-DF-Response-Type", "exit"),
    ])
    .await;
    let (client, _) = client_for(&base, RuntimeConfig::default());
    let mut session =
        PollSession::start(client, &polling(json!({"url": "/p", "delay": 0, "maxAttempts": 2})));
    let events = drain(&mut session).await;
    let errors = errors(&events);
    assert!(
        errors[0].as_deref().is_some_and(|e| e.contains("exceeds the 10485760-byte limit")),
        "{errors:?}"
    );
    assert_eq!(outcome(&events), PollDecision::Exit(json!({"done": 1})));
}

// ---- bodies and headers as servers send them (mockito) ----

#[tokio::test]
async fn non_json_bodies_and_a_lower_case_header_name() {
    let mut server = mockito::Server::new_async().await;
    let busy = server
        .mock("GET", "/status")
        .with_header("content-type", "text/html")
        .with_body("<html><body>Still working…</body></html>")
        .expect(1)
        .create_async()
        .await;
    let pending =
        server.mock("GET", "/status").with_body(r#"{"status": "PENDING"}"#).expect(1).create_async().await;
    let step = server
        .mock("GET", "/status")
        .with_header("x-df-response-type", "step")
        .with_header("etag", "\"abc\"")
        .with_body(r#"{"id": "done", "title": "Done", "schemas": [], "layout": []}"#)
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client_for(&format!("{}/", server.url()), RuntimeConfig::default());
    let mut session =
        PollSession::start(client, &polling(json!({"url": "status", "delay": 0, "maxAttempts": 5})));
    let events = drain(&mut session).await;
    assert_eq!(events.len(), 4);
    match outcome(&events) {
        PollDecision::Step { step, etag } => {
            assert_eq!(step.id(), "done");
            assert_eq!(etag.as_deref(), Some("\"abc\""));
        }
        other => panic!("{other:?}"),
    }
    busy.assert_async().await;
    pending.assert_async().await;
    step.assert_async().await;
}

#[tokio::test]
async fn a_non_json_exit_body_is_a_mismatch() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/status")
        .with_header("X-DF-RESPONSE-TYPE", " Exit ")
        .with_body("thanks!")
        .create_async()
        .await;
    let (client, _) = client_for(&format!("{}/", server.url()), RuntimeConfig::default());
    let mut session =
        PollSession::start(client, &polling(json!({"url": "/status", "delay": 0, "maxAttempts": 5})));
    match outcome(&drain(&mut session).await) {
        PollDecision::Fail(PollFailure::Mismatch(message)) => {
            assert!(message.contains("not JSON"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    mock.expect(1).assert_async().await;
}

#[tokio::test]
async fn redirects_are_followed_and_a_3xx_that_is_not_followed_fails() {
    let mut server = mockito::Server::new_async().await;
    let hop = server
        .mock("GET", "/status")
        .with_status(302)
        .with_header("location", "/moved/status")
        .create_async()
        .await;
    let last = server
        .mock("GET", "/moved/status")
        .with_header("x-df-response-type", "exit")
        .with_body(r#"{"moved": true}"#)
        .create_async()
        .await;
    let (client, transport) = client_for(&format!("{}/", server.url()), RuntimeConfig::default());
    let mut session =
        PollSession::start(client.clone(), &polling(json!({"url": "status", "delay": 0, "maxAttempts": 1})));
    assert_eq!(outcome(&drain(&mut session).await), PollDecision::Exit(json!({"moved": true})));
    hop.assert_async().await;
    last.assert_async().await;

    // A 3xx reqwest does not follow (no Location) reaches the table: status.
    server.mock("GET", "/choices").with_status(300).create_async().await;
    let mut session =
        PollSession::start(client.clone(), &polling(json!({"url": "choices", "delay": 0, "maxAttempts": 3})));
    assert!(matches!(outcome(&drain(&mut session).await), PollDecision::Fail(PollFailure::Status(300))));

    // A redirect loop ends after 10 hops with a transport error.
    let looping = server
        .mock("GET", "/loop")
        .with_status(307)
        .with_header("location", "/loop")
        .expect(11)
        .create_async()
        .await;
    let error = transport.send(get(&client, "/loop", Duration::from_secs(5))).await.unwrap_err();
    assert!(
        matches!(error, TransportError::Io { ref message, .. } if message.contains("redirect")),
        "{error:?}"
    );
    looping.assert_async().await;
}

// ---- cancellation against a real server ----

async fn hang_up_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<Duration>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let (addr, _) = raw_server(move |mut stream, _| {
        let tx = tx.clone();
        async move {
            if !read_head(&mut stream).await {
                return;
            }
            let got = Instant::now();
            let mut buffer = [0u8; 16];
            // Never answers; reports when the client hangs up.
            let read = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buffer)).await;
            if matches!(read, Ok(Ok(0)) | Ok(Err(_))) {
                let _ = tx.send(got.elapsed());
            }
        }
    })
    .await;
    (format!("http://{addr}/"), rx)
}

#[tokio::test]
async fn cancel_and_drop_abort_the_request_in_flight() {
    let (base, mut hung_up) = hang_up_server().await;
    let (client, _) = client_for(&base, RuntimeConfig::default());
    let config = polling(json!({"url": "/wait", "delay": 0, "timeout": 30, "maxAttempts": 3}));

    let mut session = PollSession::start(client.clone(), &config);
    tokio::time::sleep(Duration::from_millis(200)).await;
    session.cancel();
    let after = tokio::time::timeout(Duration::from_secs(5), hung_up.recv()).await.unwrap().unwrap();
    assert!(after < Duration::from_secs(5));
    assert_eq!(session.next_event().await, None);

    let session = PollSession::start(client, &config);
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(session);
    tokio::time::timeout(Duration::from_secs(5), hung_up.recv()).await.unwrap().unwrap();
}

// ---- secrets ----

const SECRETS: [&str; 6] =
    ["SECRET-AUTH", "SECRET-COOKIE", "SECRET-SESSION", "SECRET-QUERY", "SECRET-PASS", "SECRET-SETCOOKIE"];

#[tokio::test]
async fn secrets_never_appear_in_debug_errors_or_traces() {
    let capture = Capture::default();
    let subscriber = capture.trace_subscriber();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (base, script) = script_server([
        Reply::new(200, "").header("Set-Cookie", "id=SECRET-SETCOOKIE"),
        Reply::new(200, "").delay(Duration::from_secs(30)),
        Reply::new(200, "").header("Set-Cookie", "id=SECRET-SETCOOKIE"),
    ])
    .await;
    let config = RuntimeConfig::builder()
        .default_header("Authorization", "Bearer SECRET-AUTH")
        .default_header("Cookie", "session=SECRET-COOKIE")
        .sensitive_header("X-Session")
        .default_header("X-Session", "SECRET-SESSION")
        .sensitive_query_param("token")
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let (client, transport) = client_for(&base, config.clone());
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let url = format!("http://user:SECRET-PASS@{authority}/status?token=SECRET-QUERY&page=2");
    let mut printed = Vec::new();

    let mut session =
        PollSession::start(client.clone(), &polling(json!({"url": url, "delay": 0, "maxAttempts": 2})));
    printed.push(format!("{session:?}"));
    let events = drain(&mut session).await;
    printed.push(format!("{events:?}"));
    printed.extend(errors(&events).into_iter().flatten());
    assert!(matches!(outcome(&events), PollDecision::Fail(PollFailure::MaxAttempts)));

    // The secrets were really sent.
    {
        let seen = script.seen.lock().unwrap();
        assert_eq!(seen[0].headers["authorization"], "Bearer SECRET-AUTH");
        assert_eq!(seen[0].headers["x-session"], "SECRET-SESSION");
        assert!(seen[0].path.contains("token=SECRET-QUERY"));
    }

    // Requests, responses, errors, the client and its config.
    let request = client.request(http::Method::GET, Url::parse(&url).unwrap(), None, None);
    let response = transport.send(request.clone()).await.unwrap();
    printed.push(format!("{response:?}"));
    printed.push(format!("{:?}", request.headers));
    printed.push(format!("{client:?} {config:?} {transport:?}"));
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let (refused_client, refused_transport) = client_for(&format!("http://{closed}/"), config.clone());
    let refused_url = format!("http://user:SECRET-PASS@{closed}/s?token=SECRET-QUERY");
    let refused = refused_client.request(http::Method::GET, Url::parse(&refused_url).unwrap(), None, None);
    let error = refused_transport.send(refused).await.unwrap_err();
    printed.push(format!("{error} {error:?}"));
    let mut session = PollSession::start(
        refused_client,
        &polling(json!({"url": refused_url, "delay": 0, "maxAttempts": 1})),
    );
    printed.push(format!("{:?}", drain(&mut session).await));

    let traces = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(traces.contains("poll_attempt"), "{traces}");
    assert!(traces.contains("kind=\"dynamic_flow\""), "{traces}");
    assert!(traces.contains("redacted"), "{traces}");
    printed.push(traces);
    for text in &printed {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
}
