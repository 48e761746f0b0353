//! Parse throughput: a realistic 50–100 KB step read as the typed
//! [`flow_model::Step`] versus as an untyped `serde_json::Value`, from the
//! same bytes. After criterion's report a summary line prints both
//! throughputs in MB/s and their ratio.
//!
//! Run: `cargo bench -p flow-model --bench parse -- --warm-up-time 1 --measurement-time 3`
//!
//! The main input has every object's `type` first, as server-side builders
//! emit it. A second input has all keys sorted (`type` late), the worst case
//! for the streaming tag dispatch, which then buffers the members before the
//! tag.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a bench aborts on bad input by design

use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, Criterion, Throughput};
use serde_json::Value;

#[path = "../tests/common/large_step.rs"]
mod large_step;

/// Sections in the bench step: about 65 KB of compact JSON.
const SECTIONS: usize = 12;

/// Checks that the typed model accepts and round-trips `bytes`, or the comparison is moot.
fn checked(bytes: Vec<u8>) -> Vec<u8> {
    assert!((50_000..=100_000).contains(&bytes.len()), "bench step is {} bytes", bytes.len());
    let step: flow_model::Step = flow_model::parse_slice(&bytes).expect("bench step parses");
    assert!(step.validate().is_valid(), "bench step is valid:\n{}", step.validate());
    let back = serde_json::to_value(&step).expect("serializable");
    assert_eq!(back, serde_json::from_slice::<Value>(&bytes).expect("json"));
    bytes
}

/// The main input (`type` first).
fn input() -> Vec<u8> {
    checked(large_step::large_step_bytes(SECTIONS))
}

fn parse(c: &mut Criterion) {
    let bytes = input();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed Step", |b| {
        b.iter(|| flow_model::parse_slice::<flow_model::Step>(black_box(&bytes)).expect("parses"))
    });
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("parses"))
    });
    let sorted = checked(serde_json::to_vec(&large_step::large_step(SECTIONS)).expect("serializable"));
    group.bench_function("typed Step, keys sorted (type late)", |b| {
        b.iter(|| flow_model::parse_slice::<flow_model::Step>(black_box(&sorted)).expect("parses"))
    });
    group.finish();

    let step = large_step::large_step(SECTIONS);
    let schemas = serde_json::to_vec(&large_step::TypeFirst(&step["schemas"])).expect("serializable");
    let layout = serde_json::to_vec(&large_step::TypeFirst(&step["layout"])).expect("serializable");
    let mut group = c.benchmark_group("parts");
    group.throughput(Throughput::Bytes(schemas.len() as u64));
    group.bench_function("schemas typed", |b| {
        b.iter(|| serde_json::from_slice::<Vec<flow_model::Schema>>(black_box(&schemas)).expect("parses"))
    });
    group.bench_function("schemas Value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&schemas)).expect("parses"))
    });
    group.throughput(Throughput::Bytes(layout.len() as u64));
    group.bench_function("layout typed", |b| {
        b.iter(|| serde_json::from_slice::<Vec<flow_model::Layout>>(black_box(&layout)).expect("parses"))
    });
    group.bench_function("layout Value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&layout)).expect("parses"))
    });
    group.finish();
}

/// Mean seconds per call of `f` over about `budget`.
fn mean_time(budget: Duration, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < budget || runs < 10 {
        f();
        runs += 1;
    }
    start.elapsed().as_secs_f64() / f64::from(runs)
}

/// A plain summary line: MB/s of both parses and their ratio. The two are
/// measured in alternating short rounds and the best round of each is kept,
/// which damps noise from other work on the machine; the median of the
/// per-round ratios is printed too.
fn summary() {
    let bytes = input();
    let mb = bytes.len() as f64 / 1e6;
    let budget = Duration::from_millis(150);
    let (mut typed, mut value, mut ratios) = (f64::MAX, f64::MAX, Vec::new());
    for _ in 0..15 {
        let v = mean_time(budget, || {
            black_box(serde_json::from_slice::<Value>(black_box(&bytes)).expect("parses"));
        });
        let t = mean_time(budget, || {
            black_box(flow_model::parse_slice::<flow_model::Step>(black_box(&bytes)).expect("parses"));
        });
        value = value.min(v);
        typed = typed.min(t);
        ratios.push(v / t);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "\nsummary: {} bytes; typed Step {:.0} MB/s, serde_json::Value {:.0} MB/s; \
         typed/Value throughput: {:.2} (best rounds), {:.2} (median round)",
        bytes.len(),
        mb / typed,
        mb / value,
        value / typed,
        ratios[ratios.len() / 2]
    );
}

criterion_group!(benches, parse);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
