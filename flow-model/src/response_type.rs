//! [`ResponseType`]: the value of the `X-DF-Response-Type` header, and the
//! one rule for reading it from a response ([`ResponseType::from_header_values`]),
//! the same for polling (§4.3) and for requests that move the flow (§5).

use std::fmt;

use thiserror::Error;

/// The header that says what a response body is.
pub const RESPONSE_TYPE_HEADER: &str = "X-DF-Response-Type";

/// A parsed `X-DF-Response-Type` header value.
///
/// Values are trimmed and compared case-insensitively; unknown values are kept
/// (trimmed, as sent) so hosts can report them.
///
/// ```
/// use flow_model::ResponseType;
/// assert_eq!(ResponseType::parse(" Step "), ResponseType::Step);
/// assert_eq!(ResponseType::parse("NO-OP"), ResponseType::NoOp);
/// assert_eq!(ResponseType::parse("teleport"), ResponseType::Unknown("teleport".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseType {
    /// `step`: the body is a Step.
    Step,
    /// `action`: the body is an Action Response Body.
    Action,
    /// `exit`: the flow ends; the body (if any) is the result.
    Exit,
    /// `modal`: the body is a Modal Response Body.
    Modal,
    /// `no-op`: nothing changes.
    NoOp,
    /// `subflow`: the body is a Subflow Response Body.
    Subflow,
    /// Any other value, trimmed.
    Unknown(String),
}

impl ResponseType {
    /// Parses a header value (trimmed, case-insensitive).
    pub fn parse(value: &str) -> Self {
        let trimmed = value.trim();
        match trimmed.to_ascii_lowercase().as_str() {
            "step" => ResponseType::Step,
            "action" => ResponseType::Action,
            "exit" => ResponseType::Exit,
            "modal" => ResponseType::Modal,
            "no-op" => ResponseType::NoOp,
            "subflow" => ResponseType::Subflow,
            _ => ResponseType::Unknown(trimmed.to_owned()),
        }
    }

    /// Parses raw header bytes; bytes that are not UTF-8 give an unknown value.
    pub fn parse_bytes(value: &[u8]) -> Self {
        match std::str::from_utf8(value) {
            Ok(s) => Self::parse(s),
            Err(_) => ResponseType::Unknown(String::from_utf8_lossy(value).trim().to_owned()),
        }
    }

    /// Reads the header from all its values on one response: each value is
    /// trimmed and compared case-insensitively; a blank value (empty or
    /// whitespace) counts as absent; repeated values that name the same kind
    /// count once; repeated values that disagree are an error.
    ///
    /// `Ok(None)`: no header (or only blank ones).
    ///
    /// ```
    /// use flow_model::ResponseType;
    /// let read = |values: &[&str]| ResponseType::from_header_values(values.iter().map(|v| v.as_bytes()));
    /// assert_eq!(read(&[]), Ok(None));
    /// assert_eq!(read(&["  "]), Ok(None));
    /// assert_eq!(read(&[" Step ", "step"]), Ok(Some(ResponseType::Step)));
    /// let conflict = read(&["step", "EXIT"]).unwrap_err();
    /// assert_eq!(conflict.combined(), "step, exit");
    /// ```
    pub fn from_header_values<'a>(
        values: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Option<ResponseType>, ConflictingResponseTypes> {
        let mut found: Option<ResponseType> = None;
        for value in values {
            if value.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let kind = ResponseType::parse_bytes(value);
            match &found {
                Some(previous) if *previous != kind => {
                    return Err(ConflictingResponseTypes {
                        first: previous.as_str().to_owned(),
                        other: kind.as_str().to_owned(),
                    })
                }
                Some(_) => {}
                None => found = Some(kind),
            }
        }
        Ok(found)
    }

    /// The canonical wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            ResponseType::Step => "step",
            ResponseType::Action => "action",
            ResponseType::Exit => "exit",
            ResponseType::Modal => "modal",
            ResponseType::NoOp => "no-op",
            ResponseType::Subflow => "subflow",
            ResponseType::Unknown(v) => v,
        }
    }
}

impl fmt::Display for ResponseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Repeated `X-DF-Response-Type` values on one response that disagree
/// (see [`ResponseType::from_header_values`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("conflicting {RESPONSE_TYPE_HEADER} values {first:?} and {other:?}")]
#[non_exhaustive]
pub struct ConflictingResponseTypes {
    /// The first value seen (trimmed).
    pub first: String,
    /// The first value that disagreed with it (trimmed).
    pub other: String,
}

impl ConflictingResponseTypes {
    /// The values as HTTP would combine them (`"step, exit"`).
    pub fn combined(&self) -> String {
        format!("{}, {}", self.first, self.other)
    }
}
