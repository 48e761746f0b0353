//! [`StepBuilder`] and the small objects a step carries: errors, external,
//! link handlers and navigation (spec §1).

use serde_json::Value;

use flow_model::{
    Action, External, Extra, LinkHandler, Navigation, NavigationBack, Polling, Schema, Step, StepErrors,
};

use crate::action::ActionBuilder;
use crate::build::{run, Finish};
use crate::input::{resolve, IntoModel};
use crate::issues::{member, Issues};
use crate::layout::LayoutBuilder;
use crate::members::set_extra;
use crate::polling::PollingBuilder;
use crate::schema::SchemaBuilder;
use crate::setters::setters;

/// Builds a [`Step`], one screen of a flow.
///
/// `id` and `title` are required. `schemas` and `layout` are always sent
/// (as `[]` when nothing was added), as the spec requires. Calling a list
/// method (`layout`, `schemas`, `link_handler`) again appends; calling any
/// other method again replaces the earlier value.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let step = Step::build(|s| {
///     s.id("hello").title("Hello");
///     s.layout(|l| { l.paragraph("Welcome!"); });
///     s.analytics("variant", "B");
/// })?;
/// assert_eq!(
///     serde_json::to_value(&step).unwrap(),
///     json!({
///         "id": "hello", "title": "Hello", "schemas": [],
///         "layout": [{"type": "paragraph", "text": "Welcome!"}],
///         "analytics": {"variant": "B"}
///     }),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct StepBuilder {
    inner: Step,
    issues: Issues,
}

impl StepBuilder {
    setters! {
        /// Wire `id` (required): the step identifier.
        id(id: impl Into<String>) => Some(id);

        /// Wire `title` (required).
        title(title: impl Into<String>) => Some(title);

        /// Wire `description`: the subtitle.
        description(description: impl Into<String>) => Some(description);

        /// Wire `control`: a rendering hint.
        control(control: impl Into<String>) => Some(control);

        /// Wire `schemas`: appends the schemas `configure` adds.
        schemas(configure: impl FnOnce(&mut SchemaBuilder)) => append(schemas) at "schemas";
    }

    /// Wire `schemas`: appends one finished schema.
    pub fn schema(&mut self, schema: impl IntoModel<Schema>) -> &mut Self {
        let list = self.inner.schemas.get_or_insert_with(Vec::new);
        let at = member("schemas").index(list.len());
        list.push(resolve(schema, &at, &mut self.issues));
        self
    }

    setters! {
        /// Wire `layout`: appends the components `configure` adds.
        layout(configure: impl FnOnce(&mut LayoutBuilder)) => append(layout) at "layout";

        /// Wire `model`: initial values, shaped like the schemas.
        model(model: impl Into<Value>) => Some(model);

        /// Wire `errors`: errors to show when the step loads.
        errors(configure: impl FnOnce(&mut StepErrorsBuilder)) => Some(errors) at "errors";
    }

    /// Wire `external`: `{"url": url}`, opened by the host when the step arrives.
    pub fn external(&mut self, url: impl Into<String>) -> &mut Self {
        let (value, issues) = run::<ExternalBuilder>(|e| {
            e.url(url);
        });
        self.issues.replace(&member("external"), issues);
        self.inner.external = Some(value);
        self
    }

    setters! {
        /// Wire `external`, from a finished value (e.g. `External::build(|e| …)`).
        external_value(external: impl IntoModel<External>) => Some(external) at "external";

        /// Wire `polling`: background polling that can move the flow on.
        polling(configure: impl FnOnce(&mut PollingBuilder)) => Some(polling) at "polling";

        /// Wire `polling`, from a finished value.
        polling_value(polling: impl IntoModel<Polling>) => Some(polling) at "polling";
    }

    /// Wire `linkHandlers`: appends a handler that runs the action
    /// `configure` builds when an incoming link matches `regex_pattern`.
    pub fn link_handler(
        &mut self,
        regex_pattern: impl Into<String>,
        configure: impl FnOnce(&mut ActionBuilder),
    ) -> &mut Self {
        let (value, issues) = run::<LinkHandlerBuilder>(|h| {
            h.regex_pattern(regex_pattern).action(configure);
        });
        let list = self.inner.link_handlers.get_or_insert_with(Vec::new);
        self.issues.nest(&member("linkHandlers").index(list.len()), issues);
        list.push(value);
        self
    }

    /// Wire `linkHandlers`: appends a finished handler.
    pub fn link_handler_value(&mut self, handler: impl IntoModel<LinkHandler>) -> &mut Self {
        let list = self.inner.link_handlers.get_or_insert_with(Vec::new);
        let at = member("linkHandlers").index(list.len());
        list.push(resolve(handler, &at, &mut self.issues));
        self
    }

    setters! {
        /// Wire `navigation`: custom back behaviour and history handling.
        navigation(configure: impl FnOnce(&mut NavigationBuilder)) => Some(navigation) at "navigation";

        /// Wire `refreshUrl`: the target of refresh-on-change.
        refresh_url(url: impl Into<String>) => Some(refresh_url);
    }

    /// Wire `analytics`: adds one analytics property.
    pub fn analytics(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.inner.analytics.get_or_insert_with(Extra::new).insert(key.into(), Value::String(value.into()));
        self
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for StepBuilder {
    type Output = Step;
    fn finish(mut self) -> (Step, Issues) {
        if self.inner.title.is_none() {
            self.issues.at("title", "required");
        }
        self.inner.schemas.get_or_insert_with(Vec::new);
        self.inner.layout.get_or_insert_with(Vec::new);
        (self.inner, self.issues)
    }
}

/// Builds a step's [`StepErrors`]: `{error?, validation?}`.
#[derive(Debug, Default)]
pub struct StepErrorsBuilder {
    inner: StepErrors,
    issues: Issues,
}

impl StepErrorsBuilder {
    setters! {
        /// Wire `error`: a general message.
        error(message: impl Into<String>) => Some(error);

        /// Wire `validation`: shaped like the model, a message at each failing field.
        validation(validation: impl Into<Value>) => Some(validation);
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for StepErrorsBuilder {
    type Output = StepErrors;
    fn finish(self) -> (StepErrors, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds an [`External`]: `{url}` (required), opened by the host.
#[derive(Debug, Default)]
pub struct ExternalBuilder {
    inner: External,
    issues: Issues,
}

impl ExternalBuilder {
    setters! {
        /// Wire `url` (required).
        url(url: impl Into<String>) => url;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ExternalBuilder {
    type Output = External;
    fn finish(self) -> (External, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a [`LinkHandler`]: `{regexPattern, action}`, both required.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let handler = LinkHandler::build(|h| {
///     h.regex_pattern("^myapp://verified").action(|a| { a.url("/verified"); });
/// })?;
/// assert_eq!(handler.regex_pattern, "^myapp://verified");
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct LinkHandlerBuilder {
    inner: LinkHandler,
    action_set: bool,
    issues: Issues,
}

impl LinkHandlerBuilder {
    setters! {
        /// Wire `regexPattern` (required): matched against an incoming link.
        regex_pattern(pattern: impl Into<String>) => regex_pattern;

        /// Wire `action` (required): run with `{"url": <link>}` merged into its payload.
        action(configure: impl FnOnce(&mut ActionBuilder)) => action at "action", action_set = true;

        /// Wire `action`, from a finished action.
        action_value(action: impl IntoModel<Action>) => action at "action", action_set = true;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for LinkHandlerBuilder {
    type Output = LinkHandler;
    fn finish(mut self) -> (LinkHandler, Issues) {
        if !self.action_set {
            self.issues.at("action", "required");
            self.inner.action = crate::input::Placeholder::placeholder();
        }
        (self.inner, self.issues)
    }
}

/// Builds a step's [`Navigation`]: `{back?, stackBehavior?}`.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let nav = Navigation::build(|n| {
///     n.back(|b| { b.title("Cancel").action(|a| { a.url("/cancel"); }); });
///     n.stack_behavior(StackBehavior::RemovePrevious);
/// })?;
/// assert_eq!(nav.back.unwrap().title.as_deref(), Some("Cancel"));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct NavigationBuilder {
    inner: Navigation,
    issues: Issues,
}

impl NavigationBuilder {
    setters! {
        /// Wire `back`: replaces native back; its action runs without validation.
        back(configure: impl FnOnce(&mut NavigationBackBuilder)) => Some(back) at "back";

        /// Wire `stackBehavior`: how the step enters the history
        /// (a [`StackBehavior`](flow_model::StackBehavior) or its wire spelling, e.g. `"remove-all"`).
        stack_behavior(stack: impl Into<StackBehavior>) => Some(stack_behavior);
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for NavigationBuilder {
    type Output = Navigation;
    fn finish(self) -> (Navigation, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a `navigation.back`: `{action, title?}` (`action` required).
#[derive(Debug, Default)]
pub struct NavigationBackBuilder {
    inner: NavigationBack,
    action_set: bool,
    issues: Issues,
}

impl NavigationBackBuilder {
    setters! {
        /// Wire `title`: the back button's label.
        title(title: impl Into<String>) => Some(title);

        /// Wire `action` (required).
        action(configure: impl FnOnce(&mut ActionBuilder)) => action at "action", action_set = true;

        /// Wire `action`, from a finished action.
        action_value(action: impl IntoModel<Action>) => action at "action", action_set = true;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for NavigationBackBuilder {
    type Output = NavigationBack;
    fn finish(mut self) -> (NavigationBack, Issues) {
        if !self.action_set {
            self.issues.at("action", "required");
            self.inner.action = crate::input::Placeholder::placeholder();
        }
        (self.inner, self.issues)
    }
}
