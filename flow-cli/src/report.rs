//! The [`Reporter`]: where a run's events go. With `--json`, one JSON line
//! per event on stdout ([`crate::output`]); with a text UI, each event as a
//! person reads it (steps rendered by [`crate::render`], the polling
//! spinner, URLs to open, errors, the exit result as pretty JSON). Under
//! `--open`, URLs are handed to the system opener ([`crate::opener`]).
//! After [`Reporter::interrupted`], the `cancelled` line names the signal.

use std::io::Write;

use console::style;
use serde_json::Value;

use flow_model::Step;
use flow_runtime::host::{FlowEvent, UrlSource};

use flow_runtime::screen::{flatten_validation, Screen};

use crate::opener;
use crate::output::{self, event_json};
use crate::render::{render_screen, render_step};
use crate::signals::Signal;
use crate::spinner::{PollProgress, Target};

/// A writer the reporter owns.
pub(crate) type Sink = Box<dyn Write + Send>;

/// The text UI: steps and events as text on one stream.
pub(crate) struct TextUi {
    out: Sink,
    target: Target,
    progress: Option<PollProgress>,
    /// The person quit: the cancellation says so.
    quitting: bool,
}

impl std::fmt::Debug for TextUi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextUi").field("target", &self.target).finish_non_exhaustive()
    }
}

impl TextUi {
    /// A text UI on `out`; `target` says where the spinner draws
    /// ([`Target::Lines`] when `out` is not a terminal).
    pub(crate) fn new(out: Sink, target: Target) -> Self {
        TextUi { out, target, progress: None, quitting: false }
    }

    fn say(&mut self, text: &str) {
        // A closed output (a pipe whose reader left) is not worth failing the flow for.
        let out = &mut self.out;
        let mut write = || {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        };
        match &self.progress {
            Some(progress) => progress.suspend(write),
            None => write(),
        }
    }

    fn stop_progress(&mut self, why: &str) {
        if let Some(progress) = self.progress.take() {
            let line = progress.finish(why);
            self.say(&line);
        }
    }

    fn event(&mut self, event: &FlowEvent) {
        match event {
            FlowEvent::StepShown { step, .. } => {
                self.stop_progress("ended");
                self.say("");
                let screen = Screen::from_step(step);
                let text = render_screen(&screen).text;
                self.say(text.trim_end());
                // The field messages are shown with their fields; the others here.
                let fields = screen.fields();
                if let Some(error) = &screen.errors.error {
                    self.say(&style(format!("✖ {error}")).red().to_string());
                }
                for message in &screen.errors.fields {
                    if !fields.iter().any(|f| f.path == message.path && f.is_visible()) {
                        let path = if message.path.is_empty() { "/" } else { message.path.as_str() };
                        self.say(&style(format!("  • {path}: {}", message.message)).red().to_string());
                    }
                }
                self.progress = PollProgress::start(self.target, step);
            }
            FlowEvent::Polling { attempt, max_attempts, status, error } => {
                if let Some(progress) = &mut self.progress {
                    if let Some(line) = progress.attempt(*attempt, *max_attempts, *status, error.as_deref()) {
                        self.say(&line);
                    }
                }
            }
            FlowEvent::PollingFailed { reason } => {
                self.stop_progress("gave up");
                self.say(&style(format!("✖ Polling failed: {reason}")).red().to_string());
            }
            FlowEvent::Errors { error, validation, .. } => self.errors(error.as_deref(), validation.as_ref()),
            FlowEvent::ValidationFailed { fields, .. } => {
                self.say(&style("✖ Some values are not valid:").red().to_string());
                for field in fields {
                    self.say(&style(format!("  • {field}")).red().to_string());
                }
            }
            FlowEvent::Problem { error } => self.say(&style(format!("⚠ {error}")).yellow().to_string()),
            FlowEvent::OpenUrl { url, source } => {
                let what = match source {
                    UrlSource::External => "Open in your browser",
                    _ => "Link",
                };
                self.say(&format!("↗ {what}: {}", style(url).underlined()));
            }
            FlowEvent::Copy { content } => self.say(&format!("⧉ Copy this: {content}")),
            FlowEvent::Modal { title, content } => {
                let mut modal = Step::default();
                modal.title = title.clone();
                modal.layout = Some(content.clone());
                for line in render_step(&modal).text.lines() {
                    self.say(&format!("│ {line}"));
                }
            }
            FlowEvent::Dismiss => self.say(&style("(modal closed)").dim().to_string()),
            FlowEvent::UnknownBehavior { behavior } => {
                let kind = behavior.get("type").and_then(Value::as_str).unwrap_or("?");
                self.say(&style(format!("(unsupported behavior: {kind})")).dim().to_string());
            }
            FlowEvent::SubflowForHost { .. } => {
                self.say(&style("⚠ This step launches a subflow dflow cannot run.").yellow().to_string())
            }
            FlowEvent::SubflowStarted { .. } => self.say(&style("↳ subflow started").dim().to_string()),
            FlowEvent::SubflowEnded { .. } => self.say(&style("↲ subflow ended").dim().to_string()),
            FlowEvent::Exited { result } => {
                self.stop_progress("ended");
                self.say("");
                self.say(&style("✔ Flow finished. Result:").green().bold().to_string());
                let pretty = serde_json::to_string_pretty(result).unwrap_or_else(|_| result.to_string());
                self.say(&pretty);
            }
            FlowEvent::Failed { .. } => self.stop_progress("ended"),
            FlowEvent::Cancelled => {
                self.stop_progress("ended");
                self.say(if self.quitting { "You left the flow." } else { "Flow cancelled." });
            }
            _ => {}
        }
    }

    fn errors(&mut self, error: Option<&str>, validation: Option<&Value>) {
        if let Some(error) = error {
            self.say(&style(format!("✖ {error}")).red().to_string());
        }
        if let Some(validation) = validation {
            for (path, message) in flatten(validation) {
                self.say(&style(format!("  • {path}: {message}")).red().to_string());
            }
        }
    }
}

/// The messages of a model-shaped `validation`, with their JSON Pointers
/// (`/` for the whole value), as the runtime's screen model flattens them.
pub(crate) fn flatten(validation: &Value) -> Vec<(String, String)> {
    flatten_validation(validation)
        .into_iter()
        .map(|m| (if m.path.is_empty() { "/".to_owned() } else { m.path }, m.message))
        .collect()
}

/// Where a run's events go.
pub(crate) struct Reporter {
    json: Option<Sink>,
    ui: Option<TextUi>,
    log: Sink,
    open: bool,
    /// The signal that is cancelling the flow, if any.
    signal: Option<Signal>,
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reporter")
            .field("json", &self.json.is_some())
            .field("ui", &self.ui)
            .field("open", &self.open)
            .field("signal", &self.signal)
            .finish_non_exhaustive()
    }
}

impl Reporter {
    /// A reporter: JSON lines to `json` (when given), text to `ui` (when
    /// given), messages to `log` (standard error); `open` runs the system
    /// opener on URLs to open.
    pub(crate) fn new(json: Option<Sink>, ui: Option<TextUi>, log: Sink, open: bool) -> Self {
        Reporter { json, ui, log, open, signal: None }
    }

    fn json_line(&mut self, value: &Value) {
        if let Some(out) = &mut self.json {
            let _ = output::write_line(out.as_mut(), value);
        }
    }

    fn log(&mut self, text: &str) {
        let _ = writeln!(self.log, "{text}");
        let _ = self.log.flush();
    }

    /// `signal` arrived and the flow is being cancelled: the `cancelled`
    /// line to come says so (`"signal": "SIGINT"`).
    pub(crate) fn interrupted(&mut self, signal: Signal) {
        self.signal = Some(signal);
    }

    /// An event of the flow.
    pub(crate) fn event(&mut self, event: &FlowEvent) {
        if let Some(mut line) = event_json(event) {
            if let (FlowEvent::Cancelled, Some(signal), Value::Object(map)) = (event, self.signal, &mut line)
            {
                map.insert("signal".to_owned(), Value::from(signal.name()));
            }
            self.json_line(&line);
        }
        if let Some(ui) = &mut self.ui {
            ui.event(event);
        }
        if let FlowEvent::OpenUrl { url, .. } = event {
            if self.open {
                if let Err(e) = opener::open(url) {
                    self.log(&format!("dflow: {e}"));
                }
            }
        }
    }

    /// The person quit: the cancellation that follows is theirs.
    pub(crate) fn quitting(&mut self) {
        if let Some(ui) = &mut self.ui {
            ui.quitting = true;
        }
    }

    /// Redraws the polling countdown.
    pub(crate) fn tick(&mut self) {
        if let Some(progress) = self.ui.as_mut().and_then(|ui| ui.progress.as_ref()) {
            progress.tick();
        }
    }

    /// Says which choice `--auto` made, and with which values.
    pub(crate) fn chosen(&mut self, label: &str, values: &Value) {
        if let Some(ui) = &mut self.ui {
            let with = match values {
                Value::Object(map) if map.is_empty() => String::new(),
                Value::Null => String::new(),
                other => format!(" with {other}"),
            };
            ui.say(&style(format!("→ {label}{with}")).cyan().to_string());
        }
    }

    /// dflow stopped at a step that needs a person.
    pub(crate) fn waiting(&mut self, step: &Step, why: &str) {
        self.json_line(&output::waiting_json(step));
        let text = format!("■ Step {:?} waits for a person; dflow stopped ({why}).", step.id());
        match &mut self.ui {
            Some(ui) => ui.say(&style(text).yellow().to_string()),
            None => self.log(&format!("dflow: {text}")),
        }
    }

    /// A command dflow sent was refused (nothing was sent).
    pub(crate) fn problem(&mut self, message: &str) {
        self.json_line(&serde_json::json!({
            "event": "errors", "error": message, "validation": null, "origin": "runtime"
        }));
        match &mut self.ui {
            Some(ui) => ui.say(&style(format!("⚠ {message}")).yellow().to_string()),
            None => self.log(&format!("dflow: {message}")),
        }
    }

    /// The flow failed or could not start: the `failed` line (JSON) and the
    /// message on standard error.
    pub(crate) fn failed(&mut self, message: &str, already_reported: bool) {
        if !already_reported {
            self.json_line(&output::failed_json(message));
        }
        self.log(&format!("dflow: the flow failed: {message}"));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::json;

    use super::*;

    /// A sink whose bytes the test can read.
    #[derive(Clone, Default)]
    pub(crate) struct Shared(pub(crate) Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        pub(crate) fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn flattens_validation_to_pointers() {
        let v =
            json!({"amount": "Too low", "address": {"city": "Required", "a/b": "x"}, "items": [null, "bad"]});
        let mut found = flatten(&v);
        found.sort();
        assert_eq!(
            found,
            [
                ("/address/a~1b".to_owned(), "x".to_owned()),
                ("/address/city".to_owned(), "Required".to_owned()),
                ("/amount".to_owned(), "Too low".to_owned()),
                ("/items/1".to_owned(), "bad".to_owned()),
            ]
        );
        assert_eq!(flatten(&json!("Whole form")), [("/".to_owned(), "Whole form".to_owned())]);
    }

    #[test]
    fn text_ui_shows_errors_urls_and_the_result() {
        console::set_colors_enabled(false);
        let out = Shared::default();
        let log = Shared::default();
        let mut reporter = Reporter::new(
            None,
            Some(TextUi::new(Box::new(out.clone()), Target::Lines)),
            Box::new(log.clone()),
            true,
        );
        reporter.event(&FlowEvent::Errors {
            error: Some("Check the form".into()),
            validation: Some(json!({"amount": "Too low"})),
            status: 422,
            generic: false,
        });
        reporter.event(&FlowEvent::OpenUrl { url: "myapp://pay".into(), source: UrlSource::Link });
        reporter.event(&FlowEvent::Exited { result: json!({"ok": true}) });
        let text = out.text();
        assert!(text.contains("✖ Check the form\n  • /amount: Too low\n"), "{text}");
        assert!(text.contains("↗ Link: myapp://pay"), "{text}");
        assert!(text.contains("✔ Flow finished. Result:\n{\n  \"ok\": true\n}"), "{text}");
        // Only http(s) URLs reach the opener; the refusal is logged.
        assert!(log.text().contains("only http and https"), "{}", log.text());
    }
}
