//! [`HttpClient`]: turns protocol intents (GET this relative URL, POST these
//! values) into [`HttpRequest`]s — URL resolution against the flow's base
//! (RFC 3986), `Accept`/`Content-Type`, user agent, default headers scoped
//! to the right origins — and sends them through the [`Transport`].

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::Method;
use thiserror::Error;
use url::Url;

use crate::config::{HeaderScope, RuntimeConfig};
use crate::redact::{redact_url_with, RedactedUrlWith};
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

/// A URL reference that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum UrlError {
    /// The reference does not resolve against the base URL.
    #[error("cannot resolve URL {reference:?} against {base}: {message}")]
    Unresolvable {
        /// The reference as the server sent it.
        reference: String,
        /// The (redacted) base URL.
        base: String,
        /// What was wrong.
        message: String,
    },
    /// The resolved URL is not http or https.
    #[error("URL {url} has unsupported scheme {scheme:?} (only http and https)")]
    UnsupportedScheme {
        /// The (redacted) resolved URL.
        url: String,
        /// Its scheme.
        scheme: String,
    },
}

/// Sends the flow's requests: one per flow, cheap to clone, `Send + Sync`.
///
/// ```
/// use std::sync::Arc;
/// use flow_poll::{HttpClient, RuntimeConfig};
/// use flow_poll::transport::scripted::ScriptedTransport;
///
/// let base = url::Url::parse("https://flow.example/app/v1/").unwrap();
/// let transport = Arc::new(ScriptedTransport::new(&base));
/// let client = HttpClient::new(transport, Arc::new(RuntimeConfig::default()), base);
/// assert_eq!(client.resolve("status?id=1")?.as_str(), "https://flow.example/app/v1/status?id=1");
/// assert_eq!(client.resolve("/x")?.as_str(), "https://flow.example/x");
/// assert!(client.resolve("ftp://flow.example/").is_err());
/// # Ok::<(), flow_poll::UrlError>(())
/// ```
#[derive(Debug, Clone)]
pub struct HttpClient {
    transport: Arc<dyn Transport>,
    config: Arc<RuntimeConfig>,
    base: Url,
}

impl HttpClient {
    /// A client for a flow whose relative URLs resolve against `base`.
    pub fn new(transport: Arc<dyn Transport>, config: Arc<RuntimeConfig>, base: Url) -> Self {
        HttpClient { transport, config, base }
    }

    /// The base URL relative references resolve against.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The configuration.
    pub fn config(&self) -> &RuntimeConfig {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// The same client with another base URL (e.g. for a subflow).
    pub fn with_base(&self, base: Url) -> Self {
        HttpClient { transport: self.transport.clone(), config: self.config.clone(), base }
    }

    /// Resolves a reference (absolute or relative) against the base, per RFC 3986.
    pub fn resolve(&self, reference: &str) -> Result<Url, UrlError> {
        let url = self.base.join(reference.trim()).map_err(|e| UrlError::Unresolvable {
            reference: reference.to_owned(),
            base: self.redact(&self.base),
            message: e.to_string(),
        })?;
        match url.scheme() {
            "http" | "https" => Ok(url),
            other => Err(UrlError::UnsupportedScheme { url: self.redact(&url), scheme: other.to_owned() }),
        }
    }

    /// A URL as it may be printed (credentials and secret query values redacted).
    pub fn redact(&self, url: &Url) -> String {
        redact_url_with(url, self.config.sensitive_query_params())
    }

    /// Builds a request: `Accept: application/json`, the user agent, the
    /// default headers when `url` is in scope, and a JSON body with
    /// `Content-Type: application/json` when `json` is given.
    pub fn request(
        &self,
        method: Method,
        url: Url,
        json: Option<&serde_json::Value>,
        timeout: Option<Duration>,
    ) -> HttpRequest {
        let mut request = HttpRequest::new(method, url);
        let in_scope = self.in_header_scope(&request.url);
        // Room for exactly these headers: a poll loop keeps its request for
        // its whole life, and the map's default first growth is six entries.
        let defaults = if in_scope { self.config.default_headers().len() } else { 0 };
        let agent = self.config.user_agent_header();
        request.headers = HeaderMap::with_capacity(
            1 + usize::from(agent.is_some()) + defaults + usize::from(json.is_some()),
        );
        request.headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(agent) = agent {
            request.headers.insert(USER_AGENT, agent.clone());
        }
        if in_scope {
            for (name, value) in self.config.default_headers() {
                request.headers.append(name.clone(), value.clone());
            }
            // Scoped to an origin: never carried along a redirect elsewhere.
            if !matches!(self.config.header_scope(), HeaderScope::AllOrigins) {
                request.scoped_headers = self.config.default_headers().keys().cloned().collect();
            }
        }
        if let Some(json) = json {
            request.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            request.body = Some(Bytes::from(json.to_string()));
        }
        self.config.sensitive_headers().mark(&mut request.headers);
        request.timeout = Some(timeout.unwrap_or(self.config.request_timeout()));
        request
    }

    fn in_header_scope(&self, url: &Url) -> bool {
        match self.config.header_scope() {
            HeaderScope::AllOrigins => true,
            HeaderScope::FlowOrigin => same_origin(url, &self.base),
            HeaderScope::Origins(list) => {
                same_origin(url, &self.base)
                    || list.iter().filter_map(|o| Url::parse(o).ok()).any(|o| same_origin(&o, url))
            }
        }
    }

    /// Sends a request through the transport, inside a tracing span that
    /// names the method and the redacted URL.
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let span = self.span(&request);
        crate::trace::in_span(span, Self::traced(self.transport.send(request))).await
    }

    /// The same as [`send`](Self::send) for a request the caller keeps (see
    /// [`Transport::send_ref`]): a poll loop sends its request this way,
    /// without a copy per attempt when the transport needs none.
    pub async fn send_ref(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let span = self.span(request);
        crate::trace::in_span(span, Self::traced(self.transport.send_ref(request))).await
    }

    /// The `http` span of `request`, or none when nobody listens.
    fn span(&self, request: &HttpRequest) -> tracing::Span {
        if tracing::enabled!(tracing::Level::DEBUG) {
            let url = RedactedUrlWith(&request.url, self.config.sensitive_query_params());
            tracing::debug_span!("http", method = %request.method, url = %url)
        } else {
            tracing::Span::none()
        }
    }

    /// `exchange`, logging what it came to.
    async fn traced(
        exchange: impl std::future::Future<Output = Result<HttpResponse, TransportError>>,
    ) -> Result<HttpResponse, TransportError> {
        let result = exchange.await;
        match &result {
            Ok(response) => {
                tracing::debug!(status = response.status.as_u16(), bytes = response.body.len(), "response")
            }
            Err(error) => tracing::debug!(%error, "transport error"),
        }
        result
    }
}

/// Whether `a` and `b` have the same origin (RFC 6454), as `Url::origin`
/// compares them, without building either origin (which copies the host):
/// scheme, host and port for the schemes whose origin is that tuple; any
/// other scheme through `Url::origin`.
fn same_origin(a: &Url, b: &Url) -> bool {
    let tuple = |u: &Url| matches!(u.scheme(), "http" | "https" | "ws" | "wss" | "ftp");
    if tuple(a) && tuple(b) {
        a.scheme() == b.scheme()
            && a.host() == b.host()
            && a.port_or_known_default() == b.port_or_known_default()
    } else {
        a.origin() == b.origin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::scripted::ScriptedTransport;

    #[test]
    fn same_origin_agrees_with_url_origin() {
        let urls = [
            "https://a.example/x",
            "https://a.example:443/y?q",
            "https://A.EXAMPLE/",
            "http://a.example/",
            "https://a.example:8443/",
            "https://b.example/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "ws://a.example/",
            "ftp://a.example/",
            "file:///tmp/x",
            "data:text/plain,hi",
            "blob:https://a.example/uuid",
            "https://user:pw@a.example/",
        ];
        for a in urls {
            for b in urls {
                let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
                assert_eq!(same_origin(&a, &b), a.origin() == b.origin(), "{a} {b}");
            }
        }
    }

    fn client(scope: Option<HeaderScope>) -> HttpClient {
        let base = Url::parse("https://flow.example/app/").unwrap();
        let mut config = RuntimeConfig::builder().default_header("Authorization", "Bearer t0k3n");
        if let Some(scope) = scope {
            config = config.header_scope(scope);
        }
        HttpClient::new(Arc::new(ScriptedTransport::new(&base)), Arc::new(config.build().unwrap()), base)
    }

    fn has_auth(client: &HttpClient, url: &str) -> bool {
        let request = client.request(Method::GET, Url::parse(url).unwrap(), None, None);
        request.headers.contains_key("authorization")
    }

    // Default headers go only to the flow's origin unless the host widens the scope.
    #[test]
    fn default_headers_stay_at_the_flow_origin_unless_widened() {
        let flow_only = client(None);
        assert!(has_auth(&flow_only, "https://flow.example/app/status"));
        assert!(!has_auth(&flow_only, "https://other.example/status"), "another host");
        assert!(!has_auth(&flow_only, "http://flow.example/app/status"), "another scheme");
        assert!(!has_auth(&flow_only, "https://flow.example:8443/app/status"), "another port");
        let listed = client(Some(HeaderScope::Origins(vec!["https://api.example".to_owned()])));
        assert!(has_auth(&listed, "https://api.example/x"));
        assert!(!has_auth(&listed, "https://other.example/x"));
        assert!(has_auth(&client(Some(HeaderScope::AllOrigins)), "https://other.example/x"));
    }
}
