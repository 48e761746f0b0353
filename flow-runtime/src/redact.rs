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

/// The URL with any password replaced and query parameters listed in
/// `sensitive_query` redacted (all values when the list is empty is NOT the
/// default: only credentials are always removed).
pub fn redact_url_with(url: &Url, sensitive_query: &[String]) -> String {
    let mut copy = url.clone();
    if copy.password().is_some() {
        let _ = copy.set_password(Some(REDACTED));
    }
    if !sensitive_query.is_empty() && copy.query().is_some() {
        let pairs: Vec<(String, String)> = copy
            .query_pairs()
            .map(|(k, v)| {
                let secret = sensitive_query.iter().any(|s| s.eq_ignore_ascii_case(&k));
                (k.into_owned(), if secret { REDACTED.to_owned() } else { v.into_owned() })
            })
            .collect();
        copy.query_pairs_mut().clear().extend_pairs(pairs);
    }
    copy.to_string()
}

/// The URL with credentials redacted (see [`redact_url_with`]).
pub fn redact_url(url: &Url) -> String {
    redact_url_with(url, &[])
}
