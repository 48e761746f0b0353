//! `BuildError`: every problem, located; bad input never panics.

use flow_dsl::prelude::*;
use serde_json::json;

use crate::lines;

#[test]
fn every_missing_required_member_is_listed() {
    let err = Step::build(|_| {}).unwrap_err();
    assert_eq!(err.what, "Step");
    assert_eq!(lines(&err), ["/title: required", "/id: required"]);
    assert_eq!(err.to_string(), "cannot build Step: 2 problems: /title: required; /id: required");
}

#[test]
fn problems_of_nested_builds_are_located_in_the_outer_document() {
    let err = Step::build(|s| {
        s.id("p").title("p");
        s.layout(|l| {
            l.paragraph("ok");
            l.box_(|b| {
                b.components(|c| {
                    c.heading("");
                    c.button(|b| {
                        b.title("Go");
                        b.behavior(Behavior::build(|x| {
                            x.action(|a| {
                                a.data(json!({}));
                            });
                        }));
                    });
                });
            });
        });
        s.polling(|p| {
            p.url("/s").delay(1).max_attempts(0);
            p.on_error(|e| {
                e.behavior(ActionBehavior::build(|b| {
                    b.action(|a| {
                        a.method("GET");
                    });
                }));
            });
        });
    })
    .unwrap_err();
    assert_eq!(
        lines(&err),
        [
            "/layout/1/components/0/text: required",
            "/layout/1/components/1/behavior/action/url: a non-exiting action needs a url",
            "/polling/onError/behavior/action/url: a non-exiting action needs a url",
            "/polling/maxAttempts: must be at least 1",
        ]
    );
}

#[test]
fn extra_sets_known_members_through_the_model_and_refuses_kind_tags() {
    // Known members are read into their field: a member the model gained
    // before the DSL grew a method for it is never out of reach.
    let step = Step::build(|s| {
        s.id("e").extra("title", "Set by wire name").extra("x-ok", 1);
        s.layout(|l| {
            l.paragraph("p").extra("analyticsId", "a").extra("tags", json!(["compact"]));
        });
    })
    .unwrap();
    assert_eq!(step.title(), "Set by wire name");
    assert_eq!(
        crate::json_of(&step.layout()[0]),
        json!({"type": "paragraph", "text": "p", "analyticsId": "a", "tags": ["compact"]})
    );
    let err = Step::build(|s| {
        s.id("e").title("e").extra("linkHandlers", json!("not a list"));
        s.layout(|l| {
            l.paragraph("p").extra("type", "heading");
        });
    })
    .unwrap_err();
    assert_eq!(err.paths().collect::<Vec<_>>(), ["/linkHandlers", "/layout/0/type"]);
    assert!(err.problems[0].message.starts_with("not a valid value for this member"), "{err}");
    assert!(err.problems[1].message.contains("names the kind being built"), "{err}");
}

#[test]
fn raw_json_of_the_wrong_shape_is_located() {
    let err = Step::build(|s| {
        s.id("r").title("r");
        s.layout(|l| {
            l.raw(json!({"type": "paragraph", "text": 5}));
            l.raw(json!("not an object"));
            l.button(|b| {
                b.title("x").behavior(json!({"type": "link", "url": ["no"]}));
            });
        });
        s.schema(json!({"type": "string", "minLength": "two"}));
    })
    .unwrap_err();
    // Each problem sits at the component (or member) that was given raw.
    assert_eq!(
        err.paths().collect::<Vec<_>>(),
        ["/layout/0", "/layout/1", "/layout/2/behavior/url", "/schemas/0"]
    );
    assert!(err.problems[0].message.starts_with("invalid JSON for a Layout: "), "{err}");
    assert!(err.problems[0].message.contains("invalid type: integer `5`"), "{err}");
    assert!(err.problems[3].message.contains("invalid type: string \"two\""), "{err}");
}

#[test]
fn values_given_by_value_are_normalised() {
    // An `Unknown` layout whose type is known, and a size spelled as an
    // unknown value, read back typed: the DSL returns what a client would see.
    let step = Step::build(|s| {
        s.id("n").title("n");
        s.layout(|l| {
            l.push(Layout::Unknown(json!({"type": "divider"})));
            l.divider().margin(Size::Unknown("lg".into()));
        });
    })
    .unwrap();
    assert!(matches!(step.layout()[0], Layout::Divider(_)));
    assert!(matches!(step.layout()[1], Layout::Divider(ref d) if d.margin == Some(Size::Lg)));
}

#[test]
fn setting_a_member_again_forgets_its_old_problems() {
    let step = Step::build(|s| {
        s.id("again").title("again");
        s.polling(|p| {
            p.url("/s");
        });
        s.polling(|p| {
            p.url("/s").delay(1).max_attempts(2).on_error(|e| {
                e.behavior_with(|b| {
                    b.dismiss();
                });
            });
        });
        s.external_value(External::build(|_| {}));
        s.external("https://fine");
    });
    assert!(step.is_ok(), "{step:?}");
}

#[test]
fn nesting_too_deep_for_clients_is_an_error_not_a_panic() {
    fn nest(l: &mut flow_dsl::LayoutBuilder, depth: usize) {
        if depth == 0 {
            l.paragraph("bottom");
        } else {
            l.box_(|b| {
                b.components(|c| nest(c, depth - 1));
            });
        }
    }
    let err = Step::build(|s| {
        s.id("deep").title("deep");
        s.layout(|l| nest(l, 200));
    })
    .unwrap_err();
    // Too deep for clients to parse: the round trip says so (the model's
    // validation may also say it stopped descending).
    assert!(err.problems.iter().any(|p| p.message.starts_with("its JSON does not read back")), "{err}");
    assert!(err.paths().all(|p| p.starts_with("/layout/0/components/0/components/0")), "{err}");
}

#[test]
fn errors_are_send_sync_and_builders_too() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<BuildError>();
    assert_send_sync::<flow_dsl::StepBuilder>();
    assert_send_sync::<flow_dsl::LayoutBuilder>();
    assert_send_sync::<flow_dsl::SchemaBuilder>();
    assert_send_sync::<flow_dsl::BehaviorBuilder>();
    assert_send_sync::<flow_dsl::SearchResponseBodyBuilder>();
    assert_send_sync::<FlowResponse>();
    assert_send_sync::<flow_dsl::ResponseError>();
}
