//! `dflow poll`'s flags made into an [`LroPoller`]: which request (poll,
//! start-then-poll, or an OpenAPI `x-speakeasy-polling` poller), the
//! criteria, pacing, budgets, transient retries and the keyed state store.
//! Every `Err` is a usage error naming the bad flag or part.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use http::Method;
use serde_json::Value;
use url::Url;

use flow_poll::lro::{LroBuilder, LroPoller, ProgressMode, RequestSpec};
use flow_poll::openapi::OpenApiPollers;
use flow_poll::resume::FileStore;
use flow_poll::{HttpClient, Jitter, Progress, ReqwestTransport, RetryBackoff};

use super::PollArgs;
use crate::commands::run::parse_url;

/// The wait between requests when neither a flag nor a preset sets it.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);
/// The attempt limit when neither a flag nor a preset sets it.
const DEFAULT_MAX_ATTEMPTS: u32 = 60;
/// The deadline when neither a flag nor a preset sets it.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// The state directory under the user's cache directory.
const STATE_SUBDIR: [&str; 2] = ["dflow", "poll-states"];

/// The default state directory: `<cache dir>/dflow/poll-states` (e.g.
/// `~/.cache/dflow/poll-states` on Linux).
pub(super) fn default_state_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|dir| STATE_SUBDIR.iter().fold(dir, |dir, part| dir.join(part)))
}

/// Reads `--data` / `--filter`: JSON text, or `@file` holding it.
fn json_arg(flag: &str, text: &str) -> Result<Value, String> {
    let (source, content) = match text.strip_prefix('@') {
        Some(path) => {
            let content = std::fs::read_to_string(path)
                .map_err(|e| format!("{flag} @{path}: cannot read the file: {e}"))?;
            (format!("{flag} @{path}"), content)
        }
        None => (flag.to_owned(), text.to_owned()),
    };
    serde_json::from_str(&content).map_err(|e| format!("{source}: not JSON: {e}"))
}

fn method(text: Option<&str>, default: Method) -> Result<Method, String> {
    match text {
        None => Ok(default),
        Some(text) => Method::from_bytes(text.trim().to_ascii_uppercase().as_bytes())
            .map_err(|_| format!("-X {text:?} is not an HTTP method")),
    }
}

/// The request to send (polled or start), with `-X` and `-d`.
fn request(args: &PollArgs, url: &Url, default: Method) -> Result<RequestSpec, String> {
    let mut spec = RequestSpec::new(method(args.method.as_deref(), default)?, url.as_str());
    if let Some(data) = &args.data {
        spec = spec.json(json_arg("-d", data)?);
    }
    Ok(spec)
}

/// What is polled, and the base URL requests are made against.
enum Target {
    Poll(RequestSpec),
    Start { start: RequestSpec, template: Option<String> },
    OpenApi { pollers: OpenApiPollers, operation: Option<String>, name: String },
}

fn target(args: &PollArgs) -> Result<(Target, Url), String> {
    if let Some(file) = &args.openapi {
        if args.start.is_some() || args.poll_url.is_some() || args.method.is_some() || args.data.is_some() {
            return Err(
                "--openapi polls the operation the document names: drop --start, --poll-url, -X and -d"
                    .to_owned(),
            );
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("--openapi {}: cannot read the file: {e}", file.display()))?;
        let pollers =
            OpenApiPollers::from_text(&text).map_err(|e| format!("--openapi {}: {e}", file.display()))?;
        let base = match (&args.url, pollers.server()) {
            (Some(url), _) => parse_url(url)?,
            (None, Some(server)) => parse_url(server)
                .map_err(|e| format!("the document's first server ({e}); give the API's BASE_URL"))?,
            (None, None) => {
                return Err(format!(
                    "--openapi {}: the document names no server; give the API's BASE_URL",
                    file.display()
                ))
            }
        };
        let name = args.poller.clone().unwrap_or_default();
        return Ok((Target::OpenApi { pollers, operation: args.operation.clone(), name }, base));
    }
    match (&args.start, &args.url, &args.poll_url) {
        (Some(_), Some(url), _) => Err(format!(
            "both --start and URL {url:?} given: with --start the URL to poll comes from its answer \
             (or from --poll-url)"
        )),
        (Some(start), None, template) | (None, Some(start), template @ Some(_)) => {
            let url = parse_url(start)?;
            let start = request(args, &url, Method::POST)?;
            Ok((Target::Start { start, template: template.clone() }, url))
        }
        (None, Some(url), None) => {
            let url = parse_url(url)?;
            Ok((Target::Poll(request(args, &url, Method::GET)?), url))
        }
        (None, None, _) => {
            Err("give the URL to poll (or --start URL, or --openapi FILE --poller NAME)".to_owned())
        }
    }
}

/// The transient-retry waits from `--retry-*`.
fn retry_backoff(args: &PollArgs) -> Result<RetryBackoff, String> {
    let default = RetryBackoff::DEFAULT;
    let min = args.retry_min.unwrap_or(default.min());
    let max = args.retry_max.unwrap_or(default.max().max(min));
    let factor = args.retry_factor.unwrap_or(default.factor());
    let randomize = !args.no_retry_jitter;
    RetryBackoff::new(min, max, factor, randomize).map_err(|e| format!("--retry-min/--retry-max: {e}"))
}

/// Builds the poller (`Err`: a usage error).
pub(super) async fn poller(
    args: &PollArgs,
    on_progress: impl FnMut(&Progress) + Send + 'static,
) -> Result<LroPoller, String> {
    let (target, base) = target(args)?;
    let config = args.redact.config(&args.headers).map_err(|e| e.to_string())?;
    let transport = ReqwestTransport::new(&config).map_err(|e| e.message)?;
    let client = HttpClient::new(Arc::new(transport), Arc::new(config), base);
    let openapi = matches!(target, Target::OpenApi { .. });
    let mut builder = match target {
        Target::Poll(spec) => LroBuilder::new(client).poll(spec),
        Target::Start { start, template } => {
            let builder = LroBuilder::new(client).start(start);
            match template {
                Some(template) => builder.poll_url_template(&template),
                None => builder,
            }
        }
        Target::OpenApi { pollers, operation, name } => {
            let spec = pollers.find(operation.as_deref(), &name).map_err(|e| format!("--poller: {e}"))?;
            let params: Vec<(&str, &str)> =
                args.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            spec.builder(client, &params).map_err(|e| format!("--param: {e}"))?
        }
    };
    builder = builder.progress_mode(ProgressMode::EveryAttempt);
    // The base: a preset's defaults, else an OpenAPI poller's, else dflow's.
    if let Some(preset) = args.preset {
        builder = builder.preset(preset);
    } else if !openapi {
        builder = builder
            .initial_delay(Duration::ZERO)
            .interval(DEFAULT_INTERVAL)
            .max_attempts(DEFAULT_MAX_ATTEMPTS)
            .timeout(DEFAULT_TIMEOUT)
            .jitter(Jitter::DEFAULT);
    }
    // Then the flags given.
    if let Some(delay) = args.delay {
        builder = builder.initial_delay(delay);
    }
    let interval = args.interval;
    if args.backoff {
        let every = interval.or(args.preset.map(|p| p.interval())).unwrap_or(DEFAULT_INTERVAL);
        if every.is_zero() {
            return Err("--backoff needs an --interval above zero".to_owned());
        }
        builder = builder.backoff(every, 2.0, every.max(Duration::from_secs(60)));
    } else if let Some(every) = interval {
        builder = builder.interval(every);
    }
    if let Some(n) = args.max_attempts {
        builder = builder.max_attempts(n);
    }
    if let Some(timeout) = args.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = args.request_timeout {
        builder = builder.request_timeout(timeout);
    }
    if let Some(n) = args.retry_limit {
        builder = builder.retry_limit(n);
    }
    builder = builder.retry_backoff(retry_backoff(args)?);
    if let Some(pointer) = &args.status_pointer {
        builder = builder.status_pointer(Some(pointer));
    }
    if let Some(pointer) = &args.progress_pointer {
        builder = builder.percent_pointer(Some(pointer));
    }
    // Criteria: failure rules, then success rules (none: the default success).
    for expr in &args.fail_if {
        builder = builder.failure_when(expr);
    }
    for expr in &args.until {
        builder = builder.success_when(expr);
    }
    for filter in &args.filter {
        builder = builder.success_filter(&json_arg("--filter", filter)?);
    }
    if let Some(key) = &args.key {
        let dir = match &args.state_dir {
            Some(dir) => dir.clone(),
            None => default_state_dir()
                .ok_or("--key: this system has no user cache directory; give --state-dir")?,
        };
        builder = builder.keyed(key.clone(), Arc::new(FileStore::new(dir))).fresh(args.fresh);
    }
    builder.on_progress(on_progress).build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_args_read_text_or_files_and_name_the_source() {
        assert_eq!(json_arg("-d", r#"{"a":1}"#).unwrap()["a"], 1);
        assert!(json_arg("-d", "{nope").unwrap_err().starts_with("-d: not JSON"));
        let err = json_arg("--filter", "@/no/such/file.json").unwrap_err();
        assert!(err.starts_with("--filter @/no/such/file.json: cannot read the file"), "{err}");
        assert_eq!(method(Some("post"), Method::GET).unwrap(), Method::POST);
        assert!(method(Some("P O"), Method::GET).unwrap_err().contains("not an HTTP method"));
        let dir = default_state_dir();
        assert!(dir.is_none_or(|d| d.ends_with("dflow/poll-states")));
    }
}
