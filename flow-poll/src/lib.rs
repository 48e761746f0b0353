//! # flow-poll
//!
//! A general poller for long-running HTTP operations, and the HTTP layer it
//! stands on. It knows nothing of Dynamic Flow: a Rust program that only
//! wants to wait on a job API depends on this crate alone.
//!
//! * [`transport`]: the [`Transport`](transport::Transport) trait, its
//!   reqwest implementation ([`ReqwestTransport`]) and a scripted one for
//!   tests in virtual time;
//! * [`HttpClient`]: shapes requests (URL resolution against a base, `Accept`,
//!   `Content-Type`, user agent, default headers scoped to their origins) and
//!   sends them; configured by [`RuntimeConfig`]; [`redact`] keeps secrets
//!   out of every printed URL and header;
//! * the engine: [`Poller`] sends a request for a target again and again,
//!   paced by a [`Pacing`], bounded by a [`Budget`], until a [`Judge`] says
//!   an answer is final, with pause/resume and cancellation through a
//!   [`PollControl`];
//! * the long-running-operation poller, [`lro`]: start-then-poll,
//!   [`criteria`] (Arazzo conditions, EventFilter JSON, a typed builder),
//!   exponential [`Backoff`] with [`Jitter`], `Retry-After`, deadlines,
//!   transient retries on their own [`RetryBackoff`] waits, progress,
//!   [`resume`] (keyed, resumable states that replay a finished poll's
//!   answer) and presets of the seed systems' defaults
//!   ([`lro::Preset`]) — all on the same loop ([`PollRun`] steps it one
//!   attempt at a time for hosts that drive it);
//! * behind cargo features: `openapi` (`x-speakeasy-polling` import from
//!   OpenAPI documents, JSON or YAML) and `fs-state` (a file
//!   [`StateStore`](resume::StateStore)).
//!
//! The Dynamic Flow poll loop (`flow-runtime`'s `PollSession`) is another
//! use of this engine: it plugs in the protocol's poll answer table as its
//! judge.
//!
//! Time flows only through `tokio::time`, so `tokio::time::pause` (or
//! `#[tokio::test(start_paused = true)]`) makes every wait virtual.
//!
//! One loop, in order: wait (pausable, cancellable) → send one request
//! (aborted at once on cancel; a late answer is discarded) → the judge's
//! [`Verdict`] → the budget → the pacer's next wait → [`Observer`]s →
//! again. The loop is a plain future ([`Poller::run`]); it ends with a
//! [`Finish`].
//!
//! Where things plug in (the long-running-operation poller extends these
//! types rather than adding a second loop):
//!
//! * **Pacing** — [`Interval`] is non-exhaustive (room for exponential
//!   growth and jitter) and the per-loop [`Pacer`] keeps state between
//!   attempts; [`Pacer::next_delay`] sees the judged [`Attempt`], so a
//!   `Retry-After` on the response can shape the next wait.
//! * **Budgets** — [`Budget`] is checked after every attempt that did not
//!   end polling; a wall-clock deadline belongs there (clamping the wait and
//!   the per-request timeout in the loop).
//! * **Judging** — any [`Judge`] (or a closure through [`judge_fn`]) sees
//!   transport errors and responses alike and picks the [`Verdict`];
//!   criteria languages compile down to one.
//! * **Progress** — [`Observer::on_attempt`] gets every attempt with its
//!   verdict and the next delay; a `Stream` API is an observer feeding a
//!   channel.
//! * **Control** — [`PollControl`] pauses, resumes and cancels; it can be tied
//!   to a host's `CancellationToken` ([`PollControl::with_token`]).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
//! use std::sync::Arc;
//! use std::time::Duration;
//! use flow_poll::{judge_fn, Budget, Finish, Pacing, Poller, Verdict};
//! use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
//! use flow_poll::{HttpClient, RuntimeConfig};
//!
//! let base = url::Url::parse("https://jobs.example/").unwrap();
//! let transport = Arc::new(ScriptedTransport::new(&base));
//! transport.route("GET /job/7", [
//!     ScriptedReply::json(&serde_json::json!({"state": "running"})),
//!     ScriptedReply::json(&serde_json::json!({"state": "done", "answer": 42})),
//! ]);
//! let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
//! let request = client.request(http::Method::GET, client.resolve("/job/7").unwrap(), None, None);
//!
//! // Done when the job says so; failed on an error status; else keep polling
//! // (transport errors included).
//! let judge = judge_fn(|attempt| {
//!     let Some(response) = attempt.response() else { return Verdict::Continue };
//!     if !response.status.is_success() {
//!         return Verdict::Fail(response.status.as_u16());
//!     }
//!     let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap_or_default();
//!     match body["state"].as_str() {
//!         Some("done") => Verdict::Done(body["answer"].as_i64().unwrap_or_default()),
//!         _ => Verdict::Continue,
//!     }
//! });
//! let finish = Poller::new(client, request, judge)
//!     .pacing(Pacing::fixed(Duration::from_secs(2)))
//!     .budget(Budget::max_attempts(10))
//!     .run()
//!     .await;
//! assert_eq!(finish, Finish::Done { value: 42, attempts: 2 });
//! let times: Vec<_> = transport.requests().iter().map(|r| r.at).collect();
//! assert_eq!(times, [Duration::from_secs(2), Duration::from_secs(4)]);
//! # }
//! ```

#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod backoff;
mod budget;
pub mod client;
mod clock;
pub mod config;
mod control;
pub mod criteria;
mod engine;
mod judge;
mod location;
pub mod lro;
#[cfg(feature = "openapi")]
pub mod openapi;
mod pacing;
mod progress;
pub mod redact;
pub mod resume;
mod retry_after;
mod trace;
pub mod transport;

pub use backoff::{Backoff, BackoffError, Jitter, RetryBackoff};
pub use budget::{Budget, DEFAULT_LAST_POLL_GRACE};
pub use client::{HttpClient, UrlError};
pub use clock::{SystemClock, VirtualClock, WallClock};
pub use config::{ConfigError, HeaderScope, RuntimeConfig, RuntimeConfigBuilder};
pub use control::PollControl;
pub use engine::{AttemptReport, Continuation, Finish, Observer, PollRun, Poller, Turn};
pub use judge::{judge_fn, Attempt, FnJudge, Judge, Verdict, VerdictKind};
pub use location::{PollLocation, TemplateError, UrlTemplate, LOCATION_HEADERS};
pub use pacing::{Interval, Pacer, Pacing, RetryAfter};
pub use progress::Progress;
pub use retry_after::{retry_after, MAX_RETRY_AFTER, RETRY_AFTER_HEADERS};
pub use transport::reqwest::{ReqwestTransport, TransportInitError};
