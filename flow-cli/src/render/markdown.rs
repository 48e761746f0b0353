//! Markdown → terminal text: headings, emphasis, lists, links (with their
//! URL), code, block quotes; styled when colours are on, plain otherwise.

use console::style;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Renders `markdown` as lines of terminal text.
pub(crate) fn render(markdown: &str) -> String {
    let mut out = String::new();
    let mut list_depth: Vec<Option<u64>> = Vec::new();
    let mut link_targets: Vec<String> = Vec::new();
    let mut emphasis = 0usize;
    let mut strong = 0usize;
    let mut heading = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = true;
                if level <= HeadingLevel::H2 && !out.is_empty() {
                    out.push('\n');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                heading = false;
                out.push('\n');
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => out.push('\n'),
            Event::Start(Tag::List(start)) => list_depth.push(start),
            Event::End(TagEnd::List(_)) => {
                list_depth.pop();
            }
            Event::Start(Tag::Item) => {
                let indent = "  ".repeat(list_depth.len().saturating_sub(1));
                let bullet = match list_depth.last_mut() {
                    Some(Some(n)) => {
                        let b = format!("{n}.");
                        *n += 1;
                        b
                    }
                    _ => "•".to_owned(),
                };
                out.push_str(&format!("{indent}{bullet} "));
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link_targets.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link_targets.pop() {
                    out.push_str(&format!(" <{}>", style(url).underlined()));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => out.push_str("│ "),
            Event::Text(text) => {
                let mut styled = style(text.to_string());
                if heading || strong > 0 {
                    styled = styled.bold();
                }
                if emphasis > 0 {
                    styled = styled.italic();
                }
                out.push_str(&styled.to_string());
            }
            Event::Code(code) => out.push_str(&style(format!("`{code}`")).cyan().to_string()),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak | Event::Rule => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_lists_links_and_emphasis_as_plain_text_without_colours() {
        console::set_colors_enabled(false);
        let text = render(
            "# Title\n\nPay **now** or *later*, see [terms](https://x.test/t).\n\n- one\n- two\n\n1. a\n2. b",
        );
        assert_eq!(text, "Title\nPay now or later, see terms <https://x.test/t>.\n• one\n• two\n1. a\n2. b");
    }
}
