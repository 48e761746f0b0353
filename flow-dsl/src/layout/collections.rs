//! Components that list items: `instructions`, `list`, `review`, `status-list`.

use flow_model::layout::{
    InstructionItem, InstructionsLayout, ListItem, ListLayout, ReviewField, ReviewLayout, StatusListItem,
    StatusListLayout,
};
use flow_model::Action;

use crate::action::ActionBuilder;
use crate::build::{finish_all, Finish};
use crate::issues::{member, Issues};
use crate::layout::controls::finish_call_to_action;
use crate::layout::{item_extra, layout_kind, require, CallToActionBuilder};
use crate::setters::setters;

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
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);
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
    setters! {
        /// Wire `text` (required).
        text(text: impl Into<String>) => text;

        /// Wire `context`: do (`positive`) or don't (`negative`), …
        context(context: impl Into<Context>) => Some(context);

        /// Wire `tag`.
        tag(tag: impl Into<String>) => Some(tag);

        /// Wire `analyticsId`.
        analytics_id(analytics_id: impl Into<String>) => Some(analytics_id);
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
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);
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
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `description`.
        description(description: impl Into<String>) => Some(description);

        /// Wire `icon` (JSON; `null` unsets it).
        icon(icon: impl Into<Value>) => optional(icon);

        /// Wire `image` (JSON; `null` unsets it).
        image(image: impl Into<Value>) => optional(image);

        /// Wire `status` (1.x).
        status(status: impl Into<String>) => Some(status);

        /// Wire `media` (current): an avatar or image (JSON; `null` unsets it).
        media(media: impl Into<Value>) => optional(media);

        /// Wire `subtitle`.
        subtitle(subtitle: impl Into<String>) => Some(subtitle);

        /// Wire `value` (1.x supporting value).
        value(value: impl Into<String>) => Some(value);

        /// Wire `subvalue` (1.x).
        subvalue(subvalue: impl Into<String>) => Some(subvalue);

        /// Wire `tag`.
        tag(tag: impl Into<String>) => Some(tag);

        /// Wire `supportingValues`: `{value?, subvalue?}` (JSON; `null` unsets it).
        supporting_values(supporting_values: impl Into<Value>) => optional(supporting_values);

        /// Wire `additionalInfo`: `{text, behavior?, accessibilityDescription?}` (JSON; `null` unsets it).
        additional_info(additional_info: impl Into<Value>) => optional(additional_info);

        /// Wire `inlineAlert`: `{content, context?}` (JSON; `null` unsets it).
        inline_alert(inline_alert: impl Into<Value>) => optional(inline_alert);
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    setters! {
        /// Wire `analyticsId`.
        analytics_id(analytics_id: impl Into<String>) => Some(analytics_id);
    }
}

item_extra!(ListItemBuilder);

impl Finish for ListItemBuilder {
    type Output = ListItem;
    fn finish(mut self) -> (ListItem, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
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
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);
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

    setters! {
        /// Wire `action` (1.x): the review's "edit" action.
        action(configure: impl FnOnce(&mut ActionBuilder)) => Some(Box::new(action)) at "action";

        /// Wire `action` (1.x), from a finished action.
        action_value(action: impl IntoModel<Action>) => Some(Box::new(action)) at "action";

        /// Wire `orientation` (e.g. `horizontal`, `vertical`).
        orientation(orientation: impl Into<String>) => Some(orientation);
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
    setters! {
        /// Wire `label` (required).
        label(label: impl Into<String>) => label;

        /// Wire `value`.
        value(value: impl Into<String>) => value;

        /// Wire `help` (JSON, e.g. `{"markdown": …}`; `null` unsets it).
        help(help: impl Into<Value>) => optional(help);

        /// Wire `richValue`: the value as markdown.
        rich_value(rich_value: impl Into<String>) => Some(rich_value);

        /// Wire `subvalue`.
        subvalue(subvalue: impl Into<String>) => Some(subvalue);

        /// Wire `tag`.
        tag(tag: impl Into<String>) => Some(tag);

        /// Wire `icon` (JSON; `null` unsets it).
        icon(icon: impl Into<Value>) => optional(icon);

        /// Wire `image` (JSON; `null` unsets it).
        image(image: impl Into<Value>) => optional(image);

        /// Wire `media` (JSON; `null` unsets it).
        media(media: impl Into<Value>) => optional(media);
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    setters! {
        /// Wire `additionalInfo` (JSON; `null` unsets it).
        additional_info(additional_info: impl Into<Value>) => optional(additional_info);

        /// Wire `inlineAlert` (JSON; `null` unsets it).
        inline_alert(inline_alert: impl Into<Value>) => optional(inline_alert);

        /// Wire `analyticsId`.
        analytics_id(analytics_id: impl Into<String>) => Some(analytics_id);
    }
}

item_extra!(ReviewFieldBuilder);

impl Finish for ReviewFieldBuilder {
    type Output = ReviewField;
    fn finish(mut self) -> (ReviewField, Issues) {
        require(&self.inner.label, "label", &mut self.issues);
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
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
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);
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
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `description`.
        description(description: impl Into<String>) => Some(description);

        /// Wire `icon` (JSON; `null` unsets it).
        icon(icon: impl Into<Value>) => optional(icon);

        /// Wire `status`: `done`, `pending` or `not-done`.
        status(status: impl Into<String>) => Some(status);
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    setters! {
        /// Wire `tag`.
        tag(tag: impl Into<String>) => Some(tag);

        /// Wire `analyticsId`.
        analytics_id(analytics_id: impl Into<String>) => Some(analytics_id);
    }
}

item_extra!(StatusListItemBuilder);

impl Finish for StatusListItemBuilder {
    type Output = StatusListItem;
    fn finish(mut self) -> (StatusListItem, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}
