//! One view over both protocol generations: accessors give hosts the same
//! answer whether a 1.x or a current server sent the document.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

use std::time::Duration;

use flow_model::layout::Layout;
use flow_model::LaunchConfig;
use flow_model::{parse, Behavior, Polling, ResponseType, Schema, StackBehavior, Step};

fn layout(json: &str) -> Layout {
    parse(json).expect("parses")
}

#[test]
fn polling_wait_prefers_delay_then_interval() {
    let current: Polling =
        parse(r#"{"url": "/s", "delay": 5, "interval": 9, "timeout": 30, "maxAttempts": 3}"#)
            .expect("parses");
    assert_eq!(current.wait(), Some(Duration::from_secs(5)));
    assert_eq!(current.request_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(current.attempts(), Some(3));
    let legacy: Polling = parse(r#"{"url": "/s", "interval": 9, "maxAttempts": 0}"#).expect("parses");
    assert_eq!(legacy.wait(), Some(Duration::from_secs(9)));
    assert_eq!(legacy.request_timeout(), None);
    assert_eq!(legacy.attempts(), None);
    let broken: Polling = parse(r#"{"url": "/s", "delay": -1, "timeout": 0}"#).expect("parses");
    assert_eq!(broken.wait(), None);
    assert_eq!(broken.request_timeout(), None);
}

#[test]
fn on_error_prefers_behavior_then_wraps_the_legacy_action() {
    let both: Polling =
        parse(r#"{"onError": {"behavior": {"type": "refresh"}, "action": {"url": "/legacy"}}}"#)
            .expect("parses");
    assert!(matches!(both.on_error_behavior().as_deref(), Some(Behavior::Refresh(_))));
    let legacy: Polling =
        parse(r#"{"onError": {"action": {"url": "/legacy", "method": "GET"}}}"#).expect("parses");
    let behavior = legacy.on_error_behavior().expect("wrapped");
    let action = behavior.as_action().expect("an action behavior");
    assert_eq!((action.url.as_deref(), action.method()), (Some("/legacy"), "GET".to_owned()));
    let none: Polling = parse(r#"{"onError": {}}"#).expect("parses");
    assert!(none.on_error_behavior().is_none());
}

#[test]
fn buttons_of_both_generations_give_a_label_and_a_behavior() {
    let Layout::Button(current) =
        layout(r#"{"type": "button", "title": "Pay", "behavior": {"type": "link", "url": "https://x"}}"#)
    else {
        panic!("a button")
    };
    assert_eq!(current.label(), "Pay");
    assert!(matches!(current.behavior().as_deref(), Some(Behavior::Link(l)) if l.url == "https://x"));
    let Layout::Button(legacy) = layout(
        r#"{"type": "button", "action": {"title": "Next", "type": "primary", "url": "/n", "disabled": true}}"#,
    ) else {
        panic!("a button")
    };
    assert_eq!(legacy.label(), "Next");
    let behavior = legacy.behavior().expect("the 1.x action, wrapped");
    let action = behavior.as_action().expect("an action");
    assert_eq!(action.url.as_deref(), Some("/n"));
    assert_eq!(action.extra["type"], "primary");
    let Layout::Button(labelled) = layout(r#"{"type": "button", "action": {"label": "Skip", "url": "/s"}}"#)
    else {
        panic!("a button")
    };
    assert_eq!(labelled.label(), "Skip");
}

#[test]
fn decision_options_of_every_generation_give_a_label_and_a_behavior() {
    let Layout::Decision(d) = layout(
        r#"{"type": "decision", "options": [
            {"title": "Card", "behavior": {"type": "action", "action": {"url": "/card"}}},
            {"title": "Bank", "action": {"url": "/bank"}},
            {"text": "Pay by card", "icon": "card", "action": {"label": "Card (early 1.x)", "url": "/early"}}
        ]}"#,
    ) else {
        panic!("a decision")
    };
    let labels: Vec<&str> = d.options.iter().map(|o| o.label()).collect();
    assert_eq!(labels, ["Card", "Bank", "Card (early 1.x)"]);
    let urls: Vec<String> = d
        .options
        .iter()
        .map(|o| o.behavior().and_then(|b| b.as_action().and_then(|a| a.url.clone())).expect("url"))
        .collect();
    assert_eq!(urls, ["/card", "/bank", "/early"]);
    assert_eq!(d.options[2].text.as_deref(), Some("Pay by card"));
}

#[test]
fn forms_name_their_schema_in_both_generations() {
    let Layout::Form(current) = layout(r##"{"type": "form", "schemaId": "#a"}"##) else { panic!("a form") };
    assert_eq!(current.target_schema_id(), Some("#a"));
    let Layout::Form(legacy) = layout(r##"{"type": "form", "schema": {"$ref": "#b"}}"##) else {
        panic!("a form")
    };
    assert_eq!(legacy.target_schema_id(), Some("#b"));
}

#[test]
fn modal_triggers_read_from_trigger_or_title() {
    let Layout::Modal(current) =
        layout(r#"{"type": "modal", "trigger": {"title": "Open"}, "content": {"components": []}}"#)
    else {
        panic!("a modal")
    };
    assert_eq!(current.trigger_title(), "Open");
    let Layout::Modal(older) = layout(r#"{"type": "modal", "title": "More", "content": {"components": []}}"#)
    else {
        panic!("a modal")
    };
    assert_eq!(older.trigger_title(), "More");
}

#[test]
fn triggers_find_every_behavior_and_action_of_a_component() {
    let review = layout(
        r#"{"type": "review", "fields": [{"label": "a", "value": "1", "callToAction": {"title": "Copy", "behavior": {"type": "copy", "content": "1"}}}],
            "callToAction": {"title": "Edit", "behavior": {"type": "action", "action": {"url": "/edit"}}},
            "action": {"url": "/legacy-edit", "title": "Change"}}"#,
    );
    let found: Vec<(String, Option<String>)> = review
        .triggers()
        .iter()
        .map(|t| (t.path.clone(), t.resolve().and_then(|b| b.type_name().map(str::to_owned))))
        .collect();
    assert_eq!(
        found,
        [
            ("fields/0/callToAction".to_owned(), Some("copy".to_owned())),
            ("callToAction".to_owned(), Some("action".to_owned())),
            (String::new(), Some("action".to_owned())),
        ]
    );
    assert!(!review.triggers()[2].required);
    let list = layout(
        r#"{"type": "list", "items": [{"title": "x", "callToAction": {"title": "Go", "action": {"url": "/go"}}}]}"#,
    );
    assert_eq!(list.triggers()[0].path, "items/0/callToAction");
    assert!(list.triggers()[0].resolve().is_some());
    assert!(layout(r#"{"type": "paragraph", "text": "none"}"#).triggers().is_empty());
}

#[test]
fn layout_children_name_their_wire_paths() {
    let tabs = layout(
        r#"{"type": "tabs", "tabs": [{"title": "A", "components": [{"type": "divider"}]}, {"title": "B", "components": [{"type": "divider"}, {"type": "divider"}]}]}"#,
    );
    let paths: Vec<String> = tabs.children().into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["tabs/0/components/0", "tabs/1/components/0", "tabs/1/components/1"]);
    let columns =
        layout(r#"{"type": "columns", "left": [{"type": "divider"}], "right": [{"type": "divider"}]}"#);
    let paths: Vec<String> = columns.children().into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["left/0", "right/0"]);
}

#[test]
fn schemas_give_common_members_whatever_their_kind() {
    let schemas: Vec<Schema> = parse(
        r##"[{"$id": "#o", "type": "object", "title": "O", "properties": {}, "help": {"markdown": "h"}, "refreshStepOnChange": true},
            {"$id": "#t", "type": "array", "items": [{"type": "string"}], "description": "pair", "hidden": true},
            {"$id": "#c", "const": 1, "title": "One"},
            {"$id": "#u", "type": "colour", "title": "U", "refreshStepOnChange": true}]"##,
    )
    .expect("parses");
    let ids: Vec<_> = schemas.iter().map(Schema::id).collect();
    assert_eq!(ids, [Some("#o"), Some("#t"), Some("#c"), Some("#u")]);
    assert!(matches!(&schemas[1], Schema::Tuple(t) if t.items.len() == 1));
    assert_eq!(schemas[1].description(), Some("pair"));
    assert!(schemas[1].is_hidden());
    assert_eq!(schemas[0].help().map(|h| h.markdown.as_str()), Some("h"));
    assert!(schemas[0].refreshes_step_on_change() && schemas[3].refreshes_step_on_change());
    assert_eq!(schemas[2].title(), Some("One"));
    assert_eq!(schemas[1].children().len(), 1);
    assert!(schemas[3].extra().is_none());
}

#[test]
fn subflow_launch_configs_are_read_leniently() {
    let Behavior::Subflow(dynamic) = parse::<Behavior>(
        r#"{"type": "subflow", "referrerId": "r", "launchConfig": {"type": "dynamic", "request": {"url": "/start"}, "presentation": {"type": "modal"}}}"#,
    )
    .expect("parses") else {
        panic!("a subflow")
    };
    match dynamic.launch() {
        LaunchConfig::Dynamic { request, presentation } => {
            assert_eq!(request.url.as_deref(), Some("/start"));
            assert_eq!(request.method(), "POST");
            assert_eq!(presentation.as_deref(), Some("modal"));
        }
        other => panic!("expected a dynamic launch, got {other:?}"),
    }
    let Behavior::Subflow(native) =
        parse::<Behavior>(r#"{"type": "subflow", "launchConfig": {"type": "native", "route": "kyc"}}"#)
            .expect("parses")
    else {
        panic!("a subflow")
    };
    assert!(matches!(native.launch(), LaunchConfig::Other(v) if v["route"] == "kyc"));
}

#[test]
fn step_defaults_follow_the_spec() {
    let step: Step = parse(r#"{"id": "s", "layout": []}"#).expect("parses");
    assert_eq!(step.title(), "");
    assert!(step.schemas().is_empty() && step.link_handlers().is_empty());
    assert_eq!(step.stack_behavior(), StackBehavior::Default);
    let step: Step =
        parse(r#"{"id": "s", "layout": [], "navigation": {"stackBehavior": "remove-all"}}"#).expect("parses");
    assert_eq!(step.stack_behavior(), StackBehavior::RemoveAll);
}

#[test]
fn actions_default_to_post_and_get_sends_no_body() {
    let action: flow_model::Action = parse(r#"{"url": "/x"}"#).expect("parses");
    assert_eq!(action.method(), "POST");
    assert!(action.sends_body() && !action.is_exit());
    let action: flow_model::Action =
        parse(r#"{"url": "/x", "method": " get ", "exit": true}"#).expect("parses");
    assert_eq!(action.method(), "GET");
    assert!(!action.sends_body() && action.is_exit());
}

#[test]
fn response_type_header_values_are_trimmed_and_case_insensitive() {
    assert_eq!(ResponseType::parse(" Step\t"), ResponseType::Step);
    assert_eq!(ResponseType::parse("ACTION"), ResponseType::Action);
    assert_eq!(ResponseType::parse("No-Op"), ResponseType::NoOp);
    assert_eq!(ResponseType::parse_bytes(b"subflow"), ResponseType::Subflow);
    assert_eq!(ResponseType::parse(" Teleport "), ResponseType::Unknown("Teleport".into()));
    assert_eq!(ResponseType::parse_bytes(b"\xffx").as_str(), "\u{fffd}x");
}
