//! The scenario format, version 1 (`docs/conformance-format.md`), as
//! strict serde types: unknown members of scenario objects are errors, the
//! embedded protocol objects (steps, bodies, actions) are free JSON.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// The default `base_url`.
pub const DEFAULT_BASE_URL: &str = "https://flow.example/";

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// One scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What it pins down.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Base for relative URLs (default `https://flow.example/`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// How the flow begins.
    pub start: Start,
    /// Scripted replies by `"METHOD /path"`.
    pub server: BTreeMap<String, Vec<Reply>>,
    /// Scripted user moves, in order.
    #[serde(default)]
    pub user: Vec<Move>,
    /// What must happen.
    pub expect: Expect,
}

/// How the flow begins: exactly one of `step` or `request`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Start {
    /// Show this step at time 0.
    Step(Value),
    /// Send this initial request.
    Request(StartRequest),
}

/// The initial request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    /// Its URL.
    pub url: String,
    /// Its method (default POST).
    #[serde(default)]
    pub method: Option<String>,
    /// Its data.
    #[serde(default, deserialize_with = "present")]
    pub data: Option<Value>,
}

/// One scripted reply.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Status (default 200).
    #[serde(default)]
    pub status: Option<u16>,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// JSON body.
    #[serde(default, deserialize_with = "present")]
    pub body: Option<Value>,
    /// Raw body text.
    #[serde(default)]
    pub body_text: Option<String>,
    /// Virtual latency.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// A transport failure instead.
    #[serde(default)]
    pub error: Option<ReplyError>,
    /// Serve this many times.
    #[serde(default)]
    pub repeat: Option<u32>,
}

/// A scripted transport failure.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ReplyError {
    /// Connect error.
    Connect,
    /// Connection reset.
    Reset,
}

/// One scripted user move.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// The step id the move waits for.
    pub on_step: String,
    /// Submitted values (default: the step's model, or `{}`).
    #[serde(default, deserialize_with = "present")]
    pub values: Option<Value>,
    /// An action to trigger.
    #[serde(default)]
    pub action: Option<Value>,
    /// Trigger the action with this id.
    #[serde(default)]
    pub action_id: Option<String>,
    /// Back navigation.
    #[serde(default)]
    pub back: Option<bool>,
    /// Virtual delay before the move.
    #[serde(default)]
    pub after_ms: Option<u64>,
}

/// What the move does.
#[derive(Debug, Clone)]
pub enum MoveKind {
    /// Trigger this action.
    Action(Value),
    /// Trigger the action with this id.
    ActionId(String),
    /// Go back.
    Back,
}

impl Move {
    /// The move's kind, or why it has none / several.
    pub fn kind(&self) -> Result<MoveKind, String> {
        let back = self.back == Some(true);
        match (&self.action, &self.action_id, back) {
            (Some(a), None, false) => Ok(MoveKind::Action(a.clone())),
            (None, Some(id), false) => Ok(MoveKind::ActionId(id.clone())),
            (None, None, true) => Ok(MoveKind::Back),
            _ => Err("a move needs exactly one of action, action_id or \"back\": true".to_owned()),
        }
    }
}

/// Expectations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// How the flow must end.
    pub outcome: Outcome,
    /// The exact requests, in order.
    #[serde(default)]
    pub requests: Option<Vec<ExpectedRequest>>,
    /// An ordered subsequence of events.
    #[serde(default)]
    pub events: Option<Vec<serde_json::Map<String, Value>>>,
}

/// The expected outcome: exactly one of exit / step / failed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Outcome {
    /// Ended with this result.
    Exit(Value),
    /// Stopped on a step matching this partial.
    Step(Value),
    /// Failed with this reason (or `true`: any).
    Failed(Value),
}

/// One expected request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRequest {
    /// Method.
    pub method: String,
    /// Path, with query if any.
    pub path: String,
    /// Exact virtual send time.
    #[serde(default)]
    pub at_ms: Option<u64>,
    /// Exact JSON body.
    #[serde(default, deserialize_with = "present")]
    pub body: Option<Value>,
}

/// A file's scenarios, or why the file could not be read.
#[derive(Debug)]
pub struct LoadedFile {
    /// The file.
    pub path: std::path::PathBuf,
    /// Its scenarios (each possibly malformed, with a message naming the JSON path).
    pub scenarios: Vec<Result<Scenario, String>>,
}

/// Reads one file holding a scenario or an array of them. Every problem is
/// reported per scenario, naming the file and the JSON path.
pub fn load(path: &Path) -> LoadedFile {
    match std::fs::read_to_string(path) {
        Ok(text) => load_text(path, &text),
        Err(e) => LoadedFile {
            path: path.to_owned(),
            scenarios: vec![Err(format!("{}: cannot read: {e}", path.display()))],
        },
    }
}

/// Like [`load`], for a file's text already read; `path` only names it in
/// messages and in the result.
pub fn load_text(path: &Path, text: &str) -> LoadedFile {
    let shown = path.display().to_string();
    let fail = |message: String| LoadedFile { path: path.to_owned(), scenarios: vec![Err(message)] };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return fail(format!("{shown}: not JSON: {e}")),
    };
    let (items, prefix): (Vec<Value>, bool) = match value {
        Value::Array(items) => (items, true),
        other => (vec![other], false),
    };
    let scenarios = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let base = if prefix { format!("/{i}") } else { String::new() };
            let name = item.get("name").and_then(Value::as_str).map(str::to_owned);
            serde_path_to_error::deserialize::<_, Scenario>(item).map_err(|e| {
                let pointer = flow_model::Pointer::from(e.path());
                let label = name.map(|n| format!(" ({n})")).unwrap_or_default();
                format!("{shown}{label}: {base}{}: {}", pointer_text(&pointer), e.inner())
            })
        })
        .map(|r| r.and_then(check))
        .collect();
    LoadedFile { path: path.to_owned(), scenarios }
}

fn pointer_text(p: &flow_model::Pointer) -> &str {
    if p.as_str().is_empty() {
        "/"
    } else {
        p.as_str()
    }
}

/// Rules serde cannot express.
fn check(scenario: Scenario) -> Result<Scenario, String> {
    for (key, replies) in &scenario.server {
        if key.split_whitespace().count() != 2
            || !key.split_whitespace().nth(1).is_some_and(|p| p.starts_with('/'))
        {
            return Err(format!("{}: /server/{key}: key must be \"METHOD /path\"", scenario.name));
        }
        for (i, reply) in replies.iter().enumerate() {
            if reply.body.is_some() && reply.body_text.is_some() {
                return Err(format!(
                    "{}: /server/{key}/{i}: body and body_text are exclusive",
                    scenario.name
                ));
            }
        }
    }
    for (i, m) in scenario.user.iter().enumerate() {
        m.kind().map_err(|e| format!("{}: /user/{i}: {e}", scenario.name))?;
    }
    Ok(scenario)
}

/// Every `*.json` file under the given paths (files taken as they are), sorted.
pub fn collect_files(paths: &[std::path::PathBuf]) -> std::io::Result<Vec<std::path::PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "json") && !is_schema(&path) {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// The format's JSON Schema sits beside the corpus; it is not a scenario.
fn is_schema(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".schema.json"))
}
