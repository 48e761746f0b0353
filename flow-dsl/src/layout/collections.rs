//! Components that list items: `instructions`, `list`, `review`, `status-list`.

use serde_json::Value;

use flow_model::layout::{
    InstructionItem, InstructionsLayout, ListItem, ListLayout, ReviewField, ReviewLayout, StatusListItem,
    StatusListLayout,
};
use flow_model::{Action, Context};

use crate::action::ActionBuilder;
use crate::build::{finish_all, run, Finish};
use crate::input::{self, optional_value, resolve, IntoModel};
use crate::issues::{member, Issues};
use crate::layout::controls::finish_call_to_action;
use crate::layout::{item_extra, layout_kind, require, CallToActionBuilder};

/// Builds `instructions`: `{title?, items: [{text, context?}]}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let tips = Layout::build(|l| {
///     l.instructions(|i| {
///         i.title("Photo tips");
///         i.item("Use good light").context(Context::Positive);
///         i.item("No glare").context("negative");
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&tips).unwrap(),
///     json!({"type": "instructions", "title": "Photo tips", "items": [
///         {"text": "Use good light", "context": "positive"},
///         {"text": "No glare", "context": "negative"}]}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct InstructionsBuilder {
    inner: InstructionsLayout,
    items: Vec<InstructionItemBuilder>,
    issues: Issues,
}

impl InstructionsBuilder {
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `items`: appends an item with `text`.
    pub fn item(&mut self, text: impl Into<String>) -> &mut InstructionItemBuilder {
        let index = self.items.len();
        let mut item = InstructionItemBuilder::default();
        item.inner.text = text.into();
        self.items.push(item);
        &mut self.items[index]
    }
}

impl Finish for InstructionsBuilder {
    type Output = InstructionsLayout;
    fn finish(mut self) -> (InstructionsLayout, Issues) {
        finish_all(self.items, &mut self.inner.items, &member("items"), &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(InstructionsBuilder => Instructions);

/// Builds an instruction item: `{text, context?}`.
#[derive(Debug, Default)]
pub struct InstructionItemBuilder {
    inner: InstructionItem,
    issues: Issues,
}

impl InstructionItemBuilder {
    /// Wire `text` (required).
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.inner.text = text.into();
        self
    }

    /// Wire `context`: do (`positive`) or don't (`negative`), …
    pub fn context(&mut self, context: impl Into<Context>) -> &mut Self {
        self.inner.context = Some(input::context(context));
        self
    }

    /// Wire `tag`.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.inner.tag = Some(tag.into());
        self
    }

    /// Wire `analyticsId`.
    pub fn analytics_id(&mut self, analytics_id: impl Into<String>) -> &mut Self {
        self.inner.analytics_id = Some(analytics_id.into());
        self
    }
}

item_extra!(InstructionItemBuilder);

impl Finish for InstructionItemBuilder {
    type Output = InstructionItem;
    fn finish(mut self) -> (InstructionItem, Issues) {
        require(&self.inner.text, "text", &mut self.issues);
        (self.inner, self.issues)
    }
}

/// Builds a `list`: `{title?, items, callToAction?}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let list = Layout::build(|l| {
///     l.list(|list| {
///         list.title("Recent");
///         list.item("Coffee").description("£3.00").icon(json!({"name": "cup"}));
///         list.call_to_action("See all").behavior_with(|b| { b.link("https://example.com/all"); });
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&list).unwrap(),
///     json!({"type": "list", "title": "Recent",
///            "items": [{"title": "Coffee", "description": "£3.00", "icon": {"name": "cup"}}],
///            "callToAction": {"title": "See all",
///                             "behavior": {"type": "link", "url": "https://example.com/all"}}}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ListBuilder {
    inner: ListLayout,
    items: Vec<ListItemBuilder>,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl ListBuilder {
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `items`: appends an item titled `title`.
    pub fn item(&mut self, title: impl Into<String>) -> &mut ListItemBuilder {
        let index = self.items.len();
        let mut item = ListItemBuilder::default();
        item.inner.title = title.into();
        self.items.push(item);
        &mut self.items[index]
    }

    /// Wire `callToAction`, titled `title`.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }
}

impl Finish for ListBuilder {
    type Output = ListLayout;
    fn finish(mut self) -> (ListLayout, Issues) {
        finish_all(self.items, &mut self.inner.items, &member("items"), &mut self.issues);
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(ListBuilder => List);

/// Builds a list item: `{title, description?, icon?, image?, status?}`.
#[derive(Debug, Default)]
pub struct ListItemBuilder {
    inner: ListItem,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl ListItemBuilder {
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

    /// Wire `icon` (JSON; `null` unsets it).
    pub fn icon(&mut self, icon: impl Into<Value>) -> &mut Self {
        self.inner.icon = optional_value(icon);
        self
    }

    /// Wire `image` (JSON; `null` unsets it).
    pub fn image(&mut self, image: impl Into<Value>) -> &mut Self {
        self.inner.image = optional_value(image);
        self
    }

    /// Wire `status` (1.x).
    pub fn status(&mut self, status: impl Into<String>) -> &mut Self {
        self.inner.status = Some(status.into());
        self
    }

    /// Wire `media` (current): an avatar or image (JSON; `null` unsets it).
    pub fn media(&mut self, media: impl Into<Value>) -> &mut Self {
        self.inner.media = optional_value(media);
        self
    }

    /// Wire `subtitle`.
    pub fn subtitle(&mut self, subtitle: impl Into<String>) -> &mut Self {
        self.inner.subtitle = Some(subtitle.into());
        self
    }

    /// Wire `value` (1.x supporting value).
    pub fn value(&mut self, value: impl Into<String>) -> &mut Self {
        self.inner.value = Some(value.into());
        self
    }

    /// Wire `subvalue` (1.x).
    pub fn subvalue(&mut self, subvalue: impl Into<String>) -> &mut Self {
        self.inner.subvalue = Some(subvalue.into());
        self
    }

    /// Wire `tag`.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.inner.tag = Some(tag.into());
        self
    }

    /// Wire `supportingValues`: `{value?, subvalue?}` (JSON; `null` unsets it).
    pub fn supporting_values(&mut self, supporting_values: impl Into<Value>) -> &mut Self {
        self.inner.supporting_values = optional_value(supporting_values);
        self
    }

    /// Wire `additionalInfo`: `{text, behavior?, accessibilityDescription?}` (JSON; `null` unsets it).
    pub fn additional_info(&mut self, additional_info: impl Into<Value>) -> &mut Self {
        self.inner.additional_info = optional_value(additional_info);
        self
    }

    /// Wire `inlineAlert`: `{content, context?}` (JSON; `null` unsets it).
    pub fn inline_alert(&mut self, inline_alert: impl Into<Value>) -> &mut Self {
        self.inner.inline_alert = optional_value(inline_alert);
        self
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    /// Wire `analyticsId`.
    pub fn analytics_id(&mut self, analytics_id: impl Into<String>) -> &mut Self {
        self.inner.analytics_id = Some(analytics_id.into());
        self
    }
}

item_extra!(ListItemBuilder);

impl Finish for ListItemBuilder {
    type Output = ListItem;
    fn finish(mut self) -> (ListItem, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        self.inner.call_to_action =
            finish_call_to_action(self.call_to_action, &mut self.issues).map(Box::new);
        (self.inner, self.issues)
    }
}

/// Builds a `review`: `{title?, fields, callToAction? | action? (1.x), orientation?}`.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let review = Layout::build(|l| {
///     l.review(|r| {
///         r.title("Your transfer");
///         r.field("You send", "100 GBP");
///         r.field("They get", "115.20 EUR").help(serde_json::json!({"markdown": "Rate locked for 24h"}));
///         r.call_to_action("Edit").behavior_with(|b| { b.action(|a| { a.url("/edit"); }); });
///     });
/// })?;
/// assert!(matches!(review, Layout::Review(ref r) if r.fields.len() == 2));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ReviewBuilder {
    inner: ReviewLayout,
    fields: Vec<ReviewFieldBuilder>,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl ReviewBuilder {
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `fields`: appends a `label`/`value` pair.
    pub fn field(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut ReviewFieldBuilder {
        let index = self.fields.len();
        let mut field = ReviewFieldBuilder::default();
        field.inner.label = label.into();
        field.inner.value = value.into();
        self.fields.push(field);
        &mut self.fields[index]
    }

    /// Wire `callToAction` (current), titled `title`.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    /// Wire `action` (1.x): the review's "edit" action.
    pub fn action(&mut self, configure: impl FnOnce(&mut ActionBuilder)) -> &mut Self {
        let (value, issues) = run::<ActionBuilder>(configure);
        self.issues.replace(&member("action"), issues);
        self.inner.action = Some(value);
        self
    }

    /// Wire `action` (1.x), from a finished action.
    pub fn action_value(&mut self, action: impl IntoModel<Action>) -> &mut Self {
        self.inner.action = Some(resolve(action, &member("action"), &mut self.issues));
        self
    }

    /// Wire `orientation` (e.g. `horizontal`, `vertical`).
    pub fn orientation(&mut self, orientation: impl Into<String>) -> &mut Self {
        self.inner.orientation = Some(orientation.into());
        self
    }
}

impl Finish for ReviewBuilder {
    type Output = ReviewLayout;
    fn finish(mut self) -> (ReviewLayout, Issues) {
        finish_all(self.fields, &mut self.inner.fields, &member("fields"), &mut self.issues);
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(ReviewBuilder => Review);

/// Builds a review field: `{label, value, help?}`.
#[derive(Debug, Default)]
pub struct ReviewFieldBuilder {
    inner: ReviewField,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl ReviewFieldBuilder {
    /// Wire `label` (required).
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.inner.label = label.into();
        self
    }

    /// Wire `value`.
    pub fn value(&mut self, value: impl Into<String>) -> &mut Self {
        self.inner.value = value.into();
        self
    }

    /// Wire `help` (JSON, e.g. `{"markdown": …}`; `null` unsets it).
    pub fn help(&mut self, help: impl Into<Value>) -> &mut Self {
        self.inner.help = optional_value(help);
        self
    }

    /// Wire `richValue`: the value as markdown.
    pub fn rich_value(&mut self, rich_value: impl Into<String>) -> &mut Self {
        self.inner.rich_value = Some(rich_value.into());
        self
    }

    /// Wire `subvalue`.
    pub fn subvalue(&mut self, subvalue: impl Into<String>) -> &mut Self {
        self.inner.subvalue = Some(subvalue.into());
        self
    }

    /// Wire `tag`.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.inner.tag = Some(tag.into());
        self
    }

    /// Wire `icon` (JSON; `null` unsets it).
    pub fn icon(&mut self, icon: impl Into<Value>) -> &mut Self {
        self.inner.icon = optional_value(icon);
        self
    }

    /// Wire `image` (JSON; `null` unsets it).
    pub fn image(&mut self, image: impl Into<Value>) -> &mut Self {
        self.inner.image = optional_value(image);
        self
    }

    /// Wire `media` (JSON; `null` unsets it).
    pub fn media(&mut self, media: impl Into<Value>) -> &mut Self {
        self.inner.media = optional_value(media);
        self
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    /// Wire `additionalInfo` (JSON; `null` unsets it).
    pub fn additional_info(&mut self, additional_info: impl Into<Value>) -> &mut Self {
        self.inner.additional_info = optional_value(additional_info);
        self
    }

    /// Wire `inlineAlert` (JSON; `null` unsets it).
    pub fn inline_alert(&mut self, inline_alert: impl Into<Value>) -> &mut Self {
        self.inner.inline_alert = optional_value(inline_alert);
        self
    }

    /// Wire `analyticsId`.
    pub fn analytics_id(&mut self, analytics_id: impl Into<String>) -> &mut Self {
        self.inner.analytics_id = Some(analytics_id.into());
        self
    }
}

item_extra!(ReviewFieldBuilder);

impl Finish for ReviewFieldBuilder {
    type Output = ReviewField;
    fn finish(mut self) -> (ReviewField, Issues) {
        require(&self.inner.label, "label", &mut self.issues);
        self.inner.call_to_action =
            finish_call_to_action(self.call_to_action, &mut self.issues).map(Box::new);
        (self.inner, self.issues)
    }
}

/// Builds a `status-list`: `{title?, items: [{title, description?, icon?, status?}]}`.
#[derive(Debug, Default)]
pub struct StatusListBuilder {
    inner: StatusListLayout,
    items: Vec<StatusListItemBuilder>,
    issues: Issues,
}

impl StatusListBuilder {
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `items`: appends an item titled `title`.
    pub fn item(&mut self, title: impl Into<String>) -> &mut StatusListItemBuilder {
        let index = self.items.len();
        let mut item = StatusListItemBuilder::default();
        item.inner.title = title.into();
        self.items.push(item);
        &mut self.items[index]
    }
}

impl Finish for StatusListBuilder {
    type Output = StatusListLayout;
    fn finish(mut self) -> (StatusListLayout, Issues) {
        finish_all(self.items, &mut self.inner.items, &member("items"), &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(StatusListBuilder => StatusList);

/// Builds a status-list item: `{title, description?, icon?, status?}`.
#[derive(Debug, Default)]
pub struct StatusListItemBuilder {
    inner: StatusListItem,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl StatusListItemBuilder {
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

    /// Wire `icon` (JSON; `null` unsets it).
    pub fn icon(&mut self, icon: impl Into<Value>) -> &mut Self {
        self.inner.icon = optional_value(icon);
        self
    }

    /// Wire `status`: `done`, `pending` or `not-done`.
    pub fn status(&mut self, status: impl Into<String>) -> &mut Self {
        self.inner.status = Some(status.into());
        self
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    /// Wire `tag`.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.inner.tag = Some(tag.into());
        self
    }

    /// Wire `analyticsId`.
    pub fn analytics_id(&mut self, analytics_id: impl Into<String>) -> &mut Self {
        self.inner.analytics_id = Some(analytics_id.into());
        self
    }
}

item_extra!(StatusListItemBuilder);

impl Finish for StatusListItemBuilder {
    type Output = StatusListItem;
    fn finish(mut self) -> (StatusListItem, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        self.inner.call_to_action =
            finish_call_to_action(self.call_to_action, &mut self.issues).map(Box::new);
        (self.inner, self.issues)
    }
}
