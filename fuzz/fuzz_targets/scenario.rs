//! Conformance scenario files: any text through the loader the runner uses.
#![no_main]

use std::path::Path;

use flow_cli::conformance::scenario::load_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = load_text(Path::new("fuzz.json"), text);
    for scenario in loaded.scenarios.iter().flatten() {
        for user_move in &scenario.user {
            let _ = user_move.kind();
        }
    }
});
