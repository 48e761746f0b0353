//! Where to poll after a start request: [`PollLocation`] reads it from the
//! first answer's headers (`Operation-Location`, `Location`, …) or fills a
//! [`UrlTemplate`] such as `/tasks/{/info/taskId}/status` from its body.

use std::fmt;

use http::header::HeaderName;
use http::HeaderMap;
use serde_json::Value;
use thiserror::Error;
use url::Url;

use super::criteria::BodyPath;

/// The headers tried by [`PollLocation::Headers`], in order.
pub const LOCATION_HEADERS: [&str; 3] = ["operation-location", "azure-asyncoperation", "location"];

/// A URL template that did not parse, or could not be filled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// The template text is malformed.
    #[error("invalid URL template `{template}` at offset {offset}: {message}")]
    Syntax {
        /// The template.
        template: String,
        /// Byte offset of the bad part.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// A placeholder's pointer found nothing usable in the body.
    #[error("URL template `{template}`: placeholder {{{pointer}}} {message}")]
    Fill {
        /// The template.
        template: String,
        /// The placeholder's JSON Pointer.
        pointer: String,
        /// What was wrong with the value.
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Value(BodyPath),
}

/// A URL with `{/json/pointer}` placeholders filled from a JSON body; the
/// values are percent-encoded as path segments. `{{` and `}}` stand for
/// literal braces.
///
/// ```
/// use flow_poll::UrlTemplate;
/// let template = UrlTemplate::parse("/tasks/{/info/taskId}/status")?;
/// let body = serde_json::json!({"info": {"taskId": "a b/7", "status": "pending"}});
/// assert_eq!(template.fill(Some(&body))?, "/tasks/a%20b%2F7/status");
/// assert!(template.fill(Some(&serde_json::json!(null))).is_err());
/// assert!(UrlTemplate::parse("/tasks/{info/taskId}").is_err());
/// # Ok::<(), flow_poll::TemplateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlTemplate {
    text: String,
    parts: Vec<Part>,
}

impl UrlTemplate {
    /// Parses a template.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let syntax = |offset: usize, message: &str| TemplateError::Syntax {
            template: text.to_owned(),
            offset,
            message: message.to_owned(),
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text.char_indices().peekable();
        while let Some((i, c)) = rest.next() {
            match c {
                '{' if rest.peek().map(|&(_, n)| n) == Some('{') => {
                    rest.next();
                    literal.push('{');
                }
                '}' if rest.peek().map(|&(_, n)| n) == Some('}') => {
                    rest.next();
                    literal.push('}');
                }
                '}' => return Err(syntax(i, "unmatched `}` (write `}}` for a literal brace)")),
                '{' => {
                    let Some(close) = text[i + 1..].find('}') else {
                        return Err(syntax(i, "unclosed `{`"));
                    };
                    let pointer = &text[i + 1..i + 1 + close];
                    if pointer.is_empty() {
                        return Err(syntax(
                            i,
                            "empty placeholder `{}`; put a JSON Pointer inside, like {/id}",
                        ));
                    }
                    if !pointer.starts_with('/') {
                        return Err(syntax(
                            i + 1,
                            "a placeholder holds a JSON Pointer starting with '/', like {/id}",
                        ));
                    }
                    let path = BodyPath::new(pointer).map_err(|e| syntax(i + 1, &e.to_string()))?;
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Value(path));
                    while rest.peek().is_some_and(|&(j, _)| j <= i + close + 1) {
                        rest.next();
                    }
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(UrlTemplate { text: text.to_owned(), parts })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The template filled from `body` (`None`: no JSON body).
    pub fn fill(&self, body: Option<&Value>) -> Result<String, TemplateError> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Value(path) => {
                    let fill_error = |message: &str| TemplateError::Fill {
                        template: self.text.clone(),
                        pointer: path.pointer().to_owned(),
                        message: message.to_owned(),
                    };
                    let value = match body.and_then(|b| path.resolve(b)) {
                        None if body.is_none() => return Err(fill_error("has no JSON body to read")),
                        None => return Err(fill_error("is not in the answer")),
                        Some(Value::Null) => return Err(fill_error("is null in the answer")),
                        Some(Value::String(s)) if s.is_empty() => {
                            return Err(fill_error("is an empty string"))
                        }
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Number(n)) => n.to_string(),
                        Some(Value::Bool(b)) => b.to_string(),
                        Some(_) => return Err(fill_error("is an object or array, not a value")),
                    };
                    encode_segment(&value, &mut out);
                }
            }
        }
        Ok(out)
    }
}

impl fmt::Display for UrlTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Where to poll, as told by the start request's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PollLocation {
    /// The first of [`LOCATION_HEADERS`] present (resolved against the start
    /// request's URL).
    #[default]
    Headers,
    /// This header (resolved against the start request's URL).
    Header(HeaderName),
    /// A template filled from the answer's JSON body (resolved against the
    /// client's base URL).
    Template(UrlTemplate),
}

impl PollLocation {
    /// The poll location for a template.
    pub fn template(text: &str) -> Result<Self, TemplateError> {
        UrlTemplate::parse(text).map(PollLocation::Template)
    }

    /// The URL to poll, from the start answer (`base` resolves templates,
    /// `start_url` resolves header values).
    pub(crate) fn locate(
        &self,
        headers: &HeaderMap,
        body: Option<&Value>,
        start_url: &Url,
        base: &Url,
    ) -> Result<Url, String> {
        let (reference, against) = match self {
            PollLocation::Headers => {
                let found = LOCATION_HEADERS
                    .iter()
                    .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()).map(str::trim));
                match found {
                    Some(value) if !value.is_empty() => (value.to_owned(), start_url),
                    _ => {
                        return Err(format!(
                            "the answer names no poll location (none of the headers {})",
                            LOCATION_HEADERS.join(", ")
                        ))
                    }
                }
            }
            PollLocation::Header(name) => {
                match headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim) {
                    Some(value) if !value.is_empty() => (value.to_owned(), start_url),
                    _ => return Err(format!("the answer has no `{name}` header")),
                }
            }
            PollLocation::Template(template) => (template.fill(body).map_err(|e| e.to_string())?, base),
        };
        let url =
            against.join(&reference).map_err(|e| format!("poll location {reference:?} is not a URL: {e}"))?;
        match url.scheme() {
            "http" | "https" => Ok(url),
            other => Err(format!("poll location {reference:?} has unsupported scheme {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_syntax_errors() {
        let offset = |t: &str| match UrlTemplate::parse(t).unwrap_err() {
            TemplateError::Syntax { offset, .. } => offset,
            other => panic!("{other}"),
        };
        assert_eq!(offset("/a/{"), 3);
        assert_eq!(offset("/a/{}"), 3);
        assert_eq!(offset("/a/{id}"), 4);
        assert_eq!(offset("/a/{/x~2}"), 4);
        assert_eq!(offset("/a}"), 2);
        let t = UrlTemplate::parse("/{{x}}/{/a}/{/b}?q={/c}").unwrap();
        let body = json!({"a": 1, "b": true, "c": "é"});
        assert_eq!(t.fill(Some(&body)).unwrap(), "/{x}/1/true?q=%C3%A9");
        assert_eq!(t.to_string(), "/{{x}}/{/a}/{/b}?q={/c}");
    }

    #[test]
    fn fill_errors_are_clear() {
        let t = UrlTemplate::parse("/tasks/{/info/taskId}/status").unwrap();
        let message = |body: Option<Value>| t.fill(body.as_ref()).unwrap_err().to_string();
        assert!(message(None).contains("has no JSON body"));
        assert!(message(Some(json!({"info": {}}))).contains("{/info/taskId} is not in the answer"));
        assert!(message(Some(json!({"info": {"taskId": null}}))).contains("is null"));
        assert!(message(Some(json!({"info": {"taskId": ""}}))).contains("empty string"));
        assert!(message(Some(json!({"info": {"taskId": [1]}}))).contains("object or array"));
    }

    #[test]
    fn locate_from_headers_and_templates() {
        let start = Url::parse("https://api.example/v1/jobs").unwrap();
        let base = Url::parse("https://api.example/").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("location", "jobs/7".parse().unwrap());
        let at = PollLocation::Headers.locate(&headers, None, &start, &base).unwrap();
        assert_eq!(at.as_str(), "https://api.example/v1/jobs/7");
        headers.insert("operation-location", "/ops/9".parse().unwrap());
        let at = PollLocation::Headers.locate(&headers, None, &start, &base).unwrap();
        assert_eq!(at.as_str(), "https://api.example/ops/9");
        let named = PollLocation::Header(HeaderName::from_static("x-poll"));
        assert!(named.locate(&headers, None, &start, &base).unwrap_err().contains("`x-poll`"));
        assert!(PollLocation::Headers.locate(&HeaderMap::new(), None, &start, &base).is_err());
        headers.insert("operation-location", "ftp://x/".parse().unwrap());
        assert!(PollLocation::Headers.locate(&headers, None, &start, &base).unwrap_err().contains("scheme"));
        let template = PollLocation::template("/tasks/{/id}/status").unwrap();
        let at = template.locate(&HeaderMap::new(), Some(&json!({"id": 5})), &start, &base).unwrap();
        assert_eq!(at.as_str(), "https://api.example/tasks/5/status");
    }
}
