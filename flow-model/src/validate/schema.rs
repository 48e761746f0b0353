//! Rules for [`Schema`]s: consistent bounds, names that exist, patterns that
//! compile, complete `persistAsync` / `validationAsync` blocks, and unknown
//! kinds reported as warnings.

use super::flow::{check_method, check_required_url};
use super::{Nested, Report, Validate};
use crate::schema::{PersistAsync, ValidationAsync};
use crate::{Pointer, Schema};

impl Validate for Schema {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        check_schema(self, path, report);
    }
}

impl Validate for PersistAsync {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        check_required_url(&self.url, &path.key("url"), report);
        check_method(self.method.as_deref(), &path.key("method"), report);
        if self.param.trim().is_empty() {
            report.error(&path.key("param"), "required");
        }
        if self.id_property.trim().is_empty() {
            report.error(&path.key("idProperty"), "required");
        }
        match &self.schema {
            None => report.error(&path.key("schema"), "required"),
            Some(schema) => schema.validate_at(&path.key("schema"), report),
        }
    }
}

impl Validate for ValidationAsync {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        check_required_url(&self.url, &path.key("url"), report);
        check_method(self.method.as_deref(), &path.key("method"), report);
        if self.param.as_deref().is_some_and(|p| p.trim().is_empty()) {
            report.error(&path.key("param"), "must not be empty");
        }
    }
}

fn check_schema(schema: &Schema, path: &Pointer, report: &mut Report) {
    let Some(_nested) = Nested::enter(path, report) else { return };
    let mut persist = None;
    let mut validation = None;
    match schema {
        Schema::String(s) => {
            bounds(s.min_length, s.max_length, &path.key("minLength"), "maxLength", report);
            if let Some(pattern) = &s.pattern {
                if let Err(e) = crate::Pattern::new(pattern) {
                    report.error(&path.key("pattern"), format!("not an ECMA-262 regular expression ({e})"));
                }
            }
            if let (Some(default), Some(max)) = (&s.default, s.max_length) {
                if default.chars().count() as u64 > max {
                    report.warning(&path.key("default"), "longer than maxLength");
                }
            }
            persist = s.persist_async.as_ref();
            validation = s.validation_async.as_ref();
        }
        Schema::Number(s) | Schema::Integer(s) => {
            let min = s.minimum.as_ref().and_then(|n| n.as_f64());
            let max = s.maximum.as_ref().and_then(|n| n.as_f64());
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    report.error(&path.key("minimum"), "greater than maximum");
                }
            }
            if let Some(d) = s.default.as_ref().and_then(|n| n.as_f64()) {
                if min.is_some_and(|m| d < m) || max.is_some_and(|m| d > m) {
                    report.warning(&path.key("default"), "outside minimum..maximum");
                }
            }
            if matches!(schema, Schema::Integer(_)) && s.default.as_ref().is_some_and(|n| n.is_f64()) {
                report.warning(&path.key("default"), "not an integer");
            }
            persist = s.persist_async.as_ref();
            validation = s.validation_async.as_ref();
        }
        Schema::Boolean(s) => {
            persist = s.persist_async.as_ref();
            validation = s.validation_async.as_ref();
        }
        Schema::Array(s) => {
            bounds(s.min_items, s.max_items, &path.key("minItems"), "maxItems", report);
            if s.items.is_none() {
                report.error(&path.key("items"), "required");
            }
            persist = s.persist_async.as_ref();
            validation = s.validation_async.as_ref();
        }
        Schema::Tuple(s) if s.items.is_empty() => report.warning(&path.key("items"), "empty tuple"),
        Schema::OneOf(s) => {
            if s.one_of.is_empty() {
                report.error(&path.key("oneOf"), "must not be empty");
            }
            persist = s.persist_async.as_ref();
        }
        Schema::AllOf(s) if s.all_of.is_empty() => report.error(&path.key("allOf"), "must not be empty"),
        Schema::Object(s) => {
            for name in s.required.iter().flatten() {
                if !s.properties.contains_key(name) {
                    report
                        .error(&path.key("required"), format!("names {name:?}, which is not in properties"));
                }
            }
            for name in s.display_order.iter().flatten() {
                if !s.properties.contains_key(name) {
                    report.warning(
                        &path.key("displayOrder"),
                        format!("names {name:?}, which is not in properties"),
                    );
                }
            }
        }
        Schema::Blob(s) if s.max_size == Some(0) => report.warning(&path.key("maxSize"), "0 accepts no file"),
        Schema::Unknown(_) => report.warning(path, "unknown schema kind; kept as sent"),
        _ => {}
    }
    if let Some(p) = persist {
        p.validate_at(&path.key("persistAsync"), report);
    }
    if let Some(v) = validation {
        v.validate_at(&path.key("validationAsync"), report);
    }
    if let Some(help) = schema.help() {
        if help.markdown.trim().is_empty() {
            report.warning(&path.key("help").key("markdown"), "empty help");
        }
    }
    for (segments, child) in schema.children() {
        check_schema(child, &path.raw(&segments), report);
    }
}

/// `min` must not exceed `max`.
fn bounds(min: Option<u64>, max: Option<u64>, at: &Pointer, max_name: &str, report: &mut Report) {
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            report.error(at, format!("greater than {max_name}"));
        }
    }
}
