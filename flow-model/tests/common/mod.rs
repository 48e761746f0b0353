//! Helpers shared by the integration tests: fixture loading and walkers
//! that collect every kind used in a document.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure
#![allow(dead_code)] // each test binary uses a subset

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use flow_model::layout::Layout;
use flow_model::{Behavior, Schema, Step};
use serde_json::Value;

pub mod large_step;

/// The fixture directory.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.json` file under `dir` (recursively), sorted, with its text.
pub fn json_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("readable fixture");
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The fixtures under `tests/fixtures/<sub>`.
pub fn fixtures(sub: &str) -> Vec<(PathBuf, String)> {
    let files = json_files(&fixture_dir().join(sub));
    assert!(!files.is_empty(), "no fixtures under {sub}");
    files
}

/// Kinds seen while walking documents.
#[derive(Debug, Default)]
pub struct Kinds {
    pub layouts: BTreeSet<String>,
    pub behaviors: BTreeSet<String>,
    pub schemas: BTreeSet<String>,
}

impl Kinds {
    pub fn step(&mut self, step: &Step) {
        for layout in step.layout() {
            self.layout(layout);
        }
        for schema in step.schemas() {
            self.schema(schema);
        }
        if let Some(b) = step.polling.as_ref().and_then(|p| p.on_error_behavior()) {
            self.behavior(&b);
        }
    }

    pub fn layout(&mut self, layout: &Layout) {
        self.layouts.insert(layout.type_name().unwrap_or("(unknown)").to_owned());
        if let Layout::Unknown(_) = layout {
            self.layouts.insert("(unknown)".to_owned());
        }
        for trigger in layout.triggers() {
            if let Some(b) = trigger.resolve() {
                self.behavior(&b);
            }
        }
        for (_, child) in layout.children() {
            self.layout(child);
        }
    }

    pub fn behavior(&mut self, behavior: &Behavior) {
        let name = match behavior {
            Behavior::Unknown(_) => "(unknown)",
            other => other.type_name().unwrap_or("(unknown)"),
        };
        self.behaviors.insert(name.to_owned());
        match behavior {
            Behavior::Modal(m) => m.content.iter().for_each(|l| self.layout(l)),
            Behavior::Subflow(s) => {
                s.on_completion.iter().chain(s.on_error.iter()).for_each(|b| self.behavior(b));
            }
            _ => {}
        }
    }

    pub fn schema(&mut self, schema: &Schema) {
        let name = match schema {
            Schema::Object(_) => "object",
            Schema::Array(_) => "array",
            Schema::Tuple(_) => "tuple",
            Schema::String(_) => "string",
            Schema::Number(_) => "number",
            Schema::Integer(_) => "integer",
            Schema::Boolean(_) => "boolean",
            Schema::Blob(_) => "blob",
            Schema::OneOf(_) => "oneOf",
            Schema::AllOf(_) => "allOf",
            Schema::Const(_) => "const",
            Schema::Unknown(_) => "(unknown)",
            _ => "(new variant)",
        };
        self.schemas.insert(name.to_owned());
        let persisted = match schema {
            Schema::String(s) => s.persist_async.as_ref(),
            Schema::Number(s) | Schema::Integer(s) => s.persist_async.as_ref(),
            Schema::Boolean(s) => s.persist_async.as_ref(),
            Schema::Array(s) => s.persist_async.as_ref(),
            Schema::OneOf(s) => s.persist_async.as_ref(),
            _ => None,
        };
        if let Some(inner) = persisted.and_then(|p| p.schema.as_ref()) {
            self.schema(inner);
        }
        for (_, child) in schema.children() {
            self.schema(child);
        }
    }
}

/// JSON Pointers of members present in `after` but not in `before`.
pub fn added_members(before: &Value, after: &Value, at: &str, out: &mut Vec<String>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, value) in a {
                let path = format!("{at}/{}", flow_model::escape_pointer_token(key));
                match b.get(key) {
                    Some(old) => added_members(old, value, &path, out),
                    None => out.push(path),
                }
            }
        }
        (Value::Array(b), Value::Array(a)) => {
            for (i, (old, new)) in b.iter().zip(a).enumerate() {
                added_members(old, new, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `after` keeps every member of `before` with the same value.
pub fn preserves(before: &Value, after: &Value) -> bool {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            b.iter().all(|(k, v)| a.get(k).is_some_and(|new| preserves(v, new)))
        }
        (Value::Array(b), Value::Array(a)) => {
            b.len() == a.len() && b.iter().zip(a).all(|(x, y)| preserves(x, y))
        }
        _ => before == after,
    }
}
