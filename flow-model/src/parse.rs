//! Parsing with errors that say where: [`parse`], [`ParseError`].

use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::Pointer;

/// The deepest nesting of arrays and objects accepted, inherited from
/// `serde_json`'s recursion limit: deeper documents fail with a
/// [`ParseError`] ("recursion limit exceeded"), never a stack overflow.
pub const MAX_NESTING_DEPTH: usize = 128;

/// A document that could not be read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}: {message} (line {line}, column {column})", if path.as_str().is_empty() { "/" } else { path.as_str() })]
#[non_exhaustive]
pub struct ParseError {
    /// JSON Pointer of the member that failed (`""` for the whole document).
    pub path: Pointer,
    /// 1-based line of the failure in the input.
    pub line: usize,
    /// 1-based column of the failure in the input.
    pub column: usize,
    /// What was wrong.
    pub message: String,
}

/// Parses `json` as `T`, reporting the JSON Pointer path, line and column of
/// the first problem.
///
/// ```
/// let err = flow_model::parse::<flow_model::Step>(r#"{"id": "a", "polling": {"delay": "soon"}}"#)
///     .unwrap_err();
/// assert_eq!(err.path.as_str(), "/polling/delay");
/// assert_eq!(err.line, 1);
/// ```
pub fn parse<T: DeserializeOwned>(json: &str) -> Result<T, ParseError> {
    parse_slice(json.as_bytes())
}

/// Like [`parse`], from bytes (e.g. an HTTP body).
pub fn parse_slice<T: DeserializeOwned>(json: &[u8]) -> Result<T, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = Pointer::from(error.path());
        located(path, &error.into_inner())
    })?;
    deserializer.end().map_err(|e| located(Pointer::root(), &e))?;
    Ok(value)
}

fn located(path: Pointer, error: &serde_json::Error) -> ParseError {
    ParseError {
        path,
        line: error.line(),
        column: error.column(),
        message: strip_position(&error.to_string()),
    }
}

/// serde_json appends " at line L column C"; the error carries those apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
