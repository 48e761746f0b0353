//! `dflow poll`: the general long-running-operation poller
//! ([`flow_poll::lro`]) from a shell.
//!
//! ```text
//! dflow poll URL [-X M] [-d JSON|@file]                 poll URL
//! dflow poll --start URL [-X M] [-d …]                  start, then poll where its answer says
//! dflow poll URL --poll-url TEMPLATE [-X M] [-d …]      start at URL, poll TEMPLATE filled from its body
//! dflow poll --openapi FILE --poller NAME [--operation OP] [--param k=v]… [BASE_URL]
//! ```
//!
//! * **Judging.** `--until EXPR` / `--fail-if EXPR` are Arazzo conditions
//!   (`$statusCode == 200`, `$response.body#/status == 'done'`), `--filter`
//!   a Trigger.dev `responseFilter` (success; `header` or `headers`).
//!   Failure rules are checked first, then success rules: any one that holds
//!   ends the poll. With no success rule, success is a 2xx other than 202
//!   (and other than a 201 naming where to poll). A `201`/`202` naming a URL
//!   (`Operation-Location`, `Azure-AsyncOperation`, `Location`) moves later
//!   polls there. An error status (≥ 400) no rule matched ends the poll
//!   (exit 1), except 408, 425, 429, 502, 503, 504 and transport errors,
//!   retried `--retry-limit` times in a row (default 5) after waits from
//!   `--retry-min` (1s) ×`--retry-factor` (2) up to `--retry-max` (30s),
//!   randomised ×[1, 2) unless `--no-retry-jitter`; a `Retry-After` on
//!   the failed answer wins (cut to the deadline).
//! * **Pacing and budgets.** The first request after `--delay` (default
//!   at once), then every `--interval` (default 1s, ±20 % jitter;
//!   `--backoff` doubles it up to 60 s or the interval), `Retry-After`
//!   honoured; at most `--max-attempts` requests (default 60, retries
//!   included) within `--timeout` (default 5m); each request at most
//!   `--request-timeout` (default 30s). `--preset odata|speakeasy|trigger-dev`
//!   starts from that system's defaults instead ([`flow_poll::lro::Preset`]);
//!   flags given override it. Durations read like `500ms`, `10s`, `2m`.
//! * **Resume.** `--key NAME` keeps the poll's state (no secrets) in
//!   `--state-dir` (default: the user's cache dir, `…/dflow/poll-states`):
//!   an interrupted poll run again resumes with the attempts and time it
//!   has left; a finished one prints its stored final body without a
//!   request (exit as then), unless `--fresh`.
//! * **Output.** stdout carries only the final answer's body, on success
//!   and on failure (exit 1) alike. On a terminal, stderr shows a progress
//!   line (attempt n of m, status from `--status-pointer`, default
//!   `/status` then `/info/status`; a bar from `--progress-pointer`,
//!   default `/percentComplete`; a countdown to the next poll). `--json`
//!   prints events on stdout instead: `attempt` per request (`attempt`,
//!   `max_attempts`, `http_status`, `status`, `percent`, `error`,
//!   `elapsed` and `next_delay` in ms), then `done` (`attempts`,
//!   `http_status`, `body`, `replayed`) or `failed` (`reason`, `error`,
//!   `attempts`, `http_status`, `body`). Errors are also written to stderr.
//! * **Secrets.** `--redact-query` / `--redact-header` name more query
//!   parameters and headers whose values are printed as `[redacted]`.
//! * **Signals.** SIGINT or SIGTERM stops polling (a request in flight is
//!   abandoned, none is sent after); a keyed poll stays resumable.
//! * **Exit status.** 0 success; 1 failure matched, error status, attempts
//!   or time used up, server unreachable; 2 usage error (flags, URL, header,
//!   EXPR, filter, OpenAPI document — naming the bad part); 130 after
//!   SIGINT, 143 after SIGTERM.

mod display;
mod setup;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde_json::{json, Map, Value};

use flow_poll::criteria::parse_condition;
use flow_poll::lro::{Answer, LroError, Preset};

use super::redact::RedactArgs;
use super::run::{parse_header, runtime, Header};
use crate::logging::{apply_no_color, Verbosity};
use crate::signals::{unless_signalled, Signal, Signals};
use display::{final_event, print_body, write_event, Display};

/// `dflow poll`'s arguments.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Exit status: 0 success; 1 failure, timeout, attempts used up; 2 usage error; \
                        130 interrupted (SIGINT), 143 terminated (SIGTERM).")]
pub(crate) struct PollArgs {
    /// The URL to poll; with --poll-url, the start request's URL; with --openapi, the API's base
    /// URL (default: the document's first server).
    #[arg(value_name = "URL")]
    pub(crate) url: Option<String>,
    /// Success condition (Arazzo), e.g. "$response.body#/status == 'done'"; repeatable, any one
    /// ends the poll. Default: a 2xx status other than 202.
    #[arg(long = "until", value_name = "EXPR", value_parser = parse_expr)]
    pub(crate) until: Vec<String>,
    /// Failure condition (Arazzo), checked before --until; repeatable.
    #[arg(long = "fail-if", value_name = "EXPR", value_parser = parse_expr)]
    pub(crate) fail_if: Vec<String>,
    /// Success as a Trigger.dev responseFilter, JSON or @file:
    /// '{"status":[200],"header":{…},"body":{"status":["SUCCESS"]}}' (repeatable).
    #[arg(long = "filter", value_name = "JSON|@FILE")]
    pub(crate) filter: Vec<String>,
    /// The method of the polled request (or of the start request; default GET, POST to start).
    #[arg(short = 'X', long = "method", value_name = "METHOD")]
    pub(crate) method: Option<String>,
    /// A JSON body for the polled (or start) request, or @file.
    #[arg(short = 'd', long = "data", value_name = "JSON|@FILE")]
    pub(crate) data: Option<String>,
    /// Start the operation with this request, then poll the URL its answer names
    /// (Operation-Location, Azure-AsyncOperation or Location; or --poll-url).
    #[arg(long = "start", value_name = "URL")]
    pub(crate) start: Option<String>,
    /// After the start request, poll this URL template filled from its answer's body, like
    /// 'https://h/tasks/{/info/taskId}/status'.
    #[arg(long = "poll-url", value_name = "TEMPLATE")]
    pub(crate) poll_url: Option<String>,
    /// An OpenAPI document (JSON or YAML, or a path-item snippet) with x-speakeasy-polling.
    #[arg(long = "openapi", value_name = "FILE", requires = "poller")]
    pub(crate) openapi: Option<PathBuf>,
    /// The x-speakeasy-polling poller to run (with --openapi).
    #[arg(long = "poller", value_name = "NAME", requires = "openapi")]
    pub(crate) poller: Option<String>,
    /// The operation holding the poller: its operationId or 'GET /path/{id}' (default: the
    /// only one with that poller).
    #[arg(long = "operation", value_name = "OPID|'METHOD /PATH'", requires = "openapi")]
    pub(crate) operation: Option<String>,
    /// A path parameter of the operation, as name=value (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param, requires = "openapi")]
    pub(crate) params: Vec<(String, String)>,
    /// Start from a seed system's defaults: odata, speakeasy, trigger-dev.
    #[arg(long = "preset", value_name = "NAME", value_parser = parse_preset)]
    pub(crate) preset: Option<Preset>,
    /// Wait before the first request (default: none).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) delay: Option<Duration>,
    /// Wait between requests (default 1s).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) interval: Option<Duration>,
    /// Double the wait after each request (from --interval, up to 60 s or --interval).
    #[arg(long)]
    pub(crate) backoff: bool,
    /// At most this many requests (default 60).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_attempts: Option<u32>,
    /// Give up after this long, request time included (default 5m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) timeout: Option<Duration>,
    /// Each request's timeout (default 30s).
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
    pub(crate) request_timeout: Option<Duration>,
    /// Transient failures (408, 425, 429, 502, 503, 504, no connection) retried in a row (default 5).
    #[arg(long, value_name = "N")]
    pub(crate) retry_limit: Option<u32>,
    /// The first wait before retrying a transient failure (default 1s).
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
    pub(crate) retry_min: Option<Duration>,
    /// The longest wait before retrying a transient failure (default 30s).
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
    pub(crate) retry_max: Option<Duration>,
    /// How much each retry wait grows (default 2).
    #[arg(long, value_name = "F", value_parser = parse_factor)]
    pub(crate) retry_factor: Option<f64>,
    /// Randomise retry waits ×[1, 2) (the default).
    #[arg(long, overrides_with = "no_retry_jitter")]
    pub(crate) retry_jitter: bool,
    /// Exact retry waits.
    #[arg(long, overrides_with = "retry_jitter")]
    pub(crate) no_retry_jitter: bool,
    /// Keep the poll's state under this key: resume it if interrupted, replay it if finished.
    #[arg(long, value_name = "NAME")]
    pub(crate) key: Option<String>,
    /// Where keyed states are kept (default: the user's cache dir, dflow/poll-states).
    #[arg(long, value_name = "DIR", requires = "key")]
    pub(crate) state_dir: Option<PathBuf>,
    /// With --key: forget the stored state and start again.
    #[arg(long, requires = "key")]
    pub(crate) fresh: bool,
    /// Where the operation's status is in the body (default /status, then /info/status).
    #[arg(long, value_name = "POINTER")]
    pub(crate) status_pointer: Option<String>,
    /// Where the percent complete is in the body (default /percentComplete).
    #[arg(long, value_name = "POINTER")]
    pub(crate) progress_pointer: Option<String>,
    /// A header sent with every request, as 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = parse_header)]
    pub(crate) headers: Vec<Header>,
    #[command(flatten)]
    pub(crate) redact: RedactArgs,
    /// Events as JSON lines on stdout (attempt…, then done or failed with the body).
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) verbosity: Verbosity,
}

/// Checks an Arazzo condition (a usage error, with the offset, when bad).
fn parse_expr(text: &str) -> Result<String, String> {
    parse_condition(text).map(|_| text.to_owned()).map_err(|e| e.to_string())
}

/// Parses a duration like `500ms`, `10s` or `2m`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text.trim())
        .map_err(|e| format!("{text:?} is not a duration like 500ms, 10s or 2m: {e}"))
}

/// A duration above zero.
fn parse_positive_duration(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text)?;
    if duration.is_zero() {
        return Err(format!("{text:?} must be above zero"));
    }
    Ok(duration)
}

/// A growth factor of at least 1.
fn parse_factor(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(f) if f.is_finite() && f >= 1.0 => Ok(f),
        _ => Err(format!("{text:?} is not a factor of at least 1 (like 2 or 1.5)")),
    }
}

/// `name=value`.
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

fn parse_preset(text: &str) -> Result<Preset, String> {
    text.parse()
}

/// What the poll came to.
enum End {
    /// Succeeded; `true` when replayed from a finished keyed state.
    Done(Answer, bool),
    Failed(LroError),
    Interrupted(Signal),
}

async fn poll(args: &PollArgs, display: &Display, attempts: Arc<AtomicU32>) -> Result<End, String> {
    // Before the first request: a signal from now on stops the poll.
    let mut signals = Signals::listen();
    let mut poller = setup::poller(args, display.callback(attempts)).await?;
    let control = poller.control();
    let run = async move {
        // Starting (the start request, or loading a keyed state) may already
        // end the poll: a finished keyed state is replayed without a request.
        let _ = poller.start().await;
        let replayed = matches!(poller.outcome(), Some(Ok(_)));
        (poller.until_answer().await, replayed)
    };
    let (result, replayed) = match unless_signalled(Some(&mut signals), run).await {
        Ok(result) => result,
        Err(signal) => {
            control.cancel();
            return Ok(End::Interrupted(signal));
        }
    };
    Ok(match result {
        Ok(answer) => End::Done(answer, replayed),
        Err(LroError::InvalidConfiguration(message)) => return Err(message),
        Err(LroError::Criteria(error)) => return Err(error.to_string()),
        Err(error) => End::Failed(error),
    })
}

/// Runs `dflow poll`.
pub(crate) fn run(args: PollArgs) -> ExitCode {
    apply_no_color();
    args.verbosity.init();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dflow: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let display = Display::new(args.json);
    let attempts = Arc::new(AtomicU32::new(0));
    let end = runtime.block_on(poll(&args, &display, attempts.clone()));
    let attempts = attempts.load(Ordering::Relaxed);
    display.finish();
    runtime.shutdown_background();
    let fields = |pairs: Vec<(&str, Value)>| -> Map<String, Value> {
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    };
    match end {
        Err(usage) => {
            eprintln!("dflow: {usage}");
            ExitCode::from(2)
        }
        Ok(End::Interrupted(signal)) => {
            if display.is_json() {
                write_event(json!({
                    "event": "failed", "reason": "cancelled", "error": "interrupted", "signal": signal.name(),
                }));
            }
            eprintln!("dflow: interrupted ({signal})");
            ExitCode::from(signal.exit_code())
        }
        Ok(End::Done(answer, replayed)) => {
            if display.is_json() {
                let mut done = fields(vec![("event", "done".into()), ("attempts", attempts.into())]);
                if replayed {
                    done.insert("replayed".to_owned(), true.into());
                }
                write_event(final_event(done, Some(&answer)));
            } else {
                print_body(&answer);
            }
            ExitCode::SUCCESS
        }
        Ok(End::Failed(error)) => {
            let reason = match &error {
                LroError::Replayed { outcome, .. } => outcome.clone(),
                other => other.kind().to_owned(),
            };
            if display.is_json() {
                let mut failed = fields(vec![
                    ("event", "failed".into()),
                    ("reason", reason.into()),
                    ("error", error.to_string().into()),
                    ("attempts", attempts.into()),
                ]);
                if matches!(error, LroError::Replayed { .. }) {
                    failed.insert("replayed".to_owned(), true.into());
                }
                write_event(final_event(failed, error.answer()));
            } else if let Some(answer) = error.answer() {
                print_body(answer);
            }
            eprintln!("dflow: {error}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations_expressions_and_params() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration(" 2m ").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("soon").unwrap_err().contains("500ms, 10s or 2m"));
        assert!(parse_positive_duration("0s").unwrap_err().contains("above zero"));
        assert!(parse_expr("$statusCode == 200").is_ok());
        assert!(parse_expr("$statusCode = 200").unwrap_err().contains("at offset 12"));
        assert_eq!(parse_param("id=a=b").unwrap(), ("id".to_owned(), "a=b".to_owned()));
        assert!(parse_param("=x").is_err() && parse_param("x").is_err());
        assert_eq!(parse_factor("1.5").unwrap(), 1.5);
        assert!(parse_factor("0.5").is_err() && parse_factor("NaN").is_err());
        assert!(parse_preset("nope").unwrap_err().contains("odata, speakeasy, trigger-dev"));
    }
}
