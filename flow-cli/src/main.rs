//! `dflow`: the command-line Dynamic Flow client (see the `flow_cli` library).

fn main() -> std::process::ExitCode {
    flow_cli::run()
}
