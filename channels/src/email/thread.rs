//! Threading: which earlier messages an email answers (`In-Reply-To`, `References`), and the
//! headers a reply needs so Gmail and Outlook show it in the same thread (`Message-ID`,
//! `In-Reply-To`, `References`, a `Re:` subject).

use super::ParsedEmail;

/// Most `References` ids carried on a reply; the first (the thread's root) is always kept.
pub const MAX_REFERENCES: usize = 20;

/// Prefixes clients put before a reply's subject ("Re:", "RE:", "Aw:", "Sv:", "Réf."...).
const REPLY_PREFIXES: &[&str] = &[
    "re:", "aw:", "sv:", "vs:", "antw:", "odp:", "ref:", "réf:", "rif:", "res:", "r:",
];

/// The ids an inbound message points back to, most specific first: `In-Reply-To`, then
/// `References` newest to oldest. The server looks them up to find the conversation.
pub fn thread_keys(email: &ParsedEmail) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for id in email.in_reply_to.iter().chain(email.references.iter().rev()) {
        if !keys.contains(id) {
            keys.push(id.clone());
        }
    }
    keys
}

/// The subject of a reply: the person's subject with one `Re: ` in front (never `Re: Re:`), or
/// `fallback` when they gave none.
pub fn reply_subject(subject: Option<&str>, fallback: &str) -> String {
    let subject = subject.map(str::trim).filter(|s| !s.is_empty());
    let Some(subject) = subject else {
        return format!("Re: {fallback}");
    };
    let lower = subject.to_lowercase();
    if REPLY_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    }
}

/// The `References` of a reply to `parent`: the parent's references then its own id, without
/// repeats, at most [`MAX_REFERENCES`] (the root and the most recent ones).
pub fn reply_references(parent_references: &[String], parent_id: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in parent_references.iter().map(String::as_str).chain([parent_id]) {
        if !id.is_empty() && !ids.iter().any(|x| x == id) {
            ids.push(id.to_owned());
        }
    }
    if ids.len() > MAX_REFERENCES {
        let tail = ids.split_off(ids.len() - (MAX_REFERENCES - 1));
        ids.truncate(1);
        ids.extend(tail);
    }
    ids
}

/// The `Message-ID` (without brackets) of an outbound reply: derived from the outbox message id,
/// so a retried send carries the same id and the person's client shows it once.
pub fn outbound_message_id(outbox_message_id: &str, domain: &str) -> String {
    format!("{outbox_message_id}@{domain}")
}

/// Wraps an id in angle brackets for a header.
pub fn bracketed(id: &str) -> String {
    format!("<{id}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_get_one_re() {
        assert_eq!(reply_subject(Some("Help with rent"), "211"), "Re: Help with rent");
        assert_eq!(reply_subject(Some("RE: Help"), "211"), "RE: Help");
        assert_eq!(reply_subject(Some("Réf: Aide"), "211"), "Réf: Aide");
        assert_eq!(
            reply_subject(Some("   "), "Your message to 211"),
            "Re: Your message to 211"
        );
        assert_eq!(reply_subject(None, "Your message to 211"), "Re: Your message to 211");
        assert_eq!(reply_subject(Some("Reading glasses"), "211"), "Re: Reading glasses");
    }

    #[test]
    fn references_keep_the_root_and_the_latest() {
        assert_eq!(reply_references(&[], "a@x"), vec!["a@x"]);
        assert_eq!(
            reply_references(&["r@x".into(), "a@x".into()], "a@x"),
            vec!["r@x", "a@x"],
            "no repeats"
        );
        let long: Vec<String> = (0..30).map(|i| format!("m{i}@x")).collect();
        let refs = reply_references(&long, "last@x");
        assert_eq!(refs.len(), MAX_REFERENCES);
        assert_eq!(refs[0], "m0@x");
        assert_eq!(refs.last().unwrap(), "last@x");
    }

    #[test]
    fn thread_keys_prefer_in_reply_to() {
        let raw = b"From: a@example.org\r\nIn-Reply-To: <b@x>\r\nReferences: <r@x> <b@x>\r\n\r\nhi";
        let email = super::super::parse_email(raw).unwrap();
        assert_eq!(thread_keys(&email), vec!["b@x", "r@x"]);
        assert_eq!(outbound_message_id("0f0e", "help.example.org"), "0f0e@help.example.org");
        assert_eq!(bracketed("a@b"), "<a@b>");
    }
}
