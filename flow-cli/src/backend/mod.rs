//! The example backend: a realistic payment flow written with `flow-dsl`,
//! served by axum, plus a task manager the flow polls through.

pub(crate) mod tasks;
