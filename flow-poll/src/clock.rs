//! Wall-clock time for what must survive a process restart (a poll state's
//! deadline, HTTP-date `Retry-After`), injectable so tests stay virtual.
//!
//! Waits and timeouts run on `tokio::time` (monotonic, pausable); only
//! instants that are written down or compared with a server's dates use a
//! [`WallClock`]. [`VirtualClock`] ties the two together: it is a fixed
//! wall-clock time plus the `tokio::time` elapsed since it was made, so a
//! paused-time test moves both at once.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Tells the wall-clock time.
pub trait WallClock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl WallClock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A wall clock that advances with `tokio::time` (virtual in paused tests).
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::time::{Duration, SystemTime};
/// use flow_poll::{VirtualClock, WallClock};
///
/// let anchor = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let clock = VirtualClock::starting_at(anchor);
/// tokio::time::sleep(Duration::from_secs(90)).await;
/// assert_eq!(clock.now(), anchor + Duration::from_secs(90));
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct VirtualClock {
    anchor: SystemTime,
    since: Instant,
}

impl VirtualClock {
    /// A clock reading `anchor` now.
    pub fn starting_at(anchor: SystemTime) -> Self {
        VirtualClock { anchor, since: Instant::now() }
    }
}

impl WallClock for VirtualClock {
    fn now(&self) -> SystemTime {
        let elapsed = self.since.elapsed();
        self.anchor.checked_add(elapsed).unwrap_or(self.anchor)
    }
}

/// Milliseconds since the Unix epoch (0 before it; saturating far after).
pub(crate) fn unix_millis(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The time `ms` milliseconds after the Unix epoch (saturating).
pub(crate) fn from_unix_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH.checked_add(Duration::from_millis(ms)).unwrap_or(UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_millis_round_trip() {
        let at = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(unix_millis(at), 1_700_000_000_123);
        assert_eq!(from_unix_millis(1_700_000_000_123), at);
        assert_eq!(unix_millis(UNIX_EPOCH - Duration::from_secs(1)), 0);
    }
}
