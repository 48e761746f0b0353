//! `dflow check`: drives a real backend the way `dflow run --auto` does and
//! reports every protocol violation it sees, each with the request that
//! produced it (see [`rules`] for what is checked), and what went wrong at
//! run time: transport failures, polls answered with an error status,
//! polling that ran out of attempts, a flow that ended through `onError` or
//! failed ([`FlowWatch`]). A signal cancels the flow as under `dflow run`;
//! what was found until then is the report.

pub(crate) mod recorder;
pub(crate) mod rules;

use std::sync::Arc;

use flow_model::Action;
use flow_runtime::host::{FlowBuilder, FlowEvent, Terminal};
use flow_runtime::{PollFailure, ReqwestTransport, RuntimeConfig};

use crate::driver::auto::Auto;
use crate::driver::{Chooser, Driver, Stop};
use crate::report::Reporter;
use crate::signals::Signals;
use recorder::{Finding, Recorder};
use rules::{Rule, Severity, Violation};

/// What a check found.
#[derive(Debug)]
pub(crate) struct CheckReport {
    /// Every violation, in the order seen.
    pub(crate) findings: Vec<Finding>,
    /// How the flow ended.
    pub(crate) stop: Stop,
    /// How many responses were judged.
    pub(crate) exchanges: usize,
}

impl CheckReport {
    /// How many findings have this severity.
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.violation.severity() == severity).count()
    }

    /// Whether any finding is an error (`dflow check` then exits 1).
    pub(crate) fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Judges the flow as a whole from its events.
#[derive(Debug, Default)]
struct FlowWatch {
    /// Whether the step shown now polls with an `onError`.
    step_has_on_error: bool,
    /// Polling failed and `onError` ran, and no step was shown since (why).
    on_error_path: Option<String>,
    found: Vec<Violation>,
}

impl FlowWatch {
    fn on_event(&mut self, event: &FlowEvent) {
        match event {
            FlowEvent::StepShown { step, .. } => {
                self.step_has_on_error =
                    step.polling.as_ref().is_some_and(|p| p.on_error_behavior().is_some());
                self.on_error_path = None;
            }
            FlowEvent::PollingFailed { reason } => {
                if *reason == PollFailure::MaxAttempts {
                    self.found.push(Violation::new(
                        Rule::PollingExhausted,
                        "polling used all its attempts without an answer that moves the flow on",
                    ));
                }
                if self.step_has_on_error {
                    self.on_error_path = Some(reason.to_string());
                }
            }
            FlowEvent::Exited { .. } | FlowEvent::Failed { .. } | FlowEvent::Cancelled => {
                if let Some(why) = self.on_error_path.take() {
                    self.found.push(Violation::new(
                        Rule::EndedThroughOnError,
                        format!("the flow ended through the polling step's onError ({why})"),
                    ));
                }
                if let Some(Terminal::Failed(error)) = event.terminal() {
                    self.found.push(Violation::new(Rule::FlowFailed, format!("the flow failed: {error}")));
                }
            }
            _ => {}
        }
    }
}

/// Drives the flow started by `request` with `--auto` moves and judges every
/// answer, until the flow ends or one of `signals` cancels it. Request URLs
/// in findings are redacted with `config`'s secret query parameters.
pub(crate) async fn check(
    request: Action,
    config: RuntimeConfig,
    signals: Option<&mut Signals>,
) -> Result<CheckReport, String> {
    let url = request.url.clone().unwrap_or_default();
    let base = url::Url::parse(&url).map_err(|e| format!("invalid URL {url:?}: {e}"))?;
    let transport = ReqwestTransport::new(&config).map_err(|e| e.message)?;
    let recorder = Arc::new(
        Recorder::new(Arc::new(transport), base).redacting(config.sensitive_query_params().to_vec()),
    );
    let (handle, events) = FlowBuilder::from_request(request)
        .config(config)
        .transport(recorder.clone())
        .start()
        .map_err(|e| e.to_string())?;
    let mut reporter = Reporter::new(None, None, Box::new(std::io::sink()), false);
    let mut chooser = Chooser::Auto(Auto);
    let mut watch = FlowWatch::default();
    let mut tap = |event: &FlowEvent| watch.on_event(event);
    let mut driver = Driver::new(handle, events, &mut reporter).with_tap(&mut tap);
    if let Some(signals) = signals {
        driver = driver.with_signals(signals);
    }
    let stop = driver.run(&mut chooser).await;
    for violation in watch.found {
        recorder.flow_finding(violation);
    }
    Ok(CheckReport { findings: recorder.findings(), stop, exchanges: recorder.exchanges() })
}

#[cfg(test)]
mod tests;
