//! # flow-ffi
//!
//! Kotlin, Swift and Python bindings for dflow, made with
//! [UniFFI](https://mozilla.github.io/uniffi-rs/) proc-macros (no UDL). A
//! thin layer: it wraps [`flow_runtime`] (and the general poller of
//! [`flow_poll`]) without changing them; the Rust API stays free of FFI
//! types.
//!
//! * [`Flow`]: a Dynamic Flow — [`Flow::start`] with the built-in HTTP
//!   stack or [`Flow::start_with_transport`] with the host's
//!   ([`HostTransport`]: OkHttp, URLSession, …); events go to a
//!   [`FlowObserver`] in order, from a thread of the binding; commands
//!   ([`Flow::trigger`], back, refresh, links, pause/resume, cancel) return
//!   once the runtime accepted them; [`Flow::screen`] / [`Flow::screen_json`]
//!   and [`Flow::save_state`] / [`Flow::restore`] for flows that survive
//!   process death. Dropping the last reference cancels the flow.
//! * [`event_json`]: an event as one line of `dflow run --json`.
//! * [`Poll`]: the general poller (criteria, attempts, timeout) with
//!   progress events and the final body.
//!
//! One multi-threaded Tokio runtime, owned by the binding, runs every flow
//! and poll ([`runtime`]). Module name of the generated bindings: `dflow`.

uniffi::setup_scaffolding!("dflow");

mod errors;
mod events;
mod flow;
mod poll;
pub mod runtime;
mod transport;

pub use errors::{CommandError, FlowStartError, TransportFailure};
pub use events::{event_json, FlowEvent, FlowObserver};
pub use flow::Flow;
pub use poll::{Poll, PollError, PollEvent, PollObserver};
pub use transport::{HostTransport, HttpHeader, HttpRequest, HttpResponse};
