//! [`FlowHandle`]: commands in. Every command is async and resolves once
//! the interpreter has fully handled it (its request answered and the
//! response applied), so a scripted driver knows when the flow is idle.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::task::Poll;

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

    /// Sends the command at once (before the future's first wait) and
    /// waits for its answer: every command method below is an `async fn`
    /// that calls this first, which [`accepted`](Self::accepted) relies on.
    async fn call(&self, command: impl FnOnce(Reply) -> Command) -> Result<(), CommandError> {
        let (reply, answer) = oneshot::channel();
        self.inner.commands.send(command(reply)).map_err(|_| CommandError::Ended)?;
        answer.await.unwrap_or(Err(CommandError::Ended))
    }

    /// Runs one of this handle's commands (`flow.trigger_id(…)`,
    /// `flow.back()`, …) only until the flow **accepted** it: `Ok(())` once
    /// its request is in flight (the answer then arrives as events) or it
    /// was handled at once; `Err` when it was refused, as the command itself
    /// would have returned (validation failed, busy, unknown id, ended…).
    /// For hosts whose calls must not wait for the server, such as the
    /// bindings' `Flow.trigger`. What the command's own future would have
    /// returned after its request (`Superseded`, `Ended` on a later cancel)
    /// is not reported.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
    /// use std::sync::Arc;
    /// use std::time::Duration;
    /// use serde_json::json;
    /// use flow_runtime::FlowBuilder;
    /// use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
    ///
    /// let base = url::Url::parse("https://flow.example/").unwrap();
    /// let server = Arc::new(ScriptedTransport::new(&base));
    /// server.route("POST /slow", [ScriptedReply::status(204).with_latency(Duration::from_secs(5))]);
    /// let step = serde_json::from_value(json!({"id": "s", "layout": [{"type": "button",
    ///     "behavior": {"type": "action", "action": {"id": "go", "url": "/slow"}}}]})).unwrap();
    /// let (flow, _events) = FlowBuilder::from_step(step).base_url(base).transport(server).start().unwrap();
    /// let started = tokio::time::Instant::now();
    /// flow.accepted(flow.trigger_id("go", json!({}))).await.unwrap();
    /// assert_eq!(started.elapsed(), Duration::ZERO);
    /// assert!(flow.snapshot().busy, "the request is in flight");
    /// assert!(flow.accepted(flow.trigger_id("nope", json!({}))).await.is_err());
    /// # }
    /// ```
    pub async fn accepted(
        &self,
        command: impl Future<Output = Result<(), CommandError>>,
    ) -> Result<(), CommandError> {
        let mut command = std::pin::pin!(command);
        // The first poll sends the command (see `call`).
        if let Poll::Ready(result) = futures::poll!(command.as_mut()) {
            return result;
        }
        // The flow handles commands in order, each in a turn of its own:
        // once the barrier is answered, the command was either answered at
        // once or waits for its request.
        let barrier = self.call(|reply| Command::Barrier { reply }).await;
        match futures::poll!(command.as_mut()) {
            Poll::Ready(result) => result,
            Poll::Pending => barrier,
        }
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
