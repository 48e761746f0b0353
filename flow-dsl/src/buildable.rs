//! The buildable types: for each model type, the builder that
//! `T::build(|b| …)` runs and the validation its finished value gets. It
//! implements [`Build`] (and each builder's own `build` methods) with the
//! ground helpers of `build`.
//!
//! This module imports every builder; no builder imports it, so the builder
//! modules and the ground they share form no import cycle.

// The name sorts between `body.rs` and `layout/` on purpose: rustdoc lists a
// builder's impl blocks in file order, so `build` and `build_with_warnings`
// keep the place on each builder's page they had when they were in build.rs.

use flow_model::{
    Action, ActionBehavior, ActionResponseBody, Behavior, CopyBehavior, DismissBehavior, ErrorResponseBody,
    External, Layout, LinkBehavior, LinkHandler, ModalBehavior, ModalResponseBody, Navigation, OnError,
    Pointer, Polling, Problem, RefreshBehavior, Report, Schema, SearchResponseBody, Step, StepErrors,
    SubflowBehavior,
};

use crate::action::ActionBuilder;
use crate::behavior::{
    ActionBehaviorBuilder, BehaviorBuilder, CopyBehaviorBuilder, DismissBehaviorBuilder, LinkBehaviorBuilder,
    ModalBehaviorBuilder, RefreshBehaviorBuilder, SubflowBuilder,
};
use crate::body::{
    ActionResponseBodyBuilder, ErrorResponseBodyBuilder, ModalResponseBodyBuilder, SearchResponseBodyBuilder,
};
use crate::build::{complete, no_rules, sealed, validate_as, validate_inside, validate_root, Build, Finish};
use crate::error::BuildError;
use crate::layout::LayoutBuilder;
use crate::polling::{OnErrorBuilder, PollingBuilder};
use crate::schema::SchemaBuilder;
use crate::step::{ExternalBuilder, LinkHandlerBuilder, NavigationBuilder, StepBuilder, StepErrorsBuilder};

/// Registers `$ty` as built by `$builder`: [`Build`] for `$ty`, and the
/// builder's own `build` and `build_with_warnings`, which finish it, then
/// run `$validate` (the value's rules) and the round-trip check.
macro_rules! build {
    ($ty:ty, $builder:ty, $what:literal, $validate:expr) => {
        impl sealed::Sealed for $ty {}
        impl Build for $ty {
            type Builder = $builder;
            fn build_with_warnings(
                configure: impl FnOnce(&mut $builder),
            ) -> Result<(Self, Vec<Problem>), BuildError> {
                let mut builder = <$builder>::default();
                configure(&mut builder);
                builder.build_with_warnings()
            }
        }
        impl $builder {
            /// Finishes this builder like [`Build::build`] does.
            pub fn build(self) -> Result<$ty, BuildError> {
                self.build_with_warnings().map(|(value, _)| value)
            }

            /// Finishes this builder like [`Build::build_with_warnings`] does.
            pub fn build_with_warnings(self) -> Result<($ty, Vec<Problem>), BuildError> {
                let validate: fn(&$ty, &mut Report) = $validate;
                complete($what, Finish::finish(self), validate)
            }
        }
    };
}

build!(Step, StepBuilder, "Step", validate_root);
build!(Action, ActionBuilder, "Action", validate_root);
build!(Polling, PollingBuilder, "Polling", validate_root);
build!(Behavior, BehaviorBuilder, "Behavior", validate_root);
build!(Schema, SchemaBuilder, "Schema", validate_root);
build!(Layout, LayoutBuilder, "Layout", validate_root);
build!(OnError, OnErrorBuilder, "OnError", |on_error, report| {
    let mut polling = Polling::default();
    polling.on_error = Some(on_error.clone());
    validate_inside(&polling, &Pointer::root().key("onError"), report);
});
build!(ActionBehavior, ActionBehaviorBuilder, "ActionBehavior", |v, r| validate_as(v, Behavior::Action, r));
build!(LinkBehavior, LinkBehaviorBuilder, "LinkBehavior", |v, r| validate_as(v, Behavior::Link, r));
build!(CopyBehavior, CopyBehaviorBuilder, "CopyBehavior", |v, r| validate_as(v, Behavior::Copy, r));
build!(DismissBehavior, DismissBehaviorBuilder, "DismissBehavior", |v, r| validate_as(
    v,
    Behavior::Dismiss,
    r
));
build!(ModalBehavior, ModalBehaviorBuilder, "ModalBehavior", |v, r| validate_as(v, Behavior::Modal, r));
build!(RefreshBehavior, RefreshBehaviorBuilder, "RefreshBehavior", |v, r| validate_as(
    v,
    Behavior::Refresh,
    r
));
build!(SubflowBehavior, SubflowBuilder, "SubflowBehavior", validate_root);
build!(External, ExternalBuilder, "External", |external, report| {
    let mut step = Step::default();
    step.external = Some(external.clone());
    validate_inside(&step, &Pointer::root().key("external"), report);
});
build!(LinkHandler, LinkHandlerBuilder, "LinkHandler", validate_root);
build!(Navigation, NavigationBuilder, "Navigation", |navigation, report| {
    let mut step = Step::default();
    step.navigation = Some(navigation.clone());
    validate_inside(&step, &Pointer::root().key("navigation"), report);
});
build!(StepErrors, StepErrorsBuilder, "StepErrors", no_rules);
build!(ActionResponseBody, ActionResponseBodyBuilder, "ActionResponseBody", validate_root);
build!(ErrorResponseBody, ErrorResponseBodyBuilder, "ErrorResponseBody", validate_root);
build!(ModalResponseBody, ModalResponseBodyBuilder, "ModalResponseBody", validate_root);
build!(SearchResponseBody, SearchResponseBodyBuilder, "SearchResponseBody", validate_root);
