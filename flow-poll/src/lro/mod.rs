//! Waiting on long-running operations: a job API that answers `202` with a
//! `Location`, a task whose body says `pending` until `completed`, an
//! OpenAPI operation with `x-speakeasy-polling`.
//!
//! An [`LroPoller`] (made by an [`LroBuilder`]) runs on the general
//! [engine](crate::poll) — the same loop as Dynamic Flow polling — with:
//!
//! * **start-then-poll**: an optional start request whose 2xx answer says
//!   where to poll ([`PollLocation`](crate::PollLocation): headers,
//!   or a URL template filled from its body); its `Retry-After` delays the
//!   first poll;
//! * **criteria** ([`crate::criteria`]): ordered success / failure /
//!   keep-polling rules, failure first;
//! * **pacing**: an initial delay, fixed or exponential waits, jitter,
//!   `Retry-After` as a floor carried forward;
//! * **budgets**: attempts and a wall-clock deadline together (the last
//!   poll is made *at* the deadline, each request's timeout is cut to the
//!   time left), and a separate budget of consecutive transient failures
//!   ([`TransientPolicy`]: 408, 425, 429, 502–504 and transport errors,
//!   retried after their own [`RetryBackoff`](crate::RetryBackoff) waits);
//!   other error statuses (≥ 400, a 500 included) that no rule matched end
//!   the poll;
//! * **presets** ([`Preset`]): the documented defaults of an OData/Azure
//!   poller, a Speakeasy SDK or Trigger.dev's `backgroundPoll` in one call;
//! * **progress** ([`Progress`](crate::Progress)): status string and
//!   percent complete read by JSON Pointer, reported on change through a
//!   callback, a [`Stream`](LroPoller::into_stream), or the
//!   [`status`](LroPoller::status) / [`percent_complete`](LroPoller::percent_complete)
//!   getters;
//! * **results**: [`until_done`](LroPoller::until_done) or `.await` decode
//!   the final answer as any `T: DeserializeOwned`; failures are typed
//!   [`LroError`]s;
//! * **cancellation** by dropping, or through the
//!   [`PollControl`](crate::PollControl): waits end at once, nothing
//!   is sent afterwards (pausing through it holds requests back, but the
//!   wall-clock deadline keeps running);
//! * **resume** ([`crate::resume`]): a versioned state without
//!   credentials, by hand ([`LroBuilder::resume`]) or keyed in a store
//!   ([`LroBuilder::keyed`]: "resume if present, else start").
//!
//! ```
//! # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
//! use std::sync::Arc;
//! use std::time::Duration;
//! use flow_poll::lro::{LroBuilder, RequestSpec};
//! use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
//! use flow_poll::{HttpClient, RuntimeConfig};
//! use serde_json::json;
//!
//! #[derive(serde::Deserialize)]
//! struct Job {
//!     status: String,
//!     result: Option<String>,
//! }
//!
//! let base = url::Url::parse("https://jobs.example/").unwrap();
//! let transport = Arc::new(ScriptedTransport::new(&base));
//! transport.route("POST /jobs", [ScriptedReply::status(202)
//!     .with_header("Location", "/jobs/7")
//!     .with_header("Retry-After", "2")]);
//! transport.route("GET /jobs/7", [
//!     ScriptedReply::json(&json!({"status": "Running"})),
//!     ScriptedReply::json(&json!({"status": "Succeeded", "result": "done"})),
//! ]);
//! let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
//!
//! let job: Job = LroBuilder::new(client)
//!     .start(RequestSpec::post("/jobs").json(json!({"report": "monthly"})))
//!     .success_when("$response.body#/status == 'Succeeded'")
//!     .failure_when("$response.body#/status == 'Failed'")
//!     .interval(Duration::from_secs(5))
//!     .build()
//!     .unwrap()
//!     .await
//!     .unwrap();
//! assert_eq!((job.status.as_str(), job.result.as_deref()), ("Succeeded", Some("done")));
//! // Retry-After: 2 beat the 1 s initial delay; then 5 s (±20 % jitter) between polls.
//! let times: Vec<Duration> = transport.requests().iter().map(|r| r.at).collect();
//! assert_eq!(times[1], Duration::from_secs(2));
//! assert!(times[2] >= Duration::from_secs(6) && times[2] <= Duration::from_secs(8));
//! # }
//! ```

mod builder;
mod error;
mod judge;
mod poller;
mod preset;
mod stream;

pub use builder::{LroBuilder, ProgressMode, RequestSpec, DEFAULT_INITIAL_DELAY, DEFAULT_TIMEOUT};
pub use error::{Answer, LroError};
pub use judge::{TransientPolicy, TRANSIENT_STATUSES};
pub use poller::{LroPoller, PollStatus};
pub use preset::{Preset, PRESET_NAMES};
pub use stream::{LroEvent, LroStream};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<LroPoller<serde_json::Value>>();
        check::<LroBuilder>();
        check::<LroError>();
        check::<Answer>();
        fn send<T: Send>() {}
        send::<LroStream<serde_json::Value>>();
    }
}
