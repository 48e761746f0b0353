//! [`ResponseType`]: the value of the `X-DF-Response-Type` header.

use std::fmt;

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
