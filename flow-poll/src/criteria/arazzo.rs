//! Arazzo / Speakeasy condition strings: [`parse_condition`] and
//! [`parse_criterion`] (the Arazzo Criterion Object).
//!
//! The grammar (whitespace between tokens is free):
//!
//! ```text
//! condition  = or
//! or         = and *( "||" and )
//! and        = unary *( "&&" unary )
//! unary      = "!" unary / "(" or ")" / comparison
//! comparison = expression [ op literal ]          ; or literal op expression
//!            / expression "in" "[" literal *( "," literal ) "]"
//!            / expression ( "startsWith" / "endsWith" / "matches" ) string
//!            / expression "contains" literal
//!            / expression "exists"
//! op         = "==" / "!=" / "<" / "<=" / ">" / ">="
//! expression = "$statusCode" / "$response.header." name / "$response.body" [ "#" json-pointer ]
//! literal    = string / number / "true" / "false" / "null"
//! string     = "'" … "'" (a quote doubled inside) / JSON-style "\"" … "\""
//! ```
//!
//! * String comparisons (`==`, `!=`, ordering, `in`, `startsWith`,
//!   `endsWith`) ignore case, as Arazzo requires; `matches` is a regex
//!   (add `(?i)` to ignore case) and `contains` is exact.
//! * A bare expression holds when its value is present and not `null`,
//!   `false`, `0` or `""`.
//! * `in`, `startsWith`, `endsWith`, `contains`, `matches` and `exists` are
//!   extensions beyond Arazzo's simple conditions; on `$response.body`
//!   without a pointer, the text operators look at the raw body text.
//! * A JSON Pointer ends at whitespace or at one of `) = ! < > & | , ]`.
//! * `!` and `(` nest at most [`MAX_CONDITION_DEPTH`] deep; deeper input is
//!   an error, never a stack overflow.

use http::header::HeaderName;
use serde_json::{Number, Value};
use thiserror::Error;

use super::condition::{BodyPath, CmpOp, Condition, Matcher, Pattern, Subject};
use super::CriteriaError;

/// How deep `!` and `(` may nest in a condition (counted together).
///
/// The parser (and evaluating, printing and dropping a condition) recurses
/// once per level; the bound keeps that far inside a 2 MiB thread stack even
/// in unoptimised builds. Real conditions nest two or three levels.
pub const MAX_CONDITION_DEPTH: usize = 64;

/// A condition string that did not parse: what is wrong and where (a byte
/// offset into the input).
///
/// ```
/// let err = flow_poll::criteria::parse_condition("$statusCode = 200").unwrap_err();
/// assert_eq!(err.offset(), 12);
/// assert_eq!(err.to_string(), "use `==` to compare at offset 12 in `$statusCode = 200`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message} at offset {offset} in `{input}`")]
pub struct ConditionError {
    input: String,
    offset: usize,
    message: String,
}

impl ConditionError {
    fn new(input: &str, offset: usize, message: impl Into<String>) -> Self {
        ConditionError { input: input.to_owned(), offset, message: message.into() }
    }

    /// The condition as given.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Byte offset of the bad part.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Parses an Arazzo / Speakeasy condition (see the module docs).
///
/// ```
/// use flow_poll::criteria::{parse_condition, ResponseView};
///
/// let condition = parse_condition(
///     "$statusCode == 200 && $response.body#/status == 'Completed' && $response.header.content-type",
/// )?;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/json".parse().unwrap());
/// let body = serde_json::json!({"status": "completed"});
/// assert!(condition.matches(&ResponseView::new(200, &headers, b"", Some(&body))));
/// assert!(!condition.matches(&ResponseView::new(202, &headers, b"", Some(&body))));
/// # Ok::<(), flow_poll::criteria::ConditionError>(())
/// ```
pub fn parse_condition(input: &str) -> Result<Condition, ConditionError> {
    let tokens = lex(input)?;
    let mut parser = Parser { input, tokens, pos: 0, depth: 0 };
    if parser.tokens.is_empty() {
        return Err(ConditionError::new(input, 0, "empty condition"));
    }
    let condition = parser.or()?;
    if let Some(token) = parser.peek() {
        return Err(parser.error(token.start, format!("unexpected {}", token.kind.describe())));
    }
    Ok(condition)
}

/// Parses an Arazzo Criterion Object (`{"condition", "context"?, "type"?}`)
/// found at `path` (a JSON Pointer used in errors).
///
/// `type` may be `simple` (the default) or `regex` (then `context` is the
/// runtime expression the regex is applied to); `jsonpath`, `xpath` and
/// expression-type objects are refused with a clear error.
///
/// ```
/// use flow_poll::criteria::{parse_criterion, ResponseView};
/// let c = parse_criterion(
///     &serde_json::json!({"context": "$statusCode", "condition": "^2\\d\\d$", "type": "regex"}),
///     "/successCriteria/0",
/// )?;
/// let headers = http::HeaderMap::new();
/// assert!(c.matches(&ResponseView::new(204, &headers, b"", None)));
/// # Ok::<(), flow_poll::criteria::CriteriaError>(())
/// ```
pub fn parse_criterion(criterion: &Value, path: &str) -> Result<Condition, CriteriaError> {
    let bad = |at: &str, message: String| CriteriaError::Criterion { path: format!("{path}{at}"), message };
    let Some(object) = criterion.as_object() else {
        return Err(bad("", format!("expected a Criterion object, found {}", kind(criterion))));
    };
    for key in object.keys() {
        if !matches!(key.as_str(), "condition" | "context" | "type") && !key.starts_with("x-") {
            return Err(bad("", format!("unknown member {key:?} (expected condition, context, type)")));
        }
    }
    let condition = match object.get("condition") {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(bad("/condition", format!("expected a string, found {}", kind(other)))),
        None => return Err(bad("", "missing `condition`".to_owned())),
    };
    let context = match object.get("context") {
        None => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(other) => return Err(bad("/context", format!("expected a string, found {}", kind(other)))),
    };
    let criterion_type = match object.get("type") {
        None => "simple",
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(_)) => {
            return Err(bad(
                "/type",
                "expression-type objects (jsonpath/xpath versions) are not supported".to_owned(),
            ))
        }
        Some(other) => return Err(bad("/type", format!("expected a string, found {}", kind(other)))),
    };
    match criterion_type {
        "simple" => parse_condition(condition).map_err(|e| bad("/condition", e.to_string())),
        "regex" => {
            let Some(context) = context else {
                return Err(bad("", "a regex criterion needs a `context` expression".to_owned()));
            };
            let subject = parse_expression(context, 0, context.trim_end().len(), true)
                .map_err(|e| bad("/context", e.to_string()))?;
            let pattern = Pattern::new(condition).map_err(|e| bad("/condition", e.to_string()))?;
            Ok(Condition::check(subject, Matcher::Regex(pattern)))
        }
        "jsonpath" | "xpath" => Err(bad(
            "/type",
            format!("criterion type {criterion_type:?} is not supported (use simple or regex)"),
        )),
        other => Err(bad("/type", format!("unknown criterion type {other:?} (expected simple or regex)"))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Expr(String),
    Str(String),
    Num(Number),
    Lit(Value),
    Op(CmpOp),
    And,
    Or,
    Bang,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Word(Word),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    In,
    StartsWith,
    EndsWith,
    Contains,
    Matches,
    Exists,
}

impl Word {
    fn as_str(self) -> &'static str {
        match self {
            Word::In => "in",
            Word::StartsWith => "startsWith",
            Word::EndsWith => "endsWith",
            Word::Contains => "contains",
            Word::Matches => "matches",
            Word::Exists => "exists",
        }
    }
}

impl Kind {
    fn describe(&self) -> String {
        match self {
            Kind::Expr(e) => format!("expression `{e}`"),
            Kind::Str(_) => "string".to_owned(),
            Kind::Num(n) => format!("number `{n}`"),
            Kind::Lit(v) => format!("`{v}`"),
            Kind::Op(op) => format!("`{}`", op.as_str()),
            Kind::And => "`&&`".to_owned(),
            Kind::Or => "`||`".to_owned(),
            Kind::Bang => "`!`".to_owned(),
            Kind::LParen => "`(`".to_owned(),
            Kind::RParen => "`)`".to_owned(),
            Kind::LBracket => "`[`".to_owned(),
            Kind::RBracket => "`]`".to_owned(),
            Kind::Comma => "`,`".to_owned(),
            Kind::Word(w) => format!("`{}`", w.as_str()),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Characters that end a JSON Pointer inside an expression.
fn ends_pointer(c: char) -> bool {
    c.is_whitespace() || matches!(c, ')' | '=' | '!' | '<' | '>' | '&' | '|' | ',' | ']')
}

fn lex(input: &str) -> Result<Vec<Token>, ConditionError> {
    let err = |at: usize, m: &str| ConditionError::new(input, at, m);
    let bytes = input.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < input.len() {
        let c = input[i..].chars().next().unwrap_or(' ');
        let start = i;
        let two = input.get(i..i + 2).unwrap_or("");
        let (kind, end) = match c {
            c if c.is_whitespace() => {
                i += c.len_utf8();
                continue;
            }
            '$' => {
                let mut end = i + 1;
                while end < input.len() {
                    let b = bytes[end];
                    if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
                        end += 1;
                    } else {
                        break;
                    }
                }
                if bytes.get(end) == Some(&b'#') {
                    end += 1;
                    while let Some(ch) = input[end..].chars().next() {
                        if ends_pointer(ch) {
                            break;
                        }
                        end += ch.len_utf8();
                    }
                }
                (Kind::Expr(input[i..end].to_owned()), end)
            }
            '\'' => {
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    let Some(ch) = input[j..].chars().next() else {
                        return Err(err(start, "unterminated string"));
                    };
                    j += ch.len_utf8();
                    if ch == '\'' {
                        if bytes.get(j) == Some(&b'\'') {
                            text.push('\'');
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    text.push(ch);
                }
                (Kind::Str(text), j)
            }
            '"' => {
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        None => return Err(err(start, "unterminated string")),
                        Some(b'\\') => j += 2,
                        Some(b'"') => break,
                        Some(_) => j += 1,
                    }
                }
                let end = j + 1;
                let text: String = serde_json::from_str(input.get(i..end).unwrap_or(""))
                    .map_err(|e| err(start, &format!("invalid string: {e}")))?;
                (Kind::Str(text), end)
            }
            c if c.is_ascii_digit() || (c == '-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) => {
                let mut end = i + 1;
                while end < input.len() {
                    let b = bytes[end];
                    let sign_after_e = matches!(b, b'+' | b'-') && matches!(bytes[end - 1], b'e' | b'E');
                    if b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E') || sign_after_e {
                        end += 1;
                    } else {
                        break;
                    }
                }
                let n: Number = input[i..end].parse().map_err(|_| err(start, "invalid number"))?;
                (Kind::Num(n), end)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i;
                while end < input.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    end += 1;
                }
                let kind = match &input[i..end] {
                    "true" => Kind::Lit(Value::Bool(true)),
                    "false" => Kind::Lit(Value::Bool(false)),
                    "null" => Kind::Lit(Value::Null),
                    "in" => Kind::Word(Word::In),
                    "startsWith" => Kind::Word(Word::StartsWith),
                    "endsWith" => Kind::Word(Word::EndsWith),
                    "contains" => Kind::Word(Word::Contains),
                    "matches" => Kind::Word(Word::Matches),
                    "exists" => Kind::Word(Word::Exists),
                    word => {
                        let message = format!(
                            "unexpected word `{word}` (strings must be quoted: '{word}'; expressions start with `$`)"
                        );
                        return Err(err(start, &message));
                    }
                };
                (kind, end)
            }
            _ => match two {
                "==" => (Kind::Op(CmpOp::Eq), i + 2),
                "!=" => (Kind::Op(CmpOp::Ne), i + 2),
                "<=" => (Kind::Op(CmpOp::Le), i + 2),
                ">=" => (Kind::Op(CmpOp::Ge), i + 2),
                "&&" => (Kind::And, i + 2),
                "||" => (Kind::Or, i + 2),
                _ => match c {
                    '<' => (Kind::Op(CmpOp::Lt), i + 1),
                    '>' => (Kind::Op(CmpOp::Gt), i + 1),
                    '!' => (Kind::Bang, i + 1),
                    '(' => (Kind::LParen, i + 1),
                    ')' => (Kind::RParen, i + 1),
                    '[' => (Kind::LBracket, i + 1),
                    ']' => (Kind::RBracket, i + 1),
                    ',' => (Kind::Comma, i + 1),
                    '=' => return Err(err(start, "use `==` to compare")),
                    '&' => return Err(err(start, "use `&&` for and")),
                    '|' => return Err(err(start, "use `||` for or")),
                    other => return Err(err(start, &format!("unexpected character {other:?}"))),
                },
            },
        };
        tokens.push(Token { kind, start, end });
        i = end;
    }
    Ok(tokens)
}

/// Interprets a runtime expression's text (`input[start..end]`).
fn parse_expression(
    input: &str,
    start: usize,
    end: usize,
    text_body: bool,
) -> Result<Subject, ConditionError> {
    let text = input.get(start..end).unwrap_or("").trim();
    let err = |offset: usize, m: String| ConditionError::new(input, offset, m);
    let (head, pointer) = match text.split_once('#') {
        Some((head, pointer)) => (head, Some(pointer)),
        None => (text, None),
    };
    let pointer_at = start + head.len() + 1;
    if pointer.is_some() && head != "$response.body" {
        return Err(err(
            pointer_at - 1,
            format!("a JSON Pointer (`#…`) can only follow `$response.body`, not `{head}`"),
        ));
    }
    match head {
        "$statusCode" => Ok(Subject::Status),
        "$response.body" => match pointer {
            None | Some("") if text_body => Ok(Subject::BodyText),
            None => Ok(Subject::Body(body_path(input, pointer_at, "")?)),
            Some(p) => Ok(Subject::Body(body_path(input, pointer_at, p)?)),
        },
        _ => {
            if let Some(name) = head.strip_prefix("$response.header.") {
                return HeaderName::from_bytes(name.as_bytes())
                    .map(Subject::Header)
                    .map_err(|_| err(start + 17, format!("invalid header name {name:?}")));
            }
            if let Some(rest) = head.strip_prefix("$response.body.") {
                return Err(err(
                    start,
                    format!(
                        "use a JSON Pointer for body values: `$response.body#/{}`",
                        rest.replace('.', "/")
                    ),
                ));
            }
            if head.starts_with("$response.headers.") {
                return Err(err(start, "use `$response.header.<name>` (singular `header`)".to_owned()));
            }
            Err(err(
                start,
                format!(
                    "unsupported runtime expression `{head}` (a poller knows $statusCode, \
                     $response.header.<name> and $response.body[#/pointer])"
                ),
            ))
        }
    }
}

fn body_path(input: &str, at: usize, pointer: &str) -> Result<BodyPath, ConditionError> {
    BodyPath::new(pointer).map_err(|e| match e {
        CriteriaError::Pointer { message, .. } => ConditionError::new(input, at, message),
        other => ConditionError::new(input, at, other.to_string()),
    })
}

struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// `!` and `(` open around the current position.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> ConditionError {
        ConditionError::new(self.input, offset, message)
    }

    fn end_offset(&self) -> usize {
        self.input.len()
    }

    fn expect_more(&mut self, what: &str) -> Result<Token, ConditionError> {
        let at = self.end_offset();
        self.next().ok_or_else(|| self.error(at, format!("expected {what}, found the end")))
    }

    fn or(&mut self) -> Result<Condition, ConditionError> {
        let mut list = vec![self.and()?];
        while matches!(self.peek(), Some(Token { kind: Kind::Or, .. })) {
            self.pos += 1;
            list.push(self.and()?);
        }
        Ok(if list.len() == 1 { list.remove(0) } else { Condition::Any(list) })
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut list = vec![self.unary()?];
        while matches!(self.peek(), Some(Token { kind: Kind::And, .. })) {
            self.pos += 1;
            list.push(self.unary()?);
        }
        Ok(if list.len() == 1 { list.remove(0) } else { Condition::All(list) })
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        let token = self.expect_more("a condition")?;
        match token.kind {
            Kind::Bang | Kind::LParen if self.depth == MAX_CONDITION_DEPTH => {
                Err(self.error(token.start, format!("`!` and `(` nest more than {MAX_CONDITION_DEPTH} deep")))
            }
            Kind::Bang => {
                self.depth += 1;
                let inner = self.unary();
                self.depth -= 1;
                Ok(Condition::Not(Box::new(inner?)))
            }
            Kind::LParen => {
                self.depth += 1;
                let inner = self.or();
                self.depth -= 1;
                let inner = inner?;
                match self.next() {
                    Some(Token { kind: Kind::RParen, .. }) => Ok(inner),
                    Some(other) => {
                        Err(self.error(other.start, format!("expected `)`, found {}", other.kind.describe())))
                    }
                    None => Err(self.error(token.start, "unclosed `(`")),
                }
            }
            Kind::Expr(_) => self.comparison(token),
            Kind::Str(_) | Kind::Num(_) | Kind::Lit(_) => self.reversed(token),
            other => {
                Err(self.error(token.start, format!("expected a condition, found {}", other.describe())))
            }
        }
    }

    fn subject(&self, token: &Token, text_body: bool) -> Result<Subject, ConditionError> {
        parse_expression(self.input, token.start, token.end, text_body)
    }

    /// `expression [op literal | word …]`.
    fn comparison(&mut self, expr: Token) -> Result<Condition, ConditionError> {
        let next = self.peek().map(|t| t.kind.clone());
        match next {
            Some(Kind::Op(op)) => {
                self.pos += 1;
                let subject = self.subject(&expr, false)?;
                let value = self.literal("a literal to compare with")?;
                Ok(Condition::check(subject, compare(op, value)))
            }
            Some(Kind::Word(word)) => {
                self.pos += 1;
                let text_body =
                    matches!(word, Word::StartsWith | Word::EndsWith | Word::Contains | Word::Matches);
                let subject = self.subject(&expr, text_body)?;
                let matcher = self.word(word)?;
                Ok(Condition::check(subject, matcher))
            }
            _ => Ok(Condition::check(self.subject(&expr, false)?, Matcher::Truthy)),
        }
    }

    /// `literal op expression`.
    fn reversed(&mut self, literal: Token) -> Result<Condition, ConditionError> {
        let value = literal_value(literal.kind.clone()).unwrap_or(Value::Null);
        let Some(Token { kind: Kind::Op(op), .. }) = self.peek().cloned() else {
            return Err(self
                .error(literal.start, "a literal alone is not a condition; compare it with an expression"));
        };
        self.pos += 1;
        let token = self.expect_more("an expression")?;
        match token.kind {
            Kind::Expr(_) => Ok(Condition::check(self.subject(&token, false)?, compare(op.flipped(), value))),
            _ => {
                Err(self.error(token.start, "compare a runtime expression with a literal, not two literals"))
            }
        }
    }

    fn literal(&mut self, what: &str) -> Result<Value, ConditionError> {
        let token = self.expect_more(what)?;
        match token.kind {
            Kind::Expr(_) => {
                Err(self
                    .error(token.start, "compare a runtime expression with a literal, not two expressions"))
            }
            kind => {
                let described = kind.describe();
                literal_value(kind)
                    .ok_or_else(|| self.error(token.start, format!("expected {what}, found {described}")))
            }
        }
    }

    fn string(&mut self, word: Word) -> Result<(String, usize), ConditionError> {
        let token = self.expect_more("a string")?;
        match token.kind {
            Kind::Str(s) => Ok((s, token.start)),
            other => Err(self.error(
                token.start,
                format!("`{}` needs a quoted string, found {}", word.as_str(), other.describe()),
            )),
        }
    }

    fn word(&mut self, word: Word) -> Result<Matcher, ConditionError> {
        Ok(match word {
            Word::Exists => Matcher::Exists(true),
            Word::StartsWith => Matcher::StartsWith { prefix: self.string(word)?.0, ignore_case: true },
            Word::EndsWith => Matcher::EndsWith { suffix: self.string(word)?.0, ignore_case: true },
            Word::Contains => Matcher::Includes(self.literal("a literal")?),
            Word::Matches => {
                let (pattern, at) = self.string(word)?;
                Matcher::Regex(Pattern::new(&pattern).map_err(|e| self.error(at, e.to_string()))?)
            }
            Word::In => {
                let open = self.expect_more("`[`")?;
                if open.kind != Kind::LBracket {
                    return Err(self.error(
                        open.start,
                        format!("`in` needs a list like [1, 2], found {}", open.kind.describe()),
                    ));
                }
                let mut values = Vec::new();
                loop {
                    if values.is_empty() && matches!(self.peek(), Some(Token { kind: Kind::RBracket, .. })) {
                        let at = self.peek().map_or(0, |t| t.start);
                        return Err(self.error(at, "`in` needs at least one value"));
                    }
                    values.push(self.literal("a literal")?);
                    let sep = self.expect_more("`,` or `]`")?;
                    match sep.kind {
                        Kind::Comma => continue,
                        Kind::RBracket => break,
                        other => {
                            return Err(self.error(
                                sep.start,
                                format!("expected `,` or `]`, found {}", other.describe()),
                            ))
                        }
                    }
                }
                let ignore_case = values.iter().any(Value::is_string);
                Matcher::OneOf { values, ignore_case }
            }
        })
    }
}

fn literal_value(kind: Kind) -> Option<Value> {
    match kind {
        Kind::Str(s) => Some(Value::String(s)),
        Kind::Num(n) => Some(Value::Number(n)),
        Kind::Lit(v) => Some(v),
        _ => None,
    }
}

fn compare(op: CmpOp, value: Value) -> Matcher {
    let ignore_case = value.is_string();
    Matcher::Compare { op, value, ignore_case }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::ResponseView;
    use serde_json::json;

    fn holds(condition: &str, status: u16, body: &Value) -> bool {
        let mut headers = http::HeaderMap::new();
        headers.insert("content-type", "application/json; charset=utf-8".parse().unwrap());
        headers.insert("x-count", "7".parse().unwrap());
        let raw = body.to_string();
        let view = ResponseView::new(status, &headers, raw.as_bytes(), Some(body));
        parse_condition(condition).unwrap_or_else(|e| panic!("{e}")).matches(&view)
    }

    #[test]
    fn speakeasy_and_arazzo_forms() {
        let body = json!({"status": "Completed", "items": [1, 2], "n": 3, "name": "it's"});
        assert!(holds("$statusCode == 200", 200, &body));
        assert!(holds("$statusCode==404", 404, &body));
        assert!(holds("$response.body#/status == \"completed\"", 200, &body));
        assert!(holds("$response.body#/status == 'COMPLETED'", 200, &body));
        assert!(holds("$response.body#/name == 'it''s'", 200, &body));
        assert!(holds("$response.body#/name == \"it's\"", 200, &body));
        assert!(holds("$response.header.content-type", 200, &body));
        assert!(holds("$response.header.Content-Type startsWith 'application/json'", 200, &body));
        assert!(holds("$response.header.x-count > 5", 200, &body));
        assert!(holds("200 == $statusCode && 3 <= $response.body#/n || $statusCode >= 500", 200, &body));
        assert!(holds("$statusCode == 500 || $statusCode == 200 && $response.body#/n == 3", 200, &body));
        assert!(!holds("($statusCode == 500 || $statusCode == 200) && $response.body#/n == 4", 200, &body));
        assert!(holds("!($statusCode != 200)", 200, &body));
        assert!(holds("$response.body#/items/1 == 2", 200, &body));
        assert!(holds("$response.body#/status in ['pending', 'completed']", 200, &body));
        assert!(holds("$response.body#/items contains 2", 200, &body));
        assert!(holds("$response.body#/nope == null", 200, &body));
        assert!(holds("!$response.body#/nope exists", 200, &body));
        assert!(holds("$response.body matches '\"n\":3'", 200, &body));
        assert!(holds("$statusCode matches '^2'", 204, &body));
        assert!(holds(
            "$response.body#/n >= 3 && $response.body#/n <= 3.0 && $response.body#/n != 4",
            200,
            &body
        ));
        assert!(!holds("$response.body#/status == 'failed'", 200, &body));
        assert!(!holds("$response.body#/n", 200, &json!({"n": 0})));
    }

    fn error(condition: &str) -> (usize, String) {
        let e = parse_condition(condition).unwrap_err();
        (e.offset(), e.message().to_owned())
    }

    #[test]
    fn errors_point_at_the_bad_part() {
        assert_eq!(error("").0, 0);
        assert_eq!(error("$statusCode == completed"), (15, "unexpected word `completed` (strings must be quoted: 'completed'; expressions start with `$`)".to_owned()));
        assert_eq!(error("$statusCode == 'x").0, 15);
        assert_eq!(error("$statusCode == \"x").0, 15);
        assert_eq!(error("$statusCode == \"\\q\"").0, 15);
        assert_eq!(
            error("$response.body#status == 1"),
            (15, "a JSON Pointer must be empty or start with '/'".to_owned())
        );
        assert_eq!(error("$response.body#/a~2 == 1").0, 15);
        assert!(error("$response.body.status == 1").1.contains("$response.body#/status"));
        assert!(error("$request.body == 1").1.contains("unsupported runtime expression `$request.body`"));
        assert_eq!(error("$statusCode == 200 &&").0, 21);
        assert_eq!(error("($statusCode == 200").0, 0);
        assert_eq!(error("$statusCode == 200)").0, 18);
        assert_eq!(error("$statusCode == $statusCode").0, 15);
        assert_eq!(error("200 == 200").0, 7);
        assert_eq!(error("'x'").0, 0);
        assert_eq!(error("$statusCode & 1").0, 12);
        assert_eq!(error("$response.body#/x matches '('").0, 26);
        assert_eq!(error("$response.body#/x in []").0, 22);
        assert_eq!(error("$response.body#/x in [1 2]").0, 24);
        assert_eq!(error("$response.header.bad\u{e9}name == 1").0, 20);
        assert_eq!(error("$statusCode == 1.2.3").0, 15);
    }

    #[test]
    fn criterion_objects() {
        let ok = parse_criterion(&json!({"condition": "$statusCode == 404"}), "/x").unwrap();
        assert_eq!(ok.to_string(), "$statusCode == 404");
        let regex = parse_criterion(
            &json!({"context": "$response.body", "condition": "^\\{", "type": "regex"}),
            "/x",
        )
        .unwrap();
        assert_eq!(regex.to_string(), "text($response.body) matches \"^\\\\{\"");
        let err = |v: Value| parse_criterion(&v, "/s/0").unwrap_err().to_string();
        assert!(err(json!({"condition": "x", "type": "jsonpath"})).contains("\"/s/0/type\""));
        assert!(err(json!({"condition": "^a", "type": "regex"})).contains("needs a `context`"));
        assert!(err(json!({"condition": 1})).contains("/s/0/condition"));
        assert!(err(json!({"condition": "$statusCode = 1"})).contains("at offset 12"));
        assert!(err(json!({"condition": "x", "typo": 1})).contains("unknown member \"typo\""));
        assert!(err(json!("$statusCode == 200")).contains("expected a Criterion object"));
    }
}
