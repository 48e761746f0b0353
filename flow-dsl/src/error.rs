//! [`BuildError`]: why a build failed, with every problem at its JSON Pointer.

use flow_model::Problem;

/// A build whose result would break the protocol.
///
/// It lists **every** problem at once, in the order found: required members
/// that were never set, invalid builder input (a non-finite number, an
/// `extra` key that collides with a known member, `raw` JSON of the wrong
/// shape), and every rule of `flow_model`'s validation that the result breaks.
/// Each problem carries the JSON Pointer of the member it is about, relative
/// to the document being built.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let err = Step::build(|s| {
///     s.title("Waiting");
///     s.polling(|p| { p.url("/status"); p.delay(5); });
/// })
/// .unwrap_err();
/// let paths: Vec<&str> = err.paths().collect();
/// assert_eq!(paths, ["/id", "/polling/maxAttempts", "/polling/onError"]);
/// assert!(err.to_string().starts_with("cannot build Step: 3 problems: /id: required"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot build {what}: {}", summary(.problems))]
#[non_exhaustive]
pub struct BuildError {
    /// What was being built (`"Step"`, `"Action"`, …).
    pub what: &'static str,
    /// Every error found (never empty), in the order found.
    pub problems: Vec<Problem>,
}

impl BuildError {
    /// The JSON Pointer of each problem, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.problems.iter().map(|p| p.path.as_str())
    }

    /// The first problem at exactly `path`, if any.
    pub fn at(&self, path: &str) -> Option<&Problem> {
        self.problems.iter().find(|p| p.path.as_str() == path)
    }
}

fn summary(problems: &[Problem]) -> String {
    let count = match problems.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let lines: Vec<String> = problems
        .iter()
        .map(|p| {
            let path = if p.path.as_str().is_empty() { "/" } else { p.path.as_str() };
            format!("{path}: {}", p.message)
        })
        .collect();
    format!("{count}: {}", lines.join("; "))
}
