//! Layout builders (spec §6): [`LayoutBuilder`] adds components to a list
//! (a step's `layout`, a box's `components`, …); each kind has a builder for
//! its own members plus the common `control`, `margin` and `analyticsId`.
//!
//! Kind methods take the kind's one required member as an argument
//! (`paragraph(text)`, `form(schema_id)`) or, for kinds with several, a
//! closure (`button(|b| …)`). Every kind method returns the component's
//! builder, so it can be configured further by chaining.

mod collections;
mod containers;
mod controls;
mod media;
mod text;

pub use collections::{
    InstructionItemBuilder, InstructionsBuilder, ListBuilder, ListItemBuilder, ReviewBuilder,
    ReviewFieldBuilder, StatusListBuilder, StatusListItemBuilder,
};
pub use containers::{
    BoxBuilder, ColumnsBuilder, ModalBuilder, ModalContentBuilder, SectionBuilder, TabBuilder, TabsBuilder,
};
pub use controls::{
    ButtonBuilder, CallToActionBuilder, DecisionBuilder, DecisionOptionBuilder, FormBuilder, SearchBuilder,
};
pub use media::{
    DividerBuilder, ImageBuilder, LoadingIndicatorBuilder, MediaBuilder, ProgressBuilder, UpsellBuilder,
};
pub use text::{AlertBuilder, HeadingBuilder, InfoBuilder, MarkdownBuilder, ParagraphBuilder};

use serde_json::Value;

use flow_model::{Layout, Pointer};

use crate::build::Finish;
use crate::entry::{push_typed, Entry};
use crate::error::BuildError;
use crate::input::{IntoModel, IntoNumber, Placeholder};
use crate::issues::Issues;

/// A component builder stored in a [`LayoutBuilder`].
pub(crate) trait LayoutSource: Entry {
    fn finish_layout(self: Box<Self>) -> (Layout, Issues);
}

/// A finished (or failed) component given by value.
#[derive(Debug)]
struct Ready(Result<Layout, BuildError>);

impl LayoutSource for Ready {
    fn finish_layout(self: Box<Self>) -> (Layout, Issues) {
        let mut issues = Issues::default();
        match self.0 {
            Ok(layout) => (layout, issues),
            Err(error) => {
                issues.nest_error(&Pointer::root(), &error);
                (Layout::placeholder(), issues)
            }
        }
    }
}

/// Adds components, in order, to a list of [`Layout`]s.
///
/// Also the builder of `Layout::build(|l| …)`, which must add exactly one.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let step = Step::build(|s| {
///     s.id("intro").title("Intro");
///     s.layout(|l| {
///         l.heading("Welcome").size(Size::Lg);
///         l.paragraph("Two quick questions.").align(Align::Center).margin("xl");
///         l.divider();
///         l.raw(json!({"type": "hologram", "depth": 3})); // a kind the DSL does not know
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(step.layout()).unwrap(),
///     json!([
///         {"type": "heading", "text": "Welcome", "size": "lg"},
///         {"type": "paragraph", "text": "Two quick questions.", "align": "center", "margin": "xl"},
///         {"type": "divider"},
///         {"type": "hologram", "depth": 3}
///     ]),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct LayoutBuilder {
    entries: Vec<Box<dyn LayoutSource>>,
}

impl LayoutBuilder {
    fn add<B: LayoutSource>(&mut self, builder: B) -> &mut B {
        push_typed(&mut self.entries, builder, |b| Box::new(b))
    }

    fn add_with<B: LayoutSource + Default>(&mut self, configure: impl FnOnce(&mut B)) -> &mut B {
        let mut builder = B::default();
        configure(&mut builder);
        self.add(builder)
    }

    /// `alert`: a message with a tone ([`AlertBuilder::context`]).
    pub fn alert(&mut self, markdown: impl Into<String>) -> &mut AlertBuilder {
        self.add(AlertBuilder::new(markdown.into()))
    }

    /// `box`: components grouped in a box (named `box_`: `box` is a Rust keyword).
    pub fn box_(&mut self, configure: impl FnOnce(&mut BoxBuilder)) -> &mut BoxBuilder {
        self.add_with(configure)
    }

    /// `button`: give it a `title` and a `behavior` (current) or an `action` (1.x).
    pub fn button(&mut self, configure: impl FnOnce(&mut ButtonBuilder)) -> &mut ButtonBuilder {
        self.add_with(configure)
    }

    /// `columns`: components side by side.
    pub fn columns(&mut self, configure: impl FnOnce(&mut ColumnsBuilder)) -> &mut ColumnsBuilder {
        self.add_with(configure)
    }

    /// `decision`: a list of options, each with its own behavior.
    pub fn decision(&mut self, configure: impl FnOnce(&mut DecisionBuilder)) -> &mut DecisionBuilder {
        self.add_with(configure)
    }

    /// `divider`.
    pub fn divider(&mut self) -> &mut DividerBuilder {
        self.add(DividerBuilder::default())
    }

    /// `form` (current): shows the root schema whose `$id` is `schema_id`.
    pub fn form(&mut self, schema_id: impl Into<String>) -> &mut FormBuilder {
        self.add(FormBuilder::with_schema_id(schema_id.into()))
    }

    /// `form` (1.x): `{"schema": {"$ref": schema_id}}`.
    pub fn form_ref(&mut self, schema_id: impl Into<String>) -> &mut FormBuilder {
        self.add(FormBuilder::with_schema_ref(schema_id.into()))
    }

    /// `heading`.
    pub fn heading(&mut self, text: impl Into<String>) -> &mut HeadingBuilder {
        self.add(HeadingBuilder::new(text.into()))
    }

    /// `image`.
    pub fn image(&mut self, url: impl Into<String>) -> &mut ImageBuilder {
        self.add(ImageBuilder::new(url.into()))
    }

    /// `image` given as an Image object (`{url | uri, accessibilityDescription?}`)
    /// in `content` rather than a `url`.
    pub fn image_content(&mut self, content: Value) -> &mut ImageBuilder {
        let mut builder = ImageBuilder::default();
        builder.content(content);
        self.add(builder)
    }

    /// `info` (1.x): a markdown block.
    pub fn info(&mut self, markdown: impl Into<String>) -> &mut InfoBuilder {
        self.add(InfoBuilder::new(markdown.into()))
    }

    /// `instructions`: a titled list of do's and don'ts.
    pub fn instructions(
        &mut self,
        configure: impl FnOnce(&mut InstructionsBuilder),
    ) -> &mut InstructionsBuilder {
        self.add_with(configure)
    }

    /// `list`: items with an optional call to action.
    pub fn list(&mut self, configure: impl FnOnce(&mut ListBuilder)) -> &mut ListBuilder {
        self.add_with(configure)
    }

    /// `loading-indicator`.
    pub fn loading_indicator(&mut self) -> &mut LoadingIndicatorBuilder {
        self.add(LoadingIndicatorBuilder::default())
    }

    /// `markdown`.
    pub fn markdown(&mut self, content: impl Into<String>) -> &mut MarkdownBuilder {
        self.add(MarkdownBuilder::new(content.into()))
    }

    /// `media` (current): an avatar, illustration or image as a Media object
    /// (`{"type": "avatar" | "image", …}`).
    pub fn media(&mut self, media: Value) -> &mut MediaBuilder {
        self.add(MediaBuilder::new(media))
    }

    /// `modal`: a trigger that opens a modal with its own components.
    pub fn modal(&mut self, configure: impl FnOnce(&mut ModalBuilder)) -> &mut ModalBuilder {
        self.add_with(configure)
    }

    /// `paragraph`.
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut ParagraphBuilder {
        self.add(ParagraphBuilder::new(text.into()))
    }

    /// `progress`: a progress bar, `progress` being the completion from 0 to 1.
    pub fn progress(&mut self, progress: impl IntoNumber) -> &mut ProgressBuilder {
        let mut builder = ProgressBuilder::default();
        builder.progress(progress);
        self.add(builder)
    }

    /// `review`: label/value pairs, e.g. a summary before paying.
    pub fn review(&mut self, configure: impl FnOnce(&mut ReviewBuilder)) -> &mut ReviewBuilder {
        self.add_with(configure)
    }

    /// `search`: a search box backed by a URL (`title`, `url`, `param` required).
    pub fn search(&mut self, configure: impl FnOnce(&mut SearchBuilder)) -> &mut SearchBuilder {
        self.add_with(configure)
    }

    /// `section`: titled group of components.
    pub fn section(&mut self, configure: impl FnOnce(&mut SectionBuilder)) -> &mut SectionBuilder {
        self.add_with(configure)
    }

    /// `status-list`: items each with a status (`done`, `pending`, `not-done`).
    pub fn status_list(&mut self, configure: impl FnOnce(&mut StatusListBuilder)) -> &mut StatusListBuilder {
        self.add_with(configure)
    }

    /// `tabs`.
    pub fn tabs(&mut self, configure: impl FnOnce(&mut TabsBuilder)) -> &mut TabsBuilder {
        self.add_with(configure)
    }

    /// `upsell` (current): a dismissable promotion with a call to action.
    pub fn upsell(&mut self, text: impl Into<String>) -> &mut UpsellBuilder {
        self.add(UpsellBuilder::new(text.into()))
    }

    /// A whole component as raw JSON, for kinds the DSL does not know yet.
    ///
    /// It is read like a client would read it: an unknown `type` stays raw;
    /// a known one must have that kind's shape, or the build reports where not.
    pub fn raw(&mut self, component: Value) -> &mut Self {
        self.push(component)
    }

    /// Adds a finished component (or another build's result, or raw JSON).
    pub fn push(&mut self, component: impl IntoModel<Layout>) -> &mut Self {
        self.add(Ready(component.into_model()));
        self
    }

    /// Finishes every component into `list`, problems under `at/<index>`.
    pub(crate) fn append_to(self, list: &mut Vec<Layout>, at: &Pointer, issues: &mut Issues) {
        for entry in self.entries {
            let (layout, found) = entry.finish_layout();
            if !found.is_empty() {
                issues.nest(&at.index(list.len()), found);
            }
            list.push(layout);
        }
    }
}

impl Finish for LayoutBuilder {
    type Output = Layout;
    fn finish(self) -> (Layout, Issues) {
        let mut issues = Issues::default();
        let count = self.entries.len();
        let mut list = Vec::with_capacity(count);
        // Problems of the single component are located at the root.
        for entry in self.entries {
            let (layout, found) = entry.finish_layout();
            issues.nest(&Pointer::root(), found);
            list.push(layout);
        }
        match (count, list.pop()) {
            (1, Some(layout)) => (layout, issues),
            _ => {
                issues.here(format!("expected exactly one component, got {count}"));
                (Layout::placeholder(), issues)
            }
        }
    }
}

/// Adds the common layout members and the [`LayoutSource`] glue to a kind builder.
macro_rules! layout_kind {
    ($builder:ident => $variant:ident) => {
        impl $builder {
            crate::setters::setters! {
                /// Wire `control`: a rendering hint; unknown values are ignored.
                control(control: impl Into<String>) => Some(control);

                /// Wire `margin`: space below the component (a `Size` or its
                /// wire spelling, e.g. `"md"`).
                margin(margin: impl Into<Size>) => Some(margin);

                /// Wire `analyticsId`.
                analytics_id(id: impl Into<String>) => Some(analytics_id);

                /// Wire `tags`: appends identifiers that configure renderers.
                tags<S: Into<String>>(tags: impl IntoIterator<Item = S>) => append(tags);
            }

            /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
            /// unknown to the model, it is kept as an extra member; known, it is read into its field.
            pub fn extra(
                &mut self,
                key: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> &mut Self {
                crate::members::set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
                self
            }
        }

        impl crate::layout::LayoutSource for $builder {
            fn finish_layout(self: Box<Self>) -> (flow_model::Layout, crate::issues::Issues) {
                let (value, issues) = crate::build::Finish::finish(*self);
                (flow_model::Layout::$variant(value), issues)
            }
        }
    };
}
pub(crate) use layout_kind;

/// Adds `extra` to an item builder (list item, option, tab…).
macro_rules! item_extra {
    ($builder:ident) => {
        impl $builder {
            /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
            /// unknown to the model, it is kept as an extra member; known, it is read into its field.
            pub fn extra(
                &mut self,
                key: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> &mut Self {
                crate::members::set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
                self
            }
        }
    };
}
pub(crate) use item_extra;

/// Adds `behavior`, `behavior_with` and the 1.x `action`, `action_value`
/// to a builder whose model has `behavior` and `action` members.
macro_rules! behavior_members {
    ($builder:ident) => {
        impl $builder {
            crate::setters::setters! {
                /// Wire `behavior` (current): any behavior, finished or raw JSON.
                behavior(behavior: impl IntoModel<flow_model::Behavior>) => Some(Box::new(behavior)) at "behavior";

                /// Wire `behavior` (current), built with a [`BehaviorBuilder`](crate::BehaviorBuilder).
                behavior_with(configure: impl FnOnce(&mut crate::behavior::BehaviorBuilder))
                    => Some(Box::new(behavior)) at "behavior";

                /// Wire `action` (1.x): what older servers send instead of `behavior`.
                action(configure: impl FnOnce(&mut crate::action::ActionBuilder)) => Some(Box::new(action)) at "action";

                /// Wire `action` (1.x), from a finished action.
                action_value(action: impl IntoModel<flow_model::Action>) => Some(Box::new(action)) at "action";
            }
        }
    };
}
pub(crate) use behavior_members;

/// Records "required" at `key` when `value` is empty.
pub(crate) fn require(value: &str, key: &str, issues: &mut Issues) {
    if value.is_empty() {
        issues.at(key, "required");
    }
}
