//! `-v` / `RUST_LOG`: tracing to standard error. `RUST_LOG` wins when set;
//! otherwise `-v` shows dflow's and the runtime's info, `-vv` debug,
//! `-vvv` everything at trace. Without either, only warnings.
//!
//! Whatever is asked for, the HTTP libraries under the runtime (hyper,
//! reqwest, h2, rustls) log at `info` at most ([`HTTP_INTERNALS`]): their
//! debug and trace output prints raw URLs and header bytes, which would put
//! secrets on screen. dflow's own lines redact them.

use clap::Args;
use tracing_subscriber::EnvFilter;

/// Directives appended to every filter: the HTTP libraries stay at `info`
/// (see the module docs).
pub(crate) const HTTP_INTERNALS: [&str; 6] =
    ["hyper=info", "hyper_util=info", "reqwest=info", "h2=info", "rustls=info", "tower=info"];

/// The verbosity flag shared by the subcommands that talk HTTP.
#[derive(Debug, Clone, Copy, Default, Args)]
pub(crate) struct Verbosity {
    /// More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

impl Verbosity {
    /// The filter for this verbosity when `RUST_LOG` is not set.
    pub(crate) fn default_filter(self) -> &'static str {
        match self.verbose {
            0 => "warn",
            1 => "warn,flow_cli=info,flow_runtime=info,flow_poll=info",
            2 => "info,flow_cli=debug,flow_runtime=debug,flow_poll=debug",
            _ => "trace",
        }
    }

    /// Installs the subscriber (once per process; later calls do nothing).
    pub(crate) fn init(self) {
        let mut filter = match std::env::var("RUST_LOG") {
            Ok(spec) if !spec.trim().is_empty() => EnvFilter::try_new(spec.trim()).unwrap_or_else(|e| {
                eprintln!("dflow: ignoring RUST_LOG ({e})");
                EnvFilter::new(self.default_filter())
            }),
            _ => EnvFilter::new(self.default_filter()),
        };
        for directive in HTTP_INTERNALS {
            if let Ok(directive) = directive.parse() {
                filter = filter.add_directive(directive);
            }
        }
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(console::colors_enabled_stderr())
            .try_init();
    }
}

/// Honours `NO_COLOR` (any non-empty value turns colours off on both streams).
pub(crate) fn apply_no_color() {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        console::set_colors_enabled(false);
        console::set_colors_enabled_stderr(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_v_adds_detail() {
        let filters: Vec<&str> = (0..4).map(|verbose| Verbosity { verbose }.default_filter()).collect();
        assert_eq!(filters[0], "warn");
        assert!(filters[1].contains("flow_cli=info"));
        assert!(filters[2].contains("flow_runtime=debug"));
        assert_eq!(filters[3], "trace");
        for filter in filters {
            assert!(EnvFilter::try_new(filter).is_ok(), "{filter}");
        }
        for directive in HTTP_INTERNALS {
            assert!(directive.parse::<tracing_subscriber::filter::Directive>().is_ok(), "{directive}");
        }
    }
}
