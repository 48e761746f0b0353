//! `Action::new` and its `with_*` setters: every member set by them reads
//! back as it was written, and members left unset stay absent.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

use flow_model::Action;
use serde_json::{json, Value};

fn round_trip(action: &Action) -> (Value, Action) {
    let text = serde_json::to_string(action).unwrap();
    let back: Action = flow_model::parse(&text).unwrap();
    (serde_json::from_str(&text).unwrap(), back)
}

#[test]
fn new_sets_only_the_url() {
    let action = Action::new("/next");
    let mut expected = Action::default();
    expected.url = Some("/next".to_owned());
    assert_eq!(action, expected);
    let (json, back) = round_trip(&action);
    assert_eq!(json, json!({"url": "/next"}));
    assert_eq!(back, action);
}

#[test]
fn every_setter_sets_its_member_and_survives_a_round_trip() {
    let action = Action::new("/pay")
        .with_method("put")
        .with_data(json!({"plan": "gold"}))
        .with_exit(false)
        .with_result(json!({"paid": true}))
        .with_id("pay-button")
        .with_skip_validation(true)
        .with_timeout(30);
    assert_eq!(action.method(), "PUT");
    let (json, back) = round_trip(&action);
    assert_eq!(
        json,
        json!({"url": "/pay", "method": "put", "data": {"plan": "gold"}, "exit": false,
               "result": {"paid": true}, "id": "pay-button", "skipValidation": true, "timeout": 30}),
    );
    assert_eq!(back, action);
    assert!(back.extra.is_empty());
}

#[test]
fn a_null_data_or_result_is_kept_as_null() {
    let action = Action::default().with_exit(true).with_data(Value::Null).with_result(Value::Null);
    let (json, back) = round_trip(&action);
    assert_eq!(json, json!({"data": null, "exit": true, "result": null}));
    assert_eq!(back, action);
}
