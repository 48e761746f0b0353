//! Applying what comes back: §5 responses to requests and §4 poll events.

use serde_json::Value;

use super::{moves, Handled, InFlight, Input, Interpreter, PendingErrors, Purpose};
use crate::flow::classify::PollDecision;
use crate::flow::error::{CommandError, FlowError};
use crate::flow::events::{FlowEvent, Terminal};
use crate::flow::polling::PollEvent;
use crate::flow::respond::{classify_response, Response, Trigger};
use flow_model::Behavior;
use flow_poll::transport::{HttpResponse, TransportError};
use tokio::time::Instant;

impl Interpreter {
    pub(super) fn on_response(&mut self, result: Result<HttpResponse, TransportError>) {
        let Some(flight) = self.in_flight.take() else { return };
        let InFlight { purpose, url, waiters, .. } = flight;
        match result {
            Err(error) => {
                let pending = match purpose {
                    Purpose::Refresh { pending } => pending,
                    Purpose::Action { .. } => None,
                };
                self.problem(FlowError::Transport(error));
                self.show_pending(pending);
            }
            Ok(response) => {
                let status = response.status.as_u16();
                match purpose {
                    Purpose::Action { action, values } => {
                        let outcome = classify_response(
                            Trigger::action(&action),
                            status,
                            &response.headers,
                            &response.body,
                        );
                        self.apply(outcome, &url, status, Some(values));
                    }
                    Purpose::Refresh { pending } => {
                        let outcome =
                            classify_response(Trigger::moving(), status, &response.headers, &response.body);
                        let stays = self.apply(outcome, &url, status, None);
                        if stays {
                            self.show_pending(pending);
                        }
                    }
                }
            }
        }
        match self.in_flight.as_mut() {
            Some(next) => next.waiters.extend(waiters),
            None => {
                for waiter in waiters {
                    self.outbox.push((waiter, Ok(())));
                }
            }
        }
    }

    pub(super) fn show_pending(&mut self, pending: Option<PendingErrors>) {
        if let Some(p) = pending {
            if self.terminal.is_none() {
                self.frame_mut().errors = Some(shown_errors(p.error.clone(), p.validation.clone()));
                self.emit(FlowEvent::Errors {
                    error: p.error,
                    validation: p.validation,
                    status: p.status,
                    generic: p.generic,
                });
            }
        }
    }

    /// Applies a §5 outcome. `values` are the submitted values of an action
    /// (`None` for a refresh: a step replaces the current one and an Error
    /// Response Body never triggers another refresh). Returns whether the
    /// flow stayed on the same step of the same flow.
    pub(super) fn apply(&mut self, outcome: Response, url: &str, status: u16, values: Option<Value>) -> bool {
        let has_step = self.frame().step().is_some();
        let no_step = |outcome: &'static str| FlowError::NoStep { url: url.to_owned(), outcome };
        match outcome {
            Response::Exit(result) => {
                self.end_frame(Terminal::Exited(result));
                false
            }
            Response::Step { step, etag } => {
                if values.is_none() && has_step {
                    self.refreshed(*step, etag);
                } else {
                    self.arrive(*step, etag, false);
                }
                values.is_none()
            }
            Response::Action(action) => {
                let _ = self.perform(action, Input::Own);
                false
            }
            Response::Modal(modal) if has_step => {
                self.emit(FlowEvent::Modal { title: modal.title, content: modal.content });
                true
            }
            Response::Modal(_) => {
                self.end_frame(Terminal::Failed(no_step("a modal")));
                false
            }
            Response::NoOp if has_step => true,
            Response::NoOp => {
                self.end_frame(Terminal::Failed(no_step("no-op")));
                false
            }
            Response::Unchanged if has_step => true,
            Response::Unchanged => {
                self.end_frame(Terminal::Failed(no_step("304 Not Modified")));
                false
            }
            Response::Subflow(subflow) => {
                let _ = self.launch_subflow(subflow);
                false
            }
            Response::Error { status, body, generic } => {
                if !has_step {
                    let error = if generic { None } else { body.error };
                    self.end_frame(Terminal::Failed(FlowError::ErrorResponse {
                        url: url.to_owned(),
                        status,
                        error,
                    }));
                    return false;
                }
                let pending =
                    PendingErrors { error: body.error, validation: body.validation, status, generic };
                match (body.refresh_url, values) {
                    (Some(refresh_url), Some(values)) => {
                        if let Handled::Now(_) =
                            self.refresh(Some(refresh_url), values, Some(pending.clone()))
                        {
                            // The refresh could not be sent (reported): show the errors now.
                            self.show_pending(Some(pending));
                        }
                    }
                    _ => self.show_pending(Some(pending)),
                }
                true
            }
            Response::Invalid(problem) => {
                self.problem(FlowError::Response { url: url.to_owned(), status, problem });
                has_step
            }
        }
    }

    // ----- polling ----------------------------------------------------------

    pub(super) fn on_poll_event(&mut self, event: Option<PollEvent>) {
        match event {
            None => self.stop_polling(),
            Some(PollEvent::Attempt { number, max_attempts, status, error, .. }) => {
                if let Some(progress) = &mut self.poll_progress {
                    let now = Instant::now();
                    progress.attempts_used = number;
                    progress.since = now;
                    if progress.paused_at.is_some() {
                        progress.paused_at = Some(now);
                    }
                }
                self.emit(FlowEvent::Polling { attempt: number, max_attempts, status, error });
            }
            Some(PollEvent::Finished(last)) => {
                let on_error = self.poll.as_ref().and_then(|session| session.on_error().cloned());
                self.stop_polling();
                self.on_poll_decision(last, on_error);
            }
        }
    }

    /// Applies the decision polling ended with; `on_error` is the polled
    /// step's, run when polling failed.
    pub(super) fn on_poll_decision(&mut self, last: PollDecision, on_error: Option<Behavior>) {
        match last {
            PollDecision::Step { step, etag } => {
                self.abort_in_flight(CommandError::Superseded);
                self.arrive(*step, etag, false);
            }
            PollDecision::Action(action) => {
                self.abort_in_flight(CommandError::Superseded);
                let _ = self.perform(action, Input::Own);
            }
            PollDecision::Exit(result) => {
                self.abort_in_flight(CommandError::Superseded);
                self.end_frame(Terminal::Exited(result));
            }
            PollDecision::Modal(modal) => {
                self.emit(FlowEvent::Modal { title: modal.title, content: modal.content });
            }
            PollDecision::Subflow(subflow) => {
                self.abort_in_flight(CommandError::Superseded);
                let _ = self.launch_subflow(subflow);
            }
            PollDecision::Fail(reason) => {
                self.emit(FlowEvent::PollingFailed { reason });
                if let Some(behavior) = on_error {
                    if moves(&behavior) {
                        self.abort_in_flight(CommandError::Superseded);
                    }
                    let _ = self.run_behavior(behavior, Input::Own);
                }
            }
            // Never the last event of a session (see `PollEvent::Finished`).
            PollDecision::KeepPolling => {}
        }
    }
}

/// Errors as the snapshot holds them.
pub(super) fn shown_errors(error: Option<String>, validation: Option<Value>) -> flow_model::StepErrors {
    let mut errors = flow_model::StepErrors::default();
    errors.error = error;
    errors.validation = validation;
    errors
}
