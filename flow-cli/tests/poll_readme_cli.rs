//! The README's `dflow poll` worked examples, run as written (through `sh`)
//! against the example backend served in-process on 127.0.0.1: the
//! commands between the `poll-examples` markers, with the backend's real
//! address put in for `127.0.0.1:8080` and the built binary for `dflow`.
//! Each must exit 0 with the finished operation's body last on stdout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `sh` blocks between the markers.
fn examples() -> Vec<String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let start = readme.find("<!-- poll-examples:start -->").expect("start marker");
    let end = readme.find("<!-- poll-examples:end -->").expect("end marker");
    readme[start..end]
        .split("```sh\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap().trim().to_owned())
        .collect()
}

/// The status the finished operation's body reports.
fn final_status(body: &Value) -> Option<&str> {
    body["status"].as_str().or_else(|| body["info"]["status"].as_str())
}

#[test]
fn every_readme_poll_example_runs_as_written() {
    let examples = examples();
    assert_eq!(examples.len(), 6, "{examples:#?}");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (start_url, _server) = runtime
        .block_on(flow_cli::serve_example("127.0.0.1:0".parse().unwrap(), Duration::from_millis(600)))
        .unwrap();
    let base = start_url.trim_end_matches("/payment/start").to_owned();
    let home = std::env::temp_dir().join(format!("dflow-readme-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let dflow = env!("CARGO_BIN_EXE_dflow");
    for example in &examples {
        let command =
            example.replace("http://127.0.0.1:8080", &base).replace("dflow poll", &format!("{dflow} poll"));
        // The README's example file names the default server: point it at this one.
        let command = command.replace("--param id=", &format!("{base} --param id="));
        for round in ["first", "again"] {
            let output = std::process::Command::new("sh")
                .args(["-c", &command])
                .current_dir(workspace_root())
                .env("NO_COLOR", "1")
                .env("HOME", &home)
                .env("XDG_CACHE_HOME", home.join("cache"))
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert_eq!(output.status.code(), Some(0), "{example}\nstdout: {stdout}\nstderr: {stderr}");
            let last: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
                .unwrap_or_else(|e| panic!("{example}: last line not JSON ({e}): {stdout}"));
            assert!(matches!(final_status(&last), Some("Succeeded" | "completed")), "{example}: {last}");
            // Only the keyed example is run twice (the others start new work each time).
            if !example.contains("--key") {
                break;
            }
            if round == "again" {
                assert!(stderr.is_empty(), "the replay sends nothing and says nothing: {stderr}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&home);
}
