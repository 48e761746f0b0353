//! [`Layout`]: what a step shows, in order (spec §6). Each kind is tagged by
//! `type`; kinds this crate does not know are kept as raw JSON.
//!
//! Every kind carries the common members `control`, `margin` and
//! `analyticsId`, plus an [`Extra`] map for members this crate does not know.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Number, Value};

use crate::common::{Align, Context, Size};
use crate::tagged::tagged_deserialize;
use crate::{Action, Behavior, Schema};

/// Defines a layout kind's struct: its own members plus the common ones,
/// absent members kept absent (see [`crate::sent`]).
macro_rules! layout_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        crate::sent::wire_struct! {
            $(#[$meta])*
            $name {
                $($(#[$fmeta])* $field: $ty,)*
                /// Wire `control`: a rendering hint; unknown values are ignored.
                control: Option<String>,
                /// Wire `margin`: space below the component.
                margin: Option<Size>,
                /// Wire `analyticsId`.
                analytics_id: Option<String>,
                /// Wire `tags`: identifiers that configure renderers.
                tags: Option<Vec<String>>,
            }
        }
    };
}

/// Defines a plain nested object (an item of a list, an option…).
macro_rules! item_struct {
    ($($body:tt)*) => {
        crate::sent::wire_struct! { $($body)* }
    };
}

/// Wire `Layout`: one component of a step, tagged by `type`.
///
/// ```
/// use flow_model::Layout;
/// let l: Layout = serde_json::from_str(r#"{"type": "paragraph", "text": "Hi", "align": "center"}"#)?;
/// assert!(matches!(l, Layout::Paragraph(ref p) if p.text == "Hi"));
/// let future: Layout = serde_json::from_str(r#"{"type": "hologram", "depth": 3}"#)?;
/// assert_eq!(future.type_name(), Some("hologram"));
/// assert_eq!(serde_json::to_value(&future)?, serde_json::json!({"type": "hologram", "depth": 3}));
/// # Ok::<(), serde_json::Error>(())
/// ```
// The variants' payloads are the public kind structs, matched and built by
// value; boxing them would make every match and constructor noisier for a
// few hundred bytes per element.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Layout {
    /// `"alert"`
    Alert(AlertLayout),
    /// `"box"`
    Box(BoxLayout),
    /// `"button"`
    Button(ButtonLayout),
    /// `"columns"`
    Columns(ColumnsLayout),
    /// `"decision"`
    Decision(DecisionLayout),
    /// `"divider"`
    Divider(DividerLayout),
    /// `"form"`
    Form(FormLayout),
    /// `"heading"`
    Heading(HeadingLayout),
    /// `"image"`
    Image(ImageLayout),
    /// `"info"` (1.x markdown block)
    Info(InfoLayout),
    /// `"instructions"`
    Instructions(InstructionsLayout),
    /// `"list"`
    List(ListLayout),
    /// `"loading-indicator"`
    LoadingIndicator(LoadingIndicatorLayout),
    /// `"markdown"`
    Markdown(MarkdownLayout),
    /// `"media"`
    Media(MediaLayout),
    /// `"modal"`
    Modal(ModalLayout),
    /// `"paragraph"`
    Paragraph(ParagraphLayout),
    /// `"progress"`
    Progress(ProgressLayout),
    /// `"review"`
    Review(ReviewLayout),
    /// `"search"`
    Search(SearchLayout),
    /// `"section"`
    Section(SectionLayout),
    /// `"status-list"`
    StatusList(StatusListLayout),
    /// `"tabs"`
    Tabs(TabsLayout),
    /// `"upsell"`
    Upsell(UpsellLayout),
    /// A kind this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

tagged_deserialize!(Layout, "type", "layout", {
    "alert" => Alert,
    "box" => Box,
    "button" => Button,
    "columns" => Columns,
    "decision" => Decision,
    "divider" => Divider,
    "form" => Form,
    "heading" => Heading,
    "image" => Image,
    "info" => Info,
    "instructions" => Instructions,
    "list" => List,
    "loading-indicator" => LoadingIndicator,
    "markdown" => Markdown,
    "media" => Media,
    "modal" => Modal,
    "paragraph" => Paragraph,
    "progress" => Progress,
    "review" => Review,
    "search" => Search,
    "section" => Section,
    "status-list" => StatusList,
    "tabs" => Tabs,
    "upsell" => Upsell,
});

impl Layout {
    /// The wire `type` (`None` for an unknown component without a string `type`).
    pub fn type_name(&self) -> Option<&str> {
        Some(match self {
            Layout::Alert(_) => "alert",
            Layout::Box(_) => "box",
            Layout::Button(_) => "button",
            Layout::Columns(_) => "columns",
            Layout::Decision(_) => "decision",
            Layout::Divider(_) => "divider",
            Layout::Form(_) => "form",
            Layout::Heading(_) => "heading",
            Layout::Image(_) => "image",
            Layout::Info(_) => "info",
            Layout::Instructions(_) => "instructions",
            Layout::List(_) => "list",
            Layout::LoadingIndicator(_) => "loading-indicator",
            Layout::Markdown(_) => "markdown",
            Layout::Media(_) => "media",
            Layout::Modal(_) => "modal",
            Layout::Paragraph(_) => "paragraph",
            Layout::Progress(_) => "progress",
            Layout::Review(_) => "review",
            Layout::Search(_) => "search",
            Layout::Section(_) => "section",
            Layout::StatusList(_) => "status-list",
            Layout::Tabs(_) => "tabs",
            Layout::Upsell(_) => "upsell",
            Layout::Unknown(raw) => return raw.get("type").and_then(Value::as_str),
        })
    }

    /// Child components directly inside this one, each with the wire path
    /// segment(s) that lead to it (e.g. `components/0`, `left/1`).
    pub fn children(&self) -> Vec<(String, &Layout)> {
        fn list<'a>(out: &mut Vec<(String, &'a Layout)>, prefix: &str, items: &'a [Layout]) {
            out.extend(items.iter().enumerate().map(|(i, l)| (format!("{prefix}/{i}"), l)));
        }
        let mut out = Vec::new();
        match self {
            Layout::Box(b) => list(&mut out, "components", &b.components),
            Layout::Columns(c) => {
                list(&mut out, "left", &c.left);
                list(&mut out, "right", &c.right);
            }
            Layout::Modal(m) => {
                if let Some(content) = &m.content {
                    list(&mut out, "content/components", &content.components);
                }
            }
            Layout::Section(s) => list(&mut out, "components", &s.components),
            Layout::Tabs(t) => {
                for (i, tab) in t.tabs.iter().enumerate() {
                    list(&mut out, &format!("tabs/{i}/components"), &tab.components);
                }
            }
            _ => {}
        }
        out
    }
}

/// One place in a component where the user can trigger something: a
/// `behavior` (current) and/or a 1.x `action`, found by [`Layout::triggers`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Trigger<'a> {
    /// JSON Pointer segments of the object that holds the members, relative
    /// to the component: `""` for the component itself, `options/2`,
    /// `callToAction`, `items/0/callToAction`.
    pub path: String,
    /// Wire `behavior` of the holder.
    pub behavior: Option<&'a Behavior>,
    /// Wire `action` of the holder (1.x).
    pub action: Option<&'a Action>,
    /// Whether the holder must trigger something (a button, a decision
    /// option, a call to action), as opposed to an optional one (a review's
    /// 1.x edit `action`).
    pub required: bool,
}

impl<'a> Trigger<'a> {
    /// `behavior`, else the 1.x `action` as an action behavior.
    pub fn resolve(&self) -> Option<Cow<'a, Behavior>> {
        Behavior::resolve(self.behavior, self.action)
    }
}

impl Layout {
    /// Every place in this component (not its children) where the user can
    /// trigger a behavior or 1.x action, in document order.
    ///
    /// ```
    /// use flow_model::Layout;
    /// let l: Layout = serde_json::from_str(r#"{"type": "decision", "options": [
    ///     {"title": "Card", "behavior": {"type": "action", "action": {"url": "/card", "id": "card"}}},
    ///     {"title": "Bank", "action": {"url": "/bank", "id": "bank"}}]}"#)?;
    /// let ids: Vec<String> = l.triggers().iter()
    ///     .filter_map(|t| t.resolve()?.as_action()?.id.clone()).collect();
    /// assert_eq!(ids, ["card", "bank"]);
    /// assert_eq!(l.triggers()[1].path, "options/1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn triggers(&self) -> Vec<Trigger<'_>> {
        fn cta<'a>(out: &mut Vec<Trigger<'a>>, path: String, c: Option<&'a CallToAction>) {
            if let Some(c) = c {
                out.push(Trigger {
                    path,
                    behavior: c.behavior.as_deref(),
                    action: c.action.as_deref(),
                    required: true,
                });
            }
        }
        let mut out = Vec::new();
        let here = "callToAction".to_owned();
        match self {
            Layout::Alert(a) => cta(&mut out, here, a.call_to_action.as_deref()),
            Layout::Button(b) => out.push(Trigger {
                path: String::new(),
                behavior: b.behavior.as_deref(),
                action: b.action.as_deref(),
                required: true,
            }),
            Layout::Decision(d) => {
                for (i, o) in d.options.iter().enumerate() {
                    out.push(Trigger {
                        path: format!("options/{i}"),
                        behavior: o.behavior.as_deref(),
                        action: o.action.as_deref(),
                        required: true,
                    });
                }
            }
            Layout::List(l) => {
                for (i, item) in l.items.iter().enumerate() {
                    cta(&mut out, format!("items/{i}/callToAction"), item.call_to_action.as_deref());
                }
                cta(&mut out, here, l.call_to_action.as_deref());
            }
            Layout::Progress(p) => cta(&mut out, here, p.call_to_action.as_deref()),
            Layout::Review(r) => {
                for (i, field) in r.fields.iter().enumerate() {
                    cta(&mut out, format!("fields/{i}/callToAction"), field.call_to_action.as_deref());
                }
                cta(&mut out, here, r.call_to_action.as_deref());
                if let Some(a) = &r.action {
                    out.push(Trigger {
                        path: String::new(),
                        behavior: None,
                        action: Some(a),
                        required: false,
                    });
                }
            }
            Layout::Section(s) => cta(&mut out, here, s.call_to_action.as_deref()),
            Layout::StatusList(s) => {
                for (i, item) in s.items.iter().enumerate() {
                    cta(&mut out, format!("items/{i}/callToAction"), item.call_to_action.as_deref());
                }
            }
            Layout::Upsell(u) => cta(&mut out, here, u.call_to_action.as_deref()),
            _ => {}
        }
        out
    }
}

/// Every behavior a component can trigger resolves through this: `behavior`
/// when present, else the 1.x `action` as an action behavior.
fn resolve<'a>(
    behavior: &'a Option<Box<Behavior>>,
    action: &'a Option<Box<Action>>,
) -> Option<Cow<'a, Behavior>> {
    Behavior::resolve(behavior.as_deref(), action.as_deref())
}

layout_struct! {
    /// Wire `{"type": "alert", markdown, context?, callToAction?}`; also the
    /// `alert` member of a schema (where `type` is often absent).
    AlertLayout {
        /// Wire `markdown`: the message.
        markdown: String,
        /// Wire `context`.
        context: Option<Context>,
        /// Wire `callToAction`: a link-like action under the message.
        call_to_action: Option<Box<CallToAction>>,
    }
}

layout_struct! {
    /// Wire `{"type": "box", components, width?, border?}`.
    BoxLayout {
        /// Wire `components`.
        components: Vec<Layout>,
        /// Wire `width`.
        width: Option<Size>,
        /// Wire `border`.
        border: Option<bool>,
    }
}

layout_struct! {
    /// Wire `{"type": "button", title, behavior | action, context?, disabled?, size?, pinOrder?}`.
    ///
    /// 1.x buttons carry `action` (with its own `title`); current ones `behavior`.
    ButtonLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `behavior` (current).
        behavior: Option<Box<Behavior>>,
        /// Wire `action` (1.x).
        action: Option<Box<Action>>,
        /// Wire `context`.
        context: Option<Context>,
        /// Wire `disabled`.
        disabled: Option<bool>,
        /// Wire `size`.
        size: Option<Size>,
        /// Wire `pinOrder`.
        pin_order: Option<i64>,
    }
}

impl ButtonLayout {
    /// The behavior this button triggers (`behavior`, else 1.x `action`).
    pub fn behavior(&self) -> Option<Cow<'_, Behavior>> {
        resolve(&self.behavior, &self.action)
    }

    /// The label: `title`, else the 1.x action's `title`/`label`.
    pub fn label(&self) -> &str {
        self.title.as_deref().or_else(|| self.action.as_deref().and_then(Action::legacy_title)).unwrap_or("")
    }
}

layout_struct! {
    /// Wire `{"type": "columns", left, right, bias?}`.
    ColumnsLayout {
        /// Wire `left`.
        left: Vec<Layout>,
        /// Wire `right`.
        right: Vec<Layout>,
        /// Wire `bias`: `none`, `left` or `right`.
        bias: Option<String>,
    }
}

layout_struct! {
    /// Wire `{"type": "decision", title?, options}`.
    DecisionLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `options`.
        options: Vec<DecisionOption>,
    }
}

item_struct! {
    /// Wire decision option: `{title, description?, behavior | action, disabled?, icon?, image?,
    /// media?, tag?, keywords?, additionalText?, supportingValues?, inlineAlert?, analyticsId?}`.
    ///
    /// The earliest 1.x servers sent `text` (description) and put the label on the
    /// action (`action.label`); see [`DecisionOption::label`].
    DecisionOption {
        /// Wire `title`.
        title: String,
        /// Wire `description`.
        description: Option<String>,
        /// Wire `behavior` (current).
        behavior: Option<Box<Behavior>>,
        /// Wire `action` (1.x).
        action: Option<Box<Action>>,
        /// Wire `disabled`.
        disabled: Option<bool>,
        /// Wire `icon`.
        icon: Option<Value>,
        /// Wire `image`.
        image: Option<Value>,
        /// Wire `media` (current): an avatar or image.
        media: Option<Value>,
        /// Wire `tag`: identifies the option to renderers and filters.
        tag: Option<String>,
        /// Wire `keywords`: extra search terms for filtered decisions.
        keywords: Option<Vec<String>>,
        /// Wire `additionalText`.
        additional_text: Option<String>,
        /// Wire `supportingValues`: `{value?, subvalue?}` shown at the end.
        supporting_values: Option<Value>,
        /// Wire `inlineAlert`: `{content, context?}`.
        inline_alert: Option<Value>,
        /// Wire `analyticsId`.
        analytics_id: Option<String>,
        /// Wire `text` (earliest 1.x): the option's description line.
        text: Option<String>,
    }
}

impl DecisionOption {
    /// The label: `title`, else the 1.x action's `title`/`label`, else the
    /// earliest 1.x `text` (spec §8 N.4).
    pub fn label(&self) -> &str {
        if !self.title.is_empty() {
            return &self.title;
        }
        self.action.as_deref().and_then(Action::legacy_title).or(self.text.as_deref()).unwrap_or("")
    }

    /// The behavior this option triggers (`behavior`, else 1.x `action`).
    pub fn behavior(&self) -> Option<Cow<'_, Behavior>> {
        resolve(&self.behavior, &self.action)
    }
}

layout_struct! {
    /// Wire `{"type": "divider"}`.
    DividerLayout {}
}

layout_struct! {
    /// Wire `{"type": "form", schemaId}` (current) or `{"type": "form", schema: {"$ref"}}` (1.x).
    FormLayout {
        /// Wire `schemaId`: the `$id` of the root schema to show.
        schema_id: Option<String>,
        /// Wire `schema` (1.x): `{"$ref": id}`, or (earliest 1.x) the schema itself.
        schema: Option<Box<Schema>>,
    }
}

impl FormLayout {
    /// The schema id this form shows: `schemaId`, else the 1.x `schema.$ref`.
    pub fn target_schema_id(&self) -> Option<&str> {
        self.schema_id.as_deref().or_else(|| self.schema_ref())
    }

    /// The `$ref` of a 1.x `schema: {"$ref": id}`.
    pub fn schema_ref(&self) -> Option<&str> {
        match self.schema.as_deref()? {
            Schema::Unknown(raw) => raw.get("$ref")?.as_str(),
            _ => None,
        }
    }

    /// The schema sent inside the form (earliest 1.x), when it is one and not a `$ref`.
    pub fn inline_schema(&self) -> Option<&Schema> {
        match self.schema.as_deref()? {
            Schema::Unknown(raw) if raw.get("$ref").is_some() => None,
            schema => Some(schema),
        }
    }
}

layout_struct! {
    /// Wire `{"type": "heading", text, size?, align?}`.
    HeadingLayout {
        /// Wire `text`.
        text: String,
        /// Wire `size`.
        size: Option<Size>,
        /// Wire `align`.
        align: Option<Align>,
    }
}

layout_struct! {
    /// Wire `{"type": "image", url | content, text? | accessibilityDescription?, size?, align?}`.
    ImageLayout {
        /// Wire `url`.
        url: Option<String>,
        /// Wire `text` (1.x alt text).
        text: Option<String>,
        /// Wire `accessibilityDescription`.
        accessibility_description: Option<String>,
        /// Wire `size`.
        size: Option<Size>,
        /// Wire `content`: an Image object (`{url | uri, accessibilityDescription?}`).
        content: Option<Box<Value>>,
        /// Wire `align`.
        align: Option<Align>,
    }
}

layout_struct! {
    /// Wire `{"type": "info", markdown, align?}` (1.x).
    InfoLayout {
        /// Wire `markdown`.
        markdown: String,
        /// Wire `align`.
        align: Option<Align>,
    }
}

layout_struct! {
    /// Wire `{"type": "instructions", title?, items: [{text, context}]}`.
    InstructionsLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `items`.
        items: Vec<InstructionItem>,
    }
}

item_struct! {
    /// Wire instruction item: `{text, context, tag?, analyticsId?}`.
    InstructionItem {
        /// Wire `text`.
        text: String,
        /// Wire `context`.
        context: Option<Context>,
        /// Wire `tag`.
        tag: Option<String>,
        /// Wire `analyticsId`.
        analytics_id: Option<String>,
    }
}

layout_struct! {
    /// Wire `{"type": "list", title?, items, callToAction?}`.
    ListLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `items`.
        items: Vec<ListItem>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
    }
}

item_struct! {
    /// Wire list item: `{title, description?, icon?, image?, media?, status?, subtitle?, value?,
    /// subvalue?, tag?, supportingValues?, additionalInfo?, inlineAlert?, callToAction?, analyticsId?}`.
    ListItem {
        /// Wire `title`.
        title: String,
        /// Wire `description`.
        description: Option<String>,
        /// Wire `icon`.
        icon: Option<Value>,
        /// Wire `image`.
        image: Option<Value>,
        /// Wire `status` (1.x).
        status: Option<String>,
        /// Wire `media` (current): an avatar or image.
        media: Option<Value>,
        /// Wire `subtitle`.
        subtitle: Option<String>,
        /// Wire `value` (1.x supporting value).
        value: Option<String>,
        /// Wire `subvalue` (1.x).
        subvalue: Option<String>,
        /// Wire `tag`.
        tag: Option<String>,
        /// Wire `supportingValues`: `{value?, subvalue?}`.
        supporting_values: Option<Value>,
        /// Wire `additionalInfo`: `{text, behavior?, accessibilityDescription?}`.
        additional_info: Option<Value>,
        /// Wire `inlineAlert`: `{content, context?}`.
        inline_alert: Option<Value>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
        /// Wire `analyticsId`.
        analytics_id: Option<String>,
    }
}

item_struct! {
    /// Wire `callToAction`: `{title, behavior | action, accessibilityDescription?}`.
    CallToAction {
        /// Wire `title`.
        title: String,
        /// Wire `behavior`.
        behavior: Option<Box<Behavior>>,
        /// Wire `action` (1.x).
        action: Option<Box<Action>>,
        /// Wire `accessibilityDescription`.
        accessibility_description: Option<String>,
    }
}

impl CallToAction {
    /// The behavior this call to action triggers.
    pub fn behavior(&self) -> Option<Cow<'_, Behavior>> {
        resolve(&self.behavior, &self.action)
    }
}

layout_struct! {
    /// Wire `{"type": "loading-indicator", size?}`.
    LoadingIndicatorLayout {
        /// Wire `size`.
        size: Option<Size>,
    }
}

layout_struct! {
    /// Wire `{"type": "markdown", content, align?, size?}`.
    MarkdownLayout {
        /// Wire `content`.
        content: String,
        /// Wire `align`.
        align: Option<Align>,
        /// Wire `size`: text size.
        size: Option<Size>,
    }
}

layout_struct! {
    /// Wire `{"type": "media", media, size?, align?}` (current): an avatar,
    /// illustration or image given as a Media object.
    MediaLayout {
        /// Wire `media`: the Media object (`{type: "avatar" | "image", ...}`).
        media: Value,
        /// Wire `size`.
        size: Option<Size>,
        /// Wire `align`.
        align: Option<Align>,
    }
}

layout_struct! {
    /// Wire `{"type": "modal", trigger: {title} | title?, content: {title?, components}}`: a
    /// trigger (a link-like control) that opens a modal.
    ModalLayout {
        /// Wire `title`: the trigger's text (older servers).
        title: Option<String>,
        /// Wire `content`.
        content: Option<Box<ModalContent>>,
        /// Wire `trigger`: `{title}`, the control that opens the modal.
        trigger: Option<ModalTrigger>,
    }
}

impl ModalLayout {
    /// The trigger's text: `trigger.title`, else `title`.
    pub fn trigger_title(&self) -> &str {
        self.trigger.as_ref().map(|t| t.title.as_str()).or(self.title.as_deref()).unwrap_or("")
    }
}

item_struct! {
    /// Wire modal trigger: `{title}`.
    ModalTrigger {
        /// Wire `title`.
        title: String,
    }
}

item_struct! {
    /// Wire modal content: `{title?, components}`.
    ModalContent {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `components`.
        components: Vec<Layout>,
    }
}

layout_struct! {
    /// Wire `{"type": "paragraph", text, align?}`.
    ParagraphLayout {
        /// Wire `text`.
        text: String,
        /// Wire `align`.
        align: Option<Align>,
    }
}

layout_struct! {
    /// Wire `{"type": "progress", title?, description?, progress, progressText?, help?,
    /// callToAction?}`: a progress bar.
    ProgressLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `description`.
        description: Option<String>,
        /// Wire `progress`: completion from 0 to 1.
        progress: Option<Number>,
        /// Wire `progressText`: the text shown with the bar.
        progress_text: Option<String>,
        /// Wire `help`: `{markdown}`.
        help: Option<Value>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
    }
}

layout_struct! {
    /// Wire `{"type": "review", title?, fields, callToAction? | action?, orientation?}`.
    ReviewLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `fields`.
        fields: Vec<ReviewField>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
        /// Wire `action` (1.x "edit" action).
        action: Option<Box<Action>>,
        /// Wire `orientation`.
        orientation: Option<String>,
        /// Wire `definitions` (early 1.x): the fields, as `{label, value}`.
        definitions: Vec<ReviewField>,
        /// Wire `text` (early 1.x): the title.
        text: Option<String>,
    }
}

impl ReviewLayout {
    /// The title: `title`, else the 1.x `text`.
    pub fn heading(&self) -> Option<&str> {
        self.title.as_deref().or(self.text.as_deref())
    }

    /// The fields: `fields`, else the 1.x `definitions`.
    pub fn entries(&self) -> &[ReviewField] {
        if self.fields.is_empty() {
            &self.definitions
        } else {
            &self.fields
        }
    }
}

item_struct! {
    /// Wire review field: `{label, value, help?, richValue?, subvalue?, tag?, icon?, image?,
    /// media?, callToAction?, additionalInfo?, inlineAlert?, analyticsId?}`.
    ReviewField {
        /// Wire `label`.
        label: String,
        /// Wire `value`.
        value: String,
        /// Wire `help`.
        help: Option<Value>,
        /// Wire `richValue`: the value as markdown.
        rich_value: Option<String>,
        /// Wire `subvalue`.
        subvalue: Option<String>,
        /// Wire `tag`.
        tag: Option<String>,
        /// Wire `icon`.
        icon: Option<Value>,
        /// Wire `image`.
        image: Option<Value>,
        /// Wire `media`.
        media: Option<Value>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
        /// Wire `additionalInfo`.
        additional_info: Option<Value>,
        /// Wire `inlineAlert`.
        inline_alert: Option<Value>,
        /// Wire `analyticsId`.
        analytics_id: Option<String>,
    }
}

layout_struct! {
    /// Wire `{"type": "search", title, url, method?, param, emptyMessage?}`.
    SearchLayout {
        /// Wire `title`.
        title: String,
        /// Wire `url`: where queries go.
        url: String,
        /// Wire `method`.
        method: Option<String>,
        /// Wire `param`: the query parameter name.
        param: String,
        /// Wire `emptyMessage`.
        empty_message: Option<String>,
        /// Wire `initialState`: what to show before the first query.
        initial_state: Option<Box<Value>>,
    }
}

layout_struct! {
    /// Wire `{"type": "section", title?, components, callToAction?}`.
    SectionLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `components`.
        components: Vec<Layout>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
    }
}

layout_struct! {
    /// Wire `{"type": "status-list", title?, items: [{title, description?, icon?, status?}]}`.
    StatusListLayout {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `items`.
        items: Vec<StatusListItem>,
    }
}

item_struct! {
    /// Wire status-list item: `{title, description?, icon?, status?}` (status:
    /// `done`, `pending`, `not-done`).
    StatusListItem {
        /// Wire `title`.
        title: String,
        /// Wire `description`.
        description: Option<String>,
        /// Wire `icon`.
        icon: Option<Value>,
        /// Wire `status`.
        status: Option<String>,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
        /// Wire `tag`.
        tag: Option<String>,
        /// Wire `analyticsId`.
        analytics_id: Option<String>,
    }
}

layout_struct! {
    /// Wire `{"type": "tabs", tabs: [{title, components}]}`.
    TabsLayout {
        /// Wire `tabs`.
        tabs: Vec<Tab>,
    }
}

item_struct! {
    /// Wire tab: `{title, components, tag?, analyticsId?}`.
    Tab {
        /// Wire `title`.
        title: String,
        /// Wire `components`.
        components: Vec<Layout>,
        /// Wire `tag`.
        tag: Option<String>,
        /// Wire `analyticsId`.
        analytics_id: Option<String>,
    }
}

layout_struct! {
    /// Wire `{"type": "upsell", text, callToAction, media?}` (current): a
    /// dismissable promotion.
    UpsellLayout {
        /// Wire `text`.
        text: String,
        /// Wire `callToAction`.
        call_to_action: Option<Box<CallToAction>>,
        /// Wire `media`.
        media: Option<Value>,
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod size {
    /// A parse moves each component several times and lists of components
    /// grow by doubling: keep the largest kind small by boxing large members
    /// that are rarely sent (it was 904 bytes).
    #[test]
    fn a_component_is_at_most_264_bytes() {
        assert!(std::mem::size_of::<super::Layout>() <= 264, "{}", std::mem::size_of::<super::Layout>());
    }
}
