//! Validation: every problem at once, each with a JSON Pointer and a message,
//! split into errors (the document breaks the spec) and warnings (legal but
//! risky or deprecated).

use std::fmt;

use crate::layout::Layout;
use crate::{Action, Behavior, Pointer, Polling, Schema, Step};

/// How bad a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// Legal but risky, deprecated or ignored.
    Warning,
    /// Breaks the protocol.
    Error,
}

/// One problem found by validation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// Where: a JSON Pointer into the validated document.
    pub path: Pointer,
    /// What is wrong.
    pub message: String,
    /// How bad it is.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = if self.path.as_str().is_empty() { "/" } else { self.path.as_str() };
        write!(f, "{path}: {kind}: {}", self.message)
    }
}

/// Every problem found in a document.
///
/// ```
/// let step: flow_model::Step = serde_json::from_str(
///     r#"{"id": "wait", "title": "Wait", "schemas": [], "layout": [],
///         "polling": {"url": "/status", "maxAttempts": 0, "onError": {"action": {"exit": true}}}}"#,
/// )?;
/// let report = step.validate();
/// let errors: Vec<String> = report.errors().map(|p| format!("{}: {}", p.path, p.message)).collect();
/// assert!(errors.contains(&"/polling/maxAttempts: must be at least 1".to_string()));
/// assert!(errors.contains(&"/polling: needs delay or interval".to_string()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    problems: Vec<Problem>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `path`.
    pub fn error(&mut self, path: &Pointer, message: impl Into<String>) {
        self.push(path, message, Severity::Error);
    }

    /// Records a warning at `path`.
    pub fn warning(&mut self, path: &Pointer, message: impl Into<String>) {
        self.push(path, message, Severity::Warning);
    }

    fn push(&mut self, path: &Pointer, message: impl Into<String>, severity: Severity) {
        self.problems.push(Problem { path: path.clone(), message: message.into(), severity });
    }

    /// Every problem, in document order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Warning)
    }

    /// Whether there is no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Appends another report's problems.
    pub fn extend(&mut self, other: Report) {
        self.problems.extend(other.problems);
    }
}

/// A type with validation rules.
pub trait Validate {
    /// Adds this value's problems, located under `path`, to `report`.
    fn validate_at(&self, path: &Pointer, report: &mut Report);

    /// Validates this value as a whole document.
    fn validate(&self) -> Report {
        let mut report = Report::new();
        self.validate_at(&Pointer::root(), &mut report);
        report
    }
}

impl Step {
    /// Validates the step (see [`Validate`]).
    pub fn validate(&self) -> Report {
        Validate::validate(self)
    }
}

impl Validate for Step {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        if self.id.as_deref().is_none_or(str::is_empty) {
            report.error(&path.key("id"), "required");
        }
        if self.title.is_none() {
            report.warning(&path.key("title"), "missing; reads as \"\"");
        }
        if self.schemas.is_none() {
            report.warning(&path.key("schemas"), "missing; reads as []");
        }
        if self.layout.is_none() {
            report.error(&path.key("layout"), "required");
        }
        let schema_ids: Vec<&str> = self.schemas().iter().filter_map(Schema::id).collect();
        for (i, schema) in self.schemas().iter().enumerate() {
            let at = path.key("schemas").index(i);
            if schema.id().is_none() {
                report.warning(&at.key("$id"), "root schema has no $id, so no form can show it");
            }
            schema.validate_at(&at, report);
        }
        for (i, layout) in self.layout().iter().enumerate() {
            validate_layout(layout, &path.key("layout").index(i), &schema_ids, report);
        }
        if let Some(external) = &self.external {
            if external.url.trim().is_empty() {
                report.error(&path.key("external").key("url"), "required");
            }
        }
        if let Some(polling) = &self.polling {
            polling.validate_at(&path.key("polling"), report);
        }
        for (i, handler) in self.link_handlers().iter().enumerate() {
            let at = path.key("linkHandlers").index(i);
            if handler.regex_pattern.is_empty() {
                report.error(&at.key("regexPattern"), "required");
            }
            handler.action.validate_at(&at.key("action"), report);
        }
        if let Some(back) = self.navigation.as_ref().and_then(|n| n.back.as_ref()) {
            back.action.validate_at(&path.key("navigation").key("back").key("action"), report);
        }
        if let Some(stack) = self.navigation.as_ref().and_then(|n| n.stack_behavior.as_ref()) {
            if let crate::StackBehavior::Unknown(value) = stack {
                report.warning(
                    &path.key("navigation").key("stackBehavior"),
                    format!("unknown value {value:?}; reads as \"default\""),
                );
            }
        }
    }
}

fn validate_layout(layout: &Layout, path: &Pointer, schema_ids: &[&str], report: &mut Report) {
    match layout {
        Layout::Form(form) => match form.target_schema_id() {
            None => report.error(&path.key("schemaId"), "required"),
            Some(id) if !schema_ids.contains(&id) => {
                report.error(&path.key("schemaId"), format!("no schema with $id {id:?} in /schemas"));
            }
            Some(_) => {}
        },
        Layout::Button(button) => {
            if button.behavior.is_none() && button.action.is_none() {
                report.error(&path.key("behavior"), "a button needs a behavior (or a 1.x action)");
            }
            if let Some(b) = &button.behavior {
                b.validate_at(&path.key("behavior"), report);
            } else if let Some(a) = &button.action {
                a.validate_at(&path.key("action"), report);
            }
        }
        Layout::Decision(decision) => {
            for (i, option) in decision.options.iter().enumerate() {
                let at = path.key("options").index(i);
                match (&option.behavior, &option.action) {
                    (Some(b), _) => b.validate_at(&at.key("behavior"), report),
                    (None, Some(a)) => a.validate_at(&at.key("action"), report),
                    (None, None) => report.error(&at, "an option needs a behavior (or a 1.x action)"),
                }
            }
        }
        Layout::Unknown(raw) => {
            let kind = raw.get("type").and_then(|t| t.as_str()).unwrap_or("(none)");
            report.warning(&path.key("type"), format!("unknown layout type {kind:?}; hosts may skip it"));
        }
        _ => {}
    }
    for (segments, child) in layout.children() {
        validate_layout(child, &path.raw(&segments), schema_ids, report);
    }
}

impl Validate for Schema {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        match self {
            Schema::String(s) => {
                if let (Some(min), Some(max)) = (s.min_length, s.max_length) {
                    if min > max {
                        report.error(&path.key("minLength"), "greater than maxLength");
                    }
                }
            }
            Schema::Number(s) | Schema::Integer(s) => {
                if let (Some(min), Some(max)) =
                    (s.minimum.as_ref().and_then(|n| n.as_f64()), s.maximum.as_ref().and_then(|n| n.as_f64()))
                {
                    if min > max {
                        report.error(&path.key("minimum"), "greater than maximum");
                    }
                }
            }
            Schema::OneOf(s) if s.one_of.is_empty() => report.error(&path.key("oneOf"), "must not be empty"),
            Schema::Object(s) => {
                for name in s.required.iter().flatten() {
                    if !s.properties.contains_key(name) {
                        report.error(
                            &path.key("required"),
                            format!("names {name:?}, which is not in properties"),
                        );
                    }
                }
            }
            Schema::Unknown(_) => report.warning(path, "unknown schema kind; kept as sent"),
            _ => {}
        }
        for (segments, child) in self.children() {
            child.validate_at(&path.raw(&segments), report);
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
            Some(on_error) => match (&on_error.behavior, &on_error.action) {
                (Some(b), _) => b.validate_at(&path.key("onError").key("behavior"), report),
                (None, Some(a)) => {
                    report.warning(&path.key("onError").key("action"), "deprecated (1.x); send behavior");
                    a.validate_at(&path.key("onError").key("action"), report);
                }
                (None, None) => report.error(&path.key("onError"), "needs behavior or action"),
            },
        }
    }
}

impl Validate for Action {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        let has_url = self.url.as_deref().is_some_and(|u| !u.trim().is_empty());
        if !self.is_exit() && !has_url {
            report.error(&path.key("url"), "a non-exiting action needs a url");
        }
        if let Some(t) = self.timeout {
            if t <= 0 {
                report.warning(&path.key("timeout"), "must be positive; ignored");
            }
        }
    }
}

impl Validate for Behavior {
    fn validate_at(&self, path: &Pointer, report: &mut Report) {
        match self {
            Behavior::Action(b) => b.action.validate_at(&path.key("action"), report),
            Behavior::Link(l) if l.url.trim().is_empty() => report.error(&path.key("url"), "required"),
            Behavior::Subflow(s) => {
                if s.launch_config.is_none() {
                    report.error(&path.key("launchConfig"), "required");
                }
                if let Some(b) = &s.on_completion {
                    b.validate_at(&path.key("onCompletion"), report);
                }
                if let Some(b) = &s.on_error {
                    b.validate_at(&path.key("onError"), report);
                }
            }
            Behavior::Modal(m) => {
                for (i, l) in m.content.iter().enumerate() {
                    validate_layout(l, &path.key("content").index(i), &[], report);
                }
            }
            Behavior::Unknown(raw) => {
                let kind = raw.get("type").and_then(|t| t.as_str()).unwrap_or("(none)");
                report.warning(&path.key("type"), format!("unknown behavior type {kind:?}; does nothing"));
            }
            _ => {}
        }
    }
}
