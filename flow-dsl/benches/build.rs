//! What a build costs: `Step::build` of a large step (builders, validation
//! and the JSON round-trip check) against its parts: serializing the
//! finished step (which serving it costs anyway), parsing it back, and
//! validating it.
//!
//! Run: `cargo bench -p flow-dsl --bench build -- --warm-up-time 1 --measurement-time 3`

#![allow(clippy::expect_used, clippy::unwrap_used)] // a bench aborts on bad input by design

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use flow_dsl::prelude::*;
use serde_json::json;

/// Sections in the bench step (each a section with a form-less mix of components).
const SECTIONS: usize = 40;

fn large_step() -> Result<Step, BuildError> {
    Step::build(|s| {
        s.id("large").title("A large step");
        s.schemas(|sc| {
            sc.object(|o| {
                o.id("details");
                for i in 0..20 {
                    o.property(format!("field{i}")).string(|f| {
                        f.title(format!("Field {i}")).min_length(1).max_length(64);
                    });
                }
            });
        });
        s.layout(|l| {
            l.form("details");
            for i in 0..SECTIONS {
                l.section(|sec| {
                    sec.title(format!("Section {i}"));
                    sec.components(|c| {
                        c.heading(format!("Heading {i}")).size(Size::Md);
                        c.paragraph("Some explanatory text that is a little longer than a title.");
                        c.list(|list| {
                            for j in 0..5 {
                                list.item(format!("Item {j}"))
                                    .description("A description")
                                    .icon(json!({"name": "star"}));
                            }
                        });
                        c.button(|b| {
                            b.title("Continue").behavior_with(|x| {
                                x.action(|a| {
                                    a.url(format!("/next/{i}")).data(json!({"section": i}));
                                });
                            });
                        });
                    });
                });
            }
        });
    })
}

fn bench(c: &mut Criterion) {
    let step = large_step().expect("bench step builds");
    let bytes = serde_json::to_vec(&step).unwrap().len() as u64;
    let mut group = c.benchmark_group("large step");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("Step::build", |b| b.iter(|| black_box(large_step().unwrap())));
    group.bench_function("serialize only", |b| b.iter(|| black_box(serde_json::to_vec(&step).unwrap())));
    let text = serde_json::to_string(&step).unwrap();
    group.bench_function("parse only", |b| b.iter(|| black_box(flow_model::parse::<Step>(&text).unwrap())));
    group.bench_function("validate only", |b| b.iter(|| black_box(step.validate())));
    group.finish();
    println!("bench step: {bytes} bytes of JSON");
}

criterion_group!(benches, bench);
criterion_main!(benches);
