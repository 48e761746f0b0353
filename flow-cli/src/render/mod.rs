//! Screen → terminal text. The step is read through the runtime's screen
//! model ([`flow_runtime::screen`]): every node has a text form (unknown
//! components are named, never dropped silently), every visible form field
//! is listed with its kind, value and help ([`form`]), and the enabled
//! triggers (buttons, decision options, calls to action) are numbered as
//! [`Choice`]s in the order they appear, which is the order
//! [`Screen::choices`] gives.

pub(crate) mod form;
pub(crate) mod markdown;

use console::style;
use flow_model::Step;
use flow_runtime::screen::{ButtonNode, Node, Screen, Trigger};

/// Something the user can pick on a step.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// What the user sees.
    pub(crate) label: String,
    /// What picking it does.
    pub(crate) trigger: Trigger,
}

/// A rendered screen: its text and its choices.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) text: String,
    pub(crate) choices: Vec<Choice>,
}

/// Renders a step as it arrived (its model, its errors).
pub(crate) fn render_step(step: &Step) -> Rendered {
    render_screen(&Screen::from_step(step))
}

/// Renders a screen (title, description, every node).
pub(crate) fn render_screen(screen: &Screen) -> Rendered {
    let mut r = Rendered::default();
    if !screen.title.is_empty() {
        r.line(0, &style(format!("══ {} ══", screen.title)).bold().to_string());
    }
    if let Some(description) = &screen.description {
        r.line(0, &style(description).dim().to_string());
    }
    r.nodes(0, &screen.nodes);
    r
}

/// The choices of a step without rendering it, numbered as rendered.
pub(crate) fn choices(step: &Step) -> Vec<Choice> {
    choices_of(&Screen::from_step(step))
}

/// The choices of a screen, numbered as rendered.
pub(crate) fn choices_of(screen: &Screen) -> Vec<Choice> {
    screen
        .choices()
        .into_iter()
        .map(|c| Choice { label: c.title.to_owned(), trigger: c.trigger.clone() })
        .collect()
}

/// `text` marked by its context (`positive`, `negative`, `warning`, else neutral).
pub(crate) fn context_style(context: Option<&str>, text: String) -> String {
    match context {
        Some("positive" | "success") => style(format!("✔ {text}")).green().to_string(),
        Some("negative" | "failure" | "error") => style(format!("✖ {text}")).red().to_string(),
        Some("warning") => style(format!("⚠ {text}")).yellow().to_string(),
        _ => style(format!("ℹ {text}")).blue().to_string(),
    }
}

impl Rendered {
    pub(crate) fn line(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            self.text.push_str(&"  ".repeat(indent));
            self.text.push_str(line);
            self.text.push('\n');
        }
    }

    fn button(&mut self, indent: usize, button: &ButtonNode, label: String) {
        match &button.trigger {
            Some(trigger) if !button.disabled => {
                self.choices.push(Choice { label: button.title.clone(), trigger: trigger.clone() });
                let n = self.choices.len();
                self.line(indent, &format!("{} {label}", style(format!("[{n}]")).cyan().bold()));
            }
            _ => self.line(indent, &style(format!("[-] {label} (disabled)")).dim().to_string()),
        }
    }

    fn cta(&mut self, indent: usize, cta: Option<&ButtonNode>) {
        if let Some(cta) = cta {
            self.button(indent, cta, cta.title.clone());
        }
    }

    fn title(&mut self, indent: usize, title: Option<&String>) {
        if let Some(title) = title {
            self.line(indent, &style(title).bold().to_string());
        }
    }

    fn nodes(&mut self, indent: usize, nodes: &[Node]) {
        for node in nodes {
            self.node(indent, node);
        }
    }

    fn node(&mut self, indent: usize, node: &Node) {
        match node {
            Node::Heading(h) => self.line(indent, &style(&h.text).bold().underlined().to_string()),
            Node::Paragraph(p) => self.line(indent, &p.text),
            Node::Markdown(m) | Node::Info(m) => self.line(indent, &markdown::render(&m.content)),
            Node::Alert(a) => {
                self.line(indent, &context_style(a.context.as_deref(), markdown::render(&a.markdown)));
                self.cta(indent, a.call_to_action.as_ref());
            }
            Node::Image(i) => {
                let what = i.description.as_deref().unwrap_or("an image");
                let text = match &i.url {
                    Some(url) => format!("Image: {what} <{url}>"),
                    None => format!("Image: {what}"),
                };
                self.line(indent, &style(text).dim().to_string());
            }
            Node::Review(r) => {
                self.title(indent, r.title.as_ref());
                for field in &r.fields {
                    self.line(indent, &format!("{}: {}", style(&field.label).dim(), field.value));
                    if let Some(help) = &field.help {
                        self.line(indent + 1, &style(markdown::render(help)).dim().to_string());
                    }
                    self.cta(indent + 1, field.call_to_action.as_ref());
                }
                self.cta(indent, r.call_to_action.as_ref());
            }
            Node::Decision(d) => {
                self.title(indent, d.title.as_ref());
                for option in &d.options {
                    let label = match &option.description {
                        Some(description) => format!("{} — {description}", option.title),
                        None => option.title.clone(),
                    };
                    match &option.trigger {
                        Some(trigger) if !option.disabled => {
                            self.choices
                                .push(Choice { label: option.title.clone(), trigger: trigger.clone() });
                            let n = self.choices.len();
                            self.line(indent, &format!("{} {label}", style(format!("[{n}]")).cyan().bold()));
                        }
                        _ => self.line(indent, &style(format!("[-] {label} (disabled)")).dim().to_string()),
                    }
                }
            }
            Node::Button(b) => self.button(indent, b, b.title.clone()),
            Node::StatusList(s) => {
                self.title(indent, s.title.as_ref());
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
                    self.cta(indent + 1, item.call_to_action.as_ref());
                }
            }
            Node::List(l) => {
                self.title(indent, l.title.as_ref());
                for item in &l.items {
                    let mut text = format!("• {}", item.title);
                    if let Some(d) = &item.description {
                        text.push_str(&format!(" — {d}"));
                    }
                    if let Some(v) = &item.value {
                        text.push_str(&format!(" ({v})"));
                    }
                    self.line(indent, &text);
                    self.cta(indent + 1, item.call_to_action.as_ref());
                }
                self.cta(indent, l.call_to_action.as_ref());
            }
            Node::Instructions(i) => {
                self.title(indent, i.title.as_ref());
                for item in &i.items {
                    self.line(indent, &context_style(item.context.as_deref(), item.text.clone()));
                }
            }
            Node::LoadingIndicator => self.line(indent, &style("Loading…").dim().to_string()),
            Node::Progress(p) => {
                self.title(indent, p.title.as_ref());
                if let Some(d) = &p.description {
                    self.line(indent, d);
                }
                let percent = p.progress.map(|p| format!("{:.0}%", (p * 100.0).clamp(0.0, 100.0)));
                let text = match (percent, &p.text) {
                    (Some(percent), Some(text)) => format!("Progress: {percent} ({text})"),
                    (Some(percent), None) => format!("Progress: {percent}"),
                    (None, Some(text)) => format!("Progress: {text}"),
                    (None, None) => String::new(),
                };
                if !text.is_empty() {
                    self.line(indent, &text);
                }
                self.cta(indent, p.call_to_action.as_ref());
            }
            Node::Upsell(u) => {
                self.line(indent, &u.text);
                self.cta(indent, u.call_to_action.as_ref());
            }
            Node::Search(s) => self.line(
                indent,
                &style(format!("Search: {} (searching is not available in the terminal)", s.title))
                    .dim()
                    .to_string(),
            ),
            Node::Columns(c) => {
                self.nodes(indent, &c.left);
                self.nodes(indent, &c.right);
            }
            Node::Box(b) => self.nodes(indent + 1, &b.children),
            Node::Section(s) => {
                self.title(indent, s.title.as_ref());
                self.nodes(indent + 1, &s.children);
                self.cta(indent, s.call_to_action.as_ref());
            }
            Node::Tabs(t) => {
                for tab in &t.tabs {
                    self.line(indent, &style(format!("▸ {}", tab.title)).bold().to_string());
                    self.nodes(indent + 1, &tab.children);
                }
            }
            Node::Modal(m) => {
                let title = if m.title.is_empty() { "More" } else { m.title.as_str() };
                self.line(indent, &style(format!("▸ {title}")).bold().to_string());
                self.title(indent + 1, m.content_title.as_ref());
                self.nodes(indent + 1, &m.children);
            }
            Node::Divider => self.line(indent, &style("─".repeat(40)).dim().to_string()),
            Node::Form(f) => form::render(self, indent, f),
            Node::Unknown(u) => {
                let kind = u.type_name.as_deref().unwrap_or("(no type)");
                self.line(indent, &style(format!("(unsupported component: {kind})")).dim().to_string());
            }
            _ => self.line(indent, &style("(unsupported component)").dim().to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
