//! # flow-ffi
//!
//! Kotlin, Swift and Python bindings for dflow, made with
//! [UniFFI](https://mozilla.github.io/uniffi-rs/) proc-macros (no UDL). A
//! thin layer: it wraps [`flow_runtime`] (and the general poller of
//! [`flow_poll`]) without changing them; the Rust API stays free of FFI
//! types. The generated module is named `dflow`.
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
//! and poll ([`runtime`]).

uniffi::setup_scaffolding!("dflow");

mod errors;
mod events;
mod flow;
mod foreign;
mod poll;
pub mod runtime;
mod screen;
mod transport;

pub use errors::{CommandError, FlowStartError, TransportFailure};
pub use events::{event_json, FieldError, FlowEvent, FlowObserver, FlowOutcome, ShowReason, UrlSource};
pub use flow::{Flow, FlowState};
pub use foreign::{shutdown, SHUTDOWN_GRACE};
pub use poll::{Poll, PollError, PollEvent, PollObserver, PollResult};
pub use screen::{
    DecisionOption, FieldAlternative, FieldChoice, FieldKind, FieldMessage, FieldRule, InstructionItem,
    ListItem, ReviewField, Screen, ScreenButton, ScreenErrors, ScreenField, ScreenNode, ScreenTab,
    ScreenTrigger, StatusItem,
};
pub use transport::{HostTransport, HttpHeader, HttpRequest, HttpResponse};

#[cfg(test)]
mod tests {
    /// The crate allows `unsafe_code` only for UniFFI's generated
    /// scaffolding (see Cargo.toml): no hand-written source uses it.
    #[test]
    fn no_hand_written_unsafe() {
        let sources = [
            ("lib.rs", include_str!("lib.rs")),
            ("errors.rs", include_str!("errors.rs")),
            ("events.rs", include_str!("events.rs")),
            ("flow.rs", include_str!("flow.rs")),
            ("foreign.rs", include_str!("foreign.rs")),
            ("poll.rs", include_str!("poll.rs")),
            ("runtime.rs", include_str!("runtime.rs")),
            ("screen.rs", include_str!("screen.rs")),
            ("transport.rs", include_str!("transport.rs")),
            ("bin/uniffi-bindgen.rs", include_str!("bin/uniffi-bindgen.rs")),
        ];
        let word = ["un", "safe"].concat();
        for (name, text) in sources {
            let found = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| l.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == word));
            assert!(!found, "{name} uses {word}");
        }
    }
}
