//! The example flow's steps, written with `flow-dsl` as a backend author
//! would: one function per screen, each serving both protocol generations
//! ([`Generation::Current`]: `behavior`, `delay`, `onError.behavior`, `form`
//! with `schemaId`; [`Generation::Legacy`]: 1.x buttons with `action`,
//! `interval`, `onError.action`, `form` with `schema.$ref`).

use flow_dsl::prelude::*;
use serde_json::{json, Number, Value};

use super::config::Generation;

/// The root schema's `$id`: what the form layout shows.
pub(crate) const FORM_SCHEMA: &str = "payment";
/// The currencies the form offers, as (code, name).
pub(crate) const CURRENCIES: [(&str, &str); 3] =
    [("GBP", "British pound"), ("EUR", "Euro"), ("USD", "US dollar")];
/// The smallest amount the form accepts.
pub(crate) const MIN_AMOUNT: i64 = 1;
/// The largest amount the form accepts.
pub(crate) const MAX_AMOUNT: i64 = 1_000_000;
/// What an express payment costs, in the payment's currency.
pub(crate) const EXPRESS_FEE: f64 = 2.5;

/// A payment as the user asked for it (the validated form values).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Payment {
    /// As sent (an integer stays an integer in the result).
    pub(crate) amount: Number,
    pub(crate) currency: String,
    pub(crate) express: bool,
    pub(crate) reference: Option<String>,
}

impl Payment {
    /// The amount as people write it (`250`, `12.5`).
    pub(crate) fn amount_text(&self) -> String {
        self.amount.to_string()
    }

    /// The fee this payment costs (`0` for standard delivery).
    pub(crate) fn fee(&self) -> Value {
        if self.express {
            json!(EXPRESS_FEE)
        } else {
            json!(0)
        }
    }
}

/// Adds a button that performs `action` (built by `configure`), in the
/// generation's form: a `behavior` (current) or a 1.x `action` carrying its
/// own title.
fn action_button(
    l: &mut flow_dsl::LayoutBuilder,
    generation: Generation,
    title: &str,
    configure: impl FnOnce(&mut flow_dsl::ActionBuilder),
) {
    match generation {
        Generation::Current => {
            l.button(|b| {
                b.title(title).behavior_with(|bb| {
                    bb.action(configure);
                });
            });
        }
        Generation::Legacy => {
            l.button(|b| {
                b.action(|a| {
                    a.title(title);
                    configure(a);
                });
            });
        }
    }
}

/// The first screen: how much, in which currency, express or not.
pub(crate) fn form(generation: Generation, flow_id: &str) -> Result<Step, BuildError> {
    Step::build(|s| {
        s.id("payment-details").title("Send money");
        s.description("A demo flow served by the dflow example backend.");
        s.schemas(|sc| {
            sc.object(|o| {
                o.id(FORM_SCHEMA).title("Payment");
                o.property("amount").number(|n| {
                    n.title("Amount").minimum(MIN_AMOUNT).maximum(MAX_AMOUNT).placeholder("100");
                    n.validation_message("minimum", format!("Send at least {MIN_AMOUNT}"));
                    n.validation_message("maximum", format!("Send at most {MAX_AMOUNT}"));
                    n.validation_message("required", "Enter an amount");
                });
                o.property("currency").one_of(|c| {
                    c.title("Currency");
                    c.one_of(|alternatives| {
                        for (code, name) in CURRENCIES {
                            alternatives.constant(code).title(format!("{name} ({code})"));
                        }
                    });
                });
                o.property("express").boolean(|b| {
                    b.title(format!("Express delivery (+{EXPRESS_FEE:.2})")).default_value(false);
                });
                o.property("reference").string(|st| {
                    st.title("Reference (optional)").max_length(18).pattern("^[A-Za-z0-9 -]*$");
                    st.validation_message("pattern", "Use letters, digits, spaces and dashes only");
                    st.validation_message("maxLength", "At most 18 characters");
                });
                o.required(["amount", "currency"]);
                o.display_order(["amount", "currency", "express", "reference"]);
            });
        });
        s.model(json!({"amount": 100, "currency": "EUR", "express": false}));
        s.layout(|l| {
            l.markdown(
                "Pay someone in **three steps**: the details, a check by our task manager, \
                 then the receipt. Nothing real is sent.",
            );
            match generation {
                Generation::Current => l.form(FORM_SCHEMA),
                Generation::Legacy => l.form_ref(FORM_SCHEMA),
            };
            action_button(l, generation, "Continue", |a| {
                a.id("submit").url("/payment/submit").method("POST").data(json!({"flowId": flow_id}));
            });
        });
    })
}

/// While the payment's task runs: polls the flow's status endpoint.
pub(crate) fn processing(
    generation: Generation,
    flow_id: &str,
    payment: &Payment,
    task_id: &str,
    polling: &PollSettings,
) -> Result<Step, BuildError> {
    Step::build(|s| {
        s.id("processing").title("Processing your payment");
        s.layout(|l| {
            l.status_list(|list| {
                list.title("Progress");
                list.item("Details checked").status("done");
                list.item(format!("Sending {} {}", payment.amount_text(), payment.currency))
                    .description(format!("task {task_id}"))
                    .status("pending");
                list.item("Receipt").status("not-done");
            });
            l.loading_indicator();
            l.paragraph("This takes a few seconds; the screen moves on by itself.");
        });
        s.polling(|p| {
            p.url(format!("/payment/{flow_id}/status"));
            p.timeout(polling.timeout_secs).max_attempts(polling.max_attempts);
            let late = |a: &mut flow_dsl::ActionBuilder| {
                a.url("/payment/late").data(json!({"flowId": flow_id}));
            };
            match generation {
                Generation::Current => {
                    p.delay(polling.delay_secs);
                    p.on_error(|e| {
                        e.behavior_with(|b| {
                            b.action(late);
                        });
                    });
                }
                Generation::Legacy => {
                    p.interval(polling.delay_secs);
                    p.on_error(|e| {
                        e.action(late);
                    });
                }
            }
        });
    })
}

/// How the processing step polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PollSettings {
    /// `delay` (current) or `interval` (1.x), in seconds.
    pub(crate) delay_secs: i64,
    /// `timeout`, in seconds.
    pub(crate) timeout_secs: i64,
    /// `maxAttempts`.
    pub(crate) max_attempts: i64,
}

/// What the finished task reported.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Completed {
    pub(crate) payment_id: String,
    pub(crate) task_id: String,
    pub(crate) started_at: String,
    pub(crate) completed_at: String,
}

/// The payment went through: a receipt to open (`external`), a button for it
/// and the button that ends the flow.
pub(crate) fn done(
    generation: Generation,
    flow_id: &str,
    payment: &Payment,
    completed: &Completed,
) -> Result<Step, BuildError> {
    let receipt = format!("/receipts/{flow_id}");
    Step::build(|s| {
        s.id("done").title("Payment sent");
        s.external(receipt.clone());
        s.layout(|l| {
            l.alert(format!("Your **{} {}** are on their way.", payment.amount_text(), payment.currency))
                .context(Context::Positive);
            l.review(|r| {
                r.title("Summary");
                r.field("Amount", format!("{} {}", payment.amount_text(), payment.currency));
                let fee = if payment.express { EXPRESS_FEE } else { 0.0 };
                r.field("Fee", format!("{fee:.2} {}", payment.currency));
                r.field("Delivery", if payment.express { "Express" } else { "Standard" });
                if let Some(reference) = &payment.reference {
                    r.field("Reference", reference.clone());
                }
                r.field("Payment", completed.payment_id.clone());
                r.field("Task", completed.task_id.clone());
                r.field("Started", completed.started_at.clone());
                r.field("Completed", completed.completed_at.clone());
            });
            l.paragraph("Your receipt is ready; open it any time below.");
            if generation == Generation::Current {
                l.button(|b| {
                    b.title("View receipt").behavior_with(|bb| {
                        bb.link(receipt.clone());
                    });
                });
            }
            action_button(l, generation, "Done", |a| {
                a.id("finish")
                    .url("/payment/finish")
                    .data(json!({"flowId": flow_id}))
                    .exit(true)
                    .result(json!({"acknowledged": true}));
            });
        });
    })
}

/// Polling gave up (the task is slow, or its log expired): say so and let
/// the user leave with what is known.
pub(crate) fn late(generation: Generation, flow_id: &str, task_id: Option<&str>) -> Result<Step, BuildError> {
    let result = json!({"flowId": flow_id, "taskId": task_id, "status": "unknown"});
    Step::build(|s| {
        s.id("late").title("This is taking longer than expected");
        s.layout(|l| {
            l.alert("We could not confirm the payment yet. We will email you when it is done.")
                .context(Context::Warning);
            action_button(l, generation, "Close", |a| {
                a.id("close").exit(true).result(result.clone());
            });
        });
    })
}

/// The flow's result once the user finished: what was paid, and how.
pub(crate) fn result(flow_id: &str, payment: &Payment, completed: &Completed) -> Value {
    let mut result = json!({
        "flowId": flow_id,
        "paymentId": completed.payment_id,
        "taskId": completed.task_id,
        "status": "completed",
        "amount": payment.amount,
        "currency": payment.currency,
        "express": payment.express,
        "fee": payment.fee(),
        "completedAt": completed.completed_at,
    });
    if let Some(reference) = &payment.reference {
        result["reference"] = json!(reference);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment() -> Payment {
        Payment { amount: Number::from(250), currency: "GBP".into(), express: true, reference: None }
    }

    fn completed() -> Completed {
        Completed {
            payment_id: "pay-1".into(),
            task_id: "task-1".into(),
            started_at: "a".into(),
            completed_at: "b".into(),
        }
    }

    #[test]
    fn every_step_is_valid_in_both_generations() {
        let polling = PollSettings { delay_secs: 1, timeout_secs: 5, max_attempts: 30 };
        for generation in [Generation::Current, Generation::Legacy] {
            let steps = [
                form(generation, "f1").unwrap(),
                processing(generation, "f1", &payment(), "task-1", &polling).unwrap(),
                done(generation, "f1", &payment(), &completed()).unwrap(),
                late(generation, "f1", Some("task-1")).unwrap(),
            ];
            for step in steps {
                let report = step.validate();
                assert!(report.is_valid(), "{generation:?} {}: {:?}", step.id(), report.problems());
            }
        }
    }

    #[test]
    fn the_generations_differ_where_the_protocol_does() {
        let polling = PollSettings { delay_secs: 2, timeout_secs: 5, max_attempts: 9 };
        let current =
            serde_json::to_value(processing(Generation::Current, "f", &payment(), "t", &polling).unwrap())
                .unwrap();
        let legacy =
            serde_json::to_value(processing(Generation::Legacy, "f", &payment(), "t", &polling).unwrap())
                .unwrap();
        assert_eq!(current["polling"]["delay"], 2);
        assert_eq!(current["polling"]["onError"]["behavior"]["action"]["url"], "/payment/late");
        assert_eq!(legacy["polling"]["interval"], 2);
        assert!(legacy["polling"].get("delay").is_none());
        assert_eq!(legacy["polling"]["onError"]["action"]["url"], "/payment/late");

        let current = serde_json::to_value(form(Generation::Current, "f").unwrap()).unwrap();
        let legacy = serde_json::to_value(form(Generation::Legacy, "f").unwrap()).unwrap();
        assert_eq!(current["layout"][1], json!({"type": "form", "schemaId": "payment"}));
        assert_eq!(legacy["layout"][1]["schema"], json!({"$ref": "payment"}));
        assert_eq!(current["layout"][2]["behavior"]["action"]["data"], json!({"flowId": "f"}));
        assert_eq!(legacy["layout"][2]["action"]["title"], "Continue");
    }

    #[test]
    fn the_result_names_the_payment() {
        let r = result("f", &payment(), &completed());
        assert_eq!(r["amount"], 250);
        assert_eq!(r["fee"], 2.5);
        assert_eq!(r["status"], "completed");
        assert_eq!(payment().amount_text(), "250");
        let mut half = payment();
        half.amount = Number::from_f64(12.5).unwrap();
        half.express = false;
        assert_eq!(half.amount_text(), "12.5");
        assert_eq!(result("f", &half, &completed())["fee"], 0);
    }
}
