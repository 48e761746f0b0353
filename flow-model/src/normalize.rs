//! The 1.x → current mapping (spec "1.x → current mapping"): one pass that
//! rewrites every early shape a step can hold into the current model, so
//! the runtime and every renderer see one shape.
//!
//! Parsing keeps what was sent (a step serializes back to its wire form);
//! [`Step::normalize`] is the only place that interprets the 1.x shapes.
//! Each rule is a Decision `N.x` in `docs/decisions.md`. The pass is
//! idempotent: a normalized step is left as it is.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{Align, Context, Size};
use crate::layout::{
    BoxLayout, ButtonLayout, DecisionLayout, DecisionOption, FormLayout, HeadingLayout, ImageLayout, Layout,
    ParagraphLayout, ReviewField, ReviewLayout,
};
use crate::legacy::{LegacyOption, LegacyReview};
use crate::schema::{ConstSchema, OneOfSchema, Schema};
use crate::sent::Sent;
use crate::{Action, Step};

/// Prefix of the `$id` given to an inline form schema that has none (N.2).
const INLINE_ID_PREFIX: &str = "inline-form-schema";

impl Step {
    /// This step with every 1.x shape mapped onto the current model (see
    /// [`Step::normalize`]).
    ///
    /// ```
    /// use flow_model::{Layout, Step};
    /// let step: Step = serde_json::from_str(r#"{
    ///     "type": "decision", "title": "Pay with",
    ///     "options": [{"title": "Card", "url": "/card"}]
    /// }"#)?;
    /// let step = step.normalized();
    /// assert!(matches!(step.layout()[0], Layout::Heading(ref h) if h.text == "Pay with"));
    /// let Layout::Decision(decision) = &step.layout()[1] else { panic!("a decision") };
    /// assert_eq!(decision.options[0].title, "Card");
    /// assert_eq!(decision.options[0].action.as_ref().map(|a| a.method()).as_deref(), Some("GET"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn normalized(&self) -> Step {
        let mut step = self.clone();
        step.normalize();
        step
    }

    /// Maps every 1.x shape in this step onto the current model, in place:
    ///
    /// - N.1 a step with a `type` (`form`, `decision`, `final`) and no
    ///   `layout` gets the layout the 2021 web client built from its members;
    /// - N.2 a form with an inline `schema` names it by `schemaId` instead (the
    ///   schema moves into `schemas`, with a generated `$id` when it has none
    ///   or its `$id` is taken); a 1.x `schema: {"$ref"}` becomes `schemaId`;
    /// - N.3 a review's `definitions` and `text` become `fields` and `title`;
    /// - N.4 a decision option's title comes from `title`, else its action's
    ///   `title`/`label`, else `text` (then `text` is not also the description);
    /// - N.5 a button's title comes from `title`, else its action's
    ///   `title`/`label`; its `context` and `disabled` from the action's
    ///   `type` and `disabled`;
    /// - N.6 a schema `help: {message}` becomes `help: {markdown}`, and
    ///   `help: {list}` a markdown list;
    /// - N.7 a schema with `enum` (and `values` labels) and no `type` becomes
    ///   a `oneOf` of `const`s;
    /// - N.8 a step with no `id` takes its 1.x `key` as its id.
    ///
    /// Running it twice changes nothing the second time.
    pub fn normalize(&mut self) {
        if self.id.as_deref().is_none_or(str::is_empty) {
            if let Some(key) = self.key.take() {
                self.id = Some(key);
            }
        }
        if self.layout.is_none() {
            if let Some(layout) = pre_layout(self) {
                self.layout = Some(layout);
            }
        }
        if let Some(schemas) = self.schemas.as_mut() {
            schemas.iter_mut().for_each(normalize_schema);
        }
        let mut ids: BTreeSet<String> =
            self.schemas().iter().filter_map(|s| s.id().map(str::to_owned)).collect();
        let mut moved = Vec::new();
        if let Some(layout) = self.layout.as_mut() {
            for component in layout.iter_mut() {
                normalize_layout(component, &mut ids, &mut moved);
            }
        }
        if !moved.is_empty() {
            self.schemas.get_or_insert_with(Vec::new).extend(moved);
        }
    }
}

/// N.1: the layout of a pre-layout step, or `None` when it is not one.
fn pre_layout(step: &mut Step) -> Option<Vec<Layout>> {
    let kind = step.step_type.as_deref()?;
    if !crate::legacy::is_pre_layout_step_type(kind) {
        return None;
    }
    let kind = kind.to_owned();
    step.step_type = None;
    let mut layout = Vec::new();
    if let Some(title) = step.title.as_deref().filter(|t| !t.is_empty()) {
        layout.push(Layout::Heading(HeadingLayout {
            text: title.to_owned(),
            size: Some(Size::Lg),
            align: Some(Align::Center),
            margin: Some(Size::Lg),
            ..Default::default()
        }));
    }
    if let Some(url) = step.image.take().and_then(image_url) {
        let image =
            Layout::Image(ImageLayout { url: Some(url), margin: Some(Size::Lg), ..Default::default() });
        layout.push(boxed(vec![image], Size::Sm));
    }
    if let Some(text) = step.description.as_deref().filter(|t| !t.is_empty()) {
        layout.push(Layout::Paragraph(ParagraphLayout {
            text: text.to_owned(),
            align: Some(Align::Center),
            ..Default::default()
        }));
    }
    match kind.as_str() {
        "form" => {
            if let Some(review) = step.review_fields.take() {
                layout.push(Layout::Review(review_of(review)));
            }
            let ids: BTreeSet<String> =
                step.schemas().iter().filter_map(|s| s.id().map(str::to_owned)).collect();
            if let Some(first) = step.schemas.as_mut().and_then(|s| s.first_mut()) {
                let id = match first.id() {
                    Some(id) => id.to_owned(),
                    None => {
                        let id = unused_id(&ids);
                        first.set_id(&id);
                        id
                    }
                };
                let form = Layout::Form(FormLayout { schema_id: Some(id), ..Default::default() });
                layout.push(boxed(vec![form], Size::Md));
            }
            if let Some(actions) = step.actions.take().filter(|a| !a.is_empty()) {
                layout.push(boxed(actions.into_iter().map(button_of).collect(), Size::Md));
            }
        }
        "decision" => {
            if let Some(options) = step.options.take() {
                let options = options.into_iter().map(option_of).collect();
                layout.push(Layout::Decision(DecisionLayout { options, ..Default::default() }));
            }
        }
        _ => {
            if let Some(action) = step.action.take() {
                layout.push(boxed(vec![button_of(action)], Size::Md));
            }
        }
    }
    Some(layout)
}

/// The URL of a 1.x step `image`: a string, or an object with `url`.
fn image_url(image: Value) -> Option<String> {
    match image {
        Value::String(url) => Some(url),
        Value::Object(mut object) => match object.remove("url") {
            Some(Value::String(url)) => Some(url),
            _ => None,
        },
        _ => None,
    }
}

fn boxed(components: Vec<Layout>, width: Size) -> Layout {
    Layout::Box(BoxLayout { components, width: Some(width), ..Default::default() })
}

/// N.1: `reviewFields` → a review (field `title` → `label`).
fn review_of(review: LegacyReview) -> ReviewLayout {
    let fields = review
        .fields
        .into_iter()
        .map(|f| ReviewField { label: f.title, value: f.value, ..Default::default() })
        .collect();
    ReviewLayout { title: review.title, fields, ..Default::default() }
}

/// N.1: a step action → a button; its presentation members move onto the
/// button (N.5).
fn button_of(action: Action) -> Layout {
    let mut button = ButtonLayout { action: Some(Box::new(action)), ..Default::default() };
    normalize_button(&mut button);
    Layout::Button(button)
}

/// N.1: a decision step's option → a decision option whose action is a GET
/// of its `url` (the 2021 client's rule) unless it names a method.
fn option_of(option: LegacyOption) -> DecisionOption {
    let disabled = option.is_disabled().then_some(true);
    let LegacyOption { title, description, url, method, data, .. } = option;
    let action =
        Action { url, method: Some(method.unwrap_or_else(|| "GET".to_owned())), data, ..Default::default() };
    DecisionOption { title, description, action: Some(Box::new(action)), disabled, ..Default::default() }
}

/// Applies N.2–N.5 to one component and everything inside it.
fn normalize_layout(layout: &mut Layout, ids: &mut BTreeSet<String>, moved: &mut Vec<Schema>) {
    match layout {
        Layout::Form(form) => normalize_form(form, ids, moved),
        Layout::Review(review) => normalize_review(review),
        Layout::Decision(decision) => decision.options.iter_mut().for_each(normalize_option),
        Layout::Button(button) => normalize_button(button),
        _ => {}
    }
    for child in children_mut(layout) {
        normalize_layout(child, ids, moved);
    }
}

/// The components directly inside `layout`, mutably (the mutable twin of
/// [`Layout::children`]).
fn children_mut(layout: &mut Layout) -> Vec<&mut Layout> {
    match layout {
        Layout::Box(b) => b.components.iter_mut().collect(),
        Layout::Columns(c) => c.left.iter_mut().chain(c.right.iter_mut()).collect(),
        Layout::Modal(m) => m.content.iter_mut().flat_map(|c| c.components.iter_mut()).collect(),
        Layout::Section(s) => s.components.iter_mut().collect(),
        Layout::Tabs(t) => t.tabs.iter_mut().flat_map(|tab| tab.components.iter_mut()).collect(),
        _ => Vec::new(),
    }
}

/// N.2: an inline schema moves into the step's `schemas`; a `$ref` becomes `schemaId`.
fn normalize_form(form: &mut FormLayout, ids: &mut BTreeSet<String>, moved: &mut Vec<Schema>) {
    if form.schema_id.is_some() {
        return;
    }
    if let Some(id) = form.schema_ref().map(str::to_owned) {
        form.schema = None;
        form.schema_id = Some(id);
        form.sent = Sent::default();
        return;
    }
    let Some(mut schema) = form.schema.take().map(|b| *b) else { return };
    normalize_schema(&mut schema);
    let id = match schema.id() {
        Some(id) if !ids.contains(id) => id.to_owned(),
        _ => {
            let id = unused_id(ids);
            schema.set_id(&id);
            id
        }
    };
    ids.insert(id.clone());
    moved.push(schema);
    form.schema_id = Some(id);
    form.sent = Sent::default();
}

/// The first `inline-form-schema`, `inline-form-schema-2`, … not in `ids`.
fn unused_id(ids: &BTreeSet<String>) -> String {
    if !ids.contains(INLINE_ID_PREFIX) {
        return INLINE_ID_PREFIX.to_owned();
    }
    (2..)
        .map(|n| format!("{INLINE_ID_PREFIX}-{n}"))
        .find(|id| !ids.contains(id))
        .unwrap_or_else(|| INLINE_ID_PREFIX.to_owned())
}

/// N.3: `definitions` → `fields`, `text` → `title`.
fn normalize_review(review: &mut ReviewLayout) {
    let mut changed = false;
    if review.fields.is_empty() && !review.definitions.is_empty() {
        review.fields = std::mem::take(&mut review.definitions);
        changed = true;
    }
    if review.title.is_none() && review.text.is_some() {
        review.title = review.text.take();
        changed = true;
    }
    if changed {
        review.sent = Sent::default();
    }
}

/// N.4: the option's title and description from its 1.x members.
fn normalize_option(option: &mut DecisionOption) {
    let mut changed = false;
    if option.title.is_empty() && !option.label().is_empty() {
        option.title = option.label().to_owned();
        changed = true;
    }
    if option.description.is_none() {
        if let Some(text) = option.text.take() {
            // `text` that became the title is not the description too.
            if text != option.title {
                option.description = Some(text);
            }
            changed = true;
        }
    }
    if option.disabled.is_none() {
        if let Some(disabled) =
            option.action.as_ref().and_then(|a| a.extra.get("disabled")).and_then(Value::as_bool)
        {
            option.disabled = Some(disabled);
            changed = true;
        }
    }
    if changed {
        option.sent = Sent::default();
    }
}

/// N.5: the button's title, context and disabled state from its 1.x action.
fn normalize_button(button: &mut ButtonLayout) {
    let mut changed = false;
    if button.title.is_none() && !button.label().is_empty() {
        button.title = Some(button.label().to_owned());
        changed = true;
    }
    let action = button.action.as_ref().map(|a| &a.extra);
    if button.context.is_none() {
        if let Some(kind) = action.and_then(|a| a.get("type")).and_then(Value::as_str) {
            button.context = Some(Context::from(kind));
            changed = true;
        }
    }
    if button.disabled.is_none() {
        if let Some(disabled) = action.and_then(|a| a.get("disabled")).and_then(Value::as_bool) {
            button.disabled = Some(disabled);
            changed = true;
        }
    }
    if changed {
        button.sent = Sent::default();
    }
}

/// N.6 and N.7 on `schema` and every schema inside it.
fn normalize_schema(schema: &mut Schema) {
    if let Schema::Enum(e) = schema {
        let alternatives = e
            .values_allowed
            .iter()
            .map(|value| {
                let title = e.label_of(value).map(str::to_owned).unwrap_or_else(|| display(value));
                Schema::Const(ConstSchema { value: value.clone(), title: Some(title), ..Default::default() })
            })
            .collect();
        let e = std::mem::take(e);
        *schema = Schema::OneOf(OneOfSchema {
            one_of: alternatives,
            default: e.default,
            placeholder: e.placeholder,
            id: e.id,
            title: e.title,
            description: e.description,
            control: e.control,
            hidden: e.hidden,
            disabled: e.disabled,
            refresh_step_on_change: e.refresh_step_on_change,
            validation_messages: e.validation_messages,
            analytics_id: e.analytics_id,
            icon: e.icon,
            image: e.image,
            media: e.media,
            keywords: e.keywords,
            alert: e.alert,
            help: e.help,
            summary: e.summary,
            extra: e.extra,
            ..Default::default()
        });
    }
    if let Some(help) = schema.help_mut() {
        if help.markdown.is_empty() {
            if let Some(message) = help.message.take() {
                help.markdown = message;
                help.sent = Sent::default();
            } else if let Some(list) = help.list.take() {
                help.markdown = list.iter().map(|item| format!("- {item}")).collect::<Vec<_>>().join("\n");
                help.sent = Sent::default();
            }
        }
    }
    for child in schema_children_mut(schema) {
        normalize_schema(child);
    }
}

/// A value as a person reads it: a string without quotes, anything else as JSON.
fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The schemas directly inside `schema`, mutably (the twin of [`Schema::children`]).
fn schema_children_mut(schema: &mut Schema) -> Vec<&mut Schema> {
    match schema {
        Schema::OneOf(s) => s.one_of.iter_mut().collect(),
        Schema::AllOf(s) => s.all_of.iter_mut().collect(),
        Schema::Object(s) => s.properties.values_mut().collect(),
        Schema::Array(s) => s.items.iter_mut().map(|b| b.as_mut()).collect(),
        Schema::Tuple(s) => s.items.iter_mut().collect(),
        _ => Vec::new(),
    }
}
