//! [`Pattern`]: the one way a `pattern` of a string schema or a
//! `linkHandlers[].regexPattern` is compiled and matched. Both are
//! ECMA-262 regular expressions (the JSON Schema and Dynamic Flow rule), so
//! they are compiled with `regress`, the engine the `jsonschema` crate
//! uses: look-ahead, look-behind and back-references work as in a browser.

use std::fmt;

use thiserror::Error;

/// A compiled ECMA-262 regular expression; a match is found anywhere in the
/// text unless the pattern anchors itself (`^…$`), as in JSON Schema.
///
/// ```
/// use flow_model::Pattern;
/// let strong = Pattern::new(r"^(?=.*\d).{8,}$")?;
/// assert!(strong.is_match("abcdefg1"));
/// assert!(!strong.is_match("abcdefgh"));
/// assert!(Pattern::new("^(open$").is_err());
/// # Ok::<(), flow_model::PatternError>(())
/// ```
#[derive(Clone)]
pub struct Pattern {
    source: String,
    regex: regress::Regex,
}

impl Pattern {
    /// Compiles `source` (no flags: neither `u`, `i` nor `m`).
    pub fn new(source: &str) -> Result<Self, PatternError> {
        regress::Regex::new(source)
            .map(|regex| Pattern { source: source.to_owned(), regex })
            .map_err(|e| PatternError { message: e.to_string() })
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.find(text).is_some()
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// Why a pattern does not compile as ECMA-262.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct PatternError {
    /// The engine's message.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecma_features_rust_regex_lacks() {
        let lookahead = Pattern::new(r"^(?=.*\d).{8,}$").unwrap();
        assert!(lookahead.is_match("password1") && !lookahead.is_match("password"));
        let lookbehind = Pattern::new(r"(?<=\$)\d+").unwrap();
        assert!(lookbehind.is_match("$42") && !lookbehind.is_match("42"));
        let backref = Pattern::new(r"^(\w)\1$").unwrap();
        assert!(backref.is_match("aa") && !backref.is_match("ab"));
        let negative = Pattern::new(r"^(?!0+$)\d{6}$").unwrap();
        assert!(negative.is_match("123456") && !negative.is_match("000000"));
    }

    #[test]
    fn unanchored_patterns_match_anywhere() {
        let p = Pattern::new(r"\d").unwrap();
        assert!(p.is_match("ab3") && !p.is_match("abc"));
        // Identity escapes common in real documents compile without the `u` flag.
        assert!(Pattern::new(r"^https:\/\/[a-z\-]+$").unwrap().is_match("https://a-b"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        for bad in ["^(open$", "[z-a]", "a{2,1}", "(?<n>a)(?<n>b)"] {
            assert!(Pattern::new(bad).is_err(), "{bad}");
        }
    }
}
