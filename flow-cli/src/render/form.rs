//! A form's fields as text, for a person who reads before answering: each
//! visible field with its label, kind, whether it is required, its current
//! value (else its default), its description, help and error, the choices of
//! a select or radio (the first [`SHOWN_CHOICES`], then "… and N more"), the
//! alternatives of a oneOf by title (the selected one's fields under it),
//! and the fields of a group under its label. Hidden fields and constants
//! are not shown.

use console::style;
use serde_json::Value;

use flow_runtime::screen::{Field, FieldKind, FormNode};

use super::{markdown, Rendered};

/// How many choices of a select or radio field are listed.
pub(crate) const SHOWN_CHOICES: usize = 5;

/// A value as people read it: strings as they are, `yes`/`no`, the rest as JSON.
pub(crate) fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        other => other.to_string(),
    }
}

/// The text of `field`'s value `value`: a choice's title, several for a
/// multi-select, else [`plain`].
pub(crate) fn value_text(field: &Field, value: &Value) -> String {
    if let Some(choice) = field.choice_for(value) {
        return choice.title.clone();
    }
    match (field.kind, value) {
        (FieldKind::MultiSelect, Value::Array(items)) => items
            .iter()
            .map(|v| field.choice_for(v).map_or_else(|| plain(v), |c| c.title.clone()))
            .collect::<Vec<_>>()
            .join(", "),
        (FieldKind::List, Value::Array(items)) => format!("{} item(s)", items.len()),
        (FieldKind::Password, _) => "••••••".to_owned(),
        _ => plain(value),
    }
}

/// Renders a form node.
pub(crate) fn render(out: &mut Rendered, indent: usize, form: &FormNode) {
    if let Some(title) = &form.title {
        out.line(indent, &style(title).bold().to_string());
    }
    if let Some(description) = &form.description {
        out.line(indent, &style(description).dim().to_string());
    }
    for field in &form.fields {
        render_field(out, indent, field);
    }
}

fn render_field(out: &mut Rendered, indent: usize, field: &Field) {
    if !field.is_visible() {
        return;
    }
    let mut head = format!("{} ({}", field.label(), field.kind.describe());
    if field.required {
        head.push_str(", required");
    }
    if field.disabled {
        head.push_str(", read-only");
    }
    head.push(')');
    // A group's value is its fields'.
    let grouped = matches!(field.kind, FieldKind::Group | FieldKind::OneOfGroup);
    match (&field.value, &field.default) {
        _ if grouped => {}
        (Some(value), _) => head.push_str(&format!(": {}", value_text(field, value))),
        (None, Some(default)) => head.push_str(&format!(": {} (default)", value_text(field, default))),
        (None, None) => {}
    }
    out.line(indent, &head);
    let inner = indent + 1;
    if let Some(description) = &field.description {
        out.line(inner, &style(description).dim().to_string());
    }
    if field.value.is_none() {
        if let Some(placeholder) = &field.placeholder {
            out.line(inner, &style(format!("e.g. {placeholder}")).dim().to_string());
        }
    }
    if let Some(help) = &field.help {
        out.line(inner, &style(format!("? {}", markdown::render(help))).dim().to_string());
    }
    if let Some(error) = &field.error {
        out.line(inner, &style(format!("✖ {error}")).red().to_string());
    }
    match field.kind {
        FieldKind::Select | FieldKind::Radio | FieldKind::MultiSelect => {
            for choice in field.choices.iter().take(SHOWN_CHOICES) {
                let mut text = format!("• {}", choice.title);
                if let Some(d) = &choice.description {
                    text.push_str(&format!(" — {d}"));
                }
                if choice.disabled {
                    text.push_str(" (disabled)");
                }
                out.line(inner, &text);
            }
            if field.choices.len() > SHOWN_CHOICES {
                out.line(inner, &format!("… and {} more", field.choices.len() - SHOWN_CHOICES));
            }
        }
        FieldKind::Group => {
            for child in &field.fields {
                render_field(out, inner, child);
            }
        }
        FieldKind::OneOfGroup => {
            for alternative in &field.alternatives {
                let mark = if alternative.selected { "◉" } else { "○" };
                let mut text = format!("{mark} {}", alternative.title);
                if let Some(d) = &alternative.description {
                    text.push_str(&format!(" — {d}"));
                }
                out.line(inner, &text);
                if alternative.selected {
                    for child in &alternative.fields {
                        render_field(out, inner + 1, child);
                    }
                }
            }
        }
        _ => {}
    }
}
