//! The subcommands, one module each.

pub(crate) mod check;
pub(crate) mod conformance;
pub(crate) mod demo;
pub(crate) mod poll;
pub(crate) mod redact;
pub(crate) mod run;
pub(crate) mod serve;
pub(crate) mod validate;
