//! Rules for [`Layout`] components: every trigger (button, decision option,
//! call to action…) needs a valid behavior or 1.x action, a `form` must name
//! an existing schema, required members must be present, and unknown kinds
//! are reported as warnings.

use serde_json::Value;

use super::flow::{blank, check_method, check_trigger};
use super::{Nested, Report, Validate};
use crate::layout::{FormLayout, Layout};
use crate::{Pointer, Schema};

/// What the layouts being checked can refer to.
#[derive(Debug, Clone, Default)]
pub(super) struct Scope<'a> {
    /// The `$id`s of the step's root schemas; `None` when the layouts are not
    /// part of a step (a modal body, a lone component), so `form` references
    /// cannot be checked.
    schema_ids: Option<Vec<&'a str>>,
}

impl<'a> Scope<'a> {
    /// Layouts of a step whose root schemas have these ids.
    pub(super) fn with_schemas(schemas: &'a [Schema]) -> Self {
        Scope { schema_ids: Some(schemas.iter().filter_map(Schema::id).collect()) }
    }

    /// Layouts outside a step.
    pub(super) fn detached() -> Self {
        Scope { schema_ids: None }
    }
}

/// Checks a list of components at `path` (`path/0`, `path/1`, …).
pub(super) fn check_layouts(layouts: &[Layout], path: &Pointer, scope: &Scope<'_>, report: &mut Report) {
    for (i, layout) in layouts.iter().enumerate() {
        check_layout(layout, &path.index(i), scope, report);
    }
}

impl Validate for Layout {
    /// Checks a component on its own: `form` references are not checked,
    /// as there is no step to look schemas up in.
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        check_layout(self, path, &Scope::detached(), report);
    }
}

fn check_layout(layout: &Layout, path: &Pointer, scope: &Scope<'_>, report: &mut Report) {
    let Some(_nested) = Nested::enter(path, report) else { return };
    for trigger in layout.triggers() {
        let at = if trigger.path.is_empty() { path.clone() } else { path.raw(&trigger.path) };
        check_trigger(trigger.behavior, trigger.action, trigger.required, &at, report);
    }
    match layout {
        Layout::Form(form) => check_form(form, path, scope, report),
        Layout::Image(image) if blank(image.url.as_deref()) && image.content.is_none() => {
            report.error(&path.key("url"), "required (or content)");
        }
        Layout::Media(media) if !media.media.is_object() => {
            report.error(&path.key("media"), "required: a Media object");
        }
        Layout::Modal(modal) if modal.content.is_none() => report.error(&path.key("content"), "required"),
        Layout::Progress(progress) => {
            if let Some(p) = progress.progress.as_ref().and_then(|n| n.as_f64()) {
                if !(0.0..=1.0).contains(&p) {
                    report.warning(&path.key("progress"), "outside 0..=1; clamped");
                }
            }
        }
        Layout::Search(search) => {
            if search.url.trim().is_empty() {
                report.error(&path.key("url"), "required");
            }
            if search.param.trim().is_empty() {
                report.error(&path.key("param"), "required");
            }
            check_method(search.method.as_deref(), &path.key("method"), report);
        }
        Layout::Unknown(raw) => {
            let kind = raw.get("type").and_then(Value::as_str).unwrap_or("(none)");
            report.warning(&path.key("type"), format!("unknown layout type {kind:?}; hosts may skip it"));
        }
        _ => {}
    }
    for (segments, child) in layout.children() {
        check_layout(child, &path.raw(&segments), scope, report);
    }
}

fn check_form(form: &FormLayout, path: &Pointer, scope: &Scope<'_>, report: &mut Report) {
    if let Some(schema) = form.inline_schema() {
        // Earliest 1.x: the schema itself sits in the form.
        report
            .warning(&path.key("schema"), "inline schema (early 1.x); send it in /schemas and name its $id");
        schema.validate_at(&path.key("schema"), report);
        return;
    }
    let Some(ids) = &scope.schema_ids else { return };
    let at = if form.schema_id.is_some() { path.key("schemaId") } else { path.key("schema").key("$ref") };
    match form.target_schema_id() {
        None if form.schema_id.is_none() && form.schema.is_none() => {
            report.error(&path.key("schemaId"), "required");
        }
        None => report.error(&at, "must be a string"),
        Some(id) if !ids.contains(&id) => {
            report.error(&at, format!("no schema with $id {id:?} in /schemas"));
        }
        Some(_) => {
            if form.schema_id.is_none() {
                report.warning(&path.key("schema"), "deprecated (1.x); send schemaId");
            }
        }
    }
}
