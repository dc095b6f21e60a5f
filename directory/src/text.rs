//! Text clean-up shared by the importers, the gazetteer and the keyword-free matching code.

/// Cleans a text field as exports write it: literal `\n` sequences become line breaks, export
/// markers such as `###MON###` are removed, every line loses its surrounding spaces, and an
/// empty result is `None`.
pub fn clean(raw: &str) -> Option<String> {
    let unescaped;
    let text = if raw.contains('\\') {
        unescaped = raw
            .replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\t", " ")
            .replace("\\r", "\n");
        unescaped.as_str()
    } else {
        raw
    };
    let unmarked;
    let text = if text.contains("###") {
        unmarked = strip_markers(text);
        unmarked.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = 0;
    }
    (!out.is_empty()).then_some(out)
}

/// Removes `###WORD###` markers (upper-case letters, digits, `_`) that some exports leave in text.
fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("###") {
        let after = &rest[start + 3..];
        let word = after
            .bytes()
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        if word > 0 && after[word..].starts_with("###") {
            out.push_str(&rest[..start]);
            rest = &after[word + 3..];
        } else {
            out.push_str(&rest[..start + 3]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A text collapsed onto one line (line breaks become spaces), for embedding and display.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max_chars` characters, at a word boundary when one is near.
pub fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        None => text,
        Some((cut, _)) => {
            let head = &text[..cut];
            match head.rfind(char::is_whitespace) {
                Some(space) if space > cut / 2 => head[..space].trim_end(),
                _ => head,
            }
        }
    }
}

/// Lower case without accents, punctuation as spaces, single spaces: the key for matching
/// place names and language names typed any way ("Orléans", "ORLEANS", "orleans").
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        let folded = fold_char(c);
        match folded {
            Some(s) => {
                out.push_str(s);
                space = false;
            }
            None if c.is_alphanumeric() => {
                out.extend(c.to_lowercase());
                space = false;
            }
            // Apostrophes and periods join ("St. John's" -> "st johns"); other marks separate.
            None if matches!(c, '\'' | '’' | '.') => {}
            None => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

fn fold_char(c: char) -> Option<&'static str> {
    let s = match c {
        'A'..='Z' => return Some(ASCII_LOWER[(c as u8 - b'A') as usize]),
        'a'..='z' | '0'..='9' => return Some(ASCII_SELF[ascii_index(c)]),
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'Ā' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'Ē' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => return None,
    };
    Some(s)
}

const ASCII_LOWER: [&str; 26] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w",
    "x", "y", "z",
];
const ASCII_SELF: [&str; 36] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w",
    "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
];

fn ascii_index(c: char) -> usize {
    match c {
        'a'..='z' => (c as u8 - b'a') as usize,
        _ => 26 + (c as u8 - b'0') as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_turns_literal_newlines_into_breaks_and_trims() {
        assert_eq!(
            clean("  Crime victims \\n\\nAdults  ").as_deref(),
            Some("Crime victims\n\nAdults")
        );
        assert_eq!(clean("FL "), Some("FL".to_owned()));
        assert_eq!(clean("   "), None);
        assert_eq!(
            clean("Girls build courage.\\n\\n###MON###\\n###COL###").as_deref(),
            Some("Girls build courage.")
        );
        assert_eq!(clean("Call ### now").as_deref(), Some("Call ### now"));
    }

    #[test]
    fn fold_removes_accents_case_and_punctuation() {
        assert_eq!(fold("Orléans"), "orleans");
        assert_eq!(fold("Sault-Sainte-Marie"), "sault sainte marie");
        assert_eq!(fold("St. Catharines"), "st catharines");
        assert_eq!(fold("  Grand   Sudbury! "), "grand sudbury");
        assert_eq!(fold("St. John's"), "st johns");
    }

    #[test]
    fn truncate_prefers_word_boundaries() {
        assert_eq!(truncate_chars("food bank downtown", 12), "food bank");
        assert_eq!(truncate_chars("short", 12), "short");
        assert_eq!(truncate_chars("éééé", 2), "éé");
    }
}
