//! HTML bodies to plain text for reply stripping: block elements become line breaks, text inside
//! `<blockquote>` is prefixed with `>` per level (Gmail, Thunderbird, Apple Mail and Yahoo quote
//! that way; their "On ... wrote:" line stays outside it, readable as a reply header), `<hr>`
//! becomes a separator line, and `<head>`, `<style>`, `<script>` and comments disappear. It is
//! deliberately small: good enough to find what a person wrote above the quoted history, not a
//! renderer.

/// Elements whose start and end break the line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "tr",
    "li",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "address",
    "dd",
    "dt",
    "dl",
];

/// Elements whose content is never text.
const SKIPPED_TAGS: &[&str] = &["head", "style", "script", "title", "xml", "template"];

/// The separator an `<hr>` becomes: a line the reply stripper reads like Outlook's.
pub const HR_LINE: &str = "________________________________";

struct Writer {
    out: String,
    line: String,
    quote_depth: usize,
    line_depth: usize,
}

impl Writer {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                if self.line.is_empty() {
                    self.line_depth = self.quote_depth;
                }
                self.line.push(c);
            }
        }
    }

    fn break_line(&mut self) {
        let depth = if self.line.is_empty() {
            self.quote_depth
        } else {
            self.line_depth
        };
        let text = self.line.trim();
        for _ in 0..depth {
            self.out.push('>');
        }
        if depth > 0 && !text.is_empty() {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.line.clear();
    }

    /// A line break from a block boundary: empty lines are kept only for `<br>` and `<p>`, so
    /// nested `<div>`s do not pile up blank lines.
    fn block_boundary(&mut self) {
        if !self.line.trim().is_empty() {
            self.break_line();
        } else {
            self.line.clear();
        }
    }
}

/// The visible text of an HTML body, with quoted parts marked by `>`.
pub fn html_to_text(html: &str) -> String {
    let mut w = Writer {
        out: String::new(),
        line: String::new(),
        quote_depth: 0,
        line_depth: 0,
    };
    // Open `blockquote`s, and the skipped element being passed over.
    let mut quote_stack: Vec<(String, bool)> = Vec::new();
    let mut skip_until: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                w.push_text(&decode_entities(rest));
            }
            break;
        };
        if lt > 0 && skip_until.is_none() {
            w.push_text(&decode_entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let Some(end) = tag_end(rest) else {
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(skipped) = &skip_until {
            if closing && &name == skipped {
                skip_until = None;
            }
            continue;
        }
        if !closing && SKIPPED_TAGS.contains(&name.as_str()) && !tag.ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        if name == "hr" {
            w.block_boundary();
            w.line.push_str(HR_LINE);
            w.line_depth = w.quote_depth;
            w.break_line();
            continue;
        }
        if name == "br" || (name == "p" && closing) {
            w.break_line();
            continue;
        }
        let quoting = name == "blockquote";
        if BLOCK_TAGS.contains(&name.as_str()) {
            w.block_boundary();
        }
        if closing {
            if let Some(pos) = quote_stack.iter().rposition(|(n, _)| n == &name) {
                let (_, was_quote) = quote_stack.remove(pos);
                if was_quote {
                    w.quote_depth = w.quote_depth.saturating_sub(1);
                }
            }
        } else if quoting && !tag.ends_with('/') {
            quote_stack.push((name, true));
            w.quote_depth += 1;
        }
    }
    w.block_boundary();
    w.out
}

/// Where the tag starting at `s[0] == '<'` ends, skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Decodes the character references that occur in mail: named basics and numeric ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_entity(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "copy" => '©',
        _ => return None,
    })
}

/// Escapes text for inclusion in HTML (outbound replies).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blockquotes_are_marked_and_blocks_break_lines() {
        let text = html_to_text(
            "<html><head><style>p{x:1}</style></head><body><div>Hi &amp; bye</div><div>On Mon, Bob \
             &lt;b@x.org&gt; wrote:<blockquote><div>old</div><blockquote>older</blockquote></blockquote></div>\
             <!-- note --></body></html>",
        );
        assert_eq!(text, "Hi & bye\nOn Mon, Bob <b@x.org> wrote:\n> old\n>> older\n");
    }

    #[test]
    fn hr_becomes_a_separator_and_whitespace_collapses() {
        let text = html_to_text("<p>a\n  b</p><hr><b>From:</b> x");
        assert_eq!(text, format!("a b\n{HR_LINE}\nFrom: x\n"));
    }

    #[test]
    fn escaping_covers_markup_characters() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
