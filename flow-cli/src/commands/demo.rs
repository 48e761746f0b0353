//! `dflow demo [--auto] [--json] [--legacy]`: starts the example backend
//! in-process on a free loopback port and runs `dflow run` against it. On a
//! terminal a person answers; without one (CI, pipes) it answers itself, as
//! `--auto` does, so `cargo run -p flow-cli -- demo` always ends with the
//! flow's result.
//!
//! SIGINT (Ctrl-C) or SIGTERM cancels the flow as under `dflow run`
//! (the `cancelled` line last under `--json`) and stops the backend. Exit
//! status: as `dflow run`'s (0 exited, 3 waiting, 1 failed, 2 usage), 130
//! after SIGINT, 143 after SIGTERM.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Args;
use url::Url;

use crate::backend::{self, ExampleBackend};
use crate::commands::redact::RedactArgs;
use crate::commands::run::{drive, initial_request, runtime, Mode, ShellArgs};
use crate::commands::serve::BackendArgs;
use crate::driver::Stop;
use crate::signals::Signals;

/// `dflow demo`'s arguments.
#[derive(Debug, Clone, Args)]
pub(crate) struct DemoArgs {
    #[command(flatten)]
    pub(crate) backend: BackendArgs,
    #[command(flatten)]
    pub(crate) shell: ShellArgs,
}

/// Runs `dflow demo`.
pub(crate) fn run(args: DemoArgs) -> ExitCode {
    args.shell.prepare();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dflow: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let mode = args.shell.mode(Mode::Auto);
    let stop = runtime.block_on(async {
        let mut signals = Signals::listen();
        let (listener, addr) = match backend::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await {
            Ok(bound) => bound,
            Err(e) => {
                eprintln!("dflow: cannot listen on a loopback port: {e}");
                return Stop::Failed(e.to_string());
            }
        };
        let app = ExampleBackend::new(args.backend.config());
        let server = tokio::spawn(async move {
            if let Err(e) = backend::serve(&app, listener, std::future::pending()).await {
                eprintln!("dflow: the example backend failed: {e}");
            }
        });
        let start = backend::start_url(addr);
        let banner = format!(
            "dflow demo: the example backend ({} protocol) runs at http://{addr}; starting {start}",
            args.backend.generation_name()
        );
        if args.shell.json {
            eprintln!("{banner}");
        } else {
            println!("{}", console::style(banner).dim());
        }
        let stop = match Url::parse(&start) {
            Ok(url) => {
                let request = initial_request(&url, "POST", None);
                drive(request, &[], &RedactArgs::default(), &args.shell, mode, &mut signals).await
            }
            Err(e) => Stop::Failed(format!("bad start URL {start}: {e}")),
        };
        server.abort();
        stop
    });
    runtime.shutdown_background();
    ExitCode::from(stop.exit_code())
}
