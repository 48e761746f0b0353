//! [`Poll`]: the general long-running-operation poller ([`flow_poll::lro`])
//! from Kotlin, Swift or Python, smaller than `dflow poll`: `GET url` every
//! `interval_ms` until an `until` condition holds (success) or a `fail_if`
//! one does (failure), within `max_attempts` and `timeout_ms`.
//!
//! Conditions are written as for `dflow poll --until` / `--fail-if`
//! (Arazzo criteria: `$statusCode == 200`, `$response.body#/status == 'done'`,
//! …); failure conditions are checked first. Without `until`, success is a
//! 2xx other than `202 Accepted`; an error status no rule matched ends the
//! poll, except the transient ones (408, 425, 429, 502–504) and transport
//! errors, which are retried. The first request goes out at once; the waits
//! are exact (no jitter). Every attempt is reported to the
//! [`PollObserver`] (`Progress`), then exactly one `Succeeded` (with the
//! final body) or `Failed`. Dropping the last reference cancels the poll.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use flow_poll::lro::{Answer, LroBuilder, LroError, ProgressMode};
use flow_poll::{HttpClient, Jitter, PollControl, Progress};
use flow_runtime::transport::Transport;
use flow_runtime::ReqwestTransport;

use crate::errors::FlowStartError;
use crate::flow::config;
use crate::foreign::Foreign;
use crate::runtime;
use crate::transport::{HostTransport, HostTransportAdapter};

/// Why a poll could not start, or how it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum PollError {
    /// The URL, a condition, a header or a limit is not usable.
    #[error("{detail}")]
    InvalidArgument {
        /// What was wrong.
        detail: String,
    },
    /// The poll ended without success (a failure condition matched, an
    /// error status, attempts or time used up, a transport failure,
    /// cancelled).
    #[error("{detail}")]
    Failed {
        /// A short name: `failure_matched`, `unexpected_status`,
        /// `attempts_exhausted`, `deadline_exceeded`, `transport`, `cancelled`, …
        kind: String,
        /// In words.
        detail: String,
        /// The HTTP status of the answer the failure is about, if any.
        http_status: Option<u16>,
        /// Its body.
        body: Option<Vec<u8>>,
    },
}

impl From<FlowStartError> for PollError {
    fn from(error: FlowStartError) -> Self {
        PollError::InvalidArgument { detail: error.to_string() }
    }
}

impl From<&LroError> for PollError {
    fn from(error: &LroError) -> Self {
        PollError::Failed {
            kind: error.kind().to_owned(),
            detail: error.to_string(),
            http_status: error.answer().map(Answer::status),
            body: error.answer().map(|a| a.body().to_vec()),
        }
    }
}

/// The final answer of a successful poll.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PollResult {
    /// Its HTTP status.
    pub http_status: u16,
    /// Its body.
    pub body: Vec<u8>,
    /// The URL that answered (secrets redacted).
    pub url: String,
}

/// What a poll reports.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum PollEvent {
    /// An attempt was answered, or failed.
    Progress {
        /// Attempts so far.
        attempt: u32,
        /// The attempt limit, if any.
        max_attempts: Option<u32>,
        /// The answer's HTTP status, when one arrived.
        http_status: Option<u16>,
        /// The operation's status string (`/status`, else `/info/status`).
        status: Option<String>,
        /// Percent complete (`/percentComplete`).
        percent: Option<f64>,
        /// The transport error, when no answer arrived.
        error: Option<String>,
        /// Time since the poll started.
        elapsed_ms: u64,
        /// The wait before the next request (`None`: polling ends here).
        next_delay_ms: Option<u64>,
    },
    /// The operation succeeded; the last event.
    Succeeded {
        /// The final answer.
        result: PollResult,
    },
    /// The poll ended without success; the last event.
    Failed {
        /// Why (a [`PollError::Failed`]).
        error: PollError,
    },
}

/// Receives a poll's events, in order, on a thread of the binding.
#[uniffi::export(callback_interface)]
pub trait PollObserver: Send + Sync {
    /// One event.
    fn on_event(&self, event: PollEvent);
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl From<&Progress> for PollEvent {
    fn from(p: &Progress) -> Self {
        PollEvent::Progress {
            attempt: p.attempt,
            max_attempts: p.max_attempts,
            http_status: p.http_status,
            status: p.status.clone(),
            percent: p.percent,
            error: p.error.clone(),
            elapsed_ms: millis(p.elapsed),
            next_delay_ms: p.next_delay.map(millis),
        }
    }
}

type Outcome = Option<Result<PollResult, PollError>>;

/// A running poll (see the [module docs](self)).
#[derive(uniffi::Object)]
pub struct Poll {
    control: PollControl,
    outcome: watch::Receiver<Outcome>,
}

impl fmt::Debug for Poll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poll").field("finished", &self.outcome.borrow().is_some()).finish_non_exhaustive()
    }
}

impl Drop for Poll {
    fn drop(&mut self) {
        self.control.cancel();
    }
}

/// What [`Poll::start`] is given.
struct Spec {
    url: String,
    until: Vec<String>,
    fail_if: Vec<String>,
    interval_ms: u64,
    max_attempts: Option<u32>,
    timeout_ms: Option<u64>,
    headers: HashMap<String, String>,
}

impl Poll {
    fn begin(
        spec: Spec,
        observer: Box<dyn PollObserver>,
        host: Option<Box<dyn HostTransport>>,
    ) -> Result<Arc<Self>, PollError> {
        let runtime = runtime::handle().map_err(|detail| PollError::InvalidArgument { detail })?;
        let base = url::Url::parse(spec.url.trim())
            .map_err(|e| PollError::InvalidArgument { detail: format!("url {:?}: {e}", spec.url) })?;
        let config = config(&spec.headers)?;
        let transport: Arc<dyn Transport> = match host {
            Some(host) => Arc::new(HostTransportAdapter::new(host, &config)),
            None => {
                let _context = runtime.enter();
                Arc::new(
                    ReqwestTransport::new(&config)
                        .map_err(|e| PollError::InvalidArgument { detail: e.message })?,
                )
            }
        };
        let client = HttpClient::new(transport, Arc::new(config), base.clone());
        let (events, mut received) = mpsc::unbounded_channel::<PollEvent>();
        let progress = events.clone();
        let mut builder = LroBuilder::new(client)
            .poll_url(base.as_str())
            .progress_mode(ProgressMode::EveryAttempt)
            .initial_delay(Duration::ZERO)
            .interval(Duration::from_millis(spec.interval_ms))
            .jitter(Jitter::None)
            .on_progress(move |p| {
                let _ = progress.send(PollEvent::from(p));
            });
        if let Some(n) = spec.max_attempts {
            builder = builder.max_attempts(n);
        }
        if let Some(ms) = spec.timeout_ms {
            builder = builder.timeout(Duration::from_millis(ms));
        }
        for condition in &spec.fail_if {
            builder = builder.failure_when(condition);
        }
        for condition in &spec.until {
            builder = builder.success_when(condition);
        }
        let poller = builder
            .build::<serde_json::Value>()
            .map_err(|e| PollError::InvalidArgument { detail: e.to_string() })?;
        let control = poller.control();
        let (outcome_tx, outcome) = watch::channel::<Outcome>(None);
        let observer = Foreign::new(observer);
        crate::events::deliver(
            "dflow-poll-events",
            move || runtime::wait(received.recv()),
            move |e| {
                observer.call(|o| o.on_event(e));
            },
        )
        .map_err(|e| PollError::InvalidArgument {
            detail: format!("could not start the event thread: {e}"),
        })?;
        runtime.spawn(async move {
            let result = match poller.until_answer().await {
                Ok(answer) => Ok(PollResult {
                    http_status: answer.status(),
                    body: answer.body().to_vec(),
                    url: answer.url().to_owned(),
                }),
                Err(error) => Err(PollError::from(&error)),
            };
            // The outcome is set before the last event goes out, so an
            // observer woken by it sees the poll finished.
            outcome_tx.send_replace(Some(result.clone()));
            let _ = events.send(match result {
                Ok(result) => PollEvent::Succeeded { result },
                Err(error) => PollEvent::Failed { error },
            });
        });
        Ok(Arc::new(Poll { control, outcome }))
    }
}

#[uniffi::export]
impl Poll {
    /// Polls `url` (GET) every `interval_ms` until a condition of `until`
    /// holds (none given: a 2xx other than 202) or one of `fail_if` does,
    /// at most `max_attempts` requests (`None`: no limit) within
    /// `timeout_ms` (`None`: 5 minutes), with `headers` on every request,
    /// over the built-in HTTP stack.
    #[uniffi::constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        url: String,
        until: Vec<String>,
        fail_if: Vec<String>,
        interval_ms: u64,
        max_attempts: Option<u32>,
        timeout_ms: Option<u64>,
        headers: HashMap<String, String>,
        observer: Box<dyn PollObserver>,
    ) -> Result<Arc<Self>, PollError> {
        let spec = Spec { url, until, fail_if, interval_ms, max_attempts, timeout_ms, headers };
        Self::begin(spec, observer, None)
    }

    /// [`start`](Self::start) over the host's HTTP stack.
    #[uniffi::constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn start_with_transport(
        url: String,
        until: Vec<String>,
        fail_if: Vec<String>,
        interval_ms: u64,
        max_attempts: Option<u32>,
        timeout_ms: Option<u64>,
        headers: HashMap<String, String>,
        observer: Box<dyn PollObserver>,
        transport: Box<dyn HostTransport>,
    ) -> Result<Arc<Self>, PollError> {
        let spec = Spec { url, until, fail_if, interval_ms, max_attempts, timeout_ms, headers };
        Self::begin(spec, observer, Some(transport))
    }

    /// Waits until the poll ended: the final answer, or raises
    /// [`PollError::Failed`].
    pub fn wait(&self) -> Result<PollResult, PollError> {
        let mut outcome = self.outcome.clone();
        let ended = runtime::wait(outcome.wait_for(Option::is_some)).map(|o| o.clone());
        match ended {
            Ok(Some(result)) => result,
            _ => Err(PollError::Failed {
                kind: "cancelled".to_owned(),
                detail: "the poll ended without an outcome".to_owned(),
                http_status: None,
                body: None,
            }),
        }
    }

    /// Whether the poll has ended.
    pub fn is_finished(&self) -> bool {
        self.outcome.borrow().is_some()
    }

    /// Holds poll requests back until [`resume`](Self::resume) (the
    /// deadline keeps running).
    pub fn pause(&self) {
        self.control.pause();
    }

    /// Lets poll requests go out again.
    pub fn resume(&self) {
        self.control.resume();
    }

    /// Cancels the poll: a wait ends at once, nothing is sent afterwards;
    /// the last event is `Failed` (kind `cancelled`).
    pub fn cancel(&self) {
        self.control.cancel();
    }
}
