//! The polling indicator: while a step polls, an `indicatif` spinner shows
//! "attempt n of m" and a countdown to the next request; without a
//! terminal, one plain line per attempt instead. Time is read from
//! `tokio::time`, so the countdown follows a paused clock in tests.

use std::time::Duration;

use console::{style, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::time::Instant;

use flow_model::Step;

/// Where the indicator draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A spinner on standard output (a terminal).
    Stdout,
    /// A spinner on standard error (a terminal).
    Stderr,
    /// No terminal: lines returned to the caller.
    Lines,
}

/// The indicator for one polling step.
#[derive(Debug)]
pub(crate) struct PollProgress {
    bar: Option<ProgressBar>,
    attempt: u32,
    max_attempts: u32,
    wait: Duration,
    next: Option<Instant>,
    last: String,
}

impl PollProgress {
    /// Starts the indicator for a step that polls (`None` when it does not).
    pub(crate) fn start(target: Target, step: &Step) -> Option<Self> {
        let polling = step.polling.as_ref()?;
        let wait = polling.wait().unwrap_or_default();
        let max_attempts = polling.attempts().unwrap_or(0);
        let bar = match target {
            Target::Lines => None,
            Target::Stdout | Target::Stderr => {
                let term = if target == Target::Stdout { Term::stdout() } else { Term::stderr() };
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::term(term, 20));
                let style = ProgressStyle::with_template("{spinner:.cyan} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
                bar.set_style(style);
                bar.enable_steady_tick(Duration::from_millis(100));
                Some(bar)
            }
        };
        let progress = PollProgress {
            bar,
            attempt: 0,
            max_attempts,
            wait,
            next: Some(Instant::now() + wait),
            last: String::new(),
        };
        progress.redraw();
        Some(progress)
    }

    /// What the spinner says now.
    pub(crate) fn message(&self) -> String {
        let countdown = match self.next {
            Some(next) => {
                let left = next.saturating_duration_since(Instant::now());
                format!("next check in {:.1}s", left.as_secs_f64())
            }
            None => "checking…".to_owned(),
        };
        if self.attempt == 0 {
            format!("Waiting for updates: {countdown} (up to {} attempts)", self.max_attempts)
        } else {
            format!("attempt {} of {}{} · {countdown}", self.attempt, self.max_attempts, self.last)
        }
    }

    fn redraw(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message(self.message());
        }
    }

    /// A poll was answered (or failed); the next one goes out one wait from
    /// now. Returns the line to print when there is no spinner.
    pub(crate) fn attempt(
        &mut self,
        attempt: u32,
        max_attempts: u32,
        status: Option<u16>,
        error: Option<&str>,
    ) -> Option<String> {
        self.attempt = attempt;
        self.max_attempts = max_attempts;
        self.last = match (status, error) {
            (Some(status), _) => format!(" (HTTP {status})"),
            (None, Some(error)) => format!(" ({error})"),
            (None, None) => String::new(),
        };
        self.next = (attempt < max_attempts).then(|| Instant::now() + self.wait);
        self.redraw();
        match self.bar {
            Some(_) => None,
            None => Some(
                style(format!("  … polling: attempt {attempt} of {max_attempts}{}", self.last))
                    .dim()
                    .to_string(),
            ),
        }
    }

    /// Runs `f` (which prints) with the spinner cleared, then redraws it.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Redraws the countdown.
    pub(crate) fn tick(&self) {
        self.redraw();
    }

    /// Ends the indicator; returns the line that stays on screen.
    pub(crate) fn finish(self, why: &str) -> String {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let line = if self.attempt == 0 {
            format!("  ■ polling {why} before the first attempt")
        } else {
            format!("  ■ polling {why} at attempt {} of {}", self.attempt, self.max_attempts)
        };
        style(line).dim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn counts_attempts_and_counts_down_in_virtual_time() {
        console::set_colors_enabled(false);
        let step: Step = serde_json::from_value(json!({"id": "p", "layout": [],
            "polling": {"url": "/s", "delay": 2, "maxAttempts": 5, "onError": {"action": {"exit": true}}}}))
        .unwrap();
        let mut progress = PollProgress::start(Target::Lines, &step).unwrap();
        assert_eq!(progress.message(), "Waiting for updates: next check in 2.0s (up to 5 attempts)");
        tokio::time::advance(Duration::from_millis(1500)).await;
        assert!(progress.message().contains("next check in 0.5s"), "{}", progress.message());
        tokio::time::advance(Duration::from_millis(500)).await;
        let line = progress.attempt(1, 5, Some(200), None).unwrap();
        assert_eq!(line, "  … polling: attempt 1 of 5 (HTTP 200)");
        assert_eq!(progress.message(), "attempt 1 of 5 (HTTP 200) · next check in 2.0s");
        progress.attempt(5, 5, None, Some("timed out"));
        assert_eq!(progress.message(), "attempt 5 of 5 (timed out) · checking…");
        assert_eq!(progress.finish("ended"), "  ■ polling ended at attempt 5 of 5");
        let plain: Step = serde_json::from_value(json!({"id": "q", "layout": []})).unwrap();
        assert!(PollProgress::start(Target::Lines, &plain).is_none());
    }
}
