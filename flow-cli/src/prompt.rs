//! Line-based prompts that collect a step's form values, field by field,
//! from the runtime's screen model ([`Field`]s in display order) into a
//! [`FormState`], through any reader/writer pair so a pseudo-terminal, a
//! pipe or a test can drive them.
//!
//! * Each field is checked as it is entered ([`FormState::validate_field`],
//!   the runtime's own client-side rules and messages); a value that fails
//!   is refused with its message and asked again.
//! * A field's current error (the server's, or an earlier check's) is shown
//!   before it is asked.
//! * Enter keeps the current value (shown in brackets); an optional field
//!   left blank stays unset. Yes/no questions read `[y/N]` or `[Y/n]`, the
//!   capital letter being what Enter answers.
//! * Selects and radios list their choices by number; a oneOf of objects
//!   asks which alternative, then that alternative's fields; groups are
//!   asked member by member; hidden fields are never asked and constants are
//!   set as they are.
//! * A password is read without echo when the input is a terminal.
//! * `q` (or `quit`) at any prompt quits ([`PromptError::Quit`]); input
//!   ending (Ctrl-D) is [`PromptError::Ended`].

use std::io::{BufRead, Write};

use console::style;
use serde_json::Value;

use flow_runtime::screen::{Field, FieldKind, FormState, Screen};

use crate::render::form::value_text;

/// A prompt session over a reader and a writer.
pub(crate) struct Prompter<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    hide_secrets: bool,
}

impl std::fmt::Debug for Prompter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prompter")
    }
}

/// How a yes/no question reads with `default` (what Enter answers).
pub(crate) fn yes_no_hint(default: bool) -> &'static str {
    if default {
        "[Y/n]"
    } else {
        "[y/N]"
    }
}

impl<'a> Prompter<'a> {
    pub(crate) fn new(input: &'a mut dyn BufRead, output: &'a mut dyn Write) -> Self {
        Prompter { input, output, hide_secrets: false }
    }

    /// Reads passwords from the terminal without echo (when the input is one).
    pub(crate) fn hide_secrets(mut self, hide: bool) -> Self {
        self.hide_secrets = hide;
        self
    }

    /// Asks for a secret: without echo on a terminal, else as [`ask`](Self::ask).
    fn ask_secret(&mut self, question: &str) -> Result<String, PromptError> {
        if !self.hide_secrets {
            return self.ask(question);
        }
        write!(self.output, "{question}")?;
        self.output.flush()?;
        let answer = match console::Term::stdout().read_secure_line() {
            Ok(answer) => answer,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(PromptError::Ended),
            Err(e) => return Err(e.into()),
        };
        let answer = answer.trim();
        if matches!(answer, "q" | "quit") {
            return Err(PromptError::Quit);
        }
        Ok(answer.to_owned())
    }

    /// Asks a question and returns the trimmed answer; `q` quits.
    pub(crate) fn ask(&mut self, question: &str) -> Result<String, PromptError> {
        write!(self.output, "{question}")?;
        self.output.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(PromptError::Ended);
        }
        let answer = line.trim();
        if matches!(answer, "q" | "quit") {
            return Err(PromptError::Quit);
        }
        Ok(answer.to_owned())
    }

    /// Writes a line.
    pub(crate) fn say(&mut self, text: &str) -> Result<(), PromptError> {
        writeln!(self.output, "{text}")?;
        Ok(())
    }

    /// Asks for every field the screen's forms show, into `form`.
    pub(crate) fn fill(&mut self, form: &mut FormState, screen: &Screen) -> Result<(), PromptError> {
        for node in screen.forms() {
            for field in &node.fields {
                self.field(form, field)?;
            }
        }
        Ok(())
    }

    fn field(&mut self, form: &mut FormState, field: &Field) -> Result<(), PromptError> {
        if field.kind == FieldKind::Const {
            if let Some(value) = &field.default {
                let _ = form.set(&field.path, value.clone());
            }
            return Ok(());
        }
        if field.hidden {
            return Ok(());
        }
        if let Some(error) = &field.error {
            self.say(&style(format!("  ✖ {}: {error}", field.label())).red().to_string())?;
        }
        if field.disabled {
            let shown = form.get(&field.path).map(|v| value_text(field, v)).unwrap_or_default();
            return self.say(&format!("{}: {shown} (read-only)", field.label()));
        }
        match field.kind {
            FieldKind::Group => {
                if field.title.is_some() {
                    self.say(&style(format!("{}:", field.label())).bold().to_string())?;
                }
                for child in &field.fields {
                    self.field(form, child)?;
                }
                Ok(())
            }
            FieldKind::OneOfGroup => self.one_of(form, field),
            _ => loop {
                let answer = self.value(form, field)?;
                match answer {
                    Answer::Keep => {}
                    Answer::Unset => {
                        form.remove(&field.path);
                    }
                    Answer::Set(value) => {
                        let _ = form.set(&field.path, value);
                    }
                    Answer::Again(message) => {
                        self.say(&format!("  {message}"))?;
                        continue;
                    }
                }
                match form.validate_field(&field.path) {
                    Some(message) => self.say(&style(format!("  ✖ {message}")).red().to_string())?,
                    None => return Ok(()),
                }
            },
        }
    }

    /// A oneOf of objects: which alternative, then its fields.
    fn one_of(&mut self, form: &mut FormState, field: &Field) -> Result<(), PromptError> {
        let n = field.alternatives.len();
        if n == 0 {
            return Ok(());
        }
        self.say(&format!("{}:", field.label()))?;
        for (i, alternative) in field.alternatives.iter().enumerate() {
            self.say(&format!("  {}) {}", i + 1, alternative.title))?;
        }
        let selected = field.alternatives.iter().position(|a| a.selected);
        let chosen = loop {
            let hint = selected.map(|i| format!(" [{}]", field.alternatives[i].title)).unwrap_or_default();
            let answer = self.ask(&format!("Choose 1-{n}{hint}: "))?;
            if answer.is_empty() {
                if let Some(i) = selected {
                    break i;
                }
                if !field.required {
                    return Ok(());
                }
                let message = field.required_message.as_deref().unwrap_or("Required");
                self.say(&style(format!("  ✖ {message}")).red().to_string())?;
                continue;
            }
            match answer.parse::<usize>().ok().and_then(|i| i.checked_sub(1)).filter(|i| *i < n) {
                Some(i) => break i,
                None => self.say(&format!("  pick a number from 1 to {n}"))?,
            }
        };
        if selected != Some(chosen) && !field.path.is_empty() {
            // Another alternative: the old one's values do not carry over.
            form.remove(&field.path);
        }
        // Its constants (a discriminator such as `"type": "bank"`) first:
        // they tell the checks of the other fields which alternative is meant.
        let fields = &field.alternatives[chosen].fields;
        for child in fields.iter().filter(|f| f.kind == FieldKind::Const) {
            self.field(form, child)?;
        }
        for child in fields.iter().filter(|f| f.kind != FieldKind::Const) {
            self.field(form, child)?;
        }
        Ok(())
    }

    /// Asks for one value.
    fn value(&mut self, form: &FormState, field: &Field) -> Result<Answer, PromptError> {
        let label = field.label();
        let current = form.get(&field.path).filter(|v| !v.is_null()).cloned();
        let current_text =
            current.as_ref().map(|c| format!(" [{}]", value_text(field, c))).unwrap_or_default();
        match field.kind {
            FieldKind::Select | FieldKind::Radio | FieldKind::MultiSelect => {
                let n = field.choices.len();
                self.say(&format!("{label}:"))?;
                for (i, choice) in field.choices.iter().enumerate() {
                    self.say(&format!("  {}) {}", i + 1, choice.title))?;
                }
                let multi = field.kind == FieldKind::MultiSelect;
                let question = if multi {
                    format!("Choose any of 1-{n}, comma-separated{current_text}: ")
                } else {
                    format!("Choose 1-{n}{current_text}: ")
                };
                let answer = self.ask(&question)?;
                if answer.is_empty() {
                    return Ok(if current.is_some() { Answer::Keep } else { Answer::Unset });
                }
                let pick = |text: &str| {
                    text.trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| i.checked_sub(1))
                        .and_then(|i| field.choices.get(i))
                        .filter(|c| !c.disabled)
                        .map(|c| c.value.clone())
                };
                if multi {
                    let picked: Option<Vec<Value>> = answer.split(',').map(pick).collect();
                    return Ok(picked.map_or_else(
                        || Answer::Again(format!("pick numbers from 1 to {n}, e.g. 1,3")),
                        |values| Answer::Set(Value::Array(values)),
                    ));
                }
                Ok(pick(&answer)
                    .map_or_else(|| Answer::Again(format!("pick a number from 1 to {n}")), Answer::Set))
            }
            FieldKind::Boolean => {
                let default =
                    current.as_ref().or(field.default.as_ref()).and_then(Value::as_bool).unwrap_or(false);
                let answer = self.ask(&format!("{label} {}: ", yes_no_hint(default)))?;
                Ok(match answer.to_ascii_lowercase().as_str() {
                    "" => Answer::Set(Value::Bool(default)),
                    "y" | "yes" | "true" | "1" => Answer::Set(Value::Bool(true)),
                    "n" | "no" | "false" | "0" => Answer::Set(Value::Bool(false)),
                    _ => Answer::Again("answer y or n".to_owned()),
                })
            }
            kind => {
                let hint = match kind {
                    FieldKind::Number => " (number)",
                    FieldKind::Integer => " (integer)",
                    FieldKind::Date => " (date, YYYY-MM-DD)",
                    FieldKind::Password => " (password)",
                    FieldKind::File => " (file contents)",
                    FieldKind::List => " (a JSON array)",
                    FieldKind::Unknown => " (JSON)",
                    _ => "",
                };
                let question = format!("{label}{hint}{current_text}: ");
                let answer = if kind == FieldKind::Password {
                    self.ask_secret(&question)?
                } else {
                    self.ask(&question)?
                };
                if answer.is_empty() {
                    return Ok(if current.is_some() { Answer::Keep } else { Answer::Unset });
                }
                Ok(convert(kind, &answer).map_or_else(Answer::Again, Answer::Set))
            }
        }
    }
}

/// What an answer does to a field.
enum Answer {
    /// Enter: the current value stays.
    Keep,
    /// Enter with no current value: the field stays unset.
    Unset,
    /// A new value.
    Set(Value),
    /// Not an answer of the field's kind: say this and ask again.
    Again(String),
}

/// Converts typed text to the field's JSON type.
fn convert(kind: FieldKind, text: &str) -> Result<Value, String> {
    match kind {
        FieldKind::Integer => {
            text.parse::<i64>().map(Value::from).map_err(|_| "enter a whole number".to_owned())
        }
        FieldKind::Number => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .and_then(|n| {
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    Some(Value::from(n as i64))
                } else {
                    serde_json::Number::from_f64(n).map(Value::Number)
                }
            })
            .ok_or_else(|| "enter a number".to_owned()),
        FieldKind::List => match serde_json::from_str::<Value>(text) {
            Ok(value @ Value::Array(_)) => Ok(value),
            _ => Err("enter a JSON array, e.g. [\"a\", \"b\"]".to_owned()),
        },
        FieldKind::Unknown => serde_json::from_str(text).map_err(|_| "enter a JSON value".to_owned()),
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// Why prompting stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PromptError {
    /// Input ended (Ctrl-D).
    #[error("input ended")]
    Ended,
    /// The person typed `q`.
    #[error("quit")]
    Quit,
    /// Reading or writing the terminal failed.
    #[error("terminal I/O failed: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use flow_model::Step;
    use serde_json::json;

    fn pay_step() -> Step {
        serde_json::from_value(json!({
            "id": "form", "title": "Pay",
            "schemas": [{"$id": "pay", "type": "object", "displayOrder": ["amount", "currency", "express"],
                "required": ["amount", "currency"],
                "properties": {
                    "amount": {"type": "number", "title": "Amount", "minimum": 1},
                    "currency": {"title": "Currency", "oneOf": [{"const": "GBP", "title": "Pound"}, {"const": "EUR", "title": "Euro"}]},
                    "express": {"type": "boolean", "title": "Express"},
                    "kind": {"const": "transfer"},
                    "pin": {"type": "string", "hidden": true}
                }}],
            "layout": [{"type": "form", "schemaId": "pay"}]
        }))
        .unwrap()
    }

    fn fill(step: &Step, values: Value, input: &str) -> (Result<Value, PromptError>, String) {
        let mut form = FormState::with_values(step, values);
        let screen = form.screen(Some(&flow_model::StepErrors::default()));
        let mut input = input.as_bytes();
        let mut output = Vec::new();
        let result =
            Prompter::new(&mut input, &mut output).fill(&mut form, &screen).map(|()| form.values().clone());
        (result, String::from_utf8(output).unwrap())
    }

    #[test]
    fn asks_each_field_in_display_order_and_checks_it_on_entry() {
        console::set_colors_enabled(false);
        let (values, text) = fill(&pay_step(), json!({"express": false}), "ten\n0\n12.5\n3\n2\n\n");
        assert_eq!(
            values.unwrap(),
            json!({"amount": 12.5, "currency": "EUR", "express": false, "kind": "transfer"})
        );
        assert!(text.contains("Amount (number): "), "{text}");
        assert!(text.contains("  enter a number\n"), "{text}");
        // The runtime's own rule, checked as the field is entered.
        assert!(text.contains("  ✖ Must be at least 1\nAmount (number) [0]: "), "{text}");
        assert!(text.contains("  2) Euro"), "{text}");
        assert!(text.contains("pick a number from 1 to 2"), "{text}");
        assert!(text.contains("Express [y/N]: "), "{text}");
        assert!(!text.contains("pin"), "hidden fields are not asked: {text}");
    }

    #[test]
    fn a_required_field_left_blank_is_asked_again_with_its_message() {
        console::set_colors_enabled(false);
        let (values, text) = fill(&pay_step(), json!({}), "\n5\n\n1\ny\n");
        assert_eq!(values.unwrap()["express"], true);
        assert!(text.contains("Amount (number):   ✖ Required\n"), "{text}");
        assert!(text.contains("Choose 1-2:   ✖ Required\n"), "{text}");
    }

    #[test]
    fn yes_no_defaults_read_as_the_capital_letter() {
        console::set_colors_enabled(false);
        let (values, text) =
            fill(&pay_step(), json!({"amount": 1, "currency": "GBP", "express": true}), "\n\n\n");
        assert_eq!(values.unwrap()["express"], true);
        assert!(text.contains("Express [Y/n]: "), "{text}");
        assert!(text.contains("Choose 1-2 [Pound]: "), "{text}");
    }

    #[test]
    fn q_quits_and_input_ending_is_its_own_error() {
        let (result, _) = fill(&pay_step(), json!({}), "q\n");
        assert!(matches!(result, Err(PromptError::Quit)));
        let (result, _) = fill(&pay_step(), json!({}), "");
        assert!(matches!(result, Err(PromptError::Ended)));
    }

    #[test]
    fn one_of_objects_ask_the_alternative_then_its_fields() {
        console::set_colors_enabled(false);
        let step: Step = serde_json::from_value(json!({"id": "s",
            "schemas": [{"$id": "m", "type": "object", "required": ["method"], "properties": {
                "method": {"title": "Method", "oneOf": [
                    {"type": "object", "title": "Bank", "required": ["iban"], "properties": {
                        "type": {"const": "bank"}, "iban": {"type": "string", "title": "IBAN", "minLength": 4}}},
                    {"type": "object", "title": "Card", "properties": {
                        "type": {"const": "card"}, "number": {"type": "string", "title": "Number"}}}]},
                "address": {"type": "object", "title": "Address", "properties": {
                    "city": {"type": "string", "title": "City"}}}}}],
            "layout": [{"type": "form", "schemaId": "m"}]}))
        .unwrap();
        let (values, text) = fill(&step, json!({}), "Leeds\n1\nGB\nGB29NWBK\n");
        assert_eq!(
            values.unwrap(),
            json!({"address": {"city": "Leeds"}, "method": {"type": "bank", "iban": "GB29NWBK"}})
        );
        assert!(text.contains("Address:\nCity: "), "{text}");
        assert!(text.contains("Method:\n  1) Bank\n  2) Card\nChoose 1-2: "), "{text}");
        assert!(text.contains("  ✖ Must be at least 4 characters\nIBAN [GB]: "), "{text}");
    }
}
