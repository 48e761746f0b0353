//! Components that hold components: `box`, `columns`, `section`, `tabs`, `modal`.

use flow_model::layout::{
    BoxLayout, ColumnsLayout, ModalContent, ModalLayout, ModalTrigger, SectionLayout, Tab, TabsLayout,
};

use crate::build::{finish_all, Finish};
use crate::issues::{member, Issues};
use crate::layout::controls::finish_call_to_action;
use crate::layout::{item_extra, layout_kind, require, CallToActionBuilder, LayoutBuilder};
use crate::setters::setters;

/// Builds a `box`: `{components, width?, border?}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let boxed = Layout::build(|l| {
///     l.box_(|b| {
///         b.border(true).width("md");
///         b.components(|c| { c.paragraph("Inside"); });
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&boxed).unwrap(),
///     json!({"type": "box", "components": [{"type": "paragraph", "text": "Inside"}],
///            "width": "md", "border": true}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct BoxBuilder {
    inner: BoxLayout,
    issues: Issues,
}

impl BoxBuilder {
    setters! {
        /// Wire `components`: appends the components `configure` adds.
        components(configure: impl FnOnce(&mut LayoutBuilder)) => append(components) at "components";

        /// Wire `width`.
        width(width: impl Into<Size>) => Some(width);

        /// Wire `border`.
        border(border: bool) => Some(border);
    }
}

impl Finish for BoxBuilder {
    type Output = BoxLayout;
    fn finish(self) -> (BoxLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(BoxBuilder => Box);

/// Builds `columns`: `{left, right, bias?}`.
#[derive(Debug, Default)]
pub struct ColumnsBuilder {
    inner: ColumnsLayout,
    issues: Issues,
}

impl ColumnsBuilder {
    setters! {
        /// Wire `left`: appends the components `configure` adds.
        left(configure: impl FnOnce(&mut LayoutBuilder)) => append(left) at "left";

        /// Wire `right`: appends the components `configure` adds.
        right(configure: impl FnOnce(&mut LayoutBuilder)) => append(right) at "right";

        /// Wire `bias`: `none`, `left` or `right`.
        bias(bias: impl Into<String>) => Some(bias);
    }
}

impl Finish for ColumnsBuilder {
    type Output = ColumnsLayout;
    fn finish(self) -> (ColumnsLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(ColumnsBuilder => Columns);

/// Builds a `section`: `{title?, components, callToAction?}`.
#[derive(Debug, Default)]
pub struct SectionBuilder {
    inner: SectionLayout,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl SectionBuilder {
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);

        /// Wire `components`: appends the components `configure` adds.
        components(configure: impl FnOnce(&mut LayoutBuilder)) => append(components) at "components";
    }

    /// Wire `callToAction`, titled `title`: configure its behavior on the
    /// returned builder.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }
}

impl Finish for SectionBuilder {
    type Output = SectionLayout;
    fn finish(mut self) -> (SectionLayout, Issues) {
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(SectionBuilder => Section);

/// Builds `tabs`: `{tabs: [{title, components}]}`.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let tabs = Layout::build(|l| {
///     l.tabs(|t| {
///         t.tab("Fees").components(|c| { c.paragraph("No fees."); });
///         t.tab("Limits").components(|c| { c.paragraph("Up to 1M."); });
///     });
/// })?;
/// assert_eq!(tabs.children().len(), 2);
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct TabsBuilder {
    inner: TabsLayout,
    tabs: Vec<TabBuilder>,
    issues: Issues,
}

impl TabsBuilder {
    /// Wire `tabs`: appends a tab titled `title`; add its components on the
    /// returned builder.
    pub fn tab(&mut self, title: impl Into<String>) -> &mut TabBuilder {
        let index = self.tabs.len();
        let mut tab = TabBuilder::default();
        tab.inner.title = title.into();
        self.tabs.push(tab);
        &mut self.tabs[index]
    }
}

impl Finish for TabsBuilder {
    type Output = TabsLayout;
    fn finish(mut self) -> (TabsLayout, Issues) {
        finish_all(self.tabs, &mut self.inner.tabs, &member("tabs"), &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(TabsBuilder => Tabs);

/// Builds one tab of a `tabs`: `{title, components}`.
#[derive(Debug, Default)]
pub struct TabBuilder {
    inner: Tab,
    issues: Issues,
}

impl TabBuilder {
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `components`: appends the components `configure` adds.
        components(configure: impl FnOnce(&mut LayoutBuilder)) => append(components) at "components";

        /// Wire `tag`.
        tag(tag: impl Into<String>) => Some(tag);

        /// Wire `analyticsId`.
        analytics_id(id: impl Into<String>) => Some(analytics_id);
    }
}

item_extra!(TabBuilder);

impl Finish for TabBuilder {
    type Output = Tab;
    fn finish(mut self) -> (Tab, Issues) {
        require(&self.inner.title, "title", &mut self.issues);
        (self.inner, self.issues)
    }
}

/// Builds a `modal` component: a trigger titled `title` that opens
/// `content` (required).
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let modal = Layout::build(|l| {
///     l.modal(|m| {
///         m.title("What is this?");
///         m.content(|c| { c.title("Fees"); c.components(|l| { l.paragraph("None."); }); });
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&modal).unwrap(),
///     json!({"type": "modal", "title": "What is this?",
///            "content": {"title": "Fees", "components": [{"type": "paragraph", "text": "None."}]}}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ModalBuilder {
    inner: ModalLayout,
    issues: Issues,
}

impl ModalBuilder {
    setters! {
        /// Wire `title`: the trigger's text (older servers; see [`trigger`](Self::trigger)).
        title(title: impl Into<String>) => Some(title);
    }

    /// Wire `trigger`: `{title}`, the control that opens the modal (current).
    pub fn trigger(&mut self, title: impl Into<String>) -> &mut Self {
        let mut trigger = ModalTrigger::default();
        trigger.title = title.into();
        self.inner.trigger = Some(trigger);
        self
    }

    setters! {
        /// Wire `content` (required): what the modal shows.
        content(configure: impl FnOnce(&mut ModalContentBuilder)) => Some(Box::new(content)) at "content";
    }
}

impl Finish for ModalBuilder {
    type Output = ModalLayout;
    fn finish(self) -> (ModalLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(ModalBuilder => Modal);

/// Builds a `modal` component's `content`: `{title?, components}`.
#[derive(Debug, Default)]
pub struct ModalContentBuilder {
    inner: ModalContent,
    issues: Issues,
}

impl ModalContentBuilder {
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);

        /// Wire `components`: appends the components `configure` adds.
        components(configure: impl FnOnce(&mut LayoutBuilder)) => append(components) at "components";
    }
}

item_extra!(ModalContentBuilder);

impl Finish for ModalContentBuilder {
    type Output = ModalContent;
    fn finish(self) -> (ModalContent, Issues) {
        (self.inner, self.issues)
    }
}
