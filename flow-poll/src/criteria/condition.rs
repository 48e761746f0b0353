//! The compiled form every way in compiles to: a [`Condition`] is a tree of
//! checks, each a [`Subject`] (status, a header, a body value) tested by a
//! [`Matcher`], and it is evaluated against a [`ResponseView`].
//!
//! Value semantics, shared by all front ends:
//!
//! * numbers compare numerically (`200 == 200.0`); a string compared with a
//!   number is read as a number when it is one (header values are text);
//! * a value that is absent (pointer not found, header missing, body not
//!   JSON) compares like `null` in `==`, `!=` and `in`; ordering, prefix,
//!   regex and type tests fail on it;
//! * `in` and plain-value lists hold when the value equals one of the
//!   listed values — or, when the value is an array, when one of its
//!   elements does;
//! * string comparisons are case-sensitive unless the matcher says
//!   `ignore_case` (Arazzo conditions always do).

use std::cmp::Ordering;
use std::fmt;

use http::header::HeaderName;
use http::HeaderMap;
use regex::Regex;
use serde_json::Value;

use super::CriteriaError;

/// What a response looks like to a condition.
#[derive(Debug, Clone, Copy)]
pub struct ResponseView<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: &'a HeaderMap,
    /// The raw body.
    pub body: &'a [u8],
    /// The body parsed as JSON, when it is JSON (`None` when empty or not JSON).
    pub json: Option<&'a Value>,
}

impl<'a> ResponseView<'a> {
    /// A view of a response whose body was (or was not) parsed as JSON.
    pub fn new(status: u16, headers: &'a HeaderMap, body: &'a [u8], json: Option<&'a Value>) -> Self {
        ResponseView { status, headers, body, json }
    }
}

/// Parses a body as JSON for a [`ResponseView`] (`None` when empty or not JSON).
pub fn parse_body(body: &[u8]) -> Option<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    serde_json::from_slice(body).ok()
}

/// What a check looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subject {
    /// The HTTP status code (a number).
    Status,
    /// A header's value (text; several values joined with `", "`); names are
    /// case-insensitive.
    Header(HeaderName),
    /// A body value by RFC 6901 JSON Pointer (`""` is the whole body).
    Body(BodyPath),
    /// The raw body as text (for a regex over the whole body).
    BodyText,
}

/// A validated RFC 6901 JSON Pointer into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyPath {
    pointer: String,
    tokens: Vec<String>,
}

impl BodyPath {
    /// A pointer read the RFC 6901 way.
    pub fn new(pointer: &str) -> Result<Self, CriteriaError> {
        let tokens = parse_pointer(pointer).map_err(|message| CriteriaError::Pointer {
            pointer: pointer.to_owned(),
            message: message.to_owned(),
        })?;
        Ok(BodyPath { pointer: pointer.to_owned(), tokens })
    }

    /// The pointer text.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The value the pointer reaches in `root`, if any.
    pub fn resolve<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        self.tokens.iter().try_fold(root, |value, token| match value {
            Value::Object(map) => map.get(token.as_str()),
            Value::Array(items) => array_index(token).and_then(|i| items.get(i)),
            _ => None,
        })
    }
}

/// An RFC 6901 array index: `0` or digits without a leading zero.
fn array_index(token: &str) -> Option<usize> {
    let ok = token == "0" || (!token.starts_with('0') && !token.is_empty());
    if ok && token.bytes().all(|b| b.is_ascii_digit()) {
        token.parse().ok()
    } else {
        None
    }
}

/// Splits and unescapes an RFC 6901 pointer.
pub(crate) fn parse_pointer(pointer: &str) -> Result<Vec<String>, &'static str> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err("a JSON Pointer must be empty or start with '/'");
    };
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return Err("'~' must be followed by '0' or '1' in a JSON Pointer"),
                    }
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        })
        .collect()
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator's symbol.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator with its operands swapped (`a < b` ⇔ `b > a`).
    pub fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }
}

/// A compiled regular expression (compared by its pattern).
#[derive(Clone)]
pub struct Pattern(Regex);

impl Pattern {
    /// Compiles `pattern` (the `regex` crate's syntax).
    pub fn new(pattern: &str) -> Result<Self, CriteriaError> {
        Regex::new(pattern)
            .map(Pattern)
            .map_err(|e| CriteriaError::Regex { pattern: pattern.to_owned(), message: e.to_string() })
    }

    /// The pattern text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Pattern {}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.as_str())
    }
}

/// How a subject's value is tested.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Matcher {
    /// Compared with a value.
    Compare {
        /// The operator.
        op: CmpOp,
        /// The value on the right.
        value: Value,
        /// Whether strings compare case-insensitively.
        ignore_case: bool,
    },
    /// Equal to one of these values (see the module docs for arrays).
    OneOf {
        /// The values.
        values: Vec<Value>,
        /// Whether strings compare case-insensitively.
        ignore_case: bool,
    },
    /// Present (`true`) or absent (`false`).
    Exists(bool),
    /// JSON `null` (`true`) or present and not `null` (`false`).
    IsNull(bool),
    /// A string starting with this.
    StartsWith {
        /// The prefix.
        prefix: String,
        /// Whether case is ignored.
        ignore_case: bool,
    },
    /// A string ending with this.
    EndsWith {
        /// The suffix.
        suffix: String,
        /// Whether case is ignored.
        ignore_case: bool,
    },
    /// An array containing this value, or a string containing this text.
    Includes(Value),
    /// Text (a string, or a number's or other value's JSON) the regex finds a match in.
    Regex(Pattern),
    /// Present and not `null`, `false`, `0` or `""` (a bare expression).
    Truthy,
    /// The inner matcher does not hold.
    Not(Box<Matcher>),
    /// All of these hold.
    All(Vec<Matcher>),
    /// One of these holds.
    Any(Vec<Matcher>),
}

/// A tree of checks on a response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition {
    /// One subject tested by one matcher.
    Check {
        /// What is looked at.
        subject: Subject,
        /// How it is tested.
        matcher: Matcher,
    },
    /// All hold (an empty list holds).
    All(Vec<Condition>),
    /// One holds (an empty list does not).
    Any(Vec<Condition>),
    /// The inner condition does not hold.
    Not(Box<Condition>),
    /// The inner condition holds for the body value at `path` — or, when
    /// that value is an array, for one of its elements — with the inner
    /// condition's body pointers read from that value (EventFilter's nested
    /// objects). Status and headers are the response's.
    Within {
        /// Where the inner body is.
        path: BodyPath,
        /// What must hold there.
        condition: Box<Condition>,
    },
}

impl Condition {
    /// A check of `subject` by `matcher`.
    pub fn check(subject: Subject, matcher: Matcher) -> Self {
        Condition::Check { subject, matcher }
    }

    /// Whether the condition holds for `response`.
    pub fn matches(&self, response: &ResponseView<'_>) -> bool {
        match self {
            Condition::Check { subject, matcher } => check(subject, matcher, response),
            Condition::All(all) => all.iter().all(|c| c.matches(response)),
            Condition::Any(any) => any.iter().any(|c| c.matches(response)),
            Condition::Not(inner) => !inner.matches(response),
            Condition::Within { path, condition } => {
                let Some(found) = response.json.and_then(|root| path.resolve(root)) else {
                    return false;
                };
                let holds_in =
                    |value: &Value| condition.matches(&ResponseView { json: Some(value), ..*response });
                match found {
                    Value::Array(items) => items.iter().any(holds_in),
                    other => holds_in(other),
                }
            }
        }
    }
}

fn check(subject: &Subject, matcher: &Matcher, response: &ResponseView<'_>) -> bool {
    match subject {
        Subject::Status => matcher.matches(Some(&Value::from(response.status))),
        Subject::Header(name) => {
            let mut values = response.headers.get_all(name).iter().peekable();
            if values.peek().is_none() {
                return matcher.matches(None);
            }
            let text: Vec<String> =
                values.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
            matcher.matches(Some(&Value::String(text.join(", "))))
        }
        Subject::Body(path) => matcher.matches(response.json.and_then(|root| path.resolve(root))),
        Subject::BodyText => {
            let text = String::from_utf8_lossy(response.body);
            matcher.matches(Some(&Value::String(text.into_owned())))
        }
    }
}

impl Matcher {
    /// Whether the matcher holds for `value` (`None`: absent).
    pub fn matches(&self, value: Option<&Value>) -> bool {
        match self {
            Matcher::Compare { op, value: expected, ignore_case } => {
                compare(value.unwrap_or(&Value::Null), *op, expected, *ignore_case)
            }
            Matcher::OneOf { values, ignore_case } => {
                let actual = value.unwrap_or(&Value::Null);
                let hit = |a: &Value| values.iter().any(|v| loose_eq(a, v, *ignore_case));
                match actual {
                    Value::Array(items) if !values.iter().any(Value::is_array) => items.iter().any(hit),
                    other => hit(other),
                }
            }
            Matcher::Exists(want) => value.is_some() == *want,
            Matcher::IsNull(want) => match value {
                Some(Value::Null) => *want,
                Some(_) => !*want,
                None => false,
            },
            Matcher::StartsWith { prefix, ignore_case } => match value {
                Some(Value::String(s)) => affix(s, prefix, *ignore_case, true),
                _ => false,
            },
            Matcher::EndsWith { suffix, ignore_case } => match value {
                Some(Value::String(s)) => affix(s, suffix, *ignore_case, false),
                _ => false,
            },
            Matcher::Includes(needle) => match (value, needle) {
                (Some(Value::Array(items)), _) => items.iter().any(|i| loose_eq(i, needle, false)),
                (Some(Value::String(s)), Value::String(n)) => s.contains(n.as_str()),
                _ => false,
            },
            Matcher::Regex(pattern) => match value {
                Some(Value::String(s)) => pattern.0.is_match(s),
                Some(other) => pattern.0.is_match(&other.to_string()),
                None => false,
            },
            Matcher::Truthy => match value {
                None | Some(Value::Null) | Some(Value::Bool(false)) => false,
                Some(Value::String(s)) => !s.is_empty(),
                Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
                Some(_) => true,
            },
            Matcher::Not(inner) => !inner.matches(value),
            Matcher::All(all) => all.iter().all(|m| m.matches(value)),
            Matcher::Any(any) => any.iter().any(|m| m.matches(value)),
        }
    }
}

fn affix(s: &str, part: &str, ignore_case: bool, prefix: bool) -> bool {
    if ignore_case {
        let (s, part) = (s.to_lowercase(), part.to_lowercase());
        if prefix {
            s.starts_with(&part)
        } else {
            s.ends_with(&part)
        }
    } else if prefix {
        s.starts_with(part)
    } else {
        s.ends_with(part)
    }
}

fn compare(actual: &Value, op: CmpOp, expected: &Value, ignore_case: bool) -> bool {
    match op {
        CmpOp::Eq => loose_eq(actual, expected, ignore_case),
        CmpOp::Ne => !loose_eq(actual, expected, ignore_case),
        _ => match order(actual, expected, ignore_case) {
            Some(ordering) => match op {
                CmpOp::Lt => ordering == Ordering::Less,
                CmpOp::Le => ordering != Ordering::Greater,
                CmpOp::Gt => ordering == Ordering::Greater,
                _ => ordering != Ordering::Less,
            },
            None => false,
        },
    }
}

/// Equality with the module's coercions.
fn loose_eq(actual: &Value, expected: &Value, ignore_case: bool) -> bool {
    match (actual, expected) {
        (Value::Number(_), Value::Number(_)) => order(actual, expected, false) == Some(Ordering::Equal),
        (Value::String(a), Value::Number(_)) => {
            number_text(a).is_some_and(|n| order(&n, expected, false) == Some(Ordering::Equal))
        }
        (Value::String(a), Value::String(b)) if ignore_case => a.to_lowercase() == b.to_lowercase(),
        _ => actual == expected,
    }
}

fn number_text(text: &str) -> Option<Value> {
    let n: serde_json::Number = text.trim().parse().ok()?;
    Some(Value::Number(n))
}

/// Ordering of two numbers (integers exactly) or two strings.
fn order(actual: &Value, expected: &Value, ignore_case: bool) -> Option<Ordering> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(b)) => {
            let int =
                |n: &serde_json::Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
            match (int(a), int(b)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
            }
        }
        (Value::String(a), Value::Number(_)) => order(&number_text(a)?, expected, false),
        (Value::String(a), Value::String(b)) if ignore_case => Some(a.to_lowercase().cmp(&b.to_lowercase())),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// The canonical text of a condition: stable, unambiguous, used in error
/// messages and in the criteria fingerprint.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Check { subject, matcher } => write_check(f, subject, matcher),
            Condition::All(all) => write_list(f, all, " && ", "true"),
            Condition::Any(any) => write_list(f, any, " || ", "false"),
            Condition::Not(inner) => write!(f, "!({inner})"),
            Condition::Within { path, condition } => {
                write!(f, "within($response.body#{}, {condition})", path.pointer)
            }
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Condition], sep: &str, empty: &str) -> fmt::Result {
    if items.is_empty() {
        return f.write_str(empty);
    }
    if items.len() == 1 {
        return write!(f, "{}", items[0]);
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "({item})")?;
    }
    Ok(())
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Status => f.write_str("$statusCode"),
            Subject::Header(name) => write!(f, "$response.header.{name}"),
            Subject::Body(path) if path.pointer.is_empty() => f.write_str("$response.body"),
            Subject::Body(path) => write!(f, "$response.body#{}", path.pointer),
            Subject::BodyText => f.write_str("text($response.body)"),
        }
    }
}

fn write_check(f: &mut fmt::Formatter<'_>, subject: &Subject, matcher: &Matcher) -> fmt::Result {
    write!(f, "{subject} ")?;
    write_matcher(f, matcher)
}

fn quoted(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

fn case(ignore_case: bool) -> &'static str {
    if ignore_case {
        "~i "
    } else {
        ""
    }
}

fn write_matcher(f: &mut fmt::Formatter<'_>, matcher: &Matcher) -> fmt::Result {
    match matcher {
        Matcher::Compare { op, value, ignore_case } => {
            write!(f, "{}{}{value}", op.as_str(), spaced(case(*ignore_case)))
        }
        Matcher::OneOf { values, ignore_case } => {
            write!(f, "in {}{}", case(*ignore_case), Value::Array(values.clone()))
        }
        Matcher::Exists(true) => f.write_str("exists"),
        Matcher::Exists(false) => f.write_str("absent"),
        Matcher::IsNull(true) => f.write_str("is null"),
        Matcher::IsNull(false) => f.write_str("is not null"),
        Matcher::StartsWith { prefix, ignore_case } => {
            write!(f, "startsWith {}{}", case(*ignore_case), quoted(prefix))
        }
        Matcher::EndsWith { suffix, ignore_case } => {
            write!(f, "endsWith {}{}", case(*ignore_case), quoted(suffix))
        }
        Matcher::Includes(value) => write!(f, "includes {value}"),
        Matcher::Regex(pattern) => write!(f, "matches {}", quoted(pattern.as_str())),
        Matcher::Truthy => f.write_str("is truthy"),
        Matcher::Not(inner) => {
            f.write_str("not (")?;
            write_matcher(f, inner)?;
            f.write_str(")")
        }
        Matcher::All(list) | Matcher::Any(list) => {
            let (word, sep) =
                if matches!(matcher, Matcher::All(_)) { ("all", " and ") } else { ("any", " or ") };
            write!(f, "{word} (")?;
            for (i, m) in list.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                write_matcher(f, m)?;
            }
            f.write_str(")")
        }
    }
}

fn spaced(s: &str) -> String {
    if s.is_empty() {
        " ".to_owned()
    } else {
        format!(" {s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(pointer: &str) -> Subject {
        Subject::Body(BodyPath::new(pointer).unwrap())
    }

    fn eq(value: Value) -> Matcher {
        Matcher::Compare { op: CmpOp::Eq, value, ignore_case: false }
    }

    fn view<'a>(status: u16, headers: &'a HeaderMap, json: Option<&'a Value>) -> ResponseView<'a> {
        ResponseView::new(status, headers, b"", json)
    }

    #[test]
    fn pointers_follow_rfc_6901() {
        assert!(BodyPath::new("status").is_err());
        assert!(BodyPath::new("/a~2").is_err());
        let doc = json!({"a/b": {"m~n": [10, 20]}, "": 1});
        let h = HeaderMap::new();
        let v = view(200, &h, Some(&doc));
        assert!(Condition::check(body("/a~1b/m~0n/1"), eq(json!(20))).matches(&v));
        assert!(Condition::check(body("/"), eq(json!(1))).matches(&v));
        assert!(!Condition::check(body("/a~1b/m~0n/01"), Matcher::Exists(true)).matches(&v));
        assert!(Condition::check(body(""), Matcher::Exists(true)).matches(&v));
    }

    #[test]
    fn numbers_strings_and_absence() {
        let h = HeaderMap::new();
        let doc = json!({"n": 5, "f": 5.0, "s": "5", "t": "Done", "big": u64::MAX, "null": null});
        let v = view(200, &h, Some(&doc));
        let cmp = |p: &str, op, value: Value, ic| {
            Condition::check(body(p), Matcher::Compare { op, value, ignore_case: ic }).matches(&v)
        };
        assert!(cmp("/n", CmpOp::Eq, json!(5.0), false));
        assert!(cmp("/f", CmpOp::Eq, json!(5), false));
        assert!(cmp("/s", CmpOp::Eq, json!(5), false));
        assert!(cmp("/s", CmpOp::Lt, json!(6), false));
        assert!(!cmp("/t", CmpOp::Eq, json!("done"), false));
        assert!(cmp("/t", CmpOp::Eq, json!("done"), true));
        assert!(cmp("/big", CmpOp::Gt, json!(u64::MAX - 1), false));
        assert!(cmp("/missing", CmpOp::Eq, Value::Null, false));
        assert!(cmp("/null", CmpOp::Eq, Value::Null, false));
        assert!(!cmp("/missing", CmpOp::Lt, json!(1), false));
        assert!(cmp("/missing", CmpOp::Ne, json!("x"), false));
        assert!(!Condition::check(body("/missing"), Matcher::IsNull(true)).matches(&v));
        assert!(Condition::check(body("/null"), Matcher::IsNull(true)).matches(&v));
        assert!(!cmp("/t", CmpOp::Gt, json!(1), false));
    }

    #[test]
    fn headers_are_case_insensitive_and_joined() {
        let mut h = HeaderMap::new();
        h.append("content-type", "application/json; charset=utf-8".parse().unwrap());
        h.append("x-tag", "a".parse().unwrap());
        h.append("x-tag", "b".parse().unwrap());
        let v = view(200, &h, None);
        let name = HeaderName::from_bytes(b"Content-Type").unwrap();
        let starts = Matcher::StartsWith { prefix: "application/json".into(), ignore_case: false };
        assert!(Condition::check(Subject::Header(name), starts).matches(&v));
        let tag = Subject::Header(HeaderName::from_static("x-tag"));
        assert!(Condition::check(tag.clone(), eq(json!("a, b"))).matches(&v));
        let absent = Subject::Header(HeaderName::from_static("x-none"));
        assert!(Condition::check(absent, Matcher::Exists(false)).matches(&v));
    }

    #[test]
    fn one_of_arrays_within_and_regex() {
        let h = HeaderMap::new();
        let doc = json!({"tags": ["a", "b"], "items": [{"s": "x", "t": 1}, {"s": "y", "t": 2}]});
        let v = view(404, &h, Some(&doc));
        let one_of = |values: Vec<Value>| Matcher::OneOf { values, ignore_case: false };
        assert!(Condition::check(body("/tags"), one_of(vec![json!("b")])).matches(&v));
        assert!(!Condition::check(body("/tags"), one_of(vec![json!("c")])).matches(&v));
        assert!(!Condition::check(body("/items/s"), one_of(vec![json!("y")])).matches(&v));
        let within = |s: &str, t: i64| Condition::Within {
            path: BodyPath::new("/items").unwrap(),
            condition: Box::new(Condition::All(vec![
                Condition::check(body("/s"), eq(json!(s))),
                Condition::check(body("/t"), eq(json!(t))),
            ])),
        };
        assert!(within("y", 2).matches(&v));
        assert!(!within("y", 1).matches(&v), "both must hold for the same element");
        assert!(!Condition::Within {
            path: BodyPath::new("/none").unwrap(),
            condition: Box::new(Condition::All(vec![]))
        }
        .matches(&v));
        let re = Matcher::Regex(Pattern::new("^4\\d\\d$").unwrap());
        assert!(Condition::check(Subject::Status, re).matches(&v));
        assert!(Pattern::new("(").is_err());
    }

    #[test]
    fn display_is_canonical() {
        let c = Condition::All(vec![
            Condition::check(Subject::Status, eq(json!(200))),
            Condition::check(
                body("/status"),
                Matcher::Compare { op: CmpOp::Eq, value: json!("done"), ignore_case: true },
            ),
        ]);
        assert_eq!(c.to_string(), r#"($statusCode == 200) && ($response.body#/status == ~i "done")"#);
    }
}
