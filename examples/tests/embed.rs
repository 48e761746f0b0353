//! The `embed` example, run as a program against the example backend over
//! real HTTP on 127.0.0.1: it must draw the steps, get past the server's
//! validation error, wait for polling and print the flow's result.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_shell_drives_the_example_backend_to_its_end() {
    let (start, server) =
        flow_cli::serve_example(SocketAddr::from(([127, 0, 0, 1], 0)), Duration::from_millis(300))
            .await
            .unwrap();
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_embed")).arg(&start).output();
    let out = tokio::time::timeout(Duration::from_secs(30), run).await.expect("embed finishes").unwrap();
    server.abort();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("== Send money"), "{stdout}");
    assert!(stdout.contains("  ! "), "the server's validation error is shown: {stdout}");
    assert!(stdout.contains("… checking ("), "polling attempts are shown: {stdout}");
    let result = stdout.lines().find_map(|l| l.strip_prefix("done: ")).expect("a result line");
    let result: serde_json::Value = serde_json::from_str(result).unwrap();
    assert_eq!(result["status"], "completed", "{result}");
}
