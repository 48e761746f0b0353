//! Everything a backend author needs in scope: `use flow_dsl::prelude::*;`
//! gives [`Build`] (so `Step::build(|s| …)` works), the builder types, and
//! the `flow_model` types the builders take and return.

pub use crate::{Build, BuildError, FlowResponse, IntoModel};

pub use flow_model::{
    Action, ActionBehavior, ActionResponseBody, Align, Behavior, Context, CopyBehavior, DismissBehavior,
    ErrorResponseBody, External, Layout, LinkBehavior, LinkHandler, ModalBehavior, ModalResponseBody,
    Navigation, OnError, Polling, RefreshBehavior, ResponseType, Schema, SearchResponseBody, SearchResult,
    Size, StackBehavior, Step, StepErrors, SubflowBehavior, SubflowResponseBody,
};
