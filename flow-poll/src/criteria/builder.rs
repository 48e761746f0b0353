//! The typed way in: [`status`], [`header`], [`body`] and [`body_text`] make
//! [`Check`]s, combined with [`Check::and`], [`Check::or`] and `!`, and put
//! into rules by a [`CriteriaBuilder`].
//!
//! Mistakes (a bad pointer, header name or regex) are kept inside the
//! [`Check`] and reported by [`CriteriaBuilder::build`] with the number of
//! the rule they are in, so a chain of calls never needs `?` in the middle.

use std::ops::{Not, RangeInclusive};

use http::header::HeaderName;
use serde_json::Value;

use super::condition::{BodyPath, CmpOp, Condition, Matcher, Pattern, Subject};
use super::{arazzo, event_filter, Criteria, CriteriaError, Outcome, Rule, Unmatched};

/// A condition under construction (or the mistake made building it).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Check(Result<Condition, CriteriaError>);

impl Check {
    /// A check from a ready condition.
    pub fn from_condition(condition: Condition) -> Self {
        Check(Ok(condition))
    }

    /// Both this and `other` hold.
    pub fn and(self, other: impl Into<Check>) -> Self {
        self.join(other.into(), true)
    }

    /// This or `other` holds.
    pub fn or(self, other: impl Into<Check>) -> Self {
        self.join(other.into(), false)
    }

    fn join(self, other: Check, all: bool) -> Self {
        let (a, b) = match (self.0, other.0) {
            (Err(e), _) | (_, Err(e)) => return Check(Err(e)),
            (Ok(a), Ok(b)) => (a, b),
        };
        let mut list = Vec::new();
        for c in [a, b] {
            match c {
                Condition::All(inner) if all => list.extend(inner),
                Condition::Any(inner) if !all => list.extend(inner),
                other => list.push(other),
            }
        }
        Check(Ok(if all { Condition::All(list) } else { Condition::Any(list) }))
    }

    /// The condition, or the mistake made building it.
    pub fn into_condition(self) -> Result<Condition, CriteriaError> {
        self.0
    }
}

impl Not for Check {
    type Output = Check;

    fn not(self) -> Check {
        Check(self.0.map(|c| Condition::Not(Box::new(c))))
    }
}

impl From<Condition> for Check {
    fn from(condition: Condition) -> Self {
        Check(Ok(condition))
    }
}

fn checked(subject: Result<Subject, CriteriaError>, matcher: Result<Matcher, CriteriaError>) -> Check {
    Check(subject.and_then(|s| matcher.map(|m| Condition::check(s, m))))
}

/// Checks on the HTTP status.
pub fn status() -> StatusField {
    StatusField
}

/// Checks on a header (name case-insensitive).
pub fn header(name: &str) -> HeaderField {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| CriteriaError::HeaderName { name: name.to_owned() });
    HeaderField { name, ignore_case: false }
}

/// Checks on a body value by JSON Pointer (`"/status"`; `""` is the whole body).
pub fn body(pointer: &str) -> BodyField {
    BodyField { subject: BodyPath::new(pointer).map(Subject::Body), ignore_case: false }
}

/// Checks on the raw body text (`matches`, `starts_with`, …).
pub fn body_text() -> BodyField {
    BodyField { subject: Ok(Subject::BodyText), ignore_case: false }
}

/// The success rule of a poll given none: a 2xx status other than `202
/// Accepted` (which OData and Azure use for "still running"), and not a
/// `201 Created` that names where to poll next (`Operation-Location`,
/// `Azure-AsyncOperation` or `Location`: the poller follows it instead).
///
/// ```
/// use flow_poll::criteria::{default_success, ResponseView};
/// let success = default_success().into_condition()?;
/// let none = http::HeaderMap::new();
/// let mut moved = http::HeaderMap::new();
/// moved.insert("location", "/jobs/7".parse().unwrap());
/// let holds = |status, headers: &http::HeaderMap| success.matches(&ResponseView::new(status, headers, b"", None));
/// assert!(holds(200, &none) && holds(204, &none) && holds(201, &none));
/// assert!(!holds(202, &none) && !holds(201, &moved) && !holds(404, &none));
/// # Ok::<(), flow_poll::criteria::CriteriaError>(())
/// ```
pub fn default_success() -> Check {
    let mut names_next = header(crate::location::LOCATION_HEADERS[0]).exists();
    for name in &crate::location::LOCATION_HEADERS[1..] {
        names_next = names_next.or(header(name).exists());
    }
    status().class(2).and(!status().is(202)).and(!status().is(201).and(names_next))
}

/// Checks on the HTTP status; made by [`status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusField;

fn cmp(op: CmpOp, value: Value, ignore_case: bool) -> Matcher {
    let ignore_case = ignore_case && value.is_string();
    Matcher::Compare { op, value, ignore_case }
}

/// The matcher for a status pattern: `404` or a class `4xx` (any case).
pub(crate) fn status_pattern(text: &str) -> Result<Matcher, CriteriaError> {
    let bad = || CriteriaError::Status { text: text.to_owned() };
    let t = text.trim();
    let bytes = t.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return Err(bad());
    }
    if bytes[1..].eq_ignore_ascii_case(b"xx") {
        let class = u16::from(bytes[0] - b'0');
        return Ok(status_range(class * 100..=class * 100 + 99));
    }
    let code: u16 = t.parse().map_err(|_| bad())?;
    Ok(cmp(CmpOp::Eq, Value::from(code), false))
}

fn status_range(range: RangeInclusive<u16>) -> Matcher {
    Matcher::All(vec![
        cmp(CmpOp::Ge, Value::from(*range.start()), false),
        cmp(CmpOp::Le, Value::from(*range.end()), false),
    ])
}

impl StatusField {
    fn check(self, matcher: Matcher) -> Check {
        Check::from_condition(Condition::check(Subject::Status, matcher))
    }

    /// Exactly `code`.
    pub fn is(self, code: u16) -> Check {
        self.check(cmp(CmpOp::Eq, Value::from(code), false))
    }

    /// One of `codes`.
    pub fn any_of(self, codes: impl IntoIterator<Item = u16>) -> Check {
        self.check(Matcher::OneOf {
            values: codes.into_iter().map(Value::from).collect(),
            ignore_case: false,
        })
    }

    /// In the class `digit`xx (`class(2)` is 200–299).
    pub fn class(self, digit: u8) -> Check {
        let class = u16::from(digit);
        self.check(status_range(class * 100..=class * 100 + 99))
    }

    /// In `range` (inclusive).
    pub fn range(self, range: RangeInclusive<u16>) -> Check {
        self.check(status_range(range))
    }

    /// Matches a pattern: `"404"` or a class like `"2xx"`.
    pub fn pattern(self, text: &str) -> Check {
        Check(status_pattern(text).map(|m| Condition::check(Subject::Status, m)))
    }

    /// Below `code`.
    pub fn lt(self, code: u16) -> Check {
        self.check(cmp(CmpOp::Lt, Value::from(code), false))
    }

    /// At least `code`.
    pub fn ge(self, code: u16) -> Check {
        self.check(cmp(CmpOp::Ge, Value::from(code), false))
    }
}

/// Checks on one header; made by [`header`].
#[derive(Debug, Clone)]
pub struct HeaderField {
    name: Result<HeaderName, CriteriaError>,
    ignore_case: bool,
}

impl HeaderField {
    fn check(self, matcher: Result<Matcher, CriteriaError>) -> Check {
        checked(self.name.map(Subject::Header), matcher)
    }

    /// Compare the value ignoring case (for the checks that follow).
    pub fn ignore_case(mut self) -> Self {
        self.ignore_case = true;
        self
    }

    /// Equal to `value`.
    pub fn equals(self, value: &str) -> Check {
        let m = cmp(CmpOp::Eq, Value::from(value), self.ignore_case);
        self.check(Ok(m))
    }

    /// Starting with `prefix`.
    pub fn starts_with(self, prefix: &str) -> Check {
        let m = Matcher::StartsWith { prefix: prefix.to_owned(), ignore_case: self.ignore_case };
        self.check(Ok(m))
    }

    /// Ending with `suffix`.
    pub fn ends_with(self, suffix: &str) -> Check {
        let m = Matcher::EndsWith { suffix: suffix.to_owned(), ignore_case: self.ignore_case };
        self.check(Ok(m))
    }

    /// Present.
    pub fn exists(self) -> Check {
        self.check(Ok(Matcher::Exists(true)))
    }

    /// Absent.
    pub fn absent(self) -> Check {
        self.check(Ok(Matcher::Exists(false)))
    }

    /// The regex finds a match in the value.
    pub fn matches(self, regex: &str) -> Check {
        self.check(Pattern::new(regex).map(Matcher::Regex))
    }
}

/// Checks on a body value; made by [`body`] or [`body_text`].
#[derive(Debug, Clone)]
pub struct BodyField {
    subject: Result<Subject, CriteriaError>,
    ignore_case: bool,
}

impl BodyField {
    fn check(self, matcher: Result<Matcher, CriteriaError>) -> Check {
        checked(self.subject, matcher)
    }

    fn compare(self, op: CmpOp, value: Value) -> Check {
        let m = cmp(op, value, self.ignore_case);
        self.check(Ok(m))
    }

    /// Compare strings ignoring case (for the checks that follow).
    pub fn ignore_case(mut self) -> Self {
        self.ignore_case = true;
        self
    }

    /// `== value`.
    pub fn eq(self, value: impl Into<Value>) -> Check {
        self.compare(CmpOp::Eq, value.into())
    }

    /// `!= value`.
    pub fn ne(self, value: impl Into<Value>) -> Check {
        self.compare(CmpOp::Ne, value.into())
    }

    /// `< value`.
    pub fn lt(self, value: impl Into<Value>) -> Check {
        self.compare(CmpOp::Lt, value.into())
    }

    /// `<= value`.
    pub fn le(self, value: impl Into<Value>) -> Check {
        self.compare(CmpOp::Le, value.into())
    }

    /// `> value`.
    pub fn gt(self, value: impl Into<Value>) -> Check {
        self.compare(CmpOp::Gt, value.into())
    }

    /// `>= value`.
    pub fn ge(self, value: impl Into<Value>) -> Check {
        self.compare(CmpOp::Ge, value.into())
    }

    /// Equal to one of `values`.
    pub fn is_in<V: Into<Value>>(self, values: impl IntoIterator<Item = V>) -> Check {
        let m = Matcher::OneOf {
            values: values.into_iter().map(Into::into).collect(),
            ignore_case: self.ignore_case,
        };
        self.check(Ok(m))
    }

    /// Present.
    pub fn exists(self) -> Check {
        self.check(Ok(Matcher::Exists(true)))
    }

    /// Absent.
    pub fn absent(self) -> Check {
        self.check(Ok(Matcher::Exists(false)))
    }

    /// JSON `null`.
    pub fn is_null(self) -> Check {
        self.check(Ok(Matcher::IsNull(true)))
    }

    /// A string starting with `prefix`.
    pub fn starts_with(self, prefix: &str) -> Check {
        let m = Matcher::StartsWith { prefix: prefix.to_owned(), ignore_case: self.ignore_case };
        self.check(Ok(m))
    }

    /// A string ending with `suffix`.
    pub fn ends_with(self, suffix: &str) -> Check {
        let m = Matcher::EndsWith { suffix: suffix.to_owned(), ignore_case: self.ignore_case };
        self.check(Ok(m))
    }

    /// An array containing `value`, or a string containing it.
    pub fn includes(self, value: impl Into<Value>) -> Check {
        self.check(Ok(Matcher::Includes(value.into())))
    }

    /// The regex finds a match in the value's text.
    pub fn matches(self, regex: &str) -> Check {
        self.check(Pattern::new(regex).map(Matcher::Regex))
    }
}

/// Builds [`Criteria`]; see [`Criteria::builder`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CriteriaBuilder {
    rules: Vec<(Outcome, Result<Rule, CriteriaError>)>,
    unmatched: Unmatched,
}

impl CriteriaBuilder {
    fn push(mut self, outcome: Outcome, rule: Result<Rule, CriteriaError>) -> Self {
        self.rules.push((outcome, rule));
        self
    }

    fn typed(self, outcome: Outcome, check: Check) -> Self {
        let rule = check.0.map(|c| Rule::new(outcome, c));
        self.push(outcome, rule)
    }

    fn arazzo(self, outcome: Outcome, text: &str) -> Self {
        let rule = arazzo::parse_condition(text)
            .map(|c| Rule::new(outcome, c).with_source(text))
            .map_err(Into::into);
        self.push(outcome, rule)
    }

    fn filter(self, outcome: Outcome, filter: &Value) -> Self {
        let rule = event_filter::parse_response_filter(filter).map(|c| Rule::new(outcome, c));
        self.push(outcome, rule)
    }

    /// Adds a ready rule.
    pub fn rule(self, rule: Rule) -> Self {
        let outcome = rule.outcome();
        self.push(outcome, Ok(rule))
    }

    /// Succeeds when `check` holds.
    pub fn success(self, check: impl Into<Check>) -> Self {
        self.typed(Outcome::Success, check.into())
    }

    /// Fails when `check` holds.
    pub fn failure(self, check: impl Into<Check>) -> Self {
        self.typed(Outcome::Failure, check.into())
    }

    /// Keeps polling when `check` holds (and no failure rule does).
    pub fn keep_polling(self, check: impl Into<Check>) -> Self {
        self.typed(Outcome::KeepPolling, check.into())
    }

    /// Succeeds when the Arazzo condition holds.
    pub fn success_when(self, condition: &str) -> Self {
        self.arazzo(Outcome::Success, condition)
    }

    /// Fails when the Arazzo condition holds.
    pub fn failure_when(self, condition: &str) -> Self {
        self.arazzo(Outcome::Failure, condition)
    }

    /// Keeps polling when the Arazzo condition holds.
    pub fn keep_polling_when(self, condition: &str) -> Self {
        self.arazzo(Outcome::KeepPolling, condition)
    }

    /// Succeeds when the EventFilter response filter matches.
    pub fn success_filter(self, filter: &Value) -> Self {
        self.filter(Outcome::Success, filter)
    }

    /// Fails when the EventFilter response filter matches.
    pub fn failure_filter(self, filter: &Value) -> Self {
        self.filter(Outcome::Failure, filter)
    }

    /// What happens to answers no rule matches (default: keep polling).
    pub fn unmatched(mut self, unmatched: Unmatched) -> Self {
        self.unmatched = unmatched;
        self
    }

    /// The criteria, or the first mistake (with its rule number).
    pub fn build(self) -> Result<Criteria, CriteriaError> {
        let mut rules = Vec::with_capacity(self.rules.len());
        for (i, (outcome, rule)) in self.rules.into_iter().enumerate() {
            match rule {
                Ok(rule) => rules.push(rule),
                Err(source) => {
                    return Err(CriteriaError::InRule { number: i + 1, outcome, source: Box::new(source) })
                }
            }
        }
        Criteria::new(rules, self.unmatched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::ResponseView;
    use serde_json::json;

    #[test]
    fn mistakes_are_reported_with_their_rule() {
        let err = Criteria::builder()
            .success(status().is(200))
            .failure(body("status").eq("x").and(status().is(500)))
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "rule 2 (failure): invalid JSON Pointer \"status\": a JSON Pointer must be empty or start with '/'"
        );
        let err = Criteria::builder().success(header("bad name").exists()).build().unwrap_err();
        assert!(err.to_string().contains("invalid header name \"bad name\""), "{err}");
        let err = Criteria::builder().success(body("/x").matches("(")).build().unwrap_err();
        assert!(err.to_string().contains("invalid regex"), "{err}");
        let err = Criteria::builder().success(status().pattern("6xx")).build().unwrap_err();
        assert!(err.to_string().contains("\"6xx\""), "{err}");
        let err = Criteria::builder().success_when("$statusCode = 200").build().unwrap_err();
        assert!(err.to_string().starts_with("rule 1 (success): "), "{err}");
    }

    #[test]
    fn combinators_and_text() {
        let criteria = Criteria::builder()
            .success(!body("/done").eq(false).or(status().pattern("2XX")))
            .success(body_text().matches("^ok$"))
            .build()
            .unwrap();
        let h = http::HeaderMap::new();
        assert!(criteria.first_match(&ResponseView::new(500, &h, b"ok", None)).is_some());
        let doc = json!({"done": false});
        assert!(criteria.first_match(&ResponseView::new(500, &h, b"", Some(&doc))).is_none());
        let header_check =
            header("Content-Type").ignore_case().starts_with("APPLICATION/json").into_condition();
        assert!(header_check.is_ok());
    }
}
