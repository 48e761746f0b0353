//! [`PollingBuilder`] and [`OnErrorBuilder`]: a step's polling block (spec §4).

use serde_json::Value;

use flow_model::{Action, Behavior, OnError, Polling};

use crate::action::ActionBuilder;
use crate::behavior::BehaviorBuilder;
use crate::build::Finish;
use crate::issues::Issues;
use crate::members::set_extra;
use crate::setters::setters;

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
    setters! {
        /// Wire `url` (required): polled with GET.
        url(url: impl Into<String>) => Some(url);

        /// Wire `delay`, in seconds: the wait between a response and the next request.
        delay(seconds: i64) => Some(delay);

        /// Wire `interval`, in seconds: the 1.x name of the wait (read only when
        /// `delay` is absent). Deprecated; the build warns.
        interval(seconds: i64) => Some(interval);

        /// Wire `timeout`, in seconds: the suggested timeout of each request.
        timeout(seconds: i64) => Some(timeout);

        /// Wire `maxAttempts` (required, at least 1): requests allowed before `onError` fires.
        max_attempts(attempts: i64) => Some(max_attempts);

        /// Wire `onError` (required): what happens when polling fails.
        on_error(configure: impl FnOnce(&mut OnErrorBuilder)) => Some(on_error) at "onError";

        /// Wire `onError`, from a finished value.
        on_error_value(on_error: impl IntoModel<OnError>) => Some(on_error) at "onError";
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
    setters! {
        /// Wire `behavior`: any behavior, e.g. `ActionBehavior::build(|b| …)`.
        behavior(behavior: impl IntoModel<Behavior>) => Some(behavior) at "behavior";

        /// Wire `behavior`, built with a [`BehaviorBuilder`].
        behavior_with(configure: impl FnOnce(&mut BehaviorBuilder)) => Some(behavior) at "behavior";

        /// Wire `action` (1.x, deprecated: the build warns; prefer [`behavior`](Self::behavior)).
        action(configure: impl FnOnce(&mut ActionBuilder)) => Some(action) at "action";

        /// Wire `action` (1.x), from a finished action.
        action_value(action: impl IntoModel<Action>) => Some(action) at "action";
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
