//! Test support: a [`Transport`] that hands each request to the example
//! backend's router in-process (no socket), so a whole flow runs against the
//! real backend under a paused tokio clock. Request timeouts are enforced
//! with `tokio::time`, as every transport must.

use std::time::Duration;

use async_trait::async_trait;
use axum::body::Body;
use axum::Router;
use flow_runtime::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use tower::ServiceExt;

/// Routes requests to an axum router in-process.
#[derive(Debug, Clone)]
pub(crate) struct RouterTransport {
    router: Router,
}

impl RouterTransport {
    pub(crate) fn new(router: Router) -> Self {
        RouterTransport { router }
    }
}

#[async_trait]
impl Transport for RouterTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = request.url.to_string();
        let invalid = |message: String| TransportError::InvalidRequest { url: url.clone(), message };
        let mut builder = http::Request::builder().method(request.method.clone()).uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let body = request.body.clone().map(Body::from).unwrap_or_else(Body::empty);
        let http_request = builder.body(body).map_err(|e| invalid(e.to_string()))?;
        let timeout = request.timeout.unwrap_or(Duration::from_secs(30));
        let call = async {
            let response =
                self.router.clone().oneshot(http_request).await.map_err(|e| invalid(e.to_string()))?;
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, 10 * 1024 * 1024)
                .await
                .map_err(|e| TransportError::Io { url: url.clone(), message: e.to_string() })?;
            let mut out = HttpResponse::new(parts.status, bytes);
            out.headers = parts.headers;
            Ok(out)
        };
        match tokio::time::timeout(timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout { url, after: timeout }),
        }
    }
}
