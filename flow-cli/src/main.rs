//! `dflow`: the command-line Dynamic Flow client (being built; see the README).

fn main() {
    eprintln!("dflow: the demo is not yet available in this build");
    std::process::exit(1);
}
