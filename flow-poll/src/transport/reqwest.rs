//! [`ReqwestTransport`]: the default [`Transport`], on `reqwest` (rustls,
//! connection pooling, gzip).
//!
//! * Redirects are followed here, not by reqwest, up to [`MAX_REDIRECTS`]
//!   hops, re-deciding at every hop what the request carries (see
//!   [`redirect`](super::redirect): scoped and sensitive headers never
//!   follow a redirect to another origin, a 307/308 never resends a body
//!   there, non-http(s) targets are refused).
//! * At most [`RuntimeConfig::max_requests_per_host`] requests are in
//!   flight to one host (scheme, host, port) at a time; the others wait
//!   their turn, first come first served, and their wait already counts
//!   against their timeout (a request still queued when it passes fails with
//!   [`TransportError::Timeout`] and is never sent). A turn lasts until the
//!   body is read; each hop of a redirect chain takes a turn at its own host.
//! * The whole exchange (queueing, connect, headers, body) is bounded by
//!   [`HttpRequest::timeout`] with `tokio::time::timeout`.
//! * The body is read chunk by chunk and the read stops with
//!   [`TransportError::BodyTooLarge`] as soon as it passes the cap (a
//!   `Content-Length` over the cap fails before any body byte is read), so
//!   an over-cap or endless body is never buffered.
//! * Errors are [`TransportError`]s whose URLs are redacted (credentials and
//!   the configured secret query parameters); no `reqwest` type appears in
//!   them.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use thiserror::Error;
use url::Url;

use super::host_limit::HostLimits;
use super::redirect::{self, Hop};
use super::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::config::{RuntimeConfig, DEFAULT_MAX_REQUESTS_PER_HOST};
use crate::redact::redact_url_with;

/// Redirect hops followed before a request fails.
pub const MAX_REDIRECTS: usize = 10;

/// Headers reqwest and hyper may add to a request on its way out (`Host`,
/// `Accept-Encoding`, `User-Agent`, `Content-Length`).
const CLIENT_ADDED_HEADERS: usize = 4;

/// The HTTP client could not be built (e.g. no TLS backend).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("could not build the HTTP client: {message}")]
#[non_exhaustive]
pub struct TransportInitError {
    /// What went wrong.
    pub message: String,
}

/// The default transport (see the module docs). Cheap to clone: clones share
/// the connection pool and the per-host caps.
///
/// ```
/// use std::sync::Arc;
/// use flow_poll::{HttpClient, ReqwestTransport, RuntimeConfig};
///
/// let config = Arc::new(RuntimeConfig::builder().max_body_bytes(1 << 20).max_requests_per_host(16).build()?);
/// let transport = ReqwestTransport::new(&config)?;
/// assert_eq!(transport.max_body_bytes(), 1 << 20);
/// assert_eq!(transport.max_requests_per_host(), 16);
/// let base = url::Url::parse("https://flow.example/").unwrap();
/// let client = HttpClient::new(Arc::new(transport), config, base);
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ReqwestTransport {
    client: ::reqwest::Client,
    max_body: usize,
    sensitive_query: Arc<[String]>,
    limits: Arc<HostLimits>,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport").field("max_body_bytes", &self.max_body).finish_non_exhaustive()
    }
}

impl ReqwestTransport {
    /// A transport for `config`: its user agent, body cap, per-host cap and
    /// secret query parameters (default headers and timeouts are applied per request by
    /// [`HttpClient`](crate::HttpClient)).
    pub fn new(config: &RuntimeConfig) -> Result<Self, TransportInitError> {
        let client = ::reqwest::Client::builder()
            .use_rustls_tls()
            .gzip(true)
            // Redirects are followed by `send`, hop by hop.
            .redirect(::reqwest::redirect::Policy::none())
            .user_agent(config.user_agent())
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| TransportInitError { message: describe(&e) })?;
        Ok(ReqwestTransport {
            client,
            max_body: config.max_body_bytes(),
            sensitive_query: config.sensitive_query_params().into(),
            limits: Arc::new(HostLimits::new(config.max_requests_per_host())),
        })
    }

    /// A transport over a client the host built (its pool, proxy and TLS
    /// settings), with a body cap of `max_body_bytes` and the default
    /// per-host cap ([`DEFAULT_MAX_REQUESTS_PER_HOST`]). Build that client
    /// with `redirect::Policy::none()`: redirects it follows itself skip
    /// the per-hop header rules.
    pub fn with_client(client: ::reqwest::Client, max_body_bytes: usize) -> Self {
        ReqwestTransport {
            client,
            max_body: max_body_bytes,
            sensitive_query: Arc::from([]),
            limits: Arc::new(HostLimits::new(DEFAULT_MAX_REQUESTS_PER_HOST)),
        }
    }

    /// The same transport with at most `limit` requests in flight to one
    /// host (see [`RuntimeConfig::max_requests_per_host`]; 0 counts as 1).
    /// Clones made before this call keep their own cap.
    #[must_use]
    pub fn with_max_requests_per_host(mut self, limit: usize) -> Self {
        self.limits = Arc::new(HostLimits::new(limit));
        self
    }

    /// The most requests in flight to one host at a time.
    pub fn max_requests_per_host(&self) -> usize {
        self.limits.per_host()
    }

    /// The same transport, redacting these query parameters in errors.
    #[must_use]
    pub fn with_sensitive_query_params(mut self, names: &[String]) -> Self {
        self.sensitive_query = names.into();
        self
    }

    /// The largest body accepted, in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body
    }

    fn redact(&self, url: &Url) -> String {
        redact_url_with(url, &self.sensitive_query)
    }

    /// Sends `request` and its whole answer, bounded by its timeout.
    async fn deliver(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        // The timeout bounds the whole chain of hops, queueing included.
        match request.timeout {
            Some(limit) => match tokio::time::timeout(limit, self.exchange(request)).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::Timeout { url: self.redact(&request.url), after: limit }),
            },
            None => self.exchange(request).await,
        }
    }

    /// Sends `request`, following redirects hop by hop (the request is
    /// copied only when a redirect changes it).
    async fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut request = Cow::Borrowed(request);
        let mut first = None;
        let mut hops = 0;
        loop {
            let response = self.exchange_once(&request).await?;
            if !response.status.is_redirection() {
                return Ok(response);
            }
            // The chain's first origin, worked out once a redirect comes.
            let first = first.get_or_insert_with(|| request.url.origin());
            let has_body = request.body.is_some();
            match redirect::next_hop(
                response.status,
                &response.headers,
                &request.method,
                has_body,
                &request.url,
                first,
            ) {
                Ok(Hop::Final) => return Ok(response),
                Ok(Hop::Follow(next)) => {
                    hops += 1;
                    if hops > MAX_REDIRECTS {
                        return Err(TransportError::Io {
                            url: self.redact(&request.url),
                            message: format!("too many redirects (more than {MAX_REDIRECTS} hops)"),
                        });
                    }
                    tracing::debug!(
                        status = response.status.as_u16(),
                        to = %crate::redact::RedactedUrlWith(&next.url, &self.sensitive_query),
                        cross_origin = next.cross_origin,
                        "following a redirect"
                    );
                    redirect::apply(request.to_mut(), next);
                }
                Err(refusal) => return Err(redirect::refused(self.redact(&request.url), &refusal)),
            }
        }
    }

    /// One request and its whole answer (no redirect followed), once the
    /// host's cap gives it a turn.
    async fn exchange_once(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = &request.url;
        let timeout = request.timeout;
        let Some(_turn) = self.limits.turn(url).await else {
            // The caps are never closed; say so rather than panic.
            let message = "the per-host request cap was closed".to_owned();
            return Err(TransportError::Io { url: self.redact(url), message });
        };
        let outgoing = if url.username().is_empty() && url.password().is_none() {
            let mut outgoing = ::reqwest::Request::new(request.method.clone(), url.clone());
            // Room for the headers the client adds on the way (`Host`,
            // `Accept-Encoding`, ...): a clone has none, and growing the map
            // there costs a reallocation per request.
            let headers = outgoing.headers_mut();
            headers.reserve(request.headers.len() + CLIENT_ADDED_HEADERS);
            for (name, value) in &request.headers {
                headers.append(name.clone(), value.clone());
            }
            *outgoing.body_mut() = request.body.clone().map(::reqwest::Body::from);
            outgoing
        } else {
            // Through the builder: it moves URL credentials into Basic auth,
            // so they never reach the connection layer (or its logs).
            let mut builder =
                self.client.request(request.method.clone(), url.clone()).headers(request.headers.clone());
            if let Some(body) = &request.body {
                builder = builder.body(body.clone());
            }
            builder.build().map_err(|e| self.error(e, url, timeout))?
        };
        let mut response = self.client.execute(outgoing).await.map_err(|e| self.error(e, url, timeout))?;
        let limit = self.max_body;
        if response.content_length().is_some_and(|len| len > limit as u64) {
            return Err(TransportError::BodyTooLarge { url: self.redact(url), limit });
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let mut body = BodyBuffer::default();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.error(e, url, timeout))? {
            if !body.push(chunk, limit) {
                return Err(TransportError::BodyTooLarge { url: self.redact(url), limit });
            }
        }
        Ok(HttpResponse { status, headers, body: body.finish() })
    }

    fn error(&self, error: ::reqwest::Error, url: &Url, timeout: Option<Duration>) -> TransportError {
        let error = error.without_url();
        let url = self.redact(url);
        let message = describe(&error);
        if error.is_timeout() {
            TransportError::Timeout { url, after: timeout.unwrap_or_default() }
        } else if error.is_connect() {
            TransportError::Connect { url, message }
        } else if error.is_builder() {
            TransportError::InvalidRequest { url, message }
        } else {
            TransportError::Io { url, message }
        }
    }
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.deliver(&request).await
    }

    async fn send_ref(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.deliver(request).await
    }
}

/// Body bytes read so far: one chunk is kept as is, more are copied into
/// one buffer.
#[derive(Default)]
struct BodyBuffer {
    first: Option<Bytes>,
    rest: Option<BytesMut>,
    len: usize,
}

impl BodyBuffer {
    /// Adds a chunk; `false` when the body would pass `limit`.
    fn push(&mut self, chunk: Bytes, limit: usize) -> bool {
        let Some(len) = self.len.checked_add(chunk.len()).filter(|len| *len <= limit) else {
            return false;
        };
        self.len = len;
        match (&mut self.first, &mut self.rest) {
            (None, None) => self.first = Some(chunk),
            (Some(first), None) => {
                let mut buffer = BytesMut::with_capacity(first.len() + chunk.len());
                buffer.extend_from_slice(first);
                buffer.extend_from_slice(&chunk);
                self.first = None;
                self.rest = Some(buffer);
            }
            (_, Some(buffer)) => buffer.extend_from_slice(&chunk),
        }
        true
    }

    fn finish(self) -> Bytes {
        match (self.first, self.rest) {
            (_, Some(buffer)) => buffer.freeze(),
            (Some(first), None) => first,
            (None, None) => Bytes::new(),
        }
    }
}

/// The error and its causes, `: `-separated (no URL: callers strip it).
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_buffer_keeps_one_chunk_and_joins_more() {
        let mut body = BodyBuffer::default();
        assert!(body.push(Bytes::from_static(b"abc"), 10));
        assert_eq!(body.finish(), Bytes::from_static(b"abc"));

        let mut body = BodyBuffer::default();
        for part in [&b"ab"[..], b"cd", b"ef"] {
            assert!(body.push(Bytes::copy_from_slice(part), 6));
        }
        assert_eq!(body.finish(), Bytes::from_static(b"abcdef"));
    }

    #[test]
    fn body_buffer_refuses_past_the_cap() {
        let mut body = BodyBuffer::default();
        assert!(body.push(Bytes::from_static(b"12345"), 6));
        assert!(!body.push(Bytes::from_static(b"67"), 6));
        assert!(BodyBuffer::default().finish().is_empty());
    }

    #[test]
    fn transport_is_send_sync_and_debug_hides_the_client() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<ReqwestTransport>();
        let transport = ReqwestTransport::new(&RuntimeConfig::default()).unwrap();
        assert_eq!(format!("{transport:?}"), "ReqwestTransport { max_body_bytes: 10485760, .. }");
    }
}
