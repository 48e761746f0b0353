//! The flow interpreter through its host API, in virtual time against a
//! scripted server: every §5 row, every behavior kind, navigation, polling
//! and the host lifecycle.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod behaviors;
mod lifecycle;
mod navigation;
mod polling;
mod responses;
mod saved;
mod screen;
