//! Validation: every problem at once, each with a JSON Pointer and a message,
//! split into errors (the document breaks the spec) and warnings (legal but
//! risky or deprecated).
//!
//! The rules live in submodules by subject: `step` (the step and its small
//! objects), `layout`, `schema`, `flow` (actions, behaviors, polling) and
//! `response` (response bodies).

use std::fmt;

use crate::{Pointer, Step};

mod flow;
mod layout;
mod response;
mod schema;
mod step;

/// How deep validation descends into nested layouts, schemas and behaviors
/// (counted together, per thread). Parsed documents never go deeper (see
/// [`MAX_NESTING_DEPTH`](crate::MAX_NESTING_DEPTH)); the bound protects
/// against values built deeper in code.
const MAX_VALIDATION_DEPTH: usize = crate::MAX_NESTING_DEPTH;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of nesting, held while a layout, schema or behavior is checked.
struct Nested(());

impl Nested {
    /// Enters one level; past the bound, reports an error at `path` and
    /// returns `None` (the value and what it holds are not checked).
    fn enter(path: &Pointer, report: &mut Report) -> Option<Nested> {
        DEPTH.with(|depth| {
            let next = depth.get() + 1;
            if next > MAX_VALIDATION_DEPTH {
                report.error(
                    path,
                    format!("nested more than {MAX_VALIDATION_DEPTH} layouts, schemas and behaviors deep; not checked"),
                );
                return None;
            }
            depth.set(next);
            Some(Nested(()))
        })
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

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

    /// Whether there is no problem at all (no error, no warning).
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problem at `path` with this exact message, if any (handy in tests).
    pub fn find(&self, path: &str, message: &str) -> Option<&Problem> {
        self.problems.iter().find(|p| p.path.as_str() == path && p.message == message)
    }
}

impl fmt::Display for Report {
    /// One problem per line, as `path: severity: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        Ok(())
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
