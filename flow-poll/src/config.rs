//! [`RuntimeConfig`]: how the runtime talks HTTP (default headers and where
//! they go, timeouts, body cap, user agent, what counts as secret).

use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::HeaderMap;
use thiserror::Error;

use crate::redact::SensitiveHeaders;

/// Default per-request timeout when neither the step nor the host says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on a response body: 10 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Default cap on requests in flight to one host (scheme, host, port) through
/// one [`ReqwestTransport`](crate::ReqwestTransport): 64.
pub const DEFAULT_MAX_REQUESTS_PER_HOST: usize = 64;

/// The default `User-Agent`.
const DEFAULT_USER_AGENT: &str = concat!("dflow/", env!("CARGO_PKG_VERSION"));

/// Which requests carry the configured default headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum HeaderScope {
    /// Only requests to the flow's own origin (scheme, host, port of the base URL).
    #[default]
    FlowOrigin,
    /// Every request, whatever its origin.
    AllOrigins,
    /// The flow's origin plus these origins (`https://api.example.com`).
    Origins(Vec<String>),
}

/// A configuration problem, reported by [`RuntimeConfigBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A header name is not valid HTTP.
    #[error("invalid header name {name:?}")]
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
    /// A header value is not valid HTTP (the value itself is not repeated).
    #[error("invalid value for header {name:?}")]
    InvalidHeaderValue {
        /// The header's name.
        name: String,
    },
    /// A limit was zero.
    #[error("{what} must be greater than zero")]
    Zero {
        /// Which setting.
        what: &'static str,
    },
}

/// How the runtime talks HTTP. Build it with [`RuntimeConfig::builder`].
///
/// ```
/// use std::time::Duration;
/// use flow_poll::RuntimeConfig;
///
/// let config = RuntimeConfig::builder()
///     .default_header("Authorization", "Bearer s3cret")
///     .default_header("Accept-Language", "en-GB")
///     .request_timeout(Duration::from_secs(10))
///     .build()?;
/// assert_eq!(config.request_timeout(), Duration::from_secs(10));
/// assert!(!format!("{config:?}").contains("s3cret"));
/// # Ok::<(), flow_poll::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    default_headers: HeaderMap,
    header_scope: HeaderScope,
    request_timeout: Duration,
    max_body_bytes: usize,
    max_requests_per_host: usize,
    user_agent: String,
    /// `user_agent` as a header value, made once (`None` when it is not a
    /// valid header value).
    user_agent_header: Option<HeaderValue>,
    sensitive_headers: SensitiveHeaders,
    sensitive_query_params: Vec<String>,
    first_poll_immediately: bool,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            default_headers: HeaderMap::new(),
            header_scope: HeaderScope::default(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_requests_per_host: DEFAULT_MAX_REQUESTS_PER_HOST,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            user_agent_header: Some(HeaderValue::from_static(DEFAULT_USER_AGENT)),
            sensitive_headers: SensitiveHeaders::default(),
            sensitive_query_params: Vec::new(),
            first_poll_immediately: false,
        }
    }
}

impl RuntimeConfig {
    /// A builder starting from the defaults.
    pub fn builder() -> RuntimeConfigBuilder {
        RuntimeConfigBuilder { config: RuntimeConfig::default(), problems: Vec::new() }
    }

    /// Headers added to requests in [`RuntimeConfig::header_scope`] (values marked sensitive as configured).
    pub fn default_headers(&self) -> &HeaderMap {
        &self.default_headers
    }

    /// Which requests carry the default headers.
    pub fn header_scope(&self) -> &HeaderScope {
        &self.header_scope
    }

    /// The per-request timeout used when the step gives none.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// The largest response body accepted, in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The most requests [`ReqwestTransport`](crate::ReqwestTransport) has in
    /// flight to one host (scheme, host and port) at a time; more wait their
    /// turn, first come first served (default
    /// [`DEFAULT_MAX_REQUESTS_PER_HOST`]).
    ///
    /// A request waiting for its turn already counts against its own
    /// timeout ([`HttpRequest::timeout`](crate::transport::HttpRequest::timeout),
    /// which a poll loop also cuts to its deadline): one that is still queued
    /// when the timeout passes fails with
    /// [`TransportError::Timeout`](crate::transport::TransportError::Timeout)
    /// and is never sent.
    pub fn max_requests_per_host(&self) -> usize {
        self.max_requests_per_host
    }

    /// The `User-Agent` header value.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// [`user_agent`](Self::user_agent) as a header value (`None` when it is
    /// not a valid one).
    pub(crate) fn user_agent_header(&self) -> Option<&HeaderValue> {
        self.user_agent_header.as_ref()
    }

    /// Header names whose values are secret.
    pub fn sensitive_headers(&self) -> &SensitiveHeaders {
        &self.sensitive_headers
    }

    /// Query parameter names whose values are secret (redacted in logs and errors).
    pub fn sensitive_query_params(&self) -> &[String] {
        &self.sensitive_query_params
    }

    /// Whether Dynamic Flow polling sends its first request at once instead of
    /// one wait after the step is shown (spec §4.2 allows it; default `false`).
    pub fn first_poll_immediately(&self) -> bool {
        self.first_poll_immediately
    }
}

/// Builder for [`RuntimeConfig`]; errors are collected and reported by [`build`](Self::build).
#[derive(Debug)]
#[must_use]
pub struct RuntimeConfigBuilder {
    config: RuntimeConfig,
    problems: Vec<ConfigError>,
}

impl RuntimeConfigBuilder {
    /// Adds a default header (e.g. auth or locale).
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.problems.push(ConfigError::InvalidHeaderName { name: name.to_owned() });
            return self;
        };
        let Ok(mut header_value) = HeaderValue::from_str(value) else {
            self.problems.push(ConfigError::InvalidHeaderValue { name: name.to_owned() });
            return self;
        };
        if self.config.sensitive_headers.contains(&header_name) {
            header_value.set_sensitive(true);
        }
        self.config.default_headers.append(header_name, header_value);
        self
    }

    /// Which requests carry the default headers (default: the flow's origin only).
    pub fn header_scope(mut self, scope: HeaderScope) -> Self {
        self.config.header_scope = scope;
        self
    }

    /// The per-request timeout used when the step gives none (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        if timeout.is_zero() {
            self.problems.push(ConfigError::Zero { what: "request_timeout" });
        }
        self.config.request_timeout = timeout;
        self
    }

    /// The largest response body accepted (default 10 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        if limit == 0 {
            self.problems.push(ConfigError::Zero { what: "max_body_bytes" });
        }
        self.config.max_body_bytes = limit;
        self
    }

    /// Caps the requests in flight to one host (default
    /// [`DEFAULT_MAX_REQUESTS_PER_HOST`]; see
    /// [`RuntimeConfig::max_requests_per_host`] for how a queued request is
    /// timed).
    ///
    /// ```
    /// use flow_poll::{ConfigError, RuntimeConfig};
    ///
    /// let config = RuntimeConfig::builder().max_requests_per_host(8).build()?;
    /// assert_eq!(config.max_requests_per_host(), 8);
    /// assert_eq!(RuntimeConfig::default().max_requests_per_host(), 64);
    /// let zero = RuntimeConfig::builder().max_requests_per_host(0).build();
    /// assert_eq!(zero.unwrap_err(), ConfigError::Zero { what: "max_requests_per_host" });
    /// # Ok::<(), ConfigError>(())
    /// ```
    pub fn max_requests_per_host(mut self, limit: usize) -> Self {
        if limit == 0 {
            self.problems.push(ConfigError::Zero { what: "max_requests_per_host" });
        }
        self.config.max_requests_per_host = limit;
        self
    }

    /// The `User-Agent` value.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self.config.user_agent_header = HeaderValue::from_str(&self.config.user_agent).ok();
        self
    }

    /// Marks another header name as secret (redacted everywhere).
    pub fn sensitive_header(mut self, name: &str) -> Self {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header_name) => {
                let values: Vec<HeaderValue> = self
                    .config
                    .default_headers
                    .get_all(&header_name)
                    .iter()
                    .cloned()
                    .map(|mut v| {
                        v.set_sensitive(true);
                        v
                    })
                    .collect();
                self.config.default_headers.remove(&header_name);
                for value in values {
                    self.config.default_headers.append(header_name.clone(), value);
                }
                self.config.sensitive_headers.insert(header_name);
            }
            Err(_) => self.problems.push(ConfigError::InvalidHeaderName { name: name.to_owned() }),
        }
        self
    }

    /// Marks a query parameter name as secret (redacted in logs, errors, states).
    pub fn sensitive_query_param(mut self, name: impl Into<String>) -> Self {
        self.config.sensitive_query_params.push(name.into());
        self
    }

    /// The same as [`sensitive_query_param`](Self::sensitive_query_param),
    /// named after `dflow`'s `--redact-query` flag: the values of the query
    /// parameter `name` (case-insensitive) are printed as
    /// [`REDACTED`](crate::redact::REDACTED) in logs, errors and saved
    /// states, on top of [`DEFAULT_SENSITIVE_QUERY_PARAMS`](crate::redact::DEFAULT_SENSITIVE_QUERY_PARAMS).
    /// The request itself still carries the real value.
    ///
    /// ```
    /// use flow_poll::redact::redact_url_with;
    /// use flow_poll::RuntimeConfig;
    ///
    /// let config = RuntimeConfig::builder().redact_query("ref").build()?;
    /// let url = url::Url::parse("https://x.example/s?REF=abc123&id=7").unwrap();
    /// assert_eq!(
    ///     redact_url_with(&url, config.sensitive_query_params()),
    ///     "https://x.example/s?REF=[redacted]&id=7"
    /// );
    /// # Ok::<(), flow_poll::ConfigError>(())
    /// ```
    pub fn redact_query(self, name: impl Into<String>) -> Self {
        self.sensitive_query_param(name)
    }

    /// The same as [`sensitive_header`](Self::sensitive_header), named after
    /// `dflow`'s `--redact-header` flag: the values of the header `name`
    /// (case-insensitive) are printed as [`REDACTED`](crate::redact::REDACTED)
    /// wherever a request or response is shown, whether the header is a
    /// default header (added before or after this call) or was set on one
    /// request. The request itself still carries the real value. An invalid
    /// name is reported by [`build`](Self::build).
    ///
    /// ```
    /// use flow_poll::redact::RedactedHeaders;
    /// use flow_poll::{ConfigError, RuntimeConfig};
    ///
    /// let config = RuntimeConfig::builder()
    ///     .default_header("X-Custom", "h3ader-secret")
    ///     .redact_header("x-custom")
    ///     .build()?;
    /// assert_eq!(config.default_headers()["x-custom"], "h3ader-secret");
    /// assert!(!format!("{:?}", RedactedHeaders(config.default_headers())).contains("h3ader-secret"));
    /// assert!(!format!("{config:?}").contains("h3ader-secret"));
    ///
    /// let bad = RuntimeConfig::builder().redact_header("not a name").build();
    /// assert!(matches!(bad, Err(ConfigError::InvalidHeaderName { .. })));
    /// # Ok::<(), flow_poll::ConfigError>(())
    /// ```
    pub fn redact_header(self, name: &str) -> Self {
        self.sensitive_header(name)
    }

    /// Sends Dynamic Flow's first poll at once instead of after one wait.
    pub fn first_poll_immediately(mut self, yes: bool) -> Self {
        self.config.first_poll_immediately = yes;
        self
    }

    /// The configuration, or the first problem found.
    pub fn build(self) -> Result<RuntimeConfig, ConfigError> {
        match self.problems.into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(self.config),
        }
    }
}
