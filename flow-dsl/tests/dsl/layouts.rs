//! One test per layout kind, in both generations where they differ.

use flow_dsl::prelude::*;
use serde_json::json;

use crate::{component, lines};

#[test]
fn alert() {
    let v = component(|l| {
        l.alert("Card **expired**").context("warning").margin(Size::Md).analytics_id("alert-1");
    });
    assert_eq!(
        v,
        json!({"type": "alert", "markdown": "Card **expired**", "context": "warning",
               "margin": "md", "analyticsId": "alert-1"})
    );
}

#[test]
fn box_with_components() {
    let v = component(|l| {
        l.box_(|b| {
            b.width(Size::Sm).border(false);
            b.components(|c| {
                c.paragraph("one");
            });
            b.components(|c| {
                c.paragraph("two");
            });
        })
        .control("card");
    });
    assert_eq!(
        v,
        json!({"type": "box", "components": [{"type": "paragraph", "text": "one"},
                                             {"type": "paragraph", "text": "two"}],
               "width": "sm", "border": false, "control": "card"})
    );
}

#[test]
fn button_current_generation() {
    let v = component(|l| {
        l.button(|b| {
            b.title("Pay").context(Context::Positive).disabled(false).size("lg").pin_order(1);
            b.behavior(Behavior::build(|x| {
                x.action(|a| {
                    a.url("/pay");
                });
            }));
        });
    });
    assert_eq!(
        v,
        json!({"type": "button", "title": "Pay", "behavior": {"type": "action", "action": {"url": "/pay"}},
               "context": "positive", "disabled": false, "size": "lg", "pinOrder": 1})
    );
}

#[test]
fn button_legacy_generation() {
    let v = component(|l| {
        l.button(|b| {
            b.action(|a| {
                a.title("Pay").url("/pay").disabled(true).extra("type", "primary");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "button", "action": {"url": "/pay", "title": "Pay", "disabled": true, "type": "primary"}})
    );
}

#[test]
fn button_needs_a_label_and_a_behavior() {
    let err = Layout::build(|l| {
        l.button(|_| {});
    })
    .unwrap_err();
    assert_eq!(
        lines(&err),
        [
            "/title: required (a 1.x button may carry it as its action's title)",
            "/behavior: required (or a 1.x action)"
        ]
    );
}

#[test]
fn columns() {
    let v = component(|l| {
        l.columns(|c| {
            c.left(|l| {
                l.paragraph("L");
            });
            c.right(|l| {
                l.paragraph("R");
            });
            c.bias("left");
        });
    });
    assert_eq!(
        v,
        json!({"type": "columns", "left": [{"type": "paragraph", "text": "L"}],
               "right": [{"type": "paragraph", "text": "R"}], "bias": "left"})
    );
}

#[test]
fn decision_with_both_generations_of_option() {
    let v = component(|l| {
        l.decision(|d| {
            d.title("Pick");
            d.option("Card")
                .description("Instant")
                .icon(json!({"name": "card"}))
                .image(serde_json::Value::Null)
                .disabled(false)
                .behavior_with(|b| {
                    b.action(|a| {
                        a.url("/card");
                    });
                })
                .extra("tag", "fast");
            d.option("Bank").action(|a| {
                a.url("/bank");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "decision", "title": "Pick", "options": [
            {"title": "Card", "description": "Instant", "behavior": {"type": "action", "action": {"url": "/card"}},
             "disabled": false, "icon": {"name": "card"}, "tag": "fast"},
            {"title": "Bank", "action": {"url": "/bank"}}]})
    );
}

#[test]
fn decision_option_needs_a_behavior() {
    let err = Layout::build(|l| {
        l.decision(|d| {
            d.option("");
        });
    })
    .unwrap_err();
    assert_eq!(
        lines(&err),
        ["/options/0/title: required", "/options/0/behavior: required (or a 1.x action)"]
    );
}

#[test]
fn divider() {
    assert_eq!(
        component(|l| {
            l.divider().margin("xs");
        }),
        json!({"type": "divider", "margin": "xs"})
    );
}

#[test]
fn form_both_generations() {
    assert_eq!(
        component(|l| {
            l.form("details");
        }),
        json!({"type": "form", "schemaId": "details"})
    );
    assert_eq!(
        component(|l| {
            l.form_ref("details");
        }),
        json!({"type": "form", "schema": {"$ref": "details"}})
    );
}

#[test]
fn heading() {
    let v = component(|l| {
        l.heading("Hello").size(Size::Xl).align(Align::Right);
    });
    assert_eq!(v, json!({"type": "heading", "text": "Hello", "size": "xl", "align": "right"}));
}

#[test]
fn image_both_generations() {
    let v = component(|l| {
        l.image("https://x/y.png").text("alt (1.x)").accessibility_description("alt").size("md");
    });
    assert_eq!(
        v,
        json!({"type": "image", "url": "https://x/y.png", "text": "alt (1.x)",
               "accessibilityDescription": "alt", "size": "md"})
    );
}

#[test]
fn info() {
    assert_eq!(
        component(|l| {
            l.info("**Note**").align("center");
        }),
        json!({"type": "info", "markdown": "**Note**", "align": "center"})
    );
}

#[test]
fn instructions() {
    let v = component(|l| {
        l.instructions(|i| {
            i.title("Do");
            i.item("This").context(Context::Positive);
            i.item("Not that").context(Context::Negative).extra("icon", "x");
        });
    });
    assert_eq!(
        v,
        json!({"type": "instructions", "title": "Do", "items": [
            {"text": "This", "context": "positive"},
            {"text": "Not that", "context": "negative", "icon": "x"}]})
    );
}

#[test]
fn list_with_call_to_action() {
    let v = component(|l| {
        l.list(|list| {
            list.title("Cards");
            list.item("Visa").description("..42").status("active").image(json!({"url": "v.png"}));
            list.call_to_action("Add").accessibility_description("Add a card").action(|a| {
                a.url("/add");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "list", "title": "Cards",
               "items": [{"title": "Visa", "description": "..42", "image": {"url": "v.png"}, "status": "active"}],
               "callToAction": {"title": "Add", "action": {"url": "/add"}, "accessibilityDescription": "Add a card"}})
    );
}

#[test]
fn call_to_action_behavior_is_validated() {
    let err = Layout::build(|l| {
        l.section(|s| {
            s.call_to_action("Go").behavior_with(|b| {
                b.action(|a| {
                    a.method("GET");
                });
            });
        });
    })
    .unwrap_err();
    assert_eq!(lines(&err), ["/callToAction/behavior/action/url: a non-exiting action needs a url"]);
}

#[test]
fn loading_indicator() {
    assert_eq!(
        component(|l| {
            l.loading_indicator().size(Size::Lg);
        }),
        json!({"type": "loading-indicator", "size": "lg"})
    );
}

#[test]
fn markdown() {
    assert_eq!(
        component(|l| {
            l.markdown("# Hi").align(Align::Left);
        }),
        json!({"type": "markdown", "content": "# Hi", "align": "left"})
    );
}

#[test]
fn modal() {
    let v = component(|l| {
        l.modal(|m| {
            m.title("More");
            m.content(|c| {
                c.title("Details").extra("dismissible", true);
                c.components(|l| {
                    l.paragraph("Inside");
                });
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "modal", "title": "More", "content": {"title": "Details",
               "components": [{"type": "paragraph", "text": "Inside"}], "dismissible": true}})
    );
    let err = Layout::build(|l| {
        l.modal(|m| {
            m.title("Empty");
        });
    })
    .unwrap_err();
    assert_eq!(lines(&err), ["/content: required"]);
}

#[test]
fn paragraph() {
    assert_eq!(
        component(|l| {
            l.paragraph("Hi").align("center").extra("style", "small");
        }),
        json!({"type": "paragraph", "text": "Hi", "align": "center", "style": "small"})
    );
}

#[test]
fn review_both_generations() {
    let v = component(|l| {
        l.review(|r| {
            r.title("Summary").orientation("horizontal");
            r.field("Amount", "10 GBP").help(json!({"markdown": "incl. fees"}));
            r.call_to_action("Change").behavior_with(|b| {
                b.action(|a| {
                    a.url("/change");
                });
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "review", "title": "Summary",
               "fields": [{"label": "Amount", "value": "10 GBP", "help": {"markdown": "incl. fees"}}],
               "callToAction": {"title": "Change", "behavior": {"type": "action", "action": {"url": "/change"}}},
               "orientation": "horizontal"})
    );
    let legacy = component(|l| {
        l.review(|r| {
            r.field("Amount", "10 GBP");
            r.action(|a| {
                a.url("/edit").title("Edit");
            });
        });
    });
    assert_eq!(
        legacy,
        json!({"type": "review", "fields": [{"label": "Amount", "value": "10 GBP"}],
               "action": {"url": "/edit", "title": "Edit"}})
    );
}

#[test]
fn search() {
    let v = component(|l| {
        l.search(|s| {
            s.title("Find").url("/search").method("GET").param("q").empty_message("Nothing");
        });
    });
    assert_eq!(
        v,
        json!({"type": "search", "title": "Find", "url": "/search", "method": "GET", "param": "q",
               "emptyMessage": "Nothing"})
    );
    let err = Layout::build(|l| {
        l.search(|s| {
            s.title("Find");
        });
    })
    .unwrap_err();
    assert_eq!(lines(&err), ["/url: required", "/param: required"]);
}

#[test]
fn section() {
    let v = component(|l| {
        l.section(|s| {
            s.title("Extras");
            s.components(|c| {
                c.divider();
            });
            s.call_to_action("All").behavior_with(|b| {
                b.link("https://x");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "section", "title": "Extras", "components": [{"type": "divider"}],
               "callToAction": {"title": "All", "behavior": {"type": "link", "url": "https://x"}}})
    );
}

#[test]
fn status_list() {
    let v = component(|l| {
        l.status_list(|s| {
            s.title("Progress");
            s.item("Sent").status("done").description("today").icon(json!({"name": "check"}));
            s.item("Received").status("pending");
        });
    });
    assert_eq!(
        v,
        json!({"type": "status-list", "title": "Progress", "items": [
            {"title": "Sent", "description": "today", "icon": {"name": "check"}, "status": "done"},
            {"title": "Received", "status": "pending"}]})
    );
}

#[test]
fn tabs() {
    let v = component(|l| {
        l.tabs(|t| {
            t.tab("A").components(|c| {
                c.paragraph("a");
            });
            t.tab("B").extra("badge", 2);
        });
    });
    assert_eq!(
        v,
        json!({"type": "tabs", "tabs": [
            {"title": "A", "components": [{"type": "paragraph", "text": "a"}]},
            {"title": "B", "badge": 2}]})
    );
}

#[test]
fn raw_and_value_components() {
    let paragraph = Layout::build(|l| {
        l.paragraph("built elsewhere");
    });
    let v = {
        let step = Step::build(|s| {
            s.id("x").title("x");
            s.layout(|l| {
                l.raw(json!({"type": "hologram", "depth": 3}));
                l.raw(json!({"type": "paragraph", "text": "typed once read"}));
                l.push(paragraph);
            });
        })
        .unwrap();
        assert!(matches!(step.layout()[1], Layout::Paragraph(_)), "known raw kinds become typed");
        crate::json_of(&step)["layout"].clone()
    };
    assert_eq!(
        v,
        json!([{"type": "hologram", "depth": 3}, {"type": "paragraph", "text": "typed once read"},
               {"type": "paragraph", "text": "built elsewhere"}])
    );
}

#[test]
fn layout_build_wants_exactly_one_component() {
    let none = Layout::build(|_| {}).unwrap_err();
    assert_eq!(lines(&none), [": expected exactly one component, got 0"]);
    let two = Layout::build(|l| {
        l.divider();
        l.divider();
    })
    .unwrap_err();
    assert_eq!(lines(&two), [": expected exactly one component, got 2"]);
}

#[test]
fn required_texts_of_text_kinds() {
    for (kind, err) in [
        (
            "alert",
            Layout::build(|l| {
                l.alert("");
            }),
        ),
        (
            "heading",
            Layout::build(|l| {
                l.heading("");
            }),
        ),
        (
            "info",
            Layout::build(|l| {
                l.info("");
            }),
        ),
        (
            "markdown",
            Layout::build(|l| {
                l.markdown("");
            }),
        ),
        (
            "paragraph",
            Layout::build(|l| {
                l.paragraph("");
            }),
        ),
        (
            "image",
            Layout::build(|l| {
                l.image("");
            }),
        ),
    ] {
        let err = err.unwrap_err();
        assert_eq!(err.problems.len(), 1, "{kind}: {err}");
        assert!(err.problems[0].message.starts_with("required"), "{kind}: {err}");
    }
}

#[test]
fn media() {
    let v = component(|l| {
        l.media(json!({"type": "avatar", "content": [{"type": "initials", "value": "JD"}]}))
            .size("md")
            .align("center");
    });
    assert_eq!(
        v,
        json!({"type": "media", "media": {"type": "avatar", "content": [{"type": "initials", "value": "JD"}]},
               "size": "md", "align": "center"})
    );
    let err = Layout::build(|l| {
        l.media(json!(null));
    })
    .unwrap_err();
    assert_eq!(err.paths().collect::<Vec<_>>(), ["/media"]);
}

#[test]
fn progress() {
    let v = component(|l| {
        l.progress(0.25)
            .title("Checks")
            .description("We are verifying")
            .progress_text("1 of 4")
            .help(json!({"markdown": "Why?"}))
            .call_to_action("Details")
            .behavior_with(|b| {
                b.link("https://x/details");
            });
    });
    assert_eq!(
        v,
        json!({"type": "progress", "title": "Checks", "description": "We are verifying", "progress": 0.25,
               "progressText": "1 of 4", "help": {"markdown": "Why?"},
               "callToAction": {"title": "Details", "behavior": {"type": "link", "url": "https://x/details"}}})
    );
    let err = Layout::build(|l| {
        l.progress(f64::NAN);
    })
    .unwrap_err();
    assert_eq!(err.paths().collect::<Vec<_>>(), ["/progress"]);
}

#[test]
fn upsell() {
    let v = component(|l| {
        let upsell = l.upsell("Get the card").media(json!({"type": "image", "url": "c.png"}));
        upsell.call_to_action("Order").behavior_with(|b| {
            b.action(|a| {
                a.url("/order");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "upsell", "text": "Get the card", "media": {"type": "image", "url": "c.png"},
               "callToAction": {"title": "Order", "behavior": {"type": "action", "action": {"url": "/order"}}}})
    );
    let err = Layout::build(|l| {
        l.upsell("");
    })
    .unwrap_err();
    assert_eq!(lines(&err), ["/text: required", "/callToAction: required"]);
}

#[test]
fn image_as_content_and_modal_trigger() {
    assert_eq!(
        component(|l| {
            l.image_content(json!({"uri": "urn:flag:gb"})).align(Align::Center);
        }),
        json!({"type": "image", "content": {"uri": "urn:flag:gb"}, "align": "center"})
    );
    assert_eq!(
        component(|l| {
            l.modal(|m| {
                m.trigger("Learn more").content(|c| {
                    c.components(|l| {
                        l.paragraph("More");
                    });
                });
            });
        }),
        json!({"type": "modal", "content": {"components": [{"type": "paragraph", "text": "More"}]},
               "trigger": {"title": "Learn more"}})
    );
}

#[test]
fn common_tags_and_alert_call_to_action() {
    let v = component(|l| {
        let alert = l.alert("Limit reached").tags(["banner"]).tags(["top"]);
        alert.call_to_action("Raise it").action(|a| {
            a.url("/limits");
        });
    });
    assert_eq!(
        v,
        json!({"type": "alert", "markdown": "Limit reached", "tags": ["banner", "top"],
               "callToAction": {"title": "Raise it", "action": {"url": "/limits"}}})
    );
}

#[test]
fn current_generation_item_members() {
    let v = component(|l| {
        l.decision(|d| {
            d.option("Card")
                .media(json!({"type": "avatar"}))
                .tag("card")
                .keywords(["visa", "mastercard"])
                .additional_text("Fast")
                .supporting_values(json!({"value": "1%"}))
                .inline_alert(json!({"content": "Fee applies"}))
                .analytics_id("opt-card")
                .text("1.x description")
                .behavior_with(|b| {
                    b.dismiss();
                });
        });
    });
    assert_eq!(
        v["options"][0],
        json!({"title": "Card", "behavior": {"type": "dismiss"}, "media": {"type": "avatar"}, "tag": "card",
               "keywords": ["visa", "mastercard"], "additionalText": "Fast",
               "supportingValues": {"value": "1%"}, "inlineAlert": {"content": "Fee applies"},
               "analyticsId": "opt-card", "text": "1.x description"})
    );
    let list = component(|l| {
        l.list(|list| {
            let item = list.item("Coffee").subtitle("Today").value("£3").subvalue("card").tag("t");
            item.media(json!({"type": "image"})).supporting_values(json!({"value": "£3"}));
            item.additional_info(json!({"text": "info"}))
                .inline_alert(json!({"content": "!"}))
                .analytics_id("i");
            item.call_to_action("Open").behavior_with(|b| {
                b.link("https://x/1");
            });
        });
    });
    assert_eq!(
        list["items"][0],
        json!({"title": "Coffee", "media": {"type": "image"}, "subtitle": "Today", "value": "£3",
               "subvalue": "card", "tag": "t", "supportingValues": {"value": "£3"},
               "additionalInfo": {"text": "info"}, "inlineAlert": {"content": "!"},
               "callToAction": {"title": "Open", "behavior": {"type": "link", "url": "https://x/1"}},
               "analyticsId": "i"})
    );
    let review = component(|l| {
        l.review(|r| {
            let field = r.field("Rate", "1.15").rich_value("**1.15**").subvalue("fixed").tag("rate");
            field
                .icon(json!({"name": "lock"}))
                .image(json!({"url": "i.png"}))
                .media(json!({"type": "avatar"}));
            field
                .additional_info(json!({"text": "i"}))
                .inline_alert(json!({"content": "!"}))
                .analytics_id("r");
            field.call_to_action("Why").behavior_with(|b| {
                b.copy("1.15");
            });
        });
    });
    assert_eq!(
        review["fields"][0]["callToAction"],
        json!({"title": "Why", "behavior": {"type": "copy", "content": "1.15"}})
    );
    assert_eq!(review["fields"][0]["richValue"], "**1.15**");
    let status = component(|l| {
        l.status_list(|s| {
            s.item("Sent").tag("sent").analytics_id("s").call_to_action("Track").behavior_with(|b| {
                b.refresh();
            });
        });
    });
    assert_eq!(
        status["items"][0],
        json!({"title": "Sent", "callToAction": {"title": "Track", "behavior": {"type": "refresh"}},
               "tag": "sent", "analyticsId": "s"})
    );
    let tips = component(|l| {
        l.instructions(|i| {
            i.item("Smile").tag("t").analytics_id("a");
        });
    });
    assert_eq!(tips["items"][0], json!({"text": "Smile", "tag": "t", "analyticsId": "a"}));
    let tabs = component(|l| {
        l.tabs(|t| {
            t.tab("A").tag("a").analytics_id("tab-a");
        });
    });
    assert_eq!(tabs["tabs"][0], json!({"title": "A", "tag": "a", "analyticsId": "tab-a"}));
    let search = component(|l| {
        l.search(|s| {
            s.title("Find").url("/s").param("q").initial_state(json!({"type": "action"}));
        });
    });
    assert_eq!(search["initialState"], json!({"type": "action"}));
    let markdown = component(|l| {
        l.markdown("small print").size(Size::Sm);
    });
    assert_eq!(markdown, json!({"type": "markdown", "content": "small print", "size": "sm"}));
}
