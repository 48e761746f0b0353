//! The long-running-operation judge: criteria first, then transient
//! failures (with their own consecutive budget), then the unmatched policy.
//! It also notes what each attempt showed (status string, percent) for
//! progress reports.

use std::sync::Arc;

use serde_json::Value;

use super::error::{Answer, LroError};
use crate::criteria::{parse_body, Criteria, Outcome, ResponseView, Unmatched};
use crate::progress::ProgressPointers;
use crate::transport::TransportError;
use crate::{Attempt, Judge, Verdict};

/// Which failures are worth retrying, and how many in a row.
///
/// Transient: no connection, a timeout, a broken connection, and the
/// statuses 429, 502, 503 and 504 (when no rule matched them). Other
/// transport errors (body too large, invalid request) are terminal.
///
/// ```
/// use flow_poll::lro::TransientPolicy;
/// let policy = TransientPolicy::default().with_max_consecutive(2);
/// assert_eq!(policy.max_consecutive(), 2);
/// assert!(policy.is_transient_status(503));
/// assert!(!policy.is_transient_status(500));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransientPolicy {
    max_consecutive: u32,
    statuses: Vec<u16>,
}

impl Default for TransientPolicy {
    /// Five in a row; statuses 429, 502, 503, 504.
    fn default() -> Self {
        TransientPolicy { max_consecutive: 5, statuses: vec![429, 502, 503, 504] }
    }
}

impl TransientPolicy {
    /// The same policy allowing `n` consecutive transient failures (0: the
    /// first one ends polling).
    #[must_use]
    pub fn with_max_consecutive(mut self, n: u32) -> Self {
        self.max_consecutive = n;
        self
    }

    /// The same policy with these transient statuses.
    #[must_use]
    pub fn with_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// How many transient failures in a row are retried.
    pub fn max_consecutive(&self) -> u32 {
        self.max_consecutive
    }

    /// Whether `status` is transient.
    pub fn is_transient_status(&self, status: u16) -> bool {
        self.statuses.contains(&status)
    }

    /// Whether a transport error is transient.
    pub fn is_transient_error(&self, error: &TransportError) -> bool {
        matches!(
            error,
            TransportError::Connect { .. } | TransportError::Timeout { .. } | TransportError::Io { .. }
        )
    }
}

/// The same error naming `url` (already redacted with the poller's full list
/// of secret query parameters; a transport only knows the configured ones).
pub(crate) fn scrubbed(error: &TransportError, url: &str) -> TransportError {
    error.clone().with_url(url)
}

/// What the last attempt showed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    pub(crate) attempt: u32,
    pub(crate) http_status: Option<u16>,
    pub(crate) status: Option<String>,
    pub(crate) percent: Option<f64>,
    pub(crate) error: Option<String>,
}

/// The judge of a long-running-operation poll.
#[derive(Debug)]
pub(crate) struct LroJudge {
    criteria: Arc<Criteria>,
    transient: TransientPolicy,
    pointers: ProgressPointers,
    url: String,
    consecutive: u32,
    seen: Option<Seen>,
    last_answer: Option<Answer>,
}

impl LroJudge {
    pub(crate) fn new(
        criteria: Arc<Criteria>,
        transient: TransientPolicy,
        pointers: ProgressPointers,
        url: String,
    ) -> Self {
        LroJudge { criteria, transient, pointers, url, consecutive: 0, seen: None, last_answer: None }
    }

    /// What the last judged attempt showed (taken: `None` until the next one).
    pub(crate) fn take_seen(&mut self) -> Option<Seen> {
        self.seen.take()
    }

    /// The last answer received.
    pub(crate) fn last_answer(&self) -> Option<&Answer> {
        self.last_answer.as_ref()
    }

    fn transient(&mut self) -> bool {
        self.consecutive += 1;
        self.consecutive <= self.transient.max_consecutive
    }
}

impl Judge for LroJudge {
    type Output = Answer;
    type Failure = LroError;

    fn judge(&mut self, attempt: &Attempt<'_>) -> Verdict<Answer, LroError> {
        let response = match attempt.outcome {
            Err(error) => {
                let error = &scrubbed(error, &self.url);
                self.seen =
                    Some(Seen { attempt: attempt.number, error: Some(error.to_string()), ..Seen::default() });
                if self.transient.is_transient_error(error) && self.transient() {
                    return Verdict::Continue;
                }
                let transient_failures =
                    if self.transient.is_transient_error(error) { self.consecutive } else { 0 };
                return Verdict::Fail(LroError::Transport { error: error.clone(), transient_failures });
            }
            Ok(response) => response,
        };
        let json: Option<Value> = parse_body(&response.body);
        let status = response.status.as_u16();
        self.seen = Some(Seen {
            attempt: attempt.number,
            http_status: Some(status),
            status: self.pointers.status(json.as_ref()),
            percent: self.pointers.percent(json.as_ref()),
            error: None,
        });
        let answer = Answer::new(response, self.url.clone());
        self.last_answer = Some(answer.clone());
        let view = ResponseView::new(status, &response.headers, &response.body, json.as_ref());
        if let Some(rule) = self.criteria.first_match(&view) {
            self.consecutive = 0;
            return match rule.outcome() {
                Outcome::Failure => Verdict::Fail(LroError::FailureMatched {
                    rule: rule.to_string(),
                    answer: Box::new(answer),
                }),
                Outcome::Success => Verdict::Done(answer),
                _ => Verdict::Continue,
            };
        }
        if self.transient.is_transient_status(status) {
            if self.transient() {
                return Verdict::Continue;
            }
            let transient_failures = self.consecutive;
            return Verdict::Fail(LroError::UnexpectedStatus {
                answer: Box::new(answer),
                transient_failures,
            });
        }
        self.consecutive = 0;
        match self.criteria.unmatched() {
            Unmatched::FailOnErrorStatus if !response.status.is_success() => {
                Verdict::Fail(LroError::UnexpectedStatus { answer: Box::new(answer), transient_failures: 0 })
            }
            _ => Verdict::Continue,
        }
    }
}
