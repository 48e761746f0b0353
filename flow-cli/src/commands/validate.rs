//! `dflow validate <FILE|->...`: parse and validate step JSON, printing each
//! problem as `file: /json/pointer: message`.

use std::io::Read;
use std::path::PathBuf;

use flow_model::{Severity, Step};

/// What `validate` found over all files.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}

/// Validates each file (`-` reads standard input) and prints the problems to
/// `out`. A file that cannot be read or parsed counts as one error.
pub(crate) fn run(files: &[PathBuf], out: &mut dyn std::io::Write) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    for file in files {
        let name = file.display().to_string();
        let text = if name == "-" {
            let mut buffer = String::new();
            std::io::stdin().read_to_string(&mut buffer).map(|_| buffer)
        } else {
            std::fs::read_to_string(file)
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                writeln!(out, "{name}: /: error: cannot read: {e}")?;
                summary.errors += 1;
                continue;
            }
        };
        let step: Step = match flow_model::parse(&text) {
            Ok(step) => step,
            Err(e) => {
                let path = if e.path.as_str().is_empty() { "/" } else { e.path.as_str() };
                writeln!(out, "{name}: {path}: error: {} (line {}, column {})", e.message, e.line, e.column)?;
                summary.errors += 1;
                continue;
            }
        };
        for problem in step.validate().problems() {
            writeln!(out, "{name}: {problem}")?;
            match problem.severity {
                Severity::Error => summary.errors += 1,
                _ => summary.warnings += 1,
            }
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_each_problem_with_file_and_pointer() {
        let dir = std::env::temp_dir().join(format!("dflow-validate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.json");
        let bad = dir.join("bad.json");
        let broken = dir.join("broken.json");
        std::fs::write(&good, r#"{"id":"a","title":"A","schemas":[],"layout":[]}"#).unwrap();
        std::fs::write(
            &bad,
            r#"{"id":"a","title":"A","schemas":[],"layout":[],"polling":{"url":"/s","delay":1,"maxAttempts":0,"onError":{"action":{"exit":true}}}}"#,
        )
        .unwrap();
        std::fs::write(&broken, "{\"id\": \"a\",\n \"polling\": {\"delay\": \"x\"}}").unwrap();
        let mut out = Vec::new();
        let summary = run(&[good, bad.clone(), broken.clone()], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(&format!("{}: /polling/maxAttempts: error: must be at least 1", bad.display())),
            "{text}"
        );
        assert!(text.contains(&format!("{}: /polling/delay: error:", broken.display())), "{text}");
        assert!(text.contains("(line 2, column"), "{text}");
        assert_eq!(summary.errors, 2);
    }
}
