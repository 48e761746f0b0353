//! The long-running-operation judge: criteria first, then transient
//! failures (retried, with their own consecutive budget), then the
//! unmatched policy (an error status ends the poll). It also notes what
//! each attempt showed (status string, percent) for progress reports, and
//! where a `201`/`202` answer that is not final says to poll next.

use std::sync::Arc;

use serde_json::Value;

use super::error::{Answer, LroError};
use crate::criteria::{parse_body, Criteria, Outcome, ResponseView};
use crate::location::LOCATION_HEADERS;
use crate::progress::ProgressPointers;
use crate::transport::TransportError;
use crate::{Attempt, Judge, Verdict};

/// The statuses retried by default: Request Timeout, Too Early, Too Many
/// Requests, Bad Gateway, Service Unavailable, Gateway Timeout.
pub const TRANSIENT_STATUSES: [u16; 6] = [408, 425, 429, 502, 503, 504];

/// Which failures are worth retrying, and how many in a row.
///
/// Transient: no connection, a timeout, a broken connection, and the
/// statuses 408, 425, 429, 502, 503 and 504 (when no rule matched them).
/// Other transport errors (body too large, invalid request) are terminal,
/// and so is a `500`: the server saying the operation failed.
///
/// ```
/// use flow_poll::lro::TransientPolicy;
/// let policy = TransientPolicy::default().with_max_consecutive(2);
/// assert_eq!(policy.max_consecutive(), 2);
/// assert!(policy.is_transient_status(503) && policy.is_transient_status(408));
/// assert!(!policy.is_transient_status(500));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransientPolicy {
    max_consecutive: u32,
    statuses: Vec<u16>,
}

impl Default for TransientPolicy {
    /// Five in a row; statuses 408, 425, 429, 502, 503, 504.
    fn default() -> Self {
        TransientPolicy { max_consecutive: 5, statuses: TRANSIENT_STATUSES.to_vec() }
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
    moved_to: Option<String>,
}

impl LroJudge {
    pub(crate) fn new(
        criteria: Arc<Criteria>,
        transient: TransientPolicy,
        pointers: ProgressPointers,
        url: String,
    ) -> Self {
        LroJudge {
            criteria,
            transient,
            pointers,
            url,
            consecutive: 0,
            seen: None,
            last_answer: None,
            moved_to: None,
        }
    }

    /// What the last judged attempt showed (taken: `None` until the next one).
    pub(crate) fn take_seen(&mut self) -> Option<Seen> {
        self.seen.take()
    }

    /// Where the last answer — a `201` or `202` that did not end polling —
    /// says to poll next (`Operation-Location`, `Azure-AsyncOperation` or
    /// `Location`, as written; taken).
    pub(crate) fn take_moved_to(&mut self) -> Option<String> {
        self.moved_to.take()
    }

    /// The last answer received.
    pub(crate) fn last_answer(&self) -> Option<&Answer> {
        self.last_answer.as_ref()
    }

    fn transient(&mut self) -> bool {
        self.consecutive += 1;
        self.consecutive <= self.transient.max_consecutive
    }

    /// Keep polling; after a `201`/`202`, at the URL it names.
    fn keep_polling(&mut self, status: u16, headers: &http::HeaderMap) -> Verdict<Answer, LroError> {
        if matches!(status, 201 | 202) {
            self.moved_to = LOCATION_HEADERS
                .iter()
                .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty());
        }
        Verdict::Continue
    }
}

impl Judge for LroJudge {
    type Output = Answer;
    type Failure = LroError;

    fn judge(&mut self, attempt: &Attempt<'_>) -> Verdict<Answer, LroError> {
        self.moved_to = None;
        let response = match attempt.outcome {
            Err(error) => {
                let error = &scrubbed(error, &self.url);
                self.seen =
                    Some(Seen { attempt: attempt.number, error: Some(error.to_string()), ..Seen::default() });
                if self.transient.is_transient_error(error) && self.transient() {
                    return Verdict::Retry;
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
                _ => self.keep_polling(status, &response.headers),
            };
        }
        if self.transient.is_transient_status(status) {
            if self.transient() {
                return Verdict::Retry;
            }
            let transient_failures = self.consecutive;
            return Verdict::Fail(LroError::UnexpectedStatus {
                answer: Box::new(answer),
                transient_failures,
            });
        }
        self.consecutive = 0;
        if self.criteria.unmatched().fails(status) {
            return Verdict::Fail(LroError::UnexpectedStatus {
                answer: Box::new(answer),
                transient_failures: 0,
            });
        }
        self.keep_polling(status, &response.headers)
    }
}
