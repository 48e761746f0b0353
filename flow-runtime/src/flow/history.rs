//! [`History`]: the steps a flow has shown, maintained per `stackBehavior`
//! (spec §1, Navigation), so back navigation and the host can see it.
//!
//! How an arriving step enters the history:
//!
//! | `stackBehavior` | effect | too shallow (falls back to `default`) |
//! |---|---|---|
//! | `default` (or absent, or unknown) | push | — |
//! | `remove-all` | clear, then push | — |
//! | `remove-previous` | push, then drop the step before it | no step before it |
//! | `replace-current` | replace the top step | no top step |

use std::sync::Arc;

use flow_model::{StackBehavior, Step};

/// One shown step and the `ETag` its response carried.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HistoryEntry {
    /// The step.
    pub step: Arc<Step>,
    /// The newest `ETag` received for it (sent as `If-None-Match` on refresh).
    pub etag: Option<String>,
}

impl HistoryEntry {
    /// An entry for a step.
    pub fn new(step: Arc<Step>, etag: Option<String>) -> Self {
        HistoryEntry { step, etag }
    }
}

/// How the history changed when a step arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transition {
    /// The step was pushed on top.
    Push,
    /// The step was pushed and the history below it cleared.
    Reset,
    /// The step took the place of the top step.
    Replace,
}

/// The history of shown steps; the last entry is the current step.
///
/// ```
/// use std::sync::Arc;
/// use flow_model::{StackBehavior, Step};
/// use flow_runtime::flow::history::{History, HistoryEntry, Transition};
///
/// let step = |id: &str| -> Arc<Step> {
///     Arc::new(serde_json::from_value(serde_json::json!({"id": id, "layout": []})).unwrap())
/// };
/// let mut history = History::default();
/// history.arrive(HistoryEntry::new(step("a"), None), &StackBehavior::Default);
/// history.arrive(HistoryEntry::new(step("b"), None), &StackBehavior::Default);
/// let t = history.arrive(HistoryEntry::new(step("c"), None), &StackBehavior::ReplaceCurrent);
/// assert_eq!(t, Transition::Replace);
/// assert_eq!(history.step_ids(), ["a", "c"]);
/// assert_eq!(history.back().map(|e| e.step.id()), Some("a"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    entries: Vec<HistoryEntry>,
}

impl History {
    /// Adds an arriving step per `behavior` (see the module docs).
    pub fn arrive(&mut self, entry: HistoryEntry, behavior: &StackBehavior) -> Transition {
        match behavior {
            StackBehavior::RemoveAll => {
                self.entries.clear();
                self.entries.push(entry);
                Transition::Reset
            }
            StackBehavior::RemovePrevious | StackBehavior::ReplaceCurrent if !self.entries.is_empty() => {
                self.entries.pop();
                self.entries.push(entry);
                Transition::Replace
            }
            _ => {
                self.entries.push(entry);
                Transition::Push
            }
        }
    }

    /// Replaces the current step (a refresh), or pushes it when there is none.
    pub fn replace_current(&mut self, entry: HistoryEntry) {
        self.entries.pop();
        self.entries.push(entry);
    }

    /// Goes back one step: drops the current step and returns the new current
    /// one, or `None` (history unchanged) when there is no previous step.
    pub fn back(&mut self) -> Option<&HistoryEntry> {
        if self.entries.len() < 2 {
            return None;
        }
        self.entries.pop();
        self.entries.last()
    }

    /// The current entry.
    pub fn current(&self) -> Option<&HistoryEntry> {
        self.entries.last()
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> &[HistoryEntry] {
        &self.entries
    }

    /// The ids of the steps, oldest first.
    pub fn step_ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.step.id()).collect()
    }

    /// How many steps the history holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no step has been shown.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> HistoryEntry {
        let step: Step = serde_json::from_value(serde_json::json!({"id": id, "layout": []})).unwrap();
        HistoryEntry::new(Arc::new(step), None)
    }

    fn with(ids: &[&str]) -> History {
        let mut h = History::default();
        for id in ids {
            h.arrive(entry(id), &StackBehavior::Default);
        }
        h
    }

    #[test]
    fn default_pushes() {
        let mut h = with(&["a"]);
        assert_eq!(h.arrive(entry("b"), &StackBehavior::Default), Transition::Push);
        assert_eq!(h.step_ids(), ["a", "b"]);
        // Unknown values read as default.
        assert_eq!(h.arrive(entry("c"), &StackBehavior::Unknown("sideways".into())), Transition::Push);
        assert_eq!(h.step_ids(), ["a", "b", "c"]);
    }

    #[test]
    fn remove_all_clears_the_rest() {
        let mut h = with(&["a", "b"]);
        assert_eq!(h.arrive(entry("c"), &StackBehavior::RemoveAll), Transition::Reset);
        assert_eq!(h.step_ids(), ["c"]);
        let mut empty = History::default();
        empty.arrive(entry("x"), &StackBehavior::RemoveAll);
        assert_eq!(empty.step_ids(), ["x"]);
    }

    #[test]
    fn remove_previous_drops_the_step_before() {
        let mut h = with(&["a", "b"]);
        assert_eq!(h.arrive(entry("c"), &StackBehavior::RemovePrevious), Transition::Replace);
        assert_eq!(h.step_ids(), ["a", "c"]);
        // Too shallow: falls back to default.
        let mut empty = History::default();
        assert_eq!(empty.arrive(entry("x"), &StackBehavior::RemovePrevious), Transition::Push);
        assert_eq!(empty.step_ids(), ["x"]);
    }

    #[test]
    fn replace_current_replaces_the_top() {
        let mut h = with(&["a", "b"]);
        assert_eq!(h.arrive(entry("c"), &StackBehavior::ReplaceCurrent), Transition::Replace);
        assert_eq!(h.step_ids(), ["a", "c"]);
        let mut empty = History::default();
        assert_eq!(empty.arrive(entry("x"), &StackBehavior::ReplaceCurrent), Transition::Push);
        assert_eq!(empty.step_ids(), ["x"]);
    }

    #[test]
    fn back_stops_at_the_first_step() {
        let mut h = with(&["a", "b", "c"]);
        assert_eq!(h.back().map(|e| e.step.id().to_owned()), Some("b".into()));
        assert_eq!(h.back().map(|e| e.step.id().to_owned()), Some("a".into()));
        assert!(h.back().is_none());
        assert_eq!(h.step_ids(), ["a"]);
    }

    #[test]
    fn replace_current_keeps_depth() {
        let mut h = with(&["a", "b"]);
        let mut refreshed = entry("b");
        refreshed.etag = Some("\"2\"".into());
        h.replace_current(refreshed);
        assert_eq!(h.len(), 2);
        assert_eq!(h.current().and_then(|e| e.etag.as_deref()), Some("\"2\""));
        let mut empty = History::default();
        empty.replace_current(entry("z"));
        assert_eq!(empty.step_ids(), ["z"]);
        assert!(!empty.is_empty());
    }
}
