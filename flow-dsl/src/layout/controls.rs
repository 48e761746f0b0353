//! Interactive components: `button`, `decision`, `form`, `search`, and the
//! call to action that lists, reviews and sections carry.

use serde_json::json;

use flow_model::layout::{
    ButtonLayout, CallToAction, DecisionLayout, DecisionOption, FormLayout, SearchLayout,
};
use flow_model::{Pointer, Schema};

use crate::build::{finish_all, Finish};
use crate::issues::{member, Issues};
use crate::layout::{behavior_members, item_extra, layout_kind, require};
use crate::setters::setters;

/// Builds a `button`: `{title, behavior | action, context?, disabled?, size?, pinOrder?}`.
///
/// Current servers give a `title` and a `behavior`; 1.x servers an `action`
/// carrying its own `title`. A button needs a label either way.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let current = Layout::build(|l| {
///     l.button(|b| {
///         b.title("Continue").context(Context::Positive);
///         b.behavior_with(|x| { x.action(|a| { a.url("/next"); }); });
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&current).unwrap(),
///     json!({"type": "button", "title": "Continue", "context": "positive",
///            "behavior": {"type": "action", "action": {"url": "/next"}}}),
/// );
///
/// let legacy = Layout::build(|l| {
///     l.button(|b| { b.action(|a| { a.title("Continue").url("/next").extra("type", "primary"); }); });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&legacy).unwrap(),
///     json!({"type": "button", "action": {"url": "/next", "title": "Continue", "type": "primary"}}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ButtonBuilder {
    inner: ButtonLayout,
    issues: Issues,
}

impl ButtonBuilder {
    setters! {
        /// Wire `title`: the label (required unless a 1.x action carries it).
        title(title: impl Into<String>) => Some(title);

        /// Wire `context`: the tone.
        context(context: impl Into<Context>) => Some(context);

        /// Wire `disabled`.
        disabled(disabled: bool) => Some(disabled);

        /// Wire `size`.
        size(size: impl Into<Size>) => Some(size);

        /// Wire `pinOrder`: where a pinned button sits.
        pin_order(order: i64) => Some(pin_order);
    }
}

behavior_members!(ButtonBuilder);

impl Finish for ButtonBuilder {
    type Output = ButtonLayout;
    fn finish(mut self) -> (ButtonLayout, Issues) {
        if self.inner.label().is_empty() {
            self.issues.at("title", "required (a 1.x button may carry it as its action's title)");
        }
        (self.inner, self.issues)
    }
}

layout_kind!(ButtonBuilder => Button);

/// Builds a `decision`: `{title?, options}`, each option with its behavior.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let decision = Layout::build(|l| {
///     l.decision(|d| {
///         d.title("How do you want to pay?");
///         d.option("Card").description("Instant").behavior_with(|b| { b.action(|a| { a.url("/card"); }); });
///         d.option("Bank transfer").action(|a| { a.url("/bank"); }); // 1.x form
///     });
/// })?;
/// assert!(matches!(decision, Layout::Decision(ref d) if d.options.len() == 2));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct DecisionBuilder {
    inner: DecisionLayout,
    options: Vec<DecisionOptionBuilder>,
    issues: Issues,
}

impl DecisionBuilder {
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);
    }

    /// Wire `options`: appends an option titled `title`; give it a behavior
    /// (or a 1.x action) on the returned builder.
    pub fn option(&mut self, title: impl Into<String>) -> &mut DecisionOptionBuilder {
        let index = self.options.len();
        let mut option = DecisionOptionBuilder::default();
        option.inner.title = title.into();
        self.options.push(option);
        &mut self.options[index]
    }
}

impl Finish for DecisionBuilder {
    type Output = DecisionLayout;
    fn finish(mut self) -> (DecisionLayout, Issues) {
        finish_all(self.options, &mut self.inner.options, &member("options"), &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(DecisionBuilder => Decision);

/// Builds a decision option: `{title, description?, behavior | action, disabled?, icon?, image?}`.
#[derive(Debug, Default)]
pub struct DecisionOptionBuilder {
    inner: DecisionOption,
    issues: Issues,
}

impl DecisionOptionBuilder {
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `description`.
        description(description: impl Into<String>) => Some(description);

        /// Wire `disabled`.
        disabled(disabled: bool) => Some(disabled);

        /// Wire `icon` (JSON, e.g. `{"name": "card"}`; `null` unsets it).
        icon(icon: impl Into<Value>) => optional(icon);

        /// Wire `image` (JSON, e.g. `{"url": …}`; `null` unsets it).
        image(image: impl Into<Value>) => optional(image);

        /// Wire `media` (current): an avatar or image (`null` unsets it).
        media(media: impl Into<Value>) => optional(media);

        /// Wire `tag`: identifies the option to renderers and filters.
        tag(tag: impl Into<String>) => Some(tag);

        /// Wire `keywords`: appends extra search terms for filtered decisions.
        keywords<S: Into<String>>(keywords: impl IntoIterator<Item = S>) => append(keywords);

        /// Wire `additionalText`.
        additional_text(text: impl Into<String>) => Some(additional_text);

        /// Wire `supportingValues`: `{value?, subvalue?}` (`null` unsets it).
        supporting_values(values: impl Into<Value>) => optional(supporting_values);

        /// Wire `inlineAlert`: `{content, context?}` (`null` unsets it).
        inline_alert(alert: impl Into<Value>) => optional(inline_alert);

        /// Wire `analyticsId`.
        analytics_id(id: impl Into<String>) => Some(analytics_id);

        /// Wire `text` (earliest 1.x): the description line.
        text(text: impl Into<String>) => Some(text);
    }
}

behavior_members!(DecisionOptionBuilder);
item_extra!(DecisionOptionBuilder);

impl Finish for DecisionOptionBuilder {
    type Output = DecisionOption;
    fn finish(mut self) -> (DecisionOption, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        (self.inner, self.issues)
    }
}

/// Builds a `form`: `{schemaId}` (current) or `{schema: {"$ref": id}}` (1.x).
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let current = Layout::build(|l| { l.form("payment"); });
/// let legacy = Layout::build(|l| { l.form_ref("payment"); });
/// // On its own a form is checked against stand-in schemas; in a step, against the step's.
/// assert_eq!(serde_json::to_value(current?).unwrap(), json!({"type": "form", "schemaId": "payment"}));
/// assert_eq!(serde_json::to_value(legacy?).unwrap(), json!({"type": "form", "schema": {"$ref": "payment"}}));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct FormBuilder {
    inner: FormLayout,
    issues: Issues,
}

impl FormBuilder {
    pub(crate) fn with_schema_id(id: String) -> Self {
        let mut builder = Self::default();
        builder.inner.schema_id = Some(id);
        builder
    }

    pub(crate) fn with_schema_ref(id: String) -> Self {
        let mut builder = Self::default();
        builder.inner.schema = Some(Box::new(Schema::Unknown(json!({ "$ref": id }))));
        builder
    }

    setters! {
        /// Wire `schemaId` (current): the `$id` of the root schema to show.
        schema_id(id: impl Into<String>) => Some(schema_id);
    }

    /// Wire `schema` (1.x): `{"$ref": id}`.
    pub fn schema_ref(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.schema = Some(Box::new(Schema::Unknown(json!({ "$ref": id.into() }))));
        self
    }
}

impl Finish for FormBuilder {
    type Output = FormLayout;
    fn finish(self) -> (FormLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(FormBuilder => Form);

/// Builds a `search`: `{title, url, method?, param, emptyMessage?}`
/// (`title`, `url` and `param` required).
#[derive(Debug, Default)]
pub struct SearchBuilder {
    inner: SearchLayout,
    issues: Issues,
}

impl SearchBuilder {
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `url` (required): where queries go.
        url(url: impl Into<String>) => url;

        /// Wire `method`.
        method(method: impl Into<String>) => Some(method);

        /// Wire `param` (required): the query parameter name.
        param(param: impl Into<String>) => param;

        /// Wire `emptyMessage`: shown when nothing matches.
        empty_message(message: impl Into<String>) => Some(empty_message);

        /// Wire `initialState`: what to show before the first query (`null` unsets it).
        initial_state(state: impl Into<Value>) => optional(initial_state);
    }
}

impl Finish for SearchBuilder {
    type Output = SearchLayout;
    fn finish(mut self) -> (SearchLayout, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(SearchBuilder => Search);

/// Builds a `callToAction`: `{title, behavior | action, accessibilityDescription?}`.
#[derive(Debug, Default)]
pub struct CallToActionBuilder {
    inner: CallToAction,
    issues: Issues,
}

impl CallToActionBuilder {
    pub(crate) fn new(title: String) -> Self {
        let mut builder = Self::default();
        builder.inner.title = title;
        builder
    }

    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `accessibilityDescription`.
        accessibility_description(description: impl Into<String>) => Some(accessibility_description);
    }
}

behavior_members!(CallToActionBuilder);
item_extra!(CallToActionBuilder);

/// Finishes an optional call to action, its problems under `callToAction`.
pub(crate) fn finish_call_to_action(
    builder: Option<CallToActionBuilder>,
    issues: &mut Issues,
) -> Option<Box<CallToAction>> {
    let (value, found) = builder?.finish();
    issues.nest(&Pointer::root().key("callToAction"), found);
    Some(Box::new(value))
}

impl Finish for CallToActionBuilder {
    type Output = CallToAction;
    fn finish(mut self) -> (CallToAction, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        (self.inner, self.issues)
    }
}
