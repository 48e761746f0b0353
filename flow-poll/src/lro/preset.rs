//! [`Preset`]: the documented polling defaults of a seed system — an
//! OData / Azure `AsyncPoller`, a Speakeasy SDK's `x-speakeasy-polling`,
//! Trigger.dev's `io.backgroundPoll` — set on an
//! [`LroBuilder`](super::LroBuilder) in one call
//! ([`LroBuilder::preset`](super::LroBuilder::preset)).
//!
//! A preset sets the first wait, the interval, the deadline, the attempt
//! limit and the per-request timeout, and turns jitter off (none of these
//! systems spreads its polls). Settings made after it override it, but a
//! preset with ranges (Trigger.dev's) clamps the interval, the deadline and
//! the per-request timeout into them when the poller is built, as the
//! system itself does.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::backoff::Jitter;

/// A seed system's polling defaults (see the [module docs](self)).
///
/// ```
/// use std::time::Duration;
/// use flow_poll::lro::Preset;
///
/// let odata = Preset::odata();
/// assert_eq!((odata.interval(), odata.timeout()), (Duration::from_secs(2), Some(Duration::from_secs(600))));
/// let speakeasy: Preset = "speakeasy".parse()?;
/// assert_eq!(speakeasy.max_attempts(), Some(60));
/// let trigger = Preset::trigger_dev();
/// assert_eq!(trigger.clamp_interval(Duration::from_secs(1)), Duration::from_secs(10));
/// assert!("azure-ish".parse::<Preset>().unwrap_err().contains("odata, speakeasy, trigger-dev"));
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    name: &'static str,
    initial_delay: Duration,
    interval: Duration,
    timeout: Option<Duration>,
    max_attempts: Option<u32>,
    request_timeout: Option<Duration>,
    interval_range: Option<(Duration, Duration)>,
    timeout_range: Option<(Duration, Duration)>,
    request_timeout_range: Option<(Duration, Duration)>,
}

/// The names [`Preset::from_str`] knows, as shown in errors.
pub const PRESET_NAMES: &str = "odata, speakeasy, trigger-dev";

const fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

impl Preset {
    /// An OData / Azure long-running operation (`AsyncPoller`): a 2 s
    /// interval (the first poll after one interval too; a `Retry-After`
    /// wins), at most 10 minutes, no attempt limit.
    pub fn odata() -> Self {
        Preset {
            name: "odata",
            initial_delay: secs(2),
            interval: secs(2),
            timeout: Some(secs(600)),
            max_attempts: None,
            request_timeout: None,
            interval_range: None,
            timeout_range: None,
            request_timeout_range: None,
        }
    }

    /// A Speakeasy SDK poller (`x-speakeasy-polling` defaults): the first
    /// poll after 1 s (`delaySeconds`), then every 1 s (`intervalSeconds`),
    /// at most 60 polls (`limitCount`), no deadline.
    pub fn speakeasy() -> Self {
        Preset {
            name: "speakeasy",
            initial_delay: secs(1),
            interval: secs(1),
            timeout: None,
            max_attempts: Some(60),
            request_timeout: None,
            interval_range: None,
            timeout_range: None,
            request_timeout_range: None,
        }
    }

    /// Trigger.dev's `io.backgroundPoll`: the first request at once, then
    /// every 10 s (`interval`, clamped to 10 s – 5 min), for at most 10
    /// minutes (`timeout`, clamped to 30 s – 1 h), each request at most 5 s
    /// (`requestTimeout`, clamped to 1 – 5 s).
    pub fn trigger_dev() -> Self {
        Preset {
            name: "trigger-dev",
            initial_delay: Duration::ZERO,
            interval: secs(10),
            timeout: Some(secs(600)),
            max_attempts: None,
            request_timeout: Some(secs(5)),
            interval_range: Some((secs(10), secs(300))),
            timeout_range: Some((secs(30), secs(3600))),
            request_timeout_range: Some((secs(1), secs(5))),
        }
    }

    /// The preset's name (`odata`, `speakeasy`, `trigger-dev`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The wait before the first request.
    pub fn initial_delay(&self) -> Duration {
        self.initial_delay
    }

    /// The fixed wait between polls.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The deadline (`None`: none).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The attempt limit (`None`: none).
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// The per-request timeout (`None`: the client's).
    pub fn request_timeout(&self) -> Option<Duration> {
        self.request_timeout
    }

    /// The jitter: none, for every preset.
    pub fn jitter(&self) -> Jitter {
        Jitter::None
    }

    /// `interval` in the preset's range, if it has one.
    pub fn clamp_interval(&self, interval: Duration) -> Duration {
        clamp(interval, self.interval_range)
    }

    /// `timeout` in the preset's range (no deadline becomes its maximum).
    pub fn clamp_timeout(&self, timeout: Option<Duration>) -> Option<Duration> {
        match (timeout, self.timeout_range) {
            (None, Some((_, max))) => Some(max),
            (timeout, range) => timeout.map(|t| clamp(t, range)),
        }
    }

    /// `timeout` (a per-request timeout) in the preset's range.
    pub fn clamp_request_timeout(&self, timeout: Duration) -> Duration {
        clamp(timeout, self.request_timeout_range)
    }
}

fn clamp(value: Duration, range: Option<(Duration, Duration)>) -> Duration {
    match range {
        Some((low, high)) => value.clamp(low, high),
        None => value,
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl FromStr for Preset {
    type Err = String;

    /// `odata` (or `azure`), `speakeasy`, `trigger-dev` (or `trigger_dev`,
    /// `trigger.dev`), in any case.
    fn from_str(name: &str) -> Result<Self, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "odata" | "azure" => Ok(Preset::odata()),
            "speakeasy" => Ok(Preset::speakeasy()),
            "trigger-dev" | "trigger_dev" | "trigger.dev" | "triggerdev" => Ok(Preset::trigger_dev()),
            _ => Err(format!("unknown preset {name:?} (known: {PRESET_NAMES})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_dev_clamps_like_trigger_dev() {
        let p = Preset::trigger_dev();
        assert_eq!(p.clamp_interval(secs(1)), secs(10));
        assert_eq!(p.clamp_interval(secs(60)), secs(60));
        assert_eq!(p.clamp_interval(secs(3600)), secs(300));
        assert_eq!(p.clamp_timeout(Some(secs(5))), Some(secs(30)));
        assert_eq!(p.clamp_timeout(None), Some(secs(3600)));
        assert_eq!(p.clamp_request_timeout(secs(30)), secs(5));
        assert_eq!(p.clamp_request_timeout(Duration::from_millis(10)), secs(1));
        let odata = Preset::odata();
        assert_eq!(odata.clamp_interval(secs(1)), secs(1));
        assert_eq!(odata.clamp_timeout(None), None);
        assert_eq!(Preset::from_str("Trigger_Dev"), Ok(p));
        assert_eq!(Preset::from_str("azure"), Ok(odata));
    }
}
