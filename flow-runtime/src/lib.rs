//! # flow-runtime
//!
//! The Dynamic Flow client engine: a pluggable HTTP [`transport`] (default:
//! [`ReqwestTransport`]), the [`FlowClient`] that shapes the protocol's
//! requests, the general [`poll`] engine, and the Dynamic Flow layer in
//! [`flow`]: the §4.3 poll classification, the [`PollSession`] that polls
//! for a shown step, and the interpreter that app shells embed (events out,
//! commands in).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
//! use std::sync::Arc;
//! use flow_runtime::{FlowClient, PollEvent, PollFailure, PollOutcome, PollSession, RuntimeConfig};
//! use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
//!
//! let base = url::Url::parse("https://flow.example/").unwrap();
//! let transport = Arc::new(ScriptedTransport::new(&base));
//! transport.route("GET /status", [ScriptedReply::status(503)]);
//! let client = FlowClient::new(transport, Arc::new(RuntimeConfig::default()), base);
//! let polling = serde_json::from_str(r#"{"url": "/status", "delay": 1, "maxAttempts": 5}"#).unwrap();
//!
//! let mut session = PollSession::start(client, &polling);
//! let mut last = None;
//! while let Some(event) = session.next_event().await {
//!     last = Some(event);
//! }
//! match last {
//!     Some(PollEvent::Finished(PollOutcome::Failed { reason, .. })) => {
//!         assert_eq!(reason, PollFailure::Status(503));
//!         assert_eq!(reason.reason(), "status");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # }
//! ```

#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod client;
pub mod config;
pub mod flow;
pub mod host;
pub mod poll;
pub mod redact;
pub mod transport;

pub use client::{FlowClient, UrlError};
pub use config::{ConfigError, HeaderScope, RuntimeConfig, RuntimeConfigBuilder};
pub use flow::classify::{PollDecision, PollDecisionKind, PollFailure};
pub use flow::polling::{PollEvent, PollOutcome, PollSession};
pub use host::{
    CommandError, FlowBuilder, FlowError, FlowEvent, FlowEvents, FlowHandle, FlowObserver, FlowSnapshot,
    FlowStart, StartError, Terminal,
};
pub use transport::reqwest::{ReqwestTransport, TransportInitError};
