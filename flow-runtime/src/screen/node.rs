//! [`Node`]: one component of a [`Screen`](super::Screen), as a shell
//! shows it. Every layout kind the model knows has its node; containers
//! (box, columns, section, tabs, modal) hold their children; a component
//! the model does not know is an [`UnknownNode`] with its raw JSON.

use serde::Serialize;
use serde_json::Value;

use super::field::Field;
use super::trigger::{ScreenChoice, Trigger};

/// One component of a screen, tagged by `type` when serialized.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Node {
    /// A heading.
    Heading(HeadingNode),
    /// A plain paragraph.
    Paragraph(TextNode),
    /// Markdown text.
    Markdown(MarkdownNode),
    /// The 1.x `info` block (markdown).
    Info(MarkdownNode),
    /// A message with a context (positive, negative, warning, neutral).
    Alert(AlertNode),
    /// An image (or a `media` component).
    Image(ImageNode),
    /// Label / value pairs.
    Review(ReviewNode),
    /// Options, each a choice.
    Decision(DecisionNode),
    /// A button.
    Button(ButtonNode),
    /// Items with a status.
    StatusList(StatusListNode),
    /// Items.
    List(ListNode),
    /// Numbered instructions.
    Instructions(InstructionsNode),
    /// Something is loading.
    LoadingIndicator,
    /// A progress bar.
    Progress(ProgressNode),
    /// A promotion with its call to action.
    Upsell(UpsellNode),
    /// A search box (the shell runs the queries).
    Search(SearchNode),
    /// Two columns.
    Columns(ColumnsNode),
    /// A box around its children.
    Box(ContainerNode),
    /// A titled section.
    Section(SectionNode),
    /// Tabs, each with its children.
    Tabs(TabsNode),
    /// A control that opens a modal with its children.
    Modal(ModalNode),
    /// A divider.
    Divider,
    /// A form: its fields.
    Form(FormNode),
    /// A component kind the model does not know.
    Unknown(UnknownNode),
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HeadingNode {
    /// The text.
    pub text: String,
    /// The size hint (`xs` … `xl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}

/// Plain text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TextNode {
    /// The text.
    pub text: String,
}

/// Markdown text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MarkdownNode {
    /// The markdown.
    pub content: String,
}

/// An alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AlertNode {
    /// The message (markdown).
    pub markdown: String,
    /// The context as sent (`positive`, `negative`, `warning`, `neutral`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// An image.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImageNode {
    /// Where the image is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its text alternative (`accessibilityDescription`, else the 1.x `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A review: label / value pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReviewNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The pairs.
    pub fields: Vec<ReviewFieldNode>,
    /// Its call to action (or the 1.x edit action, titled `Edit` when untitled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// One pair of a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReviewFieldNode {
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
    /// Help text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// A decision: options to pick from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecisionNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The options.
    pub options: Vec<DecisionOptionNode>,
}

/// One option of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecisionOptionNode {
    /// The title (the 1.x action's label when untitled).
    pub title: String,
    /// The description (the earliest 1.x `text` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether it is disabled (also when it triggers nothing).
    pub disabled: bool,
    /// What picking it does (`None`: it triggers nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
}

/// A button, or a call to action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ButtonNode {
    /// The title (the 1.x action's title when untitled).
    pub title: String,
    /// The context as sent (`positive`, `negative`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Whether it is disabled (also when it triggers nothing).
    pub disabled: bool,
    /// What pressing it does (`None`: it triggers nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
}

/// A status list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StatusListNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The items.
    pub items: Vec<StatusItemNode>,
}

/// One item of a status list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StatusItemNode {
    /// The title.
    pub title: String,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The status as sent (`done`, `pending`, `not-done`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The items.
    pub items: Vec<ListItemNode>,
    /// The list's call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListItemNode {
    /// The title.
    pub title: String,
    /// The description (else the subtitle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The supporting value (1.x `value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// Instructions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InstructionsNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The items.
    pub items: Vec<InstructionItemNode>,
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InstructionItemNode {
    /// The text.
    pub text: String,
    /// The context as sent (`positive`: do, `negative`: don't, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// A progress bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProgressNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Completion from 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    /// The text shown with the bar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// A promotion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpsellNode {
    /// The text.
    pub text: String,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// A search box.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchNode {
    /// The title.
    pub title: String,
    /// Where queries go (as sent).
    pub url: String,
    /// The query parameter's name.
    pub param: String,
}

/// Two columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ColumnsNode {
    /// The left column.
    pub left: Vec<Node>,
    /// The right column.
    pub right: Vec<Node>,
}

/// A box: children.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContainerNode {
    /// The children.
    pub children: Vec<Node>,
}

/// A section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SectionNode {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The children.
    pub children: Vec<Node>,
    /// Its call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<ButtonNode>,
}

/// Tabs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TabsNode {
    /// The tabs.
    pub tabs: Vec<TabNode>,
}

/// One tab.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TabNode {
    /// The title.
    pub title: String,
    /// The children.
    pub children: Vec<Node>,
}

/// A modal trigger with the modal's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ModalNode {
    /// The trigger's text (`trigger.title`, else `title`).
    pub title: String,
    /// The modal's own title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_title: Option<String>,
    /// The modal's content.
    pub children: Vec<Node>,
}

/// A form and its fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FormNode {
    /// The `$id` of the root schema it shows (`None` for an inline schema).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_id: Option<String>,
    /// The schema's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The schema's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The fields, in display order (empty when the schema is not found).
    pub fields: Vec<Field>,
}

/// A component kind the model does not know, kept as sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnknownNode {
    /// Its `type` (`None` when it has no string `type`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// The component as sent.
    pub raw: Value,
}

impl ButtonNode {
    fn choice<'a>(&'a self, out: &mut Vec<ScreenChoice<'a>>) {
        if let Some(trigger) = self.trigger.as_ref().filter(|_| !self.disabled) {
            out.push(ScreenChoice { title: &self.title, trigger });
        }
    }
}

fn cta<'a>(button: &'a Option<ButtonNode>, out: &mut Vec<ScreenChoice<'a>>) {
    if let Some(button) = button {
        button.choice(out);
    }
}

impl Node {
    /// The nodes directly inside this one, in the order they are shown.
    pub fn children(&self) -> Vec<&Node> {
        match self {
            Node::Columns(c) => c.left.iter().chain(&c.right).collect(),
            Node::Box(b) => b.children.iter().collect(),
            Node::Section(s) => s.children.iter().collect(),
            Node::Tabs(t) => t.tabs.iter().flat_map(|tab| &tab.children).collect(),
            Node::Modal(m) => m.children.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Appends this node's enabled choices, its children's included, in the
    /// order they are shown.
    pub(crate) fn collect_choices<'a>(&'a self, out: &mut Vec<ScreenChoice<'a>>) {
        match self {
            Node::Alert(a) => cta(&a.call_to_action, out),
            Node::Button(b) => b.choice(out),
            Node::Decision(d) => {
                for option in &d.options {
                    if let Some(trigger) = option.trigger.as_ref().filter(|_| !option.disabled) {
                        out.push(ScreenChoice { title: &option.title, trigger });
                    }
                }
            }
            Node::List(l) => {
                for item in &l.items {
                    cta(&item.call_to_action, out);
                }
                cta(&l.call_to_action, out);
            }
            Node::Review(r) => {
                for field in &r.fields {
                    cta(&field.call_to_action, out);
                }
                cta(&r.call_to_action, out);
            }
            Node::StatusList(s) => {
                for item in &s.items {
                    cta(&item.call_to_action, out);
                }
            }
            Node::Progress(p) => cta(&p.call_to_action, out),
            Node::Upsell(u) => cta(&u.call_to_action, out),
            Node::Section(s) => {
                for child in &s.children {
                    child.collect_choices(out);
                }
                cta(&s.call_to_action, out);
            }
            other => {
                for child in other.children() {
                    child.collect_choices(out);
                }
            }
        }
    }

    /// Calls `f` with every form in this node and its children.
    pub(crate) fn collect_forms<'a>(&'a self, f: &mut dyn FnMut(&'a FormNode)) {
        if let Node::Form(form) = self {
            f(form);
        }
        for child in self.children() {
            child.collect_forms(f);
        }
    }
}
