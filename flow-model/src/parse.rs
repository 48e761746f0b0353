//! Parsing with errors that say where: [`parse`], [`ParseError`].

use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::Pointer;

/// The deepest nesting of layouts, schemas and behaviors accepted, counted
/// together: a box in a box is two levels, a property schema of an object
/// schema two, a modal behavior's content one more each time.
///
/// Deeper documents fail with a [`ParseError`] naming where, never with a
/// stack overflow. The bound is chosen so that reading (including the
/// second, path-tracking read that locates an error) stays well inside a
/// 2 MiB thread stack (the default for spawned and tokio worker threads) even
/// in unoptimised builds, where each level takes up to about 35 KB of stack;
/// real steps nest a dozen levels at most.
///
/// Other JSON (unknown members, `model`, `data`…) is bounded by
/// `serde_json`'s own limit of 128 nested arrays and objects. The bound is
/// enforced for any `serde` deserializer, so `serde_json::from_str` and
/// `serde_json::from_value` are protected too.
pub const MAX_NESTING_DEPTH: usize = 32;

/// A document that could not be read as the expected type.
///
/// `path` points at the member that failed. Members that are read out of
/// order (those before a `type` tag, and a schema's kind-specific members,
/// which are only checked once the kind is known) are reported at their
/// object, with the message starting with the member's name
/// (`/schemas/0`, `minLength: invalid type: …`).
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
///
/// The document is read once at full speed; only when that fails is it read
/// again with path tracking, to name where the problem is. (Tracking the path
/// on every read costs about a third of the parse time.) The fast read keeps
/// members that come before an object's `type` as borrowed raw JSON until
/// the type is known; the second read does not, so a document the fast read
/// could not take that way still parses.
pub fn parse_slice<T: DeserializeOwned>(json: &[u8]) -> Result<T, ParseError> {
    let fast = {
        let _lend = crate::tagged::LendMembers::enter();
        // One check of the whole input up front spares serde_json the check
        // of each string it reads from bytes (a fifteenth of the parse);
        // input that is not UTF-8 is read as bytes, which locates the error.
        match std::str::from_utf8(json) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(json),
        }
    };
    match fast {
        Ok(value) => Ok(value),
        Err(_) => locate::<T>(json),
    }
}

/// Reads `json` again with path tracking: the located error, or the value
/// when it parses this way (the fast read failed on its raw buffering only).
fn locate<T: DeserializeOwned>(json: &[u8]) -> Result<T, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => {
            let path = Pointer::from(error.path());
            Err(located(path, error.inner()))
        }
        Ok(value) => match deserializer.end() {
            Ok(()) => Ok(value),
            Err(trailing) => Err(located(Pointer::root(), &trailing)),
        },
    }
}

fn located(path: Pointer, error: &serde_json::Error) -> ParseError {
    ParseError {
        path,
        line: error.line(),
        // serde_json says column 0 for a problem found before the first
        // character of a line was consumed; that is still column 1.
        column: error.column().max(1),
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
