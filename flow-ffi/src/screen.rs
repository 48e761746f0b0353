//! [`Screen`]: the runtime's screen model ([`flow_runtime::screen`]) as
//! typed records for Kotlin, Swift and Python: the same tree, the same
//! names in each language's case. JSON values (field values, choices'
//! values, rule limits, behaviors, unknown components) are strings
//! (`*_json`). [`Flow::screen_json`](crate::Flow::screen_json) gives the
//! runtime's own JSON of the same screen.

use serde_json::Value;

use flow_runtime::screen as model;

fn json(value: &impl serde::Serialize) -> String {
    // Model types and plain JSON values always serialise.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// The current step as a shell renders it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Screen {
    /// The step's `id` (`""` when absent, and before any step is shown).
    pub step_id: String,
    /// The step's `title` (`""` when absent).
    pub title: String,
    /// The step's `description`.
    pub description: Option<String>,
    /// What the screen shows, in order.
    pub nodes: Vec<ScreenNode>,
    /// The errors to show.
    pub errors: ScreenErrors,
    /// The title of the step's own back navigation, if it has one.
    pub back_title: Option<String>,
}

/// The errors a screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct ScreenErrors {
    /// The general message.
    pub error: Option<String>,
    /// Field messages, by JSON Pointer into the values.
    pub fields: Vec<FieldMessage>,
}

/// One field message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldMessage {
    /// JSON Pointer into the values (`/address/city`).
    pub path: String,
    /// The message.
    pub message: String,
}

/// What a button, decision option or call to action does.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScreenTrigger {
    /// The id `Flow.trigger` takes, when the action has one that finds it.
    pub action_id: Option<String>,
    /// The behavior (JSON), for `Flow.trigger_behavior`.
    pub behavior_json: String,
    /// Whether triggering it validates the form first.
    pub validates: bool,
    /// Whether it ends the flow.
    pub exits: bool,
}

/// A button, or a call to action.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScreenButton {
    /// The title.
    pub title: String,
    /// The context as sent (`positive`, `negative`, …).
    pub context: Option<String>,
    /// Whether it is disabled (also when it triggers nothing).
    pub disabled: bool,
    /// What pressing it does.
    pub trigger: Option<ScreenTrigger>,
}

/// One pair of a review.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReviewField {
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
    /// Help text.
    pub help: Option<String>,
    /// Its call to action.
    pub call_to_action: Option<ScreenButton>,
}

/// One option of a decision.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DecisionOption {
    /// The title.
    pub title: String,
    /// The description.
    pub description: Option<String>,
    /// Whether it is disabled.
    pub disabled: bool,
    /// What picking it does.
    pub trigger: Option<ScreenTrigger>,
}

/// One item of a status list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatusItem {
    /// The title.
    pub title: String,
    /// The description.
    pub description: Option<String>,
    /// The status as sent (`done`, `pending`, `not-done`).
    pub status: Option<String>,
    /// Its call to action.
    pub call_to_action: Option<ScreenButton>,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ListItem {
    /// The title.
    pub title: String,
    /// The description.
    pub description: Option<String>,
    /// The supporting value.
    pub value: Option<String>,
    /// Its call to action.
    pub call_to_action: Option<ScreenButton>,
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InstructionItem {
    /// The text.
    pub text: String,
    /// The context as sent.
    pub context: Option<String>,
}

/// One tab.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ScreenTab {
    /// The title.
    pub title: String,
    /// The children.
    pub children: Vec<ScreenNode>,
}

/// One component of a screen.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ScreenNode {
    /// A heading.
    Heading {
        /// The text.
        text: String,
        /// The size hint (`xs` … `xl`).
        size: Option<String>,
    },
    /// A plain paragraph.
    Paragraph {
        /// The text.
        text: String,
    },
    /// Markdown text.
    Markdown {
        /// The markdown.
        content: String,
    },
    /// The 1.x `info` block (markdown).
    Info {
        /// The markdown.
        content: String,
    },
    /// A message with a context.
    Alert {
        /// The message (markdown).
        markdown: String,
        /// The context as sent.
        context: Option<String>,
        /// Its call to action.
        call_to_action: Option<ScreenButton>,
    },
    /// An image.
    Image {
        /// Where the image is.
        url: Option<String>,
        /// Its text alternative.
        description: Option<String>,
    },
    /// Label / value pairs.
    Review {
        /// The title.
        title: Option<String>,
        /// The pairs.
        fields: Vec<ReviewField>,
        /// Its call to action.
        call_to_action: Option<ScreenButton>,
    },
    /// Options, each a choice.
    Decision {
        /// The title.
        title: Option<String>,
        /// The options.
        options: Vec<DecisionOption>,
    },
    /// A button.
    Button {
        /// The button.
        button: ScreenButton,
    },
    /// Items with a status.
    StatusList {
        /// The title.
        title: Option<String>,
        /// The items.
        items: Vec<StatusItem>,
    },
    /// Items (`list`; named `ItemList` so that Kotlin's `List` stays the list type).
    ItemList {
        /// The title.
        title: Option<String>,
        /// The items.
        items: Vec<ListItem>,
        /// Its call to action.
        call_to_action: Option<ScreenButton>,
    },
    /// Numbered instructions.
    Instructions {
        /// The title.
        title: Option<String>,
        /// The items.
        items: Vec<InstructionItem>,
    },
    /// Something is loading.
    LoadingIndicator,
    /// A progress bar.
    Progress {
        /// The title.
        title: Option<String>,
        /// The description.
        description: Option<String>,
        /// Completion from 0 to 1.
        progress: Option<f64>,
        /// The text shown with the bar.
        text: Option<String>,
        /// Its call to action.
        call_to_action: Option<ScreenButton>,
    },
    /// A promotion with its call to action.
    Upsell {
        /// The text.
        text: String,
        /// Its call to action.
        call_to_action: Option<ScreenButton>,
    },
    /// A search box (the shell runs the queries).
    Search {
        /// The title.
        title: String,
        /// Where queries go.
        url: String,
        /// The query parameter's name.
        param: String,
    },
    /// Two columns.
    Columns {
        /// The left column.
        left: Vec<ScreenNode>,
        /// The right column.
        right: Vec<ScreenNode>,
    },
    /// A box around its children.
    Box {
        /// The children.
        children: Vec<ScreenNode>,
    },
    /// A titled section.
    Section {
        /// The title.
        title: Option<String>,
        /// The children.
        children: Vec<ScreenNode>,
        /// Its call to action.
        call_to_action: Option<ScreenButton>,
    },
    /// Tabs.
    Tabs {
        /// The tabs.
        tabs: Vec<ScreenTab>,
    },
    /// A control that opens a modal with its children.
    Modal {
        /// The control's text.
        title: String,
        /// The modal's own title.
        content_title: Option<String>,
        /// The modal's content.
        children: Vec<ScreenNode>,
    },
    /// A divider.
    Divider,
    /// A form: its fields.
    Form {
        /// The `$id` of the root schema it shows.
        schema_id: Option<String>,
        /// The schema's title.
        title: Option<String>,
        /// The schema's description.
        description: Option<String>,
        /// The fields, in display order.
        fields: Vec<ScreenField>,
    },
    /// A component kind the model does not know, kept as sent.
    Unknown {
        /// Its `type`.
        type_name: Option<String>,
        /// The component as sent (JSON).
        raw_json: String,
    },
    /// A node this version of the binding has no variant for.
    Other {
        /// The node as the runtime serialises it (JSON).
        json: String,
    },
}

/// What kind of control a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// Secret text.
    Password,
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// Yes or no.
    Boolean,
    /// A date.
    Date,
    /// One of several choices, as a list.
    Select,
    /// One of several choices, as radio buttons.
    Radio,
    /// Several of the choices.
    MultiSelect,
    /// A file or blob.
    File,
    /// An object's fields.
    Group,
    /// One of several groups of fields.
    OneOfGroup,
    /// A list of items.
    List,
    /// A fixed value (not shown).
    Const,
    /// Anything else.
    Unknown,
}

/// One choice of a select, radio or multi-select field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldChoice {
    /// The value it submits (JSON).
    pub value_json: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// Whether it is disabled.
    pub disabled: bool,
}

/// One alternative of a one-of group.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FieldAlternative {
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// Its fields.
    pub fields: Vec<ScreenField>,
    /// Whether the current value matches it.
    pub selected: bool,
}

/// One validation rule of a field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldRule {
    /// Its JSON Schema keyword (`minLength`, `pattern`, `minimum`, …).
    pub rule: String,
    /// Its limit as sent (JSON).
    pub limit_json: String,
    /// The message a value that breaks it gets.
    pub message: String,
}

/// One value a form collects, resolved from the step's schemas.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ScreenField {
    /// A JSON Pointer into the submitted values (`""` for the root value).
    pub path: String,
    /// The property name, if it is one.
    pub name: Option<String>,
    /// Its kind.
    pub kind: FieldKind,
    /// The title.
    pub title: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The placeholder.
    pub placeholder: Option<String>,
    /// Help text (markdown).
    pub help: Option<String>,
    /// The control hint as sent.
    pub control: Option<String>,
    /// The format as sent.
    pub format: Option<String>,
    /// Whether a value is required.
    pub required: bool,
    /// The message an empty required value gets.
    pub required_message: Option<String>,
    /// Whether it is hidden.
    pub hidden: bool,
    /// Whether it is disabled.
    pub disabled: bool,
    /// Whether a change refreshes the step (`Flow.refresh_with_values`).
    pub refresh_on_change: bool,
    /// The current value (JSON).
    pub value_json: Option<String>,
    /// The default (JSON).
    pub default_json: Option<String>,
    /// The choices.
    pub choices: Vec<FieldChoice>,
    /// A group's fields.
    pub fields: Vec<ScreenField>,
    /// A one-of group's alternatives.
    pub alternatives: Vec<FieldAlternative>,
    /// A list's item: zero or one field (a list, not an optional, so that
    /// the record is not recursive by value in Swift).
    pub item: Vec<ScreenField>,
    /// The validation rules with their messages.
    pub rules: Vec<FieldRule>,
    /// The field's current error (client or server).
    pub error: Option<String>,
}

impl Screen {
    /// The screen before any step is shown.
    pub(crate) fn empty() -> Screen {
        Screen {
            step_id: String::new(),
            title: String::new(),
            description: None,
            nodes: Vec::new(),
            errors: ScreenErrors::default(),
            back_title: None,
        }
    }
}

impl From<&model::Screen> for Screen {
    fn from(screen: &model::Screen) -> Self {
        Screen {
            step_id: screen.step_id.clone(),
            title: screen.title.clone(),
            description: screen.description.clone(),
            nodes: nodes(&screen.nodes),
            errors: ScreenErrors {
                error: screen.errors.error.clone(),
                fields: screen
                    .errors
                    .fields
                    .iter()
                    .map(|f| FieldMessage { path: f.path.clone(), message: f.message.clone() })
                    .collect(),
            },
            back_title: screen.back_title.clone(),
        }
    }
}

fn nodes(nodes: &[model::Node]) -> Vec<ScreenNode> {
    nodes.iter().map(node).collect()
}

fn trigger(trigger: &model::Trigger) -> ScreenTrigger {
    ScreenTrigger {
        action_id: trigger.action_id.clone(),
        behavior_json: json(&trigger.behavior),
        validates: trigger.validates,
        exits: trigger.exits,
    }
}

fn button(button: &model::ButtonNode) -> ScreenButton {
    ScreenButton {
        title: button.title.clone(),
        context: button.context.clone(),
        disabled: button.disabled,
        trigger: button.trigger.as_ref().map(trigger),
    }
}

fn cta(button_node: &Option<model::ButtonNode>) -> Option<ScreenButton> {
    button_node.as_ref().map(button)
}

fn node(node: &model::Node) -> ScreenNode {
    use model::Node as N;
    match node {
        N::Heading(h) => ScreenNode::Heading { text: h.text.clone(), size: h.size.clone() },
        N::Paragraph(t) => ScreenNode::Paragraph { text: t.text.clone() },
        N::Markdown(m) => ScreenNode::Markdown { content: m.content.clone() },
        N::Info(m) => ScreenNode::Info { content: m.content.clone() },
        N::Alert(a) => ScreenNode::Alert {
            markdown: a.markdown.clone(),
            context: a.context.clone(),
            call_to_action: cta(&a.call_to_action),
        },
        N::Image(i) => ScreenNode::Image { url: i.url.clone(), description: i.description.clone() },
        N::Review(r) => ScreenNode::Review {
            title: r.title.clone(),
            fields: r
                .fields
                .iter()
                .map(|f| ReviewField {
                    label: f.label.clone(),
                    value: f.value.clone(),
                    help: f.help.clone(),
                    call_to_action: cta(&f.call_to_action),
                })
                .collect(),
            call_to_action: cta(&r.call_to_action),
        },
        N::Decision(d) => ScreenNode::Decision {
            title: d.title.clone(),
            options: d
                .options
                .iter()
                .map(|o| DecisionOption {
                    title: o.title.clone(),
                    description: o.description.clone(),
                    disabled: o.disabled,
                    trigger: o.trigger.as_ref().map(trigger),
                })
                .collect(),
        },
        N::Button(b) => ScreenNode::Button { button: button(b) },
        N::StatusList(s) => ScreenNode::StatusList {
            title: s.title.clone(),
            items: s
                .items
                .iter()
                .map(|i| StatusItem {
                    title: i.title.clone(),
                    description: i.description.clone(),
                    status: i.status.clone(),
                    call_to_action: cta(&i.call_to_action),
                })
                .collect(),
        },
        N::List(l) => ScreenNode::ItemList {
            title: l.title.clone(),
            items: l
                .items
                .iter()
                .map(|i| ListItem {
                    title: i.title.clone(),
                    description: i.description.clone(),
                    value: i.value.clone(),
                    call_to_action: cta(&i.call_to_action),
                })
                .collect(),
            call_to_action: cta(&l.call_to_action),
        },
        N::Instructions(i) => ScreenNode::Instructions {
            title: i.title.clone(),
            items: i
                .items
                .iter()
                .map(|i| InstructionItem { text: i.text.clone(), context: i.context.clone() })
                .collect(),
        },
        N::LoadingIndicator => ScreenNode::LoadingIndicator,
        N::Progress(p) => ScreenNode::Progress {
            title: p.title.clone(),
            description: p.description.clone(),
            progress: p.progress,
            text: p.text.clone(),
            call_to_action: cta(&p.call_to_action),
        },
        N::Upsell(u) => ScreenNode::Upsell { text: u.text.clone(), call_to_action: cta(&u.call_to_action) },
        N::Search(s) => {
            ScreenNode::Search { title: s.title.clone(), url: s.url.clone(), param: s.param.clone() }
        }
        N::Columns(c) => ScreenNode::Columns { left: nodes(&c.left), right: nodes(&c.right) },
        N::Box(b) => ScreenNode::Box { children: nodes(&b.children) },
        N::Section(s) => ScreenNode::Section {
            title: s.title.clone(),
            children: nodes(&s.children),
            call_to_action: cta(&s.call_to_action),
        },
        N::Tabs(t) => ScreenNode::Tabs {
            tabs: t
                .tabs
                .iter()
                .map(|t| ScreenTab { title: t.title.clone(), children: nodes(&t.children) })
                .collect(),
        },
        N::Modal(m) => ScreenNode::Modal {
            title: m.title.clone(),
            content_title: m.content_title.clone(),
            children: nodes(&m.children),
        },
        N::Divider => ScreenNode::Divider,
        N::Form(f) => ScreenNode::Form {
            schema_id: f.schema_id.clone(),
            title: f.title.clone(),
            description: f.description.clone(),
            fields: f.fields.iter().map(field).collect(),
        },
        N::Unknown(u) => ScreenNode::Unknown { type_name: u.type_name.clone(), raw_json: json(&u.raw) },
        other => ScreenNode::Other { json: json(other) },
    }
}

fn kind(kind: model::FieldKind) -> FieldKind {
    use model::FieldKind as K;
    match kind {
        K::Text => FieldKind::Text,
        K::Password => FieldKind::Password,
        K::Number => FieldKind::Number,
        K::Integer => FieldKind::Integer,
        K::Boolean => FieldKind::Boolean,
        K::Date => FieldKind::Date,
        K::Select => FieldKind::Select,
        K::Radio => FieldKind::Radio,
        K::MultiSelect => FieldKind::MultiSelect,
        K::File => FieldKind::File,
        K::Group => FieldKind::Group,
        K::OneOfGroup => FieldKind::OneOfGroup,
        K::List => FieldKind::List,
        K::Const => FieldKind::Const,
        _ => FieldKind::Unknown,
    }
}

fn value_json(value: &Option<Value>) -> Option<String> {
    value.as_ref().map(json)
}

fn field(field: &model::Field) -> ScreenField {
    ScreenField {
        path: field.path.clone(),
        name: field.name.clone(),
        kind: kind(field.kind),
        title: field.title.clone(),
        description: field.description.clone(),
        placeholder: field.placeholder.clone(),
        help: field.help.clone(),
        control: field.control.clone(),
        format: field.format.clone(),
        required: field.required,
        required_message: field.required_message.clone(),
        hidden: field.hidden,
        disabled: field.disabled,
        refresh_on_change: field.refresh_on_change,
        value_json: value_json(&field.value),
        default_json: value_json(&field.default),
        choices: field
            .choices
            .iter()
            .map(|c| FieldChoice {
                value_json: json(&c.value),
                title: c.title.clone(),
                description: c.description.clone(),
                disabled: c.disabled,
            })
            .collect(),
        fields: field.fields.iter().map(self::field).collect(),
        alternatives: field
            .alternatives
            .iter()
            .map(|a| FieldAlternative {
                title: a.title.clone(),
                description: a.description.clone(),
                fields: a.fields.iter().map(self::field).collect(),
                selected: a.selected,
            })
            .collect(),
        item: field.item.as_deref().map(self::field).into_iter().collect(),
        rules: field
            .rules
            .iter()
            .map(|r| FieldRule {
                rule: r.rule.keyword().to_owned(),
                limit_json: json(&r.limit),
                message: r.message.clone(),
            })
            .collect(),
        error: field.error.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_tree_is_mirrored_with_fields_triggers_and_errors() {
        let step: flow_model::Step = serde_json::from_value(json!({
            "id": "pay", "title": "Send money", "description": "d",
            "schemas": [{"$id": "payment", "type": "object", "required": ["amount"],
                "properties": {
                    "amount": {"type": "number", "title": "Amount", "minimum": 1,
                               "validationMessages": {"minimum": "Send at least 1"}},
                    "currency": {"title": "Currency", "oneOf": [
                        {"const": "GBP", "title": "Pound"}, {"const": "EUR", "title": "Euro"}]}}}],
            "layout": [
                {"type": "heading", "text": "Hi"},
                {"type": "box", "components": [{"type": "form", "schemaId": "payment"}]},
                {"type": "button", "title": "Continue",
                 "behavior": {"type": "action", "action": {"id": "go", "url": "/pay"}}},
                {"type": "teleporter", "to": "mars"}],
            "model": {"currency": "EUR"},
            "errors": {"error": "Check", "validation": {"amount": "Too small"}}
        }))
        .unwrap();
        let screen = Screen::from(&model::Screen::from_step(&step));
        assert_eq!((screen.step_id.as_str(), screen.title.as_str()), ("pay", "Send money"));
        assert_eq!(screen.errors.error.as_deref(), Some("Check"));
        assert!(matches!(&screen.nodes[0], ScreenNode::Heading { text, .. } if text == "Hi"));
        let ScreenNode::Box { children } = &screen.nodes[1] else { panic!("{:?}", screen.nodes[1]) };
        let ScreenNode::Form { fields, .. } = &children[0] else { panic!("{children:?}") };
        assert_eq!(fields[0].path, "/amount");
        assert_eq!(fields[0].kind, FieldKind::Number);
        assert_eq!(fields[0].error.as_deref(), Some("Too small"));
        assert_eq!(fields[0].rules[0].rule, "minimum");
        assert_eq!(fields[1].kind, FieldKind::Select);
        assert_eq!(fields[1].value_json.as_deref(), Some("\"EUR\""));
        assert_eq!(fields[1].choices[1].value_json, "\"EUR\"");
        let ScreenNode::Button { button } = &screen.nodes[2] else { panic!("{:?}", screen.nodes[2]) };
        assert_eq!(button.trigger.as_ref().and_then(|t| t.action_id.as_deref()), Some("go"));
        assert!(
            matches!(&screen.nodes[3], ScreenNode::Unknown { type_name: Some(t), .. } if t == "teleporter")
        );
    }
}
