//! Text components: `alert`, `heading`, `info`, `markdown`, `paragraph`.

use flow_model::layout::{AlertLayout, HeadingLayout, InfoLayout, MarkdownLayout, ParagraphLayout};

use crate::build::Finish;
use crate::issues::Issues;
use crate::layout::controls::finish_call_to_action;
use crate::layout::{layout_kind, require, CallToActionBuilder};
use crate::setters::setters;

/// Builds an `alert`: `{markdown, context?}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let alert = Layout::build(|l| { l.alert("Card **expired**").context(Context::Warning); })?;
/// assert_eq!(
///     serde_json::to_value(&alert).unwrap(),
///     json!({"type": "alert", "markdown": "Card **expired**", "context": "warning"}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct AlertBuilder {
    inner: AlertLayout,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl AlertBuilder {
    pub(crate) fn new(markdown: String) -> Self {
        let mut builder = Self::default();
        builder.inner.markdown = markdown;
        builder
    }

    setters! {
        /// Wire `markdown` (required): the message.
        markdown(markdown: impl Into<String>) => markdown;

        /// Wire `context`: the tone (`positive`, `negative`, `neutral`, `warning`).
        context(context: impl Into<Context>) => Some(context);
    }

    /// Wire `callToAction`, titled `title`: a link-like action under the message.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    /// Finishes the alert (also the `alert` member of a schema).
    pub(crate) fn finish_alert(mut self) -> (AlertLayout, Issues) {
        require(&self.inner.markdown, "markdown", &mut self.issues);
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}

impl Finish for AlertBuilder {
    type Output = AlertLayout;
    fn finish(self) -> (AlertLayout, Issues) {
        self.finish_alert()
    }
}

layout_kind!(AlertBuilder => Alert);

/// Builds a `heading`: `{text, size?, align?}`.
#[derive(Debug, Default)]
pub struct HeadingBuilder {
    inner: HeadingLayout,
    issues: Issues,
}

impl HeadingBuilder {
    pub(crate) fn new(text: String) -> Self {
        let mut builder = Self::default();
        builder.inner.text = text;
        builder
    }

    setters! {
        /// Wire `text` (required).
        text(text: impl Into<String>) => text;

        /// Wire `size`.
        size(size: impl Into<Size>) => Some(size);

        /// Wire `align`.
        align(align: impl Into<Align>) => Some(align);
    }
}

impl Finish for HeadingBuilder {
    type Output = HeadingLayout;
    fn finish(mut self) -> (HeadingLayout, Issues) {
        require(&self.inner.text, "text", &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(HeadingBuilder => Heading);

/// Builds an `info` (1.x markdown block): `{markdown, align?}`.
#[derive(Debug, Default)]
pub struct InfoBuilder {
    inner: InfoLayout,
    issues: Issues,
}

impl InfoBuilder {
    pub(crate) fn new(markdown: String) -> Self {
        let mut builder = Self::default();
        builder.inner.markdown = markdown;
        builder
    }

    setters! {
        /// Wire `markdown` (required).
        markdown(markdown: impl Into<String>) => markdown;

        /// Wire `align`.
        align(align: impl Into<Align>) => Some(align);
    }
}

impl Finish for InfoBuilder {
    type Output = InfoLayout;
    fn finish(mut self) -> (InfoLayout, Issues) {
        require(&self.inner.markdown, "markdown", &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(InfoBuilder => Info);

/// Builds a `markdown`: `{content, align?}`.
#[derive(Debug, Default)]
pub struct MarkdownBuilder {
    inner: MarkdownLayout,
    issues: Issues,
}

impl MarkdownBuilder {
    pub(crate) fn new(content: String) -> Self {
        let mut builder = Self::default();
        builder.inner.content = content;
        builder
    }

    setters! {
        /// Wire `size`: the text size.
        size(size: impl Into<Size>) => Some(size);

        /// Wire `content` (required).
        content(content: impl Into<String>) => content;

        /// Wire `align`.
        align(align: impl Into<Align>) => Some(align);
    }
}

impl Finish for MarkdownBuilder {
    type Output = MarkdownLayout;
    fn finish(mut self) -> (MarkdownLayout, Issues) {
        require(&self.inner.content, "content", &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(MarkdownBuilder => Markdown);

/// Builds a `paragraph`: `{text, align?}`.
#[derive(Debug, Default)]
pub struct ParagraphBuilder {
    inner: ParagraphLayout,
    issues: Issues,
}

impl ParagraphBuilder {
    pub(crate) fn new(text: String) -> Self {
        let mut builder = Self::default();
        builder.inner.text = text;
        builder
    }

    setters! {
        /// Wire `text` (required).
        text(text: impl Into<String>) => text;

        /// Wire `align`.
        align(align: impl Into<Align>) => Some(align);
    }
}

impl Finish for ParagraphBuilder {
    type Output = ParagraphLayout;
    fn finish(mut self) -> (ParagraphLayout, Issues) {
        require(&self.inner.text, "text", &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(ParagraphBuilder => Paragraph);
