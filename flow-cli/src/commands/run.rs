//! `dflow run <URL> [--method M] [--data JSON] [--header 'Name: value']...
//! [--json] [--non-interactive | --auto] [--open] [--redact-query NAME]...
//! [--redact-header NAME]...`: starts a flow with its
//! initial request and drives it through the host API over HTTP
//! ([`ReqwestTransport`]); the initial URL is the flow's base URL.
//!
//! * **Who answers.** `--auto` answers every step by itself,
//!   `--non-interactive` stops at the first step that needs a person
//!   (`waiting`, exit 3); otherwise a person answers when standard input and
//!   the UI stream (stdout, or stderr under `--json`) are terminals, and
//!   dflow behaves as `--non-interactive` when they are not.
//! * **Output.** Text for people by default; `--json` prints only JSON
//!   lines on stdout ([`crate::output`]), prompts (if any) going to stderr.
//! * **Secrets.** `--redact-query` / `--redact-header` name more query
//!   parameters and headers whose values are printed as `[redacted]`
//!   ([`crate::commands::redact`]).
//! * **Signals.** SIGINT (Ctrl-C) or SIGTERM cancels the flow through the
//!   runtime (a request in flight is aborted, polling stops, nothing is sent
//!   after), clears the spinner and, under `--json`, prints
//!   `{"event":"cancelled","signal":"SIGINT"}` as the last line
//!   ([`crate::driver`], [`crate::signals`]).
//! * **Prompts.** Every field is checked as it is entered; `q` quits at any
//!   prompt, and input ending (Ctrl-D) leaves the flow with a message.
//! * **Exit status.** 0 the flow exited (under `--json` the last line is the
//!   `exit` event); 3 dflow stopped at a step that waits for a person; 4 the
//!   person quit (`q` or Ctrl-D: the flow was cancelled, nothing is logged);
//!   1 the flow failed, was cancelled or could not start (message on stderr); 2 a
//!   usage error (bad flags, URL, JSON or header: reported by clap); 130
//!   SIGINT, 143 SIGTERM (the flow was cancelled).

use std::io::{BufReader, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde_json::Value;
use url::Url;

use flow_model::Action;
use flow_runtime::host::FlowBuilder;
use flow_runtime::ReqwestTransport;

use crate::commands::redact::RedactArgs;
use crate::driver::interactive::{Interactive, Terminal};
use crate::driver::{auto::Auto, Chooser, Driver, Stop};
use crate::logging::{apply_no_color, Verbosity};
use crate::report::{Reporter, TextUi};
use crate::signals::Signals;
use crate::spinner::Target;

/// How `run` and `demo` present the flow and who answers it.
#[derive(Debug, Clone, Args)]
pub(crate) struct ShellArgs {
    /// Print one JSON object per event on stdout (and nothing else there).
    #[arg(long)]
    pub(crate) json: bool,
    /// Stop (exit 3) at the first step that needs a person, printing `waiting`.
    #[arg(long, conflicts_with = "auto")]
    pub(crate) non_interactive: bool,
    /// Answer every step by itself: its model (or schema defaults) with its
    /// first non-exiting action, else its first action.
    #[arg(long)]
    pub(crate) auto: bool,
    /// Open `external` and `link` URLs with the system opener (xdg-open / open).
    #[arg(long)]
    pub(crate) open: bool,
    #[command(flatten)]
    pub(crate) verbosity: Verbosity,
}

/// Who answers the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A person at the terminal.
    Interactive,
    /// `--auto`.
    Auto,
    /// `--non-interactive`.
    NonInteractive,
}

impl ShellArgs {
    /// Colours and logging, before anything is printed.
    pub(crate) fn prepare(&self) {
        apply_no_color();
        self.verbosity.init();
    }

    fn ui_is_terminal(&self) -> bool {
        if self.json {
            std::io::stderr().is_terminal()
        } else {
            std::io::stdout().is_terminal()
        }
    }

    /// The mode the flags ask for; without a flag, interactive on a
    /// terminal, else `otherwise`.
    pub(crate) fn mode(&self, otherwise: Mode) -> Mode {
        if self.auto {
            Mode::Auto
        } else if self.non_interactive {
            Mode::NonInteractive
        } else if std::io::stdin().is_terminal() && self.ui_is_terminal() {
            Mode::Interactive
        } else {
            otherwise
        }
    }

    /// The reporter for this mode, on the process's standard streams.
    pub(crate) fn reporter(&self, mode: Mode) -> Reporter {
        let log = Box::new(std::io::stderr());
        if self.json {
            let ui = (mode == Mode::Interactive).then(|| {
                // The UI is on stderr: style it as stderr allows.
                console::set_colors_enabled(console::colors_enabled_stderr());
                TextUi::new(Box::new(std::io::stderr()), Target::Stderr)
            });
            Reporter::new(Some(Box::new(std::io::stdout())), ui, log, self.open)
        } else {
            let target = if std::io::stdout().is_terminal() { Target::Stdout } else { Target::Lines };
            Reporter::new(None, Some(TextUi::new(Box::new(std::io::stdout()), target)), log, self.open)
        }
    }

    /// The chooser for this mode.
    pub(crate) fn chooser(&self, mode: Mode) -> Chooser {
        match mode {
            Mode::Auto => Chooser::Auto(Auto),
            Mode::NonInteractive if self.non_interactive => Chooser::Stop("--non-interactive".to_owned()),
            Mode::NonInteractive => {
                Chooser::Stop("no terminal to ask on; --auto answers by itself".to_owned())
            }
            Mode::Interactive => {
                let output: Box<dyn std::io::Write + Send> =
                    if self.json { Box::new(std::io::stderr()) } else { Box::new(std::io::stdout()) };
                let input = Box::new(BufReader::new(std::io::stdin()));
                let hide_secrets = std::io::stdin().is_terminal();
                Chooser::Interactive(Box::new(Interactive::new(Terminal { input, output, hide_secrets })))
            }
        }
    }
}

/// A request header given as `Name: value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) name: String,
    pub(crate) value: String,
}

/// Parses `--header 'Name: value'` (a usage error when the name or value is
/// not valid HTTP).
pub(crate) fn parse_header(text: &str) -> Result<Header, String> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(format!("expected 'Name: value', got {text:?}"));
    };
    let (name, value) = (name.trim(), value.trim());
    http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("invalid header name {name:?}"))?;
    http::HeaderValue::from_str(value).map_err(|_| format!("invalid value for header {name:?}"))?;
    Ok(Header { name: name.to_owned(), value: value.to_owned() })
}

/// Parses the initial URL: absolute http(s).
pub(crate) fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{text:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{text:?} is not an http(s) URL"));
    }
    Ok(url)
}

/// Parses `--data` as JSON.
pub(crate) fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
}

/// Parses `--method` (an HTTP method token, upper-cased).
pub(crate) fn parse_method(text: &str) -> Result<String, String> {
    let method = text.trim().to_ascii_uppercase();
    http::Method::from_bytes(method.as_bytes()).map_err(|_| format!("invalid HTTP method {text:?}"))?;
    Ok(method)
}

/// `dflow run`'s arguments.
#[derive(Debug, Clone, Args)]
pub(crate) struct RunArgs {
    /// The URL of the flow's initial request (also the base for relative URLs).
    #[arg(value_parser = parse_url)]
    pub(crate) url: Url,
    /// The initial request's method.
    #[arg(short = 'X', long, default_value = "POST", value_parser = parse_method)]
    pub(crate) method: String,
    /// The initial request's JSON body.
    #[arg(short, long, value_name = "JSON", value_parser = parse_json)]
    pub(crate) data: Option<Value>,
    /// A header sent on every request to the flow's origin, as 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = parse_header)]
    pub(crate) headers: Vec<Header>,
    #[command(flatten)]
    pub(crate) redact: RedactArgs,
    #[command(flatten)]
    pub(crate) shell: ShellArgs,
}

/// The runtime the commands run on: two workers (the flow's task and the
/// driver never wait on each other's thread).
pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()
}

/// Starts a flow with `request` over HTTP (with `headers`, redacting as
/// `redact` says) and drives it to its end, or until one of `signals`
/// cancels it.
pub(crate) async fn drive(
    request: Action,
    headers: &[Header],
    redact: &RedactArgs,
    shell: &ShellArgs,
    mode: Mode,
    signals: &mut Signals,
) -> Stop {
    let mut reporter = shell.reporter(mode);
    let started = redact.config(headers).map_err(|e| e.to_string()).and_then(|config| {
        let transport = ReqwestTransport::new(&config).map_err(|e| e.message)?;
        FlowBuilder::from_request(request)
            .config(config)
            .transport(Arc::new(transport))
            .start()
            .map_err(|e| e.to_string())
    });
    let (handle, events) = match started {
        Ok(started) => started,
        Err(message) => {
            let message = format!("could not start: {message}");
            reporter.failed(&message, false);
            return Stop::Failed(message);
        }
    };
    let mut chooser = shell.chooser(mode);
    let stop = Driver::new(handle, events, &mut reporter).with_signals(signals).run(&mut chooser).await;
    match &stop {
        Stop::Failed(message) => reporter.failed(message, true),
        Stop::Cancelled => eprintln!("dflow: the flow was cancelled"),
        Stop::Interrupted(signal) => eprintln!("dflow: {signal} received; the flow was cancelled"),
        _ => {}
    }
    stop
}

/// The initial request for `url`, `method` and `data`.
pub(crate) fn initial_request(url: &Url, method: &str, data: Option<Value>) -> Action {
    let mut action = Action::default();
    action.url = Some(url.to_string());
    action.method = Some(method.to_owned());
    action.data = data;
    action
}

/// Runs `dflow run`.
pub(crate) fn run(args: RunArgs) -> ExitCode {
    args.shell.prepare();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dflow: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let mode = args.shell.mode(Mode::NonInteractive);
    tracing::debug!(?mode, url = %args.redact.show(&args.url), "run");
    let request = initial_request(&args.url, &args.method, args.data.clone());
    let stop = runtime.block_on(async {
        // Before the first request: a signal from now on cancels the flow.
        let mut signals = Signals::listen();
        drive(request, &args.headers, &args.redact, &args.shell, mode, &mut signals).await
    });
    // Nothing is left to wait for (idle keep-alive connections at most).
    runtime.shutdown_background();
    ExitCode::from(stop.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_arguments_people_type() {
        assert_eq!(
            parse_header("Authorization:  Bearer abc ").unwrap(),
            Header { name: "Authorization".into(), value: "Bearer abc".into() }
        );
        assert!(parse_header("no colon").unwrap_err().contains("Name: value"));
        assert!(parse_header("Bad Name: x").unwrap_err().contains("invalid header name"));
        assert!(parse_header("X-A: line\nbreak").unwrap_err().contains("invalid value"));
        assert!(parse_url("ftp://x.test/").is_err());
        assert!(parse_url("/relative").is_err());
        assert_eq!(parse_url("http://127.0.0.1:8080/payment/start").unwrap().port(), Some(8080));
        assert_eq!(parse_json(r#"{"a": 1}"#).unwrap()["a"], 1);
        assert!(parse_json("{nope").unwrap_err().starts_with("not JSON"));
        assert_eq!(parse_method("get").unwrap(), "GET");
        assert!(parse_method("GE T").is_err());
        let action = initial_request(&parse_url("https://x.test/start").unwrap(), "PUT", None);
        assert_eq!(action.url.as_deref(), Some("https://x.test/start"));
        assert_eq!(action.method(), "PUT");
    }

    #[test]
    fn flags_choose_the_mode() {
        let shell = |auto, non_interactive| ShellArgs {
            json: true,
            non_interactive,
            auto,
            open: false,
            verbosity: Verbosity::default(),
        };
        assert_eq!(shell(true, false).mode(Mode::NonInteractive), Mode::Auto);
        assert_eq!(shell(false, true).mode(Mode::Auto), Mode::NonInteractive);
    }
}
