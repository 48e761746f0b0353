//! Behavior builders (spec §3): [`BehaviorBuilder`] picks one kind; each
//! kind also has its own builder for `ActionBehavior::build(|b| …)` and co.

use serde_json::{json, Map, Value};

use flow_model::{
    Action, ActionBehavior, Behavior, CopyBehavior, DismissBehavior, LinkBehavior, ModalBehavior,
    RefreshBehavior, SubflowBehavior,
};

use crate::action::ActionBuilder;
use crate::build::{run, Finish};
use crate::input::{resolve, IntoModel};
use crate::issues::{member, Issues};
use crate::layout::LayoutBuilder;
use crate::members::{set_extra, Members};
use crate::setters::setters;

/// Builds a [`Behavior`] of any kind: call exactly one kind method
/// (`action`, `link`, `copy`, `dismiss`, `modal`, `refresh`, `subflow` or
/// `raw`); choosing none, or more than one, is reported by the build.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let open = Behavior::build(|b| { b.link("https://example.com/help"); })?;
/// assert_eq!(serde_json::to_value(&open).unwrap(), json!({"type": "link", "url": "https://example.com/help"}));
///
/// let next = Behavior::build(|b| { b.action(|a| { a.url("/next"); }); })?;
/// assert_eq!(next.as_action().and_then(|a| a.url.as_deref()), Some("/next"));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct BehaviorBuilder {
    chosen: Vec<&'static str>,
    value: Option<Behavior>,
    extras: Vec<(String, Value)>,
    issues: Issues,
}

impl BehaviorBuilder {
    fn choose(&mut self, kind: &'static str, value: Behavior, issues: Issues) -> &mut Self {
        self.chosen.push(kind);
        self.value = Some(value);
        self.issues.replace(&flow_model::Pointer::root(), issues);
        self
    }

    /// `{"type": "action", "action": …}`: perform an action.
    pub fn action(&mut self, configure: impl FnOnce(&mut ActionBuilder)) -> &mut Self {
        let (action, issues) = run::<ActionBuilder>(configure);
        let mut nested = Issues::default();
        nested.nest(&member("action"), issues);
        self.choose("action", Behavior::Action(with_action(action)), nested)
    }

    /// `{"type": "action", "action": …}` from a finished action.
    pub fn action_value(&mut self, action: impl IntoModel<Action>) -> &mut Self {
        let mut issues = Issues::default();
        let action = resolve(action, &member("action"), &mut issues);
        self.choose("action", Behavior::Action(with_action(action)), issues)
    }

    /// `{"type": "link", "url": …}`: the host opens a URL outside the flow.
    pub fn link(&mut self, url: impl Into<String>) -> &mut Self {
        let (value, issues) = run::<LinkBehaviorBuilder>(|b| {
            b.url(url);
        });
        self.choose("link", Behavior::Link(value), issues)
    }

    /// `{"type": "copy", "content": …}`: the host copies text.
    pub fn copy(&mut self, content: impl Into<String>) -> &mut Self {
        let (value, issues) = run::<CopyBehaviorBuilder>(|b| {
            b.content(content);
        });
        self.choose("copy", Behavior::Copy(value), issues)
    }

    /// `{"type": "dismiss"}`: close the current modal.
    pub fn dismiss(&mut self) -> &mut Self {
        self.choose("dismiss", Behavior::Dismiss(DismissBehavior::default()), Issues::default())
    }

    /// `{"type": "modal", "title"?, "content"}`: the host shows a modal.
    pub fn modal(&mut self, configure: impl FnOnce(&mut ModalBehaviorBuilder)) -> &mut Self {
        let (value, issues) = run::<ModalBehaviorBuilder>(configure);
        self.choose("modal", Behavior::Modal(value), issues)
    }

    /// `{"type": "refresh"}`: refresh the step from its `refreshUrl`.
    pub fn refresh(&mut self) -> &mut Self {
        self.choose("refresh", Behavior::Refresh(RefreshBehavior::default()), Issues::default())
    }

    /// `{"type": "refresh", "url": …}`: refresh the step from `url`.
    pub fn refresh_from(&mut self, url: impl Into<String>) -> &mut Self {
        let (value, issues) = run::<RefreshBehaviorBuilder>(|b| {
            b.url(url);
        });
        self.choose("refresh", Behavior::Refresh(value), issues)
    }

    /// `{"type": "subflow", …}`: launch a nested flow.
    pub fn subflow(&mut self, configure: impl FnOnce(&mut SubflowBuilder)) -> &mut Self {
        let (value, issues) = run::<SubflowBuilder>(configure);
        self.choose("subflow", Behavior::Subflow(value), issues)
    }

    /// A whole behavior as raw JSON, for kinds the DSL does not know yet.
    ///
    /// It is read like a client would read it: an unknown `type` stays raw,
    /// a known one must have that kind's shape.
    pub fn raw(&mut self, behavior: Value) -> &mut Self {
        self.value_of("raw", behavior)
    }

    /// A finished behavior (or another build's result).
    pub fn value(&mut self, behavior: impl IntoModel<Behavior>) -> &mut Self {
        self.value_of("value", behavior)
    }

    fn value_of(&mut self, kind: &'static str, behavior: impl IntoModel<Behavior>) -> &mut Self {
        let mut issues = Issues::default();
        let value = resolve(behavior, &flow_model::Pointer::root(), &mut issues);
        self.choose(kind, value, issues)
    }

    /// Sets any member of the chosen behavior by its wire name (see
    /// [escape hatches](crate#escape-hatches)), once the kind is chosen.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        self.extras.push((key.into(), value.into()));
        self
    }
}

fn with_action(action: Action) -> ActionBehavior {
    let mut behavior = ActionBehavior::default();
    behavior.action = action;
    behavior
}

fn add_extras<T: Members>(target: &mut T, extras: Vec<(String, Value)>, issues: &mut Issues) {
    for (key, value) in extras {
        set_extra(target, issues, key, value);
    }
}

impl Finish for BehaviorBuilder {
    type Output = Behavior;
    fn finish(self) -> (Behavior, Issues) {
        let Self { chosen, value, extras, mut issues } = self;
        let mut value = match (chosen.len(), value) {
            (1, Some(value)) => value,
            (0, _) | (_, None) => {
                issues.here(
                    "no behavior chosen: call one of action, link, copy, dismiss, modal, refresh, subflow, raw",
                );
                return (crate::input::Placeholder::placeholder(), issues);
            }
            (_, Some(value)) => {
                issues.here(format!("more than one behavior chosen: {}", chosen.join(", ")));
                value
            }
        };
        match &mut value {
            Behavior::Action(b) => add_extras(b, extras, &mut issues),
            Behavior::Link(b) => add_extras(b, extras, &mut issues),
            Behavior::Copy(b) => add_extras(b, extras, &mut issues),
            Behavior::Dismiss(b) => add_extras(b, extras, &mut issues),
            Behavior::Modal(b) => add_extras(b, extras, &mut issues),
            Behavior::Refresh(b) => add_extras(b, extras, &mut issues),
            Behavior::Subflow(b) => add_extras(b, extras, &mut issues),
            Behavior::Unknown(Value::Object(raw)) => {
                for (key, value) in extras {
                    if key == "type" {
                        issues.at("type", "\"type\" names the behavior kind; set it in the raw JSON");
                    } else {
                        raw.insert(key, value);
                    }
                }
            }
            _ if extras.is_empty() => {}
            _ => issues.here("this behavior cannot take extra members"),
        }
        (value, issues)
    }
}

/// Builds an [`ActionBehavior`], `{"type": "action", "action": …}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let b = ActionBehavior::build(|b| { b.action(|a| { a.exit(true); }); })?;
/// assert_eq!(serde_json::to_value(Behavior::Action(b)).unwrap(), json!({"type": "action", "action": {"exit": true}}));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ActionBehaviorBuilder {
    inner: ActionBehavior,
    action_set: bool,
    issues: Issues,
}

impl ActionBehaviorBuilder {
    setters! {
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

impl Finish for ActionBehaviorBuilder {
    type Output = ActionBehavior;
    fn finish(mut self) -> (ActionBehavior, Issues) {
        if !self.action_set {
            self.issues.at("action", "required");
            self.inner.action = crate::input::Placeholder::placeholder();
        }
        (self.inner, self.issues)
    }
}

/// Builds a [`LinkBehavior`], `{"type": "link", "url": …}`.
#[derive(Debug, Default)]
pub struct LinkBehaviorBuilder {
    inner: LinkBehavior,
    issues: Issues,
}

impl LinkBehaviorBuilder {
    setters! {
        /// Wire `url` (required): opened by the host outside the flow.
        url(url: impl Into<String>) => url;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for LinkBehaviorBuilder {
    type Output = LinkBehavior;
    fn finish(self) -> (LinkBehavior, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a [`CopyBehavior`], `{"type": "copy", "content": …}`.
#[derive(Debug, Default)]
pub struct CopyBehaviorBuilder {
    inner: CopyBehavior,
    issues: Issues,
}

impl CopyBehaviorBuilder {
    setters! {
        /// Wire `content` (required): the text to copy.
        content(content: impl Into<String>) => content;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for CopyBehaviorBuilder {
    type Output = CopyBehavior;
    fn finish(mut self) -> (CopyBehavior, Issues) {
        if self.inner.content.is_empty() {
            self.issues.at("content", "required");
        }
        (self.inner, self.issues)
    }
}

/// Builds a [`DismissBehavior`], `{"type": "dismiss"}`.
#[derive(Debug, Default)]
pub struct DismissBehaviorBuilder {
    inner: DismissBehavior,
    issues: Issues,
}

impl DismissBehaviorBuilder {
    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for DismissBehaviorBuilder {
    type Output = DismissBehavior;
    fn finish(self) -> (DismissBehavior, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a [`ModalBehavior`], `{"type": "modal", "title"?, "content": [Layout]}`.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let help = ModalBehavior::build(|m| {
///     m.title("Why we ask");
///     m.content(|l| { l.markdown("We need this to **verify** you."); });
/// })?;
/// assert_eq!(help.content.len(), 1);
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ModalBehaviorBuilder {
    inner: ModalBehavior,
    issues: Issues,
}

impl ModalBehaviorBuilder {
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);

        /// Wire `content`: appends the components `configure` adds.
        content(configure: impl FnOnce(&mut LayoutBuilder)) => append(content) at "content";
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ModalBehaviorBuilder {
    type Output = ModalBehavior;
    fn finish(self) -> (ModalBehavior, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a [`RefreshBehavior`], `{"type": "refresh", "url"?}`.
#[derive(Debug, Default)]
pub struct RefreshBehaviorBuilder {
    inner: RefreshBehavior,
    issues: Issues,
}

impl RefreshBehaviorBuilder {
    setters! {
        /// Wire `url`: where to refresh from (the step's `refreshUrl` when unset).
        url(url: impl Into<String>) => Some(url);
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for RefreshBehaviorBuilder {
    type Output = RefreshBehavior;
    fn finish(self) -> (RefreshBehavior, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a [`SubflowBehavior`]: a `{"type": "subflow"}` behavior, and also
/// the body of a `subflow` response (spec §5.3).
///
/// `referrerId` and `launchConfig` are required. `launchConfig` is either
/// given raw ([`launch_config`](Self::launch_config)) or built as a nested
/// Dynamic Flow ([`dynamic`](Self::dynamic), [`presentation`](Self::presentation)).
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let kyc = SubflowBehavior::build(|s| {
///     s.referrer_id("kyc-1").result_key("kyc");
///     s.dynamic(|a| { a.url("/kyc/start"); }).presentation("push");
///     s.on_completion_with(|b| { b.action(|a| { a.url("/kyc/done"); }); });
/// })?;
/// assert_eq!(
///     kyc.launch_config,
///     Some(json!({"type": "dynamic", "request": {"url": "/kyc/start"}, "presentation": {"type": "push"}})),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct SubflowBuilder {
    inner: SubflowBehavior,
    launch: Launch,
    issues: Issues,
}

#[derive(Debug, Default)]
enum Launch {
    #[default]
    Unset,
    Raw(Value),
    Dynamic {
        request: Value,
        presentation: Option<String>,
    },
}

impl SubflowBuilder {
    setters! {
        /// Wire `referrerId` (required).
        referrer_id(id: impl Into<String>) => Some(referrer_id);
    }

    /// Wire `launchConfig`, given raw (for the host to interpret).
    pub fn launch_config(&mut self, config: impl Into<Value>) -> &mut Self {
        self.issues.clear(&member("launchConfig"));
        self.launch = Launch::Raw(config.into());
        self
    }

    /// Wire `launchConfig` as `{"type": "dynamic", "request": Action}`: the
    /// nested flow is a Dynamic Flow started by this request.
    pub fn dynamic(&mut self, configure: impl FnOnce(&mut ActionBuilder)) -> &mut Self {
        let at = member("launchConfig").key("request");
        let (request, issues) = run::<ActionBuilder>(configure);
        self.issues.clear(&member("launchConfig"));
        self.issues.nest(&at, issues);
        let request = serde_json::to_value(&request).unwrap_or_else(|e| {
            self.issues.add(at.clone(), format!("cannot be written as JSON: {e}"));
            Value::Null
        });
        let presentation = match std::mem::take(&mut self.launch) {
            Launch::Dynamic { presentation, .. } => presentation,
            _ => None,
        };
        self.launch = Launch::Dynamic { request, presentation };
        self
    }

    /// Wire `launchConfig.presentation.type` of a [`dynamic`](Self::dynamic)
    /// launch (e.g. `push`, `modal`).
    pub fn presentation(&mut self, kind: impl Into<String>) -> &mut Self {
        match &mut self.launch {
            Launch::Dynamic { presentation, .. } => *presentation = Some(kind.into()),
            _ => self.issues.add(
                member("launchConfig").key("presentation"),
                "presentation applies to a dynamic launch: call dynamic() first",
            ),
        }
        self
    }

    setters! {
        /// Wire `resultKey`: where the nested result goes in `onCompletion`'s payload.
        result_key(key: impl Into<String>) => Some(result_key);

        /// Wire `onCompletion`.
        on_completion(behavior: impl IntoModel<Behavior>) => Some(Box::new(on_completion)) at "onCompletion";

        /// Wire `onCompletion`, built with a [`BehaviorBuilder`].
        on_completion_with(configure: impl FnOnce(&mut BehaviorBuilder))
            => Some(Box::new(on_completion)) at "onCompletion";

        /// Wire `onError` (without it, a failed subflow fails the parent flow).
        on_error(behavior: impl IntoModel<Behavior>) => Some(Box::new(on_error)) at "onError";

        /// Wire `onError`, built with a [`BehaviorBuilder`].
        on_error_with(configure: impl FnOnce(&mut BehaviorBuilder)) => Some(Box::new(on_error)) at "onError";
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for SubflowBuilder {
    type Output = SubflowBehavior;
    fn finish(mut self) -> (SubflowBehavior, Issues) {
        self.inner.launch_config = match self.launch {
            Launch::Unset => None,
            Launch::Raw(config) => Some(config),
            Launch::Dynamic { request, presentation } => {
                let mut config = Map::new();
                config.insert("type".to_owned(), json!("dynamic"));
                config.insert("request".to_owned(), request);
                if let Some(kind) = presentation {
                    config.insert("presentation".to_owned(), json!({ "type": kind }));
                }
                Some(Value::Object(config))
            }
        };
        (self.inner, self.issues)
    }
}
