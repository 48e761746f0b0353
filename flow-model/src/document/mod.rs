//! [`validate_document`]: every problem in a step document, type errors
//! included, each with its JSON Pointer, line and column.
//!
//! [`crate::parse`] stops at the first member that does not read as its
//! type. Here the text is read into a [`Value`] first; a member that does
//! not read is reported and cut out (an object member removed, an array
//! element nulled, then removed), and reading goes on until the rest reads
//! as a [`Step`], which is then validated as usual. Problems inside a cut
//! member, or of its parent naming it, follow from the cut and are not
//! reported.

mod positions;

use std::fmt;

use serde_json::Value;

use crate::{Pointer, Severity, Step};
use positions::Positions;

/// At most this many type errors are reported (and cut) in one document.
const MAX_TYPE_ERRORS: usize = 1000;

/// One problem in a document, with its place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentProblem {
    /// Where: a JSON Pointer into the document.
    pub path: Pointer,
    /// What is wrong.
    pub message: String,
    /// How bad it is (a member that does not read as its type is an error).
    pub severity: Severity,
    /// 1-based line of the value in the text (of its nearest ancestor when
    /// the value is missing).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.as_str().is_empty() { "/" } else { self.path.as_str() };
        let severity = match self.severity {
            Severity::Error => "error",
            _ => "warning",
        };
        write!(f, "{path}: {severity}: {} (line {}, column {})", self.message, self.line, self.column)
    }
}

/// Every problem [`validate_document`] found, type errors first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentReport {
    /// The problems, in the order found.
    pub problems: Vec<DocumentProblem>,
}

impl DocumentReport {
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &DocumentProblem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &DocumentProblem> {
        self.problems.iter().filter(|p| p.severity != Severity::Error)
    }

    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }
}

/// Reads `text` as a step and reports every problem: JSON syntax (then
/// nothing else can be read), each member that does not read as its type,
/// and every validation problem of the rest.
///
/// ```
/// let text = r#"{
///   "id": "a", "title": 5, "layout": [],
///   "polling": {"url": "/s", "delay": "soon", "maxAttempts": 0}
/// }"#;
/// let report = flow_model::validate_document(text);
/// let lines: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
/// assert!(lines[0].starts_with("/title: error: invalid type: integer `5`"), "{lines:?}");
/// assert!(lines[0].ends_with("(line 2, column 23)"), "{lines:?}");
/// assert!(lines.iter().any(|l| l.starts_with("/polling/delay: error:") && l.contains("line 3")), "{lines:?}");
/// assert!(!report.is_valid());
/// ```
pub fn validate_document(text: &str) -> DocumentReport {
    let mut report = DocumentReport::default();
    let mut value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            report.problems.push(DocumentProblem {
                path: Pointer::root(),
                message: strip_position(&e.to_string()),
                severity: Severity::Error,
                line: e.line(),
                column: e.column().max(1),
            });
            return report;
        }
    };
    if !value.is_object() {
        report.problems.push(DocumentProblem {
            path: Pointer::root(),
            message: "not a JSON object: a step is an object".to_owned(),
            severity: Severity::Error,
            line: 1,
            column: 1,
        });
        return report;
    }
    let positions = Positions::of(text);
    let problem = |path: Pointer, message: String, severity: Severity| {
        let (line, column) = positions.find(&path);
        DocumentProblem { path, message, severity, line, column }
    };
    let mut cut: Vec<Pointer> = Vec::new();
    // The path cut last and how many times (an array element is replaced
    // by `{}`, then `null`, then removed).
    let mut last: Option<(String, usize)> = None;
    let step = loop {
        match serde_path_to_error::deserialize::<_, Step>(&value) {
            Ok(step) => break Some(step),
            Err(error) => {
                let path = Pointer::from(error.path());
                let tries = match &last {
                    Some((p, n)) if p == path.as_str() => n + 1,
                    _ => 0,
                };
                if tries == 0 {
                    report.problems.push(problem(path.clone(), error.inner().to_string(), Severity::Error));
                    cut.push(path.clone());
                }
                if report.problems.len() >= MAX_TYPE_ERRORS
                    || cut_out(&mut value, path.as_str(), tries).is_none()
                {
                    break None;
                }
                last = Some((path.as_str().to_owned(), tries));
            }
        }
    };
    report.problems.sort_by_key(|p| (p.line, p.column));
    if let Some(step) = step {
        // A problem inside a cut member was already reported as its type
        // error; one of its parent that names it (`needs delay or
        // interval` once `delay` is cut) follows from the cut.
        let follows_from_cut = |found: &crate::Problem| {
            cut.iter().any(|c| {
                let (c, p) = (c.as_str(), found.path.as_str());
                let named = c.rsplit_once('/').is_some_and(|(parent, member)| {
                    parent == p && !member.is_empty() && found.message.contains(member)
                });
                p == c || p.starts_with(&format!("{c}/")) || named
            })
        };
        for found in step.validate().problems() {
            if !follows_from_cut(found) {
                report.problems.push(problem(found.path.clone(), found.message.clone(), found.severity));
            }
        }
    }
    report
}

/// Cuts the value at `pointer` out of `value`: removes an object member;
/// replaces an array element by `{}` (which reads as an unknown layout or
/// schema, keeping the indices of the elements after it), on the next try
/// by `null`, then removes it. `None` when there is nothing to cut (the
/// root, or a path that is not there).
fn cut_out(value: &mut Value, pointer: &str, tries: usize) -> Option<()> {
    let (parent, token) = pointer.rsplit_once('/')?;
    let token = token.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent)? {
        Value::Object(object) => object.remove(&token).map(|_| ()),
        Value::Array(items) => {
            let index: usize = token.parse().ok()?;
            let item = items.get_mut(index)?;
            match tries {
                0 => *item = Value::Object(serde_json::Map::new()),
                1 => *item = Value::Null,
                _ => {
                    items.remove(index);
                }
            }
            Some(())
        }
        _ => None,
    }
}

/// serde_json appends " at line L column C"; the problem carries those apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        validate_document(text).problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_type_error_is_reported_and_the_rest_validated() {
        let text = r#"{
  "id": "a",
  "title": ["not", "a", "string"],
  "layout": [
    {"type": "paragraph", "text": 7},
    {"type": "heading", "text": "ok"},
    {"type": "box", "components": "nope"}
  ],
  "polling": {"url": "/s", "delay": "soon", "maxAttempts": 0, "onError": {"action": {"exit": true}}},
  "linkHandlers": [{"regexPattern": "(?=x"}]
}"#;
        let found = lines(text);
        let at = |prefix: &str| {
            found.iter().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {found:#?}"))
        };
        assert!(at("/title: error: invalid type").ends_with("(line 3, column 12)"));
        assert!(at("/layout/0").contains("line 5"));
        assert!(at("/layout/2").contains("line 7"));
        assert!(at("/polling/delay: error:").contains("line 9"));
        assert!(at("/linkHandlers/0").contains("line 10"));
        assert!(at("/polling/maxAttempts: error: must be at least 1").contains("line 9"));
        // Nothing is reported inside a member already reported as unreadable.
        assert!(
            !found.iter().any(|l| l.starts_with("/layout/0/") || l.starts_with("/layout/2/")),
            "{found:#?}"
        );
        // Type errors in the order of the text.
        let type_errors: Vec<&String> = found.iter().filter(|l| l.contains("invalid type")).collect();
        assert_eq!(type_errors.len(), 4, "{found:#?}");
    }

    #[test]
    fn validation_problems_carry_their_place() {
        let text = "{\"id\": \"a\", \"title\": \"T\", \"schemas\": [],\n \"layout\": [{\"type\": \"form\", \"schemaId\": \"#nope\"}]}";
        assert_eq!(
            lines(text),
            ["/layout/0/schemaId: error: no schema with $id \"#nope\" in /schemas (line 2, column 42)"]
        );
    }

    #[test]
    fn syntax_errors_stop_with_their_place() {
        assert_eq!(lines("{\"id\": \"a\",\n  oops}").len(), 1);
        assert!(lines("{\"id\": \"a\",\n  oops}")[0]
            .starts_with("/: error: key must be a string (line 2, column 3)"));
        assert_eq!(lines("[1, 2]"), ["/: error: not a JSON object: a step is an object (line 1, column 1)"]);
    }

    #[test]
    fn a_valid_document_has_no_problems() {
        assert!(lines(r#"{"id": "a", "title": "A", "schemas": [], "layout": []}"#).is_empty());
    }
}
