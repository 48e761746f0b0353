//! [`PollControl`]: pause, resume and cancel a running poll loop from
//! anywhere (cheap to clone, `Send + Sync`), and the pausable, cancellable
//! wait the engine sleeps in.
//!
//! Pausing stops the loop's clock: the time spent paused is added to the
//! wait that was running, so on resume the loop waits exactly what was left
//! (no attempt lost or added).

use std::fmt;
use std::future::pending;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
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

/// What a control shares with its clones: one allocation per loop, no lock
/// on the paths an attempt takes (`is_cancelled` is an atomic load).
struct Inner {
    cancelled: AtomicBool,
    clock: Mutex<PauseClock>,
    /// Wakes every wait when the loop is paused, resumed or cancelled.
    changed: Notify,
    /// The host's token this control was made with: its cancellation
    /// cancels the loop, and cancelling the loop cancels it.
    token: Option<CancellationToken>,
}

impl Inner {
    fn clock(&self) -> MutexGuard<'_, PauseClock> {
        // The clock is two plain values updated in one step: a panic
        // elsewhere cannot leave it half-written.
        self.clock.lock().unwrap_or_else(PoisonError::into_inner)
    }
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

/// When a wait began counting: the instant, and the paused time the loop's
/// clock had accumulated by then.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WaitStart {
    at: Instant,
    paused: Duration,
}

impl PollControl {
    /// A control that is neither paused nor cancelled.
    pub fn new() -> Self {
        Self::with(None)
    }

    /// A control cancelled by `token` (e.g. a child of the host's token);
    /// [`cancel`](Self::cancel) cancels `token` too.
    pub fn with_token(token: CancellationToken) -> Self {
        Self::with(Some(token))
    }

    fn with(token: Option<CancellationToken>) -> Self {
        let inner = Inner {
            cancelled: AtomicBool::new(false),
            clock: Mutex::new(PauseClock::default()),
            changed: Notify::new(),
            token,
        };
        PollControl { inner: Arc::new(inner) }
    }

    /// Pauses the loop (no effect when already paused).
    pub fn pause(&self) {
        let now = Instant::now();
        let paused = {
            let mut clock = self.inner.clock();
            let was_running = clock.since.is_none();
            if was_running {
                clock.since = Some(now);
            }
            was_running
        };
        if paused {
            self.inner.changed.notify_waiters();
        }
    }

    /// Resumes a paused loop (no effect when not paused).
    pub fn resume(&self) {
        let now = Instant::now();
        let resumed = {
            let mut clock = self.inner.clock();
            match clock.since.take() {
                Some(since) => {
                    clock.total += now.saturating_duration_since(since);
                    true
                }
                None => false,
            }
        };
        if resumed {
            self.inner.changed.notify_waiters();
        }
    }

    /// Cancels the loop for good.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Release);
        self.inner.changed.notify_waiters();
        if let Some(token) = &self.inner.token {
            token.cancel();
        }
    }

    /// Whether the loop is paused.
    pub fn is_paused(&self) -> bool {
        self.inner.clock().since.is_some()
    }

    /// Whether the loop was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Acquire)
            || self.inner.token.as_ref().is_some_and(|t| t.is_cancelled())
    }

    /// Resolves once the loop is cancelled (at once if it already was).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let control = flow_poll::PollControl::new();
    /// let other = control.clone();
    /// tokio::spawn(async move { other.cancel() });
    /// control.cancelled().await;
    /// assert!(control.is_cancelled());
    /// # }
    /// ```
    pub async fn cancelled(&self) {
        let inner = &*self.inner;
        loop {
            let changed = inner.changed.notified();
            tokio::pin!(changed);
            // Registered before the flag is read: a cancel in between wakes it.
            changed.as_mut().enable();
            if inner.cancelled.load(Ordering::Acquire) {
                return;
            }
            tokio::select! {
                biased;
                () = token_cancelled(inner.token.as_ref()) => return,
                () = changed => {}
            }
        }
    }

    /// Now, as the start of a wait that is awaited later.
    pub(crate) fn mark(&self) -> WaitStart {
        let at = Instant::now();
        WaitStart { at, paused: self.inner.clock().paused_until(at) }
    }

    /// Waits `delay` of unpaused time counted from `from` (default: now),
    /// then returns once the loop is not paused; `Err(Cancelled)` as soon as
    /// the loop is cancelled.
    pub(crate) async fn wait(&self, from: Option<WaitStart>, delay: Duration) -> Result<(), Cancelled> {
        let inner = &*self.inner;
        // Cancellation is checked by the caller right before it sends.
        if delay.is_zero() && inner.clock().since.is_none() {
            return Ok(());
        }
        let WaitStart { at: start, paused: paused_at_start } = match from {
            Some(from) => from,
            None => self.mark(),
        };
        loop {
            let changed = inner.changed.notified();
            tokio::pin!(changed);
            // Registered before the state is read: a pause, resume or
            // cancel in between wakes it.
            changed.as_mut().enable();
            if inner.cancelled.load(Ordering::Acquire) {
                return Err(Cancelled);
            }
            let clock = *inner.clock();
            if clock.since.is_none() {
                let paused = clock.total.saturating_sub(paused_at_start);
                let target = after(start, delay.saturating_add(paused));
                if Instant::now() >= target {
                    return Ok(());
                }
                tokio::select! {
                    biased;
                    () = token_cancelled(inner.token.as_ref()) => return Err(Cancelled),
                    () = changed => {}
                    () = tokio::time::sleep_until(target) => {}
                }
            } else {
                tokio::select! {
                    biased;
                    () = token_cancelled(inner.token.as_ref()) => return Err(Cancelled),
                    () = changed => {}
                }
            }
        }
    }
}

/// Resolves when `token` is cancelled; never without one.
async fn token_cancelled(token: Option<&CancellationToken>) {
    match token {
        Some(token) => token.cancelled().await,
        None => pending().await,
    }
}

/// `start + d`, saturating at a far-future instant instead of overflowing.
fn after(start: Instant, d: Duration) -> Instant {
    start.checked_add(d).unwrap_or_else(|| start + Duration::from_secs(60 * 60 * 24 * 365 * 30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_wait_counts_unpaused_time_only() {
        let control = PollControl::new();
        let begun = Instant::now();
        let other = control.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(2)).await;
            other.pause();
            tokio::time::sleep(Duration::from_secs(7)).await;
            other.resume();
        });
        assert_eq!(control.wait(None, Duration::from_secs(5)).await, Ok(()));
        assert_eq!(begun.elapsed(), Duration::from_secs(12));
    }

    #[tokio::test(start_paused = true)]
    async fn cancel_ends_a_wait_and_a_paused_wait_at_once() {
        for pause_first in [false, true] {
            let control = PollControl::new();
            if pause_first {
                control.pause();
            }
            let begun = Instant::now();
            let other = control.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(3)).await;
                other.cancel();
            });
            assert_eq!(control.wait(None, Duration::from_secs(60)).await, Err(Cancelled));
            assert_eq!(begun.elapsed(), Duration::from_secs(3));
            control.cancelled().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_host_token_cancels_the_loop_and_cancel_cancels_it() {
        let parent = CancellationToken::new();
        let control = PollControl::with_token(parent.child_token());
        let begun = Instant::now();
        let host = parent.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(4)).await;
            host.cancel();
        });
        assert_eq!(control.wait(None, Duration::from_secs(60)).await, Err(Cancelled));
        assert_eq!(begun.elapsed(), Duration::from_secs(4));
        assert!(control.is_cancelled());

        let token = CancellationToken::new();
        let control = PollControl::with_token(token.clone());
        assert!(!control.is_cancelled());
        control.cancel();
        assert!(token.is_cancelled());
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_wait_is_immediate_unless_paused() {
        let control = PollControl::new();
        let begun = Instant::now();
        assert_eq!(control.wait(None, Duration::ZERO).await, Ok(()));
        control.pause();
        let other = control.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            other.resume();
        });
        assert_eq!(control.wait(None, Duration::ZERO).await, Ok(()));
        assert_eq!(begun.elapsed(), Duration::from_secs(1));
    }
}
