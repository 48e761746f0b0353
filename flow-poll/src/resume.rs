//! Resuming a long-running-operation poll after a restart: the versioned,
//! serialisable [`PollState`], and [`StateStore`]s that keep states under a
//! caller-chosen key ([`MemoryStore`]; `FileStore` with the `fs-state`
//! feature).
//!
//! A state says where to poll (method and URL), how answers are judged (a
//! fingerprint of the criteria), what was used of the budgets (attempts;
//! start and deadline as wall-clock times), when the next poll is due and
//! the last `Retry-After`. It holds **no credentials**: no headers at all,
//! no URL password, and the values of sensitive query parameters (the
//! configured ones plus [`DEFAULT_SENSITIVE_QUERY_PARAMS`]) are replaced by
//! `[redacted]` and must be supplied again on resume.
//!
//! A finished state also keeps the final answer ([`FinalAnswer`]: status,
//! `Content-Type`, the body when it is text and fits, the redacted URL, the
//! error message when it failed — still no other headers), so that a keyed
//! poll run again returns it without a request
//! ([`LroBuilder::keyed`](crate::lro::LroBuilder::keyed)).
//!
//! A state is refused, with a clear [`ResumeError`], when it is not a poll
//! state, has another version, belongs to other criteria or another
//! operation, or (for [`PollState::check`]) records an operation that
//! already finished.

use std::collections::HashMap;
use std::fmt;
#[cfg(feature = "fs-state")]
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
#[cfg(feature = "fs-state")]
use sha2::{Digest, Sha256};
use thiserror::Error;
use url::Url;

use super::clock::{from_unix_millis, unix_millis};
use crate::redact::REDACTED;

/// The `format` member of every poll state.
pub const STATE_FORMAT: &str = "dflow.poll-state";
/// The state version this runtime writes and reads.
pub const STATE_VERSION: u32 = 1;
/// The largest state text accepted.
pub const MAX_STATE_BYTES: usize = 1024 * 1024;
/// The largest final body kept in a finished state (a larger one is left
/// out: the replay then has the status but no body).
pub const MAX_KEPT_BODY_BYTES: usize = 512 * 1024;
pub use crate::redact::DEFAULT_SENSITIVE_QUERY_PARAMS;
/// The name recorded for a removed URL password.
pub const URL_PASSWORD: &str = "(url password)";

/// Why a state cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ResumeError {
    /// The text is larger than [`MAX_STATE_BYTES`].
    #[error("poll state is {bytes} bytes, more than the {limit}-byte limit")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Not JSON, or not shaped like a poll state.
    #[error("poll state is malformed: {message}")]
    Malformed {
        /// What is wrong.
        message: String,
    },
    /// JSON, but not a dflow poll state.
    #[error("not a dflow poll state (format {found:?}, expected {STATE_FORMAT:?})")]
    Foreign {
        /// The `format` found (empty when absent).
        found: String,
    },
    /// A poll state of another version.
    #[error("poll state version {found} is not supported (this runtime reads version {STATE_VERSION})")]
    Version {
        /// The version found.
        found: u64,
    },
    /// The operation already finished; nothing to resume.
    #[error("the operation already finished ({outcome}); remove the state to start again")]
    Finished {
        /// How it finished.
        outcome: String,
    },
    /// The state was written for other criteria.
    #[error("poll state was written for other criteria ({found}, this poller has {expected})")]
    CriteriaMismatch {
        /// This poller's criteria fingerprint.
        expected: String,
        /// The state's.
        found: String,
    },
    /// The state was written for another operation.
    #[error("poll state belongs to operation {found:?}, not {expected:?}")]
    OperationMismatch {
        /// This poller's operation name.
        expected: String,
        /// The state's.
        found: String,
    },
    /// A redacted secret was not supplied again.
    #[error("poll state needs the secret {name:?} again (states hold no credentials; supply it with secret_query_param)")]
    MissingSecret {
        /// The query parameter name (or [`URL_PASSWORD`]).
        name: String,
    },
}

/// A saved poll (see the module docs). Read with [`PollState::from_json`],
/// written with [`PollState::to_json`]; made by the poller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollState {
    format: String,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    operation: Option<String>,
    method: String,
    url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    redacted: Vec<String>,
    criteria: String,
    attempts: u32,
    #[serde(default)]
    max_attempts: Option<u32>,
    started_at_ms: u64,
    #[serde(default)]
    deadline_ms: Option<u64>,
    #[serde(default)]
    next_poll_at_ms: Option<u64>,
    #[serde(default)]
    retry_after_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    finished: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    result: Option<FinalAnswer>,
}

/// The final answer of a finished poll, as a state keeps it: no headers but
/// `Content-Type`, the body only when it is UTF-8 text of at most
/// [`MAX_KEPT_BODY_BYTES`], the URL redacted, and the error message (also
/// redacted) when the poll failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalAnswer {
    /// The HTTP status (`None` when the poll failed without an answer).
    #[serde(default)]
    pub status: Option<u16>,
    /// The `Content-Type`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The body, when kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Where the answer came from (secrets redacted).
    #[serde(default)]
    pub url: String,
    /// Why the poll failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The parts of a state the poller fills in.
#[derive(Debug, Clone)]
pub(crate) struct StateParts<'a> {
    pub(crate) operation: Option<&'a str>,
    pub(crate) method: &'a http::Method,
    pub(crate) url: &'a Url,
    pub(crate) sensitive_query: &'a [String],
    pub(crate) criteria: &'a str,
    pub(crate) attempts: u32,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) started_at: SystemTime,
    pub(crate) deadline: Option<SystemTime>,
    pub(crate) next_poll_at: Option<SystemTime>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) finished: Option<&'a str>,
    pub(crate) result: Option<FinalAnswer>,
}

impl PollState {
    pub(crate) fn new(parts: &StateParts<'_>) -> Self {
        let (url, redacted) = strip_secrets(parts.url, parts.sensitive_query);
        PollState {
            format: STATE_FORMAT.to_owned(),
            version: STATE_VERSION,
            operation: parts.operation.map(str::to_owned),
            method: parts.method.as_str().to_owned(),
            url,
            redacted,
            criteria: parts.criteria.to_owned(),
            attempts: parts.attempts,
            max_attempts: parts.max_attempts,
            started_at_ms: unix_millis(parts.started_at),
            deadline_ms: parts.deadline.map(unix_millis),
            next_poll_at_ms: parts.next_poll_at.map(unix_millis),
            retry_after_ms: parts.retry_after.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            finished: parts.finished.map(str::to_owned),
            result: parts.result.clone(),
        }
    }

    /// Reads a state, refusing oversized, malformed, foreign and
    /// other-version texts.
    ///
    /// ```
    /// use flow_poll::resume::{PollState, ResumeError};
    /// assert!(matches!(PollState::from_json("{\"format\": \"azure\"}"), Err(ResumeError::Foreign { .. })));
    /// assert!(matches!(
    ///     PollState::from_json("{\"format\": \"dflow.poll-state\", \"version\": 9}"),
    ///     Err(ResumeError::Version { found: 9 })
    /// ));
    /// assert!(matches!(PollState::from_json("nope"), Err(ResumeError::Malformed { .. })));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, ResumeError> {
        if text.len() > MAX_STATE_BYTES {
            return Err(ResumeError::TooLarge { bytes: text.len(), limit: MAX_STATE_BYTES });
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ResumeError::Malformed { message: e.to_string() })?;
        let format = value.get("format").and_then(serde_json::Value::as_str).unwrap_or_default();
        if format != STATE_FORMAT {
            return Err(ResumeError::Foreign { found: format.to_owned() });
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(STATE_VERSION) => {}
            Some(found) => return Err(ResumeError::Version { found }),
            None => return Err(ResumeError::Malformed { message: "missing `version`".to_owned() }),
        }
        serde_json::from_value(value).map_err(|e| ResumeError::Malformed { message: e.to_string() })
    }

    /// The state as JSON text.
    pub fn to_json(&self) -> String {
        // A struct of strings and numbers always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The operation name the state was written for.
    pub fn operation(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    /// The poll request's method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The poll URL, secrets redacted.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Names of the secrets removed from the URL.
    pub fn redacted(&self) -> &[String] {
        &self.redacted
    }

    /// The criteria fingerprint.
    pub fn criteria(&self) -> &str {
        &self.criteria
    }

    /// Poll attempts used.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The attempt limit.
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// When the operation started.
    pub fn started_at(&self) -> SystemTime {
        from_unix_millis(self.started_at_ms)
    }

    /// When polling must end.
    pub fn deadline(&self) -> Option<SystemTime> {
        self.deadline_ms.map(from_unix_millis)
    }

    /// When the next poll is due.
    pub fn next_poll_at(&self) -> Option<SystemTime> {
        self.next_poll_at_ms.map(from_unix_millis)
    }

    /// The last `Retry-After` in effect.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after_ms.map(Duration::from_millis)
    }

    /// How the operation finished, when it did.
    pub fn finished(&self) -> Option<&str> {
        self.finished.as_deref()
    }

    /// The final answer a finished state kept, if any.
    pub fn result(&self) -> Option<&FinalAnswer> {
        self.result.as_ref()
    }

    /// Checks that the state can be resumed by a poller with these criteria
    /// and operation name.
    pub fn check(&self, criteria: &str, operation: Option<&str>) -> Result<(), ResumeError> {
        if let Some(outcome) = &self.finished {
            return Err(ResumeError::Finished { outcome: outcome.clone() });
        }
        self.check_owner(criteria, operation)
    }

    /// Checks that the state was written by a poller with these criteria and
    /// operation name (finished or not).
    pub(crate) fn check_owner(&self, criteria: &str, operation: Option<&str>) -> Result<(), ResumeError> {
        if self.criteria != criteria {
            return Err(ResumeError::CriteriaMismatch {
                expected: criteria.to_owned(),
                found: self.criteria.clone(),
            });
        }
        if self.operation.as_deref() != operation {
            return Err(ResumeError::OperationMismatch {
                expected: operation.unwrap_or_default().to_owned(),
                found: self.operation.clone().unwrap_or_default(),
            });
        }
        Ok(())
    }

    /// The poll URL with its secrets put back from `secrets` (name, value).
    pub(crate) fn restore_url(&self, secrets: &[(String, String)]) -> Result<Url, ResumeError> {
        restore_secrets(&self.url, &self.redacted, secrets)
    }
}

/// Puts secrets removed by [`strip_secrets`] back into a stored URL: each of
/// `redacted` (query parameter names, or [`URL_PASSWORD`]) must be in
/// `secrets` (name, value; names compared case-insensitively, the last
/// wins), else [`ResumeError::MissingSecret`] names it.
///
/// ```
/// use flow_poll::resume::{restore_secrets, strip_secrets};
/// let url = url::Url::parse("https://x.example/op?token=abc&id=7").unwrap();
/// let (stored, redacted) = strip_secrets(&url, &[]);
/// assert_eq!((stored.as_str(), redacted.as_slice()), ("https://x.example/op?token=%5Bredacted%5D&id=7", &["token".to_owned()][..]));
/// assert!(restore_secrets(&stored, &redacted, &[]).is_err());
/// let back = restore_secrets(&stored, &redacted, &[("token".into(), "abc".into())]).unwrap();
/// assert_eq!(back, url);
/// ```
pub fn restore_secrets(
    stored: &str,
    redacted: &[String],
    secrets: &[(String, String)],
) -> Result<Url, ResumeError> {
    let mut url = Url::parse(stored).map_err(|e| ResumeError::Malformed { message: format!("url: {e}") })?;
    if redacted.is_empty() {
        return Ok(url);
    }
    let find =
        |name: &str| secrets.iter().rev().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    for name in redacted {
        if find(name).is_none() {
            return Err(ResumeError::MissingSecret { name: name.clone() });
        }
    }
    if redacted.iter().any(|n| n == URL_PASSWORD) {
        let password = find(URL_PASSWORD).unwrap_or_default();
        let _ = url.set_password(Some(&password));
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let secret = redacted.iter().any(|n| n.eq_ignore_ascii_case(&k)) && v == REDACTED;
                let value = if secret { find(&k).unwrap_or_default() } else { v.into_owned() };
                (k.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Ok(url)
}

/// The URL as it may be shown: password and the values of secret query
/// parameters (configured ones and [`DEFAULT_SENSITIVE_QUERY_PARAMS`])
/// replaced by `[redacted]`.
pub(crate) fn redacted_url(url: &Url, configured: &[String]) -> String {
    crate::redact::redact_url_with(url, configured)
}

/// The URL as a state may hold it: no password, and the values of secret
/// query parameters (`configured` ones and those secret by default, see
/// [`is_sensitive_query`](crate::redact::is_sensitive_query)) replaced by
/// `[redacted]`; returns it with the names of what was removed, for
/// [`restore_secrets`].
pub fn strip_secrets(url: &Url, configured: &[String]) -> (String, Vec<String>) {
    let mut copy = url.clone();
    let mut removed = Vec::new();
    if copy.password().is_some() {
        let _ = copy.set_password(None);
        removed.push(URL_PASSWORD.to_owned());
    }
    if copy.query().is_some() {
        let pairs: Vec<(String, String)> = copy
            .query_pairs()
            .map(|(k, v)| {
                if crate::redact::is_sensitive_query(&k, configured) {
                    if !removed.iter().any(|r| r.eq_ignore_ascii_case(&k)) {
                        removed.push(k.clone().into_owned());
                    }
                    (k.into_owned(), REDACTED.to_owned())
                } else {
                    (k.into_owned(), v.into_owned())
                }
            })
            .collect();
        if !removed.iter().all(|r| r == URL_PASSWORD) {
            copy.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    (copy.to_string(), removed)
}

/// A state store failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("state store could not {action} key {key:?}: {message}")]
#[non_exhaustive]
pub struct StoreError {
    /// `"load"`, `"save"` or `"remove"`.
    pub action: &'static str,
    /// The key.
    pub key: String,
    /// What went wrong.
    pub message: String,
}

/// Keeps poll states (as JSON text) under caller-chosen keys.
#[async_trait]
pub trait StateStore: Send + Sync + fmt::Debug {
    /// The state text under `key`, if any.
    async fn load(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Stores `state` under `key` (replacing what was there).
    async fn save(&self, key: &str, state: &str) -> Result<(), StoreError>;
    /// Forgets `key` (no error when absent).
    async fn remove(&self, key: &str) -> Result<(), StoreError>;
}

/// A [`StateStore`] in memory (one process; tests; caches).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use flow_poll::resume::{MemoryStore, StateStore};
/// let store = MemoryStore::new();
/// store.save("job-1", "{}").await.unwrap();
/// assert_eq!(store.load("job-1").await.unwrap().as_deref(), Some("{}"));
/// store.remove("job-1").await.unwrap();
/// assert!(store.is_empty());
/// # }
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    states: Mutex<HashMap<String, String>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn states(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.states.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The state text under `key` (without awaiting).
    pub fn get(&self, key: &str) -> Option<String> {
        self.states().get(key).cloned()
    }

    /// Stores text under `key` directly (e.g. to plant a state in a test).
    pub fn insert(&self, key: &str, state: &str) {
        self.states().insert(key.to_owned(), state.to_owned());
    }

    /// How many keys are stored.
    pub fn len(&self) -> usize {
        self.states().len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.states().is_empty()
    }
}

#[async_trait]
impl StateStore for MemoryStore {
    async fn load(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.get(key))
    }

    async fn save(&self, key: &str, state: &str) -> Result<(), StoreError> {
        self.insert(key, state);
        Ok(())
    }

    async fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.states().remove(key);
        Ok(())
    }
}

#[cfg(feature = "fs-state")]
/// A [`StateStore`] keeping one JSON file per key in a directory (created
/// when needed). File names are a SHA-256 of the key, so any key is safe;
/// writes go to a temporary file renamed into place, so a crash never
/// leaves half a state.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

#[cfg(feature = "fs-state")]
impl FileStore {
    /// A store in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds `key`.
    pub fn path_for(&self, key: &str) -> PathBuf {
        let digest = Sha256::digest(key.as_bytes());
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.json"))
    }

    async fn blocking<T: Send + 'static>(
        &self,
        action: &'static str,
        key: &str,
        work: impl FnOnce(PathBuf) -> std::io::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let path = self.path_for(key);
        let error = |message: String| StoreError { action, key: key.to_owned(), message };
        tokio::task::spawn_blocking(move || work(path))
            .await
            .map_err(|e| error(e.to_string()))?
            .map_err(|e| error(e.to_string()))
    }
}

#[async_trait]
#[cfg(feature = "fs-state")]
impl StateStore for FileStore {
    async fn load(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.blocking("load", key, |path| match std::fs::metadata(&path) {
            Ok(meta) if meta.len() > MAX_STATE_BYTES as u64 => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} is {} bytes, over the {MAX_STATE_BYTES}-byte limit", path.display(), meta.len()),
            )),
            Ok(_) => std::fs::read_to_string(&path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        })
        .await
    }

    async fn save(&self, key: &str, state: &str) -> Result<(), StoreError> {
        let dir = self.dir.clone();
        let text = state.to_owned();
        self.blocking("save", key, move |path| {
            std::fs::create_dir_all(&dir)?;
            let temp = path.with_extension("json.tmp");
            std::fs::write(&temp, text)?;
            std::fs::rename(&temp, &path)
        })
        .await
    }

    async fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.blocking("remove", key, |path| match std::fs::remove_file(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(url: &'a Url, method: &'a http::Method) -> StateParts<'a> {
        StateParts {
            operation: Some("jobs.wait"),
            method,
            url,
            sensitive_query: &[],
            criteria: "sha256:abc",
            attempts: 3,
            max_attempts: Some(10),
            started_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1000),
            deadline: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1300)),
            next_poll_at: None,
            retry_after: Some(Duration::from_secs(2)),
            finished: None,
            result: None,
        }
    }

    #[test]
    fn round_trip_and_checks() {
        let url = Url::parse("https://api.example/ops/1?view=full").unwrap();
        let state = PollState::new(&parts(&url, &http::Method::GET));
        let back = PollState::from_json(&state.to_json()).unwrap();
        assert_eq!(back, state);
        assert_eq!(back.url(), "https://api.example/ops/1?view=full");
        assert_eq!(back.deadline(), Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1300)));
        assert!(back.check("sha256:abc", Some("jobs.wait")).is_ok());
        assert!(matches!(
            back.check("sha256:def", Some("jobs.wait")),
            Err(ResumeError::CriteriaMismatch { .. })
        ));
        assert!(matches!(back.check("sha256:abc", None), Err(ResumeError::OperationMismatch { .. })));
        let mut finished = parts(&url, &http::Method::GET);
        finished.finished = Some("succeeded");
        let done = PollState::new(&finished);
        assert_eq!(
            done.check("sha256:abc", Some("jobs.wait")),
            Err(ResumeError::Finished { outcome: "succeeded".into() })
        );
    }

    #[test]
    fn refuses_bad_texts() {
        assert!(matches!(
            PollState::from_json(&" ".repeat(MAX_STATE_BYTES + 1)),
            Err(ResumeError::TooLarge { .. })
        ));
        assert!(matches!(PollState::from_json("[1]"), Err(ResumeError::Foreign { .. })));
        let text = format!("{{\"format\": \"{STATE_FORMAT}\", \"version\": 1}}");
        assert!(matches!(PollState::from_json(&text), Err(ResumeError::Malformed { .. })));
    }

    #[test]
    fn secrets_are_redacted_and_restored() {
        let url = Url::parse("https://user:pw@api.example/ops/1?sig=SECRET&view=full&Session=s2").unwrap();
        let mut p = parts(&url, &http::Method::GET);
        let configured = vec!["session".to_owned()];
        p.sensitive_query = &configured;
        let state = PollState::new(&p);
        let text = state.to_json();
        assert!(!text.contains("SECRET") && !text.contains("pw") && !text.contains("s2"), "{text}");
        assert_eq!(state.redacted(), [URL_PASSWORD, "sig", "Session"]);
        let err = state.restore_url(&[("sig".into(), "S".into())]).unwrap_err();
        assert_eq!(err, ResumeError::MissingSecret { name: URL_PASSWORD.into() });
        let secrets = [
            (URL_PASSWORD.to_owned(), "pw".to_owned()),
            ("SIG".to_owned(), "SECRET".to_owned()),
            ("session".to_owned(), "s2".to_owned()),
        ];
        assert_eq!(state.restore_url(&secrets).unwrap(), url);
    }

    #[cfg(feature = "fs-state")]
    #[tokio::test]
    async fn file_store_round_trip() {
        let dir = std::env::temp_dir().join(format!("dflow-store-test-{}", std::process::id()));
        let store = FileStore::new(&dir);
        assert_eq!(store.load("a/../b").await.unwrap(), None);
        store.save("a/../b", "{\"x\":1}").await.unwrap();
        assert_eq!(store.load("a/../b").await.unwrap().as_deref(), Some("{\"x\":1}"));
        assert!(store.path_for("a/../b").starts_with(&dir));
        store.remove("a/../b").await.unwrap();
        store.remove("a/../b").await.unwrap();
        assert_eq!(store.load("a/../b").await.unwrap(), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
