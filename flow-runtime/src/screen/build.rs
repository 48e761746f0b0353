//! Layouts → [`Node`]s: one node per component, in order, through the
//! model's accessors (labels of 1.x buttons and options, `schemaId` or the
//! 1.x `schema.$ref`, behaviors or 1.x actions).

use std::borrow::Cow;

use serde_json::Value;

use flow_model::layout::{CallToAction, FormLayout, Layout};
use flow_model::{Behavior, Schema, Step};

use super::errors::ScreenErrors;
use super::node::*;
use super::resolve::{form_fields, Context};
use super::trigger::Trigger;

/// The nodes of `step`'s layout, forms resolved against `values` and `errors`.
pub(crate) fn nodes(step: &Step, values: &Value, errors: &ScreenErrors) -> Vec<Node> {
    let builder = Builder { step, cx: Context { values, errors } };
    builder.all(step.layout())
}

struct Builder<'a> {
    step: &'a Step,
    cx: Context<'a>,
}

fn context_name(context: Option<&flow_model::Context>) -> Option<String> {
    context.map(|c| c.as_str().to_owned())
}

impl Builder<'_> {
    fn all(&self, layouts: &[Layout]) -> Vec<Node> {
        layouts.iter().map(|l| self.node(l)).collect()
    }

    fn trigger(&self, behavior: Option<Cow<'_, Behavior>>) -> Option<Trigger> {
        behavior.map(|b| Trigger::new(self.step, b.into_owned()))
    }

    fn cta(&self, cta: Option<&CallToAction>) -> Option<ButtonNode> {
        let cta = cta?;
        let trigger = self.trigger(cta.behavior());
        Some(ButtonNode { title: cta.title.clone(), context: None, disabled: trigger.is_none(), trigger })
    }

    fn form(&self, form: &FormLayout) -> FormNode {
        let id = form.target_schema_id();
        let found: Option<Cow<'_, Schema>> = match id {
            Some(id) => self.step.schemas().iter().find(|s| s.id() == Some(id)).map(Cow::Borrowed),
            // An inline schema (1.x) of a step that was not normalized.
            None => form.inline_schema().map(Cow::Borrowed),
        };
        FormNode {
            schema_id: id.map(str::to_owned),
            title: found.as_ref().and_then(|s| s.title()).map(str::to_owned),
            description: found.as_ref().and_then(|s| s.description()).map(str::to_owned),
            fields: found.map(|s| form_fields(&s, &self.cx)).unwrap_or_default(),
        }
    }

    fn node(&self, layout: &Layout) -> Node {
        match layout {
            Layout::Alert(a) => Node::Alert(AlertNode {
                markdown: a.markdown.clone(),
                context: context_name(a.context.as_ref()),
                call_to_action: self.cta(a.call_to_action.as_deref()),
            }),
            Layout::Box(b) => Node::Box(ContainerNode { children: self.all(&b.components) }),
            Layout::Button(b) => {
                let trigger = self.trigger(b.behavior());
                Node::Button(ButtonNode {
                    title: b.label().to_owned(),
                    context: context_name(b.context.as_ref()),
                    disabled: b.disabled == Some(true) || trigger.is_none(),
                    trigger,
                })
            }
            Layout::Columns(c) => {
                Node::Columns(ColumnsNode { left: self.all(&c.left), right: self.all(&c.right) })
            }
            Layout::Decision(d) => Node::Decision(DecisionNode {
                title: d.title.clone(),
                options: d
                    .options
                    .iter()
                    .map(|o| {
                        let trigger = self.trigger(o.behavior());
                        DecisionOptionNode {
                            title: o.label().to_owned(),
                            description: o.description.clone().or_else(|| o.text.clone()),
                            disabled: o.disabled == Some(true) || trigger.is_none(),
                            trigger,
                        }
                    })
                    .collect(),
            }),
            Layout::Divider(_) => Node::Divider,
            Layout::Form(f) => Node::Form(self.form(f)),
            Layout::Heading(h) => Node::Heading(HeadingNode {
                text: h.text.clone(),
                size: h.size.as_ref().map(|s| s.as_str().to_owned()),
            }),
            Layout::Image(i) => {
                let content = i.content.as_ref();
                let text =
                    |key: &str| content.and_then(|c| c.get(key)).and_then(Value::as_str).map(str::to_owned);
                Node::Image(ImageNode {
                    url: i.url.clone().or_else(|| text("url")).or_else(|| text("uri")),
                    description: i
                        .accessibility_description
                        .clone()
                        .or_else(|| i.text.clone())
                        .or_else(|| text("accessibilityDescription")),
                })
            }
            Layout::Media(m) => {
                let text = |key: &str| m.media.get(key).and_then(Value::as_str).map(str::to_owned);
                Node::Image(ImageNode {
                    url: text("url").or_else(|| text("uri")),
                    description: text("accessibilityDescription").or_else(|| text("text")),
                })
            }
            Layout::Info(i) => Node::Info(MarkdownNode { content: i.markdown.clone() }),
            Layout::Instructions(i) => Node::Instructions(InstructionsNode {
                title: i.title.clone(),
                items: i
                    .items
                    .iter()
                    .map(|item| InstructionItemNode {
                        text: item.text.clone(),
                        context: context_name(item.context.as_ref()),
                    })
                    .collect(),
            }),
            Layout::List(l) => Node::List(ListNode {
                title: l.title.clone(),
                items: l
                    .items
                    .iter()
                    .map(|item| ListItemNode {
                        title: item.title.clone(),
                        description: item.description.clone().or_else(|| item.subtitle.clone()),
                        value: item.value.clone(),
                        call_to_action: self.cta(item.call_to_action.as_deref()),
                    })
                    .collect(),
                call_to_action: self.cta(l.call_to_action.as_deref()),
            }),
            Layout::LoadingIndicator(_) => Node::LoadingIndicator,
            Layout::Markdown(m) => Node::Markdown(MarkdownNode { content: m.content.clone() }),
            Layout::Modal(m) => Node::Modal(ModalNode {
                title: m.trigger_title().to_owned(),
                content_title: m.content.as_ref().and_then(|c| c.title.clone()),
                children: m.content.as_ref().map(|c| self.all(&c.components)).unwrap_or_default(),
            }),
            Layout::Paragraph(p) => Node::Paragraph(TextNode { text: p.text.clone() }),
            Layout::Progress(p) => Node::Progress(ProgressNode {
                title: p.title.clone(),
                description: p.description.clone(),
                progress: p.progress.as_ref().and_then(|n| n.as_f64()),
                text: p.progress_text.clone(),
                call_to_action: self.cta(p.call_to_action.as_deref()),
            }),
            Layout::Review(r) => {
                let call_to_action = self.cta(r.call_to_action.as_deref()).or_else(|| {
                    let action = r.action.as_ref()?;
                    Some(ButtonNode {
                        title: action.legacy_title().unwrap_or("Edit").to_owned(),
                        context: None,
                        disabled: false,
                        trigger: Some(Trigger::new(
                            self.step,
                            Behavior::action(flow_model::Action::clone(action)),
                        )),
                    })
                });
                Node::Review(ReviewNode {
                    title: r.title.clone(),
                    fields: r
                        .fields
                        .iter()
                        .map(|f| ReviewFieldNode {
                            label: f.label.clone(),
                            value: f.value.clone(),
                            help: f.help.as_ref().and_then(help_text),
                            call_to_action: self.cta(f.call_to_action.as_deref()),
                        })
                        .collect(),
                    call_to_action,
                })
            }
            Layout::Search(s) => Node::Search(SearchNode {
                title: s.title.clone(),
                url: s.url.clone(),
                param: s.param.clone(),
            }),
            Layout::Section(s) => Node::Section(SectionNode {
                title: s.title.clone(),
                children: self.all(&s.components),
                call_to_action: self.cta(s.call_to_action.as_deref()),
            }),
            Layout::StatusList(s) => Node::StatusList(StatusListNode {
                title: s.title.clone(),
                items: s
                    .items
                    .iter()
                    .map(|item| StatusItemNode {
                        title: item.title.clone(),
                        description: item.description.clone(),
                        status: item.status.clone(),
                        call_to_action: self.cta(item.call_to_action.as_deref()),
                    })
                    .collect(),
            }),
            Layout::Tabs(t) => Node::Tabs(TabsNode {
                tabs: t
                    .tabs
                    .iter()
                    .map(|tab| TabNode { title: tab.title.clone(), children: self.all(&tab.components) })
                    .collect(),
            }),
            Layout::Upsell(u) => Node::Upsell(UpsellNode {
                text: u.text.clone(),
                call_to_action: self.cta(u.call_to_action.as_deref()),
            }),
            other => Node::Unknown(UnknownNode {
                type_name: other.type_name().map(str::to_owned),
                raw: serde_json::to_value(other).unwrap_or(Value::Null),
            }),
        }
    }
}

/// A review field's `help`: `{markdown}`, `{message}` (1.x) or a string.
fn help_text(help: &Value) -> Option<String> {
    match help {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => ["markdown", "message"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map(str::to_owned),
        _ => None,
    }
}
