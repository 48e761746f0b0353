//! The binding's typed errors: why a flow or poll could not start
//! ([`FlowStartError`]), why a command was refused ([`CommandError`]), and
//! what a host transport may raise ([`TransportFailure`]).
//!
//! Members are named `detail`, not `message`: Kotlin exceptions have a
//! `message` of their own.

use flow_runtime::{FlowError, RestoreError, StartError};

/// Why a flow could not start (or be restored).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum FlowStartError {
    /// The URL, method, body or a header is not usable.
    #[error("{detail}")]
    InvalidArgument {
        /// What was wrong, and where.
        detail: String,
    },
    /// The saved state cannot be restored (unknown version, malformed,
    /// ended, a secret not supplied again…).
    #[error("{detail}")]
    InvalidState {
        /// What was wrong.
        detail: String,
    },
    /// The runtime could not start the flow.
    #[error("{detail}")]
    Runtime {
        /// What went wrong.
        detail: String,
    },
}

impl From<StartError> for FlowStartError {
    fn from(error: StartError) -> Self {
        let detail = error.to_string();
        match error {
            StartError::Restore(_) => FlowStartError::InvalidState { detail },
            StartError::NoRuntime | StartError::Transport { .. } => FlowStartError::Runtime { detail },
            _ => FlowStartError::InvalidArgument { detail },
        }
    }
}

impl From<RestoreError> for FlowStartError {
    fn from(error: RestoreError) -> Self {
        FlowStartError::InvalidState { detail: error.to_string() }
    }
}

/// Why a command was not carried out (nothing was sent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// Client-side validation failed (the messages also arrive as a
    /// `ValidationFailed` event).
    #[error("{detail}")]
    Validation {
        /// Every failing field, in words.
        detail: String,
        /// The messages as a JSON object keyed by JSON Pointer into the
        /// values (`{"/amount": "Must be at least 1"}`).
        fields_json: String,
    },
    /// Another request that moves the flow is in flight.
    #[error("{detail}")]
    Busy {
        /// In words.
        detail: String,
    },
    /// No action with this id in the current step.
    #[error("{detail}")]
    UnknownAction {
        /// In words (with the step's id).
        detail: String,
        /// The id asked for.
        action_id: String,
    },
    /// The flow has ended.
    #[error("{detail}")]
    Ended {
        /// In words.
        detail: String,
    },
    /// No step is shown yet.
    #[error("{detail}")]
    NoStep {
        /// In words.
        detail: String,
    },
    /// The values (or a result) are not JSON.
    #[error("{detail}")]
    InvalidJson {
        /// Where the JSON is broken.
        detail: String,
    },
    /// Refused for another reason (no matching link handler, no refresh
    /// URL, an action without `url`, no subflow waiting…; a problem the
    /// runtime found is also reported as an event).
    #[error("{detail}")]
    Rejected {
        /// In words.
        detail: String,
    },
}

impl From<flow_runtime::CommandError> for CommandError {
    fn from(error: flow_runtime::CommandError) -> Self {
        let detail = error.to_string();
        match error {
            flow_runtime::CommandError::Busy => CommandError::Busy { detail },
            flow_runtime::CommandError::Ended => CommandError::Ended { detail },
            flow_runtime::CommandError::NoStep => CommandError::NoStep { detail },
            flow_runtime::CommandError::ActionNotFound { id, .. } => {
                CommandError::UnknownAction { detail, action_id: id }
            }
            flow_runtime::CommandError::Rejected(FlowError::InvalidValues { fields }) => {
                let mut validation = serde_json::Map::new();
                for field in &fields {
                    validation.insert(
                        field.path.as_str().to_owned(),
                        serde_json::Value::from(field.message.clone()),
                    );
                }
                let detail = fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                CommandError::Validation {
                    detail,
                    fields_json: serde_json::Value::Object(validation).to_string(),
                }
            }
            _ => CommandError::Rejected { detail },
        }
    }
}

impl CommandError {
    /// The values (or another JSON argument) did not parse.
    pub(crate) fn json(what: &str, error: &serde_json::Error) -> Self {
        CommandError::InvalidJson { detail: format!("{what} is not JSON: {error}") }
    }
}

/// What a [`HostTransport`](crate::HostTransport) raises when no HTTP
/// response arrived; it is the runtime's transport failure (a poll attempt
/// is used and polling goes on; a request that moves the flow reports a
/// problem). Any other exception the host raises is read as
/// [`TransportFailure::Failed`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum TransportFailure {
    /// The connection could not be made.
    #[error("{detail}")]
    Connect {
        /// In words.
        detail: String,
    },
    /// The request timed out.
    #[error("{detail}")]
    Timeout {
        /// In words.
        detail: String,
    },
    /// Anything else.
    #[error("{detail}")]
    Failed {
        /// In words.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportFailure::Failed { detail: error.reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_command_errors_map_to_typed_variants() {
        let busy = CommandError::from(flow_runtime::CommandError::Busy);
        assert!(matches!(busy, CommandError::Busy { .. }));
        let unknown = CommandError::from(flow_runtime::CommandError::ActionNotFound {
            id: "go".into(),
            step_id: "s".into(),
        });
        assert!(matches!(unknown, CommandError::UnknownAction { ref action_id, .. } if action_id == "go"));
        assert!(matches!(CommandError::from(flow_runtime::CommandError::Ended), CommandError::Ended { .. }));
        let unexpected = uniffi::UnexpectedUniFFICallbackError::new("boom");
        assert_eq!(TransportFailure::from(unexpected), TransportFailure::Failed { detail: "boom".into() });
    }
}
