//! [`Poller`]: the poll loop itself — wait, send, judge, report, repeat —
//! and what it ends with, [`Finish`]. [`Observer`]s see every attempt.
//!
//! The loop body lives in one place, [`PollRun`]: [`Poller::run_with`]
//! steps it to the end, and hosts that drive polling themselves step it one
//! attempt at a time ([`PollRun::step`], [`PollRun::attempt_now`]).
//! A [`Continuation`] starts a loop where an earlier one left off (attempts
//! and time already used, a `Retry-After` still in effect).

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::time::Instant;

use super::budget::Budget;
use super::clock::WallClock;
use super::control::{PollControl, WaitStart};
use super::judge::{Attempt, Judge, Verdict};
use super::pacing::{Pacer, Pacing};
use crate::client::HttpClient;
use crate::redact::RedactedUrlWith;
use crate::trace::in_span;
use crate::transport::HttpRequest;

/// How a poll loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finish<T, E> {
    /// The judge said [`Verdict::Done`].
    Done {
        /// The judge's value.
        value: T,
        /// Requests sent.
        attempts: u32,
    },
    /// The judge said [`Verdict::Fail`].
    Failed {
        /// The judge's failure.
        failure: E,
        /// Requests sent.
        attempts: u32,
    },
    /// The last request the budget allowed did not end polling.
    Exhausted {
        /// Requests sent.
        attempts: u32,
    },
    /// The loop was cancelled (its last answer, if one was in flight, discarded).
    Cancelled {
        /// Requests sent (an aborted one included).
        attempts: u32,
    },
    /// The budget's deadline passed; the last request (made at the
    /// deadline) did not end polling.
    DeadlineExceeded {
        /// Requests sent.
        attempts: u32,
        /// Time since the loop (or the loop it continues) started.
        elapsed: Duration,
    },
}

impl<T, E> Finish<T, E> {
    /// Requests sent before the loop ended.
    pub fn attempts(&self) -> u32 {
        match self {
            Finish::Done { attempts, .. }
            | Finish::Failed { attempts, .. }
            | Finish::Exhausted { attempts }
            | Finish::Cancelled { attempts }
            | Finish::DeadlineExceeded { attempts, .. } => *attempts,
        }
    }
}

/// Everything known about one attempt once it was judged.
#[derive(Debug)]
#[non_exhaustive]
pub struct AttemptReport<'a, T, E> {
    /// The attempt (number, timing, response or error).
    pub attempt: &'a Attempt<'a>,
    /// What the judge made of it.
    pub verdict: &'a Verdict<T, E>,
    /// The wait before the next request; `None` when polling stops here.
    pub next_delay: Option<Duration>,
    /// The `Retry-After` in effect after this attempt (pacings that honour it).
    pub retry_after: Option<Duration>,
}

/// Sees each attempt of a loop as it is judged (progress reporting, events).
///
/// All methods have empty defaults.
pub trait Observer<T, E>: Send {
    /// Called once per attempt, after the judge and before the next wait.
    fn on_attempt(&mut self, report: &AttemptReport<'_, T, E>) {
        let _ = report;
    }
}

/// The observer that ignores everything.
impl<T, E> Observer<T, E> for () {}

/// One poll loop: a request sent again and again (see the module docs).
///
/// Built with [`Poller::new`], configured with [`pacing`](Self::pacing),
/// [`budget`](Self::budget) and [`control`](Self::control), then driven by
/// [`run`](Self::run) or [`run_with`](Self::run_with). The loop is a plain
/// future: it makes progress while awaited, and dropping it cancels it
/// (a request in flight is dropped with it).
pub struct Poller<J> {
    client: HttpClient,
    request: HttpRequest,
    judge: J,
    pacing: Pacing,
    budget: Budget,
    /// Made when first asked for ([`handle`](Self::handle), the run).
    control: OnceLock<PollControl>,
    kind: &'static str,
    continuation: Continuation,
    clock: Option<Arc<dyn WallClock>>,
}

/// Where a loop starts when it continues earlier work on the same target
/// (a resumed poll, or polling after a start request): requests already
/// sent, time already used of the deadline, a `Retry-After` still in
/// effect, and the wait before its first request.
///
/// ```
/// use std::time::Duration;
/// use flow_poll::Continuation;
/// let c = Continuation::new().with_attempts(3).with_elapsed(Duration::from_secs(30));
/// assert_eq!((c.attempts, c.elapsed), (3, Duration::from_secs(30)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Continuation {
    /// Requests already sent: the first one of this loop is number `attempts + 1`.
    pub attempts: u32,
    /// Time already used of the budget's deadline.
    pub elapsed: Duration,
    /// A `Retry-After` still in effect (for pacings that honour it, it is
    /// the least first wait too).
    pub retry_after: Option<Duration>,
    /// The wait before the first request, instead of the pacing's.
    pub first_delay: Option<Duration>,
}

impl Continuation {
    /// Nothing used yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Requests already sent.
    #[must_use]
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Time already used.
    #[must_use]
    pub fn with_elapsed(mut self, elapsed: Duration) -> Self {
        self.elapsed = elapsed;
        self
    }

    /// A `Retry-After` in effect.
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// The wait before the first request.
    #[must_use]
    pub fn with_first_delay(mut self, delay: Duration) -> Self {
        self.first_delay = Some(delay);
        self
    }
}

impl<J> fmt::Debug for Poller<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poller")
            .field("kind", &self.kind)
            .field("method", &self.request.method)
            .field("url", &self.client.redact(&self.request.url))
            .field("headers", &self.request.headers)
            .field("pacing", &self.pacing)
            .field("budget", &self.budget)
            .field("control", &self.control)
            .finish_non_exhaustive()
    }
}

impl<J: Judge> Poller<J> {
    /// A loop sending (a copy of) `request` through `client`, judged by
    /// `judge`; default pacing ([`Pacing::default`]), no attempt limit, a
    /// fresh control.
    pub fn new(client: HttpClient, request: HttpRequest, judge: J) -> Self {
        Poller {
            client,
            request,
            judge,
            pacing: Pacing::default(),
            budget: Budget::unlimited(),
            control: OnceLock::new(),
            kind: "generic",
            continuation: Continuation::default(),
            clock: None,
        }
    }

    /// Continues earlier work on the same target (see [`Continuation`]).
    #[must_use]
    pub fn continuing(mut self, continuation: Continuation) -> Self {
        self.continuation = continuation;
        self
    }

    /// Reads HTTP-date `Retry-After` values against `clock` (default: the
    /// system clock).
    #[must_use]
    pub fn wall_clock(mut self, clock: Arc<dyn WallClock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The loop, ready to be stepped by hand (nothing is sent until then).
    pub fn into_run(self) -> PollRun<J> {
        let span = if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug_span!(
                "poll",
                kind = self.kind,
                url = %RedactedUrlWith(&self.request.url, self.client.config().sensitive_query_params()),
                max_attempts = self.budget.attempt_limit(),
            )
        } else {
            tracing::Span::none()
        };
        PollRun::new(self, span)
    }

    /// Sets the pacing.
    #[must_use]
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = pacing;
        self
    }

    /// Sets the budget.
    #[must_use]
    pub fn budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Uses `control` to pause, resume and cancel this loop.
    #[must_use]
    pub fn control(mut self, control: PollControl) -> Self {
        self.control = OnceLock::from(control);
        self
    }

    /// Names the kind of loop in its tracing span (`"dynamic_flow"`, …).
    #[must_use]
    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// A handle to pause, resume or cancel this loop.
    pub fn handle(&self) -> PollControl {
        self.control.get_or_init(PollControl::new).clone()
    }

    /// Runs the loop to its end.
    pub async fn run(self) -> Finish<J::Output, J::Failure> {
        self.run_with(&mut ()).await
    }

    /// Runs the loop to its end, telling `observer` about every attempt.
    ///
    /// The loop lives in a `poll` tracing span (kind, redacted URL, attempt
    /// limit); each attempt in a `poll_attempt` span.
    pub async fn run_with<O>(self, observer: &mut O) -> Finish<J::Output, J::Failure>
    where
        O: Observer<J::Output, J::Failure> + ?Sized,
    {
        let span = tracing::debug_span!(
            "poll",
            kind = self.kind,
            url = %RedactedUrlWith(&self.request.url, self.client.config().sensitive_query_params()),
            max_attempts = self.budget.attempt_limit(),
        );
        in_span(span, self.drive(observer)).await
    }

    async fn drive<O>(self, observer: &mut O) -> Finish<J::Output, J::Failure>
    where
        O: Observer<J::Output, J::Failure> + ?Sized,
    {
        let mut run = PollRun::new(self, tracing::Span::none());
        loop {
            if let Turn::Finished(finish) = run.advance(observer, true).await {
                return finish;
            }
        }
    }
}

/// What one turn of a [`PollRun`] (one wait, one request, its verdict) came to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Turn<T, E> {
    /// Polling goes on after this wait.
    Continue {
        /// The wait before the next request.
        next_delay: Duration,
    },
    /// The loop ended.
    Finished(Finish<T, E>),
}

/// A poll loop in progress, stepped one attempt at a time (made by
/// [`Poller::into_run`]). [`Poller::run_with`] is this, stepped to the end.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::Arc;
/// use std::time::Duration;
/// use flow_poll::{judge_fn, Budget, Finish, Pacing, Poller, Turn, Verdict};
/// use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
/// use flow_poll::{HttpClient, RuntimeConfig};
///
/// let base = url::Url::parse("https://jobs.example/").unwrap();
/// let transport = Arc::new(ScriptedTransport::new(&base));
/// transport.route("GET /job", [ScriptedReply::status(202), ScriptedReply::status(200)]);
/// let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
/// let request = client.request(http::Method::GET, client.resolve("/job").unwrap(), None, None);
/// let judge = judge_fn(|a| match a.response().map(|r| r.status.as_u16()) {
///     Some(200) => Verdict::Done(()),
///     _ => Verdict::<(), ()>::Continue,
/// });
/// let mut run = Poller::new(client, request, judge)
///     .pacing(Pacing::fixed(Duration::from_secs(3)))
///     .budget(Budget::deadline(Duration::from_secs(60)))
///     .into_run();
/// // The host decides when to send: now, without the pacing's first wait.
/// assert_eq!(run.attempt_now(&mut ()).await, Some(Turn::Continue { next_delay: Duration::from_secs(3) }));
/// assert_eq!(run.attempts(), 1);
/// let last = run.step(&mut ()).await; // waits 3 s, then polls
/// assert_eq!(last, Some(Turn::Finished(Finish::Done { value: (), attempts: 2 })));
/// assert_eq!(run.step(&mut ()).await, None);
/// assert_eq!(transport.requests()[1].at, Duration::from_secs(3));
/// # }
/// ```
pub struct PollRun<J> {
    client: HttpClient,
    request: HttpRequest,
    judge: J,
    budget: Budget,
    control: PollControl,
    /// Time the loop it continues had used (see [`Continuation::elapsed`]).
    elapsed_before: Duration,
    pacer: Pacer,
    start: Instant,
    deadline: Option<Instant>,
    attempts: u32,
    delay: Duration,
    /// When `delay` began counting: the previous answer's arrival (`None`
    /// before the first request: the wait counts from the first step).
    delay_from: Option<WaitStart>,
    finished: bool,
    span: tracing::Span,
}

impl<J> fmt::Debug for PollRun<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollRun")
            .field("url", &self.client.redact(&self.request.url))
            .field("budget", &self.budget)
            .field("control", &self.control)
            .field("attempts", &self.attempts)
            .field("next_delay", &self.next_delay())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<J> PollRun<J> {
    /// Requests sent so far (a continued loop's earlier ones included).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Time since the loop (or the loop it continues) started.
    pub fn elapsed(&self) -> Duration {
        self.elapsed_before.saturating_add(self.start.elapsed())
    }

    /// Time left before the deadline, if the budget has one.
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline.map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// The wait before the next request (cut to the deadline); `None` once
    /// the loop ended.
    pub fn next_delay(&self) -> Option<Duration> {
        (!self.finished).then(|| self.clamped(self.delay))
    }

    /// The `Retry-After` in effect, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.pacer.retry_after()
    }

    /// Whether the loop ended.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The request the loop sends.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// The judge.
    pub fn judge(&self) -> &J {
        &self.judge
    }

    /// The judge, mutably (e.g. to take what it noted).
    pub fn judge_mut(&mut self) -> &mut J {
        &mut self.judge
    }

    /// A handle to pause, resume or cancel this loop.
    pub fn handle(&self) -> PollControl {
        self.control.clone()
    }

    /// `delay`, cut so that it ends no later than the deadline.
    fn clamped(&self, delay: Duration) -> Duration {
        match self.remaining() {
            Some(remaining) => delay.min(remaining),
            None => delay,
        }
    }
}

impl<J: Judge> PollRun<J> {
    fn new(poller: Poller<J>, span: tracing::Span) -> Self {
        let start = Instant::now();
        let Poller { client, request, judge, pacing, budget, control, kind: _, continuation, clock } = poller;
        let mut pacer = pacing.pacer();
        if let Some(clock) = clock {
            pacer = pacer.with_wall_clock(clock);
        }
        pacer.carry_retry_after(continuation.retry_after);
        let delay = match continuation.first_delay {
            Some(delay) => delay,
            None => pacer.first_delay(),
        };
        let deadline = budget.max_elapsed().map(|max| {
            start.checked_add(max.saturating_sub(continuation.elapsed)).unwrap_or_else(|| far_future(start))
        });
        PollRun {
            client,
            request,
            judge,
            budget,
            control: control.into_inner().unwrap_or_default(),
            elapsed_before: continuation.elapsed,
            pacer,
            start,
            deadline,
            attempts: continuation.attempts,
            delay,
            delay_from: None,
            finished: false,
            span,
        }
    }

    /// Waits the pending wait (pausable, cut to the deadline; counted from
    /// the previous answer, the first one from this call), then sends one
    /// request and judges it. `None` once the loop had already ended.
    pub async fn step<O>(&mut self, observer: &mut O) -> Option<Turn<J::Output, J::Failure>>
    where
        O: Observer<J::Output, J::Failure> + ?Sized,
    {
        if self.finished {
            return None;
        }
        let span = self.span.clone();
        Some(in_span(span, self.advance(observer, true)).await)
    }

    /// Sends one request now (skipping the pending wait) and judges it;
    /// budgets apply. `None` once the loop had already ended.
    pub async fn attempt_now<O>(&mut self, observer: &mut O) -> Option<Turn<J::Output, J::Failure>>
    where
        O: Observer<J::Output, J::Failure> + ?Sized,
    {
        if self.finished {
            return None;
        }
        let span = self.span.clone();
        Some(in_span(span, self.advance(observer, false)).await)
    }

    fn finish(&mut self, finish: Finish<J::Output, J::Failure>) -> Turn<J::Output, J::Failure> {
        self.finished = true;
        Turn::Finished(finish)
    }

    /// One turn of the loop: wait (when `wait`), send, judge, report.
    async fn advance<O>(&mut self, observer: &mut O, wait: bool) -> Turn<J::Output, J::Failure>
    where
        O: Observer<J::Output, J::Failure> + ?Sized,
    {
        let budget = self.budget;
        if budget.is_exhausted(self.attempts) {
            // Only a continued loop can start with its attempts used up.
            return self.finish(Finish::Exhausted { attempts: self.attempts });
        }
        let waited = if wait {
            let delay = self.clamped(self.delay);
            let from = self.delay_from.take();
            self.control.wait(from, delay).await.is_ok()
        } else {
            true
        };
        if !waited || self.control.is_cancelled() {
            tracing::debug!(attempts = self.attempts, "polling cancelled");
            return self.finish(Finish::Cancelled { attempts: self.attempts });
        }
        self.attempts += 1;
        let attempts = self.attempts;
        let sent = Instant::now();
        let span = if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug_span!("poll_attempt", number = attempts)
        } else {
            tracing::Span::none()
        };
        // The request is lent, not copied, unless a deadline cuts its
        // timeout (then the copy is boxed: the loop's future stays small).
        let cut = self.deadline.map(|deadline| {
            // Never past the deadline — but the poll made at it gets the grace.
            let left = deadline.saturating_duration_since(sent).max(budget.last_poll_grace());
            let mut request = Box::new(self.request.clone());
            request.timeout = Some(request.timeout.map_or(left, |t| t.min(left)));
            request
        });
        let request = cut.as_deref().unwrap_or(&self.request);
        let send = in_span(span.clone(), self.client.send_ref(request));
        let outcome = tokio::select! {
            biased;
            () = self.control.cancelled() => None,
            outcome = send => Some(outcome),
        };
        // Cancelled before the answer was taken: the biased select picked
        // cancellation, the request future is dropped (aborted).
        let Some(outcome) = outcome else {
            tracing::debug!(parent: &span, "polling cancelled; request aborted or answer discarded");
            return self.finish(Finish::Cancelled { attempts });
        };
        let attempt = Attempt {
            number: attempts,
            max_attempts: budget.attempt_limit(),
            sent_at: self.elapsed_before.saturating_add(sent.saturating_duration_since(self.start)),
            latency: sent.elapsed(),
            outcome: &outcome,
        };
        let verdict = self.judge.judge(&attempt);
        let exhausted = budget.is_exhausted(attempts);
        let out_of_time = self.deadline.is_some_and(|deadline| Instant::now() >= deadline);
        let next_delay = match verdict {
            Verdict::Continue if !exhausted && !out_of_time => {
                let next = self.pacer.next_delay(&attempt);
                Some(self.clamped(next))
            }
            Verdict::Retry if !exhausted && !out_of_time => {
                let next = self.pacer.retry_delay(&attempt);
                Some(self.clamped(next))
            }
            _ => None,
        };
        tracing::debug!(
            parent: &span,
            status = attempt.response().map(|r| r.status.as_u16()),
            error = attempt.error().map(tracing::field::display),
            verdict = verdict.kind().as_str(),
            next_delay_ms = next_delay.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            "poll attempt judged"
        );
        let retry_after = self.pacer.retry_after();
        observer.on_attempt(&AttemptReport { attempt: &attempt, verdict: &verdict, next_delay, retry_after });
        match (verdict, next_delay) {
            (Verdict::Done(value), _) => self.finish(Finish::Done { value, attempts }),
            (Verdict::Fail(failure), _) => self.finish(Finish::Failed { failure, attempts }),
            (_, Some(next)) => {
                self.delay = next;
                // The next wait counts from now, however late the run is
                // stepped again (a host driving turns by hand).
                self.delay_from = Some(self.control.mark());
                Turn::Continue { next_delay: next }
            }
            (_, None) if exhausted => self.finish(Finish::Exhausted { attempts }),
            (_, None) => {
                let elapsed = self.elapsed();
                self.finish(Finish::DeadlineExceeded { attempts, elapsed })
            }
        }
    }
}

/// An instant far enough ahead to mean "never" (no overflow).
fn far_future(start: Instant) -> Instant {
    start + Duration::from_secs(60 * 60 * 24 * 365 * 30)
}
