//! [`PollSession`]: the Dynamic Flow poll loop of spec §4.2, built on the
//! general [engine](crate::poll) with the §4.3 [classification](super::classify)
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
//! The session runs in its own Tokio task, so requests go out on time
//! whether or not [`PollSession::next_event`] is being awaited.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http::Method;
use tokio::sync::Notify;
use url::Url;

use flow_model::{Action, Behavior, ModalResponseBody, Polling, Step, SubflowResponseBody};

use super::classify::classify_response;
pub use super::classify::{PollDecision, PollDecisionKind, PollFailure};
use crate::client::FlowClient;
use crate::poll::{
    Attempt, AttemptReport, Budget, Finish, Judge, Observer, Pacing, PollControl, Poller, Verdict,
};

/// What happened in a poll session.
// `Finished` is big (an `Action` inline) but comes once per session, and its
// shape is the contract the interpreter matches on.
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
    /// Polling ended; always the last event.
    Finished(PollOutcome),
}

/// How polling ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PollOutcome {
    /// Show this step (polling ended).
    Step {
        /// The step.
        step: Box<Step>,
        /// The response's `ETag`, if any.
        etag: Option<String>,
    },
    /// Perform this action (it skips validation and sends only its own data).
    Action(Action),
    /// Exit the flow with this result (`merge(body, null)`: the body's JSON or `null`).
    Exit(serde_json::Value),
    /// Hand this modal to the host.
    Modal(ModalResponseBody),
    /// Launch this subflow.
    Subflow(SubflowResponseBody),
    /// Polling failed; the host is told `reason`, then `on_error` runs.
    Failed {
        /// Why.
        reason: PollFailure,
        /// The step's `onError` behavior (`behavior`, else the 1.x `action`).
        on_error: Option<Behavior>,
    },
}

impl PollOutcome {
    /// The kind of decision that produced this outcome.
    pub fn kind(&self) -> PollDecisionKind {
        match self {
            PollOutcome::Step { .. } => PollDecisionKind::Step,
            PollOutcome::Action(_) => PollDecisionKind::Action,
            PollOutcome::Exit(_) => PollDecisionKind::Exit,
            PollOutcome::Modal(_) => PollDecisionKind::Modal,
            PollOutcome::Subflow(_) => PollDecisionKind::Subflow,
            PollOutcome::Failed { .. } => PollDecisionKind::Fail,
        }
    }
}

/// Polling for one shown step (see the module docs for the rules).
///
/// `Send + Sync`; dropping it cancels polling.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::Arc;
/// use std::time::Duration;
/// use flow_runtime::flow::polling::{PollEvent, PollOutcome, PollSession};
/// use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
/// use flow_runtime::{FlowClient, RuntimeConfig};
///
/// let base = url::Url::parse("https://flow.example/pay/").unwrap();
/// let transport = Arc::new(ScriptedTransport::new(&base));
/// transport.route("GET /pay/status", [
///     ScriptedReply::json(&serde_json::json!({"status": "PENDING"})),
///     ScriptedReply::json(&serde_json::json!({"paid": true})).with_header("X-DF-Response-Type", "exit"),
/// ]);
/// let client = FlowClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
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
///     Some(PollEvent::Finished(PollOutcome::Exit(serde_json::json!({"paid": true}))))
/// );
/// assert_eq!(session.next_event().await, None);
/// let times: Vec<_> = transport.requests().iter().map(|r| r.at).collect();
/// assert_eq!(times, [Duration::from_secs(5), Duration::from_secs(10)]);
/// # }
/// ```
pub struct PollSession {
    shared: Arc<Shared>,
    control: PollControl,
    finished: bool,
}

impl fmt::Debug for PollSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollSession")
            .field("control", &self.control)
            .field("queued_events", &self.shared.queue().events.len())
            .field("finished", &self.finished)
            .finish()
    }
}

impl Drop for PollSession {
    fn drop(&mut self) {
        self.control.cancel();
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
    fn new(client: &FlowClient, polling: &Polling) -> Result<Plan, String> {
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
    /// Starts polling for a step that was just shown.
    ///
    /// An invalid configuration (§4.2) gives a session whose first event is
    /// `Finished(Failed { reason: Invalid(..) })`, with no request sent.
    /// Called outside a Tokio runtime, the session cannot run and finishes
    /// the same way (reason `invalid`, saying so) instead of panicking.
    pub fn start(client: FlowClient, polling: &Polling) -> PollSession {
        let on_error = polling.on_error_behavior().map(Cow::into_owned);
        let control = PollControl::new();
        let shared = Arc::new(Shared::default());
        let session = PollSession { shared: shared.clone(), control: control.clone(), finished: false };
        let plan = match Plan::new(&client, polling) {
            Ok(plan) => plan,
            Err(message) => {
                tracing::debug!(%message, "polling not started: invalid configuration");
                shared.finish(PollFailure::Invalid(message), on_error);
                return session;
            }
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            let message = "PollSession::start was called outside a Tokio runtime".to_owned();
            shared.finish(PollFailure::Invalid(message), on_error);
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
        runtime.spawn(async move {
            let closer = CloseOnDrop(shared);
            let mut observer = EventObserver { shared: &closer.0, max_attempts };
            let finish = poller.run_with(&mut observer).await;
            let outcome = match finish {
                Finish::Done { value, .. } => Some(value),
                Finish::Failed { failure, .. } => Some(PollOutcome::Failed { reason: failure, on_error }),
                // The §4.2 loop has no deadline; a budget running out is max_attempts.
                Finish::Exhausted { .. } | Finish::DeadlineExceeded { .. } => {
                    Some(PollOutcome::Failed { reason: PollFailure::MaxAttempts, on_error })
                }
                Finish::Cancelled { .. } => None,
            };
            if let Some(outcome) = outcome {
                closer.0.push(PollEvent::Finished(outcome));
            }
        });
        session
    }

    /// The next event; `None` once `Finished` was returned, or after the
    /// session was cancelled (a result that arrives late is discarded).
    ///
    /// Cancel-safe: dropping the future loses no event.
    pub async fn next_event(&mut self) -> Option<PollEvent> {
        loop {
            if self.finished || self.control.is_cancelled() {
                return None;
            }
            let notified = self.shared.notify.notified();
            let next = {
                let mut queue = self.shared.queue();
                match queue.events.pop_front() {
                    Some(event) => Some(event),
                    None if queue.closed => {
                        self.finished = true;
                        return None;
                    }
                    None => None,
                }
            };
            if let Some(event) = next {
                if matches!(event, PollEvent::Finished(_)) {
                    self.finished = true;
                }
                return Some(event);
            }
            tokio::select! {
                () = notified => {}
                () = self.control.token().cancelled() => {}
            }
        }
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

/// The §4.3 judge: transport failures keep polling; responses go through
/// [`classify_response`].
#[derive(Debug, Clone, Copy)]
struct DynamicFlowJudge;

impl Judge for DynamicFlowJudge {
    type Output = PollOutcome;
    type Failure = PollFailure;

    fn judge(&mut self, attempt: &Attempt<'_>) -> Verdict<PollOutcome, PollFailure> {
        let Some(response) = attempt.response() else { return Verdict::Continue };
        match classify_response(response) {
            PollDecision::KeepPolling => Verdict::Continue,
            PollDecision::Fail(failure) => Verdict::Fail(failure),
            PollDecision::Step { step, etag } => Verdict::Done(PollOutcome::Step { step, etag }),
            PollDecision::Action(action) => Verdict::Done(PollOutcome::Action(action)),
            PollDecision::Exit(value) => Verdict::Done(PollOutcome::Exit(value)),
            PollDecision::Modal(modal) => Verdict::Done(PollOutcome::Modal(modal)),
            PollDecision::Subflow(subflow) => Verdict::Done(PollOutcome::Subflow(subflow)),
        }
    }
}

/// Turns engine attempts into [`PollEvent::Attempt`]s.
struct EventObserver<'a> {
    shared: &'a Shared,
    max_attempts: u32,
}

impl Observer<PollOutcome, PollFailure> for EventObserver<'_> {
    fn on_attempt(&mut self, report: &AttemptReport<'_, PollOutcome, PollFailure>) {
        let decision = match report.verdict {
            Verdict::Done(outcome) => outcome.kind(),
            Verdict::Fail(_) => PollDecisionKind::Fail,
            _ => PollDecisionKind::KeepPolling,
        };
        self.shared.push(PollEvent::Attempt {
            number: report.attempt.number,
            max_attempts: self.max_attempts,
            status: report.attempt.response().map(|r| r.status.as_u16()),
            error: report.attempt.error().map(ToString::to_string),
            decision,
        });
    }
}

#[derive(Debug, Default)]
struct Queue {
    events: VecDeque<PollEvent>,
    closed: bool,
}

/// The events a session's task hands to its owner.
#[derive(Debug, Default)]
struct Shared {
    queue: Mutex<Queue>,
    notify: Notify,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, event: PollEvent) {
        self.queue().events.push_back(event);
        self.notify.notify_one();
    }

    fn close(&self) {
        self.queue().closed = true;
        self.notify.notify_one();
    }

    fn finish(&self, reason: PollFailure, on_error: Option<Behavior>) {
        self.push(PollEvent::Finished(PollOutcome::Failed { reason, on_error }));
        self.close();
    }
}

/// Closes the queue when the task ends, however it ends.
struct CloseOnDrop(Arc<Shared>);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.0.close();
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
