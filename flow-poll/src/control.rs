//! [`PollControl`]: pause, resume and cancel a running poll loop from
//! anywhere (cheap to clone, `Send + Sync`), and the pausable, cancellable
//! wait the engine sleeps in.
//!
//! Pausing stops the loop's clock: the time spent paused is added to the
//! wait that was running, so on resume the loop waits exactly what was left
//! (no attempt lost or added).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// The pause clock: when the current pause began, and the total of past pauses.
#[derive(Debug, Clone, Copy, Default)]
struct PauseClock {
    since: Option<Instant>,
    total: Duration,
}

impl PauseClock {
    /// Total paused time up to `now`, the running pause included.
    fn paused_until(&self, now: Instant) -> Duration {
        match self.since {
            Some(since) => self.total + now.saturating_duration_since(since),
            None => self.total,
        }
    }
}

struct Inner {
    token: CancellationToken,
    clock: watch::Sender<PauseClock>,
}

/// Pause, resume and cancel for a poll loop.
///
/// * [`pause`](Self::pause): no request is sent while paused (one already in
///   flight may complete and be judged); the running wait stops counting.
/// * [`resume`](Self::resume): the wait continues with what was left.
/// * [`cancel`](Self::cancel): stops the loop for good; wakes any wait at
///   once, aborts a request in flight, discards a late answer.
///
/// ```
/// use flow_poll::PollControl;
/// let control = PollControl::new();
/// control.pause();
/// assert!(control.is_paused());
/// control.resume();
/// assert!(!control.is_paused());
/// control.cancel();
/// assert!(control.is_cancelled());
/// ```
#[derive(Clone)]
pub struct PollControl {
    inner: Arc<Inner>,
}

impl fmt::Debug for PollControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollControl")
            .field("paused", &self.is_paused())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl Default for PollControl {
    fn default() -> Self {
        Self::new()
    }
}

/// The loop was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cancelled;

impl PollControl {
    /// A control that is neither paused nor cancelled.
    pub fn new() -> Self {
        Self::with_token(CancellationToken::new())
    }

    /// A control cancelled by `token` (e.g. a child of the host's token).
    pub fn with_token(token: CancellationToken) -> Self {
        let (clock, _) = watch::channel(PauseClock::default());
        PollControl { inner: Arc::new(Inner { token, clock }) }
    }

    /// Pauses the loop (no effect when already paused).
    pub fn pause(&self) {
        let now = Instant::now();
        self.inner.clock.send_if_modified(|clock| {
            if clock.since.is_some() {
                return false;
            }
            clock.since = Some(now);
            true
        });
    }

    /// Resumes a paused loop (no effect when not paused).
    pub fn resume(&self) {
        let now = Instant::now();
        self.inner.clock.send_if_modified(|clock| match clock.since.take() {
            Some(since) => {
                clock.total += now.saturating_duration_since(since);
                true
            }
            None => false,
        });
    }

    /// Cancels the loop for good.
    pub fn cancel(&self) {
        self.inner.token.cancel();
    }

    /// Whether the loop is paused.
    pub fn is_paused(&self) -> bool {
        self.inner.clock.borrow().since.is_some()
    }

    /// Whether the loop was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.inner.token.is_cancelled()
    }

    /// The token that cancels the loop.
    pub fn token(&self) -> &CancellationToken {
        &self.inner.token
    }

    /// A waiter for this control's pause clock.
    pub(crate) fn waiter(&self) -> Waiter {
        Waiter { clock: self.inner.clock.subscribe() }
    }
}

/// Sleeps on behalf of a loop, honouring pause and cancellation.
#[derive(Debug)]
pub(crate) struct Waiter {
    clock: watch::Receiver<PauseClock>,
}

/// When a wait began counting: the instant, and the paused time the loop's
/// clock had accumulated by then.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WaitStart {
    at: Instant,
    paused: Duration,
}

impl Waiter {
    /// Now, as the start of a wait that is awaited later.
    pub(crate) fn mark(&mut self) -> WaitStart {
        let at = Instant::now();
        WaitStart { at, paused: self.clock.borrow_and_update().paused_until(at) }
    }

    /// Waits `delay` of unpaused time counted from `from` (default: now),
    /// then returns once the loop is not paused; `Err(Cancelled)` as soon as
    /// `cancelled` (the loop's one cancellation waiter, reused across waits
    /// so that none is made per wait) resolves.
    pub(crate) async fn wait<C>(
        &mut self,
        from: Option<WaitStart>,
        delay: Duration,
        mut cancelled: Pin<&mut C>,
    ) -> Result<(), Cancelled>
    where
        C: Future<Output = ()> + ?Sized,
    {
        // Cancellation is checked by the caller right before it sends, and
        // wakes every await below.
        if delay.is_zero() && self.clock.borrow_and_update().since.is_none() {
            return Ok(());
        }
        let WaitStart { at: start, paused: paused_at_start } = match from {
            Some(from) => from,
            None => self.mark(),
        };
        loop {
            let clock = *self.clock.borrow_and_update();
            let now = Instant::now();
            if clock.since.is_none() {
                let paused = clock.total.saturating_sub(paused_at_start);
                let target = after(start, delay.saturating_add(paused));
                if now >= target {
                    return Ok(());
                }
                tokio::select! {
                    biased;
                    () = cancelled.as_mut() => return Err(Cancelled),
                    _ = self.clock.changed() => {}
                    () = tokio::time::sleep_until(target) => {}
                }
            } else {
                tokio::select! {
                    biased;
                    () = cancelled.as_mut() => return Err(Cancelled),
                    _ = self.clock.changed() => {}
                }
            }
        }
    }
}

/// `start + d`, saturating at a far-future instant instead of overflowing.
fn after(start: Instant, d: Duration) -> Instant {
    start.checked_add(d).unwrap_or_else(|| start + Duration::from_secs(60 * 60 * 24 * 365 * 30))
}
