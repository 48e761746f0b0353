//! `dflow conformance PATH... [--json] [--filter TEXT]`: one line per
//! scenario (`PASS name` / `FAIL name: what differed`), then
//! `N passed, M failed`; exit 0 only when nothing failed.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::conformance::run_paths;

pub(crate) fn run(paths: &[PathBuf], json: bool, filter: Option<&str>) -> ExitCode {
    let verdicts = match run_paths(paths, filter) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("dflow conformance: {e}");
            return ExitCode::from(2);
        }
    };
    let failed = verdicts.iter().filter(|v| v.failure.is_some()).count();
    for verdict in &verdicts {
        if json {
            println!("{}", verdict.to_json());
        } else {
            match &verdict.failure {
                None => println!("PASS {}", verdict.name),
                Some(why) => println!("FAIL {}: {why}", verdict.name),
            }
        }
    }
    if !json {
        println!("{} passed, {failed} failed", verdicts.len() - failed);
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
