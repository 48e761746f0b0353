//! `FlowHandle::screen`: the current step with the values last submitted on
//! it and the errors it shows (its own, an Error Response Body's, a failed
//! client-side validation's), until another step is shown.

use serde_json::json;

use flow_runtime::screen::{FieldKind, Node};

use crate::support::*;

fn form() -> serde_json::Value {
    json!({"id": "form", "title": "Amount", "model": {"amount": 5},
           "errors": {"validation": {"amount": "Check this"}},
           "schemas": [{"$id": "amount", "type": "object", "required": ["amount"],
                        "properties": {"amount": {"type": "number", "title": "Amount", "minimum": 1}}}],
           "layout": [{"type": "form", "schemaId": "amount"},
                      {"type": "button", "title": "Send",
                       "behavior": {"type": "action", "action": {"id": "send", "url": "/submit"}}}]})
}

#[tokio::test(start_paused = true)]
async fn the_handles_screen_shows_the_submitted_values_and_the_servers_errors() {
    let server = Harness::server();
    server.route(
        "POST /submit",
        [
            json(json!({"error": "Rates moved", "validation": {"amount": "Too much now"}})).with_status(422),
            json(json!({"id": "next", "layout": [{"type": "form", "schemaId": "amount"}],
            "schemas": [{"$id": "amount", "type": "object", "properties": {"amount": {"type": "number"}}}]})),
        ],
    );
    let h = Harness::from_step(server, form());
    h.flow.idle().await;
    // As it arrived: the model and the step's own errors.
    let screen = h.flow.screen().expect("a step is shown");
    assert_eq!(screen.step_id, "form");
    let amount = screen.field("/amount").unwrap();
    assert_eq!(amount.kind, FieldKind::Number);
    assert_eq!(amount.value, Some(json!(5)));
    assert_eq!(amount.error.as_deref(), Some("Check this"));
    assert!(matches!(screen.nodes[1], Node::Button(_)));
    // A failed client-side validation: its message, with the values sent.
    assert!(h.flow.trigger_id("send", json!({"amount": 0})).await.is_err());
    let screen = h.flow.screen().unwrap();
    assert_eq!(screen.field("/amount").unwrap().value, Some(json!(0)));
    assert_eq!(screen.field("/amount").unwrap().error.as_deref(), Some("Must be at least 1"));
    // The server's Error Response Body, by the id the screen's trigger carries.
    let id = screen.choices()[0].trigger.action_id.clone().unwrap();
    h.flow.trigger_id(&id, json!({"amount": 900})).await.unwrap();
    let screen = h.flow.snapshot().screen().unwrap();
    assert_eq!(screen.errors.error.as_deref(), Some("Rates moved"));
    assert_eq!(screen.field("/amount").unwrap().error.as_deref(), Some("Too much now"));
    assert_eq!(screen.field("/amount").unwrap().value, Some(json!(900)));
    // Another step: its own (no) errors.
    h.flow.trigger_id(&id, json!({"amount": 2})).await.unwrap();
    let screen = h.flow.screen().unwrap();
    assert_eq!(screen.step_id, "next");
    assert!(screen.errors.is_empty());
    // The values submitted on the step before are not this step's.
    assert_eq!(screen.field("/amount").unwrap().value, None);
}
