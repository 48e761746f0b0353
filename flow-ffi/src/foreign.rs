//! Every call into the host's language goes through one gate: observer
//! callbacks, host-transport sends, and the release of the host's objects
//! (dropping a callback object calls the host too).
//!
//! Why: a Python interpreter that is exiting kills any foreign thread that
//! calls into it (CPython 3.11 ends it with `pthread_exit`), and a forced
//! unwind through the binding's frames aborts the whole process. So the
//! generated `dflow.py` calls [`shutdown`] at exit (`build-python.sh`
//! registers it with `atexit`): the gate closes, the calls in progress are
//! given up to [`SHUTDOWN_GRACE`] to return, and from then on no call
//! enters the host: events are dropped, transport sends fail as transport
//! errors, host objects are leaked instead of released. Kotlin and Swift
//! hosts never need it.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long [`shutdown`] waits for the host calls in progress.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

struct State {
    closed: bool,
    running: usize,
}

static STATE: Mutex<State> = Mutex::new(State { closed: false, running: 0 });
static IDLE: Condvar = Condvar::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Leave to call into the host, while it lasts.
#[derive(Debug)]
pub(crate) struct Pass(());

impl Drop for Pass {
    fn drop(&mut self) {
        let mut state = state();
        state.running = state.running.saturating_sub(1);
        IDLE.notify_all();
    }
}

/// Leave to call into the host; `None` once [`shutdown`] closed the gate.
pub(crate) fn enter() -> Option<Pass> {
    let mut state = state();
    if state.closed {
        return None;
    }
    state.running += 1;
    Some(Pass(()))
}

/// A host object (a callback interface implementation) that is only
/// called, and released, through the gate.
pub(crate) struct Foreign<T: ?Sized>(Option<Box<T>>);

impl<T: ?Sized> std::fmt::Debug for Foreign<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Foreign(..)")
    }
}

impl<T: ?Sized> Foreign<T> {
    pub(crate) fn new(inner: Box<T>) -> Self {
        Foreign(Some(inner))
    }

    /// Calls the host object; `None` when the gate is closed.
    pub(crate) fn call<R>(&self, call: impl FnOnce(&T) -> R) -> Option<R> {
        let inner = self.0.as_deref()?;
        let _pass = enter()?;
        Some(call(inner))
    }
}

impl<T: ?Sized> Drop for Foreign<T> {
    fn drop(&mut self) {
        if let Some(inner) = self.0.take() {
            match enter() {
                Some(_pass) => drop(inner),
                // The host is exiting: releasing would call into it.
                None => std::mem::forget(inner),
            }
        }
    }
}

/// For hosts that are about to exit (the generated Python module calls it
/// at interpreter exit): stops every call into the host and waits, at most
/// two seconds, for the calls in progress to return. Flows and polls keep
/// running, but their events are no longer delivered and host transports
/// are no longer called (their requests fail as transport errors).
#[uniffi::export]
pub fn shutdown() {
    let deadline = Instant::now() + SHUTDOWN_GRACE;
    let mut state = state();
    state.closed = true;
    while state.running > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        state = IDLE.wait_timeout(state, left).unwrap_or_else(PoisonError::into_inner).0;
    }
}
