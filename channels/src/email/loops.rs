//! Mail that must never be answered: auto-replies (RFC 3834 `Auto-Submitted`, `X-Autoreply`,
//! out-of-office subjects), bounces (mailer-daemon, null return path, delivery reports) and bulk
//! or list mail (`Precedence: bulk/junk/list`, `List-Id`). Answering any of them risks a mail
//! loop with another robot or spamming a list. Pure functions over the headers.

/// The headers the decision reads, copied out of the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutomationHeaders {
    /// `Auto-Submitted:` (RFC 3834).
    pub auto_submitted: Option<String>,
    /// `Precedence:`.
    pub precedence: Option<String>,
    /// `X-Autoreply:` / `X-Autorespond:` / Exchange's `X-Auto-Response-Suppress: All`.
    pub x_autoreply: Option<String>,
    /// `List-Id:` or `List-Unsubscribe:`.
    pub list_id: Option<String>,
    /// `Return-Path:` without brackets; empty for the null path `<>`.
    pub return_path: Option<String>,
    /// The sender's address.
    pub from: String,
    /// `type/subtype` of the message.
    pub content_type: Option<String>,
    /// `Subject:`.
    pub subject: Option<String>,
}

/// Why a message is not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Automated {
    /// An automatic reply (out of office, vacation, autoresponder).
    AutoReply,
    /// A delivery failure report or a message from a mail system.
    Bounce,
    /// Bulk or mailing-list mail.
    Bulk,
}

impl Automated {
    /// A stable name for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AutoReply => "auto_reply",
            Self::Bounce => "bounce",
            Self::Bulk => "bulk",
        }
    }
}

/// Local parts that only robots send from.
const ROBOT_LOCAL_PARTS: &[&str] = &[
    "mailer-daemon",
    "postmaster",
    "noreply",
    "no-reply",
    "do-not-reply",
    "donotreply",
];

/// Subject openings of automatic replies in the languages Ontario's helplines see most.
const AUTO_REPLY_SUBJECTS: &[&str] = &[
    "auto:",
    "automatic reply",
    "autoreply",
    "auto-reply",
    "out of office",
    "out of the office",
    "away from the office",
    "réponse automatique",
    "absence du bureau",
    "respuesta automática",
    "fuera de la oficina",
    "automatische antwort",
    "abwesenheitsnotiz",
    "resposta automática",
    "risposta automatica",
    "automatisch antwoord",
    "odpowiedź automatyczna",
    "автоматический ответ",
];

/// Subject openings of bounces.
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliverable",
    "undelivered mail",
    "delivery status notification",
    "mail delivery failed",
    "mail delivery failure",
    "returned mail",
    "failure notice",
    "non remis",
    "unzustellbar",
];

/// Whether (and why) a message is automated and must not be answered.
pub fn classify(headers: &AutomationHeaders) -> Option<Automated> {
    let lower = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_ascii_lowercase());
    let return_path = lower(&headers.return_path);
    if return_path.as_deref().is_some_and(|p| p.is_empty() || p == "<>") {
        return Some(Automated::Bounce);
    }
    let local_part = headers.from.split('@').next().unwrap_or_default().to_ascii_lowercase();
    if ROBOT_LOCAL_PARTS.contains(&local_part.as_str()) {
        return Some(Automated::Bounce);
    }
    if lower(&headers.content_type).is_some_and(|ct| ct == "multipart/report") {
        return Some(Automated::Bounce);
    }
    if lower(&headers.auto_submitted).is_some_and(|v| !v.is_empty() && !v.starts_with("no")) {
        return Some(Automated::AutoReply);
    }
    if headers.x_autoreply.as_deref().is_some_and(|v| !v.trim().is_empty()) {
        return Some(Automated::AutoReply);
    }
    if lower(&headers.precedence).is_some_and(|p| matches!(p.as_str(), "bulk" | "junk" | "list" | "auto_reply")) {
        return Some(if lower(&headers.precedence).as_deref() == Some("auto_reply") {
            Automated::AutoReply
        } else {
            Automated::Bulk
        });
    }
    if headers.list_id.as_deref().is_some_and(|v| !v.trim().is_empty()) {
        return Some(Automated::Bulk);
    }
    let subject = lower(&headers.subject).unwrap_or_default();
    if BOUNCE_SUBJECTS.iter().any(|s| subject.starts_with(s)) {
        return Some(Automated::Bounce);
    }
    if AUTO_REPLY_SUBJECTS.iter().any(|s| subject.starts_with(s)) {
        return Some(Automated::AutoReply);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> AutomationHeaders {
        AutomationHeaders {
            from: "ana@example.org".into(),
            return_path: Some("ana@example.org".into()),
            subject: Some("I need help with rent".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_person_writing_is_answered() {
        assert_eq!(classify(&person()), None);
        let explicit_no = AutomationHeaders {
            auto_submitted: Some("no".into()),
            ..person()
        };
        assert_eq!(classify(&explicit_no), None, "Auto-Submitted: no is a person");
    }

    #[test]
    fn auto_replies_are_not_answered() {
        for h in [
            AutomationHeaders {
                auto_submitted: Some("auto-replied".into()),
                ..person()
            },
            AutomationHeaders {
                auto_submitted: Some("auto-generated".into()),
                ..person()
            },
            AutomationHeaders {
                x_autoreply: Some("yes".into()),
                ..person()
            },
            AutomationHeaders {
                subject: Some("Réponse automatique : Votre demande".into()),
                ..person()
            },
            AutomationHeaders {
                subject: Some("Out of Office: back Monday".into()),
                ..person()
            },
        ] {
            assert_eq!(classify(&h), Some(Automated::AutoReply), "{h:?}");
        }
    }

    #[test]
    fn bounces_and_bulk_are_not_answered() {
        let null_path = AutomationHeaders {
            return_path: Some(String::new()),
            ..person()
        };
        assert_eq!(classify(&null_path), Some(Automated::Bounce));
        let daemon = AutomationHeaders {
            from: "MAILER-DAEMON@mx.example.org".into(),
            ..person()
        };
        assert_eq!(classify(&daemon), Some(Automated::Bounce));
        let report = AutomationHeaders {
            content_type: Some("multipart/report".into()),
            ..person()
        };
        assert_eq!(classify(&report), Some(Automated::Bounce));
        for p in ["bulk", "junk", "list", "Bulk"] {
            let bulk = AutomationHeaders {
                precedence: Some(p.into()),
                ..person()
            };
            assert_eq!(classify(&bulk), Some(Automated::Bulk), "{p}");
        }
        let list = AutomationHeaders {
            list_id: Some("<news.example.org>".into()),
            ..person()
        };
        assert_eq!(classify(&list), Some(Automated::Bulk));
    }
}
