//! Field resolution, triggers, nodes and [`FormState`].

use serde_json::{json, Value};

use super::*;

fn step(value: Value) -> Step {
    serde_json::from_value(value).unwrap()
}

fn form_step(schema: Value, model: Value, errors: Value) -> Step {
    step(json!({
        "id": "s", "title": "T",
        "schemas": [schema],
        "layout": [{"type": "form", "schemaId": "f"}],
        "model": model,
        "errors": errors,
    }))
}

fn fields(step: &Step) -> Vec<Field> {
    match &Screen::from_step(step).nodes[0] {
        Node::Form(form) => form.fields.clone(),
        other => panic!("not a form: {other:?}"),
    }
}

fn kinds_schema() -> Value {
    json!({"$id": "f", "type": "object",
    "displayOrder": ["name", "age", "amount", "agree", "born", "currency", "size", "tags",
                     "doc", "blob", "secret", "pin", "kind", "notes", "mystery"],
    "required": ["name", "currency"],
    "properties": {
        "name": {"type": "string", "title": "Name", "placeholder": "Ada", "minLength": 2,
                 "help": {"markdown": "As on your passport"}},
        "age": {"type": "integer", "minimum": 18},
        "amount": {"type": "number", "default": 10},
        "agree": {"type": "boolean", "default": false},
        "born": {"type": "string", "format": "date"},
        "currency": {"title": "Currency", "oneOf": [
            {"const": "GBP", "title": "Pound", "description": "UK"}, {"const": "EUR"}]},
        "size": {"control": "radio", "oneOf": [{"const": "s"}, {"const": "m"}]},
        "tags": {"type": "array", "minItems": 1, "items": {"oneOf": [{"const": "a"}, {"const": "b"}]}},
        "doc": {"type": "string", "format": "base64url"},
        "blob": {"type": "blob"},
        "secret": {"type": "string", "control": "password"},
        "pin": {"type": "string", "hidden": true},
        "kind": {"const": "transfer"},
        "notes": {"type": "array", "items": {"type": "string"}},
        "mystery": {"type": "hologram"}
    }})
}

#[test]
fn every_kind_in_display_order() {
    let f = fields(&form_step(kinds_schema(), json!({}), Value::Null));
    let got: Vec<(&str, FieldKind)> = f.iter().map(|f| (f.path.as_str(), f.kind)).collect();
    assert_eq!(
        got,
        [
            ("/name", FieldKind::Text),
            ("/age", FieldKind::Integer),
            ("/amount", FieldKind::Number),
            ("/agree", FieldKind::Boolean),
            ("/born", FieldKind::Date),
            ("/currency", FieldKind::Select),
            ("/size", FieldKind::Radio),
            ("/tags", FieldKind::MultiSelect),
            ("/doc", FieldKind::File),
            ("/blob", FieldKind::File),
            ("/secret", FieldKind::Password),
            ("/pin", FieldKind::Text),
            ("/kind", FieldKind::Const),
            ("/notes", FieldKind::List),
            ("/mystery", FieldKind::Unknown),
        ]
    );
    assert_eq!(f[0].title.as_deref(), Some("Name"));
    assert_eq!(f[0].placeholder.as_deref(), Some("Ada"));
    assert_eq!(f[0].help.as_deref(), Some("As on your passport"));
    assert_eq!(f[0].rules[0].message, "Must be at least 2 characters");
    assert_eq!(f[1].rules[0].message, "Must be at least 18");
    assert_eq!(f[2].default, Some(json!(10)));
    assert_eq!(f[3].default, Some(json!(false)));
    assert_eq!(f[4].format.as_deref(), Some("date"));
    let currency = &f[5];
    assert_eq!(currency.choices.len(), 2);
    assert_eq!(currency.choices[0].title, "Pound");
    assert_eq!(currency.choices[0].description.as_deref(), Some("UK"));
    assert_eq!(currency.choices[1].title, "EUR", "a const without title reads as its value");
    assert_eq!(f[7].choices.len(), 2);
    assert_eq!(f[7].rules[0].message, "Choose at least 1");
    assert!(f[11].hidden && !f[11].is_visible());
    assert_eq!(f[12].default, Some(json!("transfer")));
    assert!(!f[12].is_visible());
    assert_eq!(f[13].item.as_ref().map(|i| i.path.as_str()), Some("/notes/-"));
    assert_eq!(f[13].item.as_ref().map(|i| i.kind), Some(FieldKind::Text));
}

#[test]
fn properties_outside_display_order_follow_in_key_order() {
    let f = fields(&form_step(
        json!({"$id": "f", "type": "object", "displayOrder": ["z", "ghost"],
               "properties": {"b": {"type": "string"}, "a": {"type": "string"}, "z": {"type": "string"}}}),
        Value::Null,
        Value::Null,
    ));
    let paths: Vec<&str> = f.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["/z", "/a", "/b"]);
}

#[test]
fn required_paths_values_and_errors_by_path() {
    let schema = json!({"$id": "f", "type": "object", "required": ["name", "address"],
    "properties": {
        "name": {"type": "string", "validationMessages": {"required": "Tell us your name"}},
        "address": {"type": "object", "title": "Address", "required": ["city"],
                    "properties": {"city": {"type": "string"}, "a/b": {"type": "string"}}},
        "nick": {"type": "string"}
    }});
    let step = form_step(
        schema,
        json!({"name": "Ada", "address": {"city": "Lo"}}),
        json!({"error": "Check the form", "validation": {"address": {"city": "Unknown city"}, "other": "x"}}),
    );
    let screen = Screen::from_step(&step);
    let f = fields(&step);
    assert_eq!(f[0].path, "/address");
    assert_eq!(f[0].kind, FieldKind::Group);
    assert!(f[0].required);
    let nested: Vec<&str> = f[0].fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(nested, ["/address/a~1b", "/address/city"]);
    let city = &f[0].fields[1];
    assert!(city.required);
    assert_eq!(city.required_message.as_deref(), Some("Required"));
    assert_eq!(city.value, Some(json!("Lo")));
    assert_eq!(city.error.as_deref(), Some("Unknown city"));
    assert_eq!(f[1].path, "/name");
    assert_eq!(f[1].required_message.as_deref(), Some("Tell us your name"));
    assert_eq!(f[1].error, None);
    assert!(!f[2].required);
    assert_eq!(screen.errors.error.as_deref(), Some("Check the form"));
    assert_eq!(screen.errors.at("/other"), Some("x"));
    assert_eq!(screen.field("/address/city").map(|f| f.label()), Some("city"));
    assert_eq!(screen.fields().len(), 5);
}

#[test]
fn one_of_objects_are_groups_of_alternatives() {
    let schema = json!({"$id": "f", "type": "object", "properties": {
    "method": {"title": "Method", "oneOf": [
        {"type": "object", "title": "Bank", "required": ["iban"], "properties": {
            "type": {"const": "bank"}, "iban": {"type": "string"}}},
        {"type": "object", "title": "Card", "required": ["number"], "properties": {
            "type": {"const": "card"}, "number": {"type": "string"}}}
    ]}}});
    let f = fields(&form_step(schema.clone(), json!({"method": {"type": "card"}}), Value::Null));
    let method = &f[0];
    assert_eq!(method.kind, FieldKind::OneOfGroup);
    let titles: Vec<&str> = method.alternatives.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Bank", "Card"]);
    assert_eq!(method.alternatives[1].fields[0].path, "/method/number");
    assert!(method.alternatives[1].selected, "the discriminator const matches");
    assert!(!method.alternatives[0].selected);
    let f = fields(&form_step(schema, json!({"method": {"type": "bank", "iban": "X"}}), Value::Null));
    assert!(f[0].alternatives[0].selected, "the value satisfies the first alternative");
    // A oneOf at the root: one field at "".
    let root = fields(&form_step(
        json!({"$id": "f", "oneOf": [{"type": "object", "title": "A", "properties": {"a": {"type": "string"}}},
                                     {"type": "string", "title": "B"}]}),
        Value::Null,
        Value::Null,
    ));
    assert_eq!(root[0].path, "");
    assert_eq!(root[0].alternatives[0].fields[0].path, "/a");
    assert_eq!(root[0].alternatives[1].fields[0].path, "");
}

#[test]
fn nodes_for_every_component_and_choices_in_order() {
    let action = |id: &str| json!({"type": "action", "action": {"id": id, "url": format!("/{id}")}});
    let s = step(json!({"id": "s", "title": "All", "description": "d",
        "navigation": {"back": {"title": "Back to start", "action": {"url": "/back"}}},
        "layout": [
        {"type": "heading", "text": "H", "size": "lg"},
        {"type": "paragraph", "text": "P"},
        {"type": "markdown", "content": "**M**"},
        {"type": "info", "markdown": "I"},
        {"type": "alert", "markdown": "A", "context": "warning",
         "callToAction": {"title": "Fix", "behavior": action("fix")}},
        {"type": "image", "url": "https://x.test/i.png", "text": "Logo"},
        {"type": "review", "title": "R", "fields": [{"label": "L", "value": "V", "help": {"markdown": "h"}}],
         "action": {"url": "/edit", "title": "Change"}},
        {"type": "decision", "title": "D", "options": [
            {"title": "One", "description": "first", "behavior": action("one")},
            {"title": "Two", "disabled": true, "behavior": action("two")},
            {"title": "", "action": {"url": "/three", "label": "Three"}}]},
        {"type": "status-list", "items": [{"title": "S", "status": "done"}]},
        {"type": "list", "items": [{"title": "Li", "description": "ld"}]},
        {"type": "instructions", "items": [{"text": "Do", "context": "positive"}]},
        {"type": "loading-indicator"},
        {"type": "columns", "left": [{"type": "divider"}], "right": [{"type": "box", "components": [
            {"type": "button", "title": "Boxed", "behavior": action("boxed")}]}]},
        {"type": "section", "title": "Sec", "components": [{"type": "paragraph", "text": "in"}],
         "callToAction": {"title": "More", "behavior": {"type": "link", "url": "https://x.test"}}},
        {"type": "button", "action": {"title": "Legacy", "url": "/legacy", "id": "one"}},
        {"type": "hologram", "depth": 3}
    ]}));
    let screen = Screen::from_step(&s);
    assert_eq!(screen.back_title.as_deref(), Some("Back to start"));
    let types: Vec<Value> =
        screen.nodes.iter().map(|n| serde_json::to_value(n).unwrap()["type"].clone()).collect();
    assert_eq!(
        types,
        [
            "heading",
            "paragraph",
            "markdown",
            "info",
            "alert",
            "image",
            "review",
            "decision",
            "statusList",
            "list",
            "instructions",
            "loadingIndicator",
            "columns",
            "section",
            "button",
            "unknown"
        ]
    );
    let Node::Unknown(unknown) = &screen.nodes[15] else { panic!() };
    assert_eq!(unknown.type_name.as_deref(), Some("hologram"));
    assert_eq!(unknown.raw["depth"], 3);
    let choices: Vec<(&str, Option<&str>)> =
        screen.choices().iter().map(|c| (c.title, c.trigger.action_id.as_deref())).collect();
    assert_eq!(
        choices,
        [
            ("Fix", Some("fix")),
            ("Change", None),
            ("One", Some("one")),
            ("Three", None),
            ("Boxed", Some("boxed")),
            ("More", None),
            // Its id is the decision option's: trigger_id("one") runs the option.
            ("Legacy", None),
        ]
    );
    let more = screen.choices()[5].trigger;
    assert!(!more.is_action() && !more.validates);
    assert!(screen.choices()[0].trigger.validates);
    let json = serde_json::to_value(&screen).unwrap();
    assert_eq!(json["stepId"], "s");
    assert_eq!(json["nodes"][7]["options"][1]["disabled"], true);
    assert_eq!(json["nodes"][4]["callToAction"]["trigger"]["actionId"], "fix");
}

#[test]
fn forms_inline_1x_schemas_and_missing_ones() {
    let s = step(
        json!({"id": "s", "schemas": [{"$id": "a", "type": "object", "properties": {"x": {"type": "string"}}}],
        "layout": [
            {"type": "form", "schema": {"$ref": "a"}},
            {"type": "form", "schema": {"type": "object", "properties": {"y": {"type": "number"}}}},
            {"type": "form", "schemaId": "nowhere"}]}),
    );
    let screen = Screen::from_step(&s);
    let forms = screen.forms();
    assert_eq!(forms[0].schema_id.as_deref(), Some("a"));
    assert_eq!(forms[0].fields[0].path, "/x");
    assert_eq!(forms[1].fields[0].kind, FieldKind::Number);
    assert!(forms[2].fields.is_empty());
}

#[test]
fn form_state_sets_validates_and_builds_the_payload() {
    let s = form_step(
        json!({"$id": "f", "type": "object", "required": ["amount", "currency"], "properties": {
            "amount": {"type": "number", "minimum": 1, "validationMessages": {"required": "Enter an amount"}},
            "currency": {"oneOf": [{"const": "GBP"}, {"const": "EUR"}]},
            "kind": {"const": "transfer"},
            "address": {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}},
            "tags": {"type": "array", "items": {"type": "string"}}
        }}),
        json!({"currency": "EUR"}),
        Value::Null,
    );
    let mut form = FormState::new(&s);
    assert_eq!(form.values(), &json!({"currency": "EUR", "kind": "transfer"}));
    assert_eq!(form.validate_field("/amount").as_deref(), Some("Enter an amount"));
    assert_eq!(form.validate_field("/currency"), None);
    form.set("/amount", json!(0)).unwrap();
    assert_eq!(form.validate_field("/amount").as_deref(), Some("Must be at least 1"));
    form.set("/currency", json!("USD")).unwrap();
    assert_eq!(form.validate_field("/currency").as_deref(), Some("Choose one of the options"));
    form.set("/address", json!({})).unwrap();
    // A group's check reports its members.
    assert_eq!(form.validate_field("/address").as_deref(), Some("Required"));
    assert_eq!(
        form.validate_all(),
        // Schema order: properties in key order.
        [
            ("/address/city".to_owned(), "Required".to_owned()),
            ("/amount".to_owned(), "Must be at least 1".to_owned()),
            ("/currency".to_owned(), "Choose one of the options".to_owned()),
        ]
    );
    form.set("/amount", json!(5)).unwrap();
    form.set("/currency", json!("GBP")).unwrap();
    form.set("/address/city", json!("Leeds")).unwrap();
    form.set("/tags/-", json!("x")).unwrap();
    form.set("/tags/1", json!("y")).unwrap();
    assert!(form.set("/tags/7", json!("z")).is_err());
    assert!(form.set("nope", json!(1)).is_err());
    assert!(form.validate_all().is_empty());
    assert_eq!(
        form.payload(),
        json!({"amount": 5, "currency": "GBP", "kind": "transfer", "address": {"city": "Leeds"}, "tags": ["x", "y"]})
    );
    assert_eq!(form.remove("/tags/0"), Some(json!("x")));
    assert_eq!(form.remove("/address"), Some(json!({"city": "Leeds"})));
    assert_eq!(form.remove("/address"), None);
    // The screen of the state shows its values and the client's messages.
    form.set("/amount", json!(0)).unwrap();
    let screen = form.screen(None);
    let amount = screen.field("/amount").unwrap();
    assert_eq!(amount.value, Some(json!(0)));
    assert_eq!(amount.error.as_deref(), Some("Must be at least 1"));
    // The same report as the runtime's own validation.
    assert_eq!(form.report(), crate::flow::values::validate(s.schemas(), form.values()));
}

#[test]
fn payload_for_merges_the_action_data_as_the_runtime_does() {
    let s = step(json!({"id": "s", "layout": [
        {"type": "button", "title": "Go", "behavior": {"type": "action", "action": {"url": "/go", "data": {"extra": 1, "a": 9}}}}
    ]}));
    let screen = Screen::from_step(&s);
    let mut form = FormState::with_values(&s, json!({"a": 1}));
    let trigger = screen.choices()[0].trigger.clone();
    assert_eq!(form.payload_for(&trigger), json!({"a": 9, "extra": 1}));
    form.remove("");
    assert_eq!(form.payload(), json!({}));
}

#[test]
fn screen_types_are_send_and_sync() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Screen>();
    check::<Node>();
    check::<Field>();
    check::<FormState>();
    check::<Trigger>();
}
