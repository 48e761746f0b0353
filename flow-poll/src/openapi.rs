//! OpenAPI import: the `x-speakeasy-polling` entries of an OpenAPI document
//! (JSON or YAML) become named [`PollerSpec`]s per operation, each ready to
//! make an [`LroBuilder`] with the extension's settings — and per-call
//! overrides on top.
//!
//! An entry is `{name, delaySeconds = 1, intervalSeconds = 1, limitCount =
//! 60, successCriteria [≥ 1], failureCriteria []}`; each criteria list is
//! Arazzo Criterion Objects that must **all** hold (one rule per list). The
//! poller waits `delaySeconds`, then polls every `intervalSeconds` (plus
//! the runtime's jitter unless turned off), at most `limitCount` times, with
//! no deadline unless one is set per call. Errors name the JSON Pointer of
//! the bad part.
//!
//! Besides a whole document (`paths:` …), a snippet as Speakeasy's docs
//! show it is read too: a mapping of `/path` keys to path items, or one
//! bare path item (`get:` … with no path). A text in which no poller is
//! found is an error ([`OpenApiError::NoPollers`]) naming where it looked.

use std::collections::BTreeMap;
use std::time::Duration;

use http::Method;
use serde_json::{Map, Value};
use thiserror::Error;

use super::criteria::{parse_criterion, Condition, Criteria, Rule};
use super::lro::{LroBuilder, RequestSpec};
use crate::client::HttpClient;

/// The extension's name.
pub const EXTENSION: &str = "x-speakeasy-polling";

/// An OpenAPI document or polling entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum OpenApiError {
    /// Not JSON or YAML.
    #[error("cannot read the OpenAPI document: {message}")]
    Parse {
        /// The parser's message.
        message: String,
    },
    /// A bad part, at a JSON Pointer into the document.
    #[error("{path}: {message}")]
    Invalid {
        /// Where.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// No such operation or poller.
    #[error("no poller {name:?} for operation {operation:?} (known: {known})")]
    NotFound {
        /// The operation asked for.
        operation: String,
        /// The poller name asked for.
        name: String,
        /// The pollers there are, `operation.name`, comma-separated.
        known: String,
    },
    /// The document has no `x-speakeasy-polling` entry at all.
    #[error(
        "no x-speakeasy-polling pollers found: looked for `{EXTENSION}` lists in the operations \
         (get, put, post, delete, options, head, patch, trace) of {looked_in}"
    )]
    NoPollers {
        /// Where operations were looked for.
        looked_in: String,
    },
    /// A poller name matches in more than one operation.
    #[error("poller {name:?} is in more than one operation ({operations}); name the operation")]
    Ambiguous {
        /// The poller name.
        name: String,
        /// The operations that have it, comma-separated.
        operations: String,
    },
    /// A path parameter was not given.
    #[error("path parameter {name:?} of {path} was not given")]
    MissingParameter {
        /// The parameter.
        name: String,
        /// The path template.
        path: String,
    },
}

/// One `x-speakeasy-polling` entry of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerSpec {
    operation: String,
    method: Method,
    path: String,
    name: String,
    delay: Duration,
    interval: Duration,
    limit: u32,
    criteria: Criteria,
}

impl PollerSpec {
    /// The operation: its `operationId`, else `METHOD /path`.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The poller's name (`WaitForCompleted`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The operation's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation's path template (`/jobs/{id}`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `delaySeconds`.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// `intervalSeconds`.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// `limitCount`.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// The criteria (failure rule first when there is one).
    pub fn criteria(&self) -> &Criteria {
        &self.criteria
    }

    /// The path with `{parameters}` filled (values percent-encoded).
    pub fn fill_path(&self, params: &[(&str, &str)]) -> Result<String, OpenApiError> {
        let mut out = String::new();
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                out.push_str(&rest[open..]);
                return Ok(out);
            };
            let name = &rest[open + 1..open + close];
            let Some((_, value)) = params.iter().find(|(n, _)| *n == name) else {
                return Err(OpenApiError::MissingParameter {
                    name: name.to_owned(),
                    path: self.path.clone(),
                });
            };
            for byte in value.bytes() {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    out.push(char::from(byte));
                } else {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A builder polling this operation on `client` (the path joined to the
    /// client's base URL, which should be the API's server URL), with the
    /// entry's delay, interval, attempt limit and criteria, no deadline, and
    /// the operation name `operation.name` (states only resume in the same
    /// poller). Chain more settings to override them for this call.
    pub fn builder(&self, client: HttpClient, params: &[(&str, &str)]) -> Result<LroBuilder, OpenApiError> {
        let path = self.fill_path(params)?;
        let mut url = client.base().clone();
        let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url.set_query(None);
        url.set_fragment(None);
        Ok(LroBuilder::new(client)
            .poll(RequestSpec::new(self.method.clone(), url.as_str()))
            .criteria(self.criteria.clone())
            .initial_delay(self.delay)
            .interval(self.interval)
            .max_attempts(self.limit)
            .no_timeout()
            .operation(format!("{}.{}", self.operation, self.name)))
    }
}

/// All `x-speakeasy-polling` entries of a document.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::Arc;
/// use flow_poll::openapi::OpenApiPollers;
/// use flow_poll::Jitter;
/// use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
/// use flow_poll::{HttpClient, RuntimeConfig};
///
/// let pollers = OpenApiPollers::from_text(r#"
/// paths:
///   /pets/{id}:
///     get:
///       operationId: getPet
///       x-speakeasy-polling:
///         - name: WaitForNotFound
///           intervalSeconds: 2
///           successCriteria:
///             - condition: $statusCode == 404
/// "#).unwrap();
/// let spec = pollers.get("getPet", "WaitForNotFound").unwrap();
/// assert_eq!((spec.delay().as_secs(), spec.interval().as_secs(), spec.limit()), (1, 2, 60));
///
/// let base = url::Url::parse("https://pets.example/v1/").unwrap();
/// let transport = Arc::new(ScriptedTransport::new(&base));
/// transport.route("GET /v1/pets/7", [ScriptedReply::status(200), ScriptedReply::status(404)]);
/// let client = HttpClient::new(transport.clone(), Arc::new(RuntimeConfig::default()), base);
/// let gone: serde_json::Value = spec.builder(client, &[("id", "7")]).unwrap()
///     .jitter(Jitter::None)
///     .build().unwrap()
///     .await.unwrap();
/// assert_eq!(gone, serde_json::Value::Null);
/// let times: Vec<u64> = transport.requests().iter().map(|r| r.at.as_secs()).collect();
/// assert_eq!(times, [1, 3]);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpenApiPollers {
    pollers: Vec<PollerSpec>,
    server: Option<String>,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl OpenApiPollers {
    /// Reads a document in JSON or YAML.
    pub fn from_text(text: &str) -> Result<Self, OpenApiError> {
        let document = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| OpenApiError::Parse { message: format!("JSON: {e}") })?
        } else {
            // Mapping keys read as strings (`200:` is a common unquoted key).
            serde_saphyr::from_str::<Value>(text)
                .map_err(|e| OpenApiError::Parse { message: format!("YAML: {e}") })?
        };
        Self::from_value(&document)
    }

    /// Reads a document already parsed as JSON (or a snippet: see the
    /// module docs).
    pub fn from_value(document: &Value) -> Result<Self, OpenApiError> {
        let invalid = |path: String, message: String| OpenApiError::Invalid { path, message };
        let bare_item = Map::from_iter([(String::new(), document.clone())]);
        let (paths, root, looked_in) = match document.get("paths") {
            Some(paths) => (
                paths.as_object().ok_or_else(|| invalid("/paths".into(), "expected an object".into()))?,
                "/paths",
                "the path items under /paths",
            ),
            None => match document.as_object() {
                Some(object) if object.keys().any(|k| k.starts_with('/')) => {
                    (object, "", "the top-level /path keys (a paths snippet)")
                }
                Some(object) if object.keys().any(|k| METHODS.contains(&k.as_str())) => {
                    (&bare_item, "", "the document as one bare path item")
                }
                _ => {
                    return Err(OpenApiError::NoPollers {
                        looked_in: "/paths (absent), top-level /path keys (none) and a bare path item \
                                    (no get, post, … key)"
                            .to_owned(),
                    })
                }
            },
        };
        let server = document
            .get("servers")
            .and_then(|s| s.get(0))
            .and_then(|s| s.get("url"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut pollers = Vec::new();
        for (path, item) in paths {
            let item_at = if path.is_empty() { root.to_owned() } else { format!("{root}/{}", escape(path)) };
            let Some(item) = item.as_object() else { continue };
            for method in METHODS {
                let Some(operation) = item.get(method) else { continue };
                let at = format!("{item_at}/{method}");
                let Some(operation) = operation.as_object() else {
                    return Err(invalid(at, "expected an operation object".into()));
                };
                let Some(entries) = operation.get(EXTENSION) else { continue };
                let name = match operation.get("operationId") {
                    Some(Value::String(id)) if !id.is_empty() => id.clone(),
                    _ => format!("{} {path}", method.to_ascii_uppercase()).trim_end().to_owned(),
                };
                let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                    .map_err(|_| invalid(at.clone(), "invalid method".into()))?;
                let at = format!("{at}/{EXTENSION}");
                let entries = entries
                    .as_array()
                    .ok_or_else(|| invalid(at.clone(), "expected a list of pollers".into()))?;
                let mut names = Vec::new();
                for (i, entry) in entries.iter().enumerate() {
                    let spec = entry_spec(entry, &format!("{at}/{i}"), &name, &method, path)?;
                    if names.contains(&spec.name) {
                        return Err(invalid(
                            format!("{at}/{i}/name"),
                            format!("duplicate poller name {:?}", spec.name),
                        ));
                    }
                    names.push(spec.name.clone());
                    pollers.push(spec);
                }
            }
        }
        if pollers.is_empty() {
            return Err(OpenApiError::NoPollers { looked_in: looked_in.to_owned() });
        }
        Ok(OpenApiPollers { pollers, server })
    }

    /// The document's first `servers` URL, if it has one.
    pub fn server(&self) -> Option<&str> {
        self.server.as_deref()
    }

    /// One poller by name, in `operation` — its `operationId`, or
    /// `METHOD /path` as written in the document (method in any case) — or,
    /// with no operation, the only poller of that name.
    ///
    /// ```
    /// use flow_poll::openapi::OpenApiPollers;
    /// let pollers = OpenApiPollers::from_text(r#"
    /// /tasks/{id}/status:
    ///   get:
    ///     operationId: getTaskStatus
    ///     x-speakeasy-polling:
    ///       - name: WaitForCompleted
    ///         successCriteria:
    ///           - condition: $response.body#/info/status == "completed"
    /// "#)?;
    /// let by_name = pollers.find(None, "WaitForCompleted")?;
    /// assert_eq!(by_name.path(), "/tasks/{id}/status");
    /// assert_eq!(pollers.find(Some("get /tasks/{id}/status"), "WaitForCompleted")?, by_name);
    /// assert_eq!(pollers.find(Some("getTaskStatus"), "WaitForCompleted")?, by_name);
    /// assert!(pollers.find(None, "WaitForFailed").is_err());
    /// assert!(OpenApiPollers::from_text("paths: {}").unwrap_err().to_string().contains("no x-speakeasy-polling"));
    /// # Ok::<(), flow_poll::openapi::OpenApiError>(())
    /// ```
    pub fn find(&self, operation: Option<&str>, name: &str) -> Result<&PollerSpec, OpenApiError> {
        let in_operation = |p: &PollerSpec, op: &str| {
            if p.operation == op {
                return true;
            }
            let (method, path) = op.trim().split_once(' ').unwrap_or((op.trim(), ""));
            method.eq_ignore_ascii_case(p.method.as_str()) && path.trim() == p.path
        };
        let matching: Vec<&PollerSpec> = self
            .pollers
            .iter()
            .filter(|p| p.name == name && operation.is_none_or(|op| in_operation(p, op)))
            .collect();
        match matching.as_slice() {
            [one] => Ok(one),
            [] => Err(OpenApiError::NotFound {
                operation: operation.unwrap_or("(any)").to_owned(),
                name: name.to_owned(),
                known: self
                    .pollers
                    .iter()
                    .map(|p| format!("{}.{}", p.operation, p.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
            many => Err(OpenApiError::Ambiguous {
                name: name.to_owned(),
                operations: many.iter().map(|p| p.operation.as_str()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Every poller, in document order.
    pub fn all(&self) -> &[PollerSpec] {
        &self.pollers
    }

    /// The pollers of one operation.
    pub fn for_operation<'a>(&'a self, operation: &'a str) -> impl Iterator<Item = &'a PollerSpec> + 'a {
        self.pollers.iter().filter(move |p| p.operation == operation)
    }

    /// One poller by operation and name.
    pub fn get(&self, operation: &str, name: &str) -> Result<&PollerSpec, OpenApiError> {
        self.pollers.iter().find(|p| p.operation == operation && p.name == name).ok_or_else(|| {
            let known: Vec<String> =
                self.pollers.iter().map(|p| format!("{}.{}", p.operation, p.name)).collect();
            OpenApiError::NotFound {
                operation: operation.to_owned(),
                name: name.to_owned(),
                known: if known.is_empty() { "none".to_owned() } else { known.join(", ") },
            }
        })
    }

    /// Pollers grouped by operation.
    pub fn by_operation(&self) -> BTreeMap<&str, Vec<&PollerSpec>> {
        let mut map: BTreeMap<&str, Vec<&PollerSpec>> = BTreeMap::new();
        for poller in &self.pollers {
            map.entry(poller.operation.as_str()).or_default().push(poller);
        }
        map
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn entry_spec(
    entry: &Value,
    at: &str,
    operation: &str,
    method: &Method,
    path: &str,
) -> Result<PollerSpec, OpenApiError> {
    let invalid = |path: String, message: String| OpenApiError::Invalid { path, message };
    let object: &Map<String, Value> =
        entry.as_object().ok_or_else(|| invalid(at.to_owned(), "expected a poller object".into()))?;
    for key in object.keys() {
        let known = matches!(
            key.as_str(),
            "name"
                | "delaySeconds"
                | "intervalSeconds"
                | "limitCount"
                | "successCriteria"
                | "failureCriteria"
        );
        if !known && !key.starts_with("x-") {
            return Err(invalid(format!("{at}/{}", escape(key)), format!("unknown member {key:?}")));
        }
    }
    let name = match object.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
        Some(_) => return Err(invalid(format!("{at}/name"), "expected a non-empty string".into())),
        None => return Err(invalid(at.to_owned(), "missing `name`".into())),
    };
    let seconds = |key: &str, default: f64| -> Result<Duration, OpenApiError> {
        match object.get(key) {
            None => Ok(Duration::from_secs_f64(default)),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(s) if s >= 0.0 && s.is_finite() => {
                    Duration::try_from_secs_f64(s).map_err(|e| invalid(format!("{at}/{key}"), e.to_string()))
                }
                _ => {
                    Err(invalid(format!("{at}/{key}"), format!("must be a number of seconds ≥ 0 (got {n})")))
                }
            },
            Some(other) => Err(invalid(format!("{at}/{key}"), format!("expected a number, found {other}"))),
        }
    };
    let delay = seconds("delaySeconds", 1.0)?;
    let interval = seconds("intervalSeconds", 1.0)?;
    let limit = match object.get("limitCount") {
        None => 60,
        Some(Value::Number(n)) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if n > 0 => n,
            _ => {
                return Err(invalid(
                    format!("{at}/limitCount"),
                    format!("must be a whole number > 0 (got {n})"),
                ))
            }
        },
        Some(other) => {
            return Err(invalid(format!("{at}/limitCount"), format!("expected a number, found {other}")))
        }
    };
    let list = |key: &str, required: bool| -> Result<Option<Rule>, OpenApiError> {
        let items = match object.get(key) {
            None if required => {
                return Err(invalid(at.to_owned(), format!("missing `{key}` (at least one criterion)")))
            }
            None => return Ok(None),
            Some(Value::Array(items)) if items.is_empty() && required => {
                return Err(invalid(format!("{at}/{key}"), "needs at least one criterion".into()))
            }
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(invalid(format!("{at}/{key}"), format!("expected a list, found {other}")))
            }
        };
        if items.is_empty() {
            return Ok(None);
        }
        let mut conditions = Vec::new();
        let mut texts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let where_ = format!("{at}/{key}/{i}");
            let condition = parse_criterion(item, &where_).map_err(|e| match e {
                super::criteria::CriteriaError::Criterion { path, message } => invalid(path, message),
                other => invalid(where_.clone(), other.to_string()),
            })?;
            texts.push(item.get("condition").and_then(Value::as_str).unwrap_or_default().to_owned());
            conditions.push(condition);
        }
        let condition = if conditions.len() == 1 { conditions.remove(0) } else { Condition::All(conditions) };
        let outcome = if key == "successCriteria" {
            super::criteria::Outcome::Success
        } else {
            super::criteria::Outcome::Failure
        };
        Ok(Some(Rule::new(outcome, condition).with_source(texts.join(" && "))))
    };
    let success = list("successCriteria", true)?;
    let failure = list("failureCriteria", false)?;
    let rules: Vec<Rule> = failure.into_iter().chain(success).collect();
    let criteria =
        Criteria::new(rules, Default::default()).map_err(|e| invalid(at.to_owned(), e.to_string()))?;
    Ok(PollerSpec {
        operation: operation.to_owned(),
        method: method.clone(),
        path: path.to_owned(),
        name,
        delay,
        interval,
        limit,
        criteria,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
openapi: 3.1.0
paths:
  /jobs/{jobId}:
    get:
      operationId: getJob
      responses:
        200:
          description: ok
      x-speakeasy-polling:
        - name: WaitForCompleted
          delaySeconds: 2
          intervalSeconds: 5
          limitCount: 20
          failureCriteria:
            - condition: $statusCode == 200
            - condition: $response.body#/status == "failed"
          successCriteria:
            - condition: $statusCode == 200
            - condition: $response.body#/status == "completed"
        - name: WaitForNotFound
          successCriteria:
            - condition: $statusCode == 404
"#;

    #[test]
    fn reads_entries_with_defaults() {
        let pollers = OpenApiPollers::from_text(DOC).unwrap();
        assert_eq!(pollers.all().len(), 2);
        let done = pollers.get("getJob", "WaitForCompleted").unwrap();
        assert_eq!(
            (done.delay(), done.interval(), done.limit()),
            (Duration::from_secs(2), Duration::from_secs(5), 20)
        );
        assert_eq!(done.criteria().rules().len(), 2);
        assert_eq!(
            done.criteria().rules()[0].to_string(),
            "$statusCode == 200 && $response.body#/status == \"failed\""
        );
        let gone = pollers.get("getJob", "WaitForNotFound").unwrap();
        assert_eq!(
            (gone.delay(), gone.interval(), gone.limit()),
            (Duration::from_secs(1), Duration::from_secs(1), 60)
        );
        assert_eq!(gone.fill_path(&[("jobId", "a/b")]).unwrap(), "/jobs/a%2Fb");
        assert!(matches!(gone.fill_path(&[]), Err(OpenApiError::MissingParameter { .. })));
        let err = pollers.get("getJob", "Nope").unwrap_err().to_string();
        assert!(err.contains("known: getJob.WaitForCompleted, getJob.WaitForNotFound"), "{err}");
        assert_eq!(pollers.by_operation()["getJob"].len(), 2);
        let json = serde_json::to_string(&serde_saphyr::from_str::<Value>(DOC).unwrap()).unwrap();
        assert_eq!(OpenApiPollers::from_text(&json).unwrap(), pollers);
    }

    fn error(entry: &str) -> String {
        let doc = format!("paths:\n  /x:\n    get:\n      x-speakeasy-polling:\n{entry}");
        OpenApiPollers::from_text(&doc).unwrap_err().to_string()
    }

    #[test]
    fn snippets_as_in_speakeasys_docs() {
        // A path item keyed by its path, as Speakeasy's polling docs show it.
        let snippet = r#"
/example/{id}:
  get:
    operationId: exampleGet
    x-speakeasy-polling:
      - name: WaitForCompleted
        failureCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/status == "errored"
        successCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/status == "completed"
"#;
        let pollers = OpenApiPollers::from_text(snippet).unwrap();
        let spec = pollers.find(Some("GET /example/{id}"), "WaitForCompleted").unwrap();
        assert_eq!((spec.operation(), spec.path()), ("exampleGet", "/example/{id}"));
        // One bare path item: the poll URL is the base URL itself.
        let bare = "get:\n  x-speakeasy-polling:\n    - name: Done\n      successCriteria: [{condition: $statusCode == 200}]\n";
        let pollers = OpenApiPollers::from_text(bare).unwrap();
        let spec = pollers.find(None, "Done").unwrap();
        assert_eq!((spec.operation(), spec.path()), ("GET", ""));
        let err = error("        - name: a\n          successCriteria: [{condition: x, type: jsonpath}]\n");
        assert!(err.starts_with("/paths/~1x/get"), "{err}");
    }

    #[test]
    fn errors_name_the_place() {
        let at = "/paths/~1x/get/x-speakeasy-polling/0";
        assert_eq!(error("        - delaySeconds: 1\n"), format!("{at}: missing `name`"));
        assert!(error("        - name: a\n          successCriteria: []\n")
            .starts_with(&format!("{at}/successCriteria:")));
        assert!(error("        - name: a\n").contains("missing `successCriteria`"));
        assert!(error("        - name: a\n          limitCount: 0\n          successCriteria: [{condition: $statusCode == 200}]\n")
            .starts_with(&format!("{at}/limitCount:")));
        assert!(error("        - name: a\n          delaySeconds: -1\n          successCriteria: [{condition: $statusCode == 200}]\n")
            .starts_with(&format!("{at}/delaySeconds:")));
        let bad = error("        - name: a\n          successCriteria: [{condition: $statusCode = 200}]\n");
        assert!(
            bad.starts_with(&format!("{at}/successCriteria/0/condition:")) && bad.contains("offset 12"),
            "{bad}"
        );
        assert!(error("        - name: a\n          successCriteria: [{condition: x, type: jsonpath}]\n")
            .starts_with(&format!("{at}/successCriteria/0/type:")));
        assert!(error("        - name: a\n          succesCriteria: []\n")
            .contains("unknown member \"succesCriteria\""));
        let dup = "        - name: a\n          successCriteria: [{condition: $statusCode == 200}]\n";
        assert!(
            error(&format!("{dup}{dup}")).starts_with("/paths/~1x/get/x-speakeasy-polling/1/name: duplicate")
        );
        assert!(OpenApiPollers::from_text("{nope").unwrap_err().to_string().starts_with("cannot read"));
        let none = OpenApiPollers::from_text("openapi: 3.1.0\npaths:\n  /x:\n    get: {}\n").unwrap_err();
        assert!(matches!(none, OpenApiError::NoPollers { .. }), "{none}");
        assert!(none.to_string().contains("under /paths"), "{none}");
        let none = OpenApiPollers::from_text("info: {title: x}\n").unwrap_err().to_string();
        assert!(none.contains("no x-speakeasy-polling pollers found"), "{none}");
        assert!(OpenApiPollers::from_text("a: [").unwrap_err().to_string().starts_with("cannot read"));
    }
}
