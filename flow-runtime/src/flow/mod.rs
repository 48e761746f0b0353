//! Dynamic Flow on top of the runtime: the pure protocol tables
//! ([`classify`] for polling, [`respond`] for requests that move the flow),
//! the merge rules, and the poll session.

pub(crate) mod body;
pub mod classify;
pub mod error;
pub mod event_json;
pub(crate) mod event_queue;
pub mod events;
pub mod history;
pub(crate) mod interpreter;
pub mod lookup;
pub mod merge;
pub mod polling;
pub mod respond;
pub mod saved;
pub(crate) mod shape;
pub mod snapshot;
pub mod values;
