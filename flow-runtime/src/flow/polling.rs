//! [`PollSession`]: the Dynamic Flow poll loop of spec §4.2, built on the
//! general [engine](flow_poll) with the §4.3 [classification](super::classify)
//! as its judge.
//!
//! Rules (each one pinned by a test):
//!
//! * the first request goes out one wait (`delay`, else the 1.x `interval`)
//!   after [`PollSession::start`] — at once when
//!   [`RuntimeConfig::first_poll_immediately`](crate::RuntimeConfig::first_poll_immediately)
//!   is set — and each later one a wait after the previous response (or
//!   failure) arrived; one request is in flight at a time;
//! * polling is always `GET` on `url`, resolved against the flow's base URL
//!   (RFC 3986); each request may take `timeout` seconds, else the
//!   configured default;
//! * at most `maxAttempts` requests are sent; transport failures and timeouts
//!   count as attempts and polling goes on; if the last allowed attempt does
//!   not end polling, the session finishes at once with
//!   [`PollFailure::MaxAttempts`], with no further wait or request;
//! * an unusable configuration — neither `delay` nor `interval`, a negative
//!   wait (a negative `delay` does not fall back to `interval`), `maxAttempts`
//!   absent or below 1, `url` absent, blank or not resolvable to http(s) —
//!   finishes with [`PollFailure::Invalid`] and no request;
//! * pause stops the clock (no request while paused; an in-flight one may
//!   complete and is judged); resume continues with the wait that was left;
//!   cancel, or dropping the session, stops it for good: any wait ends at
//!   once, a request in flight is aborted, a late answer is discarded and
//!   nothing is ever sent afterwards.
//!
//! An answer goes from the classifier to the host in one type: the judge
//! hands [`classify_poll_answer`]'s [`PollDecision`] to the engine, and
//! the session's last event, [`PollEvent::Finished`], carries it (a
//! [`PollDecision::Fail`] for every way polling fails; the step's `onError`
//! is [`PollSession::on_error`]).
//!
//! Two ways to run, one loop: [`PollSession::start`] runs the loop in its
//! own Tokio task, so requests go out on time whether or not
//! [`PollSession::next_event`] is being awaited; [`PollSession::start_inline`]
//! runs no task: the loop makes progress inside `next_event`, for an owner
//! that always awaits it (the interpreter's actor, which polls the session
//! in the same `select!` as its commands). Either way attempts reach the
//! owner through one `tokio::sync::mpsc` channel.

use std::borrow::Cow;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Method;
use sync_wrapper::SyncWrapper;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use url::Url;

use flow_model::{Behavior, Polling};

use super::classify::classify_poll_answer;
pub use super::classify::{PollDecision, PollDecisionKind, PollFailure};
use flow_poll::{
    Attempt, AttemptReport, Budget, Finish, HttpClient, Judge, Observer, Pacing, PollControl, Poller, Verdict,
};

/// What happened in a poll session.
// `Finished` is big (a decision inline) but comes once per session.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PollEvent {
    /// One request was answered (or failed) and judged.
    #[non_exhaustive]
    Attempt {
        /// 1-based number of the request.
        number: u32,
        /// `maxAttempts`.
        max_attempts: u32,
        /// The HTTP status, when a response arrived.
        status: Option<u16>,
        /// The transport error (URL redacted), when none did.
        error: Option<String>,
        /// What the attempt meant; a transport failure is
        /// [`PollDecisionKind::KeepPolling`].
        decision: PollDecisionKind,
    },
    /// Polling ended; always the last event. Never
    /// [`PollDecision::KeepPolling`]: a step, action, exit, modal or subflow
    /// to apply, or [`PollDecision::Fail`] (then the step's
    /// [`onError`](PollSession::on_error) runs).
    Finished(PollDecision),
}

/// Polling for one shown step (see the module docs for the rules).
///
/// `Send + Sync`; dropping it cancels polling.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::Arc;
/// use std::time::Duration;
/// use flow_runtime::flow::polling::{PollDecision, PollEvent, PollSession};
/// use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
/// use flow_runtime::{HttpClient, RuntimeConfig};
///
/// let base = url::Url::parse("https://flow.example/pay/").unwrap();
/// let transport = Arc::new(ScriptedTransport::new(&base));
/// transport.route("GET /pay/status", [
///     ScriptedReply::json(&serde_json::json!({"status": "PENDING"})),
///     ScriptedReply::json(&serde_json::json!({"paid": true})).with_header("X-DF-Response-Type", "exit"),
/// ]);
/// let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
/// let polling: flow_model::Polling = serde_json::from_str(
///     r#"{"url": "status", "delay": 5, "maxAttempts": 3,
///         "onError": {"behavior": {"type": "action", "action": {"exit": true}}}}"#,
/// ).unwrap();
///
/// let mut session = PollSession::start(client, &polling);
/// assert!(matches!(session.next_event().await, Some(PollEvent::Attempt { number: 1, .. })));
/// assert!(matches!(session.next_event().await, Some(PollEvent::Attempt { number: 2, .. })));
/// assert_eq!(
///     session.next_event().await,
///     Some(PollEvent::Finished(PollDecision::Exit(serde_json::json!({"paid": true}))))
/// );
/// assert_eq!(session.next_event().await, None);
/// let times: Vec<_> = transport.requests().iter().map(|r| r.at).collect();
/// assert_eq!(times, [Duration::from_secs(5), Duration::from_secs(10)]);
/// # }
/// ```
pub struct PollSession {
    /// Attempts and the last event, from the loop.
    events: mpsc::UnboundedReceiver<PollEvent>,
    /// Where the loop runs.
    driver: Driver,
    control: PollControl,
    on_error: Option<Behavior>,
    finished: bool,
}

/// The loop of one session.
type PollLoop = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Where a session's loop runs.
enum Driver {
    /// In its own task (aborted when the session is dropped).
    Task(JoinHandle<()>),
    /// Inside [`PollSession::next_event`]; `None` once it ended.
    Inline(Option<SyncWrapper<PollLoop>>),
    /// Nowhere: the configuration was unusable.
    None,
}

impl fmt::Debug for PollSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let driver = match &self.driver {
            Driver::Task(_) => "task",
            Driver::Inline(_) => "inline",
            Driver::None => "none",
        };
        f.debug_struct("PollSession")
            .field("driver", &driver)
            .field("control", &self.control)
            .field("queued_events", &self.events.len())
            .field("finished", &self.finished)
            .finish()
    }
}

impl Drop for PollSession {
    fn drop(&mut self) {
        self.control.cancel();
        if let Driver::Task(task) = &self.driver {
            task.abort();
        }
    }
}

/// The validated plan of a polling block.
#[derive(Debug)]
struct Plan {
    url: Url,
    wait: Duration,
    max_attempts: u32,
    timeout: Duration,
}

impl Plan {
    fn new(client: &HttpClient, polling: &Polling) -> Result<Plan, String> {
        let wait = match (polling.delay, polling.interval) {
            (None, None) => return Err("polling has neither `delay` nor `interval`".to_owned()),
            (Some(delay), _) if delay < 0 => return Err(format!("polling `delay` is negative ({delay})")),
            (None, Some(interval)) if interval < 0 => {
                return Err(format!("polling `interval` is negative ({interval})"))
            }
            _ => polling.wait().ok_or_else(|| "polling wait is unusable".to_owned())?,
        };
        let max_attempts = match polling.max_attempts {
            None => return Err("polling has no `maxAttempts`".to_owned()),
            Some(n) if n < 1 => return Err(format!("polling `maxAttempts` must be at least 1 (got {n})")),
            Some(_) => polling.attempts().ok_or_else(|| "polling `maxAttempts` is unusable".to_owned())?,
        };
        let url = match polling.url.as_deref() {
            None => return Err("polling has no `url`".to_owned()),
            Some(url) if url.trim().is_empty() => return Err("polling `url` is blank".to_owned()),
            Some(url) => client.resolve(url).map_err(|e| format!("polling `url`: {e}"))?,
        };
        let timeout = polling.request_timeout().unwrap_or_else(|| client.config().request_timeout());
        Ok(Plan { url, wait, max_attempts, timeout })
    }
}

impl PollSession {
    /// Starts polling for a step that was just shown, in a task of its own:
    /// requests go out on time whether or not [`next_event`](Self::next_event)
    /// is awaited.
    ///
    /// An invalid configuration (§4.2) gives a session whose first event is
    /// `Finished(Fail(Invalid(..)))`, with no request sent.
    /// Called outside a Tokio runtime, the session cannot run and finishes
    /// the same way (reason `invalid`, saying so) instead of panicking.
    pub fn start(client: HttpClient, polling: &Polling) -> PollSession {
        Self::begin(client, polling, true)
    }

    /// Starts polling with no task of its own: the loop makes progress while
    /// [`next_event`](Self::next_event) is awaited, so the owner must await
    /// it whenever it is not busy (as a `select!` loop does; `next_event` is
    /// cancel-safe, so losing a `select!` race loses nothing). Otherwise as
    /// [`start`](Self::start).
    pub fn start_inline(client: HttpClient, polling: &Polling) -> PollSession {
        Self::begin(client, polling, false)
    }

    fn begin(client: HttpClient, polling: &Polling, spawn: bool) -> PollSession {
        let on_error = polling.on_error_behavior().map(Cow::into_owned);
        let control = PollControl::new();
        let (sender, events) = mpsc::unbounded_channel();
        let mut session =
            PollSession { events, driver: Driver::None, control: control.clone(), on_error, finished: false };
        let plan = match Plan::new(&client, polling) {
            Ok(plan) => plan,
            Err(message) => {
                tracing::debug!(%message, "polling not started: invalid configuration");
                let _ = sender.send(PollEvent::Finished(PollDecision::Fail(PollFailure::Invalid(message))));
                return session;
            }
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            let message = "PollSession::start was called outside a Tokio runtime".to_owned();
            let _ = sender.send(PollEvent::Finished(PollDecision::Fail(PollFailure::Invalid(message))));
            return session;
        };
        let initial = if client.config().first_poll_immediately() { Duration::ZERO } else { plan.wait };
        let request = client.request(Method::GET, plan.url, None, Some(plan.timeout));
        let poller = Poller::new(client, request, DynamicFlowJudge)
            .pacing(Pacing::fixed(plan.wait).with_initial_delay(initial))
            .budget(Budget::max_attempts(plan.max_attempts))
            .control(control)
            .kind("dynamic_flow");
        let max_attempts = plan.max_attempts;
        let run = async move {
            let mut observer = EventObserver { sender: &sender, max_attempts };
            let last = match poller.run_with(&mut observer).await {
                Finish::Done { value, .. } => value,
                Finish::Failed { failure, .. } => PollDecision::Fail(failure),
                // The §4.2 loop has no deadline; a budget running out is max_attempts.
                Finish::Exhausted { .. } | Finish::DeadlineExceeded { .. } => {
                    PollDecision::Fail(PollFailure::MaxAttempts)
                }
                // Cancelled (the owner asked for it), or an end this
                // version does not know: no decision to hand over.
                _ => return,
            };
            let _ = sender.send(PollEvent::Finished(last));
        };
        session.driver = if spawn {
            Driver::Task(runtime.spawn(run))
        } else {
            Driver::Inline(Some(SyncWrapper::new(Box::pin(run))))
        };
        session
    }

    /// The next event; `None` once `Finished` was returned, or after the
    /// session was cancelled (a result that arrives late is discarded).
    ///
    /// Cancel-safe: dropping the future loses no event and no progress.
    pub async fn next_event(&mut self) -> Option<PollEvent> {
        poll_fn(|cx| self.poll_next_event(cx)).await
    }

    fn poll_next_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<PollEvent>> {
        if self.finished || self.control.is_cancelled() {
            return Poll::Ready(None);
        }
        if let Driver::Inline(slot) = &mut self.driver {
            if let Some(run) = slot {
                // The loop sends what it judged into the channel as it goes.
                if run.get_mut().as_mut().poll(cx).is_ready() {
                    *slot = None;
                }
            }
        }
        match self.events.poll_recv(cx) {
            Poll::Ready(Some(event)) => {
                if matches!(event, PollEvent::Finished(_)) {
                    self.finished = true;
                }
                Poll::Ready(Some(event))
            }
            // Every sender is gone: the loop ended (cancelled) without a last event.
            Poll::Ready(None) => {
                self.finished = true;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// The step's `onError` behavior (`behavior`, else the 1.x `action`):
    /// what runs when polling ends with [`PollDecision::Fail`].
    pub fn on_error(&self) -> Option<&Behavior> {
        self.on_error.as_ref()
    }

    /// Pauses polling: no request is sent while paused (one in flight may
    /// complete) and the running wait stops counting.
    pub fn pause(&self) {
        self.control.pause();
    }

    /// Resumes polling with the wait that was left; no attempt is lost or added.
    pub fn resume(&self) {
        self.control.resume();
    }

    /// Stops polling for good (see the module docs).
    pub fn cancel(&self) {
        self.control.cancel();
    }

    /// Whether polling is paused.
    pub fn is_paused(&self) -> bool {
        self.control.is_paused()
    }

    /// Whether polling was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }
}

/// The §4.3 judge: transport failures keep polling; answers go through
/// [`classify_poll_answer`], whose decision is the loop's value.
#[derive(Debug, Clone, Copy)]
struct DynamicFlowJudge;

impl Judge for DynamicFlowJudge {
    type Output = PollDecision;
    type Failure = PollFailure;

    fn judge(&mut self, attempt: &Attempt<'_>) -> Verdict<PollDecision, PollFailure> {
        let Some(response) = attempt.response() else { return Verdict::Continue };
        match classify_poll_answer(response.status, &response.headers, &response.body) {
            PollDecision::KeepPolling => Verdict::Continue,
            PollDecision::Fail(failure) => Verdict::Fail(failure),
            last => Verdict::Done(last),
        }
    }
}

/// Turns engine attempts into [`PollEvent::Attempt`]s on the channel.
struct EventObserver<'a> {
    sender: &'a mpsc::UnboundedSender<PollEvent>,
    max_attempts: u32,
}

impl Observer<PollDecision, PollFailure> for EventObserver<'_> {
    fn on_attempt(&mut self, report: &AttemptReport<'_, PollDecision, PollFailure>) {
        let decision = match report.verdict {
            Verdict::Done(last) => last.kind(),
            Verdict::Fail(_) => PollDecisionKind::Fail,
            _ => PollDecisionKind::KeepPolling,
        };
        // The owner may have dropped the session; nothing to tell then.
        let _ = self.sender.send(PollEvent::Attempt {
            number: report.attempt.number,
            max_attempts: self.max_attempts,
            status: report.attempt.response().map(|r| r.status.as_u16()),
            error: report.attempt.error().map(ToString::to_string),
            decision,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_handles_are_send_and_sync() {
        assert_send_sync::<PollSession>();
        assert_send_sync::<PollEvent>();
        assert_send_sync::<PollControl>();
    }
}
