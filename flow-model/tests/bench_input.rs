//! The `parse` bench's input is a valid step that round-trips, in both key
//! orders it is measured with (benches are not run by `cargo test`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use common::large_step::{large_step, large_step_bytes};
use flow_model::Step;
use serde_json::Value;

#[test]
fn bench_step_is_valid_and_round_trips_in_both_key_orders() {
    let type_first = large_step_bytes(12);
    assert!((50_000..=100_000).contains(&type_first.len()), "{} bytes", type_first.len());
    assert!(
        type_first.starts_with(br#"{"analytics""#)
            && type_first.windows(22).any(|w| w == br#"[{"type":"heading","al"#)
    );
    let sorted = serde_json::to_vec(&large_step(12)).expect("serializable");
    for bytes in [type_first, sorted] {
        let step: Step = flow_model::parse_slice(&bytes).expect("parses");
        let report = step.validate();
        assert!(report.is_valid(), "{report}");
        let sent: Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(serde_json::to_value(&step).expect("serializable"), sent);
    }
}
