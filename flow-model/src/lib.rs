//! # flow-model
//!
//! The typed [serde] model of everything a Dynamic Flow server sends: steps,
//! layouts, schemas, actions, behaviors, polling and the response bodies,
//! in both protocol generations (1.x and current), with validation.
//!
//! * **Both generations**: 1.x buttons and options with `action`, polling
//!   with `interval` and `onError.action`, forms with `schema.$ref`; current
//!   ones with `behavior`, `delay`/`timeout`, `onError.behavior`, `schemaId`.
//!   Accessors give one view ([`Polling::wait`], [`OnError::behavior`],
//!   [`layout::ButtonLayout::behavior`], [`layout::Layout::triggers`]…).
//! * **Lossless**: every object keeps members this crate does not know in an
//!   `extra` map, and unknown layout/schema/behavior kinds stay raw JSON, so
//!   `parse` → `serialize` gives back what the server sent (as JSON values:
//!   member order is not kept). Two normalisations: an explicit `null` on a
//!   typed optional member (`"title": null`) reads as absent and is not
//!   written back (free-form members such as `model`, `data`, `result` keep
//!   their `null`), and a member the spec requires but the server left out
//!   reads as its default (`""`, `[]`) and is written back as such.
//! * **Located errors**: [`parse`] names the JSON Pointer, line and column of a
//!   problem; [`Step::validate`] (and [`Validate`] on the response bodies,
//!   layouts, schemas, actions, behaviors, polling) lists every problem at
//!   once, each at its JSON Pointer, split into errors and warnings.
//! * **Bounded**: layouts, schemas and behaviors nest at most
//!   [`MAX_NESTING_DEPTH`] deep; deeper documents fail with an error, never a
//!   stack overflow, and no input makes parsing panic.
//! * **Fast**: tagged kinds are dispatched while streaming (members before
//!   the `type` tag are the only ones buffered, so servers that send `type`
//!   first, as the usual builders do, are read in one pass) and schemas are
//!   read in one pass whatever their member order. The `parse` bench compares
//!   reading a realistic 65 KB step typed and as a `serde_json::Value`.
//!
//! ```
//! use flow_model::{Layout, Step};
//!
//! let json = r#"{
//!   "id": "processing", "title": "Processing your payment", "schemas": [],
//!   "layout": [{"type": "paragraph", "text": "This takes a minute."}],
//!   "polling": {"url": "/status?id=12345", "delay": 5, "timeout": 60, "maxAttempts": 100,
//!               "onError": {"behavior": {"type": "action", "action": {"exit": true}}}}
//! }"#;
//! let step: Step = flow_model::parse(json)?;
//! assert!(matches!(step.layout()[0], Layout::Paragraph(_)));
//! assert_eq!(step.polling.as_ref().and_then(|p| p.attempts()), Some(100));
//! assert!(step.validate().is_valid());
//!
//! // Round trip: what was sent is what comes back.
//! let back = serde_json::to_value(&step).unwrap();
//! assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap());
//! # Ok::<(), flow_model::ParseError>(())
//! ```

#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod action;
mod behavior;
mod common;
mod depth;
mod document;
mod late_tags;
pub mod layout;
pub mod legacy;
mod normalize;
mod parse;
mod pattern;
mod pointer;
mod polling;
mod response;
mod response_type;
pub mod schema;
mod sent;
mod serde_util;
mod step;
mod tagged;
mod validate;

pub use action::Action;
pub use behavior::{
    ActionBehavior, Behavior, CopyBehavior, DismissBehavior, LaunchConfig, LinkBehavior, ModalBehavior,
    RefreshBehavior, SubflowBehavior,
};
pub use common::{Align, Context, Extra, Size};
pub use document::{validate_document, DocumentProblem, DocumentReport};
pub use layout::Layout;
pub use parse::{parse, parse_slice, ParseError, MAX_NESTING_DEPTH};
pub use pattern::{Pattern, PatternError};
pub use pointer::{escape as escape_pointer_token, Pointer};
pub use polling::{OnError, Polling};
pub use response::{
    ActionResponseBody, ActionSearchResult, ErrorResponseBody, ModalResponseBody, SearchResponseBody,
    SearchResult, SearchSearchResult, SubflowResponseBody,
};
pub use response_type::{ConflictingResponseTypes, ResponseType, RESPONSE_TYPE_HEADER};
pub use schema::Schema;
pub use step::{External, LinkHandler, Navigation, NavigationBack, StackBehavior, Step, StepErrors};
pub use validate::{Problem, Report, Severity, Validate};
