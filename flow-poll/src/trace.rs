//! Tracing helpers shared by the client and the engine: a future runs
//! inside a span only when some subscriber wants that span.

use tracing::Instrument;

/// `future` inside `span`, or bare when the span is disabled (no subscriber
/// wants it): entering a disabled span on every poll still costs when
/// `tracing`'s `log` feature is on. (A plain function, not an `async fn`, so
/// the future is stored once, not twice.)
pub(crate) fn in_span<F: std::future::Future>(
    span: tracing::Span,
    future: F,
) -> futures::future::Either<F, tracing::instrument::Instrumented<F>> {
    if span.is_disabled() {
        futures::future::Either::Left(future)
    } else {
        futures::future::Either::Right(future.instrument(span))
    }
}
