//! [`Flow`]: a Dynamic Flow driven from Kotlin, Swift or Python.
//!
//! A thin wrapper over [`FlowHandle`]: every method maps to one runtime
//! call. Commands return as soon as the runtime **accepted** them
//! ([`FlowHandle::accepted`]): the server's answer arrives as events on the
//! [`FlowObserver`]. Events are delivered in order on a thread of the
//! binding; when one is delivered, [`Flow::screen`], [`Flow::screen_json`]
//! and [`Flow::save_state`] already reflect it (the runtime publishes its
//! snapshot before it sends each event). Dropping the last reference to a
//! `Flow` cancels it: nothing is sent afterwards.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use flow_model::Action;
use flow_runtime::transport::Transport;
use flow_runtime::{FlowBuilder, FlowEvents, FlowHandle, RuntimeConfig};

use crate::errors::{CommandError, FlowStartError};
use crate::events::{self, FlowEvent, FlowObserver, FlowOutcome};
use crate::runtime;
use crate::screen::Screen;
use crate::transport::{HostTransport, HostTransportAdapter};

/// Where a flow stands ([`Flow::state`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FlowState {
    /// The root flow's id.
    pub flow_id: String,
    /// The id of the flow shown: the root, or a nested subflow.
    pub active_flow_id: String,
    /// How many subflows deep the shown flow is (0: the root).
    pub depth: u32,
    /// The current step's id, once one is shown.
    pub step_id: Option<String>,
    /// The shown flow's history (step ids, oldest first).
    pub history: Vec<String>,
    /// Whether the current step is polling.
    pub polling: bool,
    /// Whether the host paused the flow.
    pub paused: bool,
    /// Whether a request that moves the flow is in flight (commands that
    /// send one are refused as `Busy`).
    pub busy: bool,
    /// Whether a subflow handed to the host waits for its result.
    pub waiting_for_host_subflow: bool,
    /// How the flow ended, once it has.
    pub outcome: Option<FlowOutcome>,
}

/// A running flow (see the [module docs](self)).
#[derive(uniffi::Object)]
pub struct Flow {
    handle: FlowHandle,
}

impl fmt::Debug for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flow").field("flow_id", &self.handle.flow_id()).finish_non_exhaustive()
    }
}

/// The headers as the runtime's configuration (sent with every request to
/// the flow's origin; `Authorization`, `Cookie`, `X-Api-Key`… are secrets:
/// never printed, never saved).
pub(crate) fn config(headers: &HashMap<String, String>) -> Result<RuntimeConfig, FlowStartError> {
    let mut names: Vec<&String> = headers.keys().collect();
    names.sort();
    let mut builder = RuntimeConfig::builder();
    for name in names {
        builder = builder.default_header(name, &headers[name]);
    }
    builder.build().map_err(|e| FlowStartError::InvalidArgument { detail: e.to_string() })
}

fn transport(host: Option<Box<dyn HostTransport>>, config: &RuntimeConfig) -> Option<Arc<dyn Transport>> {
    host.map(|host| Arc::new(HostTransportAdapter::new(host, config)) as Arc<dyn Transport>)
}

fn parse_values(values_json: &str) -> Result<Value, CommandError> {
    serde_json::from_str(values_json).map_err(|e| CommandError::json("values_json", &e))
}

impl Flow {
    /// Starts the built flow on the binding's runtime and delivers its events.
    fn launch(
        builder: FlowBuilder,
        config: RuntimeConfig,
        host: Option<Box<dyn HostTransport>>,
        observer: Box<dyn FlowObserver>,
    ) -> Result<Arc<Self>, FlowStartError> {
        let runtime = runtime::handle().map_err(|detail| FlowStartError::Runtime { detail })?;
        let mut builder = builder.runtime(runtime.clone());
        if let Some(transport) = transport(host, &config) {
            builder = builder.transport(transport);
        }
        // The default transport is built inside the runtime's context.
        let (handle, events) = {
            let _context = runtime.enter();
            builder.config(config).start()?
        };
        deliver(events, observer)?;
        Ok(Arc::new(Flow { handle }))
    }

    fn begin(
        url: String,
        method: String,
        body_json: Option<String>,
        headers: HashMap<String, String>,
        observer: Box<dyn FlowObserver>,
        host: Option<Box<dyn HostTransport>>,
    ) -> Result<Arc<Self>, FlowStartError> {
        let method = method.trim().to_ascii_uppercase();
        if http::Method::from_bytes(method.as_bytes()).is_err() {
            return Err(FlowStartError::InvalidArgument {
                detail: format!("{method:?} is not an HTTP method"),
            });
        }
        let mut request = Action::new(url).with_method(method);
        if let Some(body) = body_json {
            let body = serde_json::from_str(&body).map_err(|e| FlowStartError::InvalidArgument {
                detail: format!("body_json is not JSON: {e}"),
            })?;
            request = request.with_data(body);
        }
        let config = config(&headers)?;
        Self::launch(FlowBuilder::from_request(request), config, host, observer)
    }

    fn restored(
        state: Vec<u8>,
        headers: HashMap<String, String>,
        observer: Box<dyn FlowObserver>,
        host: Option<Box<dyn HostTransport>>,
    ) -> Result<Arc<Self>, FlowStartError> {
        let builder = FlowBuilder::restore(&state)?;
        let config = config(&headers)?;
        Self::launch(builder, config, host, observer)
    }

    /// Runs a command until the runtime accepted it.
    fn accepted(
        &self,
        command: impl std::future::Future<Output = Result<(), flow_runtime::CommandError>>,
    ) -> Result<(), CommandError> {
        runtime::wait(self.handle.accepted(command)).map_err(CommandError::from)
    }
}

/// Hands the flow's events to the observer on a thread of their own.
fn deliver(mut events: FlowEvents, observer: Box<dyn FlowObserver>) -> Result<(), FlowStartError> {
    let mut on_event = events::observer_fn(observer);
    events::deliver(
        "dflow-events",
        move || runtime::wait(events.recv()),
        move |event| on_event(FlowEvent::from(&event)),
    )
    .map_err(|e| FlowStartError::Runtime { detail: format!("could not start the event thread: {e}") })
}

#[uniffi::export]
impl Flow {
    /// Starts a flow with its initial request (`method` to `url`, the
    /// flow's base URL; `body_json` its JSON body, if any) over the built-in
    /// HTTP stack; `headers` go with every request to the flow's origin.
    #[uniffi::constructor]
    pub fn start(
        url: String,
        method: String,
        body_json: Option<String>,
        headers: HashMap<String, String>,
        observer: Box<dyn FlowObserver>,
    ) -> Result<Arc<Self>, FlowStartError> {
        Self::begin(url, method, body_json, headers, observer, None)
    }

    /// [`start`](Self::start) over the host's HTTP stack.
    #[uniffi::constructor]
    pub fn start_with_transport(
        url: String,
        method: String,
        body_json: Option<String>,
        headers: HashMap<String, String>,
        observer: Box<dyn FlowObserver>,
        transport: Box<dyn HostTransport>,
    ) -> Result<Arc<Self>, FlowStartError> {
        Self::begin(url, method, body_json, headers, observer, Some(transport))
    }

    /// Continues a flow from [`save_state`](Self::save_state)'s bytes (maybe
    /// in another process): its current step is shown again (reason
    /// `Resumed`) and its polling goes on with the attempts it has left.
    /// The headers are supplied again (a state holds none).
    #[uniffi::constructor]
    pub fn restore(
        state: Vec<u8>,
        headers: HashMap<String, String>,
        observer: Box<dyn FlowObserver>,
    ) -> Result<Arc<Self>, FlowStartError> {
        Self::restored(state, headers, observer, None)
    }

    /// [`restore`](Self::restore) over the host's HTTP stack.
    #[uniffi::constructor]
    pub fn restore_with_transport(
        state: Vec<u8>,
        headers: HashMap<String, String>,
        observer: Box<dyn FlowObserver>,
        transport: Box<dyn HostTransport>,
    ) -> Result<Arc<Self>, FlowStartError> {
        Self::restored(state, headers, observer, Some(transport))
    }

    /// Performs the current step's action with this `id` with the form's
    /// values (`values_json`, a JSON object): validated unless the action
    /// skips validation, then sent. Returns once the runtime accepted it;
    /// raises [`CommandError`] when validation fails, a request is in
    /// flight, the id is unknown or the flow has ended.
    pub fn trigger(&self, action_id: String, values_json: String) -> Result<(), CommandError> {
        let values = parse_values(&values_json)?;
        self.accepted(self.handle.trigger_id(&action_id, values))
    }

    /// Performs this action (an Action object as JSON, such as a button's
    /// `behavior.action`; for actions without an `id`) as
    /// [`trigger`](Self::trigger) does.
    pub fn trigger_action(&self, action_json: String, values_json: String) -> Result<(), CommandError> {
        let action: Action =
            serde_json::from_str(&action_json).map_err(|e| CommandError::json("action_json", &e))?;
        let values = parse_values(&values_json)?;
        self.accepted(self.handle.trigger(action, values))
    }

    /// Runs any behavior (a Behavior object as JSON: `action`, `link`,
    /// `copy`, `modal`, `refresh`, `subflow`, `dismiss`…) as the user
    /// triggered it with these values.
    pub fn trigger_behavior(&self, behavior_json: String, values_json: String) -> Result<(), CommandError> {
        let behavior =
            serde_json::from_str(&behavior_json).map_err(|e| CommandError::json("behavior_json", &e))?;
        let values = parse_values(&values_json)?;
        self.accepted(self.handle.trigger_behavior(behavior, values))
    }

    /// Back navigation: the step's `navigation.back` action, else the
    /// previous step, else (first step) the flow is cancelled.
    pub fn back(&self) -> Result<(), CommandError> {
        self.accepted(self.handle.back())
    }

    /// Refreshes the step from its `refreshUrl` with the values last
    /// submitted (else the step's `model`, else `{}`).
    pub fn refresh(&self) -> Result<(), CommandError> {
        let snapshot = self.handle.snapshot();
        let values = snapshot
            .values
            .clone()
            .or_else(|| snapshot.step.as_ref().and_then(|s| s.model.clone()))
            .unwrap_or_else(|| Value::Object(Default::default()));
        self.accepted(self.handle.refresh(values))
    }

    /// Refreshes the step from its `refreshUrl` with these values (a schema
    /// marked `refreshStepOnChange` changed).
    pub fn refresh_with_values(&self, values_json: String) -> Result<(), CommandError> {
        let values = parse_values(&values_json)?;
        self.accepted(self.handle.refresh(values))
    }

    /// A deep link arrived: the first matching `linkHandlers` entry runs.
    pub fn handle_link(&self, url: String) -> Result<(), CommandError> {
        self.accepted(self.handle.handle_link(&url))
    }

    /// Reports that a subflow handed to the host (`SubflowForHost`) ended
    /// with this result (JSON).
    pub fn complete_subflow(&self, result_json: String) -> Result<(), CommandError> {
        let result = serde_json::from_str(&result_json).map_err(|e| CommandError::json("result_json", &e))?;
        self.accepted(self.handle.complete_subflow(Ok(result)))
    }

    /// Reports that a subflow handed to the host failed.
    pub fn fail_subflow(&self, message: String) -> Result<(), CommandError> {
        self.accepted(self.handle.complete_subflow(Err(message)))
    }

    /// The app went to the background: no poll request is sent until
    /// [`resume`](Self::resume). A no-op once the flow ended.
    pub fn pause(&self) {
        let _ = self.accepted(self.handle.pause());
    }

    /// The app is back: polling continues with the wait that was left.
    pub fn resume(&self) {
        let _ = self.accepted(self.handle.resume());
    }

    /// Cancels the flow: a request in flight is abandoned, polling stops,
    /// nothing is sent afterwards; the last event is `Cancelled`. A no-op
    /// once the flow ended.
    pub fn cancel(&self) {
        let _ = self.accepted(self.handle.cancel());
    }

    /// The flow's state as bytes (versioned JSON) for [`restore`](Self::restore):
    /// history, current step, values, `ETag`s, base URLs and polling
    /// progress; no header, credential or secret query value.
    pub fn save_state(&self) -> Vec<u8> {
        self.handle.save_state()
    }

    /// The root flow's id.
    pub fn flow_id(&self) -> String {
        self.handle.flow_id().to_owned()
    }

    /// The current step as the server sent it (JSON), once one is shown.
    pub fn step_json(&self) -> Option<String> {
        let step = self.handle.snapshot().step?;
        serde_json::to_string(&*step).ok()
    }

    /// The current step as a shell renders it (the runtime's screen
    /// model): nodes, form fields with their values and errors, triggers
    /// with the ids [`trigger`](Self::trigger) takes. Before any step is
    /// shown, an empty screen (`step_id` `""`, no nodes).
    pub fn screen(&self) -> Screen {
        self.handle.screen().as_ref().map_or_else(Screen::empty, Screen::from)
    }

    /// The same screen as the runtime's JSON (`null` before any step is shown).
    pub fn screen_json(&self) -> String {
        match self.handle.screen() {
            Some(screen) => serde_json::to_string(&screen).unwrap_or_else(|_| "null".to_owned()),
            None => "null".to_owned(),
        }
    }

    /// Whether the flow has ended (exited, failed or cancelled).
    pub fn is_ended(&self) -> bool {
        self.handle.snapshot().terminal.is_some()
    }

    /// Where the flow stands now (it reflects every event delivered so far).
    pub fn state(&self) -> FlowState {
        let snapshot = self.handle.snapshot();
        FlowState {
            flow_id: snapshot.flow_id.clone(),
            active_flow_id: snapshot.active_flow_id.clone(),
            depth: u32::try_from(snapshot.depth).unwrap_or(u32::MAX),
            step_id: snapshot.step.as_ref().map(|s| s.id().to_owned()),
            history: snapshot.history_ids().into_iter().map(str::to_owned).collect(),
            polling: snapshot.polling,
            paused: snapshot.paused,
            busy: snapshot.busy,
            waiting_for_host_subflow: snapshot.host_subflow,
            outcome: snapshot.terminal.as_ref().map(FlowOutcome::of),
        }
    }
}
