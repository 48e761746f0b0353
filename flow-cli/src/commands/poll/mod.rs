//! `dflow poll <URL> [--until EXPR]... [--fail-if EXPR]... [--interval D]
//! [--backoff] [--max-attempts N] [--timeout D] [--header 'Name: value']...
//! [--json] [--redact-query NAME]... [--redact-header NAME]...`: the general
//! long-running-operation poller
//! ([`flow_poll::lro`]) from a shell.
//!
//! * **Judging.** `EXPR` are Arazzo condition strings
//!   (`$statusCode == 200`, `$response.body#/status == 'done'`,
//!   `$response.header.content-type startsWith 'application/json'`). Each
//!   `--fail-if` is a failure rule (checked first), each `--until` a success
//!   rule: any one that holds ends the poll (use `&&` inside one EXPR for
//!   "all of"). Without `--until`, a 2xx status is success.
//! * **Pacing.** The first request goes out at once, then every `--interval`
//!   (default 1s; `--backoff` doubles it each time up to 60 s or the
//!   interval, whichever is larger), ±20 % jitter, `Retry-After` honoured;
//!   at most `--max-attempts` requests (default 60) within `--timeout`
//!   (default 5m, request time included). Durations read like `500ms`,
//!   `10s`, `2m`.
//! * **Output.** stdout carries only the final answer's body (followed by a
//!   newline when it has none): on success, and on a matched `--fail-if`
//!   (exit 1), so scripts can read why. On a terminal, stderr shows a
//!   spinner, or a bar once the body reports `/percentComplete`;
//!   `--json` prints instead one JSON object per line on stderr: an
//!   `attempt` event per request (`attempt`, `max_attempts`,
//!   `http_status`, `status` from `/status`, `percent`, `error`,
//!   `elapsed` and `next_delay` in ms), then `done` (`attempts`,
//!   `http_status`) or `failed` (`reason`, `error`, `attempts`).
//! * **Secrets.** `--redact-query` / `--redact-header` name more query
//!   parameters and headers whose values are printed as `[redacted]`
//!   ([`crate::commands::redact`]).
//! * **Signals.** SIGINT (Ctrl-C) or SIGTERM stops polling (a request in
//!   flight is abandoned, none is sent after) and clears the spinner;
//!   `--json` ends with `{"event": "failed", "reason": "cancelled", "error":
//!   "interrupted", "signal": "SIGINT"}`.
//! * **Exit status.** 0 success; 1 failure matched, attempts or time used
//!   up, or the server unreachable; 2 usage error (flags, URL, header or
//!   EXPR — reported with the offset of the bad part); 130 after SIGINT,
//!   143 after SIGTERM.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use url::Url;

use flow_poll::criteria::parse_condition;
use flow_poll::lro::{Answer, LroBuilder, LroError, ProgressMode};
use flow_poll::Progress;
use flow_poll::{HttpClient, ReqwestTransport};

use super::redact::RedactArgs;
use super::run::{parse_header, parse_url, runtime, Header};
use crate::logging::{apply_no_color, Verbosity};
use crate::signals::{unless_signalled, Signal, Signals};

/// The success rule when no `--until` is given.
const DEFAULT_UNTIL: &str = "$statusCode >= 200 && $statusCode < 300";

/// `dflow poll`'s arguments.
#[derive(Debug, Clone, Args)]
pub(crate) struct PollArgs {
    /// The URL to poll with GET.
    #[arg(value_parser = parse_url)]
    pub(crate) url: Url,
    /// Success condition (Arazzo), e.g. "$response.body#/status == 'done'"; repeatable, any one
    /// ends the poll. Default: a 2xx status.
    #[arg(long = "until", value_name = "EXPR", value_parser = parse_expr)]
    pub(crate) until: Vec<String>,
    /// Failure condition (Arazzo), checked before --until; repeatable.
    #[arg(long = "fail-if", value_name = "EXPR", value_parser = parse_expr)]
    pub(crate) fail_if: Vec<String>,
    /// Wait between requests (500ms, 10s, 1m).
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    pub(crate) interval: Duration,
    /// Double the wait after each request (from --interval, up to 60 s or --interval).
    #[arg(long)]
    pub(crate) backoff: bool,
    /// At most this many requests.
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_attempts: u32,
    /// Give up after this long (request time included).
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub(crate) timeout: Duration,
    /// A header sent with every request, as 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = parse_header)]
    pub(crate) headers: Vec<Header>,
    #[command(flatten)]
    pub(crate) redact: RedactArgs,
    /// Progress as JSON lines on stderr (stdout keeps only the final body).
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

/// How progress is shown.
enum Display {
    Quiet,
    Json,
    Bar(ProgressBar),
}

impl Display {
    fn new(json: bool) -> Self {
        if json {
            Display::Json
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(100));
            bar.set_message("polling…");
            Display::Bar(bar)
        } else {
            Display::Quiet
        }
    }

    /// The progress callback: counts attempts into `attempts`, then shows
    /// the report as this display does.
    fn callback(&self, attempts: Arc<AtomicU32>) -> impl FnMut(&Progress) + Send + 'static {
        let bar = match self {
            Display::Bar(bar) => Some(bar.clone()),
            _ => None,
        };
        let json = matches!(self, Display::Json);
        move |p: &Progress| {
            attempts.store(p.attempt, Ordering::Relaxed);
            if json {
                let mut line = serde_json::to_value(p).unwrap_or_else(|_| json!({}));
                if let Value::Object(map) = &mut line {
                    map.insert("event".to_owned(), Value::from("attempt"));
                }
                write_line(&line);
            } else if let Some(bar) = &bar {
                show(bar, p);
            }
        }
    }

    fn finish(&self) {
        if let Display::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner:.cyan} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{bar:30.cyan/blue} {pos:>3}% {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// Updates the terminal display with one report.
fn show(bar: &ProgressBar, p: &Progress) {
    let mut parts = Vec::new();
    match p.max_attempts {
        Some(max) => parts.push(format!("attempt {}/{max}", p.attempt)),
        None => parts.push(format!("attempt {}", p.attempt)),
    }
    if let Some(status) = p.http_status {
        parts.push(format!("HTTP {status}"));
    }
    if let Some(status) = &p.status {
        parts.push(status.clone());
    }
    if let Some(error) = &p.error {
        parts.push(error.clone());
    }
    if let Some(next) = p.next_delay {
        parts.push(format!("next in {}", humantime::format_duration(round_ms(next))));
    }
    if let Some(percent) = p.percent {
        if bar.length().is_none() {
            bar.set_length(100);
            bar.set_style(bar_style());
        }
        // Percent is clamped to 0–100 by the runtime.
        bar.set_position(percent.round() as u64);
    }
    bar.set_message(parts.join(" · "));
}

fn round_ms(d: Duration) -> Duration {
    Duration::from_millis(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn write_line(value: &Value) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{value}");
}

/// Writes the final body on stdout (with a newline when it has none).
fn print_body(answer: &Answer) {
    let body = answer.body();
    if body.is_empty() {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(body);
    if !body.ends_with(b"\n") {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// What the poll came to.
enum End {
    Done(Answer),
    Failed(LroError),
    Interrupted(Signal),
}

/// Builds the poller (`Err`: a usage error).
fn poller(
    args: &PollArgs,
    display: &Display,
    attempts: Arc<AtomicU32>,
) -> Result<flow_poll::lro::LroPoller, String> {
    let config = args.redact.config(&args.headers).map_err(|e| e.to_string())?;
    let transport = ReqwestTransport::new(&config).map_err(|e| e.message)?;
    let client = HttpClient::new(Arc::new(transport), Arc::new(config), args.url.clone());
    let mut builder = LroBuilder::new(client)
        .poll_url(args.url.as_str())
        .initial_delay(Duration::ZERO)
        .max_attempts(args.max_attempts)
        .timeout(args.timeout)
        .progress_mode(ProgressMode::EveryAttempt);
    builder = if args.backoff {
        if args.interval.is_zero() {
            return Err("--backoff needs an --interval above zero".to_owned());
        }
        builder.backoff(args.interval, 2.0, args.interval.max(Duration::from_secs(60)))
    } else {
        builder.interval(args.interval)
    };
    for expr in &args.fail_if {
        builder = builder.failure_when(expr);
    }
    if args.until.is_empty() {
        builder = builder.success_when(DEFAULT_UNTIL);
    }
    for expr in &args.until {
        builder = builder.success_when(expr);
    }
    builder.on_progress(display.callback(attempts)).build().map_err(|e| e.to_string())
}

async fn poll(args: &PollArgs, display: &Display, attempts: Arc<AtomicU32>) -> Result<End, String> {
    // Before the first request: a signal from now on stops the poll.
    let mut signals = Signals::listen();
    let poller = poller(args, display, attempts)?;
    let control = poller.control();
    let result = match unless_signalled(Some(&mut signals), poller.until_answer()).await {
        Ok(result) => result,
        Err(signal) => {
            control.cancel();
            return Ok(End::Interrupted(signal));
        }
    };
    Ok(match result {
        Ok(answer) => End::Done(answer),
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
    match end {
        Err(usage) => {
            eprintln!("dflow: {usage}");
            ExitCode::from(2)
        }
        Ok(End::Interrupted(signal)) => {
            if args.json {
                write_line(&json!({
                    "event": "failed", "reason": "cancelled", "error": "interrupted", "signal": signal.name(),
                }));
            } else {
                eprintln!("dflow: interrupted ({signal})");
            }
            ExitCode::from(signal.exit_code())
        }
        Ok(End::Done(answer)) => {
            if args.json {
                write_line(&json!({"event": "done", "attempts": attempts, "http_status": answer.status()}));
            }
            print_body(&answer);
            ExitCode::SUCCESS
        }
        Ok(End::Failed(error)) => {
            if args.json {
                write_line(&json!({
                    "event": "failed",
                    "reason": error.kind(),
                    "error": error.to_string(),
                    "attempts": attempts,
                }));
            } else {
                eprintln!("dflow: {error}");
            }
            if let LroError::FailureMatched { answer, .. } = &error {
                print_body(answer);
            }
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations_and_expressions() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration(" 2m ").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("soon").unwrap_err().contains("500ms, 10s or 2m"));
        assert!(parse_expr("$statusCode == 200").is_ok());
        assert!(parse_expr(DEFAULT_UNTIL).is_ok());
        assert!(parse_expr("$statusCode = 200").unwrap_err().contains("at offset 12"));
    }

    #[test]
    fn the_terminal_display_switches_to_a_bar_when_percent_is_known() {
        let bar = ProgressBar::hidden();
        let mut p = Progress::default();
        p.attempt = 2;
        p.max_attempts = Some(5);
        p.http_status = Some(200);
        p.status = Some("Running".to_owned());
        p.next_delay = Some(Duration::from_millis(1500));
        show(&bar, &p);
        assert_eq!(bar.length(), None);
        assert_eq!(bar.message(), "attempt 2/5 · HTTP 200 · Running · next in 1s 500ms");
        p.percent = Some(40.0);
        show(&bar, &p);
        assert_eq!((bar.length(), bar.position()), (Some(100), 40));
    }
}
