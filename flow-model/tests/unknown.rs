//! Unknown kinds and unknown members survive a round trip, everywhere.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use common::fixtures;
use flow_model::layout::Layout;
use flow_model::{Behavior, Schema, SearchResponseBody, SearchResult, Step};
use serde_json::{json, Value};

/// Adds an unknown member to every object in `value`, except where the
/// object's members are themselves typed values (schema `properties`).
fn inject_everywhere(value: &mut Value, key: Option<&str>, count: &mut usize) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| inject_everywhere(v, None, count)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                inject_everywhere(v, Some(k), count);
            }
            if key != Some("properties") {
                map.insert(
                    "x-probe".to_owned(),
                    json!({"n": *count, "list": [null, 1.5, "é"], "flag": false}),
                );
                *count += 1;
            }
        }
        _ => {}
    }
}

#[test]
fn an_unknown_member_on_every_object_of_every_fixture_round_trips() {
    let mut total = 0;
    for (path, text) in fixtures("steps").into_iter().chain(fixtures("responses/modal")) {
        if path.ends_with("early-components.json") {
            continue; // gains default members; covered in tests/fixtures.rs
        }
        let mut sent: Value = serde_json::from_str(&text).expect("json");
        let mut count = 0;
        inject_everywhere(&mut sent, None, &mut count);
        total += count;
        let text = sent.to_string();
        let back = if path.to_string_lossy().contains("responses") {
            serde_json::to_value(flow_model::parse::<flow_model::ModalResponseBody>(&text).expect("parses"))
        } else {
            let step = flow_model::parse::<Step>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(step.extra.contains_key("x-probe"));
            serde_json::to_value(step)
        }
        .expect("serializable");
        assert_eq!(back, sent, "{}", path.display());
    }
    assert!(total > 250, "probed {total} objects");
}

#[test]
fn unknown_layout_kinds_are_kept_raw_even_inside_known_ones() {
    let sent = json!({"type": "box", "components": [
        {"type": "carousel", "slides": [{"type": "paragraph", "text": "not typed: inside an unknown kind"}], "loop": true},
        {"type": "paragraph", "text": "typed", "x-extra": [1, {"a": null}]}
    ]});
    let layout: Layout = serde_json::from_value(sent.clone()).expect("parses");
    let Layout::Box(b) = &layout else { panic!("a box") };
    assert!(matches!(&b.components[0], Layout::Unknown(raw) if raw["loop"] == true));
    assert_eq!(b.components[0].type_name(), Some("carousel"));
    assert!(matches!(&b.components[1], Layout::Paragraph(p) if p.extra["x-extra"][1]["a"].is_null()));
    assert_eq!(serde_json::to_value(&layout).expect("serializable"), sent);
}

#[test]
fn objects_without_a_string_tag_are_unknown_and_kept() {
    for sent in [
        json!({"text": "no type"}),
        json!({"type": 3, "text": "numeric"}),
        json!({"type": null}),
        json!({"type": ["a"]}),
        json!({}),
    ] {
        let layout: Layout = serde_json::from_value(sent.clone()).expect("parses");
        assert!(matches!(layout, Layout::Unknown(_)), "{sent}");
        assert_eq!(layout.type_name(), None);
        assert_eq!(serde_json::to_value(&layout).expect("serializable"), sent);
        let behavior: Behavior = serde_json::from_value(sent.clone()).expect("parses");
        assert!(matches!(behavior, Behavior::Unknown(_)));
        assert_eq!(serde_json::to_value(&behavior).expect("serializable"), sent);
    }
}

#[test]
fn unknown_behavior_kinds_are_kept_with_their_members() {
    let sent = json!({"type": "share", "url": "https://wise.com", "targets": ["mail", "sms"], "action": {"url": "/x"}});
    let behavior: Behavior = serde_json::from_value(sent.clone()).expect("parses");
    assert_eq!(behavior.type_name(), Some("share"));
    assert!(behavior.as_action().is_none());
    assert_eq!(serde_json::to_value(&behavior).expect("serializable"), sent);
}

#[test]
fn unknown_schema_kinds_are_kept_with_every_member() {
    let sent = json!({"$id": "#when", "type": "date-time", "title": "When", "hidden": true, "keywords": ["k"],
        "alert": {"markdown": "m", "context": "warning"}, "help": {"markdown": "h"},
        "properties": {"a": {"type": "string"}}, "items": [{"type": "number"}], "persistAsync": {"url": "/p", "param": "p", "idProperty": "id"},
        "precision": "minute", "x": null});
    let schema: Schema = serde_json::from_value(sent.clone()).expect("parses");
    assert!(matches!(&schema, Schema::Unknown(raw) if raw["precision"] == "minute"));
    assert_eq!(schema.id(), Some("#when"));
    assert_eq!(schema.title(), Some("When"));
    assert!(schema.is_hidden());
    assert_eq!(serde_json::to_value(&schema).expect("serializable"), sent);
    let untyped = json!({"title": "No type at all", "x-hint": 1});
    let schema: Schema = serde_json::from_value(untyped.clone()).expect("parses");
    assert!(matches!(schema, Schema::Unknown(_)));
    assert_eq!(serde_json::to_value(&schema).expect("serializable"), untyped);
}

#[test]
fn kind_specific_members_on_other_kinds_are_kept_as_unknown_members() {
    // `minLength` on a number and `properties` on a string are not theirs:
    // kept in `extra`, written back unchanged.
    let sent = json!({"type": "number", "minLength": "odd", "properties": {"a": {"type": "string"}}, "placeholder": "0"});
    let schema: Schema = serde_json::from_value(sent.clone()).expect("parses");
    let Schema::Number(n) = &schema else { panic!("a number schema") };
    assert_eq!(n.placeholder.as_deref(), Some("0"));
    assert_eq!(n.extra["minLength"], "odd");
    assert_eq!(n.extra["properties"]["a"]["type"], "string");
    assert_eq!(serde_json::to_value(&schema).expect("serializable"), sent);
    // A 1.x `oneOf` with a sibling `type` keeps the `type`.
    let sent = json!({"type": "string", "title": "Pick", "oneOf": [{"const": "A"}, {"const": null, "title": "None"}]});
    let schema: Schema = serde_json::from_value(sent.clone()).expect("parses");
    let Schema::OneOf(o) = &schema else { panic!("oneOf wins over type") };
    assert_eq!(o.extra["type"], "string");
    assert!(matches!(&o.one_of[1], Schema::Const(c) if c.value.is_null()));
    assert_eq!(serde_json::to_value(&schema).expect("serializable"), sent);
}

#[test]
fn unknown_search_results_are_kept() {
    let sent = json!({"results": [{"type": "recipient", "id": 4}, {"type": "action", "title": "A", "value": {"url": "/a"}, "badge": 1}]});
    let body: SearchResponseBody = serde_json::from_value(sent.clone()).expect("parses");
    assert!(matches!(&body.results[0], SearchResult::Unknown(raw) if raw["id"] == 4));
    assert!(matches!(&body.results[1], SearchResult::Action(a) if a.extra["badge"] == 1));
    assert_eq!(serde_json::to_value(&body).expect("serializable"), sent);
}

#[test]
fn unknown_enum_values_are_kept() {
    let sent = json!({"type": "alert", "markdown": "m", "context": "success", "margin": "xxl"});
    let layout: Layout = serde_json::from_value(sent.clone()).expect("parses");
    let Layout::Alert(a) = &layout else { panic!("an alert") };
    assert_eq!(a.context.as_ref().map(|c| c.as_str()), Some("success"));
    assert!(matches!(a.margin, Some(flow_model::Size::Unknown(ref s)) if s == "xxl"));
    assert_eq!(serde_json::to_value(&layout).expect("serializable"), sent);
}
