//! The binding's typed errors: why a flow could not start
//! ([`FlowStartError`]), why a command was refused ([`CommandError`]), and
//! what a host transport may raise ([`TransportFailure`]).

use flow_runtime::{FlowError, RestoreError, StartError};

/// Why a flow could not start (or be restored).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum FlowStartError {
    /// The URL, method, body or a header is not usable.
    #[error("{message}")]
    InvalidArgument {
        /// What was wrong, and where.
        message: String,
    },
    /// The saved state cannot be restored (unknown version, malformed, ended…).
    #[error("{message}")]
    InvalidState {
        /// What was wrong.
        message: String,
    },
    /// The runtime could not start the flow.
    #[error("{message}")]
    Runtime {
        /// What went wrong.
        message: String,
    },
}

impl From<StartError> for FlowStartError {
    fn from(error: StartError) -> Self {
        let message = error.to_string();
        match error {
            StartError::Restore(_) => FlowStartError::InvalidState { message },
            StartError::NoRuntime | StartError::Transport { .. } => FlowStartError::Runtime { message },
            _ => FlowStartError::InvalidArgument { message },
        }
    }
}

impl From<RestoreError> for FlowStartError {
    fn from(error: RestoreError) -> Self {
        FlowStartError::InvalidState { message: error.to_string() }
    }
}

/// Why a command was not carried out (nothing was sent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// Client-side validation failed (the messages shaped like the model
    /// also arrive as an `errors` event).
    #[error("{message}")]
    Validation {
        /// Every failing field, in words.
        message: String,
        /// The messages as a JSON object keyed by JSON Pointer into the
        /// values (`{"/amount": "Must be at least 1"}`).
        fields_json: String,
    },
    /// Another request that moves the flow is in flight.
    #[error("{message}")]
    Busy {
        /// In words.
        message: String,
    },
    /// No action with this id in the current step.
    #[error("{message}")]
    UnknownAction {
        /// In words (with the step's id).
        message: String,
        /// The id asked for.
        action_id: String,
    },
    /// The flow has ended.
    #[error("{message}")]
    Ended {
        /// In words.
        message: String,
    },
    /// The values are not JSON.
    #[error("{message}")]
    InvalidValues {
        /// Where the JSON is broken.
        message: String,
    },
    /// Refused for another reason (no step, no link handler, no refresh
    /// URL, an unusable URL, …; also reported as an event).
    #[error("{message}")]
    Rejected {
        /// In words.
        message: String,
    },
}

impl From<flow_runtime::CommandError> for CommandError {
    fn from(error: flow_runtime::CommandError) -> Self {
        let message = error.to_string();
        match error {
            flow_runtime::CommandError::Busy => CommandError::Busy { message },
            flow_runtime::CommandError::Ended => CommandError::Ended { message },
            flow_runtime::CommandError::ActionNotFound { id, .. } => {
                CommandError::UnknownAction { message, action_id: id }
            }
            flow_runtime::CommandError::Rejected(FlowError::InvalidValues { fields }) => {
                let mut validation = serde_json::Map::new();
                for field in &fields {
                    validation.insert(field.path.as_str().to_owned(), serde_json::Value::from(field.message.clone()));
                }
                CommandError::Validation { message, fields_json: serde_json::Value::Object(validation).to_string() }
            }
            _ => CommandError::Rejected { message },
        }
    }
}

/// What a [`HostTransport`](crate::HostTransport) raises when no HTTP
/// response arrived; it counts as the runtime's transport failure (a poll
/// attempt is used, polling goes on). Any other exception the host raises
/// is read as [`TransportFailure::Failed`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum TransportFailure {
    /// The connection could not be made.
    #[error("{message}")]
    Connect {
        /// In words.
        message: String,
    },
    /// The request timed out.
    #[error("{message}")]
    Timeout {
        /// In words.
        message: String,
    },
    /// Anything else.
    #[error("{message}")]
    Failed {
        /// In words.
        message: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportFailure::Failed { message: error.reason }
    }
}
