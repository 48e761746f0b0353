//! [`LroStream`]: an [`LroPoller`] as a `Stream` of progress reports that
//! ends with the result. The poll runs only while the stream is polled;
//! dropping the stream cancels it.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::Stream;
use serde::de::DeserializeOwned;

use super::error::LroError;
use super::poller::LroPoller;
use crate::progress::Progress;

/// One item of an [`LroStream`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LroEvent<T> {
    /// A progress report.
    Progress(Progress),
    /// The operation succeeded; always the last item.
    Done(T),
}

type Running<T> = BoxFuture<'static, (LroPoller<T>, bool)>;

/// Progress reports, then `Ok(LroEvent::Done(T))` or one `Err`; then `None`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// use std::sync::Arc;
/// use futures::StreamExt;
/// use flow_poll::lro::{LroBuilder, LroEvent};
/// use flow_poll::transport::scripted::{ScriptedReply, ScriptedTransport};
/// use flow_poll::{HttpClient, RuntimeConfig};
/// use serde_json::json;
///
/// let base = url::Url::parse("https://jobs.example/").unwrap();
/// let transport = Arc::new(ScriptedTransport::new(&base));
/// transport.route("GET /jobs/1", [
///     ScriptedReply::json(&json!({"status": "Running", "percentComplete": 50})),
///     ScriptedReply::json(&json!({"status": "Succeeded", "percentComplete": 100})),
/// ]);
/// let client = HttpClient::new(transport, Arc::new(RuntimeConfig::default()), base);
/// let mut stream = LroBuilder::new(client)
///     .poll_url("/jobs/1")
///     .success_when("$response.body#/status == 'succeeded'")
///     .build::<serde_json::Value>()
///     .unwrap()
///     .into_stream();
/// let mut percents = Vec::new();
/// while let Some(item) = stream.next().await {
///     match item.unwrap() {
///         LroEvent::Progress(p) => percents.push(p.percent),
///         LroEvent::Done(body) => assert_eq!(body["status"], "Succeeded"),
///         _ => {}
///     }
/// }
/// assert_eq!(percents, [Some(50.0), Some(100.0)]);
/// # }
/// ```
pub struct LroStream<T> {
    poller: Option<LroPoller<T>>,
    running: Option<Running<T>>,
    queue: VecDeque<Progress>,
    last: Option<Result<LroEvent<T>, LroError>>,
    ended: bool,
}

impl<T> fmt::Debug for LroStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LroStream")
            .field("queued", &self.queue.len())
            .field("running", &self.running.is_some())
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl<T> LroStream<T> {
    pub(crate) fn new(poller: LroPoller<T>) -> Self {
        LroStream { poller: Some(poller), running: None, queue: VecDeque::new(), last: None, ended: false }
    }
}

// Nothing in the stream is structurally pinned (the running future is boxed).
impl<T> Unpin for LroStream<T> {}

impl<T> Stream for LroStream<T>
where
    T: DeserializeOwned + Send + 'static,
{
    type Item = Result<LroEvent<T>, LroError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(progress) = this.queue.pop_front() {
                return Poll::Ready(Some(Ok(LroEvent::Progress(progress))));
            }
            if let Some(last) = this.last.take() {
                this.ended = true;
                return Poll::Ready(Some(last));
            }
            if this.ended {
                return Poll::Ready(None);
            }
            let running = match &mut this.running {
                Some(running) => running,
                None => {
                    let Some(mut poller) = this.poller.take() else {
                        this.ended = true;
                        return Poll::Ready(None);
                    };
                    this.running.insert(Box::pin(async move {
                        let more = poller.advance(true).await.is_some();
                        (poller, more)
                    }))
                }
            };
            let (mut poller, more) = match running.as_mut().poll(cx) {
                Poll::Ready(done) => done,
                Poll::Pending => return Poll::Pending,
            };
            this.running = None;
            this.queue.extend(poller.take_queue());
            if more {
                this.poller = Some(poller);
            } else {
                this.last = Some(poller.result().and_then(|answer| answer.decode::<T>()).map(LroEvent::Done));
            }
        }
    }
}
