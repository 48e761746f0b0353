//! Redirects against two real servers on 127.0.0.1 (two ports: two
//! origins). Headers the client scoped to the flow's origin and sensitive
//! headers never reach another origin, whatever the status; a same-origin
//! redirect keeps them; 307/308 keep method and body only to the same
//! origin; non-http(s) targets are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

use flow_poll::transport::{HttpRequest, Transport, TransportError};
use flow_poll::{HttpClient, ReqwestTransport, RuntimeConfig};

/// What a server received.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<Seen>>>);

impl Log {
    fn all(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }
}

/// `/to/{status}/{target}` answers `status` with `Location: target`
/// (`target` is `other` for the other server's `/landed`, `same` for this
/// one's, `file` for a file URL); anything else answers 200 and is logged.
async fn serve(log: Log, other: Arc<Mutex<String>>) -> String {
    async fn handle(
        State((log, other)): State<(Log, Arc<Mutex<String>>)>,
        method: Method,
        Path(path): Path<String>,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        log.0.lock().unwrap().push(Seen { method, path: path.clone(), headers, body });
        let parts: Vec<&str> = path.split('/').collect();
        if let ["to", status, target] = parts[..] {
            let location = match target {
                "other" => format!("{}/landed", other.lock().unwrap()),
                "same" => "/landed".to_owned(),
                _ => "file:///etc/passwd".to_owned(),
            };
            let status = StatusCode::from_u16(status.parse().unwrap()).unwrap();
            return (status, [("location", location)]).into_response();
        }
        (StatusCode::OK, "landed").into_response()
    }
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = Router::new().route("/{*path}", any(handle)).with_state((log, other));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

struct Servers {
    a: String,
    a_log: Log,
    b: String,
    b_log: Log,
}

async fn servers() -> Servers {
    let (a_log, b_log) = (Log::default(), Log::default());
    let (to_b, to_a) = (Arc::new(Mutex::new(String::new())), Arc::new(Mutex::new(String::new())));
    let a = serve(a_log.clone(), to_b.clone()).await;
    let b = serve(b_log.clone(), to_a.clone()).await;
    *to_b.lock().unwrap() = b.clone();
    *to_a.lock().unwrap() = a.clone();
    Servers { a, a_log, b, b_log }
}

/// A client for a flow on `base` with a scoped API key and tenant header.
fn client(base: &str) -> (HttpClient, Arc<ReqwestTransport>) {
    let config = RuntimeConfig::builder()
        .default_header("X-Api-Key", "KEY-123")
        .default_header("X-Tenant", "TENANT-9")
        .request_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let transport = Arc::new(ReqwestTransport::new(&config).unwrap());
    let client = HttpClient::new(transport.clone(), Arc::new(config), url::Url::parse(base).unwrap());
    (client, transport)
}

fn request(
    client: &HttpClient,
    method: http::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> HttpRequest {
    let mut request = client.request(method, client.resolve(path).unwrap(), body.as_ref(), None);
    request.headers.insert("authorization", "Bearer TOKEN-7".parse().unwrap());
    request
}

fn has(seen: &Seen, name: &str) -> bool {
    seen.headers.contains_key(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scoped_and_sensitive_headers_never_follow_a_redirect_to_another_origin() {
    let s = servers().await;
    let (client, transport) = client(&s.a);
    for status in [301, 302, 303, 307, 308] {
        let response =
            transport.send(request(&client, http::Method::GET, &format!("/to/{status}/other"), None)).await;
        assert_eq!(response.unwrap().status.as_u16(), 200, "{status}");
    }
    let first = s.a_log.all();
    assert_eq!(first.len(), 5);
    assert!(first.iter().all(|r| has(r, "x-api-key") && has(r, "x-tenant") && has(r, "authorization")));
    let landed = s.b_log.all();
    assert_eq!(landed.len(), 5, "each redirect reached the other origin");
    for seen in &landed {
        assert_eq!(seen.path, "landed");
        for secret in ["x-api-key", "x-tenant", "authorization"] {
            assert!(!has(seen, secret), "{secret} followed a redirect to another origin: {:?}", seen.headers);
        }
        assert!(has(seen, "accept"), "harmless headers still go");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_same_origin_redirect_keeps_the_headers() {
    let s = servers().await;
    let (client, transport) = client(&s.a);
    for status in [302, 307] {
        let response =
            transport.send(request(&client, http::Method::GET, &format!("/to/{status}/same"), None)).await;
        assert_eq!(response.unwrap().status.as_u16(), 200);
    }
    let seen = s.a_log.all();
    assert_eq!(seen.iter().filter(|r| r.path == "landed").count(), 2);
    assert!(seen.iter().all(|r| has(r, "x-api-key") && has(r, "x-tenant") && has(r, "authorization")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn methods_and_bodies_across_redirects() {
    let s = servers().await;
    let (client, transport) = client(&s.a);
    let body = serde_json::json!({"card": "4111"});
    // 307/308 to the same origin: method and body kept.
    for status in [307, 308] {
        let sent = request(&client, http::Method::POST, &format!("/to/{status}/same"), Some(body.clone()));
        transport.send(sent).await.unwrap();
    }
    let landed: Vec<Seen> = s.a_log.all().into_iter().filter(|r| r.path == "landed").collect();
    assert!(landed.iter().all(|r| r.method == Method::POST && r.body == body.to_string()), "{landed:?}");
    // 307/308 with a body to another origin: refused, nothing sent there.
    for status in [307, 308] {
        let sent = request(&client, http::Method::POST, &format!("/to/{status}/other"), Some(body.clone()));
        let error = transport.send(sent).await.unwrap_err();
        assert!(
            matches!(error, TransportError::Redirect { ref message, .. } if message.contains("another origin")),
            "{error:?}"
        );
    }
    assert!(s.b_log.all().is_empty(), "the body never reached the other origin");
    // 302/303 after a POST: a GET without the body, also across origins.
    for status in [302, 303] {
        let sent = request(&client, http::Method::POST, &format!("/to/{status}/other"), Some(body.clone()));
        transport.send(sent).await.unwrap();
    }
    let landed = s.b_log.all();
    assert_eq!(landed.len(), 2);
    assert!(landed.iter().all(|r| r.method == Method::GET && r.body.is_empty() && !has(r, "content-type")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_scheme_is_refused_and_other_origins_never_get_scoped_headers() {
    let s = servers().await;
    let (client, transport) = client(&s.a);
    let error = transport.send(request(&client, http::Method::GET, "/to/302/file", None)).await.unwrap_err();
    assert!(
        matches!(error, TransportError::Redirect { ref message, .. } if message.contains("\"file\"")),
        "{error:?}"
    );
    // A poll URL on another origin (the step names it): no scoped header at all.
    let elsewhere =
        client.request(http::Method::GET, client.resolve(&format!("{}/status", s.b)).unwrap(), None, None);
    transport.send(elsewhere).await.unwrap();
    let seen = s.b_log.all();
    assert_eq!(seen.len(), 1);
    assert!(!has(&seen[0], "x-api-key") && !has(&seen[0], "x-tenant"));
}
