//! Rendering: the order of choices, every component's text, and insta
//! snapshots of whole screens (review, decision, a form with a select, a
//! nested object and a oneOf, alerts and markdown, buttons).

use serde_json::{json, Value};

use super::*;

fn step(value: Value) -> Step {
    serde_json::from_value(value).unwrap()
}

fn text(value: Value) -> String {
    console::set_colors_enabled(false);
    render_step(&step(value)).text
}

#[test]
fn calls_to_action_inside_alerts_and_items_are_choices() {
    let cta = |t: &str| json!({"title": t, "behavior": {"type": "action", "action": {"url": "/x"}}});
    let s = step(json!({
        "id": "s", "layout": [
            {"type": "alert", "markdown": "m", "callToAction": cta("Fix")},
            {"type": "list", "items": [{"title": "i", "callToAction": cta("Open")}]},
            {"type": "review", "fields": [{"label": "l", "value": "v", "callToAction": cta("Change")}]},
            {"type": "status-list", "items": [{"title": "t", "callToAction": cta("Retry")}]}
        ]
    }));
    let labels: Vec<String> = choices(&s).into_iter().map(|c| c.label).collect();
    assert_eq!(labels, ["Fix", "Open", "Change", "Retry"]);
}

#[test]
fn rendered_numbers_are_the_screens_choices() {
    let action = |url: &str| json!({"type": "action", "action": {"url": url}});
    let s = step(json!({"id": "s", "layout": [
        {"type": "section", "title": "S", "components": [{"type": "button", "title": "Inner", "behavior": action("/i")}],
         "callToAction": {"title": "Outer", "behavior": action("/o")}},
        {"type": "columns", "left": [{"type": "button", "title": "L", "behavior": action("/l")}],
         "right": [{"type": "decision", "options": [{"title": "R", "behavior": action("/r")}]}]},
        {"type": "modal", "trigger": {"title": "More"}, "content": {"components": [
            {"type": "button", "title": "M", "behavior": action("/m")}]}}
    ]}));
    let rendered: Vec<String> = render_step(&s).choices.into_iter().map(|c| c.label).collect();
    let screen: Vec<String> = choices(&s).into_iter().map(|c| c.label).collect();
    assert_eq!(rendered, ["Inner", "Outer", "L", "R", "M"]);
    assert_eq!(rendered, screen);
}

#[test]
fn renders_every_component_and_numbers_choices_in_order() {
    let s = step(json!({
        "id": "s", "title": "Pay", "description": "Choose",
        "layout": [
            {"type": "heading", "text": "Hello"},
            {"type": "alert", "markdown": "Careful", "context": "warning"},
            {"type": "review", "title": "Summary", "fields": [{"label": "Amount", "value": "10 GBP"}]},
            {"type": "decision", "options": [
                {"title": "Bank", "behavior": {"type": "action", "action": {"url": "/bank"}}},
                {"title": "Card", "action": {"url": "/card"}}
            ]},
            {"type": "image", "url": "https://x.test/i.png", "text": "Logo"},
            {"type": "loading-indicator"},
            {"type": "hologram"},
            {"type": "button", "title": "Later", "disabled": true, "behavior": {"type": "dismiss"}},
            {"type": "button", "action": {"title": "Go", "url": "/go"}}
        ]
    }));
    console::set_colors_enabled(false);
    let r = render_step(&s);
    assert_eq!(
        r.text,
        "══ Pay ══\nChoose\nHello\n⚠ Careful\nSummary\nAmount: 10 GBP\n[1] Bank\n[2] Card\n\
         Image: Logo <https://x.test/i.png>\nLoading…\n(unsupported component: hologram)\n[-] Later (disabled)\n[3] Go\n"
    );
    let labels: Vec<&str> = r.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Bank", "Card", "Go"]);
}

#[test]
fn snapshot_review() {
    insta::assert_snapshot!(text(json!({
        "id": "review", "title": "Check the details", "description": "Nothing is sent yet.",
        "layout": [
            {"type": "review", "title": "You send", "fields": [
                {"label": "Amount", "value": "250 GBP", "help": {"markdown": "Fees **included**"}},
                {"label": "Recipient", "value": "Ada Lovelace",
                 "callToAction": {"title": "Change recipient", "behavior": {"type": "action", "action": {"url": "/recipient"}}}}],
             "action": {"url": "/edit", "title": "Edit"}},
            {"type": "button", "title": "Confirm", "behavior": {"type": "action", "action": {"url": "/confirm"}}}
        ]
    })));
}

#[test]
fn snapshot_decision() {
    insta::assert_snapshot!(text(json!({
        "id": "decision", "title": "How do you want to pay?",
        "layout": [
            {"type": "decision", "title": "Payment method", "options": [
                {"title": "Bank transfer", "description": "1-2 working days",
                 "behavior": {"type": "action", "action": {"url": "/bank", "id": "bank"}}},
                {"title": "Card", "description": "Instant, 1% fee", "action": {"url": "/card"}},
                {"title": "Cash", "description": "Not available here", "disabled": true,
                 "behavior": {"type": "action", "action": {"url": "/cash"}}},
                {"title": "", "text": "The earliest servers' option", "action": {"url": "/old", "label": "Cheque"}}
            ]}
        ]
    })));
}

#[test]
fn snapshot_form_with_select_nested_object_and_one_of() {
    let currencies: Vec<Value> = ["GBP", "EUR", "USD", "JPY", "CHF", "AUD", "CAD"]
        .iter()
        .map(|c| json!({"const": c, "title": format!("Currency {c}")}))
        .collect();
    insta::assert_snapshot!(text(json!({
        "id": "form", "title": "Send money",
        "schemas": [{"$id": "payment", "type": "object", "title": "Payment", "description": "Who and how much",
            "required": ["amount", "currency", "recipient", "method"],
            "displayOrder": ["amount", "currency", "express", "recipient", "method", "note", "when"],
            "properties": {
                "amount": {"type": "number", "title": "Amount", "minimum": 1, "placeholder": "100",
                           "help": {"markdown": "In the currency below"}},
                "currency": {"title": "Currency", "oneOf": currencies},
                "express": {"type": "boolean", "title": "Express delivery", "default": false},
                "recipient": {"type": "object", "title": "Recipient", "required": ["name"],
                    "displayOrder": ["name", "address"],
                    "properties": {
                        "name": {"type": "string", "title": "Full name"},
                        "address": {"type": "object", "title": "Address", "properties": {
                            "city": {"type": "string", "title": "City", "description": "Town or city"}}}}},
                "method": {"title": "Pay by", "oneOf": [
                    {"type": "object", "title": "Bank account", "description": "IBAN",
                     "properties": {"type": {"const": "bank"}, "iban": {"type": "string", "title": "IBAN"}}},
                    {"type": "object", "title": "Card",
                     "properties": {"type": {"const": "card"}, "number": {"type": "string", "title": "Card number"}}}]},
                "note": {"type": "string", "title": "Note", "maxLength": 18},
                "when": {"type": "string", "format": "date", "title": "Send on"},
                "token": {"type": "string", "hidden": true},
                "kind": {"const": "transfer"}
            }}],
        "model": {"amount": 250, "currency": "EUR", "recipient": {"name": "Ada"}, "method": {"type": "bank"}},
        "errors": {"error": "Please check the form", "validation": {"recipient": {"name": "Use the full name"}}},
        "layout": [
            {"type": "form", "schemaId": "payment"},
            {"type": "button", "title": "Continue", "behavior": {"type": "action", "action": {"url": "/pay"}}}
        ]
    })));
}

#[test]
fn snapshot_alert_and_markdown() {
    insta::assert_snapshot!(text(json!({
        "id": "notes", "title": "Before you start",
        "layout": [
            {"type": "markdown", "content": "# Terms\n\nRead the [terms](https://x.test/terms) **first**.\n\n- one\n- two"},
            {"type": "alert", "markdown": "Rates change *often*", "context": "warning"},
            {"type": "alert", "markdown": "Transfer sent", "context": "positive"},
            {"type": "alert", "markdown": "Card declined", "context": "negative",
             "callToAction": {"title": "Try another card", "behavior": {"type": "action", "action": {"url": "/card"}}}},
            {"type": "info", "markdown": "An old **info** block"},
            {"type": "instructions", "title": "Do and don't", "items": [
                {"text": "Use your legal name", "context": "positive"},
                {"text": "Use a nickname", "context": "negative"}]},
            {"type": "status-list", "title": "Progress", "items": [
                {"title": "Details", "status": "done"}, {"title": "Check", "status": "pending", "description": "a minute"}]},
            {"type": "loading-indicator"}
        ]
    })));
}

#[test]
fn snapshot_buttons() {
    insta::assert_snapshot!(text(json!({
        "id": "buttons", "title": "Done",
        "layout": [
            {"type": "paragraph", "text": "Your money is on its way."},
            {"type": "box", "components": [
                {"type": "button", "title": "Receipt", "behavior": {"type": "link", "url": "https://x.test/r"}},
                {"type": "button", "title": "Copy reference", "behavior": {"type": "copy", "content": "REF-1"}}]},
            {"type": "divider"},
            {"type": "button", "title": "Not yet", "disabled": true, "behavior": {"type": "action", "action": {"url": "/x"}}},
            {"type": "button", "action": {"title": "Finish (1.x)", "url": "/finish", "exit": true}},
            {"type": "button", "title": "Nothing to do"}
        ]
    })));
}

/// Each early 1.x fixture of flow-model (spec §8), normalized as the runtime
/// does, renders as a whole screen: nothing of it is lost to the 1.x shapes.
#[test]
fn snapshot_early_1x_fixtures() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../flow-model/tests/fixtures/steps/early");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 4, "{}", dir.display());
    console::set_colors_enabled(false);
    for path in names {
        let raw: Step = flow_model::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        insta::assert_snapshot!(format!("early_{name}"), render_step(&raw.normalized()).text);
    }
}
