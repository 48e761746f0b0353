//! [`StepBuilder`] and the small objects a step carries: errors, external,
//! link handlers and navigation (spec §1).

use serde_json::Value;

use flow_model::{
    Action, External, Extra, LinkHandler, Navigation, NavigationBack, Polling, Schema, StackBehavior, Step,
    StepErrors,
};

use crate::action::ActionBuilder;
use crate::build::{run, Finish};
use crate::input::{self, resolve, IntoModel};
use crate::issues::{member, Issues};
use crate::layout::LayoutBuilder;
use crate::members::set_extra;
use crate::polling::PollingBuilder;
use crate::schema::SchemaBuilder;

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
    /// Wire `id` (required): the step identifier.
    pub fn id(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.id = Some(id.into());
        self
    }

    /// Wire `title` (required).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `description`: the subtitle.
    pub fn description(&mut self, description: impl Into<String>) -> &mut Self {
        self.inner.description = Some(description.into());
        self
    }

    /// Wire `control`: a rendering hint.
    pub fn control(&mut self, control: impl Into<String>) -> &mut Self {
        self.inner.control = Some(control.into());
        self
    }

    /// Wire `schemas`: appends the schemas `configure` adds.
    pub fn schemas(&mut self, configure: impl FnOnce(&mut SchemaBuilder)) -> &mut Self {
        let mut schemas = SchemaBuilder::default();
        configure(&mut schemas);
        schemas.append_to(
            self.inner.schemas.get_or_insert_with(Vec::new),
            &member("schemas"),
            &mut self.issues,
        );
        self
    }

    /// Wire `schemas`: appends one finished schema.
    pub fn schema(&mut self, schema: impl IntoModel<Schema>) -> &mut Self {
        let list = self.inner.schemas.get_or_insert_with(Vec::new);
        let at = member("schemas").index(list.len());
        list.push(resolve(schema, &at, &mut self.issues));
        self
    }

    /// Wire `layout`: appends the components `configure` adds.
    pub fn layout(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        let mut layout = LayoutBuilder::default();
        configure(&mut layout);
        layout.append_to(self.inner.layout.get_or_insert_with(Vec::new), &member("layout"), &mut self.issues);
        self
    }

    /// Wire `model`: initial values, shaped like the schemas.
    pub fn model(&mut self, model: impl Into<Value>) -> &mut Self {
        self.inner.model = Some(model.into());
        self
    }

    /// Wire `errors`: errors to show when the step loads.
    pub fn errors(&mut self, configure: impl FnOnce(&mut StepErrorsBuilder)) -> &mut Self {
        let (value, issues) = run::<StepErrorsBuilder>(configure);
        self.issues.replace(&member("errors"), issues);
        self.inner.errors = Some(value);
        self
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

    /// Wire `external`, from a finished value (e.g. `External::build(|e| …)`).
    pub fn external_value(&mut self, external: impl IntoModel<External>) -> &mut Self {
        self.inner.external = Some(resolve(external, &member("external"), &mut self.issues));
        self
    }

    /// Wire `polling`: background polling that can move the flow on.
    pub fn polling(&mut self, configure: impl FnOnce(&mut PollingBuilder)) -> &mut Self {
        let (value, issues) = run::<PollingBuilder>(configure);
        self.issues.replace(&member("polling"), issues);
        self.inner.polling = Some(value);
        self
    }

    /// Wire `polling`, from a finished value.
    pub fn polling_value(&mut self, polling: impl IntoModel<Polling>) -> &mut Self {
        self.inner.polling = Some(resolve(polling, &member("polling"), &mut self.issues));
        self
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

    /// Wire `navigation`: custom back behaviour and history handling.
    pub fn navigation(&mut self, configure: impl FnOnce(&mut NavigationBuilder)) -> &mut Self {
        let (value, issues) = run::<NavigationBuilder>(configure);
        self.issues.replace(&member("navigation"), issues);
        self.inner.navigation = Some(value);
        self
    }

    /// Wire `refreshUrl`: the target of refresh-on-change.
    pub fn refresh_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.inner.refresh_url = Some(url.into());
        self
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
    /// Wire `error`: a general message.
    pub fn error(&mut self, message: impl Into<String>) -> &mut Self {
        self.inner.error = Some(message.into());
        self
    }

    /// Wire `validation`: shaped like the model, a message at each failing field.
    pub fn validation(&mut self, validation: impl Into<Value>) -> &mut Self {
        self.inner.validation = Some(validation.into());
        self
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
    /// Wire `url` (required).
    pub fn url(&mut self, url: impl Into<String>) -> &mut Self {
        self.inner.url = url.into();
        self
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
    /// Wire `regexPattern` (required): matched against an incoming link.
    pub fn regex_pattern(&mut self, pattern: impl Into<String>) -> &mut Self {
        self.inner.regex_pattern = pattern.into();
        self
    }

    /// Wire `action` (required): run with `{"url": <link>}` merged into its payload.
    pub fn action(&mut self, configure: impl FnOnce(&mut ActionBuilder)) -> &mut Self {
        let (value, issues) = run::<ActionBuilder>(configure);
        self.issues.replace(&member("action"), issues);
        self.inner.action = value;
        self.action_set = true;
        self
    }

    /// Wire `action`, from a finished action.
    pub fn action_value(&mut self, action: impl IntoModel<Action>) -> &mut Self {
        self.inner.action = resolve(action, &member("action"), &mut self.issues);
        self.action_set = true;
        self
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
    /// Wire `back`: replaces native back; its action runs without validation.
    pub fn back(&mut self, configure: impl FnOnce(&mut NavigationBackBuilder)) -> &mut Self {
        let (value, issues) = run::<NavigationBackBuilder>(configure);
        self.issues.replace(&member("back"), issues);
        self.inner.back = Some(value);
        self
    }

    /// Wire `stackBehavior`: how the step enters the history
    /// (a [`StackBehavior`] or its wire spelling, e.g. `"remove-all"`).
    pub fn stack_behavior(&mut self, stack: impl Into<StackBehavior>) -> &mut Self {
        self.inner.stack_behavior = Some(input::stack_behavior(stack));
        self
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
    /// Wire `title`: the back button's label.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `action` (required).
    pub fn action(&mut self, configure: impl FnOnce(&mut ActionBuilder)) -> &mut Self {
        let (value, issues) = run::<ActionBuilder>(configure);
        self.issues.replace(&member("action"), issues);
        self.inner.action = value;
        self.action_set = true;
        self
    }

    /// Wire `action`, from a finished action.
    pub fn action_value(&mut self, action: impl IntoModel<Action>) -> &mut Self {
        self.inner.action = resolve(action, &member("action"), &mut self.issues);
        self.action_set = true;
        self
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
