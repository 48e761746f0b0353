//! Media, progress and spacing components: `image`, `media`, `progress`,
//! `upsell`, `divider`, `loading-indicator`.

use serde_json::Value;

use flow_model::layout::{
    DividerLayout, ImageLayout, LoadingIndicatorLayout, MediaLayout, ProgressLayout, UpsellLayout,
};

use crate::build::Finish;
use crate::input::IntoNumber;
use crate::issues::Issues;
use crate::layout::controls::finish_call_to_action;
use crate::layout::{layout_kind, require, CallToActionBuilder};
use crate::setters::setters;

/// Builds an `image`: `{url, text? (1.x alt text), accessibilityDescription?, size?}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let img = Layout::build(|l| {
///     l.image("https://example.com/ok.png").accessibility_description("A tick").size("sm");
/// })?;
/// assert_eq!(
///     serde_json::to_value(&img).unwrap(),
///     json!({"type": "image", "url": "https://example.com/ok.png",
///            "accessibilityDescription": "A tick", "size": "sm"}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ImageBuilder {
    inner: ImageLayout,
    issues: Issues,
}

impl ImageBuilder {
    pub(crate) fn new(url: String) -> Self {
        let mut builder = Self::default();
        builder.inner.url = Some(url);
        builder
    }

    setters! {
        /// Wire `url` (required).
        url(url: impl Into<String>) => Some(url);

        /// Wire `text` (1.x): the alternative text.
        text(text: impl Into<String>) => Some(text);

        /// Wire `accessibilityDescription` (current): the alternative text.
        accessibility_description(description: impl Into<String>) => Some(accessibility_description);

        /// Wire `size`.
        size(size: impl Into<Size>) => Some(size);

        /// Wire `content`: the image as an Image object (`{url | uri,
        /// accessibilityDescription?}`), instead of `url` (`null` unsets it).
        content(content: impl Into<Value>) => optional(content);

        /// Wire `align`.
        align(align: impl Into<Align>) => Some(align);
    }
}

impl Finish for ImageBuilder {
    type Output = ImageLayout;
    fn finish(self) -> (ImageLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(ImageBuilder => Image);

/// Builds a `divider`: `{}` (common members only).
#[derive(Debug, Default)]
pub struct DividerBuilder {
    inner: DividerLayout,
    issues: Issues,
}

impl Finish for DividerBuilder {
    type Output = DividerLayout;
    fn finish(self) -> (DividerLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(DividerBuilder => Divider);

/// Builds a `loading-indicator`: `{size?}`.
#[derive(Debug, Default)]
pub struct LoadingIndicatorBuilder {
    inner: LoadingIndicatorLayout,
    issues: Issues,
}

impl LoadingIndicatorBuilder {
    setters! {
        /// Wire `size`.
        size(size: impl Into<Size>) => Some(size);
    }
}

impl Finish for LoadingIndicatorBuilder {
    type Output = LoadingIndicatorLayout;
    fn finish(self) -> (LoadingIndicatorLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(LoadingIndicatorBuilder => LoadingIndicator);

/// Builds a `media` (current): `{media, size?, align?}`, the Media object
/// being `{"type": "avatar" | "image", …}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let avatar = Layout::build(|l| { l.media(json!({"type": "avatar", "content": [{"type": "initials", "value": "JD"}]})).size("lg"); })?;
/// assert_eq!(avatar.type_name(), Some("media"));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct MediaBuilder {
    inner: MediaLayout,
    issues: Issues,
}

impl MediaBuilder {
    pub(crate) fn new(media: Value) -> Self {
        let mut builder = Self::default();
        builder.inner.media = media;
        builder
    }

    setters! {
        /// Wire `media` (required): the Media object.
        media(media: impl Into<Value>) => media;

        /// Wire `size`.
        size(size: impl Into<Size>) => Some(size);

        /// Wire `align`.
        align(align: impl Into<Align>) => Some(align);
    }
}

impl Finish for MediaBuilder {
    type Output = MediaLayout;
    fn finish(self) -> (MediaLayout, Issues) {
        (self.inner, self.issues)
    }
}

layout_kind!(MediaBuilder => Media);

/// Builds a `progress` bar: `{title?, description?, progress, progressText?,
/// help?, callToAction?}` (`progress` from 0 to 1).
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let bar = Layout::build(|l| { l.progress(0.5).title("Verifying").progress_text("Half way"); })?;
/// assert_eq!(
///     serde_json::to_value(&bar).unwrap(),
///     json!({"type": "progress", "title": "Verifying", "progress": 0.5, "progressText": "Half way"}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ProgressBuilder {
    inner: ProgressLayout,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl ProgressBuilder {
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);

        /// Wire `description`.
        description(description: impl Into<String>) => Some(description);
    }

    /// Wire `progress`: completion from 0 to 1 (a finite number).
    pub fn progress(&mut self, progress: impl IntoNumber) -> &mut Self {
        crate::input::number(&mut self.inner.progress, "progress", progress, &mut self.issues);
        self
    }

    setters! {
        /// Wire `progressText`: the text shown with the bar.
        progress_text(text: impl Into<String>) => Some(progress_text);

        /// Wire `help`: `{markdown}` (JSON; `null` unsets it).
        help(help: impl Into<Value>) => optional(help);
    }

    /// Wire `callToAction`, titled `title`.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }
}

impl Finish for ProgressBuilder {
    type Output = ProgressLayout;
    fn finish(mut self) -> (ProgressLayout, Issues) {
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(ProgressBuilder => Progress);

/// Builds an `upsell` (current): `{text, callToAction, media?}`.
#[derive(Debug, Default)]
pub struct UpsellBuilder {
    inner: UpsellLayout,
    call_to_action: Option<CallToActionBuilder>,
    issues: Issues,
}

impl UpsellBuilder {
    pub(crate) fn new(text: String) -> Self {
        let mut builder = Self::default();
        builder.inner.text = text;
        builder
    }

    setters! {
        /// Wire `text` (required).
        text(text: impl Into<String>) => text;
    }

    /// Wire `callToAction` (required), titled `title`.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    setters! {
        /// Wire `media` (JSON; `null` unsets it).
        media(media: impl Into<Value>) => optional(media);
    }
}

impl Finish for UpsellBuilder {
    type Output = UpsellLayout;
    fn finish(mut self) -> (UpsellLayout, Issues) {
        require(&self.inner.text, "text", &mut self.issues);
        if self.call_to_action.is_none() {
            self.issues.at("callToAction", "required");
        }
        self.inner.call_to_action = finish_call_to_action(self.call_to_action, &mut self.issues);
        (self.inner, self.issues)
    }
}

layout_kind!(UpsellBuilder => Upsell);
