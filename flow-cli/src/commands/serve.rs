//! `dflow serve-example [--addr 127.0.0.1:8080] [--legacy]`: the example
//! backend on its own, so any Dynamic Flow client can be pointed at it.
//!
//! SIGINT (Ctrl-C) or SIGTERM shuts it down gracefully: it stops
//! accepting connections, closes idle ones and lets requests in flight
//! finish, for at most [`GRACE`] (a second signal stops at once).
//!
//! Exit status: 130 after SIGINT, 143 after SIGTERM; 1 when it cannot
//! listen on `--addr` or the server fails; 2 on bad usage.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use crate::backend::steps::PollSettings;
use crate::backend::{self, BackendConfig, ExampleBackend, Generation};
use crate::commands::run::runtime;
use crate::logging::{apply_no_color, Verbosity};
use crate::signals::{unless_signalled, Signals};

/// How long requests in flight may take to finish after the first signal.
pub(crate) const GRACE: Duration = Duration::from_secs(5);

/// How the example backend behaves (shared by `serve-example` and `demo`).
#[derive(Debug, Clone, Args)]
pub(crate) struct BackendArgs {
    /// Speak the 1.x protocol: `interval`, `onError.action`, buttons with
    /// `action`, and no X-DF-Response-Type header.
    #[arg(long)]
    pub(crate) legacy: bool,
    /// How long each payment task takes, from trigger to completion (e.g. 2s, 500ms).
    #[arg(long, value_name = "DURATION", default_value = "2s", env = "DFLOW_EXAMPLE_TASK_TIME",
          value_parser = humantime::parse_duration)]
    pub(crate) task_time: Duration,
    /// How long a finished task's log (its status) is kept before it is gone.
    #[arg(long, value_name = "DURATION", default_value = "10m", env = "DFLOW_EXAMPLE_RETENTION",
          value_parser = humantime::parse_duration)]
    pub(crate) retention: Duration,
    /// Seconds between the processing step's polls (`delay`, or `interval` with --legacy).
    #[arg(long, value_name = "SECONDS", default_value_t = 1, env = "DFLOW_EXAMPLE_POLL_DELAY",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) poll_delay: u16,
    /// The processing step's `maxAttempts`.
    #[arg(long, value_name = "N", default_value_t = 30, env = "DFLOW_EXAMPLE_POLL_ATTEMPTS",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) poll_attempts: u16,
}

impl BackendArgs {
    /// The backend configuration these flags describe.
    pub(crate) fn config(&self) -> BackendConfig {
        let mut config = BackendConfig::default().with_task_time(self.task_time, self.retention);
        config.generation = if self.legacy { Generation::Legacy } else { Generation::Current };
        config.polling = PollSettings {
            delay_secs: i64::from(self.poll_delay),
            timeout_secs: 5,
            max_attempts: i64::from(self.poll_attempts),
        };
        config
    }

    /// "current" or "1.x (legacy)".
    pub(crate) fn generation_name(&self) -> &'static str {
        if self.legacy {
            "1.x (legacy)"
        } else {
            "current"
        }
    }
}

/// `dflow serve-example`'s arguments.
#[derive(Debug, Clone, Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(crate) addr: SocketAddr,
    #[command(flatten)]
    pub(crate) backend: BackendArgs,
    #[command(flatten)]
    pub(crate) verbosity: Verbosity,
}

/// Runs `dflow serve-example` until SIGINT or SIGTERM.
pub(crate) fn run(args: ServeArgs) -> ExitCode {
    apply_no_color();
    args.verbosity.init();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dflow: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(async {
        let mut signals = Signals::listen();
        let (listener, addr) = match backend::bind(args.addr).await {
            Ok(bound) => bound,
            Err(e) => {
                eprintln!("dflow: cannot listen on {}: {e}", args.addr);
                return ExitCode::from(1);
            }
        };
        let app = ExampleBackend::new(args.backend.config());
        println!("dflow example backend ({} protocol) on http://{addr}", args.backend.generation_name());
        println!("Start a flow:  dflow run {}", backend::start_url(addr));
        println!("Press Ctrl-C to stop.");
        let (stop, stopping) = tokio::sync::oneshot::channel::<()>();
        let mut server = Box::pin(backend::serve(&app, listener, async {
            let _ = stopping.await;
        }));
        let signal = match unless_signalled(Some(&mut signals), &mut server).await {
            Ok(served) => return served_to_code(served),
            Err(signal) => signal,
        };
        eprintln!("dflow: {signal} received; stopping the example backend");
        let _ = stop.send(());
        let finished = tokio::time::timeout(GRACE, unless_signalled(Some(&mut signals), &mut server)).await;
        match finished {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => eprintln!("dflow: the server failed while stopping: {e}"),
            Ok(Err(again)) => eprintln!("dflow: {again} received again; stopping now"),
            Err(_) => eprintln!("dflow: requests still in flight after {GRACE:?}; stopping now"),
        }
        ExitCode::from(signal.exit_code())
    });
    // Connections still open after the grace period are dropped with the runtime.
    runtime.shutdown_background();
    code
}

/// The exit status once the server stopped on its own (it only does on an error).
fn served_to_code(served: std::io::Result<()>) -> ExitCode {
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dflow: the server failed: {e}");
            ExitCode::from(1)
        }
    }
}
