//! Components that hold components: `box`, `columns`, `section`, `tabs`, `modal`.

use flow_model::layout::{
    BoxLayout, ColumnsLayout, ModalContent, ModalLayout, ModalTrigger, SectionLayout, Tab, TabsLayout,
};
use flow_model::Size;

use crate::build::{finish_all, run, Finish};
use crate::input;
use crate::issues::{member, Issues};
use crate::layout::controls::finish_call_to_action;
use crate::layout::{item_extra, layout_kind, require, CallToActionBuilder, LayoutBuilder};

/// Runs `configure` on a fresh [`LayoutBuilder`] and appends its components.
fn append(
    list: &mut Vec<flow_model::Layout>,
    key: &str,
    issues: &mut Issues,
    configure: impl FnOnce(&mut LayoutBuilder),
) {
    let mut layout = LayoutBuilder::default();
    configure(&mut layout);
    layout.append_to(list, &member(key), issues);
}

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
    /// Wire `components`: appends the components `configure` adds.
    pub fn components(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        append(&mut self.inner.components, "components", &mut self.issues, configure);
        self
    }

    /// Wire `width`.
    pub fn width(&mut self, width: impl Into<Size>) -> &mut Self {
        self.inner.width = Some(input::size(width));
        self
    }

    /// Wire `border`.
    pub fn border(&mut self, border: bool) -> &mut Self {
        self.inner.border = Some(border);
        self
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
    /// Wire `left`: appends the components `configure` adds.
    pub fn left(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        append(&mut self.inner.left, "left", &mut self.issues, configure);
        self
    }

    /// Wire `right`: appends the components `configure` adds.
    pub fn right(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        append(&mut self.inner.right, "right", &mut self.issues, configure);
        self
    }

    /// Wire `bias`: `none`, `left` or `right`.
    pub fn bias(&mut self, bias: impl Into<String>) -> &mut Self {
        self.inner.bias = Some(bias.into());
        self
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
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `components`: appends the components `configure` adds.
    pub fn components(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        append(&mut self.inner.components, "components", &mut self.issues, configure);
        self
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
    /// Wire `title` (required).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = title.into();
        self
    }

    /// Wire `components`: appends the components `configure` adds.
    pub fn components(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        append(&mut self.inner.components, "components", &mut self.issues, configure);
        self
    }

    /// Wire `tag`.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.inner.tag = Some(tag.into());
        self
    }

    /// Wire `analyticsId`.
    pub fn analytics_id(&mut self, id: impl Into<String>) -> &mut Self {
        self.inner.analytics_id = Some(id.into());
        self
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
    /// Wire `title`: the trigger's text (older servers; see [`trigger`](Self::trigger)).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `trigger`: `{title}`, the control that opens the modal (current).
    pub fn trigger(&mut self, title: impl Into<String>) -> &mut Self {
        let mut trigger = ModalTrigger::default();
        trigger.title = title.into();
        self.inner.trigger = Some(trigger);
        self
    }

    /// Wire `content` (required): what the modal shows.
    pub fn content(&mut self, configure: impl FnOnce(&mut ModalContentBuilder)) -> &mut Self {
        let (value, issues) = run::<ModalContentBuilder>(configure);
        self.issues.replace(&member("content"), issues);
        self.inner.content = Some(value);
        self
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
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `components`: appends the components `configure` adds.
    pub fn components(&mut self, configure: impl FnOnce(&mut LayoutBuilder)) -> &mut Self {
        append(&mut self.inner.components, "components", &mut self.issues, configure);
        self
    }
}

item_extra!(ModalContentBuilder);

impl Finish for ModalContentBuilder {
    type Output = ModalContent;
    fn finish(self) -> (ModalContent, Issues) {
        (self.inner, self.issues)
    }
}
