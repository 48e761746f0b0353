//! An app shell in about 80 lines: it embeds `flow-runtime` over real HTTP
//! (reqwest with rustls), draws each step as text, answers forms with the
//! step's `model` (what a person would leave as prefilled), presses the
//! first button, lets the runtime poll, and prints the flow's result.
//!
//! ```sh
//! cargo run --release -p flow-cli -- serve-example &      # the example backend on 127.0.0.1:8080
//! cargo run -p dflow-examples --bin embed -- http://127.0.0.1:8080/payment/start
//! ```

use std::sync::Arc;
use std::time::Duration;

use flow_model::layout::Layout;
use flow_model::{Behavior, Step};
use flow_runtime::{FlowBuilder, FlowEvent, ReqwestTransport, RuntimeConfig};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:8080/payment/start".to_owned());
    // The shell's own HTTP settings; any `Transport` (OkHttp, URLSession…) fits here.
    let config = RuntimeConfig::builder().request_timeout(Duration::from_secs(10)).build()?;
    let transport = Arc::new(ReqwestTransport::new(&config)?);
    let (flow, mut events) = FlowBuilder::post(url, None).config(config).transport(transport).start()?;

    let mut moves = 0;
    while let Some(event) = events.recv().await {
        match event {
            FlowEvent::StepShown { step, .. } => {
                draw(&step);
                if step.polling.is_some() {
                    continue; // the runtime polls; the next step (or exit) arrives as an event
                }
                moves += press_first_button(&flow, &step, moves).await;
            }
            FlowEvent::Errors { error, validation, .. } => {
                println!("  ! {}", error.unwrap_or_default());
                if let Some(validation) = validation {
                    println!("  ! {validation}");
                }
                // Answer again, as a person would after reading the message.
                if let Some(step) = flow.snapshot().step {
                    moves += press_first_button(&flow, &step, moves).await;
                }
            }
            FlowEvent::Polling { attempt, max_attempts, .. } => {
                println!("  … checking ({attempt}/{max_attempts})")
            }
            FlowEvent::OpenUrl { url, .. } => println!("  → open {url}"),
            FlowEvent::Exited { result } => println!("done: {result}"),
            FlowEvent::Failed { error } => return Err(error.into()),
            FlowEvent::Cancelled => return Err("cancelled".into()),
            _ => {}
        }
    }
    Ok(())
}

/// Titles and texts, one line each.
fn draw(step: &Step) {
    println!("== {}", step.title());
    let mut stack: Vec<&Layout> = step.layout().iter().rev().collect();
    while let Some(component) = stack.pop() {
        match component {
            Layout::Heading(h) => println!("  # {}", h.text),
            Layout::Paragraph(p) => println!("  {}", p.text),
            Layout::Markdown(m) => println!("  {}", m.content),
            _ => {}
        }
        stack.extend(component.children().into_iter().rev().map(|(_, child)| child));
    }
}

/// Presses the step's first button that sends an action, with the step's
/// `model` as the values;
/// gives up after a few moves (a shell that loops forever helps nobody).
async fn press_first_button(flow: &flow_runtime::FlowHandle, step: &Step, moves: u32) -> u32 {
    let Some(behavior) = first_action(step).filter(|_| moves < 5) else { return 0 };
    let values = step.model.clone().unwrap_or(Value::Object(Default::default()));
    match flow.trigger_behavior(behavior, values).await {
        Ok(()) => 1,
        Err(e) => {
            println!("  ! {e}");
            1
        }
    }
}

fn first_action(step: &Step) -> Option<Behavior> {
    let mut stack: Vec<&Layout> = step.layout().iter().rev().collect();
    while let Some(component) = stack.pop() {
        let triggers = component.triggers();
        let mut behaviors = triggers.iter().filter_map(|t| t.resolve());
        if let Some(action) = behaviors.find(|b| matches!(**b, Behavior::Action(_))) {
            return Some(action.into_owned());
        }
        stack.extend(component.children().into_iter().rev().map(|(_, child)| child));
    }
    None
}
