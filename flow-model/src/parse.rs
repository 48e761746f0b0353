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
/// could not take that way still parses. A document that sends its tags late
/// early on is scanned for where they are and read again, choosing each
/// object's kind at its first member.
pub fn parse_slice<T: DeserializeOwned>(json: &[u8]) -> Result<T, ParseError> {
    // One check of the whole input up front spares serde_json the check of
    // each string it reads from bytes (a fifteenth of the parse); input that
    // is not UTF-8 is read by the locating read, which says where.
    let Ok(text) = std::str::from_utf8(json) else { return locate::<T>(json) };
    let fast = {
        let mut lend = crate::tagged::LendMembers::enter(text);
        let first = serde_json::from_str(text);
        if lend.wants_scan() {
            lend.scan(text);
            serde_json::from_str(text)
        } else {
            first
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
    #[cfg(test)]
    tests::LOCATED.with(|located| located.set(located.get() + 1));
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

#[cfg(test)]
#[path = "../tests/common/large_step.rs"]
#[allow(unreachable_pub)] // shared with the integration tests, where it is public
mod large_step;

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde_json::Value;

    use super::large_step::{large_step, large_step_bytes};
    use crate::tagged::SCANS;
    use crate::Step;

    thread_local! {
        /// How many times this thread read a document again to locate an error.
        pub(super) static LOCATED: Cell<usize> = const { Cell::new(0) };
    }

    /// Parses `bytes` as a step; how many scans and locating reads it took.
    fn counted(bytes: &[u8]) -> (Step, usize, usize) {
        let (scans, located) = (SCANS.with(Cell::get), LOCATED.with(Cell::get));
        let step = super::parse_slice::<Step>(bytes).unwrap_or_else(|e| panic!("{e}"));
        (step, SCANS.with(Cell::get) - scans, LOCATED.with(Cell::get) - located)
    }

    #[test]
    fn a_document_with_late_tags_is_scanned_once_and_read_without_the_slow_read() {
        let sorted = serde_json::to_vec(&large_step(3)).unwrap_or_default();
        let (step, scans, located) = counted(&sorted);
        assert_eq!((scans, located), (1, 0));
        let whole: Result<Value, _> = serde_json::from_slice(&sorted);
        assert_eq!(serde_json::to_value(&step).ok(), whole.ok(), "nothing lost");
    }

    #[test]
    fn a_document_with_tags_first_is_read_once() {
        let (_, scans, located) = counted(&large_step_bytes(3));
        assert_eq!((scans, located), (0, 0));
    }

    #[test]
    fn a_late_tag_only_late_in_the_document_is_buffered_not_scanned() {
        let mut text = String::from(r#"{"id": "s", "layout": ["#);
        for _ in 0..40 {
            text.push_str(r#"{"type": "paragraph", "text": "early tag"},"#);
        }
        text.push_str(r#"{"text": "late tag", "type": "paragraph"}]}"#);
        let (step, scans, located) = counted(text.as_bytes());
        assert_eq!((scans, located, step.layout().len()), (0, 0, 41));
    }

    #[test]
    fn objects_the_scan_cannot_read_plainly_are_buffered_and_read_right() {
        // An escaped member name (which could spell the tag) and an escaped tag.
        let text = r#"{"layout": [{"text": "a", "typ\u0065": "heading", "type": "paragraph"},
            {"text": "b", "type": "para\u0067raph"}, {"size": "md", "text": "c", "type": "heading"}], "id": "s"}"#;
        let (step, scans, located) = counted(text.as_bytes());
        assert_eq!((scans, located), (1, 0));
        let kinds: Vec<_> = step.layout().iter().map(|l| l.type_name().map(str::to_owned)).collect();
        assert_eq!(
            kinds,
            [Some("heading".to_owned()), Some("paragraph".to_owned()), Some("heading".to_owned())]
        );
    }
}
