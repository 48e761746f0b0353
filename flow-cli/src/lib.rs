//! # flow-cli
//!
//! The `dflow` binary's library: a terminal shell for Dynamic Flow, the
//! example backend, and the tools backend authors use (validate, poll,
//! conformance, check). `src/main.rs` only calls [`run`].

mod backend;
mod check;
mod commands;
pub mod conformance;
mod driver;
mod logging;
mod opener;
mod output;
mod prompt;
mod render;
mod report;
mod signals;
mod spinner;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The example backend (`dflow serve-example`, current protocol), served on
/// `addr` in the calling Tokio runtime until the returned task is aborted;
/// its tasks take `task_time`. Returns the flow's start URL
/// (`http://ADDR/payment/start`) and the server task. For tests and
/// examples that need a real Dynamic Flow server in-process.
pub async fn serve_example(
    addr: std::net::SocketAddr,
    task_time: std::time::Duration,
) -> std::io::Result<(String, tokio::task::JoinHandle<()>)> {
    let config =
        backend::BackendConfig::default().with_task_time(task_time, std::time::Duration::from_secs(600));
    let (listener, local) = backend::bind(addr).await?;
    let router = backend::ExampleBackend::new(config).router();
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::warn!("example backend stopped: {e}");
        }
    });
    Ok((backend::start_url(local), server))
}

/// dflow: a terminal client and toolbox for Dynamic Flow.
#[derive(Debug, Parser)]
#[command(name = "dflow", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size of `poll`'s many flags does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Parse and validate step JSON files ('-' reads stdin); exit 1 on any error.
    Validate {
        /// Files to validate.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run conformance scenarios (files, or directories searched for *.json) on this runtime.
    Conformance {
        /// Scenario files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON object per scenario instead of PASS/FAIL lines.
        #[arg(long)]
        json: bool,
        /// Run only scenarios whose name contains this text.
        #[arg(long)]
        filter: Option<String>,
    },
    /// Start a flow with its initial request and drive it (exit 0 exited, 3 waiting, 4 you quit
    /// with q or Ctrl-D, 1 failed, 130 SIGINT, 143 SIGTERM).
    Run(commands::run::RunArgs),
    /// Run the demo: the example backend in-process on a free loopback port, driven by `run`.
    Demo(commands::demo::DemoArgs),
    /// Serve the example backend (a payment flow with a task manager) on its own (until SIGINT,
    /// exit 130, or SIGTERM, exit 143).
    ServeExample(commands::serve::ServeArgs),
    /// Poll a URL until a condition holds (exit 0), fails or times out (exit 1); body on stdout
    /// (130 SIGINT, 143 SIGTERM).
    Poll(commands::poll::PollArgs),
    /// Drive a backend with --auto moves and report every protocol violation (exit 1 if any;
    /// 130 SIGINT, 143 SIGTERM).
    Check(commands::check::CheckArgs),
}

/// Parses the command line, runs the subcommand and returns its exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::ServeExample(args) => commands::serve::run(args),
        Command::Poll(args) => commands::poll::run(args),
        Command::Conformance { paths, json, filter } => {
            commands::conformance::run(&paths, json, filter.as_deref())
        }
        Command::Validate { files } => match commands::validate::run(&files, &mut std::io::stdout()) {
            Ok(summary) if summary.errors == 0 => ExitCode::SUCCESS,
            Ok(_) => ExitCode::from(1),
            Err(e) => {
                eprintln!("dflow: {e}");
                ExitCode::from(1)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_definition_is_consistent() {
        // Unique argument ids across flattened groups, valid defaults, …
        Cli::command().debug_assert();
    }
}
