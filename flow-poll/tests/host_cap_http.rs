//! The per-host cap of `ReqwestTransport` against a real server on
//! 127.0.0.1: no more requests in flight to one host than the cap, another
//! host is not held up by it, and a queued request counts its wait against
//! its own timeout (it fails as a timeout and never reaches the server).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use tokio::sync::Notify;

use flow_poll::transport::{HttpRequest, Transport, TransportError};
use flow_poll::{ReqwestTransport, RuntimeConfig};

/// What the server saw.
#[derive(Default)]
struct Seen {
    arrived: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Wakes every held request.
    release: Notify,
    /// Requests are held until this many are in flight at once (0: held
    /// until `release`).
    hold_until: AtomicUsize,
    /// Told whenever a request arrives.
    arrival: Notify,
}

async fn slow(State(seen): State<Arc<Seen>>) -> &'static str {
    seen.arrived.fetch_add(1, Ordering::SeqCst);
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    seen.arrival.notify_waiters();
    let target = seen.hold_until.load(Ordering::SeqCst);
    if target > 0 && now >= target {
        seen.release.notify_waiters();
    } else {
        // Held until released (or, for a cap that is not honoured, never
        // long enough to matter: the test then sees too many in flight).
        let _ = tokio::time::timeout(Duration::from_secs(5), seen.release.notified()).await;
    }
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    "ok"
}

/// A server on 127.0.0.1 whose `/slow` holds requests; its port.
async fn serve(seen: Arc<Seen>) -> u16 {
    let app = Router::new().route("/slow", get(slow)).with_state(seen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    port
}

fn transport(cap: usize) -> Arc<ReqwestTransport> {
    let config = RuntimeConfig::builder().max_requests_per_host(cap).build().unwrap();
    Arc::new(ReqwestTransport::new(&config).unwrap())
}

fn get_request(url: &str, timeout: Duration) -> HttpRequest {
    let mut request = HttpRequest::new(http::Method::GET, url::Url::parse(url).unwrap());
    request.timeout = Some(timeout);
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_more_requests_in_flight_to_one_host_than_the_cap() {
    let seen = Arc::new(Seen::default());
    let port = serve(seen.clone()).await;
    let transport = transport(3);
    let url = format!("http://127.0.0.1:{port}/slow");
    let requests: Vec<_> = (0..12)
        .map(|_| {
            let (transport, url) = (transport.clone(), url.clone());
            tokio::spawn(async move { transport.send(get_request(&url, Duration::from_secs(20))).await })
        })
        .collect();
    // Three arrive; the others wait for a turn, so nothing more arrives.
    while seen.arrived.load(Ordering::SeqCst) < 3 {
        let _ = tokio::time::timeout(Duration::from_millis(20), seen.arrival.notified()).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(seen.arrived.load(Ordering::SeqCst), 3, "queued requests were sent past the cap");
    // Let them all through: nothing is held any more.
    seen.hold_until.store(1, Ordering::SeqCst);
    seen.release.notify_waiters();
    for request in requests {
        let response = request.await.unwrap().unwrap();
        assert_eq!(response.status, 200);
    }
    assert_eq!(seen.arrived.load(Ordering::SeqCst), 12);
    assert_eq!(seen.max_in_flight.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_host_is_not_held_up_by_a_busy_one() {
    let seen = Arc::new(Seen::default());
    let port = serve(seen.clone()).await;
    let transport = transport(1);
    // Two names of the same server are two hosts: each request is held
    // until both are in flight, which only a per-host cap allows.
    seen.hold_until.store(2, Ordering::SeqCst);
    let a = transport.send(get_request(&format!("http://127.0.0.1:{port}/slow"), Duration::from_secs(10)));
    let b = transport.send(get_request(&format!("http://localhost:{port}/slow"), Duration::from_secs(10)));
    let (a, b) = tokio::join!(a, b);
    assert_eq!(a.unwrap().status, 200);
    assert_eq!(b.unwrap().status, 200);
    assert_eq!(seen.max_in_flight.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_request_times_out_by_its_own_timeout_and_is_never_sent() {
    let seen = Arc::new(Seen::default());
    let port = serve(seen.clone()).await;
    let transport = transport(1);
    let url = format!("http://127.0.0.1:{port}/slow");
    let first = tokio::spawn({
        let (transport, url) = (transport.clone(), url.clone());
        async move { transport.send(get_request(&url, Duration::from_secs(20))).await }
    });
    while seen.arrived.load(Ordering::SeqCst) < 1 {
        let _ = tokio::time::timeout(Duration::from_millis(20), seen.arrival.notified()).await;
    }
    // The host's one turn is taken: this one queues, and its 200 ms run out
    // while it waits.
    let started = std::time::Instant::now();
    let queued = transport.send(get_request(&url, Duration::from_millis(200))).await;
    let waited = started.elapsed();
    match queued {
        Err(TransportError::Timeout { after, url: named }) => {
            assert_eq!(after, Duration::from_millis(200));
            assert!(named.ends_with("/slow"), "{named}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(waited < Duration::from_secs(5), "timed out after {waited:?}, not by its own timeout");
    assert_eq!(seen.arrived.load(Ordering::SeqCst), 1, "the queued request reached the server");
    // Once the first is done, the host takes requests again.
    seen.release.notify_waiters();
    assert_eq!(first.await.unwrap().unwrap().status, 200);
    seen.hold_until.store(1, Ordering::SeqCst);
    let again = transport.send(get_request(&url, Duration::from_secs(10))).await.unwrap();
    assert_eq!(again.status, 200);
    assert_eq!(seen.arrived.load(Ordering::SeqCst), 2);
}
