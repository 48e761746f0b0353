//! Rules for what moves the flow on: [`Action`], [`Behavior`] (and the
//! subflow body), [`Polling`], and the shared check of a `behavior` / 1.x
//! `action` pair.

use serde_json::Value;

use super::{layout, Nested, Report, Validate};
use crate::behavior::{LaunchConfig, SubflowBehavior};
use crate::{Action, Behavior, Pointer, Polling};

/// Whether `method` is a syntactically valid HTTP method (an RFC 9110 token).
fn is_http_token(method: &str) -> bool {
    !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Checks an optional request `method` member at `path`.
pub(super) fn check_method(method: Option<&str>, path: &Pointer, report: &mut Report) {
    if let Some(method) = method {
        if !is_http_token(method.trim()) {
            report.error(path, format!("{method:?} is not an HTTP method"));
        }
    }
}

/// Checks a URL member that must be present and not blank.
pub(super) fn check_required_url(url: &str, path: &Pointer, report: &mut Report) {
    if url.trim().is_empty() {
        report.error(path, "required");
    }
}

/// Checks a holder of a current `behavior` and/or a 1.x `action` at `at`.
///
/// `required`: the holder must trigger something (a button, an option).
pub(super) fn check_trigger(
    behavior: Option<&Behavior>,
    action: Option<&Action>,
    required: bool,
    at: &Pointer,
    report: &mut Report,
) {
    match (behavior, action) {
        (Some(b), a) => {
            if a.is_some() {
                report.warning(&at.key("action"), "ignored: behavior is present and wins");
            }
            b.validate_at(&at.key("behavior"), report);
        }
        (None, Some(a)) => a.validate_at(&at.key("action"), report),
        (None, None) if required => {
            report.error(&at.key("behavior"), "required (or a 1.x action)");
        }
        (None, None) => {}
    }
}

impl Validate for Action {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        match self.url.as_deref().map(str::trim) {
            Some("") if self.is_exit() => report
                .warning(&path.key("url"), "empty on an exiting action; omit it to exit without a request"),
            Some("") | None if !self.is_exit() => {
                report.error(&path.key("url"), "a non-exiting action needs a url")
            }
            _ => {}
        }
        check_method(self.method.as_deref(), &path.key("method"), report);
        if let Some(t) = self.timeout {
            if t <= 0 {
                report.warning(&path.key("timeout"), "must be positive; ignored");
            }
        }
    }
}

impl Validate for Behavior {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        let Some(_nested) = Nested::enter(path, report) else { return };
        match self {
            Behavior::Action(b) => b.action.validate_at(&path.key("action"), report),
            Behavior::Link(l) => check_required_url(&l.url, &path.key("url"), report),
            Behavior::Copy(c) if c.content.is_empty() => {
                report.warning(&path.key("content"), "empty; nothing to copy");
            }
            Behavior::Subflow(s) => s.validate_at(path, report),
            Behavior::Modal(m) => {
                if m.content.is_empty() {
                    report.warning(&path.key("content"), "empty modal");
                }
                layout::check_layouts(&m.content, &path.key("content"), &layout::Scope::detached(), report);
            }
            Behavior::Refresh(r) if r.url.as_deref().is_some_and(|u| u.trim().is_empty()) => {
                report.error(&path.key("url"), "must not be empty; omit it to use the step's refreshUrl");
            }
            Behavior::Unknown(raw) => {
                let kind = raw.get("type").and_then(Value::as_str).unwrap_or("(none)");
                report.warning(&path.key("type"), format!("unknown behavior type {kind:?}; does nothing"));
            }
            _ => {}
        }
    }
}

impl Validate for SubflowBehavior {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        if blank(self.referrer_id.as_deref()) {
            report.error(&path.key("referrerId"), "required");
        }
        match (&self.launch_config, self.launch()) {
            (None, _) => report.error(&path.key("launchConfig"), "required"),
            (Some(raw), LaunchConfig::Other(_)) => {
                if !raw.is_object() {
                    report.error(&path.key("launchConfig"), "must be an object");
                } else if raw.get("type").and_then(Value::as_str) == Some("dynamic") {
                    report.error(
                        &path.key("launchConfig").key("request"),
                        "a dynamic launch config needs a request (an Action)",
                    );
                }
            }
            (Some(_), LaunchConfig::Dynamic { request, .. }) => {
                let at = path.key("launchConfig").key("request");
                if blank(request.url.as_deref()) {
                    report.error(&at.key("url"), "required");
                }
                check_method(request.method.as_deref(), &at.key("method"), report);
            }
        }
        if let Some(b) = &self.on_completion {
            b.validate_at(&path.key("onCompletion"), report);
        }
        if let Some(b) = &self.on_error {
            b.validate_at(&path.key("onError"), report);
        }
    }
}

impl Validate for Polling {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        match self.url.as_deref().map(str::trim) {
            None => report.error(&path.key("url"), "required"),
            Some("") => report.error(&path.key("url"), "must not be empty"),
            Some(_) => {}
        }
        match (self.delay, self.interval) {
            (None, None) => report.error(path, "needs delay or interval"),
            (Some(d), _) if d < 0 => report.error(&path.key("delay"), "must not be negative"),
            (None, Some(i)) if i < 0 => report.error(&path.key("interval"), "must not be negative"),
            (Some(0), _) => report.warning(&path.key("delay"), "0 polls without pause"),
            (None, Some(0)) => report.warning(&path.key("interval"), "0 polls without pause"),
            (None, Some(_)) => report.warning(&path.key("interval"), "deprecated (1.x); send delay"),
            _ => {}
        }
        match self.max_attempts {
            None => report.error(&path.key("maxAttempts"), "required"),
            Some(n) if n < 1 => report.error(&path.key("maxAttempts"), "must be at least 1"),
            Some(_) => {}
        }
        if let Some(t) = self.timeout {
            if t <= 0 {
                report.warning(&path.key("timeout"), "must be positive; ignored");
            }
        }
        match &self.on_error {
            None => report.error(&path.key("onError"), "required"),
            Some(on_error) => {
                let at = path.key("onError");
                if on_error.behavior.is_none() && on_error.action.is_some() {
                    report.warning(&at.key("action"), "deprecated (1.x); send behavior");
                }
                if on_error.behavior.is_none() && on_error.action.is_none() {
                    report.error(&at, "needs behavior or action");
                } else {
                    check_trigger(on_error.behavior.as_ref(), on_error.action.as_ref(), true, &at, report);
                }
            }
        }
    }
}

/// Whether an optional string is absent or blank.
pub(super) fn blank(value: Option<&str>) -> bool {
    value.is_none_or(|s| s.trim().is_empty())
}
