//! How the example backend behaves: which protocol generation it speaks,
//! how long its tasks take and how its processing step polls. The defaults
//! keep the demo to a few seconds end to end; tests shrink them further.

use std::time::Duration;

use super::steps::PollSettings;
use super::tasks::TaskTiming;

/// Which protocol generation the backend speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Generation {
    /// Current servers: buttons with `behavior`, polling `delay` and
    /// `onError.behavior`, `X-DF-Response-Type` on every response that moves the flow.
    #[default]
    Current,
    /// 1.x servers: buttons with `action`, polling `interval` and
    /// `onError.action`, and no response-type header (a finished poll answers
    /// an Action Response Body; the flow ends through an exiting action).
    Legacy,
}

/// The example backend's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BackendConfig {
    /// The protocol generation.
    pub(crate) generation: Generation,
    /// How the task manager's tasks behave.
    pub(crate) tasks: TaskTiming,
    /// How the processing step polls.
    pub(crate) polling: PollSettings,
    /// How long a flow's state is kept after it started.
    pub(crate) flow_ttl: Duration,
}

impl Default for BackendConfig {
    fn default() -> Self {
        BackendConfig {
            generation: Generation::Current,
            tasks: TaskTiming::default(),
            polling: PollSettings { delay_secs: 1, timeout_secs: 5, max_attempts: 30 },
            flow_ttl: Duration::from_secs(60 * 60),
        }
    }
}

impl BackendConfig {
    /// The defaults with a task that takes `task_time` in all (a sixth of it
    /// queued, the rest running) and logs kept for `retention`.
    pub(crate) fn with_task_time(mut self, task_time: Duration, retention: Duration) -> Self {
        let queue = task_time / 6;
        self.tasks = TaskTiming { queue, work: task_time - queue, retention };
        self
    }
}
