//! [`FlowBuilder`]: configures and starts a flow, giving the host its
//! [`FlowHandle`] (commands in) and [`FlowEvents`] (events out).

use std::sync::Arc;

use thiserror::Error;
use tokio::sync::{mpsc, watch};
use url::Url;

use flow_model::{Action, Step};

use super::handle::FlowHandle;
use super::stream::FlowEvents;
use crate::flow::event_queue::event_queue;
use crate::flow::interpreter::{Begin, FlowStart, Interpreter};
use crate::flow::saved::{RestoreError, RestoredFlow};
use crate::flow::snapshot::FlowSnapshot;
use flow_poll::config::RuntimeConfig;
use flow_poll::transport::reqwest::ReqwestTransport;
use flow_poll::transport::Transport;
use flow_poll::HttpClient;

/// Why a flow could not start.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum StartError {
    /// No base URL was given and the start gives none (a ready step, or an
    /// initial request with a relative `url`).
    #[error("no base URL: set one, or start from a request with an absolute url (got {url:?})")]
    NoBaseUrl {
        /// The initial request's `url`, if any.
        url: Option<String>,
    },
    /// The base URL is not an absolute http(s) URL.
    #[error("base URL {url:?} is not an absolute http(s) URL")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
    },
    /// The initial request has no `url`.
    #[error("the initial request has no url")]
    NoRequestUrl,
    /// `start` was called outside a Tokio runtime and no runtime handle was set.
    #[error("no Tokio runtime: call start() inside one, or set FlowBuilder::runtime")]
    NoRuntime,
    /// The default transport could not be built.
    #[error("could not build the default HTTP transport: {message}")]
    Transport {
        /// What went wrong.
        message: String,
    },
    /// A restored state cannot start (a secret was not supplied again).
    #[error(transparent)]
    Restore(#[from] RestoreError),
}

/// Configures and starts a flow.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::Arc;
/// use serde_json::json;
/// use flow_runtime::host::{FlowBuilder, FlowEvent, Terminal};
/// use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
///
/// let base = url::Url::parse("https://flow.example/").unwrap();
/// let server = Arc::new(ScriptedTransport::new(&base));
/// server.route("POST /start", [ScriptedReply::json(&json!({
///     "id": "confirm", "title": "Confirm", "schemas": [], "layout": [
///         {"type": "button", "title": "Done", "behavior": {"type": "action",
///             "action": {"id": "done", "url": "/done", "exit": true, "result": {"ok": true}}}}]
/// }))]);
/// server.route("POST /done", [ScriptedReply::json(&json!({"id": 42}))]);
///
/// let start: flow_model::Action = serde_json::from_value(json!({"url": "/start"})).unwrap();
/// let (flow, mut events) = FlowBuilder::from_request(start)
///     .base_url(base)
///     .transport(server.clone())
///     .start()
///     .unwrap();
/// flow.idle().await;
/// assert_eq!(flow.snapshot().step.unwrap().id(), "confirm");
/// flow.trigger_id("done", json!({})).await.unwrap();
/// assert_eq!(flow.finished().await, Terminal::Exited(json!({"id": 42, "ok": true})));
/// let mut last = None;
/// while let Some(event) = events.recv().await {
///     last = Some(event);
/// }
/// assert_eq!(last, Some(FlowEvent::Exited { result: json!({"id": 42, "ok": true}) }));
/// # }
/// ```
#[derive(Debug)]
#[must_use]
pub struct FlowBuilder {
    start: FlowStart,
    transport: Option<Arc<dyn Transport>>,
    config: Arc<RuntimeConfig>,
    base: Option<Url>,
    flow_id: Option<String>,
    runtime: Option<tokio::runtime::Handle>,
    secrets: Vec<(String, String)>,
}

impl FlowBuilder {
    /// A flow that starts as described.
    pub fn new(start: FlowStart) -> Self {
        FlowBuilder {
            start,
            transport: None,
            config: Arc::new(RuntimeConfig::default()),
            base: None,
            flow_id: None,
            runtime: None,
            secrets: Vec::new(),
        }
    }

    /// A flow that continues from a state saved by
    /// [`FlowHandle::save_state`](crate::FlowHandle::save_state), maybe in
    /// another process. The host supplies again what the state does not
    /// hold: the [transport](Self::transport), the headers (in the
    /// [config](Self::config)) and any [secret](Self::secret) removed from
    /// its URLs. Started, the flow shows its current step again
    /// ([`ShowReason::Resumed`](crate::host::ShowReason::Resumed); a step's
    /// `external` is not opened again) and, if that step was polling, polls
    /// on with the attempts it has left — never more than `maxAttempts`
    /// across both lives —, its first request one wait after the start.
    /// A request that was in flight when the state was saved is not sent
    /// again.
    ///
    /// A state of another version, another format, a flow that had ended
    /// or had shown no step is a [`RestoreError`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
    /// use std::sync::Arc;
    /// use serde_json::json;
    /// use flow_runtime::FlowBuilder;
    /// use flow_runtime::transport::scripted::ScriptedTransport;
    ///
    /// let base = url::Url::parse("https://flow.example/").unwrap();
    /// let step = serde_json::from_value(json!({"id": "review", "layout": []})).unwrap();
    /// let (flow, _events) = FlowBuilder::from_step(step).base_url(base.clone()).start().unwrap();
    /// flow.idle().await;
    /// let state = flow.save_state();
    /// drop(flow);
    ///
    /// // Later, maybe in another process:
    /// let (flow, _events) = FlowBuilder::restore(&state)
    ///     .unwrap()
    ///     .transport(Arc::new(ScriptedTransport::new(&base)))
    ///     .start()
    ///     .unwrap();
    /// flow.idle().await;
    /// assert_eq!(flow.snapshot().step.unwrap().id(), "review");
    /// assert!(FlowBuilder::restore(br#"{"format": "dflow.flow-state", "version": 7}"#).is_err());
    /// # }
    /// ```
    pub fn restore(state: &[u8]) -> Result<Self, RestoreError> {
        let restored = RestoredFlow::from_bytes(state)?;
        let flow_id = restored.flow_id().to_owned();
        Ok(Self::new(FlowStart::Restored(Box::new(restored))).flow_id(flow_id))
    }

    /// A secret removed from a restored state's URLs (a query parameter's
    /// value, or the URL password under the name `(url password)`), supplied
    /// again; see [`restore`](Self::restore).
    pub fn secret(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.secrets.push((name.into(), value.into()));
        self
    }

    /// A flow that starts by showing this ready step (a base URL is then
    /// required). Its 1.x shapes are mapped onto the current model
    /// ([`Step::normalize`]) as for a step that arrives over HTTP.
    pub fn from_step(mut step: Step) -> Self {
        step.normalize();
        Self::new(FlowStart::Step(Box::new(step)))
    }

    /// A flow that starts with this initial request (`url`, `method` default
    /// POST, `data`); by default its URL is the flow's base URL.
    pub fn from_request(request: Action) -> Self {
        Self::new(FlowStart::Request(request))
    }

    /// A flow that starts with `GET url` (the flow's base URL too, unless
    /// [`base_url`](Self::base_url) sets another).
    ///
    /// ```
    /// let builder = flow_runtime::FlowBuilder::get("https://flow.example/start");
    /// # let _ = builder;
    /// ```
    pub fn get(url: impl Into<String>) -> Self {
        Self::from_request(Action::new(url).with_method("GET"))
    }

    /// A flow that starts by POSTing `body` (JSON; `None`: no body) to `url`
    /// (the flow's base URL too, unless [`base_url`](Self::base_url) sets another).
    ///
    /// ```
    /// use serde_json::json;
    /// let builder = flow_runtime::FlowBuilder::post("https://flow.example/start", json!({"plan": "gold"}));
    /// let empty = flow_runtime::FlowBuilder::post("https://flow.example/start", None);
    /// # let _ = (builder, empty);
    /// ```
    pub fn post(url: impl Into<String>, body: impl Into<Option<serde_json::Value>>) -> Self {
        let action = Action::new(url).with_method("POST");
        Self::from_request(match body.into() {
            Some(body) => action.with_data(body),
            None => action,
        })
    }

    /// The HTTP layer (default: a [`ReqwestTransport`] built from the config).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// How the runtime talks HTTP (default: [`RuntimeConfig::default`]).
    pub fn config(mut self, config: RuntimeConfig) -> Self {
        self.config = Arc::new(config);
        self
    }

    /// The URL relative URLs resolve against (default: the initial request's URL).
    pub fn base_url(mut self, base: Url) -> Self {
        self.base = Some(base);
        self
    }

    /// The flow's id in analytics events (default: random).
    pub fn flow_id(mut self, id: impl Into<String>) -> Self {
        self.flow_id = Some(id.into());
        self
    }

    /// The Tokio runtime the flow's task runs on (default: the current one).
    pub fn runtime(mut self, runtime: tokio::runtime::Handle) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// Starts the flow in its own task.
    pub fn start(self) -> Result<(FlowHandle, FlowEvents), StartError> {
        let (restored, polling) = match &self.start {
            FlowStart::Restored(flow) => (Some(flow.frames(&self.secrets)?), flow.polling()),
            _ => (None, None),
        };
        let restored = restored.filter(|frames| !frames.is_empty());
        let base = match (self.base, &self.start) {
            (Some(base), _) => base,
            (None, FlowStart::Request(request)) => {
                let url = request.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
                let Some(url) = url else { return Err(StartError::NoRequestUrl) };
                Url::parse(url).map_err(|_| StartError::NoBaseUrl { url: Some(url.to_owned()) })?
            }
            (None, FlowStart::Step(_)) => return Err(StartError::NoBaseUrl { url: None }),
            (None, FlowStart::Restored(_)) => match &restored {
                Some(frames) => frames[0].base.clone(),
                None => return Err(StartError::NoBaseUrl { url: None }),
            },
        };
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(StartError::InvalidBaseUrl { url: base.to_string() });
        }
        if let FlowStart::Request(request) = &self.start {
            if request.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
                return Err(StartError::NoRequestUrl);
            }
        }
        let runtime = match self.runtime {
            Some(runtime) => runtime,
            None => tokio::runtime::Handle::try_current().map_err(|_| StartError::NoRuntime)?,
        };
        let transport: Arc<dyn Transport> = match self.transport {
            Some(transport) => transport,
            None => Arc::new(
                ReqwestTransport::new(&self.config)
                    .map_err(|e| StartError::Transport { message: e.message })?,
            ),
        };
        let flow_id = self.flow_id.unwrap_or_else(|| format!("{:016x}", rand::random::<u64>()));
        let client = HttpClient::new(transport, self.config, base);
        let (command_tx, command_rx) = mpsc::unbounded_channel();
        let (event_tx, event_rx) = event_queue();
        let initial = FlowSnapshot {
            flow_id: flow_id.clone(),
            active_flow_id: flow_id.clone(),
            busy: true,
            ..FlowSnapshot::default()
        };
        let (snapshot_tx, snapshot_rx) = watch::channel(initial);
        let interpreter = Interpreter::new(client, flow_id.clone(), event_tx, snapshot_tx);
        let begin = match restored {
            Some(frames) => Begin::Restored { frames, polling },
            None => Begin::Start(self.start),
        };
        runtime.spawn(interpreter.run(begin, command_rx));
        Ok((FlowHandle::new(command_tx, snapshot_rx, flow_id), FlowEvents::new(event_rx)))
    }
}
