//! `dflow validate <FILE|->...`: parse and validate step JSON, printing
//! every problem of each file (type errors included, see
//! [`flow_model::validate_document`]) as
//! `file: /json/pointer: severity: message (line L, column C)`.

use std::io::Read;
use std::path::PathBuf;

use flow_model::Severity;

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
        for problem in &flow_model::validate_document(&text).problems {
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
        std::fs::write(&broken, "{\"id\": \"a\",\n \"polling\": {\"delay\": \"x\", \"maxAttempts\": \"y\"}}")
            .unwrap();
        let mut out = Vec::new();
        let summary = run(&[good, bad.clone(), broken.clone()], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(&format!("{}: /polling/maxAttempts: error: must be at least 1", bad.display())),
            "{text}"
        );
        // Both type errors of the broken file, each with its place, and the
        // validation of what could be read.
        assert!(text.contains(&format!("{}: /polling/delay: error:", broken.display())), "{text}");
        assert!(text.contains(&format!("{}: /polling/maxAttempts: error:", broken.display())), "{text}");
        assert!(text.contains("(line 2, column 23)"), "{text}");
        assert!(
            !text.contains("needs delay or interval"),
            "a consequence of the cut, not a second problem: {text}"
        );
        assert_eq!(summary.errors, 6, "{text}");
        assert!(text.contains(&format!("{}: /layout: error: required", broken.display())), "{text}");
    }
}
