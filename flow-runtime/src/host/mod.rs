//! The host API app shells embed: **commands in** through a [`FlowHandle`],
//! **events out** through [`FlowEvents`] (or a [`FlowObserver`]), started by
//! a [`FlowBuilder`]. The engine owns the protocol; the host owns the pixels.
//!
//! * A flow ends in exactly one terminal state ([`Terminal`]): exited with a
//!   result, failed with a [`FlowError`], or cancelled.
//! * Each flow runs in its own task; nothing is global. Handles and events
//!   are `Send + Sync` and runtime-agnostic.
//!
//! # Decisions (where the spec and the issue leave it open)
//!
//! * **One request in flight.** While a request that moves the flow is in
//!   flight, a second command that would send one (or move the flow)
//!   resolves at once with [`CommandError::Busy`] and sends nothing; host-only
//!   behaviors (link, copy, modal, dismiss, unknown), pause, resume and
//!   cancel always work. [`FlowHandle::idle`] waits for the slot to free.
//! * **Late responses are discarded.** A refresh does not stop polling; if a
//!   poll answer moves the flow first, the refresh's request is aborted and
//!   its command resolves with [`CommandError::Superseded`]. After a cancel,
//!   an in-flight request is aborted and its command resolves with
//!   [`CommandError::Ended`].
//! * **Polling** runs while its step is the one shown: it starts when a step
//!   arrives and again when a step is shown anew (back navigation, return
//!   from a subflow); it stops for good when an action is submitted (even if
//!   the response keeps the step), when another step is shown, when a subflow
//!   starts, and when the flow ends. A poll answer that is a modal ends
//!   polling and keeps the step. Without `onError`, a polling failure is only
//!   reported.
//! * **`external`** opens when its step arrives in a response, from polling
//!   or as the ready start step; never on back navigation, a return from a
//!   subflow or a 304, and on a refresh only if the URL changed. Relative
//!   `external` and `link` URLs resolve against the flow's base; absolute
//!   ones (any scheme) are passed as sent.
//! * **Payloads.** User actions send the host's values with `data` merged
//!   over them and are validated unless `skipValidation` (only when
//!   something is submitted: an exit without `url` is not validated).
//!   Actions the engine runs on its own (Action Response Bodies, poll
//!   results and `onError`, back actions, subflow callbacks, link handlers)
//!   skip validation and send only their `data` (link handlers: with
//!   `{"url": link}` over it; `onCompletion`: with the subflow's result
//!   under `resultKey`, nothing added without one). A refresh the engine
//!   starts on its own sends the step's `model`.
//! * **Error Response Body with `refreshUrl`**: the submitted values are
//!   POSTed there first; the errors are shown after that refresh is handled
//!   (whatever its outcome); a refresh's own error body never refreshes again.
//! * **The first request**: until a flow has shown a step, any failure
//!   (transport error, error status, a response that does not fit, a modal,
//!   no-op or 304 with no step to stay on, an action without `url`) fails it.
//! * **Subflows**: a dynamic launch config runs a nested flow in this engine
//!   (events between [`FlowEvent::SubflowStarted`] and
//!   [`FlowEvent::SubflowEnded`]; relative URLs resolve against its initial
//!   request's URL; commands go to it). When it ends the parent's step is
//!   shown again, then `onCompletion` / `onError` runs; a failure without
//!   `onError` fails the parent; back on its first step returns to the
//!   parent. Other launch configs go to the host
//!   ([`FlowEvent::SubflowForHost`]), which reports back with
//!   [`FlowHandle::complete_subflow`].
//! * **Cancel** ends the whole flow, subflows included; back on the root's
//!   first step cancels it.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
//! use std::sync::Arc;
//! use serde_json::json;
//! use flow_runtime::host::{FlowBuilder, FlowEvent};
//! use flow_runtime::transport::scripted::{ScriptedReply, ScriptedTransport};
//!
//! let base = url::Url::parse("https://flow.example/").unwrap();
//! let server = Arc::new(ScriptedTransport::new(&base));
//! server.route("POST /pay", [ScriptedReply::status(422)
//!     .with_body(r#"{"error": "Card declined", "validation": {"card": "Try another card"}}"#)]);
//! let step = serde_json::from_value(json!({"id": "pay", "title": "Pay", "schemas": [], "layout": []})).unwrap();
//! let (flow, mut events) = FlowBuilder::from_step(step).base_url(base).transport(server).start().unwrap();
//!
//! let pay: flow_model::Action = serde_json::from_value(json!({"url": "/pay"})).unwrap();
//! flow.trigger(pay, json!({"card": "4111"})).await.unwrap();
//! // The step stays and shows the errors.
//! assert_eq!(flow.snapshot().step.unwrap().id(), "pay");
//! let errors = std::iter::from_fn(|| events.try_recv())
//!     .find(|e| matches!(e, FlowEvent::Errors { .. }));
//! assert!(matches!(errors, Some(FlowEvent::Errors { status: 422, .. })));
//! # }
//! ```

mod builder;
mod handle;
mod observer;
mod stream;

pub use builder::{FlowBuilder, StartError};
pub use handle::FlowHandle;
pub use observer::{dispatch, observe, FlowObserver};
pub use stream::FlowEvents;

pub use crate::flow::events::{AnalyticsEvent, AnalyticsKind, FlowEvent, ShowReason, Terminal, UrlSource};
pub use crate::flow::snapshot::FlowSnapshot;

pub use crate::flow::error::{CommandError, FlowError};
pub use crate::flow::history::Transition;
pub use crate::flow::interpreter::FlowStart;
pub use crate::flow::values::{FieldError, Rule};

// Compile-time checks: the host API is usable across threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<FlowHandle>();
    send_sync::<FlowEvents>();
    send_sync::<FlowEvent>();
    send_sync::<FlowSnapshot>();
    send_sync::<FlowBuilder>();
    send_sync::<Terminal>();
    send_sync::<FlowError>();
    send_sync::<CommandError>();
    send_sync::<std::sync::Arc<dyn FlowObserver>>();
};
