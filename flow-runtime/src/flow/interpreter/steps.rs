//! Showing steps: history, `external`, polling (spec §1, §4.4), and the
//! endings of flows and subflows (§5.3).

use std::sync::Arc;

use flow_model::Step;

use super::{completion_input, moves, Input, Interpreter};
use crate::flow::error::{CommandError, FlowError};
use crate::flow::events::{AnalyticsKind, FlowEvent, ShowReason, Terminal, UrlSource};
use crate::flow::history::HistoryEntry;
use crate::flow::polling::PollSession;
use crate::flow::saved::PollProgress;
use tokio::time::Instant;

impl Interpreter {
    /// A step arrived (ready start step, response, polling): it enters the
    /// history per its `stackBehavior`; `external` opens.
    pub(super) fn arrive(&mut self, step: Step, etag: Option<String>, start: bool) {
        let behavior = step.stack_behavior();
        let transition = self.frame_mut().history.arrive(HistoryEntry::new(Arc::new(step), etag), &behavior);
        let reason = if start { ShowReason::Start } else { ShowReason::Arrived(transition) };
        self.present(reason, true, true);
    }

    /// A refresh answered with a step: it replaces the current one. Its
    /// `external` opens only when the URL differs from the replaced step's.
    pub(super) fn refreshed(&mut self, step: Step, etag: Option<String>) {
        let before = self.frame().step().and_then(|s| s.external.as_ref()).map(|e| e.url.clone());
        let after = step.external.as_ref().map(|e| e.url.clone());
        self.frame_mut().history.replace_current(HistoryEntry::new(Arc::new(step), etag));
        self.present(ShowReason::Refreshed, after.is_some() && after != before, true);
    }

    /// Tells the host to show the current step; starts its polling.
    pub(super) fn present(&mut self, reason: ShowReason, open_external: bool, start_polling: bool) {
        self.stop_polling();
        self.poll_progress = None;
        let Some(step) = self.frame().step().cloned() else { return };
        self.frame_mut().errors = step.errors.clone();
        self.emit(FlowEvent::StepShown { flow_id: self.frame().flow_id.clone(), step: step.clone(), reason });
        self.analytics(AnalyticsKind::StepShown);
        if open_external {
            if let Some(external) = step.external.as_ref().filter(|e| !e.url.trim().is_empty()) {
                let url = self.url_to_open(&external.url);
                self.emit(FlowEvent::OpenUrl { url, source: UrlSource::External });
            }
        }
        if start_polling {
            if let Some(polling) = &step.polling {
                let client = self.frame().client.clone();
                let used = self.resumed_attempts.take();
                let session = match used {
                    Some(used) => PollSession::resume_inline(client, polling, used),
                    None => PollSession::start_inline(client, polling),
                };
                if self.paused {
                    session.pause();
                }
                self.poll = Some(session);
                self.poll_progress = self.fresh_progress(used.unwrap_or(0));
            }
        }
    }

    /// The progress of the current step's polling, starting now with
    /// `attempts_used` requests already sent (`None`: the step does not poll).
    pub(super) fn fresh_progress(&self, attempts_used: u32) -> Option<PollProgress> {
        let polling = self.frame().step()?.polling.as_ref()?;
        Some(PollProgress {
            attempts_used,
            max_attempts: polling.attempts().unwrap_or(0),
            running: true,
            wait: polling.wait().unwrap_or_default(),
            since: Instant::now(),
            paused_at: self.paused.then(Instant::now),
        })
    }

    /// Ends the current flow of the stack. The root's end is the terminal
    /// state; a nested flow's end continues its parent (§5.3).
    pub(super) fn end_frame(&mut self, end: Terminal) {
        if self.terminal.is_some() {
            return;
        }
        self.stop_polling();
        self.analytics(match end {
            Terminal::Exited(_) => AnalyticsKind::Succeeded,
            Terminal::Failed(_) => AnalyticsKind::Failed,
            Terminal::Cancelled => AnalyticsKind::Cancelled,
        });
        if self.frames.len() == 1 {
            self.abort_in_flight(CommandError::Ended);
            self.terminal = Some(end.clone());
            self.emit(match end {
                Terminal::Exited(result) => FlowEvent::Exited { result },
                Terminal::Failed(error) => FlowEvent::Failed { error },
                Terminal::Cancelled => FlowEvent::Cancelled,
            });
            return;
        }
        let Some(frame) = self.frames.pop() else { return };
        self.emit(FlowEvent::SubflowEnded { flow_id: frame.flow_id.clone(), outcome: end.clone() });
        let subflow = frame.launched_by.unwrap_or_default();
        let parent_has_step = self.frame().step().is_some();
        match end {
            Terminal::Exited(result) => match subflow.on_completion {
                Some(behavior) => {
                    self.restore(!moves(&behavior));
                    let _ =
                        self.run_behavior(*behavior, completion_input(subflow.result_key.as_deref(), result));
                }
                None => self.restore(true),
            },
            Terminal::Failed(error) => match subflow.on_error {
                Some(behavior) => {
                    self.restore(!moves(&behavior));
                    let _ = self.run_behavior(*behavior, Input::Own);
                }
                None => self.end_frame(Terminal::Failed(FlowError::SubflowFailed {
                    flow_id: frame.flow_id,
                    error: Box::new(error),
                })),
            },
            Terminal::Cancelled if parent_has_step => self.restore(true),
            Terminal::Cancelled => self.end_frame(Terminal::Cancelled),
        }
    }

    /// Shows the parent's step again after a subflow ended.
    pub(super) fn restore(&mut self, start_polling: bool) {
        if self.frame().step().is_some() {
            self.present(ShowReason::Restored, false, start_polling);
        }
    }
}
