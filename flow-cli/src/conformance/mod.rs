//! The conformance runner: scenario files (format version 1) run on the real
//! engine with a scripted transport and a virtual clock.

pub mod expect;
pub mod runner;
pub mod scenario;

use std::path::PathBuf;

use serde_json::json;

/// The JSON Schema (draft 2020-12) of the scenario format, version 1.
pub const SCENARIO_SCHEMA: &str = include_str!("scenario.schema.json");

/// The verdict on one scenario.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The file it came from.
    pub file: PathBuf,
    /// Its name (or the file name when it could not be read).
    pub name: String,
    /// `None` when it passed, else what differed.
    pub failure: Option<String>,
}

impl Verdict {
    /// The `--json` form.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "name": self.name, "file": self.file.display().to_string(),
            "passed": self.failure.is_none(), "message": self.failure,
        })
    }
}

/// Runs every scenario in the files under `paths` whose name contains
/// `filter` (case-sensitive substring; all when `None`).
pub fn run_paths(paths: &[PathBuf], filter: Option<&str>) -> std::io::Result<Vec<Verdict>> {
    let mut verdicts = Vec::new();
    for file in scenario::collect_files(paths)? {
        let loaded = scenario::load(&file);
        for scenario in loaded.scenarios {
            let verdict = match scenario {
                Err(message) => {
                    Verdict { file: file.clone(), name: file.display().to_string(), failure: Some(message) }
                }
                Ok(scenario) => {
                    if filter.is_some_and(|f| !scenario.name.contains(f)) {
                        continue;
                    }
                    let failure = match runner::run(&scenario) {
                        Ok(run) => {
                            expect::compare(&scenario.expect, &run.outcome, &run.requests, &run.events).err()
                        }
                        Err(problem) => Some(problem),
                    };
                    Verdict { file: file.clone(), name: scenario.name.clone(), failure }
                }
            };
            verdicts.push(verdict);
        }
    }
    Ok(verdicts)
}
