//! What `dflow poll` shows while it polls and when it ends: a progress line
//! on a terminal's stderr (attempt n of m, HTTP status, the operation's
//! status, a percent bar once known, a live countdown to the next poll),
//! or `--json` events on stdout (one object per line), and the final body.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use serde_json::{json, Map, Value};

use flow_poll::lro::Answer;
use flow_poll::Progress;

/// When the next poll is due (shared with the countdown in the style).
type NextPoll = Arc<Mutex<Option<Instant>>>;

/// How progress is shown.
pub(super) enum Display {
    /// Not a terminal and no `--json`: nothing but the final body.
    Quiet,
    /// `--json`: events on stdout.
    Json,
    /// A terminal: the progress line on stderr.
    Bar { bar: ProgressBar, next: NextPoll },
}

impl Display {
    pub(super) fn new(json: bool) -> Self {
        if json {
            Display::Json
        } else if std::io::stderr().is_terminal() {
            let next = NextPoll::default();
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style(&next));
            bar.enable_steady_tick(Duration::from_millis(100));
            bar.set_message("polling…");
            Display::Bar { bar, next }
        } else {
            Display::Quiet
        }
    }

    /// The progress callback: counts attempts into `attempts`, then shows
    /// the report as this display does.
    pub(super) fn callback(&self, attempts: Arc<AtomicU32>) -> impl FnMut(&Progress) + Send + 'static {
        let bar = match self {
            Display::Bar { bar, next } => Some((bar.clone(), next.clone())),
            _ => None,
        };
        let json = matches!(self, Display::Json);
        move |p: &Progress| {
            attempts.store(p.attempt, Ordering::Relaxed);
            if json {
                write_event(attempt_event(p));
            } else if let Some((bar, next)) = &bar {
                show(bar, next, p);
            }
        }
    }

    pub(super) fn is_json(&self) -> bool {
        matches!(self, Display::Json)
    }

    pub(super) fn finish(&self) {
        if let Display::Bar { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}

/// The `attempt` event of one progress report.
fn attempt_event(p: &Progress) -> Value {
    let mut line = serde_json::to_value(p).unwrap_or_else(|_| json!({}));
    if let Value::Object(map) = &mut line {
        map.insert("event".to_owned(), Value::from("attempt"));
    }
    line
}

/// The countdown to the next poll, for the style's `{next}` key.
fn countdown(next: &NextPoll) -> String {
    let due = *next.lock().unwrap_or_else(PoisonError::into_inner);
    match due {
        Some(due) => {
            let left = due.saturating_duration_since(Instant::now());
            format!(" · next in {:.1}s", left.as_secs_f64())
        }
        None => String::new(),
    }
}

fn with_countdown(style: ProgressStyle, next: &NextPoll) -> ProgressStyle {
    let next = next.clone();
    style.with_key("next", move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = w.write_str(&countdown(&next));
    })
}

fn spinner_style(next: &NextPoll) -> ProgressStyle {
    let style = ProgressStyle::with_template("{spinner:.cyan} {msg}{next}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    with_countdown(style, next)
}

fn bar_style(next: &NextPoll) -> ProgressStyle {
    let style = ProgressStyle::with_template("{bar:30.cyan/blue} {pos:>3}% {msg}{next}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    with_countdown(style, next)
}

/// The progress line's text for one report (the countdown comes apart).
pub(super) fn message(p: &Progress) -> String {
    let mut parts = Vec::new();
    match p.max_attempts {
        Some(max) => parts.push(format!("attempt {} of {max}", p.attempt)),
        None => parts.push(format!("attempt {}", p.attempt)),
    }
    if let Some(status) = p.http_status {
        parts.push(format!("HTTP {status}"));
    }
    if let Some(status) = &p.status {
        parts.push(status.clone());
    }
    if let Some(error) = &p.error {
        parts.push(error.clone());
    }
    parts.join(" · ")
}

/// Updates the terminal display with one report.
fn show(bar: &ProgressBar, next: &NextPoll, p: &Progress) {
    *next.lock().unwrap_or_else(PoisonError::into_inner) = p.next_delay.map(|d| Instant::now() + d);
    if let Some(percent) = p.percent {
        if bar.length().is_none() {
            bar.set_length(100);
            bar.set_style(bar_style(next));
        }
        // Percent is clamped to 0–100 by the poller.
        bar.set_position(percent.round() as u64);
    }
    bar.set_message(message(p));
}

/// Writes one JSON event on stdout.
pub(super) fn write_event(value: Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
    let _ = out.flush();
}

/// The body as an event member: its JSON, else its text; `None` when empty.
fn body_value(answer: &Answer) -> Option<Value> {
    if answer.body().is_empty() {
        return None;
    }
    Some(serde_json::from_slice(answer.body()).unwrap_or_else(|_| Value::String(answer.text().into_owned())))
}

/// The final event (`done` or `failed`) with the final answer's status and
/// body, when there is one.
pub(super) fn final_event(mut fields: Map<String, Value>, answer: Option<&Answer>) -> Value {
    if let Some(answer) = answer {
        fields.insert("http_status".to_owned(), Value::from(answer.status()));
        if let Some(body) = body_value(answer) {
            fields.insert("body".to_owned(), body);
        }
    }
    Value::Object(fields)
}

/// Writes the final body on stdout (with a newline when it has none).
pub(super) fn print_body(answer: &Answer) {
    let body = answer.body();
    if body.is_empty() {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(body);
    if !body.ends_with(b"\n") {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_line_shows_attempt_status_bar_and_countdown() {
        let bar = ProgressBar::hidden();
        let next = NextPoll::default();
        let mut p = Progress::default();
        p.attempt = 2;
        p.max_attempts = Some(5);
        p.http_status = Some(200);
        p.status = Some("Running".to_owned());
        p.next_delay = Some(Duration::from_millis(1500));
        show(&bar, &next, &p);
        assert_eq!(bar.length(), None);
        assert_eq!(bar.message(), "attempt 2 of 5 · HTTP 200 · Running");
        let shown = countdown(&next);
        assert!(shown == " · next in 1.5s" || shown == " · next in 1.4s", "{shown}");
        p.percent = Some(40.0);
        p.next_delay = None;
        show(&bar, &next, &p);
        assert_eq!((bar.length(), bar.position()), (Some(100), 40));
        assert_eq!(countdown(&next), "");
    }

    #[test]
    fn final_events_carry_the_body() {
        let response = flow_poll::transport::HttpResponse::new(http::StatusCode::OK, r#"{"a":1}"#);
        let answer = Answer::new(&response, "http://x/");
        let mut fields = Map::new();
        fields.insert("event".into(), "done".into());
        assert_eq!(
            final_event(fields.clone(), Some(&answer)),
            json!({"event": "done", "http_status": 200, "body": {"a": 1}})
        );
        let text =
            Answer::new(&flow_poll::transport::HttpResponse::new(http::StatusCode::OK, "hi"), "http://x/");
        assert_eq!(final_event(fields.clone(), Some(&text))["body"], "hi");
        assert_eq!(final_event(fields, None), json!({"event": "done"}));
    }
}
