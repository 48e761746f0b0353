//! Line-based prompts that collect a step's form values from its schemas
//! (string, number, integer, boolean, oneOf as a numbered choice, const,
//! objects field by field in `displayOrder`), through any reader/writer
//! pair so a pseudo-terminal, a pipe or a test can drive them.

use std::io::{BufRead, Write};

use flow_model::schema::ObjectSchema;
use flow_model::{Schema, Step};
use serde_json::{Map, Value};

/// Input ended before a value was given.
#[derive(Debug, thiserror::Error)]
#[error("input ended while asking for {field}")]
pub(crate) struct InputEnded {
    field: String,
}

/// A prompt session over a reader and a writer.
pub(crate) struct Prompter<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    /// Messages shaped like the model, shown next to the fields they name.
    errors: Value,
}

impl std::fmt::Debug for Prompter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prompter")
    }
}

impl<'a> Prompter<'a> {
    pub(crate) fn new(input: &'a mut dyn BufRead, output: &'a mut dyn Write) -> Self {
        Prompter { input, output, errors: Value::Null }
    }

    /// Shows these messages (shaped like the model, as an Error Response
    /// Body's `validation`) next to the fields they name while asking.
    pub(crate) fn with_errors(mut self, validation: Option<&Value>) -> Self {
        self.errors = validation.cloned().unwrap_or(Value::Null);
        self
    }

    /// Asks a question and returns the trimmed answer.
    pub(crate) fn ask(&mut self, question: &str, field: &str) -> Result<String, PromptError> {
        write!(self.output, "{question}")?;
        self.output.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(PromptError::Ended(InputEnded { field: field.to_owned() }));
        }
        Ok(line.trim().to_owned())
    }

    /// Writes a line.
    pub(crate) fn say(&mut self, text: &str) -> Result<(), PromptError> {
        writeln!(self.output, "{text}")?;
        Ok(())
    }

    /// Asks for every value the step's forms show, starting from `current`
    /// (the model or the previous answers); Enter keeps the current value.
    pub(crate) fn fill_step(&mut self, step: &Step, current: &Value) -> Result<Value, PromptError> {
        let shown: Vec<&str> = step.layout().iter().flat_map(forms_in).collect();
        let mut values = match current {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        for schema in step.schemas() {
            let Some(id) = schema.id() else { continue };
            if !shown.contains(&id) {
                continue;
            }
            if let Schema::Object(object) = schema {
                self.fill_object(object, &mut values, "")?;
            }
        }
        Ok(Value::Object(values))
    }

    fn fill_object(
        &mut self,
        object: &ObjectSchema,
        values: &mut Map<String, Value>,
        prefix: &str,
    ) -> Result<(), PromptError> {
        let mut names: Vec<&String> = Vec::new();
        if let Some(order) = &object.display_order {
            names.extend(order.iter().filter(|n| object.properties.contains_key(*n)));
        }
        let rest: Vec<&String> = object.properties.keys().filter(|k| !names.contains(k)).collect();
        names.extend(rest);
        let required = object.required.clone().unwrap_or_default();
        for name in names {
            let Some(schema) = object.properties.get(name) else { continue };
            let path = format!("{prefix}/{name}");
            let is_required = required.contains(name);
            if let Schema::Object(inner) = schema {
                let mut nested = match values.get(name) {
                    Some(Value::Object(m)) => m.clone(),
                    _ => Map::new(),
                };
                self.fill_object(inner, &mut nested, &path)?;
                values.insert(name.clone(), Value::Object(nested));
                continue;
            }
            let current = values.get(name).cloned();
            if let Some(value) = self.ask_value(name, schema, current.as_ref(), is_required, &path)? {
                values.insert(name.clone(), value);
            } else {
                values.remove(name);
            }
        }
        Ok(())
    }

    /// Asks for one value; `None` leaves it unset (optional and blank).
    fn ask_value(
        &mut self,
        name: &str,
        schema: &Schema,
        current: Option<&Value>,
        required: bool,
        path: &str,
    ) -> Result<Option<Value>, PromptError> {
        let label = schema.title().unwrap_or(name).to_owned();
        if matches!(schema, Schema::Const(_)) || is_hidden(schema) {
            return Ok(match schema {
                Schema::Const(c) => Some(c.value.clone()),
                _ => current.cloned(),
            });
        }
        if let Some(message) = self.errors.pointer(path).and_then(Value::as_str).map(str::to_owned) {
            self.say(&console::style(format!("  ✖ {label}: {message}")).red().to_string())?;
        }
        if let Schema::OneOf(one_of) = schema {
            self.say(&format!("{label}:"))?;
            for (i, option) in one_of.one_of.iter().enumerate() {
                let title = option.title().map(str::to_owned).unwrap_or_else(|| const_text(option));
                self.say(&format!("  {}) {title}", i + 1))?;
            }
            loop {
                let hint = current.map(|c| format!(" [{}]", plain(c))).unwrap_or_default();
                let answer = self.ask(&format!("Choose 1-{}{hint}: ", one_of.one_of.len()), path)?;
                if answer.is_empty() {
                    if current.is_some() || !required {
                        return Ok(current.cloned());
                    }
                    self.say("  a choice is required")?;
                    continue;
                }
                match answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| one_of.one_of.get(i))
                {
                    Some(Schema::Const(c)) => return Ok(Some(c.value.clone())),
                    Some(other) => {
                        return Ok(Some(Value::String(other.title().unwrap_or_default().to_owned())))
                    }
                    None => self.say(&format!("  pick a number from 1 to {}", one_of.one_of.len()))?,
                }
            }
        }
        loop {
            let kind = match schema {
                Schema::Boolean(_) => " (y/n)",
                Schema::Integer(_) => " (integer)",
                Schema::Number(_) => " (number)",
                _ => "",
            };
            let hint = current.map(|c| format!(" [{}]", plain(c))).unwrap_or_default();
            let answer = self.ask(&format!("{label}{kind}{hint}: "), path)?;
            if answer.is_empty() {
                if current.is_some() || !required {
                    return Ok(current.cloned());
                }
                self.say("  required")?;
                continue;
            }
            match convert(schema, &answer) {
                Ok(value) => return Ok(Some(value)),
                Err(message) => self.say(&format!("  {message}"))?,
            }
        }
    }
}

fn is_hidden(schema: &Schema) -> bool {
    match schema {
        Schema::String(s) => s.hidden == Some(true),
        Schema::Number(s) | Schema::Integer(s) => s.hidden == Some(true),
        Schema::Boolean(s) => s.hidden == Some(true),
        _ => false,
    }
}

fn const_text(schema: &Schema) -> String {
    match schema {
        Schema::Const(c) => plain(&c.value),
        _ => "?".to_owned(),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Converts typed text to the schema's JSON type.
fn convert(schema: &Schema, text: &str) -> Result<Value, String> {
    match schema {
        Schema::Boolean(_) => match text.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" | "1" => Ok(Value::Bool(true)),
            "n" | "no" | "false" | "0" => Ok(Value::Bool(false)),
            _ => Err("answer y or n".to_owned()),
        },
        Schema::Integer(_) => {
            text.parse::<i64>().map(Value::from).map_err(|_| "enter a whole number".to_owned())
        }
        Schema::Number(_) => text
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
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// The schema ids named by form layouts, however deeply nested.
fn forms_in(layout: &flow_model::Layout) -> Vec<&str> {
    let mut out = Vec::new();
    if let flow_model::Layout::Form(form) = layout {
        out.extend(form.target_schema_id());
    }
    for (_, child) in layout.children() {
        out.extend(forms_in(child));
    }
    out
}

/// A prompt failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PromptError {
    /// Input ended.
    #[error(transparent)]
    Ended(#[from] InputEnded),
    /// Reading or writing the terminal failed.
    #[error("terminal I/O failed: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn asks_each_field_in_display_order_and_reasks_bad_answers() {
        let step: Step = serde_json::from_value(json!({
            "id": "form", "title": "Pay",
            "schemas": [{"$id": "pay", "type": "object", "displayOrder": ["amount", "currency", "express"],
                "required": ["amount", "currency"],
                "properties": {
                    "amount": {"type": "number", "title": "Amount"},
                    "currency": {"title": "Currency", "oneOf": [{"const": "GBP", "title": "Pound"}, {"const": "EUR", "title": "Euro"}]},
                    "express": {"type": "boolean", "title": "Express"}
                }}],
            "layout": [{"type": "form", "schemaId": "pay"}]
        }))
        .unwrap();
        let mut input = "ten\n12.5\n3\n2\n\n".as_bytes();
        let mut output = Vec::new();
        let values =
            Prompter::new(&mut input, &mut output).fill_step(&step, &json!({"express": false})).unwrap();
        assert_eq!(values, json!({"amount": 12.5, "currency": "EUR", "express": false}));
        let text = String::from_utf8(output).unwrap();
        assert!(text.contains("Amount (number): "), "{text}");
        assert!(text.contains("enter a number"), "{text}");
        assert!(text.contains("  2) Euro"), "{text}");
        assert!(text.contains("pick a number from 1 to 2"), "{text}");
    }

    #[test]
    fn input_ending_is_an_error_not_a_hang() {
        let step: Step = serde_json::from_value(json!({
            "id": "f", "schemas": [{"$id": "s", "type": "object", "required": ["name"],
                "properties": {"name": {"type": "string"}}}],
            "layout": [{"type": "form", "schemaId": "s"}]
        }))
        .unwrap();
        let mut input = "".as_bytes();
        let mut output = Vec::new();
        let err = Prompter::new(&mut input, &mut output).fill_step(&step, &Value::Null).unwrap_err();
        assert!(err.to_string().contains("/name"), "{err}");
    }
}
