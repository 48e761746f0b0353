//! [`HostLimits`]: at most N requests in flight to one host (scheme, host,
//! port) at a time, the rest waiting their turn in arrival order.
//!
//! Without such a cap a connection pool opens one more connection for every
//! request it cannot serve at once, so a burst that outruns the client's CPU
//! snowballs into thousands of connections (and file descriptors). With it,
//! a host never sees more than N connections from one transport, and queued
//! requests reuse the ones that free up.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

/// Hosts remembered before idle entries are forgotten.
const PRUNE_ABOVE: usize = 32;

/// One host's turnstile.
struct Slot {
    scheme: Box<str>,
    host: Box<str>,
    port: Option<u16>,
    permits: Arc<Semaphore>,
}

impl Slot {
    fn is(&self, url: &Url) -> bool {
        *self.host == *url.host_str().unwrap_or("")
            && self.port == url.port_or_known_default()
            && *self.scheme == *url.scheme()
    }
}

/// The per-host caps of one transport (shared by its clones).
pub(crate) struct HostLimits {
    per_host: usize,
    slots: Mutex<Vec<Slot>>,
}

impl fmt::Debug for HostLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostLimits").field("per_host", &self.per_host).finish_non_exhaustive()
    }
}

impl HostLimits {
    /// At most `per_host` requests at a time to each host (at least 1).
    pub(crate) fn new(per_host: usize) -> Self {
        HostLimits { per_host: per_host.clamp(1, Semaphore::MAX_PERMITS), slots: Mutex::new(Vec::new()) }
    }

    /// The cap.
    pub(crate) fn per_host(&self) -> usize {
        self.per_host
    }

    /// Waits for a turn at `url`'s host; the turn ends when the permit is dropped.
    /// (The host is looked up at once; the future borrows nothing.)
    pub(crate) fn turn(
        &self,
        url: &Url,
    ) -> impl Future<Output = Option<OwnedSemaphorePermit>> + Send + 'static {
        let permits = self.permits(url);
        async move { permits.acquire_owned().await.ok() }
    }

    /// The turnstile of `url`'s host, made on first use.
    fn permits(&self, url: &Url) -> Arc<Semaphore> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = slots.iter().find(|slot| slot.is(url)) {
            return slot.permits.clone();
        }
        if slots.len() >= PRUNE_ABOVE {
            // Forget hosts nobody is using or waiting for.
            let full = self.per_host;
            slots.retain(|slot| {
                Arc::strong_count(&slot.permits) > 1 || slot.permits.available_permits() < full
            });
        }
        let permits = Arc::new(Semaphore::new(self.per_host));
        slots.push(Slot {
            scheme: url.scheme().into(),
            host: url.host_str().unwrap_or("").into(),
            port: url.port_or_known_default(),
            permits: permits.clone(),
        });
        permits
    }

    /// Hosts currently remembered (for tests).
    #[cfg(test)]
    fn hosts(&self) -> usize {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn one_host_waits_its_turn_and_others_do_not() {
        let limits = HostLimits::new(2);
        let a1 = limits.turn(&url("https://a.example/x")).await.unwrap();
        let _a2 = limits.turn(&url("https://a.example:443/y?z")).await.unwrap();
        // The same host, port spelled or not: a third waits.
        let third = limits.turn(&url("https://a.example/z"));
        tokio::pin!(third);
        assert!(futures::poll!(third.as_mut()).is_pending());
        // Another scheme, port or host is another host.
        for other in ["http://a.example/", "https://a.example:8443/", "https://b.example/"] {
            assert!(limits.turn(&url(other)).await.is_some(), "{other}");
        }
        drop(a1);
        assert!(third.await.is_some(), "the turn passed on");
    }

    #[tokio::test]
    async fn idle_hosts_are_forgotten() {
        let limits = HostLimits::new(1);
        let busy = limits.turn(&url("https://busy.example/")).await.unwrap();
        for i in 0..100 {
            drop(limits.turn(&url(&format!("https://h{i}.example/"))).await);
        }
        assert!(limits.hosts() <= PRUNE_ABOVE + 1, "{} hosts kept", limits.hosts());
        // The busy host is kept: a second request to it still waits.
        let second = limits.turn(&url("https://busy.example/"));
        tokio::pin!(second);
        assert!(futures::poll!(second.as_mut()).is_pending());
        drop(busy);
        assert!(second.await.is_some());
    }
}
