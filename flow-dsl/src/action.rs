//! [`ActionBuilder`]: builds an [`Action`] (spec §2).

use serde_json::Value;

use flow_model::Action;

use crate::build::Finish;
use crate::issues::Issues;
use crate::members::set_extra;

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
    /// Wire `url`: the submission target (relative URLs resolve against the flow's base).
    pub fn url(&mut self, url: impl Into<String>) -> &mut Self {
        self.inner.url = Some(url.into());
        self
    }

    /// Wire `method`: the HTTP method (clients default to POST).
    pub fn method(&mut self, method: impl Into<String>) -> &mut Self {
        self.inner.method = Some(method.into());
        self
    }

    /// Wire `data`: merged (shallowly) over the step's submitted values.
    pub fn data(&mut self, data: impl Into<Value>) -> &mut Self {
        self.inner.data = Some(data.into());
        self
    }

    /// Wire `exit`: an exiting action ends the flow.
    pub fn exit(&mut self, exit: bool) -> &mut Self {
        self.inner.exit = Some(exit);
        self
    }

    /// Wire `result`: the flow result, or what is merged into it on exit.
    pub fn result(&mut self, result: impl Into<Value>) -> &mut Self {
        self.inner.result = Some(result.into());
        self
    }

    /// Wire `id`: the analytics id.
    pub fn id(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.id = Some(id.into());
        self
    }

    /// Wire `skipValidation`: skip client-side validation.
    pub fn skip_validation(&mut self, skip: bool) -> &mut Self {
        self.inner.skip_validation = Some(skip);
        self
    }

    /// Wire `timeout`: suggested request timeout, in seconds.
    pub fn timeout(&mut self, seconds: i64) -> &mut Self {
        self.inner.timeout = Some(seconds);
        self
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
