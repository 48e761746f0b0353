//! Members before a late `type` tag: `parse_slice` keeps them as borrowed
//! raw JSON until the tag is known (its fast read), every other
//! deserializer as `Value`s. Both ways give the same model, and a parse whose
//! fast read cannot lend falls back instead of failing.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

mod common;

use common::large_step::{large_step, large_step_bytes};
use flow_model::{Layout, Step};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

/// The model as JSON, to compare two parses.
fn model<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn raw_buffering_and_value_buffering_read_the_same_model_in_both_key_orders() {
    let type_first = large_step_bytes(4);
    let sorted = serde_json::to_vec(&large_step(4)).unwrap();
    for bytes in [&type_first, &sorted] {
        let lent: Step = flow_model::parse_slice(bytes).unwrap();
        let buffered: Step = serde_json::from_slice(bytes).unwrap();
        let from_value: Step = serde_json::from_value(serde_json::from_slice(bytes).unwrap()).unwrap();
        assert_eq!(model(&lent), model(&buffered));
        assert_eq!(model(&lent), model(&from_value));
        assert_eq!(model(&lent), serde_json::from_slice::<Value>(bytes).unwrap(), "nothing lost");
    }
}

#[test]
fn late_tags_with_escapes_unknown_kinds_and_nested_late_tags() {
    let text = r#"{"layout": [
        {"title": "A \"quoted\" \u00e9 title", "components": [
            {"text": "inner", "type": "paragraph"},
            {"zzz": [1, 2.5, {"deep": null}], "type": "future-kind"}
        ], "type": "box"},
        {"align": "center", "type": "heading", "text": "after the tag"}
    ], "id": "s"}"#;
    let lent: Step = flow_model::parse(text).unwrap();
    let buffered: Step = serde_json::from_str(text).unwrap();
    assert_eq!(model(&lent), model(&buffered));
    let layout = model(&lent)["layout"].clone();
    assert_eq!(layout[0]["title"], json!("A \"quoted\" é title"));
    assert_eq!(layout[0]["components"][1], json!({"type": "future-kind", "zzz": [1, 2.5, {"deep": null}]}));
}

#[test]
fn a_bad_member_before_the_tag_is_located_as_before() {
    let err =
        flow_model::parse::<Step>(r#"{"id": "s", "layout": [{"size": 5, "type": "heading"}]}"#).unwrap_err();
    let buffered = serde_json::from_str::<Step>(r#"{"id": "s", "layout": [{"size": 5, "type": "heading"}]}"#);
    assert!(buffered.is_err());
    assert_eq!(err.path.as_str(), "/layout/0");
    assert!(err.message.starts_with("size: "), "{err}");
}

/// A host type that reads a layout through a `Value` of its own: no
/// borrowed raw JSON can be had there.
#[derive(Debug)]
struct ViaValue(Layout);

impl<'de> Deserialize<'de> for ViaValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        serde_json::from_value(value).map(ViaValue).map_err(serde::de::Error::custom)
    }
}

#[test]
fn a_parse_that_cannot_lend_falls_back_and_still_parses() {
    let parsed: Vec<ViaValue> = flow_model::parse(
        r#"[{"text": "late", "type": "paragraph"}, {"type": "paragraph", "text": "first"}]"#,
    )
    .unwrap();
    assert_eq!(model(&parsed[0].0), json!({"type": "paragraph", "text": "late"}));
    assert_eq!(model(&parsed[1].0), json!({"type": "paragraph", "text": "first"}));
}

/// A sorted-key document: every object's `type` comes late.
fn sorted_step() -> Vec<u8> {
    serde_json::to_vec(&large_step(2)).unwrap()
}

#[test]
fn a_sorted_key_document_reads_the_same_model_lent_or_buffered() {
    let sorted = sorted_step();
    let lent: Step = flow_model::parse_slice(&sorted).unwrap();
    let buffered: Step = serde_json::from_slice(&sorted).unwrap();
    assert_eq!(model(&lent), model(&buffered));
    assert_eq!(model(&lent), serde_json::from_slice::<Value>(&sorted).unwrap(), "nothing lost");
}

#[test]
fn duplicate_escaped_and_non_string_tags_read_the_same_lent_or_buffered() {
    for text in [
        // Two `type`s: the first names the kind, as before.
        r#"{"id": "s", "layout": [{"text": "a", "type": "paragraph", "type": "heading"}]}"#,
        // A tag that is not a string: kept as an unknown kind.
        r#"{"id": "s", "layout": [{"text": "a", "type": 7}, {"text": "b", "type": "paragraph"}]}"#,
        // An escaped tag name.
        r#"{"id": "s", "layout": [{"text": "a", "typ\u0065": "paragraph"}]}"#,
    ] {
        let lent = flow_model::parse::<Step>(text).map(|s| model(&s)).map_err(|e| e.to_string());
        let buffered = serde_json::from_str::<Step>(text).map(|s| model(&s));
        assert_eq!(lent.is_ok(), buffered.is_ok(), "{text}: {lent:?}");
        if let (Ok(lent), Ok(buffered)) = (lent, buffered) {
            assert_eq!(lent, buffered, "{text}");
        }
    }
}

#[test]
fn errors_after_an_early_late_tag_are_located_in_the_original_text() {
    // A type error after the tag: located at the member.
    let text = "{\"id\": \"s\",\n \"layout\": [{\"text\": \"a\", \"type\": \"paragraph\"},\n   {\"type\": \"paragraph\", \"margin\": 5}]}";
    let err = flow_model::parse::<Step>(text).unwrap_err();
    assert_eq!((err.path.as_str(), err.line, err.column), ("/layout/1/margin", 3, 36), "{err}");
    // A member before the tag fails: named as today.
    let text = "{\"layout\": [{\"text\": \"a\", \"type\": \"paragraph\"},\n {\"margin\": 5, \"type\": \"paragraph\"}]}";
    let err = flow_model::parse::<Step>(text).unwrap_err();
    assert_eq!((err.path.as_str(), err.line), ("/layout/1", 2), "{err}");
    assert!(err.message.starts_with("margin: "), "{err}");
    // A syntax error: located at the character.
    let text = "{\"layout\": [{\"text\": \"a\", \"type\": \"paragraph\"}],\n \"title\": \"x\" \"id\": \"s\"}";
    let err = flow_model::parse::<Step>(text).unwrap_err();
    assert_eq!((err.path.as_str(), err.line, err.column), ("", 2, 15), "{err}");
    assert!(err.message.contains("expected `,` or `}`"), "{err}");
}

#[test]
fn a_single_late_tag_late_in_the_document_and_deep_nesting_after_a_late_tag() {
    // Tags first, then one late tag in the second half of the document.
    let mut step = large_step(2);
    step["layout"].as_array_mut().unwrap().push(json!({"type": "paragraph", "text": "last-late"}));
    let text = serde_json::to_string(&common::large_step::TypeFirst(&step)).unwrap();
    let text = text.replacen(
        r#"{"type":"paragraph","text":"last-late"}"#,
        r#"{"text":"last-late","type":"paragraph"}"#,
        1,
    );
    assert!(text.find("last-late").unwrap() > text.len() / 2);
    let parsed: Step = flow_model::parse(&text).unwrap();
    assert_eq!(model(&parsed), step);
    // Arrays nested past serde_json's recursion limit after a late tag.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let text = format!(r#"{{"layout": [{{"text": "a", "type": "paragraph"}}], "model": {deep}, "id": "s"}}"#);
    let err = flow_model::parse::<Step>(&text).unwrap_err();
    let path = format!("/model{}", "/0".repeat(126));
    assert_eq!((err.path.as_str(), err.line, err.column), (path.as_str(), 1, 185), "{err}");
    assert!(err.message.contains("recursion limit exceeded"), "{err}");
}
