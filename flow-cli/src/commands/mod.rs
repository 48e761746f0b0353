//! The subcommands, one module each.

pub(crate) mod validate;
pub(crate) mod conformance;
