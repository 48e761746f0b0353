//! Interactive components: `button`, `decision`, `form`, `search`, and the
//! call to action that lists, reviews and sections carry.

use serde_json::{json, Value};

use flow_model::layout::{
    ButtonLayout, CallToAction, DecisionLayout, DecisionOption, FormLayout, SearchLayout,
};
use flow_model::{Context, Pointer, Size};

use crate::build::{finish_all, Finish};
use crate::input::{self, optional_value};
use crate::issues::{member, Issues};
use crate::layout::{behavior_members, item_extra, layout_kind, require};

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
    /// Wire `title`: the label (required unless a 1.x action carries it).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `context`: the tone.
    pub fn context(&mut self, context: impl Into<Context>) -> &mut Self {
        self.inner.context = Some(input::context(context));
        self
    }

    /// Wire `disabled`.
    pub fn disabled(&mut self, disabled: bool) -> &mut Self {
        self.inner.disabled = Some(disabled);
        self
    }

    /// Wire `size`.
    pub fn size(&mut self, size: impl Into<Size>) -> &mut Self {
        self.inner.size = Some(input::size(size));
        self
    }

    /// Wire `pinOrder`: where a pinned button sits.
    pub fn pin_order(&mut self, order: i64) -> &mut Self {
        self.inner.pin_order = Some(order);
        self
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
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
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
    /// Wire `title` (required).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = title.into();
        self
    }

    /// Wire `description`.
    pub fn description(&mut self, description: impl Into<String>) -> &mut Self {
        self.inner.description = Some(description.into());
        self
    }

    /// Wire `disabled`.
    pub fn disabled(&mut self, disabled: bool) -> &mut Self {
        self.inner.disabled = Some(disabled);
        self
    }

    /// Wire `icon` (JSON, e.g. `{"name": "card"}`; `null` unsets it).
    pub fn icon(&mut self, icon: impl Into<Value>) -> &mut Self {
        self.inner.icon = optional_value(icon);
        self
    }

    /// Wire `image` (JSON, e.g. `{"url": …}`; `null` unsets it).
    pub fn image(&mut self, image: impl Into<Value>) -> &mut Self {
        self.inner.image = optional_value(image);
        self
    }

    /// Wire `media` (current): an avatar or image (`null` unsets it).
    pub fn media(&mut self, media: impl Into<Value>) -> &mut Self {
        self.inner.media = optional_value(media);
        self
    }

    /// Wire `tag`: identifies the option to renderers and filters.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.inner.tag = Some(tag.into());
        self
    }

    /// Wire `keywords`: appends extra search terms for filtered decisions.
    pub fn keywords<S: Into<String>>(&mut self, keywords: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.keywords.get_or_insert_with(Vec::new).extend(keywords.into_iter().map(Into::into));
        self
    }

    /// Wire `additionalText`.
    pub fn additional_text(&mut self, text: impl Into<String>) -> &mut Self {
        self.inner.additional_text = Some(text.into());
        self
    }

    /// Wire `supportingValues`: `{value?, subvalue?}` (`null` unsets it).
    pub fn supporting_values(&mut self, values: impl Into<Value>) -> &mut Self {
        self.inner.supporting_values = optional_value(values);
        self
    }

    /// Wire `inlineAlert`: `{content, context?}` (`null` unsets it).
    pub fn inline_alert(&mut self, alert: impl Into<Value>) -> &mut Self {
        self.inner.inline_alert = optional_value(alert);
        self
    }

    /// Wire `analyticsId`.
    pub fn analytics_id(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.analytics_id = Some(id.into());
        self
    }

    /// Wire `text` (earliest 1.x): the description line.
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.inner.text = Some(text.into());
        self
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
        builder.inner.schema = Some(json!({ "$ref": id }));
        builder
    }

    /// Wire `schemaId` (current): the `$id` of the root schema to show.
    pub fn schema_id(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.schema_id = Some(id.into());
        self
    }

    /// Wire `schema` (1.x): `{"$ref": id}`.
    pub fn schema_ref(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.schema = Some(json!({ "$ref": id.into() }));
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
    /// Wire `title` (required).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = title.into();
        self
    }

    /// Wire `url` (required): where queries go.
    pub fn url(&mut self, url: impl Into<String>) -> &mut Self {
        self.inner.url = url.into();
        self
    }

    /// Wire `method`.
    pub fn method(&mut self, method: impl Into<String>) -> &mut Self {
        self.inner.method = Some(method.into());
        self
    }

    /// Wire `param` (required): the query parameter name.
    pub fn param(&mut self, param: impl Into<String>) -> &mut Self {
        self.inner.param = param.into();
        self
    }

    /// Wire `emptyMessage`: shown when nothing matches.
    pub fn empty_message(&mut self, message: impl Into<String>) -> &mut Self {
        self.inner.empty_message = Some(message.into());
        self
    }

    /// Wire `initialState`: what to show before the first query (`null` unsets it).
    pub fn initial_state(&mut self, state: impl Into<Value>) -> &mut Self {
        self.inner.initial_state = optional_value(state);
        self
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

    /// Wire `title` (required).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = title.into();
        self
    }

    /// Wire `accessibilityDescription`.
    pub fn accessibility_description(&mut self, description: impl Into<String>) -> &mut Self {
        self.inner.accessibility_description = Some(description.into());
        self
    }
}

behavior_members!(CallToActionBuilder);
item_extra!(CallToActionBuilder);

/// Finishes an optional call to action, its problems under `callToAction`.
pub(crate) fn finish_call_to_action(
    builder: Option<CallToActionBuilder>,
    issues: &mut Issues,
) -> Option<CallToAction> {
    let (value, found) = builder?.finish();
    issues.nest(&Pointer::root().key("callToAction"), found);
    Some(value)
}

impl Finish for CallToActionBuilder {
    type Output = CallToAction;
    fn finish(mut self) -> (CallToAction, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        (self.inner, self.issues)
    }
}
