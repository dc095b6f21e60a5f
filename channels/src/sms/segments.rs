//! How many SMS a text costs, and how to cut a long reply into texts that arrive whole.
//!
//! An SMS carries 140 bytes: 160 GSM-7 septets, or 70 UCS-2 code units. A text that needs more is
//! sent as concatenated segments, each losing 6 bytes to the header: 153 septets or 67 units.
//! A single character outside the GSM 03.38 alphabet (an emoji, `ê`, `ç`, any Arabic letter)
//! switches the *whole* text to UCS-2, and characters of the GSM extension table (`€ [ ] { } ~ ^
//! | \` and form feed) cost two septets. Characters beyond the Basic Multilingual Plane (most
//! emoji) are two UCS-2 units (a surrogate pair). Neither a surrogate pair nor an escaped
//! extension character is split across two segments, as phones and Twilio do.

/// How a text is encoded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmsEncoding {
    /// The GSM 03.38 default alphabet, 7 bits a character.
    Gsm7,
    /// UTF-16 code units (UCS-2 as carriers call it), 16 bits each.
    Ucs2,
}

/// What a text costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SegmentInfo {
    /// GSM-7 if every character is in the GSM alphabet, else UCS-2.
    pub encoding: SmsEncoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// SMS segments billed and delivered (0 for an empty text).
    pub segments: usize,
}

/// Twilio refuses a `Body` longer than this many characters (error 21617); counted here in
/// UTF-16 code units, so an emoji counts as two and the limit is never overshot.
pub const MAX_BODY_CHARS: usize = 1600;

/// What a politely truncated text ends with (GSM-7, so it never changes the encoding).
pub const TRUNCATION_MARK: &str = " ...";

/// The GSM 03.38 basic character set (the escape code aside).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The GSM 03.38 extension table: each is sent as escape + character, two septets.
const GSM7_EXTENSION: &str = "\u{000C}^{}\\[~]|€";

/// Septets `c` costs in GSM-7 (1, or 2 from the extension table), or `None` outside GSM-7.
pub fn gsm7_septets(c: char) -> Option<usize> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// GSM-7 when every character is in the GSM alphabet, else UCS-2.
pub fn encoding(text: &str) -> SmsEncoding {
    if text.chars().all(|c| gsm7_septets(c).is_some()) {
        SmsEncoding::Gsm7
    } else {
        SmsEncoding::Ucs2
    }
}

/// Encoding, units and segment count of `text`.
pub fn segments(text: &str) -> SegmentInfo {
    let encoding = encoding(text);
    let (single, multi) = match encoding {
        SmsEncoding::Gsm7 => (160, 153),
        SmsEncoding::Ucs2 => (70, 67),
    };
    let cost = |c: char| match encoding {
        SmsEncoding::Gsm7 => gsm7_septets(c).unwrap_or(1),
        SmsEncoding::Ucs2 => c.len_utf16(),
    };
    let units: usize = text.chars().map(cost).sum();
    let segments = if units == 0 {
        0
    } else if units <= single {
        1
    } else {
        // Greedy packing: an escaped character or a surrogate pair never straddles two segments.
        let (mut count, mut used) = (1, 0);
        for c in text.chars() {
            let n = cost(c);
            if used + n > multi {
                count += 1;
                used = 0;
            }
            used += n;
        }
        count
    };
    SegmentInfo {
        encoding,
        units,
        segments,
    }
}

/// Length as Twilio's `Body` limit counts it (UTF-16 code units).
pub fn body_chars(text: &str) -> usize {
    text.encode_utf16().count()
}

/// `text` cut to at most `max_chars` (UTF-16 units) at the last line, sentence or word boundary
/// that keeps most of it, ending with [`TRUNCATION_MARK`]; unchanged when it already fits.
pub fn truncate_politely(text: &str, max_chars: usize) -> String {
    if body_chars(text) <= max_chars {
        return text.to_owned();
    }
    let budget = max_chars.saturating_sub(body_chars(TRUNCATION_MARK));
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    let prefix = &text[..end];
    let keep_at_least = end / 2;
    let line = prefix.rfind('\n').filter(|&i| i >= keep_at_least);
    let sentence = last_sentence_end(prefix).filter(|&i| i >= keep_at_least);
    let word = prefix.rfind(char::is_whitespace).filter(|&i| i > 0);
    let cut = line.or(sentence).or(word).unwrap_or(end);
    let mut out = prefix[..cut].trim_end().to_owned();
    out.push_str(TRUNCATION_MARK);
    out
}

/// Byte offset just after the last sentence-ending punctuation of `text`.
fn last_sentence_end(text: &str) -> Option<usize> {
    text.char_indices()
        .rev()
        .map(|(i, c)| (c, i + c.len_utf8()))
        .find(|&(c, end)| is_sentence_end(c) && text[end..].chars().next().is_none_or(char::is_whitespace))
        .map(|(_, end)| end)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '؟' | '۔' | '।' | '…')
}

/// Cuts a reply into texts of at most `max_segments` segments each (at least 1), breaking at
/// line ends first, then sentence ends, then spaces, and only as a last resort inside a word.
/// The reply is first capped at [`MAX_BODY_CHARS`] with [`truncate_politely`]. Each part gets its
/// own encoding, so an emoji in one part does not make the others UCS-2.
pub fn split_for_sms(text: &str, max_segments: usize) -> Vec<String> {
    let max_segments = max_segments.max(1);
    let capped = truncate_politely(text.trim(), MAX_BODY_CHARS);
    let fits = |s: &str| body_chars(s) <= MAX_BODY_CHARS && segments(s).segments <= max_segments;
    let mut parts = Vec::new();
    pack(&capped, Boundary::Line, &fits, &mut parts);
    parts
}

/// Where a text may be broken, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Line,
    Sentence,
    Word,
    Char,
}

impl Boundary {
    fn finer(self) -> Self {
        match self {
            Self::Line => Self::Sentence,
            Self::Sentence => Self::Word,
            Self::Word | Self::Char => Self::Char,
        }
    }
}

/// Greedily joins the pieces of `text` (cut at `boundary`) into parts that fit; a piece that
/// does not fit alone is cut at the next finer boundary.
fn pack(text: &str, boundary: Boundary, fits: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    let mut current = String::new();
    for piece in pieces(text, boundary) {
        let joined = format!("{current}{piece}");
        if fits(joined.trim()) {
            current = joined;
            continue;
        }
        flush(&mut current, out);
        if fits(piece.trim()) || boundary == Boundary::Char {
            current.push_str(piece);
        } else {
            pack(piece, boundary.finer(), fits, out);
        }
    }
    flush(&mut current, out);
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let part = current.trim();
    if !part.is_empty() {
        out.push(part.to_owned());
    }
    current.clear();
}

/// `text` cut after each boundary; the pieces concatenate back to `text`.
fn pieces(text: &str, boundary: Boundary) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let cut_here = match boundary {
            Boundary::Line => c == '\n',
            Boundary::Sentence => is_sentence_end(c) && next.is_none_or(char::is_whitespace),
            Boundary::Word => c.is_whitespace() && !next.is_some_and(char::is_whitespace),
            Boundary::Char => true,
        };
        if cut_here {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_concatenate_back() {
        let text = "One. Two!  Three?\nFour five\n\nsix";
        for boundary in [Boundary::Line, Boundary::Sentence, Boundary::Word, Boundary::Char] {
            assert_eq!(pieces(text, boundary).concat(), text, "{boundary:?}");
        }
        assert_eq!(
            pieces("One. Two! Three", Boundary::Sentence),
            ["One.", " Two!", " Three"]
        );
    }
}
