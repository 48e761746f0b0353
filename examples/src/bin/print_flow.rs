//! Prints a complete three-step payment flow, built with `flow-dsl`, as JSON:
//!
//! 1. `payment-details`: a form (amount, currency, reference) and a Pay button;
//! 2. `processing`: polls the payment status, exits with a failure result
//!    when polling gives up;
//! 3. `done`: opens the bank's receipt page (`external`) and offers to finish.
//!
//! ```sh
//! cargo run -p dflow-examples --bin print_flow
//! ```

use std::io::Write;
use std::process::ExitCode;

use flow_dsl::prelude::*;
use serde_json::json;

/// The payment details form.
fn payment_details() -> Result<Step, BuildError> {
    Step::build(|s| {
        s.id("payment-details").title("Send money").description("Who gets how much?");
        s.schemas(|sc| {
            sc.object(|o| {
                o.id("payment").title("Payment");
                o.property("amount").number(|n| {
                    n.title("Amount").minimum(1).maximum(10_000).placeholder("0.00");
                    n.validation_message("minimum", "Send at least 1");
                });
                o.property("currency").one_of(|c| {
                    c.title("Currency").default_value("GBP");
                    c.one_of(|alternatives| {
                        alternatives.constant("GBP").title("British pound");
                        alternatives.constant("EUR").title("Euro");
                    });
                });
                o.property("reference").string(|r| {
                    r.title("Reference").max_length(35);
                });
                o.required(["amount", "currency"]).display_order(["amount", "currency", "reference"]);
            });
        });
        s.layout(|l| {
            l.heading("How much are you sending?").size(Size::Lg);
            l.form("payment");
            l.button(|b| {
                b.title("Pay").context(Context::Positive);
                b.behavior_with(|x| {
                    x.action(|a| {
                        a.url("/payments").method("POST").id("pay");
                    });
                });
            });
        });
        s.navigation(|n| {
            n.back(|b| {
                b.title("Cancel").action(|a| {
                    a.exit(true).result(json!({"cancelled": true}));
                });
            });
        });
    })
}

/// The step shown while the payment is processed (the issue's seed example).
fn processing() -> Result<Step, BuildError> {
    Step::build(|s| {
        s.id("processing");
        s.title("Processing your payment");
        s.layout(|l| {
            l.loading_indicator().size(Size::Md);
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
        s.navigation(|n| {
            n.stack_behavior(StackBehavior::ReplaceCurrent);
        });
    })
}

/// The final step: the receipt opens in the browser.
fn done() -> Result<Step, BuildError> {
    Step::build(|s| {
        s.id("done").title("Money sent");
        s.external("https://bank.example/receipts/12345");
        s.layout(|l| {
            l.status_list(|list| {
                list.item("Payment received").status("done");
                list.item("Money on its way").status("done");
            });
            l.review(|r| {
                r.title("Summary");
                r.field("You sent", "100.00 GBP");
                r.field("Reference", "Rent");
            });
            l.button(|b| {
                b.title("Open the receipt again");
                b.behavior_with(|x| {
                    x.link("https://bank.example/receipts/12345");
                });
            });
            l.button(|b| {
                b.title("Done").context(Context::Positive);
                b.behavior_with(|x| {
                    x.action(|a| {
                        a.exit(true).result(json!({"paymentId": "12345", "status": "sent"}));
                    });
                });
            });
        });
        s.navigation(|n| {
            n.stack_behavior(StackBehavior::RemoveAll);
        });
    })
}

/// What is printed: the flow's name and its steps, members in wire order.
#[derive(serde::Serialize)]
struct Document<'a> {
    flow: &'a str,
    steps: &'a [Step],
}

/// The whole flow, in order.
fn flow() -> Result<Vec<Step>, BuildError> {
    Ok(vec![payment_details()?, processing()?, done()?])
}

fn main() -> ExitCode {
    let steps = match flow() {
        Ok(steps) => steps,
        Err(e) => {
            eprintln!("print_flow: {e}");
            return ExitCode::FAILURE;
        }
    };
    let document = Document { flow: "send-money", steps: &steps };
    let text = match serde_json::to_string_pretty(&document) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("print_flow: cannot write JSON: {e}");
            return ExitCode::FAILURE;
        }
    };
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`print_flow | head`) is not worth a panic.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("print_flow: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_builds_parses_back_and_validates() {
        let steps = flow().unwrap();
        let ids: Vec<&str> = steps.iter().map(Step::id).collect();
        assert_eq!(ids, ["payment-details", "processing", "done"]);
        for step in &steps {
            let text = serde_json::to_string(step).unwrap();
            let back: Step = flow_model::parse(&text).unwrap();
            assert_eq!(&back, step);
            let report = back.validate();
            assert!(report.is_valid(), "{}: {report}", step.id());
        }
    }

    #[test]
    fn the_flow_moves_from_form_to_polling_to_external_receipt() {
        let steps = flow().unwrap();
        let Layout::Form(form) = &steps[0].layout()[1] else { panic!("a form") };
        assert_eq!(form.target_schema_id(), Some("payment"));
        let Layout::Button(pay) = &steps[0].layout()[2] else { panic!("a button") };
        let submit = pay.behavior().unwrap().as_action().unwrap().clone();
        assert_eq!((submit.url.as_deref(), submit.method().as_str()), (Some("/payments"), "POST"));

        let polling = steps[1].polling.as_ref().unwrap();
        assert_eq!(polling.wait(), Some(std::time::Duration::from_secs(5)));
        assert_eq!(polling.attempts(), Some(100));
        assert!(polling.on_error_behavior().unwrap().as_action().unwrap().is_exit());

        let external = steps[2].external.as_ref().unwrap();
        assert_eq!(external.url, "https://bank.example/receipts/12345");
        assert_eq!(steps[2].stack_behavior(), StackBehavior::RemoveAll);
    }
}
