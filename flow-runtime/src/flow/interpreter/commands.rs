//! Host commands: triggers, back, links, host subflows, cancel, pause/resume.

use serde_json::{Map, Value};
use tokio::time::Instant;

use super::{lookup, Begin, Command, FlowStart, Frame, Handled, Input, Interpreter, Reply};
use crate::flow::error::{CommandError, FlowError};
use crate::flow::events::{AnalyticsKind, FlowEvent, ShowReason, Terminal};
use crate::flow::interpreter::{completion_input, moves};
use crate::flow::saved::{FrameStart, PollProgress, RestoredPolling};

impl Interpreter {
    pub(super) fn begin(&mut self, begin: Begin) {
        let start = match begin {
            Begin::Start(start) => start,
            Begin::Restored { frames, polling } => return self.resume_saved(frames, polling),
        };
        self.analytics(AnalyticsKind::FlowInitiated);
        match start {
            FlowStart::Step(step) => self.arrive(*step, None, true),
            FlowStart::Request(mut action) => {
                action.exit = None;
                let _ = self.perform(action, Input::Own);
            }
            // The builder hands a restored flow over as `Begin::Restored`.
            FlowStart::Restored(_) => {}
        }
    }

    /// A flow of an earlier life continues: its stack is rebuilt, its
    /// current step shown again (no `external` opened again, no analytics
    /// `flow_initiated`), its polling resumed with the attempts it has left.
    fn resume_saved(&mut self, frames: Vec<FrameStart>, polling: Option<RestoredPolling>) {
        let root = self.frames[0].client.clone();
        let frames: Vec<Frame> = frames.into_iter().map(|f| Frame::restored(f, &root)).collect();
        if frames.is_empty() {
            return;
        }
        self.frames = frames;
        match polling {
            Some(p) if !p.running => {
                // Polling had finished or been stopped: it does not start again.
                self.present(ShowReason::Resumed, false, false);
                if let Some(progress) = self.fresh_progress(p.attempts_used) {
                    self.poll_progress = Some(PollProgress { running: false, ..progress });
                }
            }
            Some(p) => {
                self.resumed_attempts = Some(p.attempts_used);
                self.present(ShowReason::Resumed, false, true);
            }
            None => self.present(ShowReason::Resumed, false, true),
        }
    }

    pub(super) fn on_command(&mut self, command: Command) {
        match command {
            Command::Trigger { behavior, values, reply } => {
                let handled = if moves(&behavior) && self.busy() {
                    Handled::Now(Err(CommandError::Busy))
                } else {
                    self.run_behavior(behavior, Input::User(values))
                };
                self.settle(reply, handled);
            }
            Command::TriggerId { id, values, reply } => {
                let handled = self.trigger_id(id, values);
                self.settle(reply, handled);
            }
            Command::Back { reply } => {
                let handled = self.back();
                self.settle(reply, handled);
            }
            Command::Refresh { values, reply } => {
                let handled = if self.busy() {
                    Handled::Now(Err(CommandError::Busy))
                } else {
                    self.frame_mut().submitted(&values);
                    self.refresh(None, values, None)
                };
                self.settle(reply, handled);
            }
            Command::HandleLink { link, reply } => {
                let handled = self.handle_link(link);
                self.settle(reply, handled);
            }
            Command::CompleteSubflow { result, reply } => {
                let handled = self.complete_host_subflow(result);
                self.settle(reply, handled);
            }
            Command::Cancel { reply } => {
                self.cancel_all();
                self.outbox.push((reply, Ok(())));
            }
            Command::Pause { reply } => {
                self.paused = true;
                if let Some(session) = &self.poll {
                    session.pause();
                }
                if let Some(progress) = &mut self.poll_progress {
                    progress.pause(Instant::now());
                }
                self.outbox.push((reply, Ok(())));
            }
            Command::Resume { reply } => {
                self.paused = false;
                if let Some(session) = &self.poll {
                    session.resume();
                }
                if let Some(progress) = &mut self.poll_progress {
                    progress.resume(Instant::now());
                }
                self.outbox.push((reply, Ok(())));
            }
            Command::Barrier { reply } => self.outbox.push((reply, Ok(()))),
        }
    }

    pub(super) fn settle(&mut self, reply: Reply, handled: Handled) {
        match (handled, self.in_flight.as_mut()) {
            (Handled::Pending, Some(flight)) => flight.waiters.push(reply),
            (Handled::Pending, None) => {
                self.outbox.push((reply, Ok(())));
            }
            (Handled::Now(result), _) => {
                self.outbox.push((reply, result));
            }
        }
    }

    pub(super) fn trigger_id(&mut self, id: String, values: Value) -> Handled {
        if self.busy() {
            return Handled::Now(Err(CommandError::Busy));
        }
        let Some(step) = self.frame().step().cloned() else { return Handled::Now(Err(CommandError::NoStep)) };
        match lookup::find_action(&step, &id) {
            Some(action) => self.perform(action, Input::User(values)),
            None => Handled::Now(Err(CommandError::ActionNotFound { id, step_id: step.id().to_owned() })),
        }
    }

    pub(super) fn back(&mut self) -> Handled {
        if self.busy() {
            return Handled::Now(Err(CommandError::Busy));
        }
        let Some(step) = self.frame().step().cloned() else { return Handled::Now(Err(CommandError::NoStep)) };
        if let Some(back) = step.navigation.as_ref().and_then(|n| n.back.as_ref()) {
            return self.perform(back.action.clone(), Input::Own);
        }
        if self.frame_mut().history.back().is_some() {
            self.present(ShowReason::Back, false, true);
        } else {
            self.end_frame(Terminal::Cancelled);
        }
        Handled::Now(Ok(()))
    }

    pub(super) fn handle_link(&mut self, link: String) -> Handled {
        if self.busy() {
            return Handled::Now(Err(CommandError::Busy));
        }
        let Some(step) = self.frame().step().cloned() else { return Handled::Now(Err(CommandError::NoStep)) };
        let found = lookup::match_link(&step, &link);
        for (index, message) in found.invalid {
            let path = format!("/linkHandlers/{index}/regexPattern");
            self.emit(FlowEvent::Problem { error: FlowError::InvalidLinkPattern { path, message } });
        }
        match found.action {
            Some(action) => {
                let mut extra = Map::new();
                extra.insert("url".to_owned(), Value::String(link));
                self.perform(action, Input::OwnWith(Value::Object(extra)))
            }
            None => Handled::Now(Err(CommandError::NoLinkHandler {
                link: self.redact_link(&link),
                step_id: step.id().to_owned(),
            })),
        }
    }

    pub(super) fn complete_host_subflow(&mut self, result: Result<Value, String>) -> Handled {
        if self.busy() {
            return Handled::Now(Err(CommandError::Busy));
        }
        let Some(subflow) = self.frame_mut().host_subflow.take() else {
            return Handled::Now(Err(CommandError::NoHostSubflow));
        };
        match result {
            Ok(result) => match subflow.on_completion {
                Some(behavior) => {
                    self.run_behavior(*behavior, completion_input(subflow.result_key.as_deref(), result))
                }
                None => Handled::Now(Ok(())),
            },
            Err(message) => match subflow.on_error {
                Some(behavior) => self.run_behavior(*behavior, Input::Own),
                None => {
                    self.end_frame(Terminal::Failed(FlowError::HostSubflowFailed { message }));
                    Handled::Now(Ok(()))
                }
            },
        }
    }

    pub(super) fn cancel_all(&mut self) {
        while self.terminal.is_none() && self.frames.len() > 1 {
            self.stop_polling();
            self.analytics(AnalyticsKind::Cancelled);
            if let Some(frame) = self.frames.pop() {
                self.emit(FlowEvent::SubflowEnded { flow_id: frame.flow_id, outcome: Terminal::Cancelled });
            }
        }
        self.end_frame(Terminal::Cancelled);
    }
}
