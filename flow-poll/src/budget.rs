//! [`Budget`]: how much polling a target may use before it is given up.

use std::time::Duration;

/// The least time the last poll at a deadline gets for its request.
pub const DEFAULT_LAST_POLL_GRACE: Duration = Duration::from_secs(1);

/// Limits on a poll loop: the number of requests and a deadline, checked
/// after every attempt that did not end polling.
///
/// The deadline (time since the loop started, time spent inside requests
/// included) is enforced by the engine: a wait never runs past it (the last
/// one is cut short so that one last request goes out *at* the deadline),
/// and each request's timeout is the smaller of its own and the time left —
/// but at least the [last-poll grace](Self::last_poll_grace) (1 s by
/// default), so that the poll at the deadline can still be answered.
///
/// ```
/// use flow_poll::Budget;
/// let budget = Budget::max_attempts(3);
/// assert_eq!(budget.attempt_limit(), Some(3));
/// assert!(!budget.is_exhausted(2));
/// assert!(budget.is_exhausted(3));
/// assert!(!Budget::unlimited().is_exhausted(u32::MAX - 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Budget {
    max_attempts: Option<u32>,
    max_elapsed: Option<Duration>,
    last_poll_grace: Duration,
}

impl Default for Budget {
    /// No limit.
    fn default() -> Self {
        Budget::unlimited()
    }
}

impl Budget {
    /// At most `n` requests (a zero is read as one: a poll loop always sends
    /// at least one request once it started).
    pub fn max_attempts(n: u32) -> Self {
        Budget { max_attempts: Some(n.max(1)), ..Budget::unlimited() }
    }

    /// No limit: the loop runs until the judge ends it or it is cancelled.
    pub fn unlimited() -> Self {
        Budget { max_attempts: None, max_elapsed: None, last_poll_grace: DEFAULT_LAST_POLL_GRACE }
    }

    /// A deadline `max_elapsed` after the loop starts, and no attempt limit.
    ///
    /// ```
    /// use std::time::Duration;
    /// use flow_poll::Budget;
    /// let budget = Budget::deadline(Duration::from_secs(300)).with_max_attempts(30);
    /// assert_eq!(budget.max_elapsed(), Some(Duration::from_secs(300)));
    /// assert_eq!(budget.attempt_limit(), Some(30));
    /// ```
    pub fn deadline(max_elapsed: Duration) -> Self {
        Budget::unlimited().with_max_elapsed(max_elapsed)
    }

    /// The same budget with a deadline `max_elapsed` after the loop starts.
    #[must_use]
    pub fn with_max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = Some(max_elapsed);
        self
    }

    /// The same budget with at most `n` requests (zero is read as one).
    #[must_use]
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n.max(1));
        self
    }

    /// The same budget with another last-poll grace.
    #[must_use]
    pub fn with_last_poll_grace(mut self, grace: Duration) -> Self {
        self.last_poll_grace = grace;
        self
    }

    /// The deadline, as time since the loop started, if any.
    pub fn max_elapsed(&self) -> Option<Duration> {
        self.max_elapsed
    }

    /// The least request timeout at the deadline.
    pub fn last_poll_grace(&self) -> Duration {
        self.last_poll_grace
    }

    /// The request limit, if any.
    pub fn attempt_limit(&self) -> Option<u32> {
        self.max_attempts
    }

    /// Whether `used` requests use the budget up (no further request allowed).
    pub fn is_exhausted(&self, used: u32) -> bool {
        match self.max_attempts {
            Some(max) => used >= max,
            None => used == u32::MAX,
        }
    }
}
