//! Flows that survive the death of their process: what
//! [`FlowHandle::save_state`](crate::FlowHandle::save_state) writes and
//! [`FlowBuilder::restore`](crate::FlowBuilder::restore) reads.
//!
//! A state is versioned JSON (`"format": "dflow.flow-state"`, `"version"`)
//! holding what is needed to continue: the stack of flows (the root and any
//! nested subflow), each with its base URL, its history (steps and their
//! `ETag`s) and the values the host last submitted; the polling progress of
//! the current step (attempts used of `maxAttempts`, the time that was left
//! of the running wait, whether polling still runs); whether and how the flow
//! ended. It holds **no credentials**: no header at all (the host supplies
//! its headers and transport again), no URL password, and the values of
//! secret query parameters (flow-poll's one rule,
//! [`strip_secrets`](flow_poll::resume::strip_secrets)) replaced by
//! `[redacted]`: they must be supplied again
//! ([`FlowBuilder::secret`](crate::FlowBuilder::secret)).
//!
//! A request in flight when the state was saved is not part of it: the
//! restored flow shows the current step again and the host may submit again.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;
use tokio::time::Instant;
use url::Url;

use flow_model::{Step, SubflowBehavior};
use flow_poll::resume::{restore_secrets, strip_secrets, ResumeError};

use super::events::Terminal;
use super::history::History;

/// The `format` member of every flow state.
pub const FLOW_STATE_FORMAT: &str = "dflow.flow-state";
/// The flow state version this runtime writes and reads.
pub const FLOW_STATE_VERSION: u32 = 1;
/// The largest state accepted (steps can be big; 16 MiB).
pub const MAX_FLOW_STATE_BYTES: usize = 16 * 1024 * 1024;

/// Why a saved state cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RestoreError {
    /// The state is larger than [`MAX_FLOW_STATE_BYTES`].
    #[error("flow state is {bytes} bytes, more than the {limit}-byte limit")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Not JSON, or not shaped like a flow state.
    #[error("flow state is malformed: {message}")]
    Malformed {
        /// What is wrong (with the JSON path when serde gives one).
        message: String,
    },
    /// JSON, but not a dflow flow state.
    #[error("not a dflow flow state (format {found:?}, expected {FLOW_STATE_FORMAT:?})")]
    Foreign {
        /// The `format` found (empty when absent).
        found: String,
    },
    /// A flow state of another version.
    #[error("flow state version {found} is not supported (this runtime reads version {FLOW_STATE_VERSION})")]
    Version {
        /// The version found.
        found: u64,
    },
    /// The flow had ended when it was saved; there is nothing to continue.
    #[error("the flow had already ended ({outcome}) when it was saved")]
    Ended {
        /// `exited`, `failed` or `cancelled`.
        outcome: String,
    },
    /// The flow had shown no step yet when it was saved.
    #[error("the flow had shown no step when it was saved; start it again instead")]
    NoStep,
    /// A secret removed from a URL of the state was not supplied again.
    #[error("flow state needs the secret {name:?} of {url} again (states hold no credentials; supply it with FlowBuilder::secret)")]
    MissingSecret {
        /// The query parameter's name (or `(url password)`).
        name: String,
        /// The stored (redacted) URL.
        url: String,
    },
}

// ----- what the interpreter publishes (in every snapshot) ----------------

/// The parts of a flow a state is made of, as of the snapshot.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Resumable {
    pub(crate) frames: Vec<FrameParts>,
    pub(crate) polling: Option<PollProgress>,
    /// The configured secret query names (besides the default ones).
    pub(crate) sensitive_query: Arc<[String]>,
}

/// One flow of the stack.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrameParts {
    pub(crate) flow_id: String,
    pub(crate) base: Url,
    pub(crate) history: History,
    pub(crate) values: Option<Value>,
    pub(crate) launched_by: Option<SubflowBehavior>,
    pub(crate) host_subflow: Option<SubflowBehavior>,
    pub(crate) subflows_started: u32,
}

/// The current step's polling, counted across lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PollProgress {
    /// Requests sent for this step (in this life and the ones before).
    pub(crate) attempts_used: u32,
    /// `maxAttempts` (0 when the block is unusable).
    pub(crate) max_attempts: u32,
    /// Whether a session still polls (false once it finished or was stopped).
    pub(crate) running: bool,
    /// The wait between requests.
    pub(crate) wait: Duration,
    /// When the running wait started (the session's start, or the last
    /// answer), moved on by the time spent paused.
    pub(crate) since: Instant,
    /// Since when the host has paused the flow (the wait does not count).
    pub(crate) paused_at: Option<Instant>,
}

impl PollProgress {
    /// The host paused the flow.
    pub(crate) fn pause(&mut self, now: Instant) {
        self.paused_at.get_or_insert(now);
    }

    /// The host resumed the flow: the time paused does not count.
    pub(crate) fn resume(&mut self, now: Instant) {
        if let Some(paused_at) = self.paused_at.take() {
            self.since += now.saturating_duration_since(paused_at);
        }
    }

    /// The wait that was left at `now`; zero once it is over (a request
    /// is then in flight, or about to be); `None` when not running.
    fn time_left(&self, now: Instant) -> Option<Duration> {
        let now = self.paused_at.unwrap_or(now);
        self.running.then(|| self.wait.saturating_sub(now.saturating_duration_since(self.since)))
    }

    /// Requests to count as used at `now`: the answered ones, plus the one
    /// in flight (or about to be sent) once the wait is over, so that
    /// a restored flow never sends more than `maxAttempts` in all.
    fn attempts_at(&self, now: Instant) -> u32 {
        let due = self.time_left(now).is_some_and(|left| left.is_zero());
        let used = self.attempts_used.saturating_add(u32::from(due));
        if self.max_attempts > 0 {
            used.min(self.max_attempts)
        } else {
            used
        }
    }
}

// ----- the file ----------------------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    format: String,
    version: u32,
    flow_id: String,
    frames: Vec<FrameFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    polling: Option<PollingFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ended: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct FrameFile {
    flow_id: String,
    base_url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    redacted: Vec<String>,
    history: Vec<EntryFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    launched_by: Option<SubflowBehavior>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    host_subflow: Option<SubflowBehavior>,
    #[serde(default)]
    subflows_started: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct EntryFile {
    step: Step,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct PollingFile {
    attempts_used: u32,
    max_attempts: u32,
    running: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time_left_ms: Option<u64>,
}

/// Writes the state of a flow (see the module docs).
pub(crate) fn save(flow_id: &str, parts: &Resumable, terminal: Option<&Terminal>) -> Vec<u8> {
    let now = Instant::now();
    let frames = parts
        .frames
        .iter()
        .map(|frame| {
            let (base_url, redacted) = strip_secrets(&frame.base, &parts.sensitive_query);
            FrameFile {
                flow_id: frame.flow_id.clone(),
                base_url,
                redacted,
                history: frame
                    .history
                    .entries()
                    .iter()
                    .map(|e| EntryFile { step: Step::clone(&e.step), etag: e.etag.clone() })
                    .collect(),
                values: frame.values.clone(),
                launched_by: frame.launched_by.clone(),
                host_subflow: frame.host_subflow.clone(),
                subflows_started: frame.subflows_started,
            }
        })
        .collect();
    let polling = parts.polling.map(|p| PollingFile {
        attempts_used: p.attempts_at(now),
        max_attempts: p.max_attempts,
        running: p.running,
        time_left_ms: p.time_left(now).map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    });
    let file = StateFile {
        format: FLOW_STATE_FORMAT.to_owned(),
        version: FLOW_STATE_VERSION,
        flow_id: flow_id.to_owned(),
        frames,
        polling,
        ended: terminal.map(|t| terminal_word(t).to_owned()),
    };
    // Steps, strings and numbers: serialising to a Vec cannot fail.
    serde_json::to_vec(&file).unwrap_or_default()
}

fn terminal_word(terminal: &Terminal) -> &'static str {
    match terminal {
        Terminal::Exited(_) => "exited",
        Terminal::Failed(_) => "failed",
        Terminal::Cancelled => "cancelled",
    }
}

// ----- reading it back -----------------------------------------------------

/// A state read back, its URLs still as stored (secrets redacted); made by
/// [`FlowBuilder::restore`](crate::FlowBuilder::restore).
#[derive(Debug, Clone, PartialEq)]
pub struct RestoredFlow {
    flow_id: String,
    frames: Vec<RestoredFrame>,
    polling: Option<RestoredPolling>,
}

#[derive(Debug, Clone, PartialEq)]
struct RestoredFrame {
    flow_id: String,
    base_url: String,
    redacted: Vec<String>,
    history: Vec<(Step, Option<String>)>,
    values: Option<Value>,
    launched_by: Option<SubflowBehavior>,
    host_subflow: Option<SubflowBehavior>,
    subflows_started: u32,
}

/// The polling progress a restored flow continues from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RestoredPolling {
    /// Requests sent in earlier lives.
    pub(crate) attempts_used: u32,
    /// Whether polling still ran (else it is not started again).
    pub(crate) running: bool,
}

/// One flow of a restored stack, its URL with the secrets put back.
#[derive(Debug)]
pub(crate) struct FrameStart {
    pub(crate) flow_id: String,
    pub(crate) base: Url,
    pub(crate) history: Vec<(Step, Option<String>)>,
    pub(crate) values: Option<Value>,
    pub(crate) launched_by: Option<SubflowBehavior>,
    pub(crate) host_subflow: Option<SubflowBehavior>,
    pub(crate) subflows_started: u32,
}

impl RestoredFlow {
    /// Reads a state, refusing oversized, malformed, foreign and
    /// other-version ones, flows that had ended and flows that had shown no
    /// step.
    pub fn from_bytes(state: &[u8]) -> Result<Self, RestoreError> {
        if state.len() > MAX_FLOW_STATE_BYTES {
            return Err(RestoreError::TooLarge { bytes: state.len(), limit: MAX_FLOW_STATE_BYTES });
        }
        let value: Value =
            serde_json::from_slice(state).map_err(|e| RestoreError::Malformed { message: e.to_string() })?;
        let format = value.get("format").and_then(Value::as_str).unwrap_or_default();
        if format != FLOW_STATE_FORMAT {
            return Err(RestoreError::Foreign { found: format.to_owned() });
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v == u64::from(FLOW_STATE_VERSION) => {}
            Some(found) => return Err(RestoreError::Version { found }),
            None => return Err(RestoreError::Malformed { message: "missing `version`".to_owned() }),
        }
        let file: StateFile = serde_path_to_error::deserialize(value)
            .map_err(|e| RestoreError::Malformed { message: format!("at {}: {}", e.path(), e.inner()) })?;
        if let Some(outcome) = file.ended {
            return Err(RestoreError::Ended { outcome });
        }
        if file.frames.last().is_none_or(|f| f.history.is_empty()) {
            return Err(RestoreError::NoStep);
        }
        let frames = file
            .frames
            .into_iter()
            .map(|f| RestoredFrame {
                flow_id: f.flow_id,
                base_url: f.base_url,
                redacted: f.redacted,
                history: f.history.into_iter().map(|e| (e.step, e.etag)).collect(),
                values: f.values,
                launched_by: f.launched_by,
                host_subflow: f.host_subflow,
                subflows_started: f.subflows_started,
            })
            .collect();
        let polling =
            file.polling.map(|p| RestoredPolling { attempts_used: p.attempts_used, running: p.running });
        Ok(RestoredFlow { flow_id: file.flow_id, frames, polling })
    }

    /// The root flow's id.
    pub fn flow_id(&self) -> &str {
        &self.flow_id
    }

    /// The id of the step that will be shown again.
    pub fn step_id(&self) -> Option<&str> {
        self.frames.last().and_then(|f| f.history.last()).map(|(step, _)| step.id())
    }

    /// Requests sent for the current step's polling in earlier lives.
    pub fn poll_attempts_used(&self) -> Option<u32> {
        self.polling.map(|p| p.attempts_used)
    }

    /// The names of the secrets removed from the state's URLs.
    pub fn redacted(&self) -> Vec<&str> {
        self.frames.iter().flat_map(|f| f.redacted.iter().map(String::as_str)).collect()
    }

    pub(crate) fn polling(&self) -> Option<RestoredPolling> {
        self.polling
    }

    /// The stack with its URLs complete again (`secrets`: name, value).
    pub(crate) fn frames(&self, secrets: &[(String, String)]) -> Result<Vec<FrameStart>, RestoreError> {
        self.frames
            .iter()
            .map(|f| {
                let base = restore_secrets(&f.base_url, &f.redacted, secrets).map_err(|e| match e {
                    ResumeError::MissingSecret { name } => {
                        RestoreError::MissingSecret { name, url: f.base_url.clone() }
                    }
                    other => RestoreError::Malformed { message: format!("base_url: {other}") },
                })?;
                Ok(FrameStart {
                    flow_id: f.flow_id.clone(),
                    base,
                    history: f.history.clone(),
                    values: f.values.clone(),
                    launched_by: f.launched_by.clone(),
                    host_subflow: f.host_subflow.clone(),
                    subflows_started: f.subflows_started,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::history::HistoryEntry;
    use flow_model::StackBehavior;

    fn parts(base: &str) -> Resumable {
        let step: Step = serde_json::from_value(serde_json::json!({"id": "wait", "layout": []})).unwrap();
        let mut history = History::default();
        history.arrive(HistoryEntry::new(Arc::new(step), Some("\"v1\"".into())), &StackBehavior::Default);
        Resumable {
            frames: vec![FrameParts {
                flow_id: "f".into(),
                base: Url::parse(base).unwrap(),
                history,
                values: Some(serde_json::json!({"amount": 5})),
                launched_by: None,
                host_subflow: None,
                subflows_started: 0,
            }],
            polling: None,
            sensitive_query: Arc::from(vec!["session".to_owned()]),
        }
    }

    #[test]
    fn a_state_round_trips_without_its_secrets() {
        let state = save("f", &parts("https://u:pw@flow.example/a?token=T1&session=S1&id=7"), None);
        let text = String::from_utf8(state.clone()).unwrap();
        for secret in ["pw", "T1", "S1"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let restored = RestoredFlow::from_bytes(&state).unwrap();
        assert_eq!(restored.step_id(), Some("wait"));
        assert!(matches!(restored.frames(&[]), Err(RestoreError::MissingSecret { .. })));
        let secrets: Vec<(String, String)> = [("(url password)", "pw"), ("token", "T1"), ("session", "S1")]
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        let frames = restored.frames(&secrets).unwrap();
        assert_eq!(frames[0].base.as_str(), "https://u:pw@flow.example/a?token=T1&session=S1&id=7");
        assert_eq!(frames[0].history[0].1.as_deref(), Some("\"v1\""));
        assert_eq!(frames[0].values, Some(serde_json::json!({"amount": 5})));
    }

    #[test]
    fn foreign_other_version_ended_and_stepless_states_are_refused() {
        type Expected = fn(&RestoreError) -> bool;
        let cases: [(&[u8], Expected); 5] = [
            (b"not json", |e| matches!(e, RestoreError::Malformed { .. })),
            (br#"{"format": "other"}"#, |e| matches!(e, RestoreError::Foreign { .. })),
            (br#"{"format": "dflow.flow-state", "version": 99}"#, |e| {
                matches!(e, RestoreError::Version { found: 99 })
            }),
            (br#"{"format": "dflow.flow-state", "version": 1, "flow_id": "f", "frames": [], "ended": "exited"}"#, |e| {
                matches!(e, RestoreError::Ended { .. })
            }),
            (br#"{"format": "dflow.flow-state", "version": 1, "flow_id": "f", "frames": []}"#, |e| {
                matches!(e, RestoreError::NoStep)
            }),
        ];
        for (text, expected) in cases {
            let error = RestoredFlow::from_bytes(text).unwrap_err();
            assert!(expected(&error), "{error:?}");
        }
        let bad =
            br#"{"format": "dflow.flow-state", "version": 1, "flow_id": "f", "frames": [{"flow_id": 3}]}"#;
        let error = RestoredFlow::from_bytes(bad).unwrap_err();
        assert!(error.to_string().contains("frames[0].flow_id"), "{error}");
    }
}
