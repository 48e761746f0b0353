//! One test per behavior kind, through each kind's own builder and through
//! the kind-choosing `BehaviorBuilder`.

use flow_dsl::prelude::*;
use serde_json::json;

use crate::{json_of, lines};

fn behavior(configure: impl FnOnce(&mut flow_dsl::BehaviorBuilder)) -> serde_json::Value {
    let b = Behavior::build(configure).unwrap_or_else(|e| panic!("{e}"));
    let back: Behavior = flow_model::parse(&json_of(&b).to_string()).expect("parses");
    assert_eq!(back, b);
    json_of(&b)
}

#[test]
fn action() {
    let v = behavior(|b| {
        b.action(|a| {
            a.url("/go").method("PUT").data(json!({"x": 1})).id("go").skip_validation(true).timeout(30);
        })
        .extra("label", "Go");
    });
    assert_eq!(
        v,
        json!({"type": "action", "action": {"url": "/go", "method": "PUT", "data": {"x": 1}, "id": "go",
               "skipValidation": true, "timeout": 30}, "label": "Go"})
    );
    let kind = ActionBehavior::build(|b| {
        b.action(|a| {
            a.exit(true).result(json!(null));
        });
    })
    .unwrap();
    assert_eq!(json_of(&kind), json!({"action": {"exit": true, "result": null}}));
    let missing = ActionBehavior::build(|_| {}).unwrap_err();
    assert_eq!(lines(&missing), ["/action: required"]);
}

#[test]
fn link() {
    assert_eq!(
        behavior(|b| {
            b.link("https://x");
        }),
        json!({"type": "link", "url": "https://x"})
    );
    let built = LinkBehavior::build(|l| {
        l.url("https://y").extra("target", "_blank");
    })
    .unwrap();
    assert_eq!(
        json_of(&Behavior::Link(built)),
        json!({"type": "link", "url": "https://y", "target": "_blank"})
    );
    assert_eq!(lines(&LinkBehavior::build(|_| {}).unwrap_err()), ["/url: required"]);
}

#[test]
fn copy() {
    assert_eq!(
        behavior(|b| {
            b.copy("IBAN123");
        }),
        json!({"type": "copy", "content": "IBAN123"})
    );
    assert_eq!(lines(&CopyBehavior::build(|_| {}).unwrap_err()), ["/content: required"]);
}

#[test]
fn dismiss() {
    assert_eq!(
        behavior(|b| {
            b.dismiss();
        }),
        json!({"type": "dismiss"})
    );
    let built = DismissBehavior::build(|d| {
        d.extra("animated", false);
    })
    .unwrap();
    assert_eq!(json_of(&built), json!({"animated": false}));
}

#[test]
fn modal() {
    let v = behavior(|b| {
        b.modal(|m| {
            m.title("Help");
            m.content(|l| {
                l.markdown("**Help**");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "modal", "title": "Help", "content": [{"type": "markdown", "content": "**Help**"}]})
    );
}

#[test]
fn refresh() {
    assert_eq!(
        behavior(|b| {
            b.refresh();
        }),
        json!({"type": "refresh"})
    );
    assert_eq!(
        behavior(|b| {
            b.refresh_from("/again");
        }),
        json!({"type": "refresh", "url": "/again"})
    );
    let built = RefreshBehavior::build(|r| {
        r.url("/r");
    })
    .unwrap();
    assert_eq!(built.url.as_deref(), Some("/r"));
}

#[test]
fn subflow() {
    let v = behavior(|b| {
        b.subflow(|s| {
            s.referrer_id("ref").result_key("kyc");
            s.launch_config(json!({"type": "native", "screen": "camera"}));
            s.on_completion(Behavior::build(|b| {
                b.action(|a| {
                    a.url("/done");
                });
            }));
            s.on_error_with(|b| {
                b.dismiss();
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "subflow", "referrerId": "ref", "launchConfig": {"type": "native", "screen": "camera"},
               "resultKey": "kyc", "onCompletion": {"type": "action", "action": {"url": "/done"}},
               "onError": {"type": "dismiss"}})
    );
    let err = SubflowBehavior::build(|s| {
        s.presentation("push");
    })
    .unwrap_err();
    assert_eq!(
        lines(&err),
        [
            "/launchConfig/presentation: presentation applies to a dynamic launch: call dynamic() first",
            "/referrerId: required",
            "/launchConfig: required"
        ]
    );
    let nested = SubflowBehavior::build(|s| {
        s.referrer_id("r").dynamic(|a| {
            a.method("GET");
        });
    })
    .unwrap_err();
    assert_eq!(lines(&nested), ["/launchConfig/request/url: required"]);
}

#[test]
fn raw_unknown_kind_with_extra() {
    let v = behavior(|b| {
        b.raw(json!({"type": "teleport", "to": "mars"})).extra("speed", "warp");
    });
    assert_eq!(v, json!({"type": "teleport", "to": "mars", "speed": "warp"}));
}

#[test]
fn choosing_no_kind_or_two_kinds_is_reported() {
    let none = Behavior::build(|_| {}).unwrap_err();
    assert_eq!(
        lines(&none),
        [": no behavior chosen: call one of action, link, copy, dismiss, modal, refresh, subflow, raw"]
    );
    let two = Behavior::build(|b| {
        b.link("https://x");
        b.dismiss();
    })
    .unwrap_err();
    assert_eq!(lines(&two), [": more than one behavior chosen: link, dismiss"]);
}

#[test]
fn extra_on_a_chosen_kind_applies_to_that_kind() {
    let link = Behavior::build(|b| {
        b.extra("target", "_blank").link("https://x").extra("url", "https://y");
    })
    .unwrap();
    assert_eq!(json_of(&link), json!({"type": "link", "url": "https://y", "target": "_blank"}));
    let err = Behavior::build(|b| {
        b.link("https://x").extra("url", 5).extra("type", "copy");
    })
    .unwrap_err();
    assert_eq!(err.paths().collect::<Vec<_>>(), ["/url", "/type"]);
}
