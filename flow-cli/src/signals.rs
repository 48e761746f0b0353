//! SIGINT and SIGTERM, for every command: [`Signals::listen`] takes them
//! over, [`Signals::recv`] resolves to the one that arrived, and
//! [`Signal::exit_code`] is the status dflow then exits with.
//!
//! | signal | exit status | what the commands do |
//! |---|---|---|
//! | SIGINT (Ctrl-C) | 130 | `run`, `demo`, `check`: cancel the flow (no request after), then report; `poll`: stop polling; `serve-example`: graceful shutdown |
//! | SIGTERM | 143 | the same |
//!
//! (128 + the signal's number, as shells report a process a signal ended.)
//!
//! The handlers are installed when [`Signals::listen`] is called, not when
//! [`Signals::recv`] is first awaited, so a signal that arrives in between
//! is kept rather than ending the process on the spot: commands call it
//! before they send their first request. Once installed, the default
//! action (ending the process) is gone for good, so a second signal while
//! dflow winds down is delivered to [`Signals::recv`] too; commands use it
//! to stop waiting.
//!
//! Call [`Signals::listen`] inside the Tokio runtime (it registers with its
//! signal driver).

use std::fmt;

/// A signal dflow handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// SIGINT (Ctrl-C): exit 130.
    Interrupt,
    /// SIGTERM: exit 143.
    Terminate,
}

impl Signal {
    /// The exit status after this signal: 128 + its number.
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Signal::Interrupt => 130,
            Signal::Terminate => 143,
        }
    }

    /// `SIGINT` or `SIGTERM`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The signals dflow listens to (see the module docs).
pub(crate) struct Signals {
    source: Source,
}

impl fmt::Debug for Signals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signals").finish_non_exhaustive()
    }
}

enum Source {
    #[cfg(unix)]
    Os { interrupt: Option<tokio::signal::unix::Signal>, terminate: Option<tokio::signal::unix::Signal> },
    #[cfg(not(unix))]
    CtrlC(std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>> + Send>>),
    /// Signals a test sends.
    #[cfg(test)]
    Scripted(tokio::sync::mpsc::UnboundedReceiver<Signal>),
}

impl Signals {
    /// Takes over SIGINT and SIGTERM now. A signal that cannot be taken over
    /// (the OS refused) keeps its default action, with a warning in the log.
    #[cfg(unix)]
    pub(crate) fn listen() -> Signals {
        use tokio::signal::unix::{signal, SignalKind};
        let take = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(stream) => Some(stream),
            Err(e) => {
                tracing::warn!("cannot handle {name}: {e}");
                None
            }
        };
        // `signal(interrupt)` rather than `tokio::signal::ctrl_c()`: that one
        // installs its handler only once it is first awaited.
        let interrupt = take(SignalKind::interrupt(), "SIGINT");
        let terminate = take(SignalKind::terminate(), "SIGTERM");
        Signals { source: Source::Os { interrupt, terminate } }
    }

    /// Takes over Ctrl-C (the only one of the two this platform has).
    #[cfg(not(unix))]
    pub(crate) fn listen() -> Signals {
        Signals { source: Source::CtrlC(Box::pin(tokio::signal::ctrl_c())) }
    }

    /// Signals sent through the returned sender instead of by the OS.
    #[cfg(test)]
    pub(crate) fn scripted() -> (tokio::sync::mpsc::UnboundedSender<Signal>, Signals) {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        (sender, Signals { source: Source::Scripted(receiver) })
    }

    /// The next signal (pending forever when none can arrive).
    pub(crate) async fn recv(&mut self) -> Signal {
        match &mut self.source {
            #[cfg(unix)]
            Source::Os { interrupt, terminate } => {
                tokio::select! {
                    Some(()) = recv(interrupt) => Signal::Interrupt,
                    Some(()) = recv(terminate) => Signal::Terminate,
                    else => std::future::pending().await,
                }
            }
            #[cfg(not(unix))]
            Source::CtrlC(ctrl_c) => match ctrl_c.as_mut().await {
                Ok(()) => {
                    *ctrl_c = Box::pin(tokio::signal::ctrl_c());
                    Signal::Interrupt
                }
                Err(e) => {
                    tracing::warn!("cannot handle Ctrl-C: {e}");
                    std::future::pending().await
                }
            },
            #[cfg(test)]
            Source::Scripted(receiver) => match receiver.recv().await {
                Some(signal) => signal,
                None => std::future::pending().await,
            },
        }
    }
}

#[cfg(unix)]
async fn recv(stream: &mut Option<tokio::signal::unix::Signal>) -> Option<()> {
    match stream {
        Some(stream) => stream.recv().await,
        None => None,
    }
}

/// Runs `work` unless a signal comes first (`Err(signal)`; `work` is dropped).
/// Without `signals`, `work` always runs to its end.
pub(crate) async fn unless_signalled<F: std::future::Future>(
    signals: Option<&mut Signals>,
    work: F,
) -> Result<F::Output, Signal> {
    match signals {
        None => Ok(work.await),
        Some(signals) => tokio::select! {
            // A signal that is already there wins over work that is ready too.
            biased;
            signal = signals.recv() => Err(signal),
            output = work => Ok(output),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_signal_number() {
        assert_eq!(Signal::Interrupt.exit_code(), 130);
        assert_eq!(Signal::Terminate.exit_code(), 143);
        assert_eq!(Signal::Terminate.to_string(), "SIGTERM");
    }

    #[tokio::test]
    async fn a_signal_interrupts_work_and_work_runs_without_one() {
        let (send, mut signals) = Signals::scripted();
        assert_eq!(unless_signalled(Some(&mut signals), async { 7 }).await, Ok(7));
        assert_eq!(unless_signalled(None, async { 8 }).await, Ok(8));
        send.send(Signal::Terminate).unwrap();
        let never = std::future::pending::<()>();
        assert_eq!(unless_signalled(Some(&mut signals), never).await, Err(Signal::Terminate));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn listens_to_the_process_own_signals() {
        let mut signals = Signals::listen();
        // Raised after listen and before recv: kept, not fatal.
        nix::sys::signal::kill(nix::unistd::Pid::this(), nix::sys::signal::Signal::SIGTERM).unwrap();
        let got = tokio::time::timeout(std::time::Duration::from_secs(10), signals.recv()).await;
        assert_eq!(got, Ok(Signal::Terminate));
    }
}
