//! Reply stripping: only what the person newly wrote, without the quoted history, the reply
//! header that introduces it, their signature or their phone's footer.
//!
//! Two stages, because the reference parsers disagree on the second:
//! - [`strip_quotes`] removes quoted lines (`>`), reply headers ("On ... wrote:" in many
//!   languages, "-----Original Message-----", Outlook's `From:`/`Sent:` blocks) and everything
//!   below a header that is followed by unquoted history. Text written *between* or *below*
//!   quotes (inline and bottom-posted replies) is kept.
//! - [`strip_signature`] then cuts a trailing signature: a `-- ` delimiter or separator line, a
//!   short `-Name` line, a mobile footer ("Sent from my iPhone", "Envoyé de mon iPhone"...), or a
//!   last short paragraph that names the sender.
//!
//! [`new_text`] runs both. Every pattern is a rule about how mail clients write, never about a
//! particular message; each scan is linear in the number of lines, so hostile input cannot make
//! it slow.

use regex::Regex;
use std::sync::LazyLock;

/// What is known about who wrote the message, to recognise their signature.
#[derive(Debug, Clone, Copy, Default)]
pub struct SenderHints<'a> {
    /// The display name from `From:` ("Jo Doe").
    pub name: Option<&'a str>,
    /// The address from `From:`.
    pub address: Option<&'a str>,
}

/// What the person newly wrote: [`strip_quotes`] then [`strip_signature`].
pub fn new_text(body: &str, sender: SenderHints<'_>) -> String {
    strip_signature(&strip_quotes(body), sender)
}

/// How a line reads, for [`strip_quotes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Empty,
    Quote,
    /// A reply header, possibly over several lines.
    Splitter,
    /// "---------- Forwarded message ----------" and its kin.
    Forward,
    Text,
}

/// Verbs that end a reply header ("... wrote:"), in the languages mail clients are localized to.
static WROTE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:(?:^|[\s,>"'»)\]])(?:wrote|writes|sent|a\s+écrit|a\s+ecrit|écrit|escribió|escribio|escreveu|schrieb|schreef|geschreven|ha\s+scritto|scrisse|napisał|napisała|napisal|napisala|skrev|đã\s+viết|написал(?:\(а\)|а)?|написав|пише|kirjoitti|írta|yazdı|έγραψε|a\s+scris|napsal|napsala|pisze|escrigué|va\s+escriure|menulis|rašė|rakstīja|kirjutas)(?:\s*\(a\))?|写道|寫道|書きました|작성)\s*[:：]?\s*[-–—]*\s*$"#,
    )
    .expect("valid regex")
});

/// Words that open a reply header ("On", "Le", "El", "Am", "Op", "W dniu", "Den", "På", "Vào"...).
static HEADER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s>*\-–—]*(?:on|le|el|am|em|il|op|w\s+dniu|dnia|den|på|vào|dne|в|во|у|στις|pe|na|la|dana|pada|tanggal|kl)\b")
        .expect("valid regex")
});

/// A reply header whose verb comes before the name (Dutch "Op ... schreef X <x@y>:", Danish
/// "Den ... kl. 10.00 skrev X <x@y>:").
static VERB_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s>*\-–—]*(?:on|op|am|le|el|em|il|den|på|w\s+dniu|dnia|dne|kl)\b.*\d.*\b(?:schreef|schrieb|wrote|escribió|escreveu|skrev|napisał|kirjoitti|написал|a\s+écrit|ha\s+scritto)\b.*[:：]\s*$",
    )
    .expect("valid regex")
});

/// "2011/4/7 Name <x@y>", "26.06.2014, 14:41, "Name" <x@y>:", "Thu, 26 Jun 2014 14:00 от Name <x@y>:".
static DATE_AND_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}).*[<(\[]?[^\s<>()]+@[^\s<>()]+[>)\]]?\s*[:：]?\s*$")
        .expect("valid regex")
});

/// "-----Original Message-----" and its translations.
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s>]*[-_=*]*\s*(?:original\s+message|reply\s+message|ursprüngliche\s+nachricht|antwort\s+nachricht|oprindelig\s+meddelelse|message\s+d['’]origine|mensaje\s+original|mensagem\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|originalmeddelande|opprinnelig\s+melding|alkuperäinen\s+viesti|wiadomość\s+oryginalna|oryginalna\s+wiadomość|исходное\s+сообщение|původní\s+zpráva|eredeti\s+üzenet|orijinal\s+mesaj|原始邮件|原始郵件|元のメッセージ|원본\s*메시지)\s*[-_=*]*\s*$",
    )
    .expect("valid regex")
});

/// "---------- Forwarded message ----------", "Begin forwarded message:" and translations.
static FORWARDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s>]*[-_=*]*\s*(?:forwarded\s+message|begin\s+forwarded\s+message|message\s+transféré|weitergeleitete\s+nachricht|mensaje\s+reenviado|mensagem\s+encaminhada|messaggio\s+inoltrato|doorgestuurd\s+bericht|пересылаемое\s+сообщение|转发的邮件)\s*[:：]?\s*[-_=*]*\s*$",
    )
    .expect("valid regex")
});

/// Labels of the sender line in a pasted header block (Outlook and webmail, many languages).
const FROM_LABELS: &str = r"from|de|von|van|da|od|från|fra|frá|lähettäjä|feladó|от|від|gönderen|kimden|από|发件人|寄件人|寄件者|差出人|보낸\s*사람|pengirim|dari|người\s+gửi|odesílatel|afzender|remitente|mittente|expéditeur|absender";

/// Labels of the other lines of such a block.
const OTHER_LABELS: &str = r"sent|date|to|subject|cc|bcc|reply-to|on\s+behalf\s+of|envoyé|à|a|objet|copie\s+à|gesendet|datum|an|betreff|enviado|enviada|fecha|para|asunto|inviato|data|oggetto|verzonden|aan|onderwerp|wysłane|wysłano|do|temat|skickat|till|ämne|sendt|til|emne|отправлено|дата|кому|тема|发送时间|收件人|主题|日期|時間|件名|宛先|送信日時|lähetetty|vastaanottaja|aihe|elküldve|címzett|tárgy|tarih|konu|alıcı|gönderildi|στάλθηκε|προς|θέμα|odesláno|komu|předmět";

static FROM_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^\s*[*_]*\s*(?:{FROM_LABELS})\s*[*_]*\s*[:：]")).expect("valid regex"));

static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*[*_]*\s*(?:{FROM_LABELS}|{OTHER_LABELS})\s*[*_]*\s*[:：]"
    ))
    .expect("valid regex")
});

static DATE_LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*[*_]*\s*(?:sent|date|envoyé|gesendet|datum|enviado|enviada|fecha|inviato|data|verzonden|wysłane|wysłano|skickat|sendt|отправлено|дата|发送时间|日期|送信日時|lähetetty|elküldve|tarih|gönderildi|στάλθηκε|odesláno)\s*[*_]*\s*[:：]").expect("valid regex")
});

/// A line of separator characters (Outlook's underscores, `-----`, `=====`).
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-_=*─—]{3,}\s*$").expect("valid regex"));

/// Any "Label : value" line (a header in a client's own language above a recognised block).
static ANY_LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\p{L}][\p{L} ]{0,20}\s?[:：]\s*\S").expect("valid regex"));

/// "reply bla--- On Wed, ... wrote:": a header glued to the end of the person's own line.
static GLUED_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?[\p{L}\p{N}][^\s-]*)\s*-{2,}\s*(On\s.*)$").expect("valid regex"));

const MAX_HEADER_LINES: usize = 6;

/// Removes quoted history and reply headers, keeping text written above, between and below quotes.
pub fn strip_quotes(body: &str) -> String {
    let normalized = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines = unglue_headers(&normalized);
    let marks = mark_lines(&lines);
    let kept = keep_new_lines(&lines, &marks);
    tidy(&kept)
}

/// Splits a line whose end is a reply header ("text--- On ... wrote:") in two.
fn unglue_headers(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        match GLUED_HEADER.captures(line) {
            Some(c) if is_single_line_header(&c[2]) => {
                lines.push(c[1].to_owned());
                lines.push(c[2].to_owned());
            }
            _ => lines.push(line.to_owned()),
        }
    }
    lines
}

fn is_quote(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

fn has_digit_or_at(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit() || c == '@')
}

/// A reply header that fits on one line.
fn is_single_line_header(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.len() > 300 || trimmed.is_empty() {
        return false;
    }
    if ORIGINAL_MESSAGE.is_match(trimmed) {
        return true;
    }
    if WROTE_END.is_match(trimmed) {
        let dashed = trimmed.starts_with("--");
        return dashed || has_digit_or_at(trimmed);
    }
    VERB_INSIDE.is_match(trimmed) || is_date_address_header(trimmed)
}

fn is_date_address_header(line: &str) -> bool {
    let t = line.trim_end();
    DATE_AND_ADDRESS.is_match(t) && (t.ends_with(':') || t.ends_with('：') || t.ends_with('>'))
}

/// How many lines the reply header starting at `i` spans, if one does.
fn header_at(lines: &[String], i: usize) -> Option<usize> {
    if is_single_line_header(&lines[i]) {
        return Some(1);
    }
    let first = lines[i].trim();
    if first.is_empty() || is_quote(first) {
        return None;
    }
    let opens = HEADER_START.is_match(first) || DATE_AND_ADDRESS_START.is_match(first);
    if !opens {
        return None;
    }
    let mut joined = first.to_owned();
    for (k, line) in lines.iter().enumerate().skip(i + 1).take(MAX_HEADER_LINES - 1) {
        joined.push(' ');
        joined.push_str(line.trim());
        if joined.len() > 300 {
            return None;
        }
        if is_single_line_header(&joined) {
            // "... <x@y.org>" can already read as a header; a "> wrote:" below completes it.
            let completes = lines.get(k + 1).is_some_and(|next| WROTE_END.is_match(next.trim()));
            return Some(k - i + 1 + usize::from(completes));
        }
    }
    None
}

/// A line that starts like a Gmail header in ISO-date locales ("2014-10-17 11:28 GMT+03:00 Name <").
static DATE_AND_ADDRESS_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b").expect("valid regex"));

/// How many lines the pasted header block (From:/Sent:/To:/Subject:) starting at `i` spans.
fn header_block_at(lines: &[String], i: usize) -> Option<usize> {
    if !HEADER_LINE.is_match(&lines[i]) {
        return None;
    }
    let mut headers = 0;
    let mut has_from = false;
    let mut has_date = false;
    let mut end = i;
    let mut gap = 0;
    for (k, line) in lines.iter().enumerate().skip(i).take(10) {
        if HEADER_LINE.is_match(line) {
            headers += 1;
            has_from |= FROM_LINE.is_match(line);
            has_date |= DATE_LABEL_LINE.is_match(line);
            end = k;
            gap = 0;
        } else if line.trim().is_empty() || gap >= 2 {
            break;
        } else {
            gap += 1;
        }
    }
    let block = headers >= 2 && (has_from || has_date);
    block.then_some(end - i + 1)
}

fn mark_lines(lines: &[String]) -> Vec<Mark> {
    let mut marks = vec![Mark::Text; lines.len()];
    let mut seen_text = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.trim().is_empty() {
            marks[i] = Mark::Empty;
        } else if is_quote(line) {
            marks[i] = Mark::Quote;
        } else if FORWARDED.is_match(line) {
            marks[i] = Mark::Forward;
        } else if let Some(span) = header_at(lines, i) {
            marks[i..i + span].fill(Mark::Splitter);
            i += span;
            continue;
        } else if let Some(span) = header_block_at(lines, i) {
            // A header block at the very top is a pasted or forwarded header, not history.
            if seen_text {
                marks[i..i + span].fill(Mark::Splitter);
                extend_block_upward(lines, &mut marks, i);
            }
            seen_text = true;
            i += span;
            continue;
        } else {
            seen_text = true;
        }
        i += 1;
    }
    marks
}

/// Outlook puts a rule (`____`, `-----`) and sometimes a localized "Message du : ..." line above
/// its header block: they belong to the history too.
fn extend_block_upward(lines: &[String], marks: &mut [Mark], start: usize) {
    let mut j = start;
    let mut took_label = false;
    while j > 0 {
        let above = &lines[j - 1];
        let is_rule = SEPARATOR.is_match(above);
        let is_label = !took_label && marks[j - 1] == Mark::Text && ANY_LABEL_LINE.is_match(above);
        if marks[j - 1] == Mark::Empty || is_rule || is_label || marks[j - 1] == Mark::Splitter {
            if is_rule || is_label {
                marks[j - 1] = Mark::Splitter;
            }
            took_label |= is_label;
            j -= 1;
        } else {
            break;
        }
    }
}

/// Applies the marks: quotes and headers go; a header followed by unquoted text starts history
/// that runs to the end; text between or below quotes stays.
fn keep_new_lines<'a>(lines: &'a [String], marks: &[Mark]) -> Vec<&'a str> {
    let first_marker = marks
        .iter()
        .position(|m| matches!(m, Mark::Splitter | Mark::Forward | Mark::Quote));
    if let Some(f) = first_marker {
        if marks[f] == Mark::Forward {
            // A forwarded message is what the person wants read.
            return lines.iter().map(String::as_str).collect();
        }
    }
    let has_splitter = marks.contains(&Mark::Splitter);
    let quote_lines = marks.iter().filter(|m| **m == Mark::Quote).count();
    let quotes_are_history = has_splitter || quote_lines >= 2;
    let mut kept = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match marks[i] {
            Mark::Splitter => {
                let next = (i..lines.len()).find(|&k| !matches!(marks[k], Mark::Splitter | Mark::Empty));
                match next {
                    Some(k) if marks[k] == Mark::Quote => i = k,
                    _ => break, // unquoted history (or nothing) below the header
                }
                continue;
            }
            Mark::Quote if quotes_are_history => {}
            Mark::Text if is_wrapped_quote_line(lines, marks, i) => {}
            _ => kept.push(lines[i].as_str()),
        }
        i += 1;
    }
    kept
}

/// A quoted line whose long link wrapped onto an unquoted line ("> View (http://x/a\n_b=1)\n>").
fn is_wrapped_quote_line(lines: &[String], marks: &[Mark], i: usize) -> bool {
    let between_quotes = i > 0 && marks[i - 1] == Mark::Quote && marks.get(i + 1) == Some(&Mark::Quote);
    between_quotes && !lines[i].trim().contains(char::is_whitespace)
}

/// Joins lines, dropping blank lines at the start and trailing whitespace at the end.
fn tidy(lines: &[&str]) -> String {
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    lines[start..].join("\n").trim_end().to_owned()
}

/// A mobile client's footer line.
static MOBILE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:sent\s+from\s+my\s+[\w.\-]+(?:\s+[\w.\-]+){0,3}|sent\s+from\s+(?:mail|yahoo\s+mail|outlook|samsung|windows\s+mail|my\s+\w+)\b[^,]*|sent\s+(?:via|with)\s+\S[^,]*|get\s+outlook\s+for\s+\S+|envoyé\s+(?:de|depuis)\s+mon\s+[^,]+|enviado\s+desde\s+mi\s+[^,]+|enviado\s+d[eo]\s+meu\s+[^,]+|von\s+meinem\s+[^,]+\s+gesendet|gesendet\s+von\s+meinem\s+[^,]+|inviato\s+da(?:l)?\s+(?:mio\s+)?[^,]+|verzonden\s+(?:met|vanaf)\s+(?:mijn\s+)?[^,]+|wysłane\s+z\s+[^,]+|отправлено\s+с\s+[^,]+|skickat\s+från\s+min\s+[^,]+|sendt\s+fra\s+min\s+[^,]+|从我的.+发送|發自我的.+|iphoneから送信)\s*$",
    )
    .expect("valid regex")
});

/// A signature delimiter: `-- `, or a line of dashes or underscores.
static SIG_DELIMITER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:--\s*|[-_=]{2,}\s*|—\s*)$").expect("valid regex"));

/// "-- Name" or "-Name" closing a message (not a dash list: see [`is_dash_list_item`]).
static DASH_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*-{1,2}\s?\p{Lu}[\p{L}.'\-]*(?:\s+[\p{L}.'\-]+){0,3}\s*$").expect("valid regex"));

/// Closing words a signature paragraph may follow ("Thanks," / "Regards,").
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:thanks|thank\s+you|many\s+thanks|regards|best(?:\s+regards|\s+wishes)?|kind\s+regards|cheers|sincerely|yours|merci|cordialement|gracias|saludos|atentamente|danke|grüße|gruß|mit\s+freundlichen\s+grüßen|obrigad[oa]|grazie|saluti|groeten|pozdrawiam|спасибо|с\s+уважением)\b[\s\p{P}]*$").expect("valid regex")
});

/// Lines within which a footer or `-Name` line may start a signature.
const SIGNATURE_WINDOW: usize = 15;
/// Longest paragraph taken as a signature block naming the sender.
const SIGNATURE_BLOCK_LINES: usize = 6;

/// Cuts a trailing signature or mobile footer, never the whole text.
pub fn strip_signature(text: &str, sender: SenderHints<'_>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let non_empty_after = |i: usize| lines[i + 1..].iter().filter(|l| !l.trim().is_empty()).count();
    let mut cut: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let near_end = non_empty_after(i) <= SIGNATURE_WINDOW;
        let starts_signature = line.trim_end() == "--"
            || line.trim_end() == "-- "
            || (near_end && SIG_DELIMITER.is_match(line))
            || (near_end && MOBILE_FOOTER.is_match(line) && line.chars().count() <= 60)
            || (near_end && DASH_NAME.is_match(line) && !is_dash_list_item(&lines, i));
        if starts_signature && has_text_above(&lines, i) {
            cut = Some(i);
            break;
        }
    }
    if let Some(block) = sender_block(&lines, sender) {
        cut = Some(cut.map_or(block, |c| c.min(block)));
    }
    let kept = cut.map_or(&lines[..], |c| &lines[..c]);
    tidy(kept)
}

fn has_text_above(lines: &[&str], i: usize) -> bool {
    lines[..i].iter().any(|l| !l.trim().is_empty())
}

/// A `-x` line next to other `-x` lines is a list, not a signature.
fn is_dash_list_item(lines: &[&str], i: usize) -> bool {
    let dashed = |l: &&str| l.trim_start().starts_with('-');
    let prev = i.checked_sub(1).and_then(|p| lines.get(p)).is_some_and(dashed);
    let next = lines.get(i + 1).is_some_and(dashed);
    prev || next
}

/// The start of a last short paragraph that names the sender (and a "Thanks," line just above).
fn sender_block(lines: &[&str], sender: SenderHints<'_>) -> Option<usize> {
    let end = lines.iter().rposition(|l| !l.trim().is_empty())?;
    let mut start = end;
    while start > 0 && !lines[start - 1].trim().is_empty() {
        start -= 1;
    }
    let block = &lines[start..=end];
    let short = block.len() <= SIGNATURE_BLOCK_LINES && block.iter().all(|l| l.chars().count() <= 72);
    if !short || !block.iter().any(|l| names_sender(l, sender)) {
        return None;
    }
    // A block naming the sender that opens with a closing word is a whole signature; otherwise
    // look for a lone "Thanks," paragraph just above it.
    let mut cut = start;
    if start >= 2 && lines[start - 1].trim().is_empty() && CLOSING.is_match(lines[start - 2]) {
        cut = start - 2;
    }
    has_text_above(lines, cut).then_some(cut)
}

fn names_sender(line: &str, sender: SenderHints<'_>) -> bool {
    let line = line.to_lowercase();
    let name = sender.name.map(str::trim).filter(|n| n.chars().count() >= 2);
    let address = sender.address.map(str::trim).filter(|a| a.contains('@'));
    name.is_some_and(|n| line.contains(&n.to_lowercase())) || address.is_some_and(|a| line.contains(&a.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> SenderHints<'static> {
        SenderHints::default()
    }

    #[test]
    fn reply_headers_in_many_languages_end_the_new_text() {
        let headers = [
            "On Mon, 3 Mar 2025 at 10:00, Ana <ana@example.org> wrote:",
            "Le lun. 3 mars 2025 à 10:00, Ana <ana@example.org> a écrit :",
            "El lun, 3 mar 2025 a las 10:00, Ana (<ana@example.org>) escribió:",
            "Am Mo., 3. März 2025 um 10:00 Uhr schrieb Ana <ana@example.org>:",
            "Em seg., 3 de mar. de 2025 às 10:00, Ana <ana@example.org> escreveu:",
            "Il giorno lun 3 mar 2025 alle ore 10:00 Ana <ana@example.org> ha scritto:",
            "Op ma 3 mrt 2025 om 10:00 schreef Ana <ana@example.org>:",
            "W dniu 3.03.2025 o 10:00 Ana <ana@example.org> napisał:",
            "пн, 3 мар. 2025 г. в 10:00, Ana <ana@example.org>:",
            "3 марта 2025 г., в 10:00, Ana <ana@example.org> написал(а):",
            "2025年3月3日(月) 10:00 Ana <ana@example.org>:",
            "Dnia 3.03.2025 o 10:00 Ana <ana@example.org> napisał(a):",
            "Den 3. mar. 2025 kl. 10.00 skrev Ana <ana@example.org>:",
            "tir. 3. mar. 2025 kl. 10:00 skrev Ana <ana@example.org>:",
            "ma 3. maalisk. 2025 klo 10.00 Ana (ana@example.org) kirjoitti:",
            "Ana <ana@example.org> 于2025年3月3日周一 10:00写道：",
            "2025년 3월 3일 (월) 오전 10:00, Ana <ana@example.org>님이 작성:",
            "Ana <ana@example.org>, 3 Mar 2025 Pzt, 10:00 tarihinde şunu yazdı:",
            "On Monday, March 3, 2025, 10:00:00 AM EST, Ana <ana@example.org> wrote:",
            "On 3 Mar 2025, at 10:00, Ana <ana@example.org> wrote:",
            "-----Original Message-----",
            "-----Message d'origine-----",
        ];
        for header in headers {
            let body = format!("I need a food bank near me.\n\n{header}\n\n> How can we help?\n> The team");
            assert_eq!(strip_quotes(&body), "I need a food bank near me.", "header: {header}");
        }
    }

    #[test]
    fn outlook_blocks_are_history_even_without_quote_marks() {
        let body = "Thank you\n\n________________________________\nDe : Ligne 211 <aide@example.org>\n\
                    Envoyé : lundi 3 mars 2025 10:00\nÀ : Ana\nObjet : Votre demande\n\nBonjour Ana";
        assert_eq!(strip_quotes(body), "Thank you");
    }

    #[test]
    fn text_between_and_below_quotes_is_kept() {
        let body = "On Mon, 3 Mar 2025, Team <t@example.org> wrote:\n> Where are you?\n\nIn Hamilton.\n\n> Do you have children?\n\nTwo.";
        assert_eq!(strip_quotes(body), "In Hamilton.\n\n\nTwo.");
    }

    #[test]
    fn ordinary_sentences_are_not_headers() {
        for body in [
            "On Monday I lost my job.\nCan you help?",
            "Something wrote:\nnothing",
            "I sent: three emails",
            "> one line that starts with a quote mark\nand more text",
        ] {
            assert_eq!(strip_quotes(body), body.trim_end());
        }
    }

    #[test]
    fn signatures_and_footers_are_cut_but_lists_are_not() {
        assert_eq!(
            strip_signature("Help with rent\n\nSent from my iPhone", none()),
            "Help with rent"
        );
        assert_eq!(
            strip_signature("Help with rent\n-- \nAna Lima\n416-555-0100", none()),
            "Help with rent"
        );
        let list = "I need:\n-Food\n-Shelter";
        assert_eq!(strip_signature(list, none()), list);
        let sender = SenderHints {
            name: Some("Ana Lima"),
            address: None,
        };
        assert_eq!(
            strip_signature("Help with rent please\n\nThanks,\n\nAna Lima\nHamilton", sender),
            "Help with rent please"
        );
        assert_eq!(strip_signature("Sent from my iPhone", none()), "Sent from my iPhone");
    }

    #[test]
    fn long_hostile_input_stays_linear() {
        let body = "On ".repeat(20_000) + "\n" + &"> x\n".repeat(50_000);
        let started = std::time::Instant::now();
        let _ = new_text(&body, none());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
