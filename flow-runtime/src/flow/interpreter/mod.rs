//! The flow interpreter: one actor task per flow that owns the protocol
//! state (the stack of flows — the root and any nested dynamic subflows —,
//! each with its history), the poll session and the one request in flight,
//! and applies host commands, responses (§5) and poll events (§4) to it.
//!
//! The host side is the [host API](crate::FlowBuilder); the rules it documents are enforced
//! here. This module holds the state and the actor loop; the submodules
//! apply commands ([`commands`]), behaviors and actions ([`actions`]),
//! responses and poll events ([`responses`]), and show steps and end flows
//! ([`steps`]).

mod actions;
mod commands;
mod responses;
mod steps;

use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::{Map, Value};
use tokio::sync::{mpsc, oneshot, watch};
use url::Url;

use flow_model::{Action, Behavior, StackBehavior, Step, SubflowBehavior};

use super::error::{CommandError, FlowError};
use super::event_queue::EventSender;
use super::history::{History, HistoryEntry};
use super::polling::{PollEvent, PollSession};
use super::saved::{FrameParts, FrameStart, PollProgress, RestoredFlow, RestoredPolling, Resumable};
use super::{lookup, values};
use crate::flow::events::{AnalyticsEvent, AnalyticsKind, FlowEvent, Terminal};
use crate::flow::snapshot::FlowSnapshot;
use flow_poll::transport::{HttpResponse, TransportError};
use flow_poll::HttpClient;

/// Where a command's answer goes.
pub(crate) type Reply = oneshot::Sender<Result<(), CommandError>>;

/// How a flow begins.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FlowStart {
    /// Show this ready step.
    Step(Box<Step>),
    /// Send this initial request (`url`, `method` default POST, `data`) and
    /// handle its response by §5 as a non-exiting action.
    Request(Action),
    /// Continue a flow saved by
    /// [`FlowHandle::save_state`](crate::FlowHandle::save_state): its
    /// current step is shown again and its polling resumes (see
    /// [`FlowBuilder::restore`](crate::FlowBuilder::restore)).
    Restored(Box<RestoredFlow>),
}

/// How the actor begins: a start, or a restored stack whose URLs are
/// complete again (secrets supplied).
#[derive(Debug)]
pub(crate) enum Begin {
    Start(FlowStart),
    Restored { frames: Vec<FrameStart>, polling: Option<RestoredPolling> },
}

/// A host command, sent by a [`FlowHandle`](crate::FlowHandle). `Barrier`
/// is answered at once: every command sent before it has then been
/// answered or waits for its request (see
/// [`FlowHandle::accepted`](crate::FlowHandle::accepted)).
#[derive(Debug)]
pub(crate) enum Command {
    Trigger { behavior: Behavior, values: Value, reply: Reply },
    TriggerId { id: String, values: Value, reply: Reply },
    Back { reply: Reply },
    Refresh { values: Value, reply: Reply },
    HandleLink { link: String, reply: Reply },
    CompleteSubflow { result: Result<Value, String>, reply: Reply },
    Cancel { reply: Reply },
    Pause { reply: Reply },
    Resume { reply: Reply },
    Barrier { reply: Reply },
}

/// Whether a command was settled at once or waits for a request.
#[must_use]
enum Handled {
    Now(Result<(), CommandError>),
    Pending,
}

/// What a submitted action's payload is made of.
enum Input {
    /// The user's values, validated unless `skipValidation`, with `data` over them.
    User(Value),
    /// Only the action's own `data` (no validation).
    Own,
    /// The action's own `data` with these members merged over it (no validation).
    OwnWith(Value),
}

/// One flow of the stack: the root, or a nested dynamic subflow.
#[derive(Debug)]
struct Frame {
    flow_id: String,
    client: HttpClient,
    history: History,
    /// The subflow that launched this frame (nested frames only).
    launched_by: Option<SubflowBehavior>,
    /// A subflow handed to the host, waiting for its result.
    host_subflow: Option<SubflowBehavior>,
    subflows_started: u32,
    /// The values the host last submitted in this flow.
    values: Option<Value>,
    /// The current step's schemas, compiled (built on the first submit).
    validator: Option<(Arc<Step>, values::Validator)>,
    /// The errors the current step shows (see [`FlowSnapshot::errors`]).
    errors: Option<flow_model::StepErrors>,
    /// The step `values` were submitted on (a restored frame's: its current step).
    values_on: Option<Arc<Step>>,
}

impl Frame {
    fn new(flow_id: String, client: HttpClient, launched_by: Option<SubflowBehavior>) -> Self {
        Frame {
            flow_id,
            client,
            history: History::default(),
            launched_by,
            host_subflow: None,
            subflows_started: 0,
            values: None,
            validator: None,
            errors: None,
            values_on: None,
        }
    }

    /// A frame of a restored stack.
    fn restored(start: FrameStart, client: &HttpClient) -> Self {
        let mut frame = Frame::new(start.flow_id, client.with_base(start.base), start.launched_by);
        for (step, etag) in start.history {
            frame.history.arrive(HistoryEntry::new(Arc::new(step), etag), &StackBehavior::Default);
        }
        frame.host_subflow = start.host_subflow;
        frame.subflows_started = start.subflows_started;
        frame.values = start.values;
        frame.values_on = frame.step().cloned();
        frame
    }

    fn parts(&self) -> FrameParts {
        FrameParts {
            flow_id: self.flow_id.clone(),
            base: self.client.base().clone(),
            history: self.history.clone(),
            values: self.values.clone(),
            launched_by: self.launched_by.clone(),
            host_subflow: self.host_subflow.clone(),
            subflows_started: self.subflows_started,
        }
    }

    fn step(&self) -> Option<&Arc<Step>> {
        self.history.current().map(|e| &e.step)
    }

    /// The host submitted `values` on the current step.
    fn submitted(&mut self, values: &Value) {
        self.values = Some(values.clone());
        self.values_on = self.step().cloned();
    }

    /// Validates values against the current step's schemas (`None`: no step).
    fn validate(&mut self, values: &Value) -> Option<values::ValuesReport> {
        let step = self.step()?.clone();
        let fresh = !matches!(&self.validator, Some((cached, _)) if Arc::ptr_eq(cached, &step));
        if fresh {
            let validator = match &self.validator {
                Some((_, previous)) => values::Validator::reusing(step.schemas(), previous),
                None => values::Validator::new(step.schemas()),
            };
            self.validator = Some((step, validator));
        }
        self.validator.as_ref().map(|(_, validator)| validator.validate(values))
    }
}

/// Why the request in flight was sent.
enum Purpose {
    /// An action (user, chained, back, link handler, initial request).
    Action { action: Action, values: Value },
    /// A refresh; `pending` errors are shown once it is handled (§5.2 `refreshUrl`).
    Refresh { pending: Option<PendingErrors> },
}

#[derive(Debug, Clone)]
struct PendingErrors {
    error: Option<String>,
    validation: Option<Value>,
    status: u16,
    generic: bool,
}

struct InFlight {
    future: BoxFuture<'static, Result<HttpResponse, TransportError>>,
    purpose: Purpose,
    url: String,
    waiters: Vec<Reply>,
}

/// The actor's state.
pub(crate) struct Interpreter {
    frames: Vec<Frame>,
    poll: Option<PollSession>,
    /// The current step's polling progress (kept after its session ended).
    poll_progress: Option<PollProgress>,
    /// Attempts an earlier life used, for the restored step's first session.
    resumed_attempts: Option<u32>,
    /// The configured secret query names (for saved states).
    sensitive_query: Arc<[String]>,
    paused: bool,
    in_flight: Option<InFlight>,
    terminal: Option<Terminal>,
    events: EventSender,
    snapshot: watch::Sender<FlowSnapshot>,
    root_id: String,
    /// Command answers, sent once the snapshot shows their effect.
    outbox: Vec<(Reply, Result<(), CommandError>)>,
}

impl Interpreter {
    pub(crate) fn new(
        client: HttpClient,
        flow_id: String,
        events: EventSender,
        snapshot: watch::Sender<FlowSnapshot>,
    ) -> Self {
        let sensitive_query = Arc::from(client.config().sensitive_query_params());
        Interpreter {
            frames: vec![Frame::new(flow_id.clone(), client, None)],
            poll: None,
            poll_progress: None,
            resumed_attempts: None,
            sensitive_query,
            paused: false,
            in_flight: None,
            terminal: None,
            events,
            snapshot,
            root_id: flow_id,
            outbox: Vec::new(),
        }
    }

    /// Runs the flow until it ends.
    pub(crate) async fn run(mut self, start: Begin, mut commands: mpsc::UnboundedReceiver<Command>) {
        self.begin(start);
        self.publish();
        self.flush();
        while self.terminal.is_none() {
            tokio::select! {
                biased;
                command = commands.recv() => match command {
                    Some(command) => self.on_command(command),
                    None => self.cancel_all(),
                },
                result = in_flight(&mut self.in_flight) => self.on_response(result),
                event = next_poll_event(&mut self.poll) => self.on_poll_event(event),
            }
            self.publish();
            self.flush();
        }
        self.abort_in_flight(CommandError::Ended);
        self.stop_polling();
        self.publish();
        self.flush();
        // Commands still queued are answered when `commands` is dropped.
    }

    // ----- state helpers -------------------------------------------------

    fn frame(&self) -> &Frame {
        // The stack is never empty while the actor runs: the root frame is
        // only popped when the flow ends, and the loop stops then.
        let last = self.frames.len() - 1;
        &self.frames[last]
    }

    fn frame_mut(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    /// Sends an event to the host, after publishing the snapshot: a host
    /// that reads the event and then the snapshot (or saves the state) sees
    /// the state the event describes, never an older one.
    /// Published mid-way (more may follow in the same turn), that snapshot
    /// says `busy`: a host never takes a half-applied state for a settled
    /// one; the turn's last publish says how things stand.
    fn emit(&self, event: FlowEvent) {
        self.publish_as(true);
        // A host that dropped its event stream still gets a working flow.
        self.events.send(event);
    }

    fn analytics(&self, kind: AnalyticsKind) {
        let frame = self.frame();
        let step = frame.step();
        self.emit(FlowEvent::Analytics(AnalyticsEvent {
            kind,
            flow_id: frame.flow_id.clone(),
            step_id: step.map(|s| s.id().to_owned()),
            properties: step.and_then(|s| s.analytics.clone()).unwrap_or_default(),
        }));
    }

    /// Answers the commands handled so far (after [`Self::publish`], so a
    /// resolved command always sees its effect in the snapshot).
    fn flush(&mut self) {
        for (reply, result) in self.outbox.drain(..) {
            let _ = reply.send(result);
        }
    }

    fn publish(&self) {
        self.publish_as(false);
    }

    /// Publishes the snapshot; `settling`: the actor is still applying
    /// what happened (the snapshot then says `busy`).
    fn publish_as(&self, settling: bool) {
        let frame = self.frame();
        let snapshot = FlowSnapshot {
            flow_id: self.root_id.clone(),
            active_flow_id: frame.flow_id.clone(),
            depth: self.frames.len() - 1,
            step: frame.step().cloned(),
            history: frame.history.entries().iter().map(|e| e.step.clone()).collect(),
            etag: frame.history.current().and_then(|e| e.etag.clone()),
            polling: self.poll.is_some(),
            paused: self.paused,
            busy: settling || self.in_flight.is_some(),
            host_subflow: frame.host_subflow.is_some(),
            terminal: self.terminal.clone(),
            values: frame.values.clone(),
            errors: frame.errors.clone(),
            values_on_step: match (&frame.values_on, frame.step()) {
                (Some(on), Some(step)) => Arc::ptr_eq(on, step),
                _ => false,
            },
            resumable: Resumable {
                frames: self.frames.iter().map(Frame::parts).collect(),
                polling: self.poll_progress,
                sensitive_query: self.sensitive_query.clone(),
            },
        };
        self.snapshot.send_replace(snapshot);
    }

    fn busy(&self) -> bool {
        self.in_flight.is_some()
    }

    fn stop_polling(&mut self) {
        if let Some(session) = self.poll.take() {
            session.cancel();
        }
        if let Some(progress) = &mut self.poll_progress {
            progress.running = false;
        }
    }

    fn abort_in_flight(&mut self, why: CommandError) {
        if let Some(flight) = self.in_flight.take() {
            for waiter in flight.waiters {
                self.outbox.push((waiter, Err(why.clone())));
            }
        }
    }

    /// A host-visible error: the step stays; before any step of this flow
    /// was shown, there is nothing to stay on and the flow fails.
    fn problem(&mut self, error: FlowError) {
        if self.frame().step().is_none() {
            self.end_frame(Terminal::Failed(error));
        } else {
            self.emit(FlowEvent::Problem { error });
        }
    }

    fn reject(&mut self, error: FlowError) -> Handled {
        self.problem(error.clone());
        Handled::Now(Err(CommandError::Rejected(error)))
    }

    /// A URL for the host to open: absolute ones as sent, relative ones
    /// resolved against the flow's base.
    fn url_to_open(&self, raw: &str) -> String {
        match Url::parse(raw) {
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                self.frame().client.base().join(raw).map_or_else(|_| raw.to_owned(), String::from)
            }
            _ => raw.to_owned(),
        }
    }

    /// A link as it may appear in an error: URLs redacted.
    fn redact_link(&self, link: &str) -> String {
        match Url::parse(link) {
            Ok(url) => self.frame().client.redact(&url),
            Err(_) => link.to_owned(),
        }
    }
}

/// The payload extra of a subflow's `onCompletion`: the result under `resultKey`.
fn completion_input(result_key: Option<&str>, result: Value) -> Input {
    match result_key {
        Some(key) => {
            let mut extra = Map::new();
            extra.insert(key.to_owned(), result);
            Input::OwnWith(Value::Object(extra))
        }
        None => Input::Own,
    }
}

/// Whether a behavior sends a request or moves the flow (rejected with
/// [`CommandError::Busy`] while another request is in flight).
fn moves(behavior: &Behavior) -> bool {
    matches!(behavior, Behavior::Action(_) | Behavior::Refresh(_) | Behavior::Subflow(_))
}

async fn in_flight(slot: &mut Option<InFlight>) -> Result<HttpResponse, TransportError> {
    match slot {
        Some(flight) => (&mut flight.future).await,
        None => std::future::pending().await,
    }
}

async fn next_poll_event(slot: &mut Option<PollSession>) -> Option<PollEvent> {
    match slot {
        Some(session) => session.next_event().await,
        None => std::future::pending().await,
    }
}
