//! Where each value of a JSON document starts: a JSON Pointer → line and
//! column index over text that is already known to be valid JSON, so that
//! a problem found in the parsed value can name its place in the file.

use std::collections::HashMap;

use crate::Pointer;

/// 1-based line and column (in characters) of every value in a document,
/// by JSON Pointer.
#[derive(Debug, Default)]
pub(crate) struct Positions {
    at: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Indexes `text`. Text that is not valid JSON indexes as far as it can.
    pub(crate) fn of(text: &str) -> Self {
        let mut scanner =
            Scanner { chars: text.char_indices().peekable(), line: 1, column: 1, found: HashMap::new() };
        scanner.value(&Pointer::root(), 0);
        Positions { at: scanner.found }
    }

    /// The place of the value at `path`, or of its nearest ancestor that has
    /// one (a member removed or never sent is shown at its parent).
    pub(crate) fn find(&self, path: &Pointer) -> (usize, usize) {
        let mut current = path.as_str();
        loop {
            if let Some(place) = self.at.get(current) {
                return *place;
            }
            match current.rfind('/') {
                Some(i) => current = &current[..i],
                None => return (1, 1),
            }
        }
    }
}

/// serde_json's own nesting limit: deeper text is not indexed further.
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    line: usize,
    column: usize,
    found: HashMap<String, (usize, usize)>,
}

impl Scanner<'_> {
    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.bump();
        }
    }

    /// Reads one value, recording where it starts under `path`.
    fn value(&mut self, path: &Pointer, depth: usize) -> Option<()> {
        self.skip_space();
        self.found.insert(path.as_str().to_owned(), (self.line, self.column));
        match self.peek()? {
            '{' if depth < MAX_DEPTH => {
                self.bump();
                loop {
                    self.skip_space();
                    match self.peek()? {
                        '}' => {
                            self.bump();
                            return Some(());
                        }
                        ',' => {
                            self.bump();
                        }
                        '"' => {
                            let key = self.string()?;
                            self.skip_space();
                            if self.bump()? != ':' {
                                return None;
                            }
                            self.value(&path.key(&key), depth + 1)?;
                        }
                        _ => return None,
                    }
                }
            }
            '[' if depth < MAX_DEPTH => {
                self.bump();
                let mut index = 0;
                loop {
                    self.skip_space();
                    match self.peek()? {
                        ']' => {
                            self.bump();
                            return Some(());
                        }
                        ',' => {
                            self.bump();
                        }
                        _ => {
                            self.value(&path.index(index), depth + 1)?;
                            index += 1;
                        }
                    }
                }
            }
            '"' => self.string().map(|_| ()),
            _ => {
                while self.peek().is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_ascii_whitespace()) {
                    self.bump();
                }
                Some(())
            }
        }
    }

    /// Reads a string (the opening quote is next), returning its text.
    fn string(&mut self) -> Option<String> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(out),
                '\\' => match self.bump()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        let unit = u32::from_str_radix(&hex, 16).ok()?;
                        out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_line_and_column() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c/d\": null,\n  \"é\": \"\\u00e9\"\n}";
        let p = Positions::of(text);
        assert_eq!(p.find(&Pointer::root()), (1, 1));
        assert_eq!(p.find(&Pointer::root().key("a")), (2, 8));
        assert_eq!(p.find(&Pointer::root().key("a").index(1).key("b")), (2, 18));
        assert_eq!(p.find(&Pointer::root().key("c/d")), (3, 10));
        assert_eq!(p.find(&Pointer::root().key("é")), (4, 8));
        // Not in the document: its nearest ancestor.
        assert_eq!(p.find(&Pointer::root().key("a").index(1).key("zz")), (2, 12));
    }

    #[test]
    fn broken_text_indexes_what_it_can() {
        let p = Positions::of("{\"a\": [1, ");
        assert_eq!(p.find(&Pointer::root().key("a")), (1, 7));
    }
}
