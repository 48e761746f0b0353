//! # flow-dsl
//!
//! A closure-based builder DSL for Dynamic Flow backends, shaped like the
//! Kotlin DSL, plus server-side response helpers. It builds the
//! [`flow_model`] types directly, so what a backend sends is exactly what a
//! client parses.
//!
//! ```
//! use flow_dsl::prelude::*;
//! use serde_json::json;
//!
//! let step = Step::build(|s| {
//!     s.id("processing");
//!     s.title("Processing your payment");
//!     s.layout(|l| { l.paragraph("This takes a minute."); });
//!     s.polling(|p| {
//!         p.url("https://bar.foo/status?id=12345");
//!         p.delay(5);
//!         p.timeout(60);
//!         p.max_attempts(100);
//!         p.on_error(|e| {
//!             e.behavior(ActionBehavior::build(|b| {
//!                 b.action(|a| { a.exit(true); a.result(json!({"exit-action-data": "EXIT!!!"})); });
//!             }));
//!         });
//!     });
//! })?;
//!
//! assert_eq!(
//!     serde_json::to_value(&step).unwrap(),
//!     json!({
//!         "id": "processing",
//!         "title": "Processing your payment",
//!         "schemas": [],
//!         "layout": [{"type": "paragraph", "text": "This takes a minute."}],
//!         "polling": {
//!             "url": "https://bar.foo/status?id=12345",
//!             "delay": 5, "timeout": 60, "maxAttempts": 100,
//!             "onError": {"behavior": {"type": "action",
//!                                      "action": {"exit": true, "result": {"exit-action-data": "EXIT!!!"}}}}
//!         }
//!     }),
//! );
//!
//! // Serve it: status 200, `X-DF-Response-Type: step`, JSON body.
//! let response = FlowResponse::step(&step);
//! assert_eq!(response.response_type(), Some(ResponseType::Step));
//! # Ok::<(), BuildError>(())
//! ```
//!
//! ## How the builders work
//!
//! * `T::build(|b| …)` (from [`Build`], in the [`prelude`]) runs the closure
//!   on `T`'s builder and returns `Result<T, BuildError>`. Methods are named
//!   after the wire members and return `&mut Self`, so they chain.
//! * Members holding one object take a closure over that object's builder
//!   (`s.polling(|p| …)`, `b.action(|a| …)`). Members that may hold any kind
//!   (a `behavior`) take a value: another build's result, a model value or
//!   raw JSON (see [`IntoModel`]); `behavior_with(|b| …)` builds one in place.
//! * Lists (`layout`, `schemas`, a box's `components`…) take a closure over a
//!   list builder ([`LayoutBuilder`], [`SchemaBuilder`]) whose kind methods
//!   return the new component's builder: `l.heading("Hi").size(Size::Lg)`.
//!   Calling a list method again appends.
//! * Both protocol generations are covered: 1.x buttons with `action`,
//!   `form_ref` (`schema: {"$ref"}`), polling `interval` and
//!   `onError.action`, next to their current forms.
//!
//! ## Errors, never panics
//!
//! A build never panics. It fails with a [`BuildError`] listing **every**
//! problem, each at its JSON Pointer: required members never set, bad input
//! (a NaN, an `extra` key the model already has, `raw` JSON of the wrong
//! shape), and every rule of `flow_model`'s validation. Nested builds passed
//! by value need no `?`: their problems are reported by the outer build,
//! under the member they were given for.
//!
//! ## Escape hatches
//!
//! The DSL will lag the protocol at times; authors are never blocked:
//!
//! * every object builder has `extra(key, value)`, which sets any member by
//!   its wire name: a member the model does not know is kept as an unknown
//!   member; one it knows (perhaps newer than the builder's methods) is read
//!   into its typed field, so it must have that field's shape. Only the
//!   members that pick the kind (`type`; a schema's `oneOf`, `allOf`,
//!   `const`) are refused;
//! * `raw(json!(…))` adds a whole component, behavior or schema, of a kind
//!   the DSL does not know or in a shape it has no method for; it is read the
//!   way a client reads it (an unknown kind stays raw JSON).
//!
//! ```
//! use flow_dsl::prelude::*;
//! use serde_json::json;
//!
//! let step = Step::build(|s| {
//!     s.id("escape").title("Escape hatches").extra("x-trace", "abc");
//!     s.layout(|l| {
//!         l.paragraph("Hi").extra("x-style", "fine-print");
//!         l.raw(json!({"type": "confetti", "colors": ["gold"]}));
//!     });
//! })?;
//! assert_eq!(step.extra["x-trace"], "abc");
//! assert_eq!(step.layout()[1].type_name(), Some("confetti"));
//! # Ok::<(), BuildError>(())
//! ```
//!
//! ## The guarantee
//!
//! What a build returns is what a client reads: its JSON parses with
//! [`flow_model::parse`] into an equal value, and carries no `null` for
//! options that were never set. Every build checks this (a clash is reported
//! as a problem), and a property test checks it over generated steps.
//! (`serde_json`'s `float_roundtrip` feature is enabled so that any finite
//! float survives the trip exactly.)
//!
//! ## Responses
//!
//! [`FlowResponse`] shapes the HTTP answers that move a flow on (spec §5):
//! steps, Action Response Bodies, exits, Error Response Bodies, modals,
//! no-ops and subflows, each with its status and `X-DF-Response-Type`, plus
//! `legacy_*` forms for 1.x clients. They convert to `http::Response<Bytes>`
//! for any framework; with the `axum` feature, `FlowResponse` is an axum
//! `IntoResponse`.

#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod action;
mod behavior;
mod body;
mod build;
mod buildable;
mod entry;
mod error;
mod input;
mod issues;
pub mod layout;
mod members;
mod polling;
pub mod prelude;
mod response;
pub mod schema;
mod setters;
mod step;

pub use action::ActionBuilder;
pub use behavior::{
    ActionBehaviorBuilder, BehaviorBuilder, CopyBehaviorBuilder, DismissBehaviorBuilder, LinkBehaviorBuilder,
    ModalBehaviorBuilder, RefreshBehaviorBuilder, SubflowBuilder,
};
pub use body::{
    ActionResponseBodyBuilder, ActionResultBuilder, ErrorResponseBodyBuilder, ModalResponseBodyBuilder,
    SearchQueryResultBuilder, SearchResponseBodyBuilder,
};
pub use build::Build;
pub use error::BuildError;
pub use input::{IntoModel, IntoNumber};
pub use layout::LayoutBuilder;
pub use polling::{OnErrorBuilder, PollingBuilder};
pub use response::{FlowResponse, ResponseError};
pub use schema::SchemaBuilder;
pub use step::{
    ExternalBuilder, LinkHandlerBuilder, NavigationBackBuilder, NavigationBuilder, StepBuilder,
    StepErrorsBuilder,
};
