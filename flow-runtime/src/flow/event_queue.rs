//! The queue between a flow's interpreter and its host: bounded where it
//! can be without losing anything a host must see.
//!
//! The rule: **polling progress coalesces**. A [`FlowEvent::Polling`] that
//! the host has not read yet is replaced by the next one (the newest unread
//! progress is kept, at its own place in the order: after everything that
//! happened before it). Every other event — steps, errors, URLs to open,
//! subflows, analytics, the terminal event — is kept, in order. So a host
//! that stops reading while a step polls holds at most one polling event,
//! however many attempts are made; what else accumulates is bounded by what
//! the flow does without the host (each of those events needs a server
//! answer that moves the flow).
//!
//! A tokio channel cannot replace an unread message, hence this small
//! queue: a `VecDeque` under a mutex (held for a push or a pop only) and
//! one waker for the one receiver.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use futures::task::AtomicWaker;

use super::events::FlowEvent;

#[derive(Debug, Default)]
struct State {
    events: VecDeque<FlowEvent>,
    /// The sender is gone: no event will come after those queued.
    closed: bool,
    /// The receiver is gone: nobody will read, keep nothing.
    abandoned: bool,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    waker: AtomicWaker,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A new queue: the interpreter's end and the host's end.
pub(crate) fn event_queue() -> (EventSender, EventReceiver) {
    let shared = Arc::new(Shared::default());
    (EventSender { shared: shared.clone() }, EventReceiver { shared })
}

/// The interpreter's end.
#[derive(Debug)]
pub(crate) struct EventSender {
    shared: Arc<Shared>,
}

impl EventSender {
    /// Queues `event` (see the module docs for what coalesces).
    pub(crate) fn send(&self, event: FlowEvent) {
        {
            let mut state = self.shared.state();
            if state.abandoned {
                return;
            }
            if matches!(event, FlowEvent::Polling { .. }) {
                state.events.retain(|queued| !matches!(queued, FlowEvent::Polling { .. }));
            }
            state.events.push_back(event);
        }
        self.shared.waker.wake();
    }
}

impl Drop for EventSender {
    fn drop(&mut self) {
        self.shared.state().closed = true;
        self.shared.waker.wake();
    }
}

/// The host's end.
#[derive(Debug)]
pub(crate) struct EventReceiver {
    shared: Arc<Shared>,
}

impl EventReceiver {
    /// The next event, `None` once the queue is empty and the sender gone.
    pub(crate) fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<FlowEvent>> {
        if let Some(ready) = self.try_next() {
            return Poll::Ready(ready);
        }
        self.shared.waker.register(cx.waker());
        // An event may have arrived between the check and the registration.
        match self.try_next() {
            Some(ready) => Poll::Ready(ready),
            None => Poll::Pending,
        }
    }

    /// `Some(Some(event))`, `Some(None)` when closed and empty, `None` when
    /// nothing is there yet.
    pub(crate) fn try_next(&mut self) -> Option<Option<FlowEvent>> {
        let mut state = self.shared.state();
        match state.events.pop_front() {
            Some(event) => Some(Some(event)),
            None if state.closed => Some(None),
            None => None,
        }
    }

    /// How many events wait to be read.
    pub(crate) fn len(&self) -> usize {
        self.shared.state().events.len()
    }
}

impl Drop for EventReceiver {
    fn drop(&mut self) {
        let mut state = self.shared.state();
        state.abandoned = true;
        state.events.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polling(attempt: u32) -> FlowEvent {
        FlowEvent::Polling { attempt, max_attempts: 100, status: Some(200), error: None }
    }

    fn next(receiver: &mut EventReceiver) -> Option<FlowEvent> {
        receiver.try_next().flatten()
    }

    #[test]
    fn unread_polling_progress_coalesces_and_everything_else_is_kept_in_order() {
        let (sender, mut receiver) = event_queue();
        sender.send(polling(1));
        sender.send(FlowEvent::Dismiss);
        for attempt in 2..=1000 {
            sender.send(polling(attempt));
        }
        sender.send(FlowEvent::Copy { content: "x".into() });
        assert_eq!(receiver.len(), 3, "one polling event however many attempts");
        assert_eq!(next(&mut receiver), Some(FlowEvent::Dismiss));
        assert_eq!(next(&mut receiver), Some(polling(1000)), "the newest, after what came before it");
        assert_eq!(next(&mut receiver), Some(FlowEvent::Copy { content: "x".into() }));
        // Read progress is not replaced: the next one queues.
        sender.send(polling(1001));
        assert_eq!(next(&mut receiver), Some(polling(1001)));
        drop(sender);
        assert_eq!(receiver.try_next(), Some(None), "closed and empty");
    }

    #[test]
    fn nothing_is_kept_once_the_host_dropped_its_end() {
        let (sender, receiver) = event_queue();
        sender.send(FlowEvent::Dismiss);
        let shared = receiver.shared.clone();
        drop(receiver);
        sender.send(FlowEvent::Cancelled);
        assert!(shared.state().events.is_empty());
    }
}
