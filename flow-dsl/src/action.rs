//! [`ActionBuilder`]: builds an [`Action`] (spec §2).

use serde_json::Value;

use flow_model::Action;

use crate::build::Finish;
use crate::issues::Issues;
use crate::members::set_extra;
use crate::setters::setters;

/// Builds an [`Action`]: what a button, option, link handler, back
/// navigation or polling `onError` submits.
///
/// `url` is required unless the action exits; the build reports a
/// non-exiting action without one.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let pay = Action::build(|a| {
///     a.url("/pay").method("POST").data(json!({"plan": "gold"})).id("pay-button");
/// })?;
/// assert_eq!(
///     serde_json::to_value(&pay).unwrap(),
///     json!({"url": "/pay", "method": "POST", "data": {"plan": "gold"}, "id": "pay-button"}),
/// );
///
/// let quit = Action::build(|a| { a.exit(true).result(json!({"cancelled": true})); })?;
/// assert!(quit.is_exit());
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ActionBuilder {
    inner: Action,
    issues: Issues,
}

impl ActionBuilder {
    setters! {
        /// Wire `url`: the submission target (relative URLs resolve against the flow's base).
        url(url: impl Into<String>) => Some(url);

        /// Wire `method`: the HTTP method (clients default to POST).
        method(method: impl Into<String>) => Some(method);

        /// Wire `data`: merged (shallowly) over the step's submitted values.
        data(data: impl Into<Value>) => Some(data);

        /// Wire `exit`: an exiting action ends the flow.
        exit(exit: bool) => Some(exit);

        /// Wire `result`: the flow result, or what is merged into it on exit.
        result(result: impl Into<Value>) => Some(result);

        /// Wire `id`: the analytics id.
        id(id: impl Into<String>) => Some(id);

        /// Wire `skipValidation`: skip client-side validation.
        skip_validation(skip: bool) => Some(skip_validation);

        /// Wire `timeout`: suggested request timeout, in seconds.
        timeout(seconds: i64) => Some(timeout);
    }

    /// Wire `title` (1.x): the label of a 1.x button, carried on its action.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.extra("title", title.into())
    }

    /// Wire `disabled` (1.x): a 1.x button's disabled flag, carried on its action.
    pub fn disabled(&mut self, disabled: bool) -> &mut Self {
        self.extra("disabled", disabled)
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ActionBuilder {
    type Output = Action;
    fn finish(self) -> (Action, Issues) {
        (self.inner, self.issues)
    }
}
