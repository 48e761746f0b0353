//! Steps and the objects hanging off them: polling (both generations),
//! external, link handlers, navigation, errors, model, analytics.

use flow_dsl::prelude::*;
use serde_json::json;

use crate::{json_of, lines};

#[test]
fn seed_example_builds_the_documented_json() {
    let step = Step::build(|s| {
        s.id("processing");
        s.title("Processing your payment");
        s.layout(|l| {
            l.paragraph("This takes a minute.");
        });
        s.polling(|p| {
            p.url("https://bar.foo/status?id=12345");
            p.delay(5);
            p.timeout(60);
            p.max_attempts(100);
            p.on_error(|e| {
                e.behavior(ActionBehavior::build(|b| {
                    b.action(|a| {
                        a.exit(true);
                        a.result(json!({"exit-action-data": "EXIT!!!"}));
                    });
                }));
            });
        });
    })
    .unwrap();
    let polling = step.polling.as_ref().unwrap();
    assert_eq!(polling.attempts(), Some(100));
    assert_eq!(polling.request_timeout(), Some(std::time::Duration::from_secs(60)));
    let on_error = polling.on_error_behavior().unwrap();
    assert_eq!(on_error.as_action().unwrap().result, Some(json!({"exit-action-data": "EXIT!!!"})));
}

#[test]
fn every_step_member() {
    let step = Step::build(|s| {
        s.id("all").title("All").description("Every member").control("wide");
        s.schemas(|sc| {
            sc.string(|st| {
                st.id("name");
            });
        });
        s.layout(|l| {
            l.form("name");
        });
        s.model(json!({"name": "Jane"}));
        s.errors(|e| {
            e.error("Try again").validation(json!({"name": "Too short"})).extra("code", 7);
        });
        s.external("https://bank.example/authorize");
        s.polling(|p| {
            p.url("/status").delay(2).max_attempts(3);
            p.on_error(|e| {
                e.behavior_with(|b| {
                    b.refresh();
                });
            });
        });
        s.link_handler("^app://done", |a| {
            a.url("/done");
        });
        s.navigation(|n| {
            n.back(|b| {
                b.title("Cancel").action(|a| {
                    a.exit(true);
                });
            });
            n.stack_behavior("replace-current").extra("animate", false);
        });
        s.refresh_url("/refresh");
        s.analytics("flow", "onboarding").analytics("variant", "B");
        s.extra("x-experiment", json!({"id": 42}));
    })
    .unwrap();
    assert_eq!(
        json_of(&step),
        json!({
            "id": "all", "title": "All", "description": "Every member", "control": "wide",
            "schemas": [{"type": "string", "$id": "name"}],
            "layout": [{"type": "form", "schemaId": "name"}],
            "model": {"name": "Jane"},
            "errors": {"error": "Try again", "validation": {"name": "Too short"}, "code": 7},
            "external": {"url": "https://bank.example/authorize"},
            "polling": {"url": "/status", "delay": 2, "maxAttempts": 3,
                        "onError": {"behavior": {"type": "refresh"}}},
            "linkHandlers": [{"regexPattern": "^app://done", "action": {"url": "/done"}}],
            "navigation": {"back": {"action": {"exit": true}, "title": "Cancel"},
                           "stackBehavior": "replace-current", "animate": false},
            "refreshUrl": "/refresh",
            "analytics": {"flow": "onboarding", "variant": "B"},
            "x-experiment": {"id": 42}
        })
    );
    assert_eq!(step.stack_behavior(), StackBehavior::ReplaceCurrent);
}

#[test]
fn legacy_polling_is_kept_with_warnings() {
    let (step, warnings) = Step::build_with_warnings(|s| {
        s.id("wait").title("Waiting");
        s.polling(|p| {
            p.url("/status").interval(5).max_attempts(10);
            p.on_error(|e| {
                e.action(|a| {
                    a.url("/failed");
                });
            });
        });
    })
    .unwrap();
    assert_eq!(
        json_of(&step.polling),
        json!({"url": "/status", "interval": 5, "maxAttempts": 10, "onError": {"action": {"url": "/failed"}}})
    );
    let warned: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(warned, ["/polling/interval", "/polling/onError/action"]);
}

#[test]
fn lists_append_and_single_members_replace() {
    let step = Step::build(|s| {
        s.id("a").title("a");
        s.layout(|l| {
            l.paragraph("1");
        });
        s.layout(|l| {
            l.paragraph("2");
        });
        s.link_handler("one", |a| {
            a.url("/1");
        });
        s.link_handler_value(LinkHandler::build(|h| {
            h.regex_pattern("two").action(|a| {
                a.url("/2");
            });
        }));
        s.external("https://first");
        s.external_value(External::build(|e| {
            e.url("https://second").extra("target", "browser");
        }));
        // An invalid polling block, replaced by a valid one: no trace of the first.
        s.polling(|p| {
            p.url("");
        });
        s.polling_value(Polling::build(|p| {
            p.url("/s").delay(1).max_attempts(1).on_error(|e| {
                e.behavior(json!({"type": "dismiss"}));
            });
        }));
    })
    .unwrap();
    assert_eq!(step.layout().len(), 2);
    assert_eq!(step.link_handlers().len(), 2);
    assert_eq!(json_of(&step.external), json!({"url": "https://second", "target": "browser"}));
}

#[test]
fn schemas_and_layout_default_to_empty_lists() {
    let step = Step::build(|s| {
        s.id("bare").title("");
    })
    .unwrap();
    assert_eq!(json_of(&step), json!({"id": "bare", "title": "", "schemas": [], "layout": []}));
}

#[test]
fn small_objects_build_on_their_own() {
    let errors = StepErrors::build(|e| {
        e.error("Oops");
    })
    .unwrap();
    assert_eq!(json_of(&errors), json!({"error": "Oops"}));
    assert_eq!(lines(&External::build(|_| {}).unwrap_err()), ["/url: required"]);
    assert_eq!(
        lines(&LinkHandler::build(|_| {}).unwrap_err()),
        ["/action: required", "/regexPattern: required"]
    );
    let nav = Navigation::build(|n| {
        n.back(|_| {});
    })
    .unwrap_err();
    assert_eq!(lines(&nav), ["/back/action: required"]);
    let on_error = OnError::build(|_| {}).unwrap_err();
    assert_eq!(lines(&on_error), [": needs behavior or action"]);
    let on_error = OnError::build(|e| {
        e.action_value(Action::build(|a| {
            a.exit(true);
        }));
    })
    .unwrap();
    assert!(on_error.behavior().unwrap().as_action().unwrap().is_exit());
}

#[test]
fn form_must_name_a_schema_of_the_step() {
    let err = Step::build(|s| {
        s.id("f").title("f");
        s.layout(|l| {
            l.form("missing");
        });
    })
    .unwrap_err();
    assert_eq!(lines(&err), ["/layout/0/schemaId: no schema with $id \"missing\" in /schemas"]);
}
