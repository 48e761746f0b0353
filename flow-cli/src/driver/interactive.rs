//! A person answers: the step's form values through [`Prompter`], field by
//! field from the runtime's screen model (each value checked as it is
//! entered, errors shown next to the fields they name), then a choice by
//! its number (`b` goes back, `q` quits at any prompt, Ctrl-D leaves with a
//! friendly message). Before an action that submits and is validated, all
//! the values are checked once more with the runtime's own client-side
//! validation ([`FormState::report`]); failing fields are shown and asked
//! again, so nothing invalid is sent.
//!
//! Prompts block on the terminal, so they run on tokio's blocking pool.

use std::io::{BufRead, Write};
use std::sync::Arc;

use console::style;
use serde_json::Value;

use flow_model::{Step, StepErrors};
use flow_runtime::screen::FormState;

use super::{Turn, TurnContext};
use crate::prompt::{PromptError, Prompter};
use crate::render::{self, Choice};

/// The terminal: what the person types, where the prompts go.
pub(crate) struct Terminal {
    pub(crate) input: Box<dyn BufRead + Send>,
    pub(crate) output: Box<dyn Write + Send>,
    /// Input is a real terminal: a password is read without echo.
    pub(crate) hide_secrets: bool,
}

impl std::fmt::Debug for Terminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Terminal")
    }
}

/// What dflow says when input ends (Ctrl-D) at a prompt.
pub(crate) const INPUT_ENDED: &str = "Input ended (Ctrl-D): leaving the flow. Nothing more is sent.";

/// The interactive chooser.
#[derive(Debug)]
pub(crate) struct Interactive {
    terminal: Option<Terminal>,
    /// The last answers, by step id: asked again, Enter keeps them.
    answers: Option<(String, Value)>,
}

impl Interactive {
    pub(crate) fn new(terminal: Terminal) -> Self {
        Interactive { terminal: Some(terminal), answers: None }
    }

    /// Asks the person what to do on `step`: `q` at any prompt and input
    /// ending (said so on the terminal) are [`Turn::Quit`].
    pub(crate) async fn turn(&mut self, step: Arc<Step>, context: TurnContext) -> Result<Turn, PromptError> {
        let Some(mut terminal) = self.terminal.take() else {
            return Err(PromptError::Io(std::io::Error::other("the terminal is gone")));
        };
        let previous = self.answers.take().filter(|(id, _)| id == step.id()).map(|(_, v)| v);
        let id = step.id().to_owned();
        let joined = tokio::task::spawn_blocking(move || {
            let result = ask(&mut terminal, &step, &context, previous);
            let result = match result {
                Err(PromptError::Ended) => {
                    let _ = writeln!(terminal.output, "\n{INPUT_ENDED}");
                    let _ = terminal.output.flush();
                    Ok((Turn::Quit, Value::Null))
                }
                Err(PromptError::Quit) => Ok((Turn::Quit, Value::Null)),
                other => other,
            };
            (terminal, result)
        })
        .await;
        let (terminal, result) = joined.map_err(|e| PromptError::Io(std::io::Error::other(e.to_string())))?;
        self.terminal = Some(terminal);
        let (turn, values) = result?;
        self.answers = Some((id, values));
        Ok(turn)
    }
}

/// The errors a turn shows next to the fields.
fn shown_errors(context: &TurnContext) -> StepErrors {
    let mut errors = StepErrors::default();
    errors.validation = context.validation.clone();
    errors
}

/// One turn on the terminal: form values, then a choice. Returns the turn
/// and the answers to keep.
pub(crate) fn ask(
    terminal: &mut Terminal,
    step: &Step,
    context: &TurnContext,
    previous: Option<Value>,
) -> Result<(Turn, Value), PromptError> {
    let Terminal { input, output, hide_secrets } = terminal;
    let mut form = match previous {
        Some(values) => FormState::with_values(step, values),
        None => FormState::new(step),
    };
    let screen = form.screen(Some(&shown_errors(context)));
    let choices = render::choices_of(&screen);
    let asked = !screen.forms().is_empty();
    let mut prompter = Prompter::new(input.as_mut(), output.as_mut()).hide_secrets(*hide_secrets);
    prompter.fill(&mut form, &screen)?;
    if choices.is_empty() {
        prompter.say(&style("Nothing to pick on this step.").dim().to_string())?;
    } else if asked || context.moves > 0 {
        for (i, choice) in choices.iter().enumerate() {
            prompter.say(&format!("{} {}", style(format!("[{}]", i + 1)).cyan().bold(), choice.label))?;
        }
    }
    let picked = loop {
        let question = match choices.len() {
            0 => "b: back, q: quit: ".to_owned(),
            1 => "Choose 1 (Enter: 1, b: back, q: quit): ".to_owned(),
            n => format!("Choose 1-{n} (b: back, q: quit): "),
        };
        let answer = prompter.ask(&question)?;
        match answer.as_str() {
            "b" | "back" => return Ok((Turn::Back, form.values().clone())),
            "" if choices.len() == 1 => break choices[0].clone(),
            _ => {}
        }
        match answer.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| choices.get(i)) {
            Some(choice) => break choice.clone(),
            None if choices.is_empty() => prompter.say("  type b or q")?,
            None => prompter.say(&format!("  pick a number from 1 to {}", choices.len()))?,
        }
    };
    let Choice { label, trigger } = picked;
    if trigger.validates {
        loop {
            let report = form.report();
            if report.is_valid() {
                break;
            }
            prompter.say(&style("✖ Some values are not valid:").red().to_string())?;
            for field in &report.fields {
                prompter.say(&style(format!("  • {field}")).red().to_string())?;
            }
            if !asked {
                // Nothing on screen lets the person fix it: let the server say.
                break;
            }
            let mut errors = StepErrors::default();
            errors.validation = Some(report.validation);
            let screen = form.screen(Some(&errors));
            prompter.fill(&mut form, &screen)?;
        }
    }
    let values = form.values().clone();
    let turn = Turn::Run {
        label,
        behavior: trigger.behavior,
        action_id: trigger.action_id,
        values: values.clone(),
        announce: false,
    };
    Ok((turn, values))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn terminal(input: &str) -> (Terminal, crate::report::tests::Shared) {
        let out = crate::report::tests::Shared::default();
        let terminal = Terminal {
            input: Box::new(std::io::Cursor::new(input.as_bytes().to_vec())),
            output: Box::new(out.clone()),
            hide_secrets: false,
        };
        (terminal, out)
    }

    fn payment_step() -> Step {
        crate::backend::steps::form(crate::backend::Generation::Current, "flow-1").unwrap()
    }

    #[test]
    fn checks_each_value_as_it_is_entered_then_submits_the_choice() {
        console::set_colors_enabled(false);
        // amount 0 (below the minimum: refused at once), then 250; currency 2,
        // express n, reference blank, choose 1.
        let (mut term, out) = terminal("0\n250\n2\nn\n\n1\n");
        let (turn, values) = ask(&mut term, &payment_step(), &TurnContext::default(), None).unwrap();
        let Turn::Run { label, values: sent, .. } = turn else { panic!("{turn:?}") };
        assert_eq!(label, "Continue");
        assert_eq!(sent, json!({"amount": 250, "currency": "EUR", "express": false}));
        assert_eq!(values, sent);
        let text = out.text();
        assert!(text.contains("Amount (number) [100]:   ✖ Send at least 1\nAmount (number) [0]: "), "{text}");
        assert!(text.contains("Express delivery (+2.50) [y/N]: "), "{text}");
    }

    #[test]
    fn server_errors_are_shown_next_to_their_fields() {
        console::set_colors_enabled(false);
        let (mut term, out) = terminal("\n\n\n\n\n");
        let context = TurnContext {
            error: Some("Rates moved".into()),
            validation: Some(json!({"amount": "Check the amount"})),
            moves: 1,
        };
        let previous = json!({"amount": 40, "currency": "GBP", "express": true});
        let (turn, _) = ask(&mut term, &payment_step(), &context, Some(previous.clone())).unwrap();
        assert!(matches!(turn, Turn::Run { ref values, .. } if *values == previous), "{turn:?}");
        let text = out.text();
        assert!(text.contains("  ✖ Amount: Check the amount\nAmount (number) [40]: "), "{text}");
        assert!(text.contains("[1] Continue\nChoose 1 (Enter: 1"), "{text}");
    }

    #[test]
    fn back_quit_and_bad_numbers() {
        console::set_colors_enabled(false);
        let step: Step = serde_json::from_value(json!({"id": "s", "layout": [
            {"type": "button", "title": "A", "behavior": {"type": "action", "action": {"url": "/a"}}},
            {"type": "button", "title": "B", "behavior": {"type": "link", "url": "https://x.test"}}
        ]}))
        .unwrap();
        let (mut term, out) = terminal("7\nx\n2\n");
        let (turn, _) = ask(&mut term, &step, &TurnContext::default(), None).unwrap();
        assert!(matches!(turn, Turn::Run { ref label, .. } if label == "B"), "{turn:?}");
        assert!(out.text().contains("pick a number from 1 to 2"), "{}", out.text());
        let (mut term, _) = terminal("b\n");
        assert!(matches!(ask(&mut term, &step, &TurnContext::default(), None).unwrap().0, Turn::Back));
        let (mut term, _) = terminal("q\n");
        assert!(matches!(ask(&mut term, &step, &TurnContext::default(), None), Err(PromptError::Quit)));
        let (mut term, _) = terminal("");
        assert!(matches!(ask(&mut term, &step, &TurnContext::default(), None), Err(PromptError::Ended)));
    }
}
