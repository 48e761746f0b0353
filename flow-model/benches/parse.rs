//! Parse throughput: a realistic 50–100 KB step read as the typed
//! [`flow_model::Step`] versus as an untyped `serde_json::Value`, from the
//! same bytes. After criterion's report a summary prints, for both key
//! orders, both throughputs in MB/s and their ratio (median of rotated
//! per-round ratios, with the spread), with the core count and load.
//!
//! Run: `cargo bench -p flow-model --bench parse -- --warm-up-time 1 --measurement-time 3`
//! (`DFLOW_BENCH_SUMMARY_ONLY=1` for the summary alone).
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

/// The load average, as /proc/loadavg gives it.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// `median [min–max]`.
fn spread(mut values: Vec<f64>) -> String {
    values.sort_by(f64::total_cmp);
    let at = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    format!("{:.2} [{:.2}–{:.2}]", at(0.5), at(0.0), at(1.0))
}

/// Plain summary lines, one per key order: MB/s of the typed parse and of
/// `serde_json::Value` from the same bytes, and typed/Value throughput as the
/// median of per-round ratios with their spread. The four parses run in
/// short interleaved rounds whose order rotates each round, so drift and
/// other work on the machine fall on all of them alike.
fn summary() {
    let type_first = input();
    let sorted = checked(serde_json::to_vec(&large_step::large_step(SECTIONS)).expect("serializable"));
    let rounds: usize = std::env::var("DFLOW_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(21);
    let budget = Duration::from_millis(100);
    let inputs = [("type first", &type_first), ("keys sorted (type late)", &sorted)];
    // times[input][0 = typed, 1 = Value] per round.
    let mut times = vec![[Vec::new(), Vec::new()]; inputs.len()];
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let load_before = loadavg();
    for round in 0..rounds {
        for k in 0..4 {
            let job = (round + k) % 4;
            let (input, typed) = (job / 2, job % 2 == 0);
            let bytes = inputs[input].1;
            let t = if typed {
                mean_time(budget, || {
                    black_box(flow_model::parse_slice::<flow_model::Step>(black_box(bytes)).expect("parses"));
                })
            } else {
                mean_time(budget, || {
                    black_box(serde_json::from_slice::<Value>(black_box(bytes)).expect("parses"));
                })
            };
            times[input][usize::from(!typed)].push(t);
        }
    }
    println!("\nsummary: {cores} cores, load average {load_before} → {}; {rounds} rotated rounds", loadavg());
    for (i, (name, bytes)) in inputs.iter().enumerate() {
        let mb = bytes.len() as f64 / 1e6;
        let median = |v: &Vec<f64>| {
            let mut v = v.clone();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let ratios: Vec<f64> = times[i][0].iter().zip(&times[i][1]).map(|(t, v)| v / t).collect();
        println!(
            "    {name:<24} {} bytes: typed Step {:.0} MB/s, serde_json::Value {:.0} MB/s; \
             typed/Value throughput {} (goal >= 1.0)",
            bytes.len(),
            mb / median(&times[i][0]),
            mb / median(&times[i][1]),
            spread(ratios)
        );
    }
}

criterion_group!(benches, parse);

fn main() {
    // `DFLOW_BENCH_SUMMARY_ONLY=1` skips criterion's groups.
    if std::env::var_os("DFLOW_BENCH_SUMMARY_ONLY").is_none() {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
    summary();
}
