//! Criteria come from outside the process (command lines, OpenAPI documents,
//! filter JSON): no input may panic their parsers, and every failure must say
//! where (a byte offset inside the condition, a JSON path inside a filter).

use flow_poll::criteria::{parse_condition, parse_response_filter};
use proptest::prelude::*;
use serde_json::Value;

/// Condition-like text: the grammar's own pieces, mixed with arbitrary
/// (also multi-byte) characters.
fn condition_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("$statusCode".to_owned()),
        Just("$response.body#/info/status".to_owned()),
        Just("$response.header.content-type".to_owned()),
        Just(" == ".to_owned()),
        Just(" != ".to_owned()),
        Just(" >= ".to_owned()),
        Just(" && ".to_owned()),
        Just(" || ".to_owned()),
        Just("'it''s'".to_owned()),
        Just("\"é\"".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("200".to_owned()),
        Just("-1.5e3".to_owned()),
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|parts| parts.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just("$gt".to_owned()),
            Just("$between".to_owned()),
            Just("$not".to_owned()),
            "\\PC{0,6}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("status".to_owned()),
                    Just("headers".to_owned()),
                    Just("body".to_owned()),
                    Just("$startsWith".to_owned()),
                    Just("$between".to_owned()),
                    "\\PC{0,5}"
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arazzo_conditions_never_panic_and_errors_point_inside_the_input(text in condition_text()) {
        if let Err(error) = parse_condition(&text) {
            prop_assert_eq!(error.input(), text.as_str());
            prop_assert!(error.offset() <= text.len(), "offset {} past {:?}", error.offset(), text);
            prop_assert!(text.is_char_boundary(error.offset()), "offset {} inside a character of {:?}", error.offset(), text);
        }
    }

    #[test]
    fn event_filters_never_panic(filter in json_value()) {
        let _ = parse_response_filter(&filter);
    }
}
