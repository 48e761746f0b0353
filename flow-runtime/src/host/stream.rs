//! [`FlowEvents`]: the stream that carries a flow's [`FlowEvent`]s to its
//! host, ending after exactly one terminal event.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;

use crate::flow::event_queue::EventReceiver;
use crate::flow::events::FlowEvent;

/// The stream of a flow's events (also [`FlowEvents::recv`]); it ends after
/// the terminal event.
///
/// The flow never waits for the host to read. What waits unread is
/// bounded where nothing is lost by it: an unread
/// [`FlowEvent::Polling`] is replaced by the next one (the newest progress
/// is kept), every other event is kept, in order — so a host that stops
/// reading while a step polls holds one polling event, not one per attempt.
/// Dropping this stream does not stop the flow (its events are then
/// discarded).
#[derive(Debug)]
pub struct FlowEvents {
    receiver: EventReceiver,
}

impl FlowEvents {
    pub(crate) fn new(receiver: EventReceiver) -> Self {
        FlowEvents { receiver }
    }

    /// The next event; `None` once the terminal event was received.
    pub async fn recv(&mut self) -> Option<FlowEvent> {
        std::future::poll_fn(|cx| self.receiver.poll_recv(cx)).await
    }

    /// The next event if one is ready now.
    pub fn try_recv(&mut self) -> Option<FlowEvent> {
        self.receiver.try_next().flatten()
    }

    /// How many events wait to be read.
    pub fn pending(&self) -> usize {
        self.receiver.len()
    }
}

impl Stream for FlowEvents {
    type Item = FlowEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<FlowEvent>> {
        self.get_mut().receiver.poll_recv(cx)
    }
}
