//! `dflow check <URL> [-X M] [-d JSON] [-H ...] [--json] [-v]
//! [--redact-query NAME]... [--redact-header NAME]...`: report
//! every protocol violation a backend commits while `--auto` drives it, and
//! what went wrong at run time, each finding with its rule, severity and
//! the request that produced it.
//!
//! Output: one block per finding for people; with `--json`, one JSON object
//! per finding (`{"finding": rule, "severity", "message", "request":
//! {"method", "url"}, "status", "pointer"}`, URL redacted) and a final
//! summary object (`{"summary": {...}}`). `--redact-query` /
//! `--redact-header` name more secrets to print as `[redacted]`
//! ([`crate::commands::redact`]).
//!
//! SIGINT (Ctrl-C) or SIGTERM cancels the flow (nothing is sent after) and
//! prints what was found until then and the summary (`"flow":
//! "cancelled"`, `"reason": "interrupted by SIGINT"`).
//!
//! Exit status: 0 when no finding is an error, 1 otherwise (or when the
//! check could not run), 2 on bad usage, 130 after SIGINT and 143 after
//! SIGTERM (whatever was found).

use std::process::ExitCode;

use clap::Args;
use serde_json::Value;

use crate::check::recorder::Finding;
use crate::check::rules::Severity;
use crate::check::{check, CheckReport};
use crate::commands::redact::RedactArgs;
use crate::commands::run::{
    initial_request, parse_header, parse_json, parse_method, parse_url, runtime, Header,
};
use crate::driver::Stop;
use crate::logging::Verbosity;
use crate::signals::Signals;

/// Arguments of `dflow check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The flow's initial request URL.
    #[arg(value_parser = parse_url)]
    url: url::Url,
    /// The initial request's method.
    #[arg(long, short = 'X', default_value = "POST", value_parser = parse_method)]
    method: String,
    /// The initial request's data (JSON).
    #[arg(long, short = 'd', value_parser = parse_json)]
    data: Option<Value>,
    /// A header for the flow's requests ('Name: value'), repeatable.
    #[arg(long = "header", short = 'H', value_parser = parse_header)]
    headers: Vec<Header>,
    #[command(flatten)]
    redact: RedactArgs,
    /// One JSON object per finding, then a summary object, on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    verbosity: Verbosity,
}

pub(crate) fn run(args: CheckArgs) -> ExitCode {
    args.verbosity.init();
    let config = match args.redact.config(&args.headers) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dflow check: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dflow check: {e}");
            return ExitCode::from(1);
        }
    };
    let request = initial_request(&args.url, &args.method, args.data);
    let checked = runtime.block_on(async {
        // Before the first request: a signal from now on cancels the flow.
        let mut signals = Signals::listen();
        check(request, config, Some(&mut signals)).await
    });
    // Nothing is left to wait for (idle keep-alive connections at most).
    runtime.shutdown_background();
    let report = match checked {
        Ok(report) => report,
        Err(e) => {
            eprintln!("dflow check: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    if args.json {
        for finding in &report.findings {
            println!("{}", finding_json(finding));
        }
        println!("{}", summary_json(&report));
    } else {
        for finding in &report.findings {
            print!("{}", finding_text(finding));
        }
        println!(
            "{} error(s), {} warning(s) in {} response(s); {}",
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.exchanges,
            ended(&report.stop)
        );
    }
    if let Stop::Interrupted(signal) = &report.stop {
        eprintln!("dflow check: {signal} received; the flow was cancelled");
        ExitCode::from(signal.exit_code())
    } else if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn ended(stop: &Stop) -> String {
    match stop {
        Stop::Exited(_) => "the flow exited".to_owned(),
        Stop::Failed(why) => format!("the flow failed: {why}"),
        Stop::Cancelled => "the flow was cancelled".to_owned(),
        Stop::Interrupted(signal) => format!("the flow was cancelled (interrupted by {signal})"),
        Stop::Waiting => "--auto stopped at a step it could not answer".to_owned(),
        Stop::Quit => "the flow was left".to_owned(),
    }
}

fn finding_text(finding: &Finding) -> String {
    let v = &finding.violation;
    let mut text = format!(
        "{} {}: {}
",
        v.severity().as_str().to_ascii_uppercase(),
        v.rule.id(),
        v.message
    );
    match (&finding.request, finding.status) {
        (Some(request), Some(status)) => text.push_str(&format!("  request: {request} -> HTTP {status}\n")),
        (Some(request), None) => text.push_str(&format!("  request: {request} (no response)\n")),
        (None, _) => {}
    }
    if let Some(pointer) = v.pointer.as_deref().filter(|p| !p.is_empty()) {
        text.push_str(&format!("  at: {pointer}\n"));
    }
    text
}

fn finding_json(finding: &Finding) -> Value {
    let v = &finding.violation;
    let request = finding.request.as_deref().map(|shown| {
        let (method, url) = shown.split_once(' ').unwrap_or(("", shown));
        serde_json::json!({"method": method, "url": url})
    });
    serde_json::json!({
        "finding": v.rule.id(),
        "severity": v.severity().as_str(),
        "message": v.message,
        "request": request,
        "status": finding.status,
        "pointer": v.pointer,
    })
}

fn summary_json(report: &CheckReport) -> Value {
    let (outcome, reason) = match &report.stop {
        Stop::Exited(_) => ("exited", None),
        Stop::Failed(why) => ("failed", Some(why.clone())),
        Stop::Cancelled | Stop::Quit => ("cancelled", None),
        Stop::Interrupted(signal) => ("cancelled", Some(format!("interrupted by {signal}"))),
        Stop::Waiting => ("waiting", None),
    };
    serde_json::json!({"summary": {
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "responses": report.exchanges,
        "flow": outcome,
        "reason": reason,
        "clean": !report.has_errors(),
    }})
}
