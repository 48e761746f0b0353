//! Rules for response bodies other than a step: Action, Error, Modal and
//! Search Response Bodies (the Subflow body is checked as a subflow behavior).

use serde_json::Value;

use super::layout::{check_layouts, Scope};
use super::step::check_analytics;
use super::{Report, Validate};
use crate::{
    ActionResponseBody, ErrorResponseBody, ModalResponseBody, Pointer, SearchResponseBody, SearchResult,
};

impl Validate for ActionResponseBody {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        self.action.validate_at(&path.key("action"), report);
    }
}

impl Validate for ErrorResponseBody {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        if self.error.is_none() && self.validation.as_ref().is_none_or_null() {
            report.warning(path, "neither error nor validation; hosts show a generic error");
        }
        if let Some(validation) = &self.validation {
            if !matches!(validation, Value::Object(_) | Value::Null) {
                report.warning(&path.key("validation"), "not an object shaped like the model");
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

impl Validate for ModalResponseBody {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        if self.content.is_empty() {
            report.warning(&path.key("content"), "empty modal");
        }
        check_layouts(&self.content, &path.key("content"), &Scope::detached(), report);
    }
}

impl Validate for SearchResponseBody {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        for (i, result) in self.results.iter().enumerate() {
            result.validate_at(&path.key("results").index(i), report);
        }
    }
}

impl Validate for SearchResult {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        match self {
            SearchResult::Action(r) => r.value.validate_at(&path.key("value"), report),
            SearchResult::Search(r) => {
                if r.value.as_ref().is_none_or_null() {
                    report.error(&path.key("value"), "required: the follow-up query");
                }
            }
            SearchResult::Unknown(raw) => {
                let kind = raw.get("type").and_then(Value::as_str).unwrap_or("(none)");
                report.warning(
                    &path.key("type"),
                    format!("unknown search result type {kind:?}; hosts may skip it"),
                );
            }
        }
    }
}

/// `Option<&Value>`: absent or JSON `null`.
trait NullExt {
    fn is_none_or_null(&self) -> bool;
}

impl NullExt for Option<&Value> {
    fn is_none_or_null(&self) -> bool {
        self.is_none_or(Value::is_null)
    }
}
