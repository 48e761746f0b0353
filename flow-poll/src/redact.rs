//! Redaction of secrets in anything that may be printed: header values
//! (`Authorization`, `Cookie`, `Set-Cookie`, `Proxy-Authorization`,
//! `X-Api-Key` and configured names) and URL query values / credentials.

use std::collections::HashSet;
use std::fmt;

use http::header::HeaderName;
use http::HeaderMap;
use url::Url;

/// Header names whose values are always secret.
pub const DEFAULT_SENSITIVE_HEADERS: [&str; 5] =
    ["authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"];

/// Query parameters whose values are always secret (case-insensitive),
/// whatever else is configured; also secret: every name that starts with
/// one of [`SENSITIVE_QUERY_PREFIXES`] (signed-URL parameters).
pub const DEFAULT_SENSITIVE_QUERY_PARAMS: [&str; 17] = [
    "access_token",
    "api_key",
    "apikey",
    "client_secret",
    "code",
    "id_token",
    "key",
    "password",
    "refresh_token",
    "secret",
    "session",
    "sig",
    "signature",
    "token",
    "x-amz-signature",
    "x-goog-signature",
    "x-amz-security-token",
];

/// Prefixes of query parameter names that are always secret
/// (case-insensitive): AWS and Google signed-URL parameters.
pub const SENSITIVE_QUERY_PREFIXES: [&str; 2] = ["x-amz-", "x-goog-"];

/// Whether a query parameter's value is secret: a default name or prefix
/// ([`DEFAULT_SENSITIVE_QUERY_PARAMS`], [`SENSITIVE_QUERY_PREFIXES`]) or one
/// of `configured` (case-insensitive). The one rule every redaction uses.
///
/// ```
/// use flow_poll::redact::is_sensitive_query;
/// assert!(is_sensitive_query("Token", &[]));
/// assert!(is_sensitive_query("X-Amz-Credential", &[]));
/// assert!(is_sensitive_query("ref", &["REF".to_owned()]));
/// assert!(!is_sensitive_query("page", &[]));
/// ```
pub fn is_sensitive_query(name: &str, configured: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    DEFAULT_SENSITIVE_QUERY_PARAMS.contains(&lower.as_str())
        || SENSITIVE_QUERY_PREFIXES.iter().any(|prefix| lower.starts_with(prefix))
        || configured.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// The text printed in place of a secret.
pub const REDACTED: &str = "[redacted]";

/// The set of header names whose values are secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensitiveHeaders {
    names: HashSet<HeaderName>,
}

impl Default for SensitiveHeaders {
    fn default() -> Self {
        let names = DEFAULT_SENSITIVE_HEADERS.iter().map(|n| HeaderName::from_static(n)).collect();
        SensitiveHeaders { names }
    }
}

impl SensitiveHeaders {
    /// Adds a name (case-insensitive).
    pub fn insert(&mut self, name: HeaderName) {
        self.names.insert(name);
    }

    /// Whether `name` is secret.
    pub fn contains(&self, name: &HeaderName) -> bool {
        self.names.contains(name)
    }

    /// Marks every secret value in `headers` as sensitive, so `Debug` hides it.
    pub fn mark(&self, headers: &mut HeaderMap) {
        for (name, value) in headers.iter_mut() {
            if self.names.contains(name) {
                value.set_sensitive(true);
            }
        }
    }
}

/// `Debug`/`Display` for a header map that prints sensitive values (and the
/// default secret names) as [`REDACTED`].
pub struct RedactedHeaders<'a>(pub &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            let secret = value.is_sensitive() || DEFAULT_SENSITIVE_HEADERS.contains(&name.as_str());
            if secret {
                map.entry(&name.as_str(), &REDACTED);
            } else {
                map.entry(&name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
            }
        }
        map.finish()
    }
}

/// `Debug`/`Display` for a URL with user info and query values redacted.
pub struct RedactedUrl<'a>(pub &'a Url);

impl fmt::Display for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(self.0))
    }
}

impl fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `Display` for a URL redacted with [`redact_url_with`], computed only when
/// it is formatted (cheap to pass to a tracing span that may be disabled).
pub struct RedactedUrlWith<'a>(pub &'a Url, pub &'a [String]);

impl fmt::Display for RedactedUrlWith<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url_with(self.0, self.1))
    }
}

impl fmt::Debug for RedactedUrlWith<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The URL with any password replaced and the values of the query
/// parameters named in `sensitive_query` or secret by default
/// ([`is_sensitive_query`]) replaced by
/// [`REDACTED`]; other query values are kept. Credentials are always removed.
///
/// ```
/// let url = url::Url::parse("https://u:pw@x.example/s?token=abc&id=7").unwrap();
/// assert_eq!(
///     flow_poll::redact::redact_url_with(&url, &["TOKEN".to_owned()]),
///     "https://u:[redacted]@x.example/s?token=[redacted]&id=7"
/// );
/// ```
pub fn redact_url_with(url: &Url, sensitive_query: &[String]) -> String {
    redact(url, |name| is_sensitive_query(name, sensitive_query))
}

/// The URL with its password and every query value replaced by [`REDACTED`]:
/// for output that cannot know which parameters are secret (a request's `Debug`).
pub fn redact_url_all_query(url: &Url) -> String {
    redact(url, |_| true)
}

fn redact(url: &Url, secret: impl Fn(&str) -> bool) -> String {
    let mut copy = url.clone();
    if copy.password().is_some() {
        let _ = copy.set_password(Some("_"));
    }
    let mut text = copy.to_string();
    if url.password().is_some() {
        // The placeholder is set literally (set_password would percent-encode it).
        text = text.replacen(":_@", &format!(":{REDACTED}@"), 1);
    }
    let Some(query) = url.query() else { return text };
    if !url.query_pairs().any(|(name, _)| secret(&name)) {
        return text;
    }
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            let decoded: String =
                url::form_urlencoded::parse(name.as_bytes()).map(|(k, _)| k.into_owned()).collect();
            if secret(&decoded) {
                format!("{name}={REDACTED}")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    let start = text.find('?').map(|i| i + 1).unwrap_or(text.len());
    let end = text[start..].find('#').map(|i| start + i).unwrap_or(text.len());
    text.replace_range(start..end, &redacted.join("&"));
    text
}

/// The URL with credentials redacted (see [`redact_url_with`]).
pub fn redact_url(url: &Url) -> String {
    redact_url_with(url, &[])
}
