//! Rules for a [`Step`] as a whole and its small objects: required members,
//! unique root schema ids, link handlers whose patterns compile, navigation,
//! refresh-on-change wiring and analytics.

use std::collections::HashSet;

use serde_json::Value;

use super::flow::blank;
use super::layout::{check_layouts, Scope};
use super::{Report, Validate};
use crate::{Extra, LinkHandler, Pointer, Schema, StackBehavior, Step};

impl Validate for Step {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        if blank(self.id.as_deref()) {
            if blank(self.key.as_deref()) {
                report.error(&path.key("id"), "required");
            } else {
                report.warning(&path.key("key"), "1.x step name; reads as id");
            }
        }
        if self.title.is_none() {
            report.warning(&path.key("title"), "missing; reads as \"\"");
        }
        if self.schemas.is_none() {
            report.warning(&path.key("schemas"), "missing; reads as []");
        }
        match (&self.layout, self.step_type.as_deref()) {
            (None, None) => report.error(&path.key("layout"), "required"),
            (None, Some(kind)) if crate::legacy::is_pre_layout_step_type(kind) => report.warning(
                &path.key("type"),
                format!("pre-layout 1.x step type {kind:?}; its layout is built from its members"),
            ),
            (None, Some(kind)) => report
                .error(&path.key("type"), format!("unknown pre-layout step type {kind:?} and no layout")),
            (Some(_), Some(kind)) => report.warning(
                &path.key("type"),
                format!("pre-layout 1.x step type {kind:?} beside a layout; only layout is rendered"),
            ),
            (Some(_), None) => {}
        }
        check_schemas(self, path, report);
        check_layouts(self.layout(), &path.key("layout"), &Scope::with_schemas(self.schemas()), report);
        if let Some(external) = &self.external {
            if external.url.trim().is_empty() {
                report.error(&path.key("external").key("url"), "required");
            }
        }
        if let Some(polling) = &self.polling {
            polling.validate_at(&path.key("polling"), report);
        }
        for (i, handler) in self.link_handlers().iter().enumerate() {
            handler.validate_at(&path.key("linkHandlers").index(i), report);
        }
        if let Some(navigation) = &self.navigation {
            let at = path.key("navigation");
            if let Some(back) = &navigation.back {
                back.action.validate_at(&at.key("back").key("action"), report);
            }
            if let Some(StackBehavior::Unknown(value)) = &navigation.stack_behavior {
                report.warning(
                    &at.key("stackBehavior"),
                    format!("unknown value {value:?}; reads as \"default\""),
                );
            }
        }
        if self.refresh_url.as_deref().is_some_and(|u| u.trim().is_empty()) {
            report.error(&path.key("refreshUrl"), "must not be empty");
        }
        if let Some(analytics) = &self.analytics {
            check_analytics(analytics, &path.key("analytics"), report);
        }
    }
}

impl Validate for LinkHandler {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        if self.regex_pattern.is_empty() {
            report.error(&path.key("regexPattern"), "required");
        } else if let Err(e) = crate::Pattern::new(&self.regex_pattern) {
            report.error(&path.key("regexPattern"), format!("not an ECMA-262 regular expression ({e})"));
        }
        self.action.validate_at(&path.key("action"), report);
    }
}

/// Root schemas: ids, duplicates, per-schema rules and refresh-on-change wiring.
fn check_schemas(step: &Step, path: &Pointer, report: &mut Report) {
    let mut seen = HashSet::new();
    for (i, schema) in step.schemas().iter().enumerate() {
        let at = path.key("schemas").index(i);
        match schema.id() {
            None => report.warning(&at.key("$id"), "root schema has no $id, so no form can show it"),
            Some(id) if !seen.insert(id) => {
                report.error(&at.key("$id"), format!("duplicate root schema $id {id:?}"));
            }
            Some(_) => {}
        }
        schema.validate_at(&at, report);
        if blank(step.refresh_url.as_deref()) {
            check_refresh_wiring(schema, &at, report, 0);
        }
    }
}

/// Warns about `refreshStepOnChange` schemas when the step has no `refreshUrl`
/// (a schema-level 1.x `refreshUrl` counts).
fn check_refresh_wiring(schema: &Schema, path: &Pointer, report: &mut Report, depth: usize) {
    if depth > crate::MAX_NESTING_DEPTH {
        return; // reported by the schema rules
    }
    let own_url = schema.extra().and_then(|e| e.get("refreshUrl")).and_then(Value::as_str);
    if schema.refreshes_step_on_change() && blank(own_url) {
        report.warning(&path.key("refreshStepOnChange"), "has no effect: the step has no refreshUrl");
    }
    for (segments, child) in schema.children() {
        check_refresh_wiring(child, &path.raw(&segments), report, depth + 1);
    }
}

/// Analytics maps are string → string on the wire.
pub(super) fn check_analytics(analytics: &Extra, path: &Pointer, report: &mut Report) {
    for (key, value) in analytics {
        if !value.is_string() {
            report.warning(&path.key(key), "not a string; hosts may drop it");
        }
    }
}
