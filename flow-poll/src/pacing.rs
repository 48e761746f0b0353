//! [`Pacing`]: when requests go out — an initial delay before the first one,
//! then an [`Interval`] between an answer and the next request. A [`Pacer`]
//! is the per-loop state that turns a pacing into concrete waits.
//!
//! On top of the interval (fixed, or a capped exponential [`Backoff`]), a
//! pacing may add [`Jitter`] (seedable) and honour `Retry-After`
//! ([`RetryAfter::AtLeast`]: a server's hint is a floor for the next wait,
//! and is carried forward when later answers omit it). [`Pacing::fixed`]
//! has neither, so its waits are exact.
//!
//! A transient failure the judge wants retried ([`Verdict::Retry`](crate::Verdict))
//! waits [`Pacer::retry_delay`] instead: the pacing's [`RetryBackoff`]
//! (when it has one; else the interval), or the failed answer's own
//! `Retry-After` when it carries one (the deadline still cuts it).

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::SeedableRng;

use super::backoff::{Backoff, Jitter, RetryBackoff};
use super::clock::{SystemClock, WallClock};
use super::judge::Attempt;
use super::retry_after::retry_after;

/// How long to wait between one attempt's answer (or failure) and the next
/// request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Interval {
    /// The same wait every time.
    Fixed(Duration),
    /// Waits growing after each attempt: after attempt `n` (from 1), the
    /// wait is [`Backoff::delay`]`(n - 1)`.
    Exponential(Backoff),
}

/// What a pacing does with a server's `Retry-After` (see
/// [`retry_after`](super::retry_after())).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryAfter {
    /// Ignored.
    #[default]
    Ignore,
    /// The hint is the shortest next wait; the last hint seen stays in effect
    /// when later answers have none.
    AtLeast,
}

/// When a poll loop sends its requests.
///
/// ```
/// use std::time::Duration;
/// use flow_poll::{Interval, Pacing};
///
/// let pacing = Pacing::fixed(Duration::from_secs(5)).with_initial_delay(Duration::ZERO);
/// assert_eq!(pacing.initial_delay(), Duration::ZERO);
/// assert_eq!(pacing.interval(), Interval::Fixed(Duration::from_secs(5)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pacing {
    initial_delay: Duration,
    interval: Interval,
    jitter: Jitter,
    seed: Option<u64>,
    retry_after: RetryAfter,
    retry_after_cap: Option<Duration>,
    transient: Option<RetryBackoff>,
}

impl Pacing {
    /// A fixed wait `every` between an answer and the next request; the first
    /// request also goes out `every` after the loop starts.
    pub fn fixed(every: Duration) -> Self {
        Pacing::with_interval(every, Interval::Fixed(every))
    }

    /// Waits growing by `backoff`; the first request goes out
    /// `backoff.initial()` after the loop starts.
    ///
    /// ```
    /// use std::time::Duration;
    /// use flow_poll::{Backoff, Interval, Jitter, Pacing, RetryAfter};
    ///
    /// let backoff = Backoff::new(Duration::from_secs(1), 1.5, Duration::from_secs(10))?;
    /// let pacing = Pacing::exponential(backoff)
    ///     .with_jitter(Jitter::DEFAULT)
    ///     .with_seed(7)
    ///     .with_retry_after(RetryAfter::AtLeast);
    /// assert_eq!(pacing.interval(), Interval::Exponential(backoff));
    /// assert_eq!(pacing.jitter(), Jitter::Proportional { percent: 20 });
    /// # Ok::<(), flow_poll::BackoffError>(())
    /// ```
    pub fn exponential(backoff: Backoff) -> Self {
        Pacing::with_interval(backoff.initial(), Interval::Exponential(backoff))
    }

    fn with_interval(initial_delay: Duration, interval: Interval) -> Self {
        Pacing {
            initial_delay,
            interval,
            jitter: Jitter::None,
            seed: None,
            retry_after: RetryAfter::Ignore,
            retry_after_cap: None,
            transient: None,
        }
    }

    /// Waits `retry` (not the interval) before retrying a transient failure.
    #[must_use]
    pub fn with_transient_retry(mut self, retry: RetryBackoff) -> Self {
        self.transient = Some(retry);
        self
    }

    /// The waits before retrying a transient failure, if set.
    pub fn transient_retry(&self) -> Option<RetryBackoff> {
        self.transient
    }

    /// Randomises every wait (the initial delay included) by `jitter`.
    #[must_use]
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Seeds the jitter's random numbers (for reproducible waits in tests);
    /// without a seed each loop draws from the operating system's entropy.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Sets what `Retry-After` does.
    #[must_use]
    pub fn with_retry_after(mut self, policy: RetryAfter) -> Self {
        self.retry_after = policy;
        self
    }

    /// Caps a `Retry-After` hint (a loop's deadline caps it anyway).
    #[must_use]
    pub fn with_retry_after_cap(mut self, cap: Duration) -> Self {
        self.retry_after_cap = Some(cap);
        self
    }

    /// The jitter.
    pub fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// The jitter's seed, if fixed.
    pub fn seed(&self) -> Option<u64> {
        self.seed
    }

    /// What `Retry-After` does.
    pub fn retry_after(&self) -> RetryAfter {
        self.retry_after
    }

    /// The cap on `Retry-After` hints, if any.
    pub fn retry_after_cap(&self) -> Option<Duration> {
        self.retry_after_cap
    }

    /// Sets the wait before the first request.
    #[must_use]
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The wait before the first request.
    pub fn initial_delay(&self) -> Duration {
        self.initial_delay
    }

    /// The wait between an answer and the next request.
    pub fn interval(&self) -> Interval {
        self.interval
    }

    /// Fresh per-loop state.
    pub fn pacer(&self) -> Pacer {
        Pacer { pacing: self.clone(), rng: None, hint: None, clock: None, retries: 0 }
    }
}

impl Default for Pacing {
    /// One second before every request.
    fn default() -> Self {
        Pacing::fixed(Duration::from_secs(1))
    }
}

/// The state of one loop's pacing (what it needs to remember between
/// attempts); made by [`Pacing::pacer`].
#[derive(Debug, Clone)]
pub struct Pacer {
    pacing: Pacing,
    /// Made on first use (a pacing without jitter never needs one); boxed,
    /// so a loop without jitter does not carry its few hundred bytes.
    rng: Option<Box<StdRng>>,
    /// The `Retry-After` in effect.
    hint: Option<Duration>,
    /// The wall clock HTTP-date hints are read against (default: the system's).
    clock: Option<Arc<dyn WallClock>>,
    /// Transient retries in a row so far.
    retries: u32,
}

impl Pacer {
    /// The wait before the first request (at least a carried `Retry-After`).
    pub fn first_delay(&mut self) -> Duration {
        let wait = self.jittered(self.pacing.initial_delay);
        self.floored(wait)
    }

    /// The wait after `attempt` (which did not end polling) before the next
    /// request.
    pub fn next_delay(&mut self, attempt: &Attempt<'_>) -> Duration {
        self.retries = 0;
        if self.pacing.retry_after == RetryAfter::AtLeast {
            if let Some(response) = attempt.response() {
                let now = self.clock.as_ref().map_or_else(|| SystemClock.now(), |c| c.now());
                if let Some(hint) = retry_after(&response.headers, now) {
                    self.carry_retry_after(Some(hint));
                }
            }
        }
        let base = match self.pacing.interval {
            Interval::Fixed(every) => every,
            Interval::Exponential(backoff) => backoff.delay(attempt.number.saturating_sub(1)),
        };
        let wait = self.jittered(base);
        self.floored(wait)
    }

    /// The wait after `attempt`, a transient failure to retry: its own
    /// `Retry-After` when it has one (and the pacing honours them; capped by
    /// the pacing's cap, not carried forward), else the `k`-th wait of the
    /// pacing's [`RetryBackoff`] for the `k`-th retry in a row (from 0). A
    /// pacing without one waits as after any other attempt.
    ///
    /// ```
    /// use std::time::Duration;
    /// use flow_poll::{Pacing, RetryBackoff};
    /// let retry = RetryBackoff::new(Duration::from_millis(100), Duration::from_secs(1), 2.0, false)?;
    /// let pacing = Pacing::fixed(Duration::from_secs(10)).with_transient_retry(retry);
    /// assert_eq!(pacing.transient_retry(), Some(retry));
    /// # Ok::<(), flow_poll::BackoffError>(())
    /// ```
    pub fn retry_delay(&mut self, attempt: &Attempt<'_>) -> Duration {
        let Some(retry) = self.pacing.transient else { return self.next_delay(attempt) };
        let k = self.retries;
        self.retries = self.retries.saturating_add(1);
        if self.pacing.retry_after != RetryAfter::Ignore {
            if let Some(response) = attempt.response() {
                let now = self.clock.as_ref().map_or_else(|| SystemClock.now(), |c| c.now());
                if let Some(hint) = retry_after(&response.headers, now) {
                    return self.pacing.retry_after_cap.map_or(hint, |cap| hint.min(cap));
                }
            }
        }
        let seed = self.pacing.seed;
        let rng = self.rng.get_or_insert_with(|| {
            Box::new(match seed {
                Some(seed) => StdRng::seed_from_u64(seed),
                None => StdRng::from_entropy(),
            })
        });
        retry.delay(k, rng)
    }

    /// The `Retry-After` in effect (`None` when none was seen, or the pacing
    /// ignores them).
    pub fn retry_after(&self) -> Option<Duration> {
        self.hint
    }

    /// Puts a `Retry-After` in effect (e.g. one from a start request's answer,
    /// or a resumed state's); capped by the pacing's cap.
    pub fn carry_retry_after(&mut self, hint: Option<Duration>) {
        if self.pacing.retry_after == RetryAfter::Ignore {
            return;
        }
        self.hint = match (hint, self.pacing.retry_after_cap) {
            (Some(h), Some(cap)) => Some(h.min(cap)),
            (hint, _) => hint,
        };
    }

    /// Reads HTTP-date hints against `clock` instead of the system clock.
    #[must_use]
    pub fn with_wall_clock(mut self, clock: Arc<dyn WallClock>) -> Self {
        self.clock = Some(clock);
        self
    }

    fn jittered(&mut self, wait: Duration) -> Duration {
        let jitter = self.pacing.jitter;
        if jitter.is_none() || wait.is_zero() {
            return wait;
        }
        let seed = self.pacing.seed;
        let rng = self.rng.get_or_insert_with(|| {
            Box::new(match seed {
                Some(seed) => StdRng::seed_from_u64(seed),
                None => StdRng::from_entropy(),
            })
        });
        jitter.apply(wait, rng)
    }

    fn floored(&self, wait: Duration) -> Duration {
        match self.hint {
            Some(hint) if self.pacing.retry_after == RetryAfter::AtLeast => wait.max(hint),
            _ => wait,
        }
    }
}
