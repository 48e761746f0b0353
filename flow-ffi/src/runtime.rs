//! The one Tokio runtime the binding owns: every flow's task, every poll
//! and every host-transport call run on it. Foreign calls into the binding
//! never run on it: they wait on channels (the runtime's handles work from
//! any thread), and observers are called from a thread of their own per
//! flow or poll, so an observer may call back into the binding.

use std::future::Future;
use std::sync::OnceLock;

/// Worker threads of the binding's runtime.
pub const WORKER_THREADS: usize = 2;

static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();

/// The binding's runtime (built on first use), or why it could not be built.
pub fn runtime() -> Result<&'static tokio::runtime::Runtime, String> {
    let built = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKER_THREADS)
            .thread_name("dflow-runtime")
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the dflow runtime: {e}"))
    });
    built.as_ref().map_err(Clone::clone)
}

/// A handle on the binding's runtime.
pub fn handle() -> Result<tokio::runtime::Handle, String> {
    runtime().map(|r| r.handle().clone())
}

/// Waits for `future` on the calling (foreign) thread. The futures waited
/// on here only talk to the runtime through channels, so no Tokio context
/// is needed, and a thread of the runtime's blocking pool (a host
/// transport's `send`) may call it too.
pub(crate) fn wait<F: Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}
