//! [`Polling`] and [`OnError`]: a step's background polling block (spec §4.1).

use std::borrow::Cow;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::{Action, Behavior};

/// Wire `polling`: polled with GET until a Flow Response moves the flow on.
///
/// Both generations parse: current servers send `delay` and `timeout`, 1.x
/// servers `interval`; [`Polling::wait`] gives hosts one view.
///
/// ```
/// let p: flow_model::Polling = serde_json::from_str(
///     r#"{"url": "/status", "interval": 5, "maxAttempts": 3,
///         "onError": {"action": {"exit": true}}}"#,
/// )?;
/// assert_eq!(p.wait(), Some(std::time::Duration::from_secs(5)));
/// assert!(p.on_error.unwrap().behavior().unwrap().as_action().unwrap().is_exit());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Polling {
    /// Wire `url`: polled with GET (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Wire `delay` (seconds): wait between a response and the next request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<i64>,
    /// Wire `interval` (seconds): the 1.x name of the wait, used when `delay` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// Wire `timeout` (seconds): suggested timeout of each request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// Wire `maxAttempts`: requests allowed before `onError` fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<i64>,
    /// Wire `onError`: what happens when polling fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_error: Option<OnError>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Polling {
    /// The wait between polls: `delay`, else the 1.x `interval`.
    ///
    /// `None` when neither is present or the value is negative.
    pub fn wait(&self) -> Option<Duration> {
        let seconds = self.delay.or(self.interval)?;
        u64::try_from(seconds).ok().map(Duration::from_secs)
    }

    /// The per-request timeout (`timeout`), when present and positive.
    pub fn request_timeout(&self) -> Option<Duration> {
        self.timeout.and_then(|s| u64::try_from(s).ok()).filter(|s| *s > 0).map(Duration::from_secs)
    }

    /// `maxAttempts` as a count, when present and at least 1.
    pub fn attempts(&self) -> Option<u32> {
        self.max_attempts.filter(|n| *n >= 1).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The `onError` behavior (see [`OnError::behavior`]).
    pub fn on_error_behavior(&self) -> Option<Cow<'_, Behavior>> {
        self.on_error.as_ref().and_then(OnError::behavior)
    }
}

/// Wire `onError`: `{behavior?: Behavior, action?: Action}`; `action` is the
/// deprecated 1.x form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OnError {
    /// Wire `behavior`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behavior: Option<Behavior>,
    /// Wire `action` (deprecated, 1.x).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl OnError {
    /// `behavior` when present, else `action` wrapped as an action behavior.
    pub fn behavior(&self) -> Option<Cow<'_, Behavior>> {
        Behavior::resolve(self.behavior.as_ref(), self.action.as_ref())
    }
}
