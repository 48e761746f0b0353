//! [`LroError`], every way a long-running-operation poll can end badly, and
//! [`Answer`], the response snapshot errors and results carry.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::criteria::CriteriaError;
use crate::redact::RedactedHeaders;
use crate::resume::{ResumeError, StoreError};
use crate::transport::{HttpResponse, TransportError};

/// How much of a body error messages quote.
const EXCERPT_CHARS: usize = 200;

/// One answer from the server, kept whole (status, headers, body) with the
/// URL it came from (secrets redacted). `Debug` redacts secret headers.
#[derive(Clone, PartialEq)]
pub struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    url: String,
}

impl Answer {
    /// An answer from a response (`url` already redacted).
    pub fn new(response: &HttpResponse, url: impl Into<String>) -> Self {
        Answer {
            status: response.status.as_u16(),
            headers: response.headers.clone(),
            body: response.body.clone(),
            url: url.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The URL the answer came from (secrets redacted).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The body as `T`; an empty body reads as JSON `null` (so `()`,
    /// `Option<_>` and `serde_json::Value` accept it).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, LroError> {
        let result = if self.body.iter().all(u8::is_ascii_whitespace) {
            serde_json::from_value(serde_json::Value::Null)
        } else {
            serde_json::from_slice(&self.body)
        };
        result.map_err(|e| LroError::Decode { message: e.to_string(), answer: Box::new(self.clone()) })
    }

    /// The start of the body, on one line, for messages.
    pub fn excerpt(&self) -> String {
        let text = self.text();
        let mut excerpt: String =
            text.chars().take(EXCERPT_CHARS).map(|c| if c.is_control() { ' ' } else { c }).collect();
        if text.chars().count() > EXCERPT_CHARS {
            excerpt.push('…');
        }
        excerpt
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl fmt::Display for Answer {
    /// `HTTP 404 Not Found from <url>` and, when there is a body, `: <excerpt>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = http::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason());
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reason {
            write!(f, " {reason}")?;
        }
        write!(f, " from {}", self.url)?;
        if !self.body.is_empty() {
            write!(f, ": {}", self.excerpt())?;
        }
        Ok(())
    }
}

/// Why a long-running-operation poll did not end with a success.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum LroError {
    /// A failure rule matched an answer.
    #[error("the operation failed: `{rule}` matched {answer}")]
    FailureMatched {
        /// The rule (as written, or its canonical form).
        rule: String,
        /// The answer it matched.
        answer: Box<Answer>,
    },
    /// An answer no rule matched had an error status (≥ 400; with
    /// [`Unmatched::FailOnErrorStatus`](crate::criteria::Unmatched), the
    /// default), or transient error statuses (408, 425, 429, 502–504) used
    /// up their budget.
    #[error("{}unexpected {answer}", gave_up(*transient_failures))]
    UnexpectedStatus {
        /// The answer.
        answer: Box<Answer>,
        /// Consecutive transient failures, when that budget ran out (else 0).
        transient_failures: u32,
    },
    /// The start request was refused (not 2xx).
    #[error("the start request was refused: {answer}")]
    StartRejected {
        /// Its answer.
        answer: Box<Answer>,
    },
    /// The start request's answer does not say where to poll.
    #[error("cannot poll: {message} (start answer: {answer})")]
    NoPollLocation {
        /// What is missing.
        message: String,
        /// The start answer.
        answer: Box<Answer>,
    },
    /// The attempt limit was used up without a final answer.
    #[error("gave up after {attempts} attempts in {} without a final answer{}", duration(*elapsed), last_answer(last))]
    AttemptsExhausted {
        /// Poll attempts made (resumed ones included).
        attempts: u32,
        /// Time since the operation started.
        elapsed: Duration,
        /// The last answer seen, if any.
        last: Option<Box<Answer>>,
    },
    /// The deadline passed without a final answer (the last poll was made at it).
    #[error(
        "deadline exceeded after {} and {attempts} attempts without a final answer{}",
        duration(*elapsed),
        last_answer(last)
    )]
    DeadlineExceeded {
        /// Time since the operation started.
        elapsed: Duration,
        /// Poll attempts made (resumed ones included).
        attempts: u32,
        /// The last answer seen, if any.
        last: Option<Box<Answer>>,
    },
    /// No answer: a terminal transport error, or transient ones (connect,
    /// timeout, broken connection) that used up their budget.
    #[error("{}{error}", gave_up(*transient_failures))]
    Transport {
        /// The (last) error, URL redacted.
        error: TransportError,
        /// Consecutive transient failures, when that budget ran out (else 0).
        transient_failures: u32,
    },
    /// The final answer is not the expected type.
    #[error("cannot decode the final answer: {message} ({answer})")]
    Decode {
        /// The decoder's message.
        message: String,
        /// The answer.
        answer: Box<Answer>,
    },
    /// Cancelled (by the token, or the poller was dropped); nothing is sent
    /// after this.
    #[error("polling was cancelled after {attempts} attempts")]
    Cancelled {
        /// Poll attempts made.
        attempts: u32,
    },
    /// A keyed poll that had already finished, replayed from its stored
    /// state without a request: how it ended then, and its final answer
    /// when one was kept (a success with a kept answer replays as `Ok`).
    #[error("{message} (replayed: the poll under this key already finished)")]
    Replayed {
        /// How it finished (`failure_matched`, `deadline_exceeded`, …).
        outcome: String,
        /// The message it failed with then.
        message: String,
        /// Its final answer, when kept.
        answer: Option<Box<Answer>>,
    },
    /// The poller's configuration cannot work.
    #[error("invalid poller configuration: {0}")]
    InvalidConfiguration(String),
    /// The criteria cannot be used.
    #[error("invalid criteria: {0}")]
    Criteria(#[from] CriteriaError),
    /// A saved state cannot be resumed.
    #[error("cannot resume: {0}")]
    Resume(#[from] ResumeError),
    /// The state store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn gave_up(failures: u32) -> String {
    if failures == 0 {
        String::new()
    } else {
        format!("gave up after {failures} consecutive transient failures; last: ")
    }
}

/// A duration for people: `300s`, `1.5s`, `955ms` (rounded to the millisecond).
fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        let text = format!("{}.{:03}", ms / 1000, ms % 1000);
        format!("{}s", text.trim_end_matches('0'))
    }
}

fn last_answer(last: &Option<Box<Answer>>) -> String {
    match last {
        Some(answer) => format!("; last answer: {answer}"),
        None => String::new(),
    }
}

impl LroError {
    /// The answer the error is about, when there is one (the last one seen
    /// for budget errors).
    pub fn answer(&self) -> Option<&Answer> {
        match self {
            LroError::FailureMatched { answer, .. }
            | LroError::UnexpectedStatus { answer, .. }
            | LroError::StartRejected { answer }
            | LroError::NoPollLocation { answer, .. }
            | LroError::Decode { answer, .. } => Some(answer),
            LroError::AttemptsExhausted { last, .. }
            | LroError::DeadlineExceeded { last, .. }
            | LroError::Replayed { answer: last, .. } => last.as_deref(),
            _ => None,
        }
    }

    /// A short name for the kind of error (`"failure_matched"`,
    /// `"deadline_exceeded"`, …), for logs and JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            LroError::FailureMatched { .. } => "failure_matched",
            LroError::UnexpectedStatus { .. } => "unexpected_status",
            LroError::StartRejected { .. } => "start_rejected",
            LroError::NoPollLocation { .. } => "no_poll_location",
            LroError::AttemptsExhausted { .. } => "attempts_exhausted",
            LroError::DeadlineExceeded { .. } => "deadline_exceeded",
            LroError::Transport { .. } => "transport",
            LroError::Decode { .. } => "decode",
            LroError::Cancelled { .. } => "cancelled",
            LroError::Replayed { .. } => "replayed",
            LroError::InvalidConfiguration(_) => "invalid_configuration",
            LroError::Criteria(_) => "invalid_criteria",
            LroError::Resume(_) => "resume",
            LroError::Store(_) => "store",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        let mut response = HttpResponse::new(http::StatusCode::from_u16(status).unwrap(), body.to_owned());
        response.headers.insert("set-cookie", "id=SECRET".parse().unwrap());
        Answer::new(&response, "https://api.example/tasks/7")
    }

    #[test]
    fn messages_are_clear_and_redacted() {
        let a = answer(404, "{\"error\":\"task log expired\"}");
        assert_eq!(
            a.to_string(),
            "HTTP 404 Not Found from https://api.example/tasks/7: {\"error\":\"task log expired\"}"
        );
        assert!(!format!("{a:?}").contains("SECRET"));
        let e = LroError::FailureMatched { rule: "$statusCode == 404".into(), answer: Box::new(a.clone()) };
        assert!(e.to_string().starts_with("the operation failed: `$statusCode == 404` matched HTTP 404"));
        let e = LroError::UnexpectedStatus { answer: Box::new(answer(503, "")), transient_failures: 5 };
        assert_eq!(
            e.to_string(),
            "gave up after 5 consecutive transient failures; last: unexpected HTTP 503 Service Unavailable from https://api.example/tasks/7"
        );
        let e = LroError::DeadlineExceeded {
            elapsed: Duration::from_secs(300),
            attempts: 30,
            last: Some(Box::new(a)),
        };
        assert!(e.to_string().contains("deadline exceeded after 300s and 30 attempts"), "{e}");
        assert_eq!(e.kind(), "deadline_exceeded");
        assert_eq!(e.answer().map(Answer::status), Some(404));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(Duration::from_micros(955_206)), "955ms");
        assert_eq!(duration(Duration::from_secs(300)), "300s");
        assert_eq!(duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(duration(Duration::from_millis(2345)), "2.345s");
    }

    #[test]
    fn decode_and_excerpt() {
        assert_eq!(answer(200, "").decode::<Option<u8>>().unwrap(), None);
        assert_eq!(answer(200, "5").decode::<u8>().unwrap(), 5);
        let e = answer(200, "null").decode::<u8>().unwrap_err();
        assert_eq!(e.kind(), "decode");
        let long = "x".repeat(500);
        assert_eq!(answer(200, &long).excerpt().chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(answer(200, "a\nb").excerpt(), "a b");
    }
}
