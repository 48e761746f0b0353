//! Step → terminal text. Every documented layout kind has a text form;
//! unknown kinds are named, never dropped silently. The actionable
//! components (buttons, decision options, calls to action, modal triggers)
//! are collected as numbered [`Choice`]s in the order they appear.

pub(crate) mod markdown;

use console::style;
use flow_model::layout::{CallToAction, Layout};
use flow_model::{Behavior, Context, Step};

/// Something the user can pick on a step.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// What the user sees.
    pub(crate) label: String,
    /// What picking it does.
    pub(crate) behavior: Behavior,
}

/// A rendered step: its text and its choices.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) text: String,
    pub(crate) choices: Vec<Choice>,
}

/// Renders a step (title, description, every layout component).
pub(crate) fn render_step(step: &Step) -> Rendered {
    let mut r = Rendered::default();
    let title = step.title();
    if !title.is_empty() {
        r.line(0, &style(format!("══ {title} ══")).bold().to_string());
    }
    if let Some(description) = &step.description {
        r.line(0, &style(description).dim().to_string());
    }
    for layout in step.layout() {
        r.layout(0, layout);
    }
    r
}

/// The choices of a step without rendering it.
pub(crate) fn choices(step: &Step) -> Vec<Choice> {
    render_step(step).choices
}

fn context_style(context: Option<&Context>, text: String) -> String {
    match context {
        Some(Context::Positive) => style(format!("✔ {text}")).green().to_string(),
        Some(Context::Negative) => style(format!("✖ {text}")).red().to_string(),
        Some(Context::Warning) => style(format!("⚠ {text}")).yellow().to_string(),
        Some(Context::Unknown(other)) if matches!(other.as_str(), "success") => {
            style(format!("✔ {text}")).green().to_string()
        }
        Some(Context::Unknown(other)) if matches!(other.as_str(), "failure" | "error") => {
            style(format!("✖ {text}")).red().to_string()
        }
        _ => style(format!("ℹ {text}")).blue().to_string(),
    }
}

impl Rendered {
    fn line(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            self.text.push_str(&"  ".repeat(indent));
            self.text.push_str(line);
            self.text.push('\n');
        }
    }

    fn choice(&mut self, indent: usize, label: String, behavior: Option<Behavior>, disabled: bool) {
        match behavior {
            Some(behavior) if !disabled => {
                self.choices.push(Choice { label: label.clone(), behavior });
                let n = self.choices.len();
                self.line(indent, &format!("{} {label}", style(format!("[{n}]")).cyan().bold()));
            }
            _ => self.line(indent, &style(format!("[-] {label} (disabled)")).dim().to_string()),
        }
    }

    fn call_to_action(&mut self, indent: usize, cta: &CallToAction) {
        self.choice(indent, cta.title.clone(), cta.behavior().map(|b| b.into_owned()), false);
    }

    fn children(&mut self, indent: usize, items: &[Layout]) {
        for item in items {
            self.layout(indent, item);
        }
    }

    fn layout(&mut self, indent: usize, layout: &Layout) {
        match layout {
            Layout::Alert(a) => {
                self.line(indent, &context_style(a.context.as_ref(), markdown::render(&a.markdown)));
                if let Some(cta) = a.call_to_action.as_deref() {
                    self.call_to_action(indent, cta);
                }
            }
            Layout::Box(b) => self.children(indent + 1, &b.components),
            Layout::Button(b) => {
                let behavior = b.behavior().map(|b| b.into_owned());
                self.choice(indent, b.label().to_owned(), behavior, b.disabled == Some(true));
            }
            Layout::Columns(c) => {
                self.children(indent, &c.left);
                self.children(indent, &c.right);
            }
            Layout::Decision(d) => {
                if let Some(title) = &d.title {
                    self.line(indent, &style(title).bold().to_string());
                }
                for option in &d.options {
                    let label = match &option.description {
                        Some(description) => format!("{} — {description}", option.title),
                        None => option.title.clone(),
                    };
                    let behavior = option.behavior().map(|b| b.into_owned());
                    self.choice(indent, label, behavior, option.disabled == Some(true));
                }
            }
            Layout::Divider(_) => self.line(indent, &style("─".repeat(40)).dim().to_string()),
            Layout::Form(f) => {
                let id = f.target_schema_id().unwrap_or("?");
                self.line(indent, &style(format!("[form: {id}]")).dim().to_string());
            }
            Layout::Heading(h) => self.line(indent, &style(&h.text).bold().underlined().to_string()),
            Layout::Image(i) => {
                let alt = i.accessibility_description.as_deref().or(i.text.as_deref()).unwrap_or("image");
                let url = i.url.as_deref().unwrap_or("");
                self.line(indent, &style(format!("[image: {alt}] {url}")).dim().to_string());
            }
            Layout::Info(i) => self.line(indent, &markdown::render(&i.markdown)),
            Layout::Instructions(i) => {
                if let Some(title) = &i.title {
                    self.line(indent, &style(title).bold().to_string());
                }
                for item in &i.items {
                    self.line(indent, &context_style(item.context.as_ref(), item.text.clone()));
                }
            }
            Layout::List(l) => {
                if let Some(title) = &l.title {
                    self.line(indent, &style(title).bold().to_string());
                }
                for item in &l.items {
                    let text = match &item.description {
                        Some(d) => format!("• {} — {d}", item.title),
                        None => format!("• {}", item.title),
                    };
                    self.line(indent, &text);
                    if let Some(cta) = item.call_to_action.as_deref() {
                        self.call_to_action(indent + 1, cta);
                    }
                }
                if let Some(cta) = &l.call_to_action {
                    self.call_to_action(indent, cta);
                }
            }
            Layout::LoadingIndicator(_) => self.line(indent, &style("…").dim().to_string()),
            Layout::Markdown(m) => self.line(indent, &markdown::render(&m.content)),
            Layout::Modal(m) => {
                let title = m.title.as_deref().unwrap_or("More");
                self.line(indent, &style(format!("[modal: {title}]")).dim().to_string());
                if let Some(content) = &m.content {
                    self.children(indent + 1, &content.components);
                }
            }
            Layout::Paragraph(p) => self.line(indent, &p.text),
            Layout::Review(r) => {
                if let Some(title) = &r.title {
                    self.line(indent, &style(title).bold().to_string());
                }
                for field in &r.fields {
                    self.line(indent, &format!("{}: {}", style(&field.label).dim(), field.value));
                    if let Some(cta) = field.call_to_action.as_deref() {
                        self.call_to_action(indent + 1, cta);
                    }
                }
                if let Some(cta) = &r.call_to_action {
                    self.call_to_action(indent, cta);
                } else if let Some(action) = &r.action {
                    let label = action.legacy_title().unwrap_or("Edit").to_owned();
                    self.choice(indent, label, Some(Behavior::action(action.clone())), false);
                }
            }
            Layout::Search(s) => {
                self.line(indent, &style(format!("[search: {}]", s.title)).dim().to_string())
            }
            Layout::Section(s) => {
                if let Some(title) = &s.title {
                    self.line(indent, &style(title).bold().to_string());
                }
                self.children(indent + 1, &s.components);
                if let Some(cta) = &s.call_to_action {
                    self.call_to_action(indent, cta);
                }
            }
            Layout::StatusList(s) => {
                if let Some(title) = &s.title {
                    self.line(indent, &style(title).bold().to_string());
                }
                for item in &s.items {
                    let mark = match item.status.as_deref() {
                        Some("done") => style("✔").green().to_string(),
                        Some("pending") => style("◌").yellow().to_string(),
                        _ => style("○").dim().to_string(),
                    };
                    let text = match &item.description {
                        Some(d) => format!("{mark} {} — {d}", item.title),
                        None => format!("{mark} {}", item.title),
                    };
                    self.line(indent, &text);
                    if let Some(cta) = item.call_to_action.as_deref() {
                        self.call_to_action(indent + 1, cta);
                    }
                }
            }
            Layout::Tabs(t) => {
                for tab in &t.tabs {
                    self.line(indent, &style(format!("▸ {}", tab.title)).bold().to_string());
                    self.children(indent + 1, &tab.components);
                }
            }
            other => {
                let kind = other.type_name().unwrap_or("(no type)");
                self.line(indent, &style(format!("(unsupported component: {kind})")).dim().to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_inside_alerts_and_items_are_choices() {
        let cta = |t: &str| serde_json::json!({"title": t, "behavior": {"type": "action", "action": {"url": "/x"}}});
        let step: Step = serde_json::from_value(serde_json::json!({
            "id": "s", "layout": [
                {"type": "alert", "markdown": "m", "callToAction": cta("Fix")},
                {"type": "list", "items": [{"title": "i", "callToAction": cta("Open")}]},
                {"type": "review", "fields": [{"label": "l", "value": "v", "callToAction": cta("Change")}]},
                {"type": "status-list", "items": [{"title": "t", "callToAction": cta("Retry")}]}
            ]
        }))
        .unwrap();
        let labels: Vec<String> = choices(&step).into_iter().map(|c| c.label).collect();
        assert_eq!(labels, ["Fix", "Open", "Change", "Retry"]);
    }

    #[test]
    fn renders_every_component_and_numbers_choices_in_order() {
        console::set_colors_enabled(false);
        let step: Step = serde_json::from_value(serde_json::json!({
            "id": "s", "title": "Pay", "description": "Choose",
            "layout": [
                {"type": "heading", "text": "Hello"},
                {"type": "alert", "markdown": "Careful", "context": "warning"},
                {"type": "review", "title": "Summary", "fields": [{"label": "Amount", "value": "10 GBP"}]},
                {"type": "decision", "options": [
                    {"title": "Bank", "behavior": {"type": "action", "action": {"url": "/bank"}}},
                    {"title": "Card", "action": {"url": "/card"}}
                ]},
                {"type": "image", "url": "https://x.test/i.png", "text": "Logo"},
                {"type": "hologram"},
                {"type": "button", "title": "Later", "disabled": true, "behavior": {"type": "dismiss"}},
                {"type": "button", "action": {"title": "Go", "url": "/go"}}
            ]
        }))
        .unwrap();
        let r = render_step(&step);
        assert_eq!(
            r.text,
            "══ Pay ══\nChoose\nHello\n⚠ Careful\nSummary\nAmount: 10 GBP\n[1] Bank\n[2] Card\n\
             [image: Logo] https://x.test/i.png\n(unsupported component: hologram)\n[-] Later (disabled)\n[3] Go\n"
        );
        let labels: Vec<&str> = r.choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Bank", "Card", "Go"]);
    }
}
