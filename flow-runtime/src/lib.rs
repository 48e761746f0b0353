//! # flow-runtime
//!
//! The Dynamic Flow client engine: a pluggable HTTP [`transport`], the
//! [`FlowClient`] that shapes the protocol's requests, the polling engine and
//! the flow interpreter that app shells embed (events out, commands in).

#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod client;
pub mod config;
pub mod redact;
pub mod transport;

pub use client::{FlowClient, UrlError};
pub use config::{ConfigError, HeaderScope, RuntimeConfig, RuntimeConfigBuilder};
