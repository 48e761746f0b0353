//! [`PollingBuilder`] and [`OnErrorBuilder`]: a step's polling block (spec §4).

use serde_json::Value;

use flow_model::{Action, Behavior, OnError, Polling};

use crate::action::ActionBuilder;
use crate::behavior::BehaviorBuilder;
use crate::build::{run, Finish};
use crate::input::{resolve, IntoModel};
use crate::issues::{member, Issues};
use crate::members::set_extra;

/// Builds a [`Polling`] block: `url`, a wait (`delay`, or the 1.x
/// `interval`), `maxAttempts` and `onError` are required.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let polling = Polling::build(|p| {
///     p.url("/status").delay(5).timeout(60).max_attempts(100);
///     p.on_error(|e| { e.behavior_with(|b| { b.action(|a| { a.exit(true); }); }); });
/// })?;
/// assert_eq!(polling.wait(), Some(std::time::Duration::from_secs(5)));
///
/// // A 1.x server's polling: `interval` and `onError.action` (both kept; the build warns).
/// let (legacy, warnings) = Polling::build_with_warnings(|p| {
///     p.url("/status").interval(5).max_attempts(3);
///     p.on_error(|e| { e.action(|a| { a.url("/failed"); }); });
/// })?;
/// assert_eq!(serde_json::to_value(&legacy).unwrap()["onError"], json!({"action": {"url": "/failed"}}));
/// assert_eq!(warnings.len(), 2);
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct PollingBuilder {
    inner: Polling,
    issues: Issues,
}

impl PollingBuilder {
    /// Wire `url` (required): polled with GET.
    pub fn url(&mut self, url: impl Into<String>) -> &mut Self {
        self.inner.url = Some(url.into());
        self
    }

    /// Wire `delay`, in seconds: the wait between a response and the next request.
    pub fn delay(&mut self, seconds: i64) -> &mut Self {
        self.inner.delay = Some(seconds);
        self
    }

    /// Wire `interval`, in seconds: the 1.x name of the wait (read only when
    /// `delay` is absent). Deprecated; the build warns.
    pub fn interval(&mut self, seconds: i64) -> &mut Self {
        self.inner.interval = Some(seconds);
        self
    }

    /// Wire `timeout`, in seconds: the suggested timeout of each request.
    pub fn timeout(&mut self, seconds: i64) -> &mut Self {
        self.inner.timeout = Some(seconds);
        self
    }

    /// Wire `maxAttempts` (required, at least 1): requests allowed before `onError` fires.
    pub fn max_attempts(&mut self, attempts: i64) -> &mut Self {
        self.inner.max_attempts = Some(attempts);
        self
    }

    /// Wire `onError` (required): what happens when polling fails.
    pub fn on_error(&mut self, configure: impl FnOnce(&mut OnErrorBuilder)) -> &mut Self {
        let (value, issues) = run::<OnErrorBuilder>(configure);
        self.issues.replace(&member("onError"), issues);
        self.inner.on_error = Some(value);
        self
    }

    /// Wire `onError`, from a finished value.
    pub fn on_error_value(&mut self, on_error: impl IntoModel<OnError>) -> &mut Self {
        self.inner.on_error = Some(resolve(on_error, &member("onError"), &mut self.issues));
        self
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for PollingBuilder {
    type Output = Polling;
    fn finish(self) -> (Polling, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a polling [`OnError`]: a `behavior` (current) or the deprecated
/// 1.x `action`; when both are set, clients use `behavior`.
#[derive(Debug, Default)]
pub struct OnErrorBuilder {
    inner: OnError,
    issues: Issues,
}

impl OnErrorBuilder {
    /// Wire `behavior`: any behavior, e.g. `ActionBehavior::build(|b| …)`.
    pub fn behavior(&mut self, behavior: impl IntoModel<Behavior>) -> &mut Self {
        self.inner.behavior = Some(resolve(behavior, &member("behavior"), &mut self.issues));
        self
    }

    /// Wire `behavior`, built with a [`BehaviorBuilder`].
    pub fn behavior_with(&mut self, configure: impl FnOnce(&mut BehaviorBuilder)) -> &mut Self {
        let (value, issues) = run::<BehaviorBuilder>(configure);
        self.issues.replace(&member("behavior"), issues);
        self.inner.behavior = Some(value);
        self
    }

    /// Wire `action` (1.x, deprecated: the build warns; prefer [`behavior`](Self::behavior)).
    pub fn action(&mut self, configure: impl FnOnce(&mut ActionBuilder)) -> &mut Self {
        let (value, issues) = run::<ActionBuilder>(configure);
        self.issues.replace(&member("action"), issues);
        self.inner.action = Some(value);
        self
    }

    /// Wire `action` (1.x), from a finished action.
    pub fn action_value(&mut self, action: impl IntoModel<Action>) -> &mut Self {
        self.inner.action = Some(resolve(action, &member("action"), &mut self.issues));
        self
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for OnErrorBuilder {
    type Output = OnError;
    fn finish(self) -> (OnError, Issues) {
        (self.inner, self.issues)
    }
}
