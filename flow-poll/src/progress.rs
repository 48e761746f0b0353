//! [`Progress`]: what a long-running-operation poller reports while it
//! waits — the attempt, the HTTP status, the operation's own status string
//! and percent complete (read by JSON Pointer, `/status` and
//! `/percentComplete` by default; when the status pointer is the default
//! and `/status` is absent, `/info/status` is read instead, as task APIs in
//! the Altogic style nest it), and the wait before the next request.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::criteria::BodyPath;

/// One progress report (`Default`: nothing known yet, for hosts that
/// build reports of their own).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Progress {
    /// Poll attempts so far (0 for the start request's answer).
    pub attempt: u32,
    /// The attempt limit, if any.
    pub max_attempts: Option<u32>,
    /// The HTTP status of the answer, when one arrived.
    pub http_status: Option<u16>,
    /// The operation's status string, when the answer has one.
    pub status: Option<String>,
    /// Percent complete (0–100), when the answer says.
    pub percent: Option<f64>,
    /// The transport error (URL redacted), when no answer arrived.
    pub error: Option<String>,
    /// Time since the operation started.
    #[serde(serialize_with = "millis")]
    pub elapsed: Duration,
    /// The wait before the next request; `None` when polling ends here.
    #[serde(serialize_with = "opt_millis")]
    pub next_delay: Option<Duration>,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn opt_millis<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => millis(d, s),
        None => s.serialize_none(),
    }
}

impl Progress {
    /// Whether this report says something new compared with `previous`
    /// (HTTP status, status string, percent or error changed).
    pub fn differs_from(&self, previous: &Progress) -> bool {
        self.http_status != previous.http_status
            || self.status != previous.status
            || self.percent != previous.percent
            || self.error != previous.error
    }
}

/// Where the status string and the percent complete are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProgressPointers {
    pub(crate) status: Option<BodyPath>,
    /// Read when `status` finds nothing (only with the default pointer).
    pub(crate) status_fallback: Option<BodyPath>,
    pub(crate) percent: Option<BodyPath>,
}

/// The status pointer when none is set.
pub(crate) const DEFAULT_STATUS_POINTER: &str = "/status";
/// Where the status is read when the default pointer finds nothing.
pub(crate) const FALLBACK_STATUS_POINTER: &str = "/info/status";
/// The percent pointer when none is set.
pub(crate) const DEFAULT_PERCENT_POINTER: &str = "/percentComplete";

impl ProgressPointers {
    /// The status string: a string as is, a number or boolean as text.
    pub(crate) fn status(&self, body: Option<&Value>) -> Option<String> {
        let found = |p: &Option<BodyPath>| p.as_ref().and_then(|p| body.and_then(|b| p.resolve(b)));
        match found(&self.status).or_else(|| found(&self.status_fallback))? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The percent complete: a number (or numeric string), clamped to 0–100.
    pub(crate) fn percent(&self, body: Option<&Value>) -> Option<f64> {
        let value = self.percent.as_ref().and_then(|p| body.and_then(|b| p.resolve(b)))?;
        let number = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
            _ => None,
        }?;
        number.is_finite().then(|| number.clamp(0.0, 100.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers() -> ProgressPointers {
        ProgressPointers {
            status: Some(BodyPath::new("/status").unwrap()),
            status_fallback: Some(BodyPath::new("/info/status").unwrap()),
            percent: Some(BodyPath::new("/percentComplete").unwrap()),
        }
    }

    #[test]
    fn extraction() {
        let p = pointers();
        let body = json!({"status": "Running", "percentComplete": 40});
        assert_eq!(p.status(Some(&body)), Some("Running".to_owned()));
        assert_eq!(p.percent(Some(&body)), Some(40.0));
        assert_eq!(p.percent(Some(&json!({"percentComplete": "55 %"}))), Some(55.0));
        assert_eq!(p.percent(Some(&json!({"percentComplete": 140}))), Some(100.0));
        assert_eq!(p.percent(Some(&json!({"percentComplete": "soon"}))), None);
        assert_eq!(p.status(Some(&json!({"status": 3}))), Some("3".to_owned()));
        assert_eq!(p.status(Some(&json!({"status": {}}))), None);
        assert_eq!(p.status(None), None);
        assert_eq!(p.status(Some(&json!({"info": {"status": "pending"}}))), Some("pending".to_owned()));
        assert_eq!(
            p.status(Some(&json!({"status": "Running", "info": {"status": "x"}}))),
            Some("Running".to_owned())
        );
        let none = ProgressPointers { status: None, status_fallback: None, percent: None };
        assert_eq!(none.status(Some(&body)), None);
    }

    #[test]
    fn progress_serialises_with_millis() {
        let progress = Progress {
            attempt: 2,
            max_attempts: Some(5),
            http_status: Some(200),
            status: Some("Running".into()),
            percent: Some(40.0),
            error: None,
            elapsed: Duration::from_millis(2500),
            next_delay: Some(Duration::from_secs(1)),
        };
        let json = serde_json::to_value(&progress).unwrap();
        assert_eq!(json["elapsed"], 2500);
        assert_eq!(json["next_delay"], 1000);
        assert_eq!(json["percent"], 40.0);
        let mut later = progress.clone();
        later.next_delay = None;
        assert!(!later.differs_from(&progress));
        later.percent = Some(100.0);
        assert!(later.differs_from(&progress));
    }
}
