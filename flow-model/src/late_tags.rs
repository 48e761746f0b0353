//! A quick structural scan of a JSON text for objects whose tag member
//! (`"type"`) is not their first: where each such object's first member
//! name starts, and the tag's value.
//!
//! [`parse_slice`](crate::parse_slice) runs it when a document turns out to
//! send its tags late (keys sorted, say), so that the typed read can choose
//! each object's variant at its first member instead of buffering the
//! members before the tag and reading them twice, once per level of nesting.
//!
//! The scan only finds; it never decides what a document means. An object
//! it cannot read plainly (a member name with an escape, which could spell
//! the tag, or a tag that is not a plain string) is left out, and the typed
//! read checks every tag it was told of when it meets it, so a wrong entry
//! can only cost a second read, never a different result.

use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;

/// The objects of one text whose tag comes after their first member.
#[derive(Debug, Default)]
pub(crate) struct LateTags {
    /// The tag member's name.
    tag_name: &'static str,
    /// Per object: the byte offset of its first member name (after the
    /// opening quote) and where its tag is in `values`; sorted by offset
    /// (objects are met in the order of their first member names).
    objects: Vec<(usize, Range<usize>)>,
    /// The tag values, one after another.
    values: String,
    /// The entry of `objects` after the last one asked for: the read asks
    /// in the order of the text, so this is usually the next one asked for.
    next: Cell<usize>,
}

/// The tag of one object in a [`LateTags`] table, shared with the table.
#[derive(Debug, Clone)]
pub(crate) struct KnownTag {
    tags: Rc<LateTags>,
    value: Range<usize>,
}

impl KnownTag {
    /// The tag's value.
    pub(crate) fn as_str(&self) -> &str {
        self.tags.values.get(self.value.clone()).unwrap_or_default()
    }
}

/// Where the scan is in the tag member of an object.
#[derive(Clone, Copy, PartialEq)]
enum TagState {
    /// Not met yet.
    Unmet,
    /// Its name was read; its value comes next.
    Value,
    /// Met (the first one counts): whether its value is one to keep.
    Met(bool),
}

/// An open array or object.
struct Frame {
    object: bool,
    /// In an object: the next string is a member name.
    expect_name: bool,
    /// The object's entry in the table, made at its first member name.
    entry: Option<usize>,
    tag: TagState,
    /// A member name had an escape: the object is left out.
    escaped: bool,
}

impl LateTags {
    /// Scans `text` for objects whose `tag_name` member is not their first.
    /// Text that is not JSON gives some table; the read that follows reports
    /// what is wrong with it.
    pub(crate) fn scan(text: &str, tag_name: &'static str) -> LateTags {
        let bytes = text.as_bytes();
        let mut tags = LateTags { tag_name, ..LateTags::default() };
        let mut stack: Vec<Frame> = Vec::new();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            at += 1;
            if byte != b'"' {
                tags.structure(&mut stack, byte);
                continue;
            }
            let start = at;
            let mut escaped = false;
            let close = loop {
                let Some(found) = quote_or_backslash(bytes, at) else { break None };
                if bytes.get(found) == Some(&b'"') {
                    break Some(found);
                }
                escaped = true;
                at = found + 2; // past the escaped character
            };
            let Some(close) = close else { break };
            at = close + 1;
            tags.string(&mut stack, text, start..close, escaped);
        }
        tags.objects.retain(|(_, value)| !value.is_empty());
        tags
    }

    /// Reads one byte outside strings.
    fn structure(&mut self, stack: &mut Vec<Frame>, byte: u8) {
        match byte {
            b'{' | b'[' => {
                if let Some(parent) = stack.last_mut() {
                    parent.value_is_not_a_string();
                }
                let object = byte == b'{';
                stack.push(Frame {
                    object,
                    expect_name: object,
                    entry: None,
                    tag: TagState::Unmet,
                    escaped: false,
                });
            }
            b'}' | b']' => {
                if let Some(frame) = stack.pop() {
                    self.close(frame);
                }
            }
            b',' => {
                if let Some(frame) = stack.last_mut() {
                    frame.expect_name = frame.object;
                }
            }
            b' ' | b'\n' | b'\r' | b'\t' | b':' => {}
            _ => {
                // A number, `true`, `false` or `null`.
                if let Some(frame) = stack.last_mut() {
                    frame.value_is_not_a_string();
                }
            }
        }
    }

    /// Reads the string at `range` of `text` (quotes excluded).
    fn string(&mut self, stack: &mut [Frame], text: &str, range: std::ops::Range<usize>, escaped: bool) {
        let Some(frame) = stack.last_mut() else { return };
        if frame.object && frame.expect_name {
            frame.expect_name = false;
            frame.escaped |= escaped;
            let first = frame.entry.is_none();
            if first {
                // Empty until the object closes with a tag to keep.
                frame.entry = Some(self.objects.len());
                self.objects.push((range.start, 0..0));
            }
            let is_tag = !escaped
                && range.len() == self.tag_name.len()
                && text.as_bytes().get(range) == Some(self.tag_name.as_bytes());
            if is_tag && frame.tag == TagState::Unmet {
                // A tag sent first is found by the read itself.
                frame.tag = if first { TagState::Met(false) } else { TagState::Value };
            }
        } else if frame.tag == TagState::Value {
            let value = if escaped { None } else { text.get(range) };
            frame.tag = TagState::Met(false);
            if let (Some(value), Some(entry)) = (value.filter(|v| !v.is_empty()), frame.entry) {
                let start = self.values.len();
                self.values.push_str(value);
                if let Some((_, kept)) = self.objects.get_mut(entry) {
                    *kept = start..self.values.len();
                    frame.tag = TagState::Met(true);
                }
            }
        }
    }

    /// The tag of the object whose first member name starts at `offset`,
    /// when it is one with a late tag.
    pub(crate) fn at(self: &Rc<Self>, tag_name: &str, offset: usize) -> Option<KnownTag> {
        if tag_name != self.tag_name {
            return None;
        }
        let next = self.next.get();
        let index = match self.objects.get(next) {
            Some((at, _)) if *at == offset => next,
            _ => self.objects.binary_search_by_key(&offset, |(at, _)| *at).ok()?,
        };
        self.next.set(index + 1);
        let (_, value) = self.objects.get(index)?;
        Some(KnownTag { tags: Rc::clone(self), value: value.clone() })
    }

    fn close(&mut self, frame: Frame) {
        // Objects with no tag to keep (or an escaped member name) are left out.
        if let (false, Some(entry)) =
            (frame.object && !frame.escaped && frame.tag == TagState::Met(true), frame.entry)
        {
            if let Some((_, value)) = self.objects.get_mut(entry) {
                *value = 0..0;
            }
        }
    }
}

impl Frame {
    /// The value being read is not a plain string: if it is the tag's, the
    /// object is left to the read.
    fn value_is_not_a_string(&mut self) {
        if self.tag == TagState::Value {
            self.tag = TagState::Met(false);
        }
    }
}

/// The offset of the first `"` or `\\` at or after `from`, eight bytes at a
/// time (strings are too short for a vector search to pay for its setup).
fn quote_or_backslash(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    /// The high bit of each zero byte of `v` (exact up to the first one).
    fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(ONES) & !v & HIGHS
    }
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in chunks.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return chunk.iter().position(|&b| b == b'"' || b == b'\\').map(|at| offset + at);
            // never: chunks are 8 bytes
        };
        let v = u64::from_le_bytes(word);
        let hits = zero_bytes(v ^ QUOTES) | zero_bytes(v ^ BACKSLASHES);
        if hits != 0 {
            return Some(offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| b == b'"' || b == b'\\').map(|at| offset + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The late tags of `text`, as (first member name, tag).
    fn late(text: &str) -> Vec<(String, String)> {
        let tags = LateTags::scan(text, "type");
        tags.objects
            .iter()
            .map(|(offset, value)| {
                let rest = &text[*offset..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                (key.to_owned(), tags.values[value.clone()].to_owned())
            })
            .collect()
    }

    fn pair(key: &str, tag: &str) -> (String, String) {
        (key.to_owned(), tag.to_owned())
    }

    #[test]
    fn finds_late_tags_at_every_depth_and_skips_early_ones() {
        let text = r#"{"components": [{"text": "x, \"y\" {", "type": "paragraph"}, {"type": "divider", "a": 1}],
            "nested": {"b": [true, null, 2.5e3], "type": "box"}, "type": "section", "z": {"type": "first"}}"#;
        assert_eq!(late(text), [pair("components", "section"), pair("text", "paragraph"), pair("b", "box")]);
        // Asked out of order too.
        let tags = Rc::new(LateTags::scan(text, "type"));
        let b = text.find("\"b\"").map(|at| at + 1).unwrap_or_default();
        assert_eq!(tags.at("type", b).as_ref().map(KnownTag::as_str), Some("box"));
        let tags = Rc::new(LateTags::scan(text, "type"));
        assert_eq!(tags.at("type", 2).as_ref().map(KnownTag::as_str), Some("section"));
        assert!(tags.at("kind", 2).is_none());
        assert!(tags.at("type", 3).is_none());
    }

    #[test]
    fn leaves_out_what_it_cannot_read_plainly() {
        // An escaped member name could spell the tag; an escaped, non-string or repeated tag.
        let text = r#"[{"a": 1, "typ\u0065": "x", "type": "y"}, {"a": 1, "type": "x\"y"},
            {"a": 1, "type": 5}, {"a": 1, "type": {"type": "inner"}}, {"a": 1, "type": ["q"]},
            {"a": 1, "type": "first", "type": "second"}, {"a": "type", "b": "type"}, {"type": "early", "b": 1}]"#;
        assert_eq!(late(text), [pair("a", "first")]);
    }

    #[test]
    fn the_first_quote_or_backslash_is_found_at_every_alignment() {
        for len in 0..40 {
            for at in 0..len {
                for mark in [b'"', b'\\'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = mark;
                    // Bytes that differ from the marks by one bit, and a later mark, must not confuse it.
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                    if at > 0 {
                        bytes[at - 1] = b'#';
                    }
                    for from in 0..=at {
                        assert_eq!(quote_or_backslash(&bytes, from), Some(at), "{len} {at} {from}");
                    }
                }
            }
            assert_eq!(quote_or_backslash(&vec![0x7f; len], 0), None);
            assert_eq!(quote_or_backslash("é\u{80}ü".as_bytes(), 0), None);
        }
        assert_eq!(quote_or_backslash(b"abc", 7), None);
    }

    #[test]
    fn text_that_is_not_json_gives_some_table_without_panicking() {
        for text in [
            "",
            "{",
            "}",
            "]]]",
            r#"{"a": "unterminated"#,
            r#"{"a": 1, "type"#,
            r#"{"a":1,"type":"x"#,
            "\"\\",
        ] {
            let _ = LateTags::scan(text, "type");
        }
        assert_eq!(late(r#"{"a": 1, "type": "x"}}}"#), [pair("a", "x")]);
    }
}
