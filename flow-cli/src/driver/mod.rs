//! Drives a flow through the host API ([`FlowHandle`] in, [`FlowEvents`]
//! out) for `dflow run` and `dflow demo`: every event goes to the
//! [`Reporter`]; whenever the flow waits for its user, a [`Chooser`] decides
//! what the user does.
//!
//! **When a step needs the user.** A step is shown, no request is in flight
//! and no polling runs. While a step polls, dflow waits for polling to move
//! the flow on (or to give up) before asking: a terminal shell has one
//! prompt, and a poll that ends the step would otherwise pull it away from
//! under the person typing.
//!
//! **SIGINT and SIGTERM** ([`Driver::with_signals`]). Whatever the driver
//! waits for (an event, a prompt, a command in flight), a signal wins: the
//! flow is cancelled through [`FlowHandle::cancel`] (a request in flight is
//! aborted, polling stops, nothing is sent after), the remaining events are
//! reported up to the terminal `Cancelled` one (which clears the spinner
//! and, under `--json`, prints the `cancelled` line, once and last), and
//! the run ends [`Stop::Interrupted`]. A second signal while that happens
//! stops waiting for the flow and reports the cancellation itself.

pub(crate) mod auto;
pub(crate) mod interactive;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use flow_model::{Behavior, Step};
use flow_runtime::host::{FlowEvent, FlowEvents, FlowHandle, Terminal};
use flow_runtime::CommandError;

use crate::report::Reporter;
use crate::signals::{unless_signalled, Signal, Signals};
use auto::Auto;
use interactive::Interactive;

/// How often the polling countdown is redrawn.
const TICK: Duration = Duration::from_millis(200);

/// What the chooser knows about the step it answers.
#[derive(Debug, Clone, Default)]
pub(crate) struct TurnContext {
    /// The general error to show (the step's `errors.error`, an Error
    /// Response Body's `error`, or a problem the runtime found).
    pub(crate) error: Option<String>,
    /// Messages shaped like the model, to show next to the fields.
    pub(crate) validation: Option<Value>,
    /// How many moves were made on this step since it was shown.
    pub(crate) moves: u32,
}

impl TurnContext {
    fn for_step(step: &Step) -> Self {
        TurnContext {
            error: step.errors.as_ref().and_then(|e| e.error.clone()),
            validation: step.errors.as_ref().and_then(|e| e.validation.clone()),
            moves: 0,
        }
    }
}

/// What the user does on a step.
// One value per turn, moved once: boxing `Run` would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub(crate) enum Turn {
    /// Run a behavior (a button, an option) with these form values.
    Run {
        /// The choice's label.
        label: String,
        /// What it does.
        behavior: Behavior,
        /// The id [`FlowHandle::trigger_id`] finds this action by, when it
        /// has one that does (sent instead of the behavior).
        action_id: Option<String>,
        /// The form values.
        values: Value,
        /// Whether the reporter should say what was chosen (nobody typed it).
        announce: bool,
    },
    /// Go back.
    Back,
    /// Leave the flow: `q` at a prompt, or input ended (it is cancelled; exit 4).
    Quit,
    /// Stop: the step needs a person.
    Stop {
        /// Why (for the log and the text output).
        why: String,
    },
}

/// Who answers the steps.
#[derive(Debug)]
pub(crate) enum Chooser {
    /// A person, through prompts.
    Interactive(Box<Interactive>),
    /// `--auto`.
    Auto(Auto),
    /// `--non-interactive` (or no terminal to ask on): stop at the first
    /// step that needs a person, saying why.
    Stop(String),
}

impl Chooser {
    async fn turn(&mut self, step: &Arc<Step>, context: &TurnContext) -> Turn {
        match self {
            Chooser::Auto(auto) => auto.turn(step, context),
            Chooser::Stop(why) => Turn::Stop { why: why.clone() },
            Chooser::Interactive(person) => match person.turn(step.clone(), context.clone()).await {
                Ok(turn) => turn,
                Err(e) => {
                    tracing::warn!("prompt failed: {e}");
                    Turn::Stop { why: e.to_string() }
                }
            },
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stop {
    /// The flow exited with this result.
    Exited(Value),
    /// The flow failed.
    Failed(String),
    /// The flow was cancelled.
    Cancelled,
    /// dflow stopped at a step that needs a person.
    Waiting,
    /// The person quit (`q`, or input ended); the flow was cancelled.
    Quit,
    /// A signal arrived and the flow was cancelled.
    Interrupted(Signal),
}

impl Stop {
    /// The process exit status: 0 exited, 3 stopped waiting, 4 the person
    /// quit, 130 / 143 after SIGINT / SIGTERM, 1 otherwise.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Stop::Exited(_) => 0,
            Stop::Waiting => 3,
            Stop::Quit => 4,
            Stop::Interrupted(signal) => signal.exit_code(),
            Stop::Failed(_) | Stop::Cancelled => 1,
        }
    }

    fn of(terminal: Terminal) -> Stop {
        match terminal {
            Terminal::Exited(result) => Stop::Exited(result),
            Terminal::Failed(error) => Stop::Failed(error.to_string()),
            _ => Stop::Cancelled,
        }
    }
}

/// What woke the driver while the flow was busy or polling.
enum Woke {
    /// An event (`None`: the stream ended).
    Event(Option<FlowEvent>),
    /// No request is in flight any more.
    Idle,
    /// Time to redraw the countdown.
    Tick,
}

/// The loop: events to the reporter, turns from the chooser, until the flow
/// ends or the chooser stops.
pub(crate) struct Driver<'a> {
    handle: FlowHandle,
    events: FlowEvents,
    reporter: &'a mut Reporter,
    context: TurnContext,
    /// Sees every event before the reporter (`dflow check` judges the flow by them).
    tap: Option<&'a mut (dyn FnMut(&FlowEvent) + Send)>,
    /// SIGINT / SIGTERM cancel the flow (see the module docs).
    signals: Option<&'a mut Signals>,
    /// The person quit: the cancellation that follows ends the run [`Stop::Quit`].
    quit: bool,
}

impl std::fmt::Debug for Driver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver").field("handle", &self.handle).finish_non_exhaustive()
    }
}

impl<'a> Driver<'a> {
    pub(crate) fn new(handle: FlowHandle, events: FlowEvents, reporter: &'a mut Reporter) -> Self {
        Driver {
            handle,
            events,
            reporter,
            context: TurnContext::default(),
            tap: None,
            signals: None,
            quit: false,
        }
    }

    /// Cancels the flow when one of `signals` arrives (see the module docs).
    pub(crate) fn with_signals(mut self, signals: &'a mut Signals) -> Self {
        self.signals = Some(signals);
        self
    }

    /// Shows every event to `tap` too, before the reporter.
    pub(crate) fn with_tap(mut self, tap: &'a mut (dyn FnMut(&FlowEvent) + Send)) -> Self {
        self.tap = Some(tap);
        self
    }

    /// Handles one event; `Some` once the flow ended.
    fn on_event(&mut self, event: FlowEvent) -> Option<Stop> {
        match &event {
            FlowEvent::StepShown { step, .. } => self.context = TurnContext::for_step(step),
            FlowEvent::Errors { error, validation, .. } => {
                self.context.error = error.clone();
                self.context.validation = validation.clone();
            }
            FlowEvent::ValidationFailed { validation, .. } => {
                self.context.error = None;
                self.context.validation = Some(validation.clone());
            }
            FlowEvent::Problem { error } => self.context.error = Some(error.to_string()),
            FlowEvent::Analytics(a) => {
                tracing::debug!(kind = a.kind.name(), step = ?a.step_id, "analytics");
            }
            _ => {}
        }
        if let Some(tap) = self.tap.as_mut() {
            tap(&event);
        }
        self.reporter.event(&event);
        event.terminal().map(Stop::of)
    }

    /// Runs the flow to its end (or until the chooser stops, or a signal
    /// arrives).
    pub(crate) async fn run(mut self, chooser: &mut Chooser) -> Stop {
        match self.drive(chooser).await {
            Ok(Stop::Cancelled) if self.quit => Stop::Quit,
            Ok(stop) => stop,
            Err(signal) => self.interrupted(signal).await,
        }
    }

    /// The loop; `Err` when a signal came first.
    async fn drive(&mut self, chooser: &mut Chooser) -> Result<Stop, Signal> {
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            while let Some(event) = self.events.try_recv() {
                if let Some(stop) = self.on_event(event) {
                    return Ok(stop);
                }
            }
            let snapshot = self.handle.snapshot();
            if snapshot.terminal.is_some() {
                // The terminal event is on its way (events go out before the snapshot).
                return self.finish().await;
            }
            if snapshot.host_subflow && !snapshot.busy {
                let why = "dflow cannot run this subflow's launch config".to_owned();
                let handle = &self.handle;
                let _ =
                    unless_signalled(self.signals.as_deref_mut(), handle.complete_subflow(Err(why))).await?;
                continue;
            }
            let Some(step) = snapshot.step.clone().filter(|_| !snapshot.busy && !snapshot.polling) else {
                let handle = &self.handle;
                let events = &mut self.events;
                let wait = async {
                    tokio::select! {
                        event = events.recv() => Woke::Event(event),
                        _ = handle.idle(), if snapshot.busy => Woke::Idle,
                        _ = ticker.tick(), if snapshot.polling => Woke::Tick,
                    }
                };
                match unless_signalled(self.signals.as_deref_mut(), wait).await? {
                    Woke::Event(Some(event)) => {
                        if let Some(stop) = self.on_event(event) {
                            return Ok(stop);
                        }
                    }
                    Woke::Event(None) => return Ok(Stop::of(self.handle.finished().await)),
                    Woke::Idle => {}
                    Woke::Tick => self.reporter.tick(),
                }
                continue;
            };
            // Events emitted before this snapshot are in the channel by now:
            // handle them before asking (the snapshot is published after them).
            if let Some(event) = self.events.try_recv() {
                if let Some(stop) = self.on_event(event) {
                    return Ok(stop);
                }
                continue;
            }
            let turn =
                unless_signalled(self.signals.as_deref_mut(), chooser.turn(&step, &self.context)).await?;
            self.context.moves += 1;
            // A new move gets its own errors, if any.
            self.context.error = None;
            self.context.validation = None;
            let handle = &self.handle;
            let command = match turn {
                Turn::Run { label, behavior, action_id, values, announce } => {
                    if announce {
                        self.reporter.chosen(&label, &values);
                    }
                    match action_id {
                        // The id scheme shells use: the runtime finds the action itself.
                        Some(id) => {
                            unless_signalled(self.signals.as_deref_mut(), handle.trigger_id(&id, values))
                                .await
                        }
                        None => {
                            let command = handle.trigger_behavior(behavior, values);
                            unless_signalled(self.signals.as_deref_mut(), command).await
                        }
                    }
                }
                Turn::Back => unless_signalled(self.signals.as_deref_mut(), handle.back()).await,
                Turn::Quit => {
                    self.quit = true;
                    self.reporter.quitting();
                    unless_signalled(self.signals.as_deref_mut(), handle.cancel()).await
                }
                Turn::Stop { why } => {
                    tracing::info!(step = step.id(), "stopped: {why}");
                    self.reporter.waiting(&step, &why);
                    return Ok(Stop::Waiting);
                }
            };
            match command? {
                Ok(()) | Err(CommandError::Rejected(_) | CommandError::Superseded | CommandError::Busy) => {}
                Err(CommandError::Ended) => return self.finish().await,
                Err(other) => self.reporter.problem(&other.to_string()),
            }
        }
    }

    /// Reads the remaining events up to the terminal one.
    async fn finish(&mut self) -> Result<Stop, Signal> {
        loop {
            let next = unless_signalled(self.signals.as_deref_mut(), self.events.recv()).await?;
            match next {
                Some(event) => {
                    if let Some(stop) = self.on_event(event) {
                        return Ok(stop);
                    }
                }
                None => return Ok(Stop::of(self.handle.finished().await)),
            }
        }
    }

    /// `signal` arrived: cancels the flow and reports its last events. A
    /// second signal stops waiting for them.
    async fn interrupted(mut self, signal: Signal) -> Stop {
        tracing::info!("{signal} received: cancelling the flow");
        self.reporter.interrupted(signal);
        let signals = self.signals.take();
        let wind_down = async {
            // `Ended`: the flow ended on its own meanwhile; its terminal event follows.
            let _ = self.handle.cancel().await;
            while let Some(event) = self.events.recv().await {
                if let Some(stop) = self.on_event(event) {
                    return stop;
                }
            }
            Stop::of(self.handle.finished().await)
        };
        let stop = match unless_signalled(signals, wind_down).await {
            Ok(stop) => stop,
            Err(again) => {
                tracing::warn!("{again} received again: not waiting for the flow to wind down");
                self.on_event(FlowEvent::Cancelled);
                Stop::Cancelled
            }
        };
        match stop {
            // The flow ended before the cancellation reached it: that is the outcome.
            Stop::Exited(_) | Stop::Failed(_) | Stop::Waiting | Stop::Quit => stop,
            Stop::Cancelled | Stop::Interrupted(_) => Stop::Interrupted(signal),
        }
    }
}

#[cfg(test)]
mod tests;
