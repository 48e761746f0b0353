//! JSON Pointer (RFC 6901) paths, used to say where a problem is.

use std::fmt;

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON Pointer built segment by segment (`/polling/maxAttempts`).
///
/// ```
/// use flow_model::Pointer;
/// let p = Pointer::root().key("layout").index(2).key("a/b");
/// assert_eq!(p.to_string(), "/layout/2/a~1b");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document (`""`).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// This pointer followed by an object member.
    pub fn key(&self, key: &str) -> Self {
        Pointer(format!("{}/{}", self.0, escape(key)))
    }

    /// This pointer followed by an array index.
    pub fn index(&self, index: usize) -> Self {
        Pointer(format!("{}/{index}", self.0))
    }

    /// This pointer followed by already-escaped segments (`components/0`).
    pub fn raw(&self, segments: &str) -> Self {
        Pointer(format!("{}/{segments}", self.0))
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&serde_path_to_error::Path> for Pointer {
    fn from(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        let mut pointer = Pointer::root();
        for segment in path.iter() {
            pointer = match segment {
                Segment::Seq { index } => pointer.index(*index),
                Segment::Map { key } => pointer.key(key),
                Segment::Enum { .. } | Segment::Unknown => pointer,
            };
        }
        pointer
    }
}
