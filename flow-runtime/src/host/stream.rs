//! [`FlowEvents`]: the stream that carries a flow's [`FlowEvent`]s to its
//! host, ending after exactly one terminal event.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use tokio::sync::mpsc;

use crate::flow::events::FlowEvent;

/// The stream of a flow's events (also [`FlowEvents::recv`]); it ends after
/// the terminal event.
///
/// Events are buffered without bound, so the flow never waits for the host
/// to read; dropping this stream does not stop the flow.
#[derive(Debug)]
pub struct FlowEvents {
    receiver: mpsc::UnboundedReceiver<FlowEvent>,
}

impl FlowEvents {
    pub(crate) fn new(receiver: mpsc::UnboundedReceiver<FlowEvent>) -> Self {
        FlowEvents { receiver }
    }

    /// The next event; `None` once the terminal event was received.
    pub async fn recv(&mut self) -> Option<FlowEvent> {
        self.receiver.recv().await
    }

    /// The next event if one is ready now.
    pub fn try_recv(&mut self) -> Option<FlowEvent> {
        self.receiver.try_recv().ok()
    }
}

impl Stream for FlowEvents {
    type Item = FlowEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<FlowEvent>> {
        self.receiver.poll_recv(cx)
    }
}
