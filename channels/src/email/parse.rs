//! Reading a raw RFC 5322 message with `mail-parser`: who sent it, the threading headers, the
//! headers that tell automated mail apart, and the body as text (the plain part, else the HTML
//! part converted with quotes marked), with charsets and encoded words decoded.

use super::html::html_to_text;
use super::loops::AutomationHeaders;
use super::strip::{new_text, SenderHints};
use frontdoor_core::types::EmailAddress;
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

/// An inbound email, read once at the edge.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedEmail {
    /// The sender's address (`From:`), parsed.
    pub from: EmailAddress,
    /// The sender's display name, if any (used to recognise their signature; never logged).
    pub from_name: Option<String>,
    /// `Subject:` (decoded).
    pub subject: Option<String>,
    /// `Message-ID:` without angle brackets.
    pub message_id: Option<String>,
    /// `In-Reply-To:` ids without angle brackets.
    pub in_reply_to: Vec<String>,
    /// `References:` ids without angle brackets, oldest first.
    pub references: Vec<String>,
    /// The whole body as text, before stripping.
    pub body: String,
    /// What the person newly wrote (quotes and signature removed).
    pub text: String,
    /// Attachments (not read; the reply says so).
    pub attachments: usize,
    /// The headers loop and bulk detection reads.
    pub automation: AutomationHeaders,
}

/// Why a raw message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailParseError {
    /// Not a MIME message at all.
    #[error("not an email message")]
    NotAMessage,
    /// No usable `From:` address (the value is not echoed: it may be personal data).
    #[error("From: is missing or not an email address")]
    NoSender,
}

/// Reads a raw message.
pub fn parse_email(raw: &[u8]) -> Result<ParsedEmail, EmailParseError> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(EmailParseError::NotAMessage)?;
    if message.headers().is_empty() {
        return Err(EmailParseError::NotAMessage);
    }
    let sender = message.from().and_then(|a| a.first());
    let from_raw = sender.and_then(|a| a.address()).ok_or(EmailParseError::NoSender)?;
    let from = EmailAddress::parse(from_raw).map_err(|_| EmailParseError::NoSender)?;
    let from_name = sender
        .and_then(|a| a.name())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let body = body_text(&message);
    let text = new_text(
        &body,
        SenderHints {
            name: from_name.as_deref(),
            address: Some(from.as_str()),
        },
    );
    let automation = AutomationHeaders {
        auto_submitted: header_text(&message, "Auto-Submitted"),
        precedence: header_text(&message, "Precedence"),
        x_autoreply: header_text(&message, "X-Autoreply")
            .or_else(|| header_text(&message, "X-Autorespond"))
            .or_else(|| header_text(&message, "X-Auto-Response-Suppress").filter(|v| v.contains("All"))),
        list_id: header_text(&message, "List-Id").or_else(|| header_text(&message, "List-Unsubscribe")),
        return_path: message.return_path().as_text().map(str::to_owned).or_else(|| {
            message.header_raw("Return-Path").map(|raw| {
                raw.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .trim()
                    .to_owned()
            })
        }),
        from: from.as_str().to_owned(),
        content_type: message
            .content_type()
            .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_ascii_lowercase()),
        subject: message.subject().map(str::to_owned),
    };
    Ok(ParsedEmail {
        from,
        from_name,
        subject: message.subject().map(str::to_owned),
        message_id: message.message_id().map(strip_brackets),
        in_reply_to: id_list(message.in_reply_to()),
        references: id_list(message.references()),
        body,
        text,
        attachments: message.attachment_count(),
        automation,
    })
}

/// The body as text: the first plain part, else the first HTML part converted.
pub fn body_text(message: &mail_parser::Message<'_>) -> String {
    let has_plain = message
        .text_body
        .first()
        .and_then(|&id| message.part(id))
        .is_some_and(|part| part.is_text() && !part.is_text_html());
    if has_plain {
        if let Some(text) = message.body_text(0) {
            return text.into_owned();
        }
    }
    if let Some(html) = message.body_html(0) {
        return html_to_text(&html);
    }
    message.body_text(0).map(|t| t.into_owned()).unwrap_or_default()
}

/// The new text of a raw message or of a plain-text body (what `frontdoor email strip` prints).
/// A file that does not parse as a message with headers is taken as a body.
pub fn strip_file(contents: &[u8]) -> String {
    if looks_like_message(contents) {
        if let Ok(parsed) = parse_email(contents) {
            return parsed.text;
        }
        if let Some(message) = MessageParser::default().parse(contents) {
            return new_text(&body_text(&message), SenderHints::default());
        }
    }
    let text = String::from_utf8_lossy(contents);
    if text.trim_start().starts_with('<') && text.to_ascii_lowercase().contains("</") {
        return new_text(&html_to_text(&text), SenderHints::default());
    }
    new_text(&text, SenderHints::default())
}

/// True when the first line is a header field (`Name: value`): a raw message, not a body.
fn looks_like_message(contents: &[u8]) -> bool {
    let first = contents.split(|&b| b == b'\n').next().unwrap_or_default();
    let Some(colon) = first.iter().position(|&b| b == b':') else {
        return false;
    };
    let name = &first[..colon];
    let is_field_name = !name.is_empty() && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-');
    let known = [
        "from",
        "to",
        "subject",
        "date",
        "message-id",
        "received",
        "return-path",
        "mime-version",
        "delivered-to",
        "content-type",
        "x-",
        "dkim-signature",
        "reply-to",
        "in-reply-to",
        "references",
        "sender",
        "arc-",
        "authentication-results",
    ];
    let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
    is_field_name
        && known
            .iter()
            .any(|k| lower == *k || (k.ends_with('-') && lower.starts_with(k)))
}

fn header_text(message: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    match message.header(name)? {
        HeaderValue::Text(t) => Some(t.trim().to_owned()),
        HeaderValue::TextList(list) => Some(list.join(", ")),
        _ => message.header_raw(name).map(|raw| raw.trim().to_owned()),
    }
}

fn strip_brackets(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

fn id_list(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => t.split_whitespace().map(strip_brackets).collect(),
        HeaderValue::TextList(list) => list.iter().map(|t| strip_brackets(t)).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|id| !id.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_charsets_and_threading_headers_are_decoded() {
        let raw = "From: =?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.org>\r\n\
                   To: help@211.example\r\n\
                   Subject: =?ISO-8859-1?Q?Re=3A_Aide_alimentaire_=E0_Montr=E9al?=\r\n\
                   Message-ID: <m2@mail.example.org>\r\n\
                   In-Reply-To: <r1@211.example>\r\n\
                   References: <m1@mail.example.org> <r1@211.example>\r\n\
                   Content-Type: text/plain; charset=iso-8859-1\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                   J'ai besoin d'aide =E0 Montr=E9al.\r\n\r\n\
                   Le lun. 3 mars 2025 =E0 10:00, Ligne 211 <help@211.example> a =E9crit :\r\n\
                   > Bonjour\r\n";
        let email = parse_email(raw.as_bytes()).unwrap();
        assert_eq!(email.from.as_str(), "jose@example.org");
        assert_eq!(email.from_name.as_deref(), Some("José Pérez"));
        assert_eq!(email.subject.as_deref(), Some("Re: Aide alimentaire à Montréal"));
        assert_eq!(email.message_id.as_deref(), Some("m2@mail.example.org"));
        assert_eq!(email.in_reply_to, vec!["r1@211.example"]);
        assert_eq!(email.references, vec!["m1@mail.example.org", "r1@211.example"]);
        assert_eq!(email.text, "J'ai besoin d'aide à Montréal.");
    }

    #[test]
    fn html_only_mail_is_read_with_its_quotes_marked() {
        let raw = "From: a@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
                   <div>I need a shelter tonight</div><div>On Mon, 3 Mar 2025, Team &lt;t@example.org&gt; wrote:\
                   <blockquote>How can we help?</blockquote></div>";
        assert_eq!(parse_email(raw.as_bytes()).unwrap().text, "I need a shelter tonight");
    }

    #[test]
    fn a_message_without_a_sender_is_refused() {
        assert_eq!(parse_email(b"Subject: hi\r\n\r\nbody"), Err(EmailParseError::NoSender));
        assert_eq!(strip_file(b"Just a body\n\n> quoted\n> more"), "Just a body");
    }
}
