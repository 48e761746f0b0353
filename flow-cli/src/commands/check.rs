//! `dflow check <URL> [--method M] [--data JSON] [--header ...]`: report
//! every protocol violation a backend commits while `--auto` drives it;
//! exit 0 when clean, 1 with violations (or when the check could not run).

use std::process::ExitCode;

use clap::Args;
use flow_runtime::RuntimeConfig;
use serde_json::Value;

use crate::check::check;
use crate::commands::run::{
    initial_request, parse_header, parse_json, parse_method, parse_url, runtime, Header,
};
use crate::driver::Stop;

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
}

pub(crate) fn run(args: CheckArgs) -> ExitCode {
    let mut builder = RuntimeConfig::builder();
    for header in &args.headers {
        builder = builder.default_header(&header.name, &header.value);
    }
    let config = match builder.build() {
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
    let report = match runtime.block_on(check(request, config)) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("dflow check: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    for finding in &report.findings {
        println!(
            "VIOLATION {}\n  request: {} -> HTTP {}",
            finding.violation.message, finding.request, finding.status
        );
    }
    let ended = match &report.stop {
        Stop::Exited(_) => "the flow exited".to_owned(),
        Stop::Failed(why) => format!("the flow failed: {why}"),
        Stop::Cancelled => "the flow was cancelled".to_owned(),
        Stop::Waiting => "--auto stopped at a step it could not answer".to_owned(),
    };
    println!("{} violation(s) in {} response(s); {ended}", report.findings.len(), report.exchanges);
    if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
