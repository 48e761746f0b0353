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
