//! Reading the `X-DF-Response-Type` header once, the same way for polling
//! (§4.3) and for requests that move the flow (§5): the name is matched
//! case-insensitively, each value trimmed and compared case-insensitively,
//! a blank value counts as absent, and repeated values must agree.

use flow_model::{ResponseType, RESPONSE_TYPE_HEADER};
use http::HeaderMap;

/// Repeated `X-DF-Response-Type` values that disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConflictingValues {
    /// The first value seen (trimmed).
    pub(crate) first: String,
    /// The first value that disagreed with it (trimmed).
    pub(crate) other: String,
}

impl ConflictingValues {
    /// The values as HTTP would combine them (`"step, exit"`).
    pub(crate) fn combined(&self) -> String {
        format!("{}, {}", self.first, self.other)
    }
}

impl std::fmt::Display for ConflictingValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "conflicting {RESPONSE_TYPE_HEADER} values {:?} and {:?}", self.first, self.other)
    }
}

/// The header's value: `None` when absent or blank; identical repeats count
/// once; repeats that disagree are an error.
pub(crate) fn response_type(headers: &HeaderMap) -> Result<Option<ResponseType>, ConflictingValues> {
    let mut found: Option<ResponseType> = None;
    for value in headers.get_all(RESPONSE_TYPE_HEADER) {
        if value.as_bytes().iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let kind = ResponseType::parse_bytes(value.as_bytes());
        match &found {
            Some(previous) if *previous != kind => {
                return Err(ConflictingValues {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-df-response-type", v.parse().unwrap());
        }
        map
    }

    #[test]
    fn blank_is_absent_repeats_that_agree_count_once_and_disagreeing_ones_conflict() {
        assert_eq!(response_type(&headers(&[])), Ok(None));
        assert_eq!(response_type(&headers(&["  "])), Ok(None));
        assert_eq!(response_type(&headers(&[" Step ", "step"])), Ok(Some(ResponseType::Step)));
        let conflict = response_type(&headers(&["step", "EXIT"])).unwrap_err();
        assert_eq!(conflict.combined(), "step, exit");
    }
}
