//! `--redact-query NAME` and `--redact-header NAME` (repeatable), shared by
//! `run`, `poll` and `check` ([`RedactArgs`], flattened into each), and the
//! one place those commands build their [`RuntimeConfig`] from their
//! `--header`s and these flags.
//!
//! The values of the named query parameters and headers are shown as
//! `[redacted]` wherever dflow prints a request (logs at every `-v` level,
//! errors, `--json` lines, `check` findings), on top of the names that are
//! always secret ([`flow_poll::redact::DEFAULT_SENSITIVE_QUERY_PARAMS`],
//! [`flow_poll::redact::DEFAULT_SENSITIVE_HEADERS`]). Requests still carry
//! the real values. Names are case-insensitive.

use clap::Args;
use url::Url;

use flow_poll::redact::redact_url_with;
use flow_poll::{ConfigError, RuntimeConfig};

use super::run::Header;

/// The redaction flags.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct RedactArgs {
    /// A query parameter whose value is secret: printed as [redacted] in logs, errors and
    /// output (repeatable; token, key, password, signature… always are).
    #[arg(long = "redact-query", value_name = "NAME", value_parser = parse_query_name)]
    pub(crate) redact_query: Vec<String>,
    /// A header whose value is secret: printed as [redacted] in logs, errors and output
    /// (repeatable; Authorization, Cookie, X-Api-Key… always are).
    #[arg(long = "redact-header", value_name = "NAME", value_parser = parse_header_name)]
    pub(crate) redact_header: Vec<String>,
}

impl RedactArgs {
    /// The configuration for these flags and `headers` (sent on every
    /// request to the flow's origin).
    pub(crate) fn config(&self, headers: &[Header]) -> Result<RuntimeConfig, ConfigError> {
        let mut builder = RuntimeConfig::builder();
        // Secret names first, so the default headers are marked as they are added.
        for name in &self.redact_query {
            builder = builder.redact_query(name.as_str());
        }
        for name in &self.redact_header {
            builder = builder.redact_header(name);
        }
        for header in headers {
            builder = builder.default_header(&header.name, &header.value);
        }
        builder.build()
    }

    /// `url` as it may be printed (credentials and secret query values redacted).
    pub(crate) fn show(&self, url: &Url) -> String {
        redact_url_with(url, &self.redact_query)
    }
}

/// `--redact-query`: any non-empty name.
fn parse_query_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("expected a query parameter name".to_owned());
    }
    Ok(name.to_owned())
}

/// `--redact-header`: a valid HTTP header name.
fn parse_header_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("invalid header name {name:?}"))?;
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use flow_poll::redact::RedactedHeaders;

    use super::*;

    #[test]
    fn the_flags_mark_queries_and_headers_secret() {
        let redact = RedactArgs { redact_query: vec!["ref".into()], redact_header: vec!["X-Custom".into()] };
        let headers = [
            Header { name: "X-Custom".into(), value: "HEADERSECRET".into() },
            Header { name: "Accept-Language".into(), value: "en-GB".into() },
        ];
        let config = redact.config(&headers).unwrap();
        assert_eq!(config.sensitive_query_params(), ["ref"]);
        assert_eq!(config.default_headers()["x-custom"], "HEADERSECRET", "the request keeps the value");
        let shown = format!("{:?}", RedactedHeaders(config.default_headers()));
        assert!(!shown.contains("HEADERSECRET") && shown.contains("en-GB"), "{shown}");
        let url = Url::parse("https://x.test/start?ref=SECRETVALUE&id=7").unwrap();
        assert_eq!(redact.show(&url), "https://x.test/start?ref=[redacted]&id=7");
        assert_eq!(RedactArgs::default().show(&url), url.as_str());
    }

    #[test]
    fn bad_names_are_usage_errors() {
        assert!(parse_header_name("Bad Name").unwrap_err().contains("invalid header name"));
        assert_eq!(parse_header_name(" X-Custom ").unwrap(), "X-Custom");
        assert!(parse_query_name("  ").is_err());
        assert_eq!(parse_query_name("ref").unwrap(), "ref");
    }
}
