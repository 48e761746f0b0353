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
//! Two ways to run, one loop: [`PollSession::start_inline`] runs no task:
//! the loop makes progress inside [`PollSession::next_event`], one turn
//! (wait, send, judge) at a time, for an owner that always awaits it (the
//! interpreter's actor, which polls the session in the same `select!` as its
//! commands); each wait counts from the answer before it, however soon the
//! owner asks again. [`PollSession::start`] runs that same loop in a Tokio
//! task of its own, so requests go out on time whether or not `next_event`
//! is being awaited. Either way the loop is one future allocated at the
//! start (no turn allocates or moves it) and leaves its events in a small
//! shared queue (a lock held for a push or a pop, and the session's waker).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use futures::task::AtomicWaker;
use http::Method;
use sync_wrapper::SyncWrapper;
use url::Url;

use flow_model::{Behavior, Polling};

use super::classify::classify_poll_answer;
pub use super::classify::{PollDecision, PollDecisionKind, PollFailure};
use flow_poll::{
    Attempt, AttemptReport, Budget, Continuation, Finish, HttpClient, Judge, Observer, Pacing, PollControl,
    PollRun, Poller, Turn, Verdict,
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
    /// Where the loop leaves its events.
    handover: Arc<Handover>,
    /// The loop, when it runs inside `next_event` (inline); `None` when it
    /// runs in a task of its own, or once it ended.
    driver: Option<SyncWrapper<Driver>>,
    /// Started inline (not in a task); shown by `Debug`.
    inline: bool,
    control: PollControl,
    /// Boxed: a waiting session should not carry a behavior's room inline.
    on_error: Option<Box<Behavior>>,
    finished: bool,
}

/// A session's loop, from its first wait to its last event, in one
/// allocation made at the start (no turn allocates or moves it).
type Driver = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Events on their way from a session's loop to the session: the queue
/// (empty, it holds no memory), the session's waker (a loop in its own
/// task wakes it), and whether the loop ended. The queue holds at most
/// `maxAttempts + 1` events.
#[derive(Default)]
struct Handover {
    events: Mutex<VecDeque<Box<PollEvent>>>,
    waker: AtomicWaker,
    ended: AtomicBool,
}

impl Handover {
    fn queue(&self) -> std::sync::MutexGuard<'_, VecDeque<Box<PollEvent>>> {
        // A push or a pop cannot leave the queue half-changed.
        self.events.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, event: PollEvent) {
        self.queue().push_back(Box::new(event));
        self.waker.wake();
    }

    fn end(&self) {
        self.ended.store(true, Ordering::Release);
        self.waker.wake();
    }

    /// A handover holding only `last`, the loop already ended.
    fn ended_with(last: PollEvent) -> Self {
        let handover = Handover::default();
        handover.queue().push_back(Box::new(last));
        handover.ended.store(true, Ordering::Release);
        handover
    }

    fn pop(&self) -> Option<PollEvent> {
        self.queue().pop_front().map(|event| *event)
    }

    /// Resolves once the owner took every event (an inline loop waits for
    /// this between turns: its owner polls it only with the queue empty).
    async fn taken(&self) {
        poll_fn(|_| if self.queue().is_empty() { Poll::Ready(()) } else { Poll::Pending }).await;
    }

    fn poll_next(&self, cx: &mut Context<'_>) -> Poll<Option<PollEvent>> {
        self.waker.register(cx.waker());
        // `ended` is read before the queue: an event pushed before the end
        // is always seen.
        let ended = self.ended.load(Ordering::Acquire);
        if let Some(event) = self.queue().pop_front() {
            return Poll::Ready(Some(*event));
        }
        if ended {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }
}

/// Ends the handover when the task's loop is done or dropped (a runtime
/// shutting down drops it without finishing).
struct EndOnDrop(Arc<Handover>);

impl Drop for EndOnDrop {
    fn drop(&mut self) {
        self.0.end();
    }
}

type Run = PollRun<DynamicFlowJudge>;

impl fmt::Debug for PollSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = if self.inline { "inline" } else { "task" };
        f.debug_struct("PollSession")
            .field("source", &source)
            .field("control", &self.control)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl Drop for PollSession {
    fn drop(&mut self) {
        // A task session's loop sees this at once and ends (a request in
        // flight is dropped with it); an inline one is dropped here.
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
        Self::begin(client, polling, true, None)
    }

    /// Starts polling with no task of its own: the loop makes progress while
    /// [`next_event`](Self::next_event) is awaited, so the owner must await
    /// it whenever it is not busy (as a `select!` loop does; `next_event` is
    /// cancel-safe, so losing a `select!` race loses nothing). Otherwise as
    /// [`start`](Self::start).
    pub fn start_inline(client: HttpClient, polling: &Polling) -> PollSession {
        Self::begin(client, polling, false, None)
    }

    /// As [`start_inline`](Self::start_inline), continuing the polling of an
    /// earlier life of the flow (a restored state): the `attempts_used`
    /// requests sent then count against `maxAttempts` (the first request now
    /// is number `attempts_used + 1`; with none left, the session finishes
    /// with [`PollFailure::MaxAttempts`] and sends nothing), and the first
    /// request goes out one wait after this call.
    pub fn resume_inline(client: HttpClient, polling: &Polling, attempts_used: u32) -> PollSession {
        Self::begin(client, polling, false, Some(attempts_used))
    }

    fn begin(client: HttpClient, polling: &Polling, spawn: bool, resumed: Option<u32>) -> PollSession {
        let on_error = polling.on_error_behavior().map(|b| Box::new(Cow::into_owned(b)));
        let control = PollControl::new();
        let invalid = |message: String, control: PollControl, on_error| {
            tracing::debug!(%message, "polling not started");
            let last = PollEvent::Finished(PollDecision::Fail(PollFailure::Invalid(message)));
            let handover = Arc::new(Handover::ended_with(last));
            PollSession { handover, driver: None, inline: !spawn, control, on_error, finished: false }
        };
        let plan = match Plan::new(&client, polling) {
            Ok(plan) => plan,
            Err(message) => return invalid(message, control, on_error),
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            let message = "PollSession::start was called outside a Tokio runtime".to_owned();
            return invalid(message, control, on_error);
        };
        let initial = if client.config().first_poll_immediately() { Duration::ZERO } else { plan.wait };
        let request = client.request(Method::GET, plan.url, None, Some(plan.timeout));
        let run = Poller::new(client, request, DynamicFlowJudge)
            .pacing(Pacing::fixed(plan.wait).with_initial_delay(initial))
            .budget(Budget::max_attempts(plan.max_attempts))
            .control(control.clone())
            .kind("dynamic_flow")
            .continuing(match resumed {
                Some(used) => Continuation::new().with_attempts(used).with_first_delay(plan.wait),
                None => Continuation::new(),
            })
            .into_run();
        let handover = Arc::new(Handover::default());
        let driver = driver(run, plan.max_attempts, handover.clone(), !spawn);
        let driver = if spawn {
            let end = EndOnDrop(handover.clone());
            runtime.spawn(async move {
                // Ends when the loop does, cancellation included (dropping
                // the session cancels it); a runtime shutting down drops it.
                let _end = end;
                driver.await;
            });
            None
        } else {
            Some(SyncWrapper::new(driver))
        };
        PollSession { handover, driver, inline: !spawn, control, on_error, finished: false }
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
        let next = match self.driver.as_mut() {
            // In its own task, or an inline loop that ended.
            None => self.handover.poll_next(cx),
            Some(driver) => match self.handover.pop() {
                Some(event) => Poll::Ready(Some(event)),
                None => {
                    // The queue is empty: the loop goes on with its next turn.
                    if driver.get_mut().as_mut().poll(cx).is_ready() {
                        self.driver = None;
                        self.handover.end();
                    }
                    match self.handover.pop() {
                        Some(event) => Poll::Ready(Some(event)),
                        None if self.driver.is_none() => Poll::Ready(None),
                        None => Poll::Pending,
                    }
                }
            },
        };
        match next {
            Poll::Ready(Some(event)) => {
                self.finished = matches!(event, PollEvent::Finished(_));
                Poll::Ready(Some(event))
            }
            // The loop ended (cancelled) without a last event.
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
        self.on_error.as_deref()
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

/// The session's loop: turn after turn (wait, send, judge), each attempt
/// and then the last event left in `handover`. Inline (`wait_for_owner`), it
/// waits after each turn until the owner took the events, so the next turn
/// starts when the owner asks again; each wait still counts from the answer
/// before it.
fn driver(mut run: Run, max_attempts: u32, handover: Arc<Handover>, wait_for_owner: bool) -> Driver {
    Box::pin(async move {
        let mut recorder = AttemptRecorder { max_attempts, note: None };
        loop {
            let turn = run.step(&mut recorder).await;
            if let Some(note) = recorder.note.take() {
                handover.push(note.into_event());
            }
            match turn {
                Some(Turn::Continue { .. }) => {}
                Some(Turn::Finished(finish)) => {
                    if let Some(last) = last_event(finish) {
                        handover.push(last);
                    }
                    return;
                }
                // Already ended, or a turn this version does not know.
                _ => return,
            }
            if wait_for_owner {
                handover.taken().await;
            }
        }
    })
}

/// How the loop's end reaches the owner; `None` when cancelled (nothing to
/// hand over) or for an end this version does not know.
fn last_event(finish: Finish<PollDecision, PollFailure>) -> Option<PollEvent> {
    let last = match finish {
        Finish::Done { value, .. } => value,
        Finish::Failed { failure, .. } => PollDecision::Fail(failure),
        // The §4.2 loop has no deadline; a budget running out is max_attempts.
        Finish::Exhausted { .. } | Finish::DeadlineExceeded { .. } => {
            PollDecision::Fail(PollFailure::MaxAttempts)
        }
        _ => return None,
    };
    Some(PollEvent::Finished(last))
}

/// Keeps the turn's attempt, for a [`PollEvent::Attempt`].
struct AttemptRecorder {
    max_attempts: u32,
    /// Not a `PollEvent`, which has room for a whole decision: this lives
    /// in every waiting session's turn.
    note: Option<AttemptNote>,
}

/// The fields of a [`PollEvent::Attempt`].
struct AttemptNote {
    number: u32,
    max_attempts: u32,
    status: Option<u16>,
    error: Option<String>,
    decision: PollDecisionKind,
}

impl AttemptNote {
    fn into_event(self) -> PollEvent {
        let AttemptNote { number, max_attempts, status, error, decision } = self;
        PollEvent::Attempt { number, max_attempts, status, error, decision }
    }
}

impl Observer<PollDecision, PollFailure> for AttemptRecorder {
    fn on_attempt(&mut self, report: &AttemptReport<'_, PollDecision, PollFailure>) {
        let decision = match report.verdict {
            Verdict::Done(last) => last.kind(),
            Verdict::Fail(_) => PollDecisionKind::Fail,
            _ => PollDecisionKind::KeepPolling,
        };
        self.note = Some(AttemptNote {
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
