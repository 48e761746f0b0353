//! The host's HTTP stack as the runtime's transport: [`HostTransport`] (a
//! callback interface the app implements over OkHttp, URLSession, …) and
//! the records it exchanges.
//!
//! The host's `send` is blocking; it runs on Tokio's blocking pool, so a
//! slow host never holds up the runtime. The request's timeout is the
//! host's to apply (`timeout_ms`) and is also enforced here; a body over
//! the configured cap is refused; a failure the host raises is the
//! runtime's transport failure (a poll attempt is used, polling goes on).
//! Redirects are the host stack's business.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use flow_runtime::transport::{
    HttpRequest as RuntimeRequest, HttpResponse as RuntimeResponse, Transport, TransportError,
};

use crate::errors::TransportFailure;
use crate::foreign::Foreign;

/// One header.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// A request for the host to send.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Every header to send (repeated names repeat).
    pub headers: Vec<HttpHeader>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
    /// How long the whole exchange may take.
    pub timeout_ms: Option<u64>,
}

/// The host's answer.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: Vec<HttpHeader>,
    /// The body.
    pub body: Vec<u8>,
}

/// The host's HTTP stack (OkHttp, URLSession, urllib, …).
///
/// `send` is called on a thread of the binding's blocking pool, one call
/// per request, maybe several at once (a poll and an action). It returns
/// the response whatever its status (an error status is an answer, not a
/// failure) and raises when no response arrived: a
/// [`TransportFailure`], or any exception (read as `Failed`). Redirects are
/// the host stack's to follow; `timeout_ms` is the whole exchange's limit
/// (the binding enforces it too).
#[uniffi::export(callback_interface)]
pub trait HostTransport: Send + Sync {
    /// Sends `request` and returns the response (any status), or raises
    /// when no response arrived.
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportFailure>;
}

/// A [`HostTransport`] as the runtime's [`Transport`].
pub(crate) struct HostTransportAdapter {
    host: Arc<Foreign<dyn HostTransport>>,
    max_body_bytes: usize,
    sensitive_query: Vec<String>,
}

impl std::fmt::Debug for HostTransportAdapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostTransportAdapter").field("max_body_bytes", &self.max_body_bytes).finish()
    }
}

impl HostTransportAdapter {
    pub(crate) fn new(host: Box<dyn HostTransport>, config: &flow_runtime::RuntimeConfig) -> Self {
        HostTransportAdapter {
            host: Arc::new(Foreign::new(host)),
            max_body_bytes: config.max_body_bytes(),
            sensitive_query: config.sensitive_query_params().to_vec(),
        }
    }
}

#[async_trait]
impl Transport for HostTransportAdapter {
    async fn send(&self, request: RuntimeRequest) -> Result<RuntimeResponse, TransportError> {
        // Errors name the URL with its secrets redacted.
        let url = flow_poll::redact::redact_url_with(&request.url, &self.sensitive_query);
        let timeout = request.timeout;
        let foreign = to_foreign(&request);
        let host = self.host.clone();
        let call = tokio::task::spawn_blocking(move || {
            host.call(|h| h.send(foreign)).unwrap_or_else(|| {
                Err(TransportFailure::Failed { detail: "the host is shutting down".to_owned() })
            })
        });
        let answer = match timeout {
            Some(after) => match tokio::time::timeout(after, call).await {
                Ok(joined) => joined,
                Err(_) => return Err(TransportError::Timeout { url, after }),
            },
            None => call.await,
        };
        let response = match answer {
            Ok(Ok(response)) => response,
            Ok(Err(failure)) => return Err(failure_to_runtime(failure, url, timeout)),
            Err(joined) => {
                return Err(TransportError::Io {
                    url,
                    message: format!("the host transport panicked: {joined}"),
                })
            }
        };
        from_foreign(response, self.max_body_bytes, url)
    }
}

fn to_foreign(request: &RuntimeRequest) -> HttpRequest {
    let headers = request
        .headers
        .iter()
        .filter_map(|(name, value)| {
            value.to_str().ok().map(|v| HttpHeader { name: name.as_str().to_owned(), value: v.to_owned() })
        })
        .collect();
    HttpRequest {
        method: request.method.as_str().to_owned(),
        url: request.url.to_string(),
        headers,
        body: request.body.as_ref().map(|b| b.to_vec()),
        timeout_ms: request.timeout.map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
    }
}

fn failure_to_runtime(failure: TransportFailure, url: String, timeout: Option<Duration>) -> TransportError {
    match failure {
        TransportFailure::Connect { detail } => TransportError::Connect { url, message: detail },
        TransportFailure::Timeout { .. } => {
            TransportError::Timeout { url, after: timeout.unwrap_or_default() }
        }
        TransportFailure::Failed { detail } => TransportError::Io { url, message: detail },
    }
}

fn from_foreign(
    response: HttpResponse,
    limit: usize,
    url: String,
) -> Result<RuntimeResponse, TransportError> {
    let status = StatusCode::from_u16(response.status).map_err(|_| TransportError::InvalidRequest {
        url: url.clone(),
        message: format!("the host transport answered an invalid HTTP status {}", response.status),
    })?;
    if response.body.len() > limit {
        return Err(TransportError::BodyTooLarge { url, limit });
    }
    let mut headers = HeaderMap::new();
    for header in response.headers {
        let name = HeaderName::from_bytes(header.name.as_bytes());
        let value = HeaderValue::from_str(&header.value);
        match (name, value) {
            (Ok(name), Ok(value)) => {
                headers.append(name, value);
            }
            _ => {
                return Err(TransportError::InvalidRequest {
                    url,
                    message: format!("the host transport answered an invalid header {:?}", header.name),
                })
            }
        }
    }
    let mut answer = RuntimeResponse::new(status, Bytes::from(response.body));
    answer.headers = headers;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_failures_cross_both_ways() {
        let url = || "https://x.test/a".to_owned();
        let answer = HttpResponse {
            status: 202,
            headers: vec![
                HttpHeader { name: "X-DF-Response-Type".into(), value: "step".into() },
                HttpHeader { name: "Set-Cookie".into(), value: "a=1".into() },
                HttpHeader { name: "Set-Cookie".into(), value: "b=2".into() },
            ],
            body: b"{}".to_vec(),
        };
        let response = from_foreign(answer.clone(), 1024, url()).unwrap();
        assert_eq!(response.status.as_u16(), 202);
        assert_eq!(response.header("x-df-response-type"), Some("step"));
        assert_eq!(response.headers.get_all("set-cookie").iter().count(), 2);
        assert!(matches!(
            from_foreign(answer.clone(), 1, url()),
            Err(TransportError::BodyTooLarge { limit: 1, .. })
        ));
        let bad_status = HttpResponse { status: 1000, ..answer.clone() };
        assert!(matches!(from_foreign(bad_status, 1024, url()), Err(TransportError::InvalidRequest { .. })));
        let bad_header =
            HttpResponse { headers: vec![HttpHeader { name: "a b".into(), value: "x".into() }], ..answer };
        assert!(matches!(from_foreign(bad_header, 1024, url()), Err(TransportError::InvalidRequest { .. })));

        let connect = failure_to_runtime(TransportFailure::Connect { detail: "down".into() }, url(), None);
        assert!(connect.is_connect());
        let timeout = Some(Duration::from_secs(3));
        let timed_out =
            failure_to_runtime(TransportFailure::Timeout { detail: "slow".into() }, url(), timeout);
        assert_eq!(timed_out, TransportError::Timeout { url: url(), after: Duration::from_secs(3) });
        let other = failure_to_runtime(TransportFailure::Failed { detail: "radio off".into() }, url(), None);
        assert_eq!(other.to_string(), "connection to https://x.test/a failed: radio off");

        let mut request =
            RuntimeRequest::new(http::Method::PUT, url::Url::parse("https://x.test/a?q=1").unwrap());
        request.headers.insert("authorization", HeaderValue::from_static("Bearer t"));
        request.body = Some(Bytes::from_static(b"{\"a\":1}"));
        request.timeout = Some(Duration::from_millis(1500));
        let foreign = to_foreign(&request);
        assert_eq!((foreign.method.as_str(), foreign.url.as_str()), ("PUT", "https://x.test/a?q=1"));
        assert_eq!(foreign.headers, [HttpHeader { name: "authorization".into(), value: "Bearer t".into() }]);
        assert_eq!(foreign.body.as_deref(), Some(&b"{\"a\":1}"[..]));
        assert_eq!(foreign.timeout_ms, Some(1500));
    }
}
