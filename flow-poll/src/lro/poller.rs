//! [`LroPoller`]: one long-running operation, driven on the general engine
//! ([`PollRun`]) — to the end ([`until_done`](LroPoller::until_done),
//! `.await`, a [stream](LroPoller::into_stream)) or one request at a time
//! ([`poll_once`](LroPoller::poll_once)) — saving a resumable state as it
//! goes when keyed.

use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use super::error::{Answer, LroError};
use super::judge::{scrubbed, LroJudge, Seen, TransientPolicy};
use super::stream::LroStream;
use crate::backoff::RetryBackoff;
use crate::client::HttpClient;
use crate::clock::WallClock;
use crate::criteria::{parse_body, Criteria};
use crate::location::PollLocation;
use crate::pacing::{Pacing, RetryAfter};
use crate::progress::{Progress, ProgressPointers};
use crate::resume::{redacted_url, FinalAnswer, PollState, StateParts, StateStore, MAX_KEPT_BODY_BYTES};
use crate::retry_after::retry_after;
use crate::transport::{HttpRequest, HttpResponse};
use crate::{Budget, Continuation, Finish, PollControl, PollRun, Poller, Turn};

/// The progress callback, behind a lock so the poller stays `Sync`.
pub(crate) type ProgressCallback = Mutex<Box<dyn FnMut(&Progress) + Send>>;

/// The checked configuration (made by [`LroBuilder::build`](super::LroBuilder::build)).
pub(crate) struct Plan {
    pub(crate) client: HttpClient,
    pub(crate) start: Option<HttpRequest>,
    pub(crate) poll: Option<HttpRequest>,
    pub(crate) location: PollLocation,
    pub(crate) poll_method: Method,
    pub(crate) headers: HeaderMap,
    pub(crate) secrets: Vec<(String, String)>,
    pub(crate) criteria: Arc<Criteria>,
    pub(crate) fingerprint: String,
    pub(crate) pacing: Pacing,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) request_timeout: Duration,
    pub(crate) transient: TransientPolicy,
    pub(crate) retry: RetryBackoff,
    pub(crate) fresh: bool,
    pub(crate) pointers: ProgressPointers,
    pub(crate) every_attempt: bool,
    pub(crate) clock: Arc<dyn WallClock>,
    pub(crate) operation: Option<String>,
    pub(crate) resume: Option<PollState>,
    pub(crate) key: Option<String>,
    pub(crate) store: Option<Arc<dyn StateStore>>,
}

/// Where a host-driven poll stands after [`LroPoller::poll_once`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PollStatus<T> {
    /// Not done; poll again after (at least) `next_delay`.
    InProgress {
        /// The recommended wait (pacing, `Retry-After`, deadline applied).
        next_delay: Duration,
    },
    /// Done: the final answer, decoded.
    Done(T),
}

enum Phase {
    Ready,
    Polling(Box<PollRun<LroJudge>>),
    Done(Result<Answer, LroError>),
}

/// When the operation started, by the wall clock, and its budgets.
#[derive(Debug, Clone, Copy)]
struct Started {
    at: SystemTime,
    deadline: Option<SystemTime>,
    max_attempts: Option<u32>,
}

/// A long-running operation being polled (see the [module docs](super)).
///
/// `Send + Sync`. Nothing is sent until it is driven; dropping it (or the
/// future or stream driving it) cancels it, as does its
/// [control](Self::control): any wait ends at once and nothing is sent
/// afterwards.
pub struct LroPoller<T = Value> {
    plan: Plan,
    phase: Phase,
    control: PollControl,
    on_progress: Option<ProgressCallback>,
    progress: Option<Progress>,
    emitted: Option<Progress>,
    queue: Option<VecDeque<Progress>>,
    started: Option<Started>,
    state: Option<PollState>,
    attempts: u32,
    budget: Budget,
    _out: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for LroPoller<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = match &self.phase {
            Phase::Ready => "ready",
            Phase::Polling(_) => "polling",
            Phase::Done(Ok(_)) => "succeeded",
            Phase::Done(Err(_)) => "failed",
        };
        let sensitive = self.plan.client.config().sensitive_query_params();
        let target =
            self.plan.start.as_ref().or(self.plan.poll.as_ref()).map(|r| redacted_url(&r.url, sensitive));
        f.debug_struct("LroPoller")
            .field("phase", &phase)
            .field("operation", &self.plan.operation)
            .field("target", &target)
            .field("attempts", &self.attempts)
            .field("status", &self.status())
            .field("percent_complete", &self.percent_complete())
            .finish_non_exhaustive()
    }
}

impl<T> LroPoller<T> {
    pub(crate) fn new(plan: Plan, on_progress: Option<ProgressCallback>, control: PollControl) -> Self {
        LroPoller {
            plan,
            phase: Phase::Ready,
            control,
            on_progress,
            progress: None,
            emitted: None,
            queue: None,
            started: None,
            state: None,
            attempts: 0,
            budget: Budget::unlimited(),
            _out: PhantomData,
        }
    }

    /// The same poller, its result decoded as `U`.
    pub fn decode_as<U>(self) -> LroPoller<U> {
        LroPoller {
            plan: self.plan,
            phase: self.phase,
            control: self.control,
            on_progress: self.on_progress,
            progress: self.progress,
            emitted: self.emitted,
            queue: self.queue,
            started: self.started,
            state: self.state,
            attempts: self.attempts,
            budget: self.budget,
            _out: PhantomData,
        }
    }

    /// The handle that cancels this poll (also pauses and resumes it).
    pub fn control(&self) -> PollControl {
        self.control.clone()
    }

    /// Cancels the poll: a wait ends at once, a request in flight is
    /// dropped, nothing is sent afterwards.
    pub fn cancel(&self) {
        self.control.cancel();
    }

    /// The operation's last status string (`None` while unknown).
    pub fn status(&self) -> Option<&str> {
        self.progress.as_ref().and_then(|p| p.status.as_deref())
    }

    /// The operation's last percent complete (`None` while unknown).
    pub fn percent_complete(&self) -> Option<f64> {
        self.progress.as_ref().and_then(|p| p.percent)
    }

    /// The last progress report (whether or not it was emitted).
    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    /// Poll attempts made so far (resumed ones included).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The wait before the next request, while polling.
    pub fn next_delay(&self) -> Option<Duration> {
        match &self.phase {
            Phase::Polling(run) => run.next_delay(),
            _ => None,
        }
    }

    /// The resumable state as of the last step (`None` before the poll
    /// location is known). After the end it is marked finished.
    pub fn state(&self) -> Option<&PollState> {
        self.state.as_ref()
    }

    /// Whether the poll has ended.
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Done(_))
    }

    /// The final answer once the poll succeeded, the error once it failed;
    /// `None` before the end.
    pub fn outcome(&self) -> Option<Result<&Answer, &LroError>> {
        match &self.phase {
            Phase::Done(result) => Some(result.as_ref()),
            _ => None,
        }
    }

    /// Starts the operation without polling yet: sends the start request
    /// (or loads a keyed state) and saves the first state. A no-op once
    /// started.
    pub async fn start(&mut self) -> Result<(), LroError> {
        if matches!(self.phase, Phase::Ready) {
            if let Err(error) = self.begin().await {
                self.conclude(Err(error.clone())).await;
                return Err(error);
            }
        }
        match &self.phase {
            Phase::Done(Err(error)) => Err(error.clone()),
            _ => Ok(()),
        }
    }

    /// Polls to the end and returns the final answer as it is.
    pub async fn until_answer(mut self) -> Result<Answer, LroError> {
        while self.advance(true).await.is_some() {}
        self.result()
    }

    /// A [`Stream`](futures::Stream) of progress reports, ending with the
    /// result.
    pub fn into_stream(mut self) -> LroStream<T> {
        self.queue = Some(VecDeque::new());
        LroStream::new(self)
    }

    pub(crate) fn take_queue(&mut self) -> VecDeque<Progress> {
        self.queue.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The result once finished (an `InvalidConfiguration` error before).
    pub(crate) fn result(&self) -> Result<Answer, LroError> {
        match &self.phase {
            Phase::Done(result) => result.clone(),
            _ => Err(LroError::InvalidConfiguration("the poll has not finished".to_owned())),
        }
    }

    /// One step: the start (when not started), then a wait (when `wait`) and
    /// one poll. `Some(next delay)` while polling goes on; `None` once it
    /// has ended (the result is in the phase).
    pub(crate) async fn advance(&mut self, wait: bool) -> Option<Duration> {
        if matches!(self.phase, Phase::Ready) {
            match self.begin().await {
                Err(error) => {
                    self.conclude(Err(error)).await;
                    return None;
                }
                Ok(true) if !wait => return self.next_delay(),
                Ok(_) => {}
            }
        }
        let (step, seen, elapsed, last, moved_to) = {
            let Phase::Polling(run) = &mut self.phase else { return None };
            let step = if wait { run.step(&mut ()).await } else { run.attempt_now(&mut ()).await };
            let seen = run.judge_mut().take_seen();
            let moved_to = run.judge_mut().take_moved_to();
            let last = run.judge().last_answer().cloned().map(Box::new);
            (step, seen, run.elapsed(), last, moved_to)
        };
        match step? {
            Turn::Continue { next_delay } => {
                self.attempts = self.attempts.max(seen.as_ref().map_or(0, |s| s.attempt));
                if let Some(seen) = seen {
                    self.report(seen, elapsed, Some(next_delay));
                }
                if let Some(location) = moved_to {
                    self.follow(&location, next_delay);
                }
                if let Err(error) = self.save(Some(next_delay), None).await {
                    self.conclude(Err(error)).await;
                    return None;
                }
                Some(next_delay)
            }
            Turn::Finished(finish) => {
                self.attempts = finish.attempts();
                if let Some(seen) = seen {
                    self.report(seen, elapsed, None);
                }
                let result = match finish {
                    Finish::Done { value, .. } => Ok(value),
                    Finish::Failed { failure, .. } => Err(failure),
                    Finish::Exhausted { attempts } => {
                        Err(LroError::AttemptsExhausted { attempts, elapsed, last })
                    }
                    Finish::DeadlineExceeded { attempts, elapsed } => {
                        Err(LroError::DeadlineExceeded { elapsed, attempts, last })
                    }
                    Finish::Cancelled { attempts } => Err(LroError::Cancelled { attempts }),
                };
                self.conclude(result).await;
                None
            }
        }
    }

    /// Moves later polls to `location` (named by a `201`/`202` answer,
    /// resolved against the URL that answered), keeping the attempts, time
    /// and `Retry-After` used so far and the wait already planned.
    fn follow(&mut self, location: &str, next_delay: Duration) {
        let Phase::Polling(run) = &self.phase else { return };
        let current = run.request().url.clone();
        let target = match current.join(location) {
            Ok(target) => target,
            Err(error) => {
                tracing::warn!(%error, "the answer names a poll location that is not a URL; polling stays");
                return;
            }
        };
        if target == current {
            return;
        }
        let continuation = Continuation::new()
            .with_attempts(run.attempts())
            .with_elapsed(run.elapsed())
            .with_retry_after(run.retry_after())
            .with_first_delay(next_delay);
        let origin = self.plan.start.as_ref().or(self.plan.poll.as_ref()).map(|r| r.url.clone());
        let origin = origin.unwrap_or_else(|| self.plan.client.base().clone());
        let sensitive = self.plan.client.config().sensitive_query_params();
        tracing::debug!(to = %redacted_url(&target, sensitive), "following the answer's poll location");
        let request = self.poll_request(self.plan.poll_method.clone(), target, &origin);
        self.install(request, continuation, self.budget);
    }

    /// Ends the poll with `result`, saving a finished state with its final
    /// answer when keyed (not when cancelled: a cancelled poll stays
    /// resumable).
    async fn conclude(&mut self, result: Result<Answer, LroError>) {
        let outcome = match &result {
            Ok(_) => Some("succeeded"),
            Err(LroError::Cancelled { .. }) => None,
            Err(error) => Some(error.kind()),
        };
        if let (Some(outcome), Phase::Polling(_)) = (outcome, &self.phase) {
            let kept = final_answer(&result);
            if let Err(error) = self.save_finished(outcome, kept).await {
                tracing::warn!(%error, "could not save the finished poll state");
            }
        }
        self.phase = Phase::Done(result);
    }

    /// Records (and maybe emits) a progress report.
    fn report(&mut self, seen: Seen, elapsed: Duration, next_delay: Option<Duration>) {
        let progress = Progress {
            attempt: seen.attempt,
            max_attempts: self.started.and_then(|s| s.max_attempts),
            http_status: seen.http_status,
            status: seen.status,
            percent: seen.percent,
            error: seen.error,
            elapsed,
            next_delay,
        };
        let emit = self.plan.every_attempt || self.emitted.as_ref().is_none_or(|p| progress.differs_from(p));
        self.progress = Some(progress.clone());
        if !emit {
            return;
        }
        if let Some(callback) = &self.on_progress {
            let mut callback = callback.lock().unwrap_or_else(PoisonError::into_inner);
            callback(&progress);
        }
        if let Some(queue) = &mut self.queue {
            queue.push_back(progress.clone());
        }
        self.emitted = Some(progress);
    }

    /// Updates the state (and the store, when keyed).
    async fn save(&mut self, next_delay: Option<Duration>, finished: Option<&str>) -> Result<(), LroError> {
        self.save_state(next_delay, finished, None).await
    }

    async fn save_finished(&mut self, outcome: &str, result: FinalAnswer) -> Result<(), LroError> {
        self.save_state(None, Some(outcome), Some(result)).await
    }

    async fn save_state(
        &mut self,
        next_delay: Option<Duration>,
        finished: Option<&str>,
        result: Option<FinalAnswer>,
    ) -> Result<(), LroError> {
        let (Phase::Polling(run), Some(started)) = (&self.phase, self.started) else { return Ok(()) };
        let now = self.plan.clock.now();
        let request = run.request();
        let state = PollState::new(&StateParts {
            operation: self.plan.operation.as_deref(),
            method: &request.method,
            url: &request.url,
            sensitive_query: self.plan.client.config().sensitive_query_params(),
            criteria: &self.plan.fingerprint,
            attempts: run.attempts(),
            max_attempts: started.max_attempts,
            started_at: started.at,
            deadline: started.deadline,
            next_poll_at: next_delay.and_then(|d| now.checked_add(d)),
            retry_after: run.retry_after(),
            finished,
            result,
        });
        if let (Some(key), Some(store)) = (&self.plan.key, &self.plan.store) {
            store.save(key, &state.to_json()).await?;
        }
        self.state = Some(state);
        Ok(())
    }

    /// Starts: resumes a given or stored state, or sends the start request,
    /// or gets ready to poll directly. `Ok(true)` when a request was sent.
    async fn begin(&mut self) -> Result<bool, LroError> {
        if let (true, Some(key), Some(store)) = (self.plan.fresh, &self.plan.key, &self.plan.store) {
            store.remove(key).await?;
        }
        let resume = match self.plan.resume.take() {
            Some(state) => Some(state),
            None => match (&self.plan.key, &self.plan.store, self.plan.fresh) {
                (Some(key), Some(store), false) => match store.load(key).await? {
                    Some(text) => Some(PollState::from_json(&text)?),
                    None => None,
                },
                _ => None,
            },
        };
        if let Some(state) = resume.as_ref().filter(|s| s.finished().is_some()) {
            state.check_owner(&self.plan.fingerprint, self.plan.operation.as_deref())?;
            self.attempts = state.attempts();
            self.state = Some(state.clone());
            self.phase = Phase::Done(replayed(state));
            return Ok(false);
        }
        if let Some(state) = resume {
            self.resume_from(&state)?;
            let first = self.next_delay();
            self.save(first, None).await?;
            return Ok(false);
        }
        let began = Instant::now();
        let at = self.plan.clock.now();
        self.started = Some(Started {
            at,
            deadline: self.plan.timeout.and_then(|t| at.checked_add(t)),
            max_attempts: self.plan.max_attempts,
        });
        let budget = budget(self.plan.max_attempts, self.plan.timeout);
        let Some(start) = self.plan.start.clone() else {
            let Some(poll) = self.plan.poll.clone() else {
                return Err(LroError::InvalidConfiguration(format!(
                    "nothing to poll: no state under key {:?} and no start or poll request",
                    self.plan.key.as_deref().unwrap_or_default()
                )));
            };
            self.install(poll, Continuation::new().with_first_delay(self.first_wait(None)), budget);
            let first = self.next_delay();
            self.save(first, None).await?;
            return Ok(false);
        };
        let response = self.send_start(&start, began).await?;
        let sensitive = self.plan.client.config().sensitive_query_params();
        let answer = Answer::new(&response, redacted_url(&start.url, sensitive));
        let json = parse_body(&response.body);
        let target = self
            .plan
            .location
            .locate(&response.headers, json.as_ref(), &start.url, self.plan.client.base())
            .map_err(|message| LroError::NoPollLocation { message, answer: Box::new(answer) })?;
        let hint = retry_after(&response.headers, self.plan.clock.now());
        let request = self.poll_request(self.plan.poll_method.clone(), target, &start.url);
        let continuation = Continuation::new()
            .with_elapsed(began.elapsed())
            .with_retry_after(hint)
            .with_first_delay(self.first_wait(hint));
        self.install(request, continuation, budget);
        let seen = Seen {
            attempt: 0,
            http_status: Some(response.status.as_u16()),
            status: self.plan.pointers.status(json.as_ref()),
            percent: self.plan.pointers.percent(json.as_ref()),
            error: None,
        };
        let first = self.next_delay();
        self.report(seen, began.elapsed(), first);
        self.save(first, None).await?;
        Ok(true)
    }

    /// The wait before the first poll: the initial delay exactly (jitter
    /// spreads the waits between polls, not this one), or the start answer's
    /// `Retry-After` when it is longer and honoured.
    fn first_wait(&self, hint: Option<Duration>) -> Duration {
        let pacing = &self.plan.pacing;
        let initial = pacing.initial_delay();
        match hint {
            Some(hint) if pacing.retry_after() == RetryAfter::AtLeast => {
                initial.max(pacing.retry_after_cap().map_or(hint, |cap| hint.min(cap)))
            }
            _ => initial,
        }
    }

    fn resume_from(&mut self, state: &PollState) -> Result<(), LroError> {
        state.check(&self.plan.fingerprint, self.plan.operation.as_deref())?;
        let url = state.restore_url(&self.plan.secrets)?;
        let method = Method::from_bytes(state.method().as_bytes()).map_err(|_| {
            LroError::Resume(crate::resume::ResumeError::Malformed {
                message: format!("invalid method {:?}", state.method()),
            })
        })?;
        let now = self.plan.clock.now();
        let started_at = state.started_at();
        let elapsed = now.duration_since(started_at).unwrap_or_default();
        let max_elapsed = state.deadline().map(|d| d.duration_since(started_at).unwrap_or_default());
        let first =
            state.next_poll_at().map_or(Duration::ZERO, |at| at.duration_since(now).unwrap_or_default());
        let origin = self.plan.start.as_ref().or(self.plan.poll.as_ref()).map(|r| r.url.clone());
        let request = match &origin {
            Some(origin) => self.poll_request(method, url, origin),
            None => self.poll_request(method, url, &self.plan.client.base().clone()),
        };
        self.started =
            Some(Started { at: started_at, deadline: state.deadline(), max_attempts: state.max_attempts() });
        self.attempts = state.attempts();
        let continuation = Continuation::new()
            .with_attempts(state.attempts())
            .with_elapsed(elapsed)
            .with_retry_after(state.retry_after())
            .with_first_delay(first);
        self.install(request, continuation, budget(state.max_attempts(), max_elapsed));
        Ok(())
    }

    /// A poll request to `url`: the builder's headers go along only to the
    /// origin of `origin` (the start or configured request) or of the base.
    fn poll_request(&self, method: Method, url: Url, origin: &Url) -> HttpRequest {
        if let Some(poll) = &self.plan.poll {
            if poll.url == url && poll.method == method {
                return poll.clone();
            }
        }
        let trusted = url.origin() == origin.origin() || url.origin() == self.plan.client.base().origin();
        let mut request = self.plan.client.request(method, url, None, Some(self.plan.request_timeout));
        if trusted {
            for (name, value) in &self.plan.headers {
                request.headers.append(name.clone(), value.clone());
            }
        }
        self.plan.client.config().sensitive_headers().mark(&mut request.headers);
        request
    }

    fn install(&mut self, request: HttpRequest, continuation: Continuation, budget: Budget) {
        self.budget = budget;
        let sensitive = self.plan.client.config().sensitive_query_params();
        let judge = LroJudge::new(
            self.plan.criteria.clone(),
            self.plan.transient.clone(),
            self.plan.pointers.clone(),
            redacted_url(&request.url, sensitive),
        );
        let run = Poller::new(self.plan.client.clone(), request, judge)
            .pacing(self.plan.pacing.clone())
            .budget(budget)
            .control(self.control.clone())
            .kind("lro")
            .wall_clock(self.plan.clock.clone())
            .continuing(continuation)
            .into_run();
        self.phase = Phase::Polling(Box::new(run));
    }

    /// Sends the start request; retried (with the transient budget and the
    /// transient-retry waits, a `Retry-After` winning) only when it never
    /// reached the server or was refused with 429.
    async fn send_start(&self, start: &HttpRequest, began: Instant) -> Result<HttpResponse, LroError> {
        let mut failures = 0_u32;
        loop {
            let mut request = start.clone();
            let remaining = self.plan.timeout.map(|t| t.saturating_sub(began.elapsed()));
            if let Some(remaining) = remaining {
                let grace = Budget::unlimited().last_poll_grace();
                let limit = remaining.max(grace);
                request.timeout = Some(request.timeout.map_or(limit, |t| t.min(limit)));
            }
            let outcome = tokio::select! {
                biased;
                () = self.control.cancelled() => return Err(LroError::Cancelled { attempts: 0 }),
                outcome = self.plan.client.send(request) => outcome,
            };
            let outcome = match outcome {
                Ok(response) if response.status.is_success() => return Ok(response),
                other => other,
            };
            let sensitive = self.plan.client.config().sensitive_query_params();
            let retryable = match &outcome {
                Ok(response) => response.status.as_u16() == 429,
                Err(error) => error.is_connect(),
            };
            let out_of_time = remaining.is_some_and(|r| r.is_zero());
            if !retryable || failures >= self.plan.transient.max_consecutive() || out_of_time {
                let transient_failures = if retryable { failures } else { 0 };
                return Err(match outcome {
                    Ok(response) => {
                        let answer = Box::new(Answer::new(&response, redacted_url(&start.url, sensitive)));
                        if retryable {
                            LroError::UnexpectedStatus { answer, transient_failures }
                        } else {
                            LroError::StartRejected { answer }
                        }
                    }
                    Err(error) => LroError::Transport {
                        error: scrubbed(&error, &redacted_url(&start.url, sensitive)),
                        transient_failures,
                    },
                });
            }
            // The transient-retry waits (P.2): a Retry-After wins.
            let hint = outcome.ok().and_then(|r| retry_after(&r.headers, self.plan.clock.now()));
            let mut wait = hint.unwrap_or_else(|| self.plan.retry.delay(failures, &mut rand::thread_rng()));
            failures += 1;
            if let Some(remaining) = self.plan.timeout.map(|t| t.saturating_sub(began.elapsed())) {
                wait = wait.min(remaining);
            }
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            tracing::debug!(failures, wait_ms, "start request refused or unreachable; retrying");
            tokio::select! {
                biased;
                () = self.control.cancelled() => return Err(LroError::Cancelled { attempts: 0 }),
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// What a finished state keeps of the result (see [`FinalAnswer`]).
fn final_answer(result: &Result<Answer, LroError>) -> FinalAnswer {
    let (answer, error) = match result {
        Ok(answer) => (Some(answer), None),
        Err(error) => (error.answer(), Some(error.to_string())),
    };
    FinalAnswer {
        status: answer.map(Answer::status),
        content_type: answer.and_then(|a| a.header("content-type")).map(str::to_owned),
        body: answer
            .filter(|a| a.body().len() <= MAX_KEPT_BODY_BYTES)
            .and_then(|a| std::str::from_utf8(a.body()).ok())
            .map(str::to_owned),
        url: answer.map(|a| a.url().to_owned()).unwrap_or_default(),
        error,
    }
}

/// The result a finished state recorded, replayed without a request.
fn replayed(state: &PollState) -> Result<Answer, LroError> {
    let outcome = state.finished().unwrap_or_default().to_owned();
    let kept = state.result();
    let answer = kept.and_then(|kept| {
        let status = http::StatusCode::from_u16(kept.status?).ok()?;
        let mut response = HttpResponse::new(status, kept.body.clone().unwrap_or_default());
        if let Some(value) = kept.content_type.as_deref().and_then(|v| http::HeaderValue::from_str(v).ok()) {
            response.headers.insert(http::header::CONTENT_TYPE, value);
        }
        Some(Answer::new(&response, kept.url.clone()))
    });
    match (outcome.as_str(), answer) {
        ("succeeded", Some(answer)) => Ok(answer),
        (_, answer) => Err(LroError::Replayed {
            message: kept.and_then(|k| k.error.clone()).unwrap_or_else(|| {
                format!("the operation already finished ({outcome}) and its final answer was not kept")
            }),
            outcome,
            answer: answer.map(Box::new),
        }),
    }
}

fn budget(max_attempts: Option<u32>, max_elapsed: Option<Duration>) -> Budget {
    let mut budget = Budget::unlimited();
    if let Some(n) = max_attempts {
        budget = budget.with_max_attempts(n);
    }
    if let Some(max) = max_elapsed {
        budget = budget.with_max_elapsed(max);
    }
    budget
}

impl<T: DeserializeOwned> LroPoller<T> {
    /// Sends one request now — the start request first, when there is one,
    /// then one poll per call — for hosts that drive the loop themselves
    /// (they wait [`PollStatus::InProgress::next_delay`] between calls).
    /// Budgets apply; after the end every call returns the same result.
    pub async fn poll_once(&mut self) -> Result<PollStatus<T>, LroError> {
        match self.advance(false).await {
            Some(next_delay) => Ok(PollStatus::InProgress { next_delay }),
            None => self.result()?.decode().map(PollStatus::Done),
        }
    }

    /// Polls to the end and decodes the final answer as `T`.
    pub async fn until_done(mut self) -> Result<T, LroError> {
        while self.advance(true).await.is_some() {}
        self.result()?.decode()
    }
}

impl<T> IntoFuture for LroPoller<T>
where
    T: DeserializeOwned + Send + 'static,
{
    type Output = Result<T, LroError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, LroError>> + Send>>;

    /// `poller.await` is [`until_done`](LroPoller::until_done).
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.until_done())
    }
}
