//! [`FlowHandle`]: commands in. Every command is async and resolves once
//! the interpreter has fully handled it (its request answered and the
//! response applied), so a scripted driver knows when the flow is idle.

use std::fmt;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::{mpsc, oneshot, watch};

use flow_model::{Action, Behavior};

use crate::flow::error::CommandError;
use crate::flow::events::Terminal;
use crate::flow::interpreter::{Command, Reply};
use crate::flow::saved;
use crate::flow::snapshot::FlowSnapshot;

struct Inner {
    commands: mpsc::UnboundedSender<Command>,
    snapshot: watch::Receiver<FlowSnapshot>,
    flow_id: String,
}

/// The host's handle on a running flow (see [`FlowBuilder`](super::FlowBuilder)).
///
/// * `Clone + Send + Sync`, cheap to clone (one `Arc`), usable from any
///   thread and any async runtime (it only talks to the flow's task through
///   channels).
/// * Dropping every clone cancels the flow and its polling (the flow ends
///   [`Terminal::Cancelled`]).
/// * **One action in flight at a time.** While a request that moves the flow
///   is in flight (an action, a back action, a link handler's action, a
///   refresh, a subflow's first request), a command that would send another
///   one or move the flow ([`trigger`](Self::trigger) of an action, refresh
///   or subflow behavior, [`trigger_id`](Self::trigger_id), [`back`](Self::back),
///   [`refresh`](Self::refresh), [`handle_link`](Self::handle_link),
///   [`complete_subflow`](Self::complete_subflow)) resolves at once with
///   [`CommandError::Busy`] and sends nothing. Behaviors that only talk to
///   the host (link, copy, modal, dismiss, unknown), [`pause`](Self::pause),
///   [`resume`](Self::resume), [`cancel`](Self::cancel) and the snapshot
///   work at any time.
/// * Commands resolve `Ok(())` once handled, whatever the server answered
///   (errors it sent arrive as events); `Err` means the command was not
///   carried out ([`CommandError`]), or the response was discarded because
///   the flow moved on first ([`CommandError::Superseded`]).
#[derive(Clone)]
pub struct FlowHandle {
    inner: Arc<Inner>,
}

impl fmt::Debug for FlowHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlowHandle").field("flow_id", &self.inner.flow_id).finish_non_exhaustive()
    }
}

impl FlowHandle {
    pub(crate) fn new(
        commands: mpsc::UnboundedSender<Command>,
        snapshot: watch::Receiver<FlowSnapshot>,
        flow_id: String,
    ) -> Self {
        FlowHandle { inner: Arc::new(Inner { commands, snapshot, flow_id }) }
    }

    async fn call(&self, command: impl FnOnce(Reply) -> Command) -> Result<(), CommandError> {
        let (reply, answer) = oneshot::channel();
        self.inner.commands.send(command(reply)).map_err(|_| CommandError::Ended)?;
        answer.await.unwrap_or(Err(CommandError::Ended))
    }

    /// The root flow's id (carried by analytics events).
    pub fn flow_id(&self) -> &str {
        &self.inner.flow_id
    }

    /// Performs an action with the step's current `values` (spec §2):
    /// validated against the step's schemas unless `skipValidation`, then
    /// submitted with `data` merged over them. A failed validation emits
    /// [`FlowEvent::ValidationFailed`](super::FlowEvent::ValidationFailed),
    /// sends nothing and returns [`CommandError::Rejected`].
    pub async fn trigger(&self, action: Action, values: Value) -> Result<(), CommandError> {
        self.trigger_behavior(Behavior::action(action), values).await
    }

    /// Runs any behavior (spec §3) as the user triggered it with `values`.
    pub async fn trigger_behavior(&self, behavior: Behavior, values: Value) -> Result<(), CommandError> {
        self.call(|reply| Command::Trigger { behavior, values, reply }).await
    }

    /// Performs the action with this `id` in the current step's layout (see
    /// [`find_action`](crate::flow::lookup::find_action)) as [`trigger`](Self::trigger) does.
    pub async fn trigger_id(&self, id: &str, values: Value) -> Result<(), CommandError> {
        let id = id.to_owned();
        self.call(|reply| Command::TriggerId { id, values, reply }).await
    }

    /// Back navigation: the step's `navigation.back` action (no validation,
    /// only its `data`), else the previous step of the history, else (first
    /// step) the flow is cancelled; in a subflow, cancelling returns to the
    /// parent's step.
    pub async fn back(&self) -> Result<(), CommandError> {
        self.call(|reply| Command::Back { reply }).await
    }

    /// Refresh on change (spec §5.4): POSTs `values` to the step's
    /// `refreshUrl` with `If-None-Match` when its response had an `ETag`.
    /// Hosts call it when a schema marked `refreshStepOnChange` changes.
    pub async fn refresh(&self, values: Value) -> Result<(), CommandError> {
        self.call(|reply| Command::Refresh { values, reply }).await
    }

    /// A deep link arrived: the first of the step's `linkHandlers` whose
    /// pattern matches runs its action (no validation) with `{"url": link}`
    /// merged over its `data`.
    pub async fn handle_link(&self, link: &str) -> Result<(), CommandError> {
        let link = link.to_owned();
        self.call(|reply| Command::HandleLink { link, reply }).await
    }

    /// Reports how a subflow handed to the host
    /// ([`FlowEvent::SubflowForHost`](super::FlowEvent::SubflowForHost)) ended:
    /// `Ok(result)` runs its `onCompletion` with the result under `resultKey`;
    /// `Err(message)` runs its `onError`, or fails the flow when it has none.
    pub async fn complete_subflow(&self, result: Result<Value, String>) -> Result<(), CommandError> {
        self.call(|reply| Command::CompleteSubflow { result, reply }).await
    }

    /// Cancels the flow (and any subflow): a request in flight is aborted,
    /// polling stops, the flow ends [`Terminal::Cancelled`].
    pub async fn cancel(&self) -> Result<(), CommandError> {
        self.call(|reply| Command::Cancel { reply }).await
    }

    /// The app went to the background: no poll request is sent until
    /// [`resume`](Self::resume) (one in flight may complete).
    pub async fn pause(&self) -> Result<(), CommandError> {
        self.call(|reply| Command::Pause { reply }).await
    }

    /// The app is back: polling continues with the wait that was left,
    /// without losing or adding attempts.
    pub async fn resume(&self) -> Result<(), CommandError> {
        self.call(|reply| Command::Resume { reply }).await
    }

    /// The flow's state as bytes (versioned JSON) to bring it back after the
    /// process died, with [`FlowBuilder::restore`](super::FlowBuilder::restore):
    /// the stack of flows with their histories, `ETag`s, base URLs and the
    /// values last submitted, and the current step's polling progress
    /// (attempts used, time left of the wait). No header values, no
    /// credentials, no secret query values (see
    /// [`saved`](crate::flow::saved)). It reflects every event the host has
    /// received (the snapshot is published before each event is sent).
    pub fn save_state(&self) -> Vec<u8> {
        let snapshot = self.inner.snapshot.borrow();
        saved::save(&snapshot.flow_id, &snapshot.resumable, snapshot.terminal.as_ref())
    }

    /// The flow's state now.
    pub fn snapshot(&self) -> FlowSnapshot {
        self.inner.snapshot.borrow().clone()
    }

    /// The [`Screen`](crate::screen::Screen) of the current step, with the
    /// values last submitted on it (else its `model`) and the errors it
    /// shows now (see [`FlowSnapshot::screen`]); `None` before a step is shown.
    pub fn screen(&self) -> Option<crate::screen::Screen> {
        self.inner.snapshot.borrow().screen()
    }

    /// Waits until no request is in flight (or the flow ended) and returns
    /// that state.
    pub async fn idle(&self) -> FlowSnapshot {
        let mut receiver = self.inner.snapshot.clone();
        let snapshot = receiver.wait_for(FlowSnapshot::is_idle).await.map(|s| s.clone());
        snapshot.unwrap_or_else(|_| self.snapshot())
    }

    /// Waits until the snapshot satisfies `condition` (checked on the
    /// current one first) and returns it; once the flow's task is gone, the
    /// last snapshot.
    pub async fn wait_until(&self, condition: impl FnMut(&FlowSnapshot) -> bool) -> FlowSnapshot {
        let mut receiver = self.inner.snapshot.clone();
        let snapshot = receiver.wait_for(condition).await.map(|s| s.clone());
        snapshot.unwrap_or_else(|_| self.snapshot())
    }

    /// Waits until the flow ended and returns how.
    pub async fn finished(&self) -> Terminal {
        let mut receiver = self.inner.snapshot.clone();
        let terminal =
            receiver.wait_for(|s| s.terminal.is_some()).await.ok().and_then(|s| s.terminal.clone());
        terminal.or_else(|| self.snapshot().terminal).unwrap_or(Terminal::Cancelled)
    }
}
