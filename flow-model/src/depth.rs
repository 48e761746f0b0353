//! The nesting bound for the recursive types ([`Layout`](crate::Layout),
//! [`Schema`](crate::Schema), [`Behavior`](crate::Behavior) and the search
//! result): a per-thread count of how many of them are being read, one
//! inside another.

use std::cell::Cell;

use serde::de;

use crate::MAX_NESTING_DEPTH;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// One level of nesting, held while a recursive object is read.
#[derive(Debug)]
pub(crate) struct DepthGuard(());

impl DepthGuard {
    /// Enters one level, or fails when that would exceed [`MAX_NESTING_DEPTH`].
    pub(crate) fn enter<E: de::Error>() -> Result<DepthGuard, E> {
        DEPTH.with(|depth| {
            let next = depth.get() + 1;
            if next > MAX_NESTING_DEPTH {
                return Err(E::custom(format_args!(
                    "nested more than {MAX_NESTING_DEPTH} layouts, schemas and behaviors deep"
                )));
            }
            depth.set(next);
            Ok(DepthGuard(()))
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}
