//! When is a long-running operation done? [`Criteria`]: ordered rules, each a
//! [`Condition`] on the response with an [`Outcome`] — success, failure or
//! keep polling.
//!
//! Judging one answer: every **failure** rule is tried first (in order); then
//! the other rules in order, the first that holds deciding; an answer no rule
//! matches keeps polling, or — with [`Unmatched::FailOnErrorStatus`] — fails
//! when its status is an error (400 or above).
//!
//! Three ways in, all compiling to the same [`Condition`]s, all reporting
//! bad input with a typed [`CriteriaError`] that points at the bad part:
//!
//! 1. Arazzo / Speakeasy condition strings ([`parse_condition`]):
//!    `$statusCode == 200`, `$response.body#/status == 'completed'`;
//! 2. Trigger.dev-style EventFilter JSON ([`parse_response_filter`]):
//!    `{"status": [200], "body": {"status": ["SUCCESS"]}}`;
//! 3. the typed builder ([`status`], [`header`], [`body`]).
//!
//! ```
//! use flow_poll::criteria::{body, status, Criteria, Outcome, ResponseView};
//! use serde_json::json;
//!
//! let criteria = Criteria::builder()
//!     .failure_when("$response.body#/status == 'failed'")
//!     .failure(status().class(5))
//!     .success(body("/status").eq("Succeeded").and(body("/percentComplete").ge(100)))
//!     .build()?;
//!
//! let headers = http::HeaderMap::new();
//! let judge = |status: u16, json: serde_json::Value| {
//!     criteria.judge(&ResponseView::new(status, &headers, b"", Some(&json))).outcome()
//! };
//! assert_eq!(judge(200, json!({"status": "Running", "percentComplete": 40})), Outcome::KeepPolling);
//! assert_eq!(judge(200, json!({"status": "Succeeded", "percentComplete": 100})), Outcome::Success);
//! assert_eq!(judge(200, json!({"status": "FAILED"})), Outcome::Failure); // Arazzo: case-insensitive
//! assert_eq!(judge(503, json!({})), Outcome::Failure);
//! # Ok::<(), flow_poll::criteria::CriteriaError>(())
//! ```

mod arazzo;
mod builder;
mod condition;
mod event_filter;

use std::fmt;

use sha2::{Digest, Sha256};
use thiserror::Error;

pub use arazzo::{parse_condition, parse_criterion, ConditionError, MAX_CONDITION_DEPTH};
pub use builder::{
    body, body_text, default_success, header, status, BodyField, Check, CriteriaBuilder, HeaderField,
    StatusField,
};
pub use condition::{parse_body, BodyPath, CmpOp, Condition, Matcher, Pattern, ResponseView, Subject};
pub use event_filter::{parse_body_filter, parse_response_filter};

/// Bad criteria: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CriteriaError {
    /// An Arazzo condition string did not parse (the error has the offset).
    #[error(transparent)]
    Condition(#[from] ConditionError),
    /// An EventFilter had a bad part, at a JSON Pointer into the filter.
    #[error("event filter at {path:?}: {message}")]
    Filter {
        /// Where in the filter (JSON Pointer, `""` for the whole filter).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An Arazzo Criterion Object had a bad part.
    #[error("criterion at {path:?}: {message}")]
    Criterion {
        /// Where (JSON Pointer into the document that held it).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An invalid JSON Pointer.
    #[error("invalid JSON Pointer {pointer:?}: {message}")]
    Pointer {
        /// The pointer as given.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// An invalid header name.
    #[error("invalid header name {name:?}")]
    HeaderName {
        /// The name as given.
        name: String,
    },
    /// A regular expression that does not compile.
    #[error("invalid regex {pattern:?}: {message}")]
    Regex {
        /// The pattern.
        pattern: String,
        /// The compiler's message.
        message: String,
    },
    /// An invalid status pattern (`200`, `2xx`).
    #[error("invalid status {text:?}: expected a code 100-599 or a class like \"2xx\"")]
    Status {
        /// The text as given.
        text: String,
    },
    /// A rule had a problem (which rule, and the problem).
    #[error("rule {number} ({outcome}): {source}")]
    InRule {
        /// 1-based number of the rule, in the order given.
        number: usize,
        /// The rule's outcome.
        outcome: Outcome,
        /// The problem.
        source: Box<CriteriaError>,
    },
    /// No rule can ever end polling successfully.
    #[error("criteria have no success rule, so polling could never succeed")]
    NoSuccessRule,
}

/// What a matching rule means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Polling is done: the operation succeeded.
    Success,
    /// Polling is done: the operation failed.
    Failure,
    /// Not final: poll again.
    KeepPolling,
}

impl Outcome {
    /// `"success"`, `"failure"` or `"keep polling"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::KeepPolling => "keep polling",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to an answer no rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Unmatched {
    /// Keep polling.
    #[default]
    KeepPolling,
    /// Fail when the status is an error (400 or above); keep polling
    /// otherwise (the long-running-operation poller's default, which also
    /// retries the transient ones first).
    FailOnErrorStatus,
}

impl Unmatched {
    /// Whether an unmatched answer with `status` ends polling as a failure.
    ///
    /// ```
    /// use flow_poll::criteria::Unmatched;
    /// assert!(Unmatched::FailOnErrorStatus.fails(500));
    /// assert!(Unmatched::FailOnErrorStatus.fails(404));
    /// assert!(!Unmatched::FailOnErrorStatus.fails(304));
    /// assert!(!Unmatched::KeepPolling.fails(500));
    /// ```
    pub fn fails(self, status: u16) -> bool {
        match self {
            Unmatched::KeepPolling => false,
            Unmatched::FailOnErrorStatus => status >= 400,
        }
    }
}

/// One rule: when `condition` holds, `outcome`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    outcome: Outcome,
    condition: Condition,
    source: Option<String>,
}

impl Rule {
    /// A rule.
    pub fn new(outcome: Outcome, condition: Condition) -> Self {
        Rule { outcome, condition, source: None }
    }

    /// The same rule, remembering the text it was written as (shown in errors).
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The outcome.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The condition.
    pub fn condition(&self) -> &Condition {
        &self.condition
    }

    /// The text the rule was written as, if it was written as text.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

impl fmt::Display for Rule {
    /// The source text when there is one, else the canonical condition.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => f.write_str(source),
            None => write!(f, "{}", self.condition),
        }
    }
}

/// The verdict of [`Criteria::judge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement<'c> {
    outcome: Outcome,
    rule: Option<&'c Rule>,
}

impl<'c> Judgement<'c> {
    /// What the answer means.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The rule that decided, `None` when no rule matched.
    pub fn rule(&self) -> Option<&'c Rule> {
        self.rule
    }
}

/// Ordered rules judging answers (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criteria {
    rules: Vec<Rule>,
    unmatched: Unmatched,
}

impl Criteria {
    /// A builder with no rules.
    pub fn builder() -> CriteriaBuilder {
        CriteriaBuilder::default()
    }

    /// Criteria from rules (an error when none is a success rule).
    pub fn new(rules: Vec<Rule>, unmatched: Unmatched) -> Result<Self, CriteriaError> {
        if !rules.iter().any(|r| r.outcome == Outcome::Success) {
            return Err(CriteriaError::NoSuccessRule);
        }
        Ok(Criteria { rules, unmatched })
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// What happens to unmatched answers.
    pub fn unmatched(&self) -> Unmatched {
        self.unmatched
    }

    /// The same criteria with another policy for unmatched answers.
    #[must_use]
    pub fn with_unmatched(mut self, unmatched: Unmatched) -> Self {
        self.unmatched = unmatched;
        self
    }

    /// The rule that decides `response`: the first failure rule that holds,
    /// else the first other rule that holds.
    pub fn first_match(&self, response: &ResponseView<'_>) -> Option<&Rule> {
        let failing = self.rules.iter().filter(|r| r.outcome == Outcome::Failure);
        let others = self.rules.iter().filter(|r| r.outcome != Outcome::Failure);
        failing.chain(others).find(|rule| rule.condition.matches(response))
    }

    /// What `response` means: the deciding rule's outcome, else the
    /// [`Unmatched`] policy.
    pub fn judge(&self, response: &ResponseView<'_>) -> Judgement<'_> {
        if let Some(rule) = self.first_match(response) {
            return Judgement { outcome: rule.outcome, rule: Some(rule) };
        }
        let outcome =
            if self.unmatched.fails(response.status) { Outcome::Failure } else { Outcome::KeepPolling };
        Judgement { outcome, rule: None }
    }

    /// A stable digest of how these criteria judge (`sha256:` + hex): equal
    /// criteria give equal fingerprints, whatever way they were written in.
    ///
    /// ```
    /// use flow_poll::criteria::{status, Criteria};
    /// let a = Criteria::builder().success_when("$statusCode == 200").build()?;
    /// let b = Criteria::builder().success(status().is(200)).build()?;
    /// let c = Criteria::builder().success(status().is(201)).build()?;
    /// assert_eq!(a.fingerprint(), b.fingerprint());
    /// assert_ne!(a.fingerprint(), c.fingerprint());
    /// # Ok::<(), flow_poll::criteria::CriteriaError>(())
    /// ```
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"dflow.criteria.v1\n");
        let unmatched = match self.unmatched {
            Unmatched::KeepPolling => "unmatched=keep-polling\n",
            Unmatched::FailOnErrorStatus => "unmatched=fail-on-error-status\n",
        };
        hasher.update(unmatched.as_bytes());
        for rule in &self.rules {
            hasher.update(format!("{}\t{}\n", rule.outcome.as_str(), rule.condition).as_bytes());
        }
        let digest = hasher.finalize();
        let mut text = String::with_capacity(7 + digest.len() * 2);
        text.push_str("sha256:");
        for byte in digest {
            text.push_str(&format!("{byte:02x}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn failure_rules_come_first_then_order_decides() {
        let criteria = Criteria::builder()
            .keep_polling(status().is(202))
            .success(status().class(2))
            .failure(body("/error").exists())
            .build()
            .unwrap();
        let h = http::HeaderMap::new();
        let doc = json!({"error": "boom"});
        let view = |status, json| ResponseView::new(status, &h, b"", json);
        assert_eq!(criteria.judge(&view(202, None)).outcome(), Outcome::KeepPolling);
        assert_eq!(criteria.judge(&view(200, None)).outcome(), Outcome::Success);
        let failed = criteria.judge(&view(200, Some(&doc)));
        assert_eq!(failed.outcome(), Outcome::Failure);
        assert_eq!(failed.rule().unwrap().to_string(), "$response.body#/error exists");
        assert_eq!(criteria.judge(&view(500, None)).outcome(), Outcome::KeepPolling);
        let strict = criteria.with_unmatched(Unmatched::FailOnErrorStatus);
        let j = strict.judge(&view(500, None));
        assert_eq!((j.outcome(), j.rule()), (Outcome::Failure, None));
        assert_eq!(strict.judge(&view(204, None)).outcome(), Outcome::Success);
    }

    #[test]
    fn no_success_rule_is_refused() {
        assert_eq!(Criteria::builder().failure(status().is(500)).build(), Err(CriteriaError::NoSuccessRule));
    }

    #[test]
    fn fingerprint_depends_on_outcome_order_and_policy() {
        let a = Criteria::builder().success(status().is(200)).failure(status().is(500)).build().unwrap();
        let b = Criteria::builder().success(status().is(200)).keep_polling(status().is(500)).build().unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), a.clone().with_unmatched(Unmatched::FailOnErrorStatus).fingerprint());
        assert!(a.fingerprint().starts_with("sha256:"));
        assert_eq!(a.fingerprint().len(), 7 + 64);
    }
}
