//! A realistic, large step (every layout kind of both generations, rich
//! schemas, nested boxes), shared by the `parse` bench and the tests that
//! prove the bench input is valid and round-trips.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

/// [`large_step`] as compact JSON with every object's `type` member first,
/// the way server-side builders (the Kotlin DSL, Jackson type info) emit it;
/// other members keep `serde_json`'s sorted order.
pub fn large_step_bytes(sections: usize) -> Vec<u8> {
    serde_json::to_vec(&TypeFirst(&large_step(sections))).expect("a Value always serializes")
}

/// Serializes a value with each object's `type` member first.
pub struct TypeFirst<'a>(pub &'a Value);

impl Serialize for TypeFirst<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                if let Some(kind) = map.get("type") {
                    out.serialize_entry("type", &TypeFirst(kind))?;
                }
                for (key, value) in map.iter().filter(|(k, _)| *k != "type") {
                    out.serialize_entry(key, &TypeFirst(value))?;
                }
                out.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(TypeFirst)),
            other => other.serialize(serializer),
        }
    }
}

/// A step of `sections` repeated sections; 12 sections are about 80 KB of
/// compact JSON.
pub fn large_step(sections: usize) -> Value {
    let mut layout = vec![
        json!({"type": "heading", "text": "Review your transfer", "size": "lg", "align": "center", "margin": "md"}),
        json!({"type": "form", "schemaId": "#details"}),
        json!({"type": "form", "schema": {"$ref": "#legacy"}}),
    ];
    for n in 0..sections {
        layout.extend(section(n));
    }
    layout.push(json!({"type": "button", "title": "Continue", "context": "positive", "pinOrder": 1,
        "behavior": {"type": "action", "action": {"url": "/transfers/confirm", "method": "POST", "id": "confirm",
            "data": {"confirmed": true}}}}));
    json!({
        "id": "transfer-review",
        "title": "Review your transfer",
        "description": "Check the details before you send money.",
        "control": "review",
        "schemas": [details_schema(), legacy_schema()],
        "layout": layout,
        "model": {"amount": 1250.5, "currency": "EUR", "recipient": {"name": "Ada Lovelace", "iban": "DE89370400440532013000"}},
        "refreshUrl": "/transfers/refresh",
        "polling": {"url": "/transfers/status?id=123", "delay": 5, "timeout": 30, "maxAttempts": 60,
            "onError": {"behavior": {"type": "action", "action": {"exit": true, "result": {"status": "timeout"}}}}},
        "linkHandlers": [{"regexPattern": "^https://wise\\.com/verify\\?token=[A-Za-z0-9]+$",
            "action": {"url": "/verify", "method": "POST"}}],
        "navigation": {"back": {"title": "Back", "action": {"url": "/transfers/back", "method": "GET"}},
            "stackBehavior": "replace-current"},
        "analytics": {"flow": "send-money", "variant": "b"},
        "errors": {"error": "", "validation": {}}
    })
}

fn section(n: usize) -> Vec<Value> {
    let action = |path: &str| json!({"url": format!("/transfers/{n}/{path}"), "method": "POST", "id": format!("{path}-{n}")});
    let behavior = |path: &str| json!({"type": "action", "action": action(path)});
    vec![
        json!({"type": "box", "width": "md", "border": true, "components": [
            {"type": "box", "components": [
                {"type": "box", "components": [
                    {"type": "heading", "text": format!("Section {n}"), "size": "md"},
                    {"type": "paragraph", "text": "Money arrives in seconds for most banks.", "align": "left"},
                    {"type": "markdown", "content": "**Fees** are shown *before* you pay. [Learn more](https://wise.com/fees)", "align": "left"},
                    {"type": "box", "components": [
                        {"type": "alert", "markdown": "Rates are changing fast right now.", "context": "warning",
                            "callToAction": {"title": "See rate", "behavior": {"type": "link", "url": "https://wise.com/rates"}}},
                        {"type": "image", "url": "https://wise.com/images/illustration.png", "accessibilityDescription": "A globe", "size": "md"},
                        {"type": "divider", "margin": "sm"},
                        {"type": "info", "markdown": "### Good to know\n - one\n - two", "align": "center"}
                    ]}
                ]}
            ]}
        ]}),
        json!({"type": "columns", "bias": "left",
            "left": [{"type": "heading", "text": "You send", "size": "sm"}, {"type": "paragraph", "text": "1,250.50 EUR"}],
            "right": [{"type": "heading", "text": "They get", "size": "sm"}, {"type": "paragraph", "text": "1,071.20 GBP"}]}),
        json!({"type": "decision", "title": "How would you like to pay?", "options": [
            {"title": "Bank transfer", "description": "Cheapest, 1 day", "behavior": behavior("bank"), "icon": {"name": "bank"}},
            {"title": "Debit card", "description": "Instant", "behavior": behavior("debit"), "icon": {"name": "card"}, "tag": "debit"},
            {"title": "Credit card", "description": "Instant, higher fee", "behavior": behavior("credit"), "disabled": false},
            {"title": "Apple Pay", "description": "Instant", "behavior": behavior("apple"), "keywords": ["wallet", "apple"]},
            {"title": "Balance", "action": {"url": format!("/transfers/{n}/balance"), "method": "POST", "title": "Balance"}},
            {"title": "SWIFT", "description": "2-4 days", "behavior": {"type": "link", "url": "https://wise.com/swift"}}
        ]}),
        json!({"type": "list", "title": "Recent recipients", "items": [
            {"title": "Ada Lovelace", "description": "GBP account ending 1234", "icon": {"text": "AL"},
                "supportingValues": {"value": "120 GBP", "subvalue": "Yesterday"}},
            {"title": "Alan Turing", "description": "EUR account ending 5678", "icon": {"text": "AT"},
                "callToAction": {"title": "Send", "behavior": behavior("send-turing")}},
            {"title": "Grace Hopper", "description": "USD account ending 9012", "status": "positive"}
        ], "callToAction": {"title": "See all", "behavior": {"type": "link", "url": "https://wise.com/recipients"}}}),
        json!({"type": "review", "title": "Transfer details", "orientation": "horizontal", "fields": [
            {"label": "Recipient", "value": "Ada Lovelace"},
            {"label": "IBAN", "value": "DE89 3704 0044 0532 0130 00", "help": {"markdown": "The account number."}},
            {"label": "Reference", "value": format!("Invoice {n}")},
            {"label": "Arrives", "value": "Today"}
        ], "callToAction": {"title": "Edit", "behavior": behavior("edit")}}),
        json!({"type": "review", "title": "Legacy review", "fields": [{"label": "Amount", "value": "10 EUR"}],
            "action": {"url": format!("/transfers/{n}/edit-legacy"), "method": "GET", "title": "Change"}}),
        json!({"type": "status-list", "title": "Progress", "items": [
            {"title": "Transfer set up", "status": "done", "icon": {"name": "check"}},
            {"title": "Money received", "status": "pending", "description": "Usually within an hour"},
            {"title": "Money sent", "status": "not-done"}
        ]}),
        json!({"type": "instructions", "title": "Before you pay", "items": [
            {"text": "Use your own account", "context": "positive"},
            {"text": "Do not pay with cash", "context": "negative"},
            {"text": "Keep the reference", "context": "neutral"}
        ]}),
        json!({"type": "tabs", "tabs": [
            {"title": "Fees", "components": [{"type": "paragraph", "text": "Our fee: 4.12 EUR"}]},
            {"title": "Rate", "components": [{"type": "paragraph", "text": "1 EUR = 0.8566 GBP"},
                {"type": "loading-indicator", "size": "sm"}]}
        ]}),
        json!({"type": "section", "title": "Need help?", "components": [
            {"type": "modal", "trigger": {"title": "What is this?"}, "content": {"title": "About fees", "components": [
                {"type": "paragraph", "text": "We charge a small fee."},
                {"type": "button", "title": "Got it", "behavior": {"type": "dismiss"}}]}},
            {"type": "button", "title": "Copy reference", "context": "neutral", "size": "sm",
                "behavior": {"type": "copy", "content": format!("REF-{n}")}},
            {"type": "button", "action": {"url": format!("/transfers/{n}/help"), "method": "GET", "title": "Contact us", "type": "secondary"}}
        ], "callToAction": {"title": "FAQ", "behavior": {"type": "link", "url": "https://wise.com/help"}}}),
        json!({"type": "search", "title": "Find a bank", "url": "/banks/search", "method": "GET", "param": "query",
            "emptyMessage": "No banks found"}),
        json!({"type": "progress", "title": "Verification", "progress": 0.6, "progressText": "3 of 5"}),
        json!({"type": "media", "media": {"type": "avatar", "content": [{"type": "uri", "uri": "urn:wise:icons:bank"}]}, "size": "md"}),
        json!({"type": "upsell", "text": "Get a Wise card", "callToAction": {"title": "Order", "behavior": {"type": "refresh"}}}),
    ]
}

fn details_schema() -> Value {
    let currencies: Vec<Value> = [
        "EUR", "GBP", "USD", "JPY", "AUD", "CAD", "CHF", "SEK", "NOK", "DKK", "PLN", "HUF", "CZK", "RON",
        "BGN", "TRY", "INR", "SGD", "HKD", "NZD",
    ]
    .iter()
    .map(|c| {
        json!({"title": format!("{c} currency"), "const": c, "icon": {"name": format!("flag-{c}")},
            "description": format!("Send {c}"), "keywords": [c.to_lowercase()]})
    })
    .collect();
    json!({
        "$id": "#details", "type": "object", "title": "Transfer details", "displayOrder": ["amount", "currency", "recipient",
            "reference", "schedule", "documents", "consent", "channel", "priority"],
        "required": ["amount", "currency", "recipient"],
        "properties": {
            "amount": {"type": "number", "title": "Amount", "minimum": 1, "maximum": 1000000, "placeholder": "0.00",
                "refreshStepOnChange": true, "validationMessages": {"minimum": "Send at least 1", "required": "Enter an amount"},
                "help": {"markdown": "The amount you send, before fees."}},
            "currency": {"title": "Currency", "oneOf": currencies, "default": "EUR", "control": "select", "refreshStepOnChange": true},
            "recipient": {"type": "object", "title": "Recipient", "required": ["name", "iban"], "properties": {
                "name": {"type": "string", "title": "Full name", "minLength": 2, "maxLength": 140,
                    "autocompleteHint": ["name"], "validationMessages": {"minLength": "Too short"}},
                "iban": {"type": "string", "title": "IBAN", "pattern": "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$",
                    "displayFormat": "**** **** **** **** **** **",
                    "validationAsync": {"url": "/validate/iban", "method": "POST", "param": "iban"},
                    "alert": {"markdown": "Check the IBAN twice.", "context": "warning"}},
                "email": {"type": "string", "format": "email", "title": "Email", "autocapitalization": "none"}
            }},
            "reference": {"type": "string", "title": "Reference", "maxLength": 35, "default": "Invoice"},
            "schedule": {"type": "string", "format": "date", "title": "Send on", "minimumDate": "2024-01-01"},
            "documents": {"type": "array", "title": "Documents", "addItemTitle": "Add a document", "editItemTitle": "Edit",
                "minItems": 0, "maxItems": 5, "items": {"type": "string", "format": "base64url", "accepts": ["image/png", "application/pdf"],
                    "maxSize": 5000000, "source": "file",
                    "persistAsync": {"url": "/uploads", "method": "POST", "param": "file", "idProperty": "id",
                        "schema": {"type": "blob", "accepts": ["image/*"], "maxSize": 5000000, "source": "camera"}}}},
            "consent": {"type": "boolean", "title": "I agree to the terms", "default": false},
            "channel": {"allOf": [
                {"type": "object", "properties": {"sms": {"type": "boolean", "title": "SMS"}}},
                {"type": "object", "properties": {"push": {"type": "boolean", "title": "Push"}}}
            ]},
            "priority": {"type": "integer", "title": "Priority", "minimum": 1, "maximum": 3, "default": 2},
            "coordinates": {"type": "array", "title": "Pin", "items": [{"type": "number", "title": "Lat"}, {"type": "number", "title": "Lon"}]}
        }
    })
}

fn legacy_schema() -> Value {
    json!({"$id": "#legacy", "type": "object", "title": "Legacy", "properties": {
        "accountType": {"type": "string", "title": "Account type", "oneOf": [
            {"const": "CHECKING", "title": "Checking"}, {"const": "SAVINGS", "title": "Savings"}]},
        "sortCode": {"type": "string", "title": "Sort code", "pattern": "^[0-9]{6}$", "refreshUrl": "/legacy/refresh",
            "refreshStepOnChange": true}
    }})
}
