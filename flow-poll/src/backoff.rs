//! Growing waits and randomised waits: [`Backoff`] (capped exponential
//! growth), [`Jitter`] (spreading many clients' requests apart) and
//! [`RetryBackoff`] (the waits before retrying a transient failure).

use std::fmt;
use std::time::Duration;

use rand::Rng;
use thiserror::Error;

/// A [`Backoff`] or [`Jitter`] that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BackoffError {
    /// The first wait is zero (nothing would ever grow).
    #[error("exponential backoff needs a first wait above zero")]
    ZeroInitial,
    /// The growth factor is below 1 or not a finite number.
    #[error("backoff factor must be a finite number of at least 1 (got {0})")]
    Factor(String),
    /// The cap is below the first wait.
    #[error("backoff maximum {max:?} is below its first wait {initial:?}")]
    MaxBelowInitial {
        /// The first wait.
        initial: Duration,
        /// The cap.
        max: Duration,
    },
    /// A jitter ratio above 100 %.
    #[error("jitter ratio must be at most 100 percent (got {0})")]
    JitterRatio(u8),
}

/// Waits growing by a constant factor up to a cap: the `k`-th wait between
/// polls (from 0) is `initial × factor^k`, at most `max`.
///
/// ```
/// use std::time::Duration;
/// use flow_poll::Backoff;
///
/// let backoff = Backoff::new(Duration::from_secs(1), 2.0, Duration::from_secs(5))?;
/// let waits: Vec<u64> = (0..5).map(|k| backoff.delay(k).as_secs()).collect();
/// assert_eq!(waits, [1, 2, 4, 5, 5]);
/// assert!(Backoff::new(Duration::from_secs(1), 0.5, Duration::from_secs(5)).is_err());
/// # Ok::<(), flow_poll::BackoffError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    initial: Duration,
    factor: Factor,
    max: Duration,
}

/// A finite growth factor ≥ 1 (compared bit for bit, so it can be `Eq`).
#[derive(Clone, Copy)]
struct Factor(f64);

impl PartialEq for Factor {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Factor {}

impl fmt::Debug for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Backoff {
    /// Waits from `initial`, times `factor` each time, capped at `max`.
    pub fn new(initial: Duration, factor: f64, max: Duration) -> Result<Self, BackoffError> {
        if initial.is_zero() {
            return Err(BackoffError::ZeroInitial);
        }
        if !factor.is_finite() || factor < 1.0 {
            return Err(BackoffError::Factor(factor.to_string()));
        }
        if max < initial {
            return Err(BackoffError::MaxBelowInitial { initial, max });
        }
        Ok(Backoff { initial, factor: Factor(factor), max })
    }

    /// The first wait.
    pub fn initial(&self) -> Duration {
        self.initial
    }

    /// The growth factor.
    pub fn factor(&self) -> f64 {
        self.factor.0
    }

    /// The cap.
    pub fn max(&self) -> Duration {
        self.max
    }

    /// The `k`-th wait (from 0).
    pub fn delay(&self, k: u32) -> Duration {
        let exponent = i32::try_from(k).unwrap_or(i32::MAX);
        let seconds = self.initial.as_secs_f64() * self.factor.0.powi(exponent);
        if !seconds.is_finite() || seconds >= self.max.as_secs_f64() {
            return self.max;
        }
        Duration::try_from_secs_f64(seconds).map_or(self.max, |d| d.min(self.max))
    }
}

/// How a wait is randomised, so that many clients polling one server do not
/// ask in lock-step.
///
/// ```
/// use std::time::Duration;
/// use flow_poll::Jitter;
///
/// let jitter = Jitter::proportional(20)?;
/// assert_eq!(jitter.bounds(Duration::from_secs(10)), (Duration::from_secs(8), Duration::from_secs(12)));
/// assert_eq!(Jitter::None.bounds(Duration::from_secs(10)), (Duration::from_secs(10), Duration::from_secs(10)));
/// # Ok::<(), flow_poll::BackoffError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// The wait as computed.
    #[default]
    None,
    /// The wait times a factor drawn uniformly from `[1 − p, 1 + p]`
    /// (`percent` = p × 100, at most 100): symmetric, so the mean is kept.
    Proportional {
        /// The spread, in percent of the wait.
        percent: u8,
    },
    /// A wait drawn uniformly from `[0, wait]` ("full jitter").
    Full,
}

impl Jitter {
    /// The default for long-running-operation polling: ±20 %.
    pub const DEFAULT: Jitter = Jitter::Proportional { percent: 20 };

    /// A symmetric spread of `percent` % around the wait.
    pub fn proportional(percent: u8) -> Result<Self, BackoffError> {
        if percent > 100 {
            return Err(BackoffError::JitterRatio(percent));
        }
        Ok(Jitter::Proportional { percent })
    }

    /// The smallest and largest wait this jitter can make of `wait`.
    pub fn bounds(&self, wait: Duration) -> (Duration, Duration) {
        match *self {
            Jitter::None => (wait, wait),
            Jitter::Proportional { percent } => {
                let p = f64::from(percent.min(100)) / 100.0;
                (wait.mul_f64(1.0 - p), saturating_mul(wait, 1.0 + p))
            }
            Jitter::Full => (Duration::ZERO, wait),
        }
    }

    /// Whether this jitter ever changes a wait.
    pub fn is_none(&self) -> bool {
        match *self {
            Jitter::None | Jitter::Proportional { percent: 0 } => true,
            Jitter::Proportional { .. } | Jitter::Full => false,
        }
    }

    /// A randomised `wait`, within [`bounds`](Self::bounds).
    pub fn apply<R: Rng + ?Sized>(&self, wait: Duration, rng: &mut R) -> Duration {
        if self.is_none() || wait.is_zero() {
            return wait;
        }
        let (low, high) = self.bounds(wait);
        let (low_s, high_s) = (low.as_secs_f64(), high.as_secs_f64());
        if high_s <= low_s {
            return low;
        }
        let drawn = rng.gen_range(low_s..=high_s);
        Duration::try_from_secs_f64(drawn).map_or(high, |d| d.clamp(low, high))
    }
}

/// The waits before retrying a transient failure (no connection, `503`,
/// `429`, …), apart from the poll interval, in the shape of Trigger.dev's
/// `retry` option: the `k`-th retry in a row (from 0) waits
/// `min × factor^k`, times a random factor in `[1, 2)` when `randomize` is
/// on, at most `max`.
///
/// Defaults ([`RetryBackoff::DEFAULT`]): 1 s, 30 s, factor 2, randomised.
/// How many retries in a row are allowed is the transient policy's
/// (`TransientPolicy`, default 5).
///
/// ```
/// use std::time::Duration;
/// use flow_poll::RetryBackoff;
/// use rand::SeedableRng;
///
/// let exact = RetryBackoff::new(Duration::from_secs(1), Duration::from_secs(5), 2.0, false)?;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
/// let waits: Vec<u64> = (0..4).map(|k| exact.delay(k, &mut rng).as_secs()).collect();
/// assert_eq!(waits, [1, 2, 4, 5]);
/// let spread = RetryBackoff::DEFAULT.delay(0, &mut rng);
/// assert!(spread >= Duration::from_secs(1) && spread < Duration::from_secs(2));
/// # Ok::<(), flow_poll::BackoffError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBackoff {
    backoff: Backoff,
    randomize: bool,
}

impl Default for RetryBackoff {
    fn default() -> Self {
        RetryBackoff::DEFAULT
    }
}

impl RetryBackoff {
    /// 1 s, ×2 each time, at most 30 s, randomised.
    pub const DEFAULT: RetryBackoff = RetryBackoff {
        backoff: Backoff {
            initial: Duration::from_secs(1),
            factor: Factor(2.0),
            max: Duration::from_secs(30),
        },
        randomize: true,
    };

    /// Waits from `min`, ×`factor` each time, at most `max`; `randomize`
    /// multiplies each by a random factor in `[1, 2)` (still at most `max`).
    pub fn new(min: Duration, max: Duration, factor: f64, randomize: bool) -> Result<Self, BackoffError> {
        Ok(RetryBackoff { backoff: Backoff::new(min, factor, max)?, randomize })
    }

    /// The first wait.
    pub fn min(&self) -> Duration {
        self.backoff.initial()
    }

    /// The longest wait.
    pub fn max(&self) -> Duration {
        self.backoff.max()
    }

    /// The growth factor.
    pub fn factor(&self) -> f64 {
        self.backoff.factor()
    }

    /// Whether waits are randomised.
    pub fn randomize(&self) -> bool {
        self.randomize
    }

    /// The same waits, randomised or not.
    #[must_use]
    pub fn with_randomize(mut self, randomize: bool) -> Self {
        self.randomize = randomize;
        self
    }

    /// The wait before the `k`-th retry in a row (from 0).
    pub fn delay<R: Rng + ?Sized>(&self, k: u32, rng: &mut R) -> Duration {
        let wait = self.backoff.delay(k);
        if !self.randomize {
            return wait;
        }
        let factor: f64 = rng.gen_range(1.0..2.0);
        saturating_mul(wait, factor).min(self.backoff.max())
    }
}

/// `d × factor`, saturating instead of panicking on overflow.
fn saturating_mul(d: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(d.as_secs_f64() * factor).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn backoff_validates() {
        let s = Duration::from_secs;
        assert_eq!(Backoff::new(Duration::ZERO, 2.0, s(1)), Err(BackoffError::ZeroInitial));
        assert!(matches!(Backoff::new(s(1), f64::NAN, s(2)), Err(BackoffError::Factor(_))));
        assert!(matches!(Backoff::new(s(1), f64::INFINITY, s(2)), Err(BackoffError::Factor(_))));
        assert!(matches!(Backoff::new(s(2), 2.0, s(1)), Err(BackoffError::MaxBelowInitial { .. })));
        let flat = Backoff::new(s(3), 1.0, s(3)).unwrap();
        assert_eq!(flat.delay(1000), s(3));
    }

    #[test]
    fn backoff_saturates_on_huge_exponents() {
        let b = Backoff::new(Duration::from_millis(500), 1.5, Duration::from_secs(10)).unwrap();
        assert_eq!(b.delay(0), Duration::from_millis(500));
        assert_eq!(b.delay(1), Duration::from_millis(750));
        assert_eq!(b.delay(u32::MAX), Duration::from_secs(10));
        let big = Backoff::new(Duration::from_secs(1), 10.0, Duration::MAX).unwrap();
        assert_eq!(big.delay(400), Duration::MAX);
    }

    #[test]
    fn jitter_stays_in_bounds_and_is_seedable() {
        let wait = Duration::from_secs(10);
        let jitter = Jitter::proportional(20).unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let draws: Vec<Duration> = (0..1000).map(|_| jitter.apply(wait, &mut rng)).collect();
        assert!(draws.iter().all(|d| *d >= Duration::from_secs(8) && *d <= Duration::from_secs(12)));
        assert!(draws.iter().any(|d| *d < Duration::from_secs(9)));
        assert!(draws.iter().any(|d| *d > Duration::from_secs(11)));
        let mut again = rand::rngs::StdRng::seed_from_u64(7);
        assert_eq!(jitter.apply(wait, &mut again), draws[0]);
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert!((0..100).all(|_| Jitter::Full.apply(wait, &mut rng) <= wait));
        assert_eq!(Jitter::None.apply(wait, &mut rng), wait);
        assert_eq!(jitter.apply(Duration::ZERO, &mut rng), Duration::ZERO);
        assert_eq!(Jitter::proportional(101), Err(BackoffError::JitterRatio(101)));
    }
}
