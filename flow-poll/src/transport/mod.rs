//! The pluggable HTTP layer: [`Transport`] takes an [`HttpRequest`] and
//! returns an [`HttpResponse`] or a typed [`TransportError`].
//!
//! Hosts bring their own HTTP stack by implementing [`Transport`]; the
//! default is [`ReqwestTransport`](crate::ReqwestTransport). Tests and the
//! conformance runner use [`ScriptedTransport`](crate::transport::scripted::ScriptedTransport).
//!
//! Header values that carry secrets are marked sensitive
//! ([`http::HeaderValue::set_sensitive`]), so every `Debug` of a request,
//! a header map or an error prints `Sensitive` instead of the value.

pub(crate) mod host_limit;
pub(crate) mod redirect;
pub mod reqwest;
pub mod scripted;

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use thiserror::Error;
use url::Url;

/// One HTTP request, ready to send.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: Url,
    /// The headers (secret values are marked sensitive).
    pub headers: HeaderMap,
    /// The body (JSON for Dynamic Flow), if any.
    pub body: Option<Bytes>,
    /// The longest the whole exchange (connect, headers, body) may take.
    pub timeout: Option<Duration>,
    /// Headers that may only go to this request's origin: a transport that
    /// follows a redirect to another origin drops them (with every
    /// sensitive header). [`HttpClient`](crate::HttpClient) lists here the
    /// default headers it added for the flow's origin.
    pub scoped_headers: Vec<http::HeaderName>,
}

impl HttpRequest {
    /// A request with no headers, body or timeout.
    pub fn new(method: Method, url: Url) -> Self {
        HttpRequest {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            scoped_headers: Vec::new(),
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &crate::redact::redact_url_all_query(&self.url))
            .field("headers", &crate::redact::RedactedHeaders(&self.headers))
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("timeout", &self.timeout)
            .field("scoped_headers", &self.scoped_headers)
            .finish()
    }
}

/// One HTTP response, body read in full (up to the configured cap).
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status (after redirects were followed).
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with a status, no headers and a body.
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        HttpResponse { status, headers: HeaderMap::new(), body: body.into() }
    }

    /// A header's value as text (first value; `None` when absent or not text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &crate::redact::RedactedHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Why a request got no HTTP response.
///
/// URLs in these errors have their query values and credentials redacted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TransportError {
    /// No connection could be made (DNS, refused, TLS, unreachable origin).
    #[error("could not connect to {url}: {message}")]
    Connect {
        /// The (redacted) URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The exchange outlived its timeout.
    #[error("request to {url} timed out after {after:?}")]
    Timeout {
        /// The (redacted) URL.
        url: String,
        /// The timeout that was exceeded.
        after: Duration,
    },
    /// The body was larger than the configured cap.
    #[error("response body from {url} exceeds the {limit}-byte limit")]
    BodyTooLarge {
        /// The (redacted) URL.
        url: String,
        /// The cap in bytes.
        limit: usize,
    },
    /// The connection broke (reset, unreadable body, protocol error).
    #[error("connection to {url} failed: {message}")]
    Io {
        /// The (redacted) URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The request could not be built (bad header, unsupported URL scheme).
    #[error("invalid request to {url}: {message}")]
    InvalidRequest {
        /// The (redacted) URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// A redirect was refused: a target that is not http(s), a `Location`
    /// that is not a URL, or a 307/308 that would resend the body to
    /// another origin.
    #[error("redirect from {url} refused: {message}")]
    Redirect {
        /// The (redacted) URL that answered with the redirect.
        url: String,
        /// Why.
        message: String,
    },
}

impl TransportError {
    /// Whether this was a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, TransportError::Timeout { .. })
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(self, TransportError::Connect { .. })
    }

    /// The URL the error names (as the transport wrote it).
    pub fn url(&self) -> &str {
        match self {
            TransportError::Connect { url, .. }
            | TransportError::Timeout { url, .. }
            | TransportError::BodyTooLarge { url, .. }
            | TransportError::Io { url, .. }
            | TransportError::InvalidRequest { url, .. }
            | TransportError::Redirect { url, .. } => url,
        }
    }

    /// The same error naming `url` instead: a caller that knows how the URL
    /// must be shown (redacted by its own configuration) says so, whatever
    /// the transport wrote.
    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        match &mut self {
            TransportError::Connect { url: at, .. }
            | TransportError::Timeout { url: at, .. }
            | TransportError::BodyTooLarge { url: at, .. }
            | TransportError::Io { url: at, .. }
            | TransportError::InvalidRequest { url: at, .. }
            | TransportError::Redirect { url: at, .. } => *at = url.into(),
        }
        self
    }
}

/// The HTTP stack the runtime sends requests through.
///
/// Implementations must honour [`HttpRequest::timeout`] (with `tokio::time`,
/// so paused-time tests stay virtual), follow redirects, and cap the body
/// size; they must never panic on what a server sends.
///
/// ```
/// use flow_poll::transport::{HttpRequest, HttpResponse, Transport, TransportError};
///
/// #[derive(Debug)]
/// struct AlwaysTeapot;
///
/// #[async_trait::async_trait]
/// impl Transport for AlwaysTeapot {
///     async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
///         Ok(HttpResponse::new(http::StatusCode::IM_A_TEAPOT, ""))
///     }
/// }
/// ```
#[async_trait]
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request and reads the whole response.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// The same as [`send`](Self::send), for a request the caller keeps (a
    /// poll loop sends the same request again and again). The default sends
    /// a copy; a transport that only reads the request overrides it and saves
    /// that copy.
    async fn send_ref(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send(request.clone()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_request_hides_secret_headers_credentials_and_query_values() {
        let url = Url::parse("https://user:pw@flow.example/s?token=s3cret&id=7").unwrap();
        let mut request = HttpRequest::new(Method::GET, url);
        request.headers.insert("authorization", "Bearer abc123".parse().unwrap());
        request.headers.insert("accept", "application/json".parse().unwrap());
        let text = format!("{request:?}");
        for secret in ["abc123", "s3cret", ":pw@", "=7"] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
        assert!(text.contains("application/json"), "{text}");
    }
}
