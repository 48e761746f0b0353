//! Property tests: random steps round-trip losslessly, and no input makes
//! parsing panic.
//!
//! Steps are generated from the realistic components of the fixture corpus
//! (every layout, schema and behavior kind of both generations), recombined
//! and nested at random, with every string, number and boolean replaced by a
//! random one, random unknown members (arbitrary JSON) added to random
//! objects, random unknown layout, behavior and schema kinds mixed in, and
//! each object's members written in a random order (so the `type` tag is
//! sometimes first, sometimes last).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use std::fmt::Write as _;

use flow_model::Step;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Value};

/// Realistic components harvested from the fixtures.
struct Pool {
    layouts: Vec<Value>,
    schemas: Vec<Value>,
    behaviors: Vec<Value>,
    pollings: Vec<Value>,
    navigations: Vec<Value>,
    link_handlers: Vec<Value>,
}

fn pool() -> &'static Pool {
    static POOL: std::sync::OnceLock<Pool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let mut pool = Pool {
            layouts: Vec::new(),
            schemas: Vec::new(),
            behaviors: Vec::new(),
            pollings: Vec::new(),
            navigations: Vec::new(),
            link_handlers: Vec::new(),
        };
        for (_path, text) in common::fixtures("steps") {
            let step: Value = serde_json::from_str(&text).expect("fixture is JSON");
            harvest_layouts(&step["layout"], &mut pool);
            pool.schemas.extend(step["schemas"].as_array().into_iter().flatten().cloned());
            pool.pollings.extend(step.get("polling").cloned());
            pool.navigations.extend(step.get("navigation").cloned());
            pool.link_handlers.extend(step["linkHandlers"].as_array().into_iter().flatten().cloned());
        }
        assert!(pool.layouts.len() > 40 && pool.schemas.len() > 3 && pool.behaviors.len() > 10);
        pool
    })
}

/// Collects every layout (at any depth) and every behavior in `value`.
fn harvest_layouts(value: &Value, pool: &mut Pool) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| harvest_layouts(v, pool)),
        Value::Object(map) => {
            // Media and image objects (`{"type": "avatar"}`) are harvested too:
            // as layouts they read as unknown kinds or images, which is fine.
            if map.get("type").is_some_and(Value::is_string) {
                if is_behavior(map) {
                    pool.behaviors.push(value.clone());
                } else {
                    pool.layouts.push(value.clone());
                }
            }
            map.values().for_each(|v| harvest_layouts(v, pool));
        }
        _ => {}
    }
}

fn is_behavior(map: &Map<String, Value>) -> bool {
    let kind = map.get("type").and_then(Value::as_str).unwrap_or("");
    matches!(kind, "action" | "link" | "copy" | "dismiss" | "refresh" | "subflow")
        || (kind == "modal" && map.get("content").is_some_and(Value::is_array))
}

/// Arbitrary JSON, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Text with escapes, controls and non-ASCII characters.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,_/\\-\"\\\\\n\t\u{e9}\u{4e2d}\u{1F600}]{0,16}"
}

/// An object of a kind no server sends yet, tagged `type`.
fn unknown_kind() -> impl Strategy<Value = Value> {
    ("x-[a-z]{1,8}", prop::collection::btree_map("[a-zA-Z]{1,8}", any_json(), 0..4)).prop_map(
        |(kind, members)| {
            let mut object: Map<String, Value> = members.into_iter().collect();
            object.insert("type".to_owned(), Value::String(kind));
            Value::Object(object)
        },
    )
}

/// A layout: a harvested one, an unknown kind, or a box of layouts.
fn layout() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        8 => prop::sample::select(pool().layouts.clone()),
        1 => unknown_kind(),
    ];
    leaf.prop_recursive(3, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|components| serde_json::json!({"type": "box", "components": components})),
            (inner.clone(), prop_oneof![prop::sample::select(pool().behaviors.clone()), unknown_kind()])
                .prop_map(
                    |(child, behavior)| serde_json::json!({"type": "button", "title": "b", "behavior": {
                    "type": "modal", "content": [child], "x-wrapped": behavior}})
                ),
        ]
    })
}

/// A schema: a harvested one or an unknown kind.
fn schema() -> impl Strategy<Value = Value> {
    prop_oneof![5 => prop::sample::select(pool().schemas.clone()), 1 => unknown_kind()]
}

/// A whole step.
fn step() -> impl Strategy<Value = Value> {
    (
        text(),
        proptest::option::of(text()),
        prop::collection::vec(layout(), 0..6),
        prop::collection::vec(schema(), 0..3),
        proptest::option::of(prop::sample::select(pool().pollings.clone())),
        proptest::option::of(prop::sample::select(pool().navigations.clone())),
        prop::collection::vec(prop::sample::select(pool().link_handlers.clone()), 0..2),
        proptest::option::of(any_json()),
    )
        .prop_map(|(id, title, layout, schemas, polling, navigation, link_handlers, model)| {
            let mut step = serde_json::json!({"id": id, "layout": layout, "schemas": schemas});
            let object = step.as_object_mut().expect("object");
            if let Some(title) = title {
                object.insert("title".into(), title.into());
            }
            if let Some(polling) = polling {
                object.insert("polling".into(), polling);
            }
            if let Some(navigation) = navigation {
                object.insert("navigation".into(), navigation);
            }
            if !link_handlers.is_empty() {
                object.insert("linkHandlers".into(), link_handlers.into());
            }
            if let Some(model) = model {
                object.insert("model".into(), model);
            }
            step
        })
}

/// A deterministic stream of random numbers (the randomness comes from proptest's seed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Replaces scalars with random ones of a compatible type and adds unknown
/// members, keeping `type` tags (kinds) and the keys of schema `properties`.
fn mutate(value: &mut Value, rng: &mut Rng, extras: &mut Vec<Value>, key: Option<&str>) {
    match value {
        Value::String(s) if key != Some("type") => *s = random_text(rng),
        Value::Bool(b) => *b = rng.next().is_multiple_of(2),
        Value::Number(n) => {
            *n = if n.is_f64() {
                serde_json::Number::from_f64((rng.next() % 1_000_000) as f64 / 1000.0).expect("finite")
            } else {
                serde_json::Number::from(rng.next() % 1_000_000)
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mutate(v, rng, extras, None)),
        Value::Object(map) => {
            let typed_values = key == Some("properties");
            for (k, v) in map.iter_mut() {
                mutate(v, rng, extras, Some(k));
            }
            if !typed_values && !extras.is_empty() && rng.next().is_multiple_of(3) {
                let extra = extras.swap_remove(0);
                map.insert(format!("x-{}", rng.next() % 1000), extra);
            }
        }
        _ => {}
    }
}

fn random_text(rng: &mut Rng) -> String {
    const CHARS: [&str; 12] = ["a", "Z", "9", " ", "\"", "\\", "/", "\n", "é", "中", "😀", "\u{1}"];
    (0..rng.next() % 10).map(|_| CHARS[(rng.next() % CHARS.len() as u64) as usize]).collect()
}

/// Removes members at random (never a `type` tag, nor the keys of schema
/// `properties`), so that components arrive without members their kind
/// usually has.
fn drop_members(value: &mut Value, rng: &mut Rng, key: Option<&str>) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| drop_members(v, rng, None)),
        Value::Object(map) => {
            if key != Some("properties") {
                map.retain(|k, _| k == "type" || !rng.next().is_multiple_of(3));
            }
            for (k, v) in map.iter_mut() {
                drop_members(v, rng, Some(k));
            }
        }
        _ => {}
    }
}

/// Writes `value` as JSON with each object's members in a random order.
fn write_shuffled(value: &Value, rng: &mut Rng, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            for i in (1..entries.len()).rev() {
                entries.swap(i, (rng.next() % (i as u64 + 1)) as usize);
            }
            out.push('{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write!(out, "{}:", Value::String(key.clone())).expect("write to String");
                write_shuffled(v, rng, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_shuffled(v, rng, out);
            }
            out.push(']');
        }
        scalar => write!(out, "{scalar}").expect("write to String"),
    }
}

proptest! {
    #![proptest_config(Config { cases: 192, ..Config::default() })]

    /// Parse → serialize gives back exactly the JSON that was sent.
    #[test]
    fn random_steps_round_trip(
        mut step in step(),
        seed in any::<u64>().prop_map(|s| s | 1),
        extras in prop::collection::vec(any_json(), 0..12),
    ) {
        let mut rng = Rng(seed);
        let mut extras = extras;
        mutate(&mut step, &mut rng, &mut extras, None);
        let mut text = String::new();
        write_shuffled(&step, &mut rng, &mut text);
        let sent: Value = serde_json::from_str(&text).expect("generated JSON is valid");
        let parsed: Step = flow_model::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let back = serde_json::to_value(&parsed).expect("serializable");
        prop_assert_eq!(back, sent, "{}", text);
        // Validation never panics either, whatever it finds.
        let _ = parsed.validate();
    }

    /// A member that was absent stays absent: parsing steps whose components
    /// lack members at random and serializing them adds no member (no
    /// injected `""`, `[]` or `false`) and loses none.
    #[test]
    fn absent_members_stay_absent(mut step in step(), seed in any::<u64>().prop_map(|s| s | 1)) {
        let mut rng = Rng(seed);
        drop_members(&mut step, &mut rng, None);
        let text = step.to_string();
        // A dropped member can make a document unreadable (say, a
        // `linkHandlers` entry without `action`); those are not this property's.
        let Ok(parsed) = flow_model::parse::<Step>(&text) else { return Ok(()) };
        let back = serde_json::to_value(&parsed).expect("serializable");
        let mut added = Vec::new();
        common::added_members(&step, &back, "", &mut added);
        prop_assert!(added.is_empty(), "added {:?}\n{}", added, text);
        prop_assert!(common::preserves(&step, &back), "lost a member\n{}", text);
    }

    /// Any JSON document is either a step or a located error, never a panic.
    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        let text = value.to_string();
        if let Err(e) = flow_model::parse::<Step>(&text) {
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
        let _ = flow_model::parse::<flow_model::layout::Layout>(&text);
        let _ = flow_model::parse::<flow_model::Schema>(&text);
        let _ = flow_model::parse::<flow_model::Behavior>(&text);
        let _ = flow_model::parse::<flow_model::SearchResponseBody>(&text);
    }

    /// Arbitrary bytes, and damaged steps, give errors, never panics.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256), cut in 0usize..4000) {
        let _ = flow_model::parse_slice::<Step>(&bytes);
        let text = serde_json::to_string(&pool().layouts).expect("json");
        let cut = cut.min(text.len());
        let _ = flow_model::parse_slice::<Vec<flow_model::layout::Layout>>(&text.as_bytes()[..cut]);
    }
}
