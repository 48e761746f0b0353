//! Media, progress and spacing components: `image`, `media`, `progress`,
//! `upsell`, `divider`, `loading-indicator`.

use serde_json::Value;

use flow_model::layout::{
    DividerLayout, ImageLayout, LoadingIndicatorLayout, MediaLayout, ProgressLayout, UpsellLayout,
};
use flow_model::{Align, Size};

use crate::build::Finish;
use crate::input::{self, optional_value, IntoNumber};
use crate::issues::Issues;
use crate::layout::controls::finish_call_to_action;
use crate::layout::{layout_kind, require, CallToActionBuilder};

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

    /// Wire `url` (required).
    pub fn url(&mut self, url: impl Into<String>) -> &mut Self {
        self.inner.url = Some(url.into());
        self
    }

    /// Wire `text` (1.x): the alternative text.
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.inner.text = Some(text.into());
        self
    }

    /// Wire `accessibilityDescription` (current): the alternative text.
    pub fn accessibility_description(&mut self, description: impl Into<String>) -> &mut Self {
        self.inner.accessibility_description = Some(description.into());
        self
    }

    /// Wire `size`.
    pub fn size(&mut self, size: impl Into<Size>) -> &mut Self {
        self.inner.size = Some(input::size(size));
        self
    }

    /// Wire `content`: the image as an Image object (`{url | uri,
    /// accessibilityDescription?}`), instead of `url` (`null` unsets it).
    pub fn content(&mut self, content: impl Into<Value>) -> &mut Self {
        self.inner.content = optional_value(content);
        self
    }

    /// Wire `align`.
    pub fn align(&mut self, align: impl Into<Align>) -> &mut Self {
        self.inner.align = Some(input::align(align));
        self
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
    /// Wire `size`.
    pub fn size(&mut self, size: impl Into<Size>) -> &mut Self {
        self.inner.size = Some(input::size(size));
        self
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

    /// Wire `media` (required): the Media object.
    pub fn media(&mut self, media: impl Into<Value>) -> &mut Self {
        self.inner.media = media.into();
        self
    }

    /// Wire `size`.
    pub fn size(&mut self, size: impl Into<Size>) -> &mut Self {
        self.inner.size = Some(input::size(size));
        self
    }

    /// Wire `align`.
    pub fn align(&mut self, align: impl Into<Align>) -> &mut Self {
        self.inner.align = Some(input::align(align));
        self
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
    /// Wire `title`.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Wire `description`.
    pub fn description(&mut self, description: impl Into<String>) -> &mut Self {
        self.inner.description = Some(description.into());
        self
    }

    /// Wire `progress`: completion from 0 to 1 (a finite number).
    pub fn progress(&mut self, progress: impl IntoNumber) -> &mut Self {
        crate::input::number(&mut self.inner.progress, "progress", progress, &mut self.issues);
        self
    }

    /// Wire `progressText`: the text shown with the bar.
    pub fn progress_text(&mut self, text: impl Into<String>) -> &mut Self {
        self.inner.progress_text = Some(text.into());
        self
    }

    /// Wire `help`: `{markdown}` (JSON; `null` unsets it).
    pub fn help(&mut self, help: impl Into<Value>) -> &mut Self {
        self.inner.help = optional_value(help);
        self
    }

    /// Wire `callToAction`, titled `title`.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }
}

impl Finish for ProgressBuilder {
    type Output = ProgressLayout;
    fn finish(mut self) -> (ProgressLayout, Issues) {
        self.inner.call_to_action =
            finish_call_to_action(self.call_to_action, &mut self.issues).map(Box::new);
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

    /// Wire `text` (required).
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.inner.text = text.into();
        self
    }

    /// Wire `callToAction` (required), titled `title`.
    pub fn call_to_action(&mut self, title: impl Into<String>) -> &mut CallToActionBuilder {
        self.call_to_action.insert(CallToActionBuilder::new(title.into()))
    }

    /// Wire `media` (JSON; `null` unsets it).
    pub fn media(&mut self, media: impl Into<Value>) -> &mut Self {
        self.inner.media = optional_value(media);
        self
    }
}

impl Finish for UpsellBuilder {
    type Output = UpsellLayout;
    fn finish(mut self) -> (UpsellLayout, Issues) {
        require(&self.inner.text, "text", &mut self.issues);
        if self.call_to_action.is_none() {
            self.issues.at("callToAction", "required");
        }
        self.inner.call_to_action =
            finish_call_to_action(self.call_to_action, &mut self.issues).map(Box::new);
        (self.inner, self.issues)
    }
}

layout_kind!(UpsellBuilder => Upsell);
