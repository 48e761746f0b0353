//! # flow-runtime
//!
//! The Dynamic Flow client that app shells embed: the shell draws, the
//! runtime speaks the protocol. Commands go in through a
//! [`FlowHandle`]; [`FlowEvent`]s come out on [`FlowEvents`] (or to a
//! [`FlowObserver`]); a [`FlowSnapshot`] says where the flow stands at any
//! moment.
//!
//! ```no_run
//! use flow_runtime::{FlowBuilder, FlowEvent};
//!
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Start a flow with its initial request, over real HTTP (reqwest, rustls).
//! let (flow, mut events) = FlowBuilder::post("http://127.0.0.1:8080/payment/start", None).start()?;
//! while let Some(event) = events.recv().await {
//!     match event {
//!         FlowEvent::StepShown { step, .. } => {
//!             println!("step {}: {}", step.id(), step.title.as_deref().unwrap_or(""));
//!             // Draw it; when the person presses a button, send its action:
//!             // flow.trigger_id("submit", serde_json::json!({"amount": 10})).await?;
//!         }
//!         FlowEvent::Exited { result } => println!("done: {result}"),
//!         _ => {}
//!     }
//! }
//! # drop(flow); Ok(()) }
//! ```
//!
//! ## Contents
//!
//! * [`host`]: the API shells embed — [`FlowBuilder`] (start from a request
//!   or a ready step; transport, config, base URL), [`FlowHandle`]
//!   (trigger, back, refresh, links, pause/resume, cancel), [`FlowEvents`],
//!   [`FlowObserver`], [`FlowSnapshot`], [`Terminal`].
//! * [`flow`]: the protocol — the poll answer table (§4.3,
//!   [`classify_poll_answer`](flow::classify::classify_poll_answer)), the
//!   response table (§5, [`classify_response`](flow::respond::classify_response)),
//!   the merge and payload rules, history and `stackBehavior`, client-side
//!   validation, and [`PollSession`]: §4.2 polling for a shown step.
//! * [`screen`]: the current step as a shell renders it — [`Screen`](screen::Screen)
//!   (a tree of [`Node`](screen::Node)s, form [`Field`](screen::Field)s resolved
//!   from the schemas, [`Trigger`](screen::Trigger)s with the ids to send back)
//!   and [`FormState`](screen::FormState) (values checked field by field, the payload).
//! * The HTTP layer comes from [`flow_poll`] and is re-exported here, so a
//!   shell needs this crate alone: [`transport`] (the [`Transport`](transport::Transport)
//!   trait a shell implements to bring its own HTTP stack, [`ReqwestTransport`],
//!   and a scripted transport for tests in virtual time), [`RuntimeConfig`]
//!   (timeouts, body cap, default headers and their scope, redaction) and
//!   [`HttpClient`].
//!
//! Time flows only through `tokio::time`: under `tokio::time::pause` every
//! wait is virtual, which is how the tests and the conformance runner drive
//! flows.

#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod flow;
pub mod host;
pub mod screen;

pub use flow::classify::{PollDecision, PollDecisionKind, PollFailure};
pub use flow::polling::{PollEvent, PollSession};
pub use flow::saved::RestoreError;
pub use flow_poll::transport;
pub use flow_poll::{
    ConfigError, HeaderScope, HttpClient, ReqwestTransport, RuntimeConfig, RuntimeConfigBuilder,
    TransportInitError, UrlError,
};
pub use host::{
    CommandError, FlowBuilder, FlowError, FlowEvent, FlowEvents, FlowHandle, FlowObserver, FlowSnapshot,
    FlowStart, StartError, Terminal,
};
