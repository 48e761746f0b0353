//! [`LroBuilder`]: everything a long-running-operation poller can be told,
//! checked once by [`LroBuilder::build`]; and [`RequestSpec`], one request
//! to send (method, URL, headers, JSON body).

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use serde_json::Value;

use super::error::LroError;
use super::judge::TransientPolicy;
use super::poller::{LroPoller, Plan, ProgressCallback};
use super::preset::Preset;
use crate::backoff::{Backoff, Jitter, RetryBackoff};
use crate::client::HttpClient;
use crate::clock::{SystemClock, WallClock};
use crate::criteria::{default_success, BodyPath, Criteria, CriteriaBuilder, Unmatched};
use crate::location::PollLocation;
use crate::pacing::{Pacing, RetryAfter};
use crate::progress::{
    Progress, ProgressPointers, DEFAULT_PERCENT_POINTER, DEFAULT_STATUS_POINTER, FALLBACK_STATUS_POINTER,
};
use crate::resume::{PollState, StateStore};
use crate::transport::HttpRequest;
use crate::PollControl;

/// The deadline when none is set: five minutes.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// The first wait when none is set: one second.
pub const DEFAULT_INITIAL_DELAY: Duration = Duration::from_secs(1);

/// One request: method, URL (absolute, or relative to the client's base),
/// headers and an optional JSON body. `Debug` shows no header values and no
/// query values.
///
/// ```
/// use flow_poll::lro::RequestSpec;
/// let start = RequestSpec::post("/jobs")
///     .header("Idempotency-Key", "job-42")
///     .json(serde_json::json!({"report": "monthly"}));
/// assert_eq!(start.method(), &http::Method::POST);
/// assert_eq!(start.url(), "/jobs");
/// ```
#[derive(Clone, PartialEq)]
pub struct RequestSpec {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    json: Option<Value>,
}

/// A URL as text for `Debug`: every query value and any password hidden.
fn shown_url(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(url) => crate::redact::redact_url_all_query(&url),
        Err(_) => match text.split_once('?') {
            Some((path, _)) => format!("{path}?{}", crate::redact::REDACTED),
            None => text.to_owned(),
        },
    }
}

impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("url", &shown_url(&self.url))
            .field("header_names", &names)
            .field("json", &self.json.is_some())
            .finish()
    }
}

impl RequestSpec {
    /// A request with this method and URL.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        RequestSpec { method, url: url.into(), headers: Vec::new(), json: None }
    }

    /// A `GET`.
    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::GET, url)
    }

    /// A `POST`.
    pub fn post(url: impl Into<String>) -> Self {
        Self::new(Method::POST, url)
    }

    /// Adds a header (values of secret headers are redacted everywhere).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets a JSON body (and `Content-Type: application/json`).
    #[must_use]
    pub fn json(mut self, body: Value) -> Self {
        self.json = Some(body);
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL as given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Builds the request through `client`, with `extra` headers after its own.
    fn build(
        &self,
        client: &HttpClient,
        extra: &HeaderMap,
        timeout: Duration,
        what: &str,
    ) -> Result<HttpRequest, LroError> {
        let url =
            client.resolve(&self.url).map_err(|e| LroError::InvalidConfiguration(format!("{what}: {e}")))?;
        let mut request = client.request(self.method.clone(), url, self.json.as_ref(), Some(timeout));
        for (name, value) in extra {
            request.headers.append(name.clone(), value.clone());
            request.scoped_headers.push(name.clone());
        }
        for (name, value) in parse_headers(&self.headers, what)? {
            if let Some(name) = name {
                request.scoped_headers.push(name.clone());
                request.headers.append(name, value);
            }
        }
        // The operation's own headers never follow a redirect elsewhere either.
        client.config().sensitive_headers().mark(&mut request.headers);
        Ok(request)
    }
}

fn parse_headers(headers: &[(String, String)], what: &str) -> Result<HeaderMap, LroError> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let header = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| LroError::InvalidConfiguration(format!("{what}: invalid header name {name:?}")))?;
        let value = HeaderValue::from_str(value.trim()).map_err(|_| {
            LroError::InvalidConfiguration(format!("{what}: invalid value for header {name:?}"))
        })?;
        map.append(header, value);
    }
    Ok(map)
}

/// How the waits between polls are made.
#[derive(Debug, Clone, PartialEq)]
enum Waits {
    /// The default: exponential from the initial delay ×1.5, capped at 10 s.
    Default,
    Fixed(Duration),
    Backoff {
        initial: Duration,
        factor: f64,
        max: Duration,
    },
    Pacing(Box<Pacing>),
}

/// When progress is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ProgressMode {
    /// When the HTTP status, status string, percent or error changed (and
    /// for the first answer).
    #[default]
    OnChange,
    /// After every attempt (a heartbeat).
    EveryAttempt,
}

/// Configures an [`LroPoller`]; see the [module docs](super) for the model.
///
/// Defaults: first poll 1 s after the start (or after the start request's
/// `Retry-After`, if longer); then waits growing ×1.5 up to 10 s, ±20 %
/// jitter, `Retry-After` honoured as a floor; a 5-minute deadline, no
/// attempt limit; each request's timeout the client's; success, when no
/// success rule is given, is [`default_success`] (2xx but not 202, and not
/// a 201 naming where to poll); a `201`/`202` that does not end polling and
/// names a new URL (`Operation-Location`, `Azure-AsyncOperation`,
/// `Location`, relative to the answering URL) moves later polls there; an
/// error status (≥ 400) no rule matched ends the poll, except the transient
/// ones (408, 425, 429, 502, 503, 504) and transport errors, retried up to
/// five times in a row after [`RetryBackoff::DEFAULT`] waits (1 s ×2 up to
/// 30 s, randomised; a `Retry-After` on the failed answer wins), apart
/// from the interval; status and percent read from `/status` (else
/// `/info/status`) and `/percentComplete`; progress reported on change.
/// A [`Preset`] sets a seed system's defaults instead.
#[must_use]
pub struct LroBuilder {
    client: HttpClient,
    start: Option<RequestSpec>,
    poll: Option<RequestSpec>,
    location: Option<PollLocation>,
    poll_method: Method,
    headers: Vec<(String, String)>,
    secrets: Vec<(String, String)>,
    rules: CriteriaBuilder,
    has_success: bool,
    unmatched: Option<Unmatched>,
    initial_delay: Option<Duration>,
    waits: Waits,
    jitter: Jitter,
    seed: Option<u64>,
    retry_after: bool,
    max_attempts: Option<u32>,
    timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    transient: TransientPolicy,
    retry: RetryBackoff,
    preset: Option<Preset>,
    fresh: bool,
    status_pointer: Option<String>,
    status_pointer_set: bool,
    percent_pointer: Option<String>,
    progress_mode: ProgressMode,
    on_progress: Option<ProgressCallback>,
    control: Option<PollControl>,
    clock: Arc<dyn WallClock>,
    operation: Option<String>,
    resume: Option<PollState>,
    key: Option<String>,
    store: Option<Arc<dyn StateStore>>,
    problems: Vec<String>,
}

impl fmt::Debug for LroBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LroBuilder")
            .field("start", &self.start)
            .field("poll", &self.poll)
            .field("operation", &self.operation)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl LroBuilder {
    /// A builder sending through `client` (its transport, configuration,
    /// default headers and base URL).
    pub fn new(client: HttpClient) -> Self {
        LroBuilder {
            client,
            start: None,
            poll: None,
            location: None,
            poll_method: Method::GET,
            headers: Vec::new(),
            secrets: Vec::new(),
            rules: Criteria::builder(),
            has_success: false,
            unmatched: None,
            initial_delay: None,
            waits: Waits::Default,
            jitter: Jitter::DEFAULT,
            seed: None,
            retry_after: true,
            max_attempts: None,
            timeout: Some(DEFAULT_TIMEOUT),
            request_timeout: None,
            transient: TransientPolicy::default(),
            retry: RetryBackoff::DEFAULT,
            preset: None,
            fresh: false,
            status_pointer: Some(DEFAULT_STATUS_POINTER.to_owned()),
            status_pointer_set: false,
            percent_pointer: Some(DEFAULT_PERCENT_POINTER.to_owned()),
            progress_mode: ProgressMode::OnChange,
            on_progress: None,
            control: None,
            clock: Arc::new(SystemClock),
            operation: None,
            resume: None,
            key: None,
            store: None,
            problems: Vec::new(),
        }
    }

    // ---- what to send ----

    /// Starts the operation with this request; where to poll comes from its
    /// answer (see [`poll_location`](Self::poll_location); default: the
    /// `Operation-Location` / `Location` headers). The answer must be 2xx;
    /// its `Retry-After` delays the first poll. The start request is sent
    /// once — retried only when it never reached the server (no connection)
    /// or was refused with 429.
    pub fn start(mut self, request: RequestSpec) -> Self {
        self.start = Some(request);
        self
    }

    /// Polls this request directly (no start request).
    pub fn poll(mut self, request: RequestSpec) -> Self {
        self.poll = Some(request);
        self
    }

    /// Polls `GET url` directly.
    pub fn poll_url(self, url: impl Into<String>) -> Self {
        self.poll(RequestSpec::get(url))
    }

    /// Where the start answer says to poll.
    pub fn poll_location(mut self, location: PollLocation) -> Self {
        self.location = Some(location);
        self
    }

    /// Polls a URL filled from the start answer's body, like
    /// `/tasks/{/info/taskId}/status` (errors are reported by `build`).
    pub fn poll_url_template(mut self, template: &str) -> Self {
        match PollLocation::template(template) {
            Ok(location) => self.location = Some(location),
            Err(e) => self.problems.push(e.to_string()),
        }
        self
    }

    /// The method of poll requests after a start request (default `GET`).
    pub fn poll_method(mut self, method: Method) -> Self {
        self.poll_method = method;
        self
    }

    /// A header sent with every request (start and polls). After a start
    /// request, poll requests to another origin than the start request's or
    /// the client's base do not get these headers.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The value of a secret query parameter (or [`URL_PASSWORD`](crate::resume::URL_PASSWORD))
    /// that a resumed state had redacted.
    pub fn secret_query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.secrets.push((name.into(), value.into()));
        self
    }

    // ---- how answers are judged ----

    /// Uses these criteria's rules (after any added before). Their policy
    /// for unmatched answers is used when it is
    /// [`Unmatched::FailOnErrorStatus`]; the poller's default is that too
    /// (turn it off with [`fail_on_error_status`](Self::fail_on_error_status)).
    pub fn criteria(mut self, criteria: Criteria) -> Self {
        for rule in criteria.rules() {
            self.rules = self.rules.rule(rule.clone());
        }
        if criteria.unmatched() != Unmatched::KeepPolling {
            self.unmatched = Some(criteria.unmatched());
        }
        self.has_success = true;
        self
    }

    /// Adds a success rule as an Arazzo condition (errors reported by `build`).
    pub fn success_when(mut self, condition: &str) -> Self {
        self.rules = self.rules.success_when(condition);
        self.has_success = true;
        self
    }

    /// Adds a failure rule as an Arazzo condition.
    pub fn failure_when(mut self, condition: &str) -> Self {
        self.rules = self.rules.failure_when(condition);
        self
    }

    /// Adds a keep-polling rule as an Arazzo condition.
    pub fn keep_polling_when(mut self, condition: &str) -> Self {
        self.rules = self.rules.keep_polling_when(condition);
        self
    }

    /// Adds a success rule as an EventFilter response filter (a Trigger.dev
    /// `responseFilter`: `status`, `headers` or `header`, `body`).
    pub fn success_filter(mut self, filter: &Value) -> Self {
        self.rules = self.rules.success_filter(filter);
        self.has_success = true;
        self
    }

    /// Adds a failure rule as an EventFilter response filter.
    pub fn failure_filter(mut self, filter: &Value) -> Self {
        self.rules = self.rules.failure_filter(filter);
        self
    }

    /// Whether an unmatched answer with an error status (≥ 400, after the
    /// transient ones were retried) ends the poll as a failure (default:
    /// yes; `false` keeps polling).
    pub fn fail_on_error_status(mut self, yes: bool) -> Self {
        self.unmatched = Some(if yes { Unmatched::FailOnErrorStatus } else { Unmatched::KeepPolling });
        self
    }

    // ---- pacing ----

    /// The wait before the first poll (default 1 s), exactly: jitter spreads
    /// the later waits only. A start answer's longer `Retry-After` wins.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = Some(delay);
        self
    }

    /// A fixed wait between polls.
    pub fn interval(mut self, every: Duration) -> Self {
        self.waits = Waits::Fixed(every);
        self
    }

    /// Waits from `initial`, ×`factor` each time, capped at `max` (checked by `build`).
    pub fn backoff(mut self, initial: Duration, factor: f64, max: Duration) -> Self {
        self.waits = Waits::Backoff { initial, factor, max };
        self
    }

    /// A complete pacing, used as is (its own jitter and `Retry-After`
    /// settings; the builder's are ignored).
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.waits = Waits::Pacing(Box::new(pacing));
        self
    }

    /// The jitter (default ±20 %; [`Jitter::None`] for exact waits).
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Seeds the jitter (reproducible waits in tests).
    pub fn jitter_seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Whether `Retry-After` is honoured (default yes).
    pub fn honor_retry_after(mut self, yes: bool) -> Self {
        self.retry_after = yes;
        self
    }

    // ---- budgets ----

    /// At most `n` poll requests (default: no limit).
    pub fn max_attempts(mut self, n: u32) -> Self {
        if n == 0 {
            self.problems.push("max_attempts must be at least 1".to_owned());
        }
        self.max_attempts = Some(n);
        self
    }

    /// The deadline, from the start of the operation, request time included
    /// (default 5 minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No deadline (then set an attempt limit, or the poll can last forever).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Each request's timeout (default: the client's); the engine lowers it
    /// to the time left before the deadline.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        if timeout.is_zero() {
            self.problems.push("request_timeout must be above zero".to_owned());
        }
        self.request_timeout = Some(timeout);
        self
    }

    /// How many transient failures in a row are retried (default 5).
    pub fn max_transient_failures(mut self, n: u32) -> Self {
        self.transient = self.transient.with_max_consecutive(n);
        self
    }

    /// The transient-failure policy.
    pub fn transient_policy(mut self, policy: TransientPolicy) -> Self {
        self.transient = policy;
        self
    }

    /// How many transient failures in a row are retried (Trigger.dev's
    /// `retry.limit`; the same as
    /// [`max_transient_failures`](Self::max_transient_failures)).
    pub fn retry_limit(self, n: u32) -> Self {
        self.max_transient_failures(n)
    }

    /// The waits before retrying a transient failure (default
    /// [`RetryBackoff::DEFAULT`]); apart from the poll interval.
    pub fn retry_backoff(mut self, retry: RetryBackoff) -> Self {
        self.retry = retry;
        self
    }

    /// Sets a seed system's defaults (see [`Preset`]); call it first, as
    /// later settings override it (within the preset's ranges).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
    /// use std::sync::Arc;
    /// use std::time::Duration;
    /// use flow_poll::lro::{LroBuilder, Preset};
    /// use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
    /// use flow_poll::{HttpClient, RuntimeConfig};
    ///
    /// let base = url::Url::parse("https://jobs.example/").unwrap();
    /// let transport = Arc::new(ScriptedTransport::new(&base));
    /// transport.route("GET /jobs/1", [ScriptedReply::status(202), ScriptedReply::status(200)]);
    /// let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
    /// LroBuilder::new(client)
    ///     .preset(Preset::trigger_dev())
    ///     .poll_url("/jobs/1")
    ///     .interval(Duration::from_secs(1)) // clamped to Trigger.dev's 10 s minimum
    ///     .build::<serde_json::Value>()
    ///     .unwrap()
    ///     .await
    ///     .unwrap();
    /// let times: Vec<u64> = transport.requests().iter().map(|r| r.at.as_secs()).collect();
    /// assert_eq!(times, [0, 10]);
    /// # }
    /// ```
    pub fn preset(mut self, preset: Preset) -> Self {
        self.initial_delay = Some(preset.initial_delay());
        self.waits = Waits::Fixed(preset.interval());
        self.timeout = preset.timeout();
        self.max_attempts = preset.max_attempts();
        self.request_timeout = preset.request_timeout();
        self.jitter = preset.jitter();
        self.preset = Some(preset);
        self
    }

    // ---- progress ----

    /// Where the operation's status string is (default `/status`, and
    /// `/info/status` when that is absent; `None`: nowhere).
    pub fn status_pointer(mut self, pointer: Option<&str>) -> Self {
        self.status_pointer = pointer.map(str::to_owned);
        self.status_pointer_set = true;
        self
    }

    /// Where the percent complete is (default `/percentComplete`; `None`: nowhere).
    pub fn percent_pointer(mut self, pointer: Option<&str>) -> Self {
        self.percent_pointer = pointer.map(str::to_owned);
        self
    }

    /// When progress is reported (default: on change).
    pub fn progress_mode(mut self, mode: ProgressMode) -> Self {
        self.progress_mode = mode;
        self
    }

    /// Calls `callback` with every progress report.
    pub fn on_progress(mut self, callback: impl FnMut(&Progress) + Send + 'static) -> Self {
        self.on_progress = Some(Mutex::new(Box::new(callback)));
        self
    }

    // ---- control, time, resume ----

    /// Uses `control` (e.g. [`PollControl::with_token`] on the host's
    /// cancellation token) to cancel the poll.
    pub fn control(mut self, control: PollControl) -> Self {
        self.control = Some(control);
        self
    }

    /// The wall clock for deadlines written into states and HTTP-date
    /// `Retry-After` (default: the system's; tests use a
    /// [`VirtualClock`](crate::VirtualClock)).
    pub fn clock(mut self, clock: Arc<dyn WallClock>) -> Self {
        self.clock = clock;
        self
    }

    /// Names the operation; a saved state only resumes in a poller with the
    /// same name.
    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.operation = Some(name.into());
        self
    }

    /// Resumes from a saved state instead of starting: its poll URL, used
    /// attempts, deadline, next-poll time and `Retry-After` are kept.
    pub fn resume(mut self, state: PollState) -> Self {
        self.resume = Some(state);
        self
    }

    /// Keeps the poll's state in `store` under `key`: when a state is there
    /// the poll resumes it with the attempts and time it has left, else it
    /// starts (and saves as it goes). A finished poll is saved with its
    /// final answer ([`FinalAnswer`](crate::resume::FinalAnswer)); run again
    /// under the same key it returns that answer (or its failure) without a
    /// request, unless [`fresh`](Self::fresh).
    pub fn keyed(mut self, key: impl Into<String>, store: Arc<dyn StateStore>) -> Self {
        self.key = Some(key.into());
        self.store = Some(store);
        self
    }

    /// With [`keyed`](Self::keyed): forget any state stored under the key
    /// and start again.
    pub fn fresh(mut self, yes: bool) -> Self {
        self.fresh = yes;
        self
    }

    /// Checks everything and makes the poller (nothing is sent yet), whose
    /// result decodes as `T`.
    pub fn build<T>(self) -> Result<LroPoller<T>, LroError> {
        if let Some(problem) = self.problems.first() {
            return Err(LroError::InvalidConfiguration(problem.clone()));
        }
        let rules = if self.has_success { self.rules } else { self.rules.success(default_success()) };
        let criteria = rules.build()?.with_unmatched(self.unmatched.unwrap_or(Unmatched::FailOnErrorStatus));
        let mut request_timeout =
            self.request_timeout.unwrap_or_else(|| self.client.config().request_timeout());
        let mut timeout = self.timeout;
        let mut waits = self.waits;
        if let Some(preset) = &self.preset {
            request_timeout = preset.clamp_request_timeout(request_timeout);
            timeout = preset.clamp_timeout(timeout);
            waits = match waits {
                Waits::Fixed(every) => Waits::Fixed(preset.clamp_interval(every)),
                Waits::Backoff { initial, factor, max } => Waits::Backoff {
                    initial: preset.clamp_interval(initial),
                    factor,
                    max: preset.clamp_interval(max),
                },
                other => other,
            };
        }
        let extra = parse_headers(&self.headers, "header")?;
        let start = self
            .start
            .as_ref()
            .map(|s| s.build(&self.client, &extra, request_timeout, "start request"))
            .transpose()?;
        let poll = self
            .poll
            .as_ref()
            .map(|s| s.build(&self.client, &extra, request_timeout, "poll request"))
            .transpose()?;
        if start.is_some() && poll.is_some() {
            return Err(LroError::InvalidConfiguration(
                "give a start request or a poll request, not both (after a start request, \
                 say where to poll with poll_location or poll_url_template)"
                    .to_owned(),
            ));
        }
        if start.is_none() && poll.is_none() && self.resume.is_none() && self.key.is_none() {
            return Err(LroError::InvalidConfiguration(
                "nothing to poll: give a start request, a poll request, a state to resume or a key"
                    .to_owned(),
            ));
        }
        if self.location.is_some() && start.is_none() {
            return Err(LroError::InvalidConfiguration(
                "a poll location or URL template needs a start request to read it from".to_owned(),
            ));
        }
        let initial_delay = self.initial_delay.unwrap_or(DEFAULT_INITIAL_DELAY);
        let pacing = match waits {
            Waits::Pacing(pacing) => *pacing,
            waits => {
                let interval = match waits {
                    Waits::Fixed(every) => Pacing::fixed(every),
                    Waits::Backoff { initial, factor, max } => Pacing::exponential(
                        Backoff::new(initial, factor, max)
                            .map_err(|e| LroError::InvalidConfiguration(e.to_string()))?,
                    ),
                    _ => {
                        let first = initial_delay.max(Duration::from_millis(100));
                        let max = first.max(Duration::from_secs(10));
                        let backoff = Backoff::new(first, 1.5, max)
                            .map_err(|e| LroError::InvalidConfiguration(e.to_string()))?;
                        Pacing::exponential(backoff)
                    }
                };
                let mut pacing = interval.with_initial_delay(initial_delay).with_jitter(self.jitter);
                if let Some(seed) = self.seed {
                    pacing = pacing.with_seed(seed);
                }
                if self.retry_after {
                    pacing = pacing.with_retry_after(RetryAfter::AtLeast);
                }
                pacing.with_transient_retry(self.retry)
            }
        };
        let pointer = |p: Option<String>, what: &str| {
            p.map(|p| BodyPath::new(&p))
                .transpose()
                .map_err(|e| LroError::InvalidConfiguration(format!("{what}: {e}")))
        };
        let fallback = (!self.status_pointer_set).then(|| FALLBACK_STATUS_POINTER.to_owned());
        let pointers = ProgressPointers {
            status: pointer(self.status_pointer, "status_pointer")?,
            status_fallback: pointer(fallback, "status_pointer")?,
            percent: pointer(self.percent_pointer, "percent_pointer")?,
        };
        if self.key.is_some() != self.store.is_some() {
            return Err(LroError::InvalidConfiguration("a key needs a store".to_owned()));
        }
        let mut secrets = self.secrets;
        if let Some(poll) = &poll {
            secrets.splice(0..0, poll.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())));
            if let Some(password) = poll.url.password() {
                secrets.insert(0, (crate::resume::URL_PASSWORD.to_owned(), password.to_owned()));
            }
        }
        let plan = Plan {
            fingerprint: criteria.fingerprint(),
            criteria: Arc::new(criteria),
            client: self.client,
            start,
            poll,
            location: self.location.unwrap_or_default(),
            poll_method: self.poll_method,
            headers: extra,
            secrets,
            pacing,
            max_attempts: self.max_attempts,
            timeout,
            request_timeout,
            transient: self.transient,
            retry: self.retry,
            fresh: self.fresh,
            pointers,
            every_attempt: self.progress_mode == ProgressMode::EveryAttempt,
            clock: self.clock,
            operation: self.operation,
            resume: self.resume,
            key: self.key,
            store: self.store,
        };
        Ok(LroPoller::new(plan, self.on_progress, self.control.unwrap_or_default()))
    }
}
