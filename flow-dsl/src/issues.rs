//! [`Issues`]: problems a builder found, located relative to the object it
//! builds, re-rooted as they travel up to the document being built.

use flow_model::{Pointer, Report};

use crate::error::BuildError;

/// Joins a relative pointer under `prefix` (`/polling` + `/url` → `/polling/url`).
pub(crate) fn join(prefix: &Pointer, relative: &Pointer) -> Pointer {
    match relative.as_str().strip_prefix('/') {
        Some(rest) => prefix.raw(rest),
        None => prefix.clone(),
    }
}

/// Whether `path` is `prefix` itself or lies under it.
pub(crate) fn is_under(path: &Pointer, prefix: &Pointer) -> bool {
    let (path, prefix) = (path.as_str(), prefix.as_str());
    path == prefix || (path.starts_with(prefix) && path[prefix.len()..].starts_with('/'))
}

/// Errors found while building one object, each at a pointer relative to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Issues(Vec<(Pointer, String)>);

impl Issues {
    /// Records an error at `path` (relative to the object).
    pub(crate) fn add(&mut self, path: Pointer, message: impl Into<String>) {
        self.0.push((path, message.into()));
    }

    /// Records an error at the member `key`.
    pub(crate) fn at(&mut self, key: &str, message: impl Into<String>) {
        self.add(Pointer::root().key(key), message);
    }

    /// Records an error on the object itself.
    pub(crate) fn here(&mut self, message: impl Into<String>) {
        self.add(Pointer::root(), message);
    }

    /// Takes in a nested object's issues, located under `prefix`.
    pub(crate) fn nest(&mut self, prefix: &Pointer, inner: Issues) {
        if inner.0.is_empty() {
            return;
        }
        self.0.extend(inner.0.into_iter().map(|(path, message)| (join(prefix, &path), message)));
    }

    /// Takes in the errors of a failed nested build, located under `prefix`.
    pub(crate) fn nest_error(&mut self, prefix: &Pointer, error: &BuildError) {
        for problem in &error.problems {
            self.add(join(prefix, &problem.path), problem.message.clone());
        }
    }

    /// Forgets every issue at or under `prefix` (a member being set again).
    pub(crate) fn clear(&mut self, prefix: &Pointer) {
        self.0.retain(|(path, _)| !is_under(path, prefix));
    }

    /// Replaces the issues under `prefix` with `inner`'s.
    pub(crate) fn replace(&mut self, prefix: &Pointer, inner: Issues) {
        self.clear(prefix);
        self.nest(prefix, inner);
    }

    /// Whether nothing was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Writes the issues into `report` as errors.
    pub(crate) fn into_report(self, report: &mut Report) {
        for (path, message) in self.0 {
            report.error(&path, message);
        }
    }
}

/// A pointer to one member of the object being built.
pub(crate) fn member(key: &str) -> Pointer {
    Pointer::root().key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_under() {
        let prefix = Pointer::root().key("polling");
        assert_eq!(join(&prefix, &Pointer::root()).as_str(), "/polling");
        assert_eq!(join(&prefix, &Pointer::root().key("a/b")).as_str(), "/polling/a~1b");
        assert!(is_under(&Pointer::root().key("polling").key("url"), &prefix));
        assert!(is_under(&prefix, &prefix));
        assert!(!is_under(&Pointer::root().key("pollingX"), &prefix));
        assert!(is_under(&prefix, &Pointer::root()));
    }

    #[test]
    fn replace_forgets_old_issues_of_that_member() {
        let mut issues = Issues::default();
        issues.at("polling", "old");
        issues.at("pollingX", "kept");
        let mut inner = Issues::default();
        inner.at("url", "required");
        issues.replace(&member("polling"), inner);
        let mut report = Report::new();
        issues.into_report(&mut report);
        let lines: Vec<String> =
            report.problems().iter().map(|p| format!("{} {}", p.path, p.message)).collect();
        assert_eq!(lines, ["/pollingX kept", "/polling/url required"]);
    }
}
