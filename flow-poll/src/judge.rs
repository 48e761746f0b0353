//! [`Judge`]: what one attempt's outcome means for the loop — keep polling,
//! done with a value, or failed — as a [`Verdict`].

use std::fmt;
use std::time::Duration;

use crate::transport::{HttpResponse, TransportError};

/// One finished attempt, as the judge (and the pacer and observers) see it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// 1-based number of this request in the loop.
    pub number: u32,
    /// The request limit, if any.
    pub max_attempts: Option<u32>,
    /// When the request was sent, measured from the start of the loop.
    pub sent_at: Duration,
    /// How long the exchange took.
    pub latency: Duration,
    /// The answer, or why there was none.
    pub outcome: &'a Result<HttpResponse, TransportError>,
}

impl<'a> Attempt<'a> {
    /// The response, when one arrived.
    pub fn response(&self) -> Option<&'a HttpResponse> {
        self.outcome.as_ref().ok()
    }

    /// The transport error, when no response arrived.
    pub fn error(&self) -> Option<&'a TransportError> {
        self.outcome.as_ref().err()
    }
}

/// What an attempt means for the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict<T, E> {
    /// Not final: wait and poll again (if the budget allows).
    Continue,
    /// Not final, and not an answer about the operation either: a transient
    /// failure (no connection, `503`, …) to be retried after the pacing's
    /// transient-retry wait ([`Pacer::retry_delay`](crate::Pacer::retry_delay))
    /// instead of the poll interval (if the budget allows).
    Retry,
    /// Final: polling is done with this value.
    Done(T),
    /// Final: polling failed with this failure.
    Fail(E),
}

/// The kind of a [`Verdict`], without its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerdictKind {
    /// [`Verdict::Continue`].
    Continue,
    /// [`Verdict::Retry`].
    Retry,
    /// [`Verdict::Done`].
    Done,
    /// [`Verdict::Fail`].
    Fail,
}

impl VerdictKind {
    /// `"continue"`, `"retry"`, `"done"` or `"fail"`.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Continue => "continue",
            VerdictKind::Retry => "retry",
            VerdictKind::Done => "done",
            VerdictKind::Fail => "fail",
        }
    }
}

impl<T, E> Verdict<T, E> {
    /// The kind of this verdict.
    pub fn kind(&self) -> VerdictKind {
        match self {
            Verdict::Continue => VerdictKind::Continue,
            Verdict::Retry => VerdictKind::Retry,
            Verdict::Done(_) => VerdictKind::Done,
            Verdict::Fail(_) => VerdictKind::Fail,
        }
    }
}

/// Decides what each attempt's outcome means.
///
/// A judge sees transport errors too: whether a connect error or a timeout
/// ends polling is its call (the Dynamic Flow judge keeps polling).
pub trait Judge: Send {
    /// The value a successful loop ends with.
    type Output: Send;
    /// The failure a failed loop ends with.
    type Failure: Send;

    /// Judges one attempt.
    fn judge(&mut self, attempt: &Attempt<'_>) -> Verdict<Self::Output, Self::Failure>;
}

/// A [`Judge`] made from a closure; see [`judge_fn`].
pub struct FnJudge<F>(F);

impl<F> fmt::Debug for FnJudge<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnJudge")
    }
}

/// Wraps a closure as a [`Judge`].
///
/// ```
/// use flow_poll::{judge_fn, Judge, Verdict};
/// let judge = judge_fn(|attempt| match attempt.response() {
///     Some(r) if r.status.as_u16() == 200 => Verdict::Done(()),
///     _ => Verdict::<(), String>::Continue,
/// });
/// # fn is_judge(_: &impl Judge) {}
/// is_judge(&judge);
/// ```
pub fn judge_fn<F, T, E>(f: F) -> FnJudge<F>
where
    F: FnMut(&Attempt<'_>) -> Verdict<T, E> + Send,
    T: Send,
    E: Send,
{
    FnJudge(f)
}

impl<F, T, E> Judge for FnJudge<F>
where
    F: FnMut(&Attempt<'_>) -> Verdict<T, E> + Send,
    T: Send,
    E: Send,
{
    type Output = T;
    type Failure = E;

    fn judge(&mut self, attempt: &Attempt<'_>) -> Verdict<T, E> {
        (self.0)(attempt)
    }
}
