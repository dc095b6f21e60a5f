//! Sending replies over SMTP with `lettre`: multipart text + HTML (the HTML is the same text,
//! escaped, paragraphs kept), threaded with `In-Reply-To`, `References` and a `Re:` subject, and
//! marked `Auto-Submitted: auto-replied` (RFC 3834) so other robots do not answer it.
//!
//! The outbox item says who the reply is for, not what it answers: the sender asks its
//! [`ReplyThreads`] (the server's threading records) for the message being answered and tells it
//! the Message-ID it sent. The Message-ID is derived from the outbox message id, so a retried send
//! carries the same id.

use super::html::escape;
use super::thread::{bracketed, outbound_message_id, reply_references, reply_subject};
use async_trait::async_trait;
use frontdoor_core::ports::{OutboundSender, OutboxItem, SendError};
use frontdoor_core::types::ChannelKind;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (submission port 587); refused if not offered.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Implicit,
    /// No encryption: only for a relay on loopback or a test server.
    None,
}

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// Server host name (also the name its certificate must carry).
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Transport security.
    pub tls: SmtpTls,
    /// User name and password, when the server wants them.
    pub credentials: Option<(String, String)>,
    /// The helpline's address replies come from (`Name <address>` or a bare address).
    pub from: String,
    /// Domain of generated Message-IDs (default: the `from` address's domain).
    pub message_id_domain: Option<String>,
    /// Subject when the person gave none (localizable).
    pub default_subject: String,
    /// Added once to a reply whose message carried attachments.
    pub attachments_note: String,
    /// Give up on one attempt after this long (the outbox retries).
    pub timeout: Duration,
}

/// What a reply answers: the person's last message in the conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyContext {
    /// Its Message-ID (without brackets).
    pub message_id: Option<String>,
    /// Its References.
    pub references: Vec<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// It had attachments, which Frontdoor does not read.
    pub had_attachments: bool,
}

/// The threading records the sender reads and writes.
#[async_trait]
pub trait ReplyThreads: Send + Sync {
    /// What this outbox entry answers.
    async fn context_for(&self, item: &OutboxItem) -> ReplyContext;
    /// Records a sent reply's Message-ID (and what it answered) under its conversation.
    async fn sent(&self, item: &OutboxItem, message_id: &str, subject: &str, references: &[String]);
}

/// Sends email replies over SMTP.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
    settings: SmtpSettings,
    threads: Arc<dyn ReplyThreads>,
}

impl SmtpSender {
    /// A sender for these settings; refuses a `from` that is not an address.
    pub fn new(settings: SmtpSettings, threads: Arc<dyn ReplyThreads>) -> Result<Self, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|_| "email.address must be an email address".to_owned())?;
        let domain = settings
            .message_id_domain
            .clone()
            .unwrap_or_else(|| from.email.domain().to_owned());
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host).port(settings.port);
        let tls = || TlsParameters::new(settings.host.clone()).map_err(|e| format!("SMTP TLS: {e}"));
        builder = match settings.tls {
            SmtpTls::Starttls => builder.tls(Tls::Required(tls()?)),
            SmtpTls::Implicit => builder.tls(Tls::Wrapper(tls()?)),
            SmtpTls::None => builder.tls(Tls::None),
        };
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let transport = builder.timeout(Some(settings.timeout)).build();
        Ok(Self {
            transport,
            from,
            domain,
            settings,
            threads,
        })
    }

    /// The message for one outbox entry: multipart text + HTML, threaded on `context`.
    pub fn compose(
        &self,
        item: &OutboxItem,
        context: &ReplyContext,
    ) -> Result<(Message, String, String, Vec<String>), SendError> {
        let to: Mailbox = item
            .to
            .address()
            .parse()
            .map_err(|_| permanent("recipient is not an email address"))?;
        let mut text = item.draft.text.trim().to_owned();
        if text.is_empty() {
            return Err(permanent("empty reply"));
        }
        if context.had_attachments && !self.settings.attachments_note.is_empty() {
            text = format!("{text}\n\n{}", self.settings.attachments_note);
        }
        let message_id = outbound_message_id(&item.message_id.to_string(), &self.domain);
        let subject = reply_subject(context.subject.as_deref(), &self.settings.default_subject);
        let references = match &context.message_id {
            Some(parent) => reply_references(&context.references, parent),
            None => Vec::new(),
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject.clone())
            .message_id(Some(bracketed(&message_id)))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-replied".to_owned(),
            ));
        if let Some(parent) = &context.message_id {
            builder = builder.in_reply_to(bracketed(parent));
            let refs: Vec<String> = references.iter().map(|r| bracketed(r)).collect();
            builder = builder.references(refs.join(" "));
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(text.clone(), to_html(&text)))
            .map_err(|e| permanent(&format!("building the message: {e}")))?;
        Ok((message, message_id, subject, references))
    }
}

/// The reply as HTML: escaped, paragraphs on blank lines, line breaks kept.
pub fn to_html(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>\n")))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n{}\n</body></html>\n",
        paragraphs.join("\n")
    )
}

fn permanent(reason: &str) -> SendError {
    SendError::Permanent {
        reason: reason.to_owned(),
    }
}

#[async_trait]
impl OutboundSender for SmtpSender {
    fn channel(&self) -> ChannelKind {
        ChannelKind::Email
    }

    async fn send(&self, item: &OutboxItem) -> Result<Option<String>, SendError> {
        if item.to.channel() != ChannelKind::Email {
            return Err(permanent("not an email address"));
        }
        let context = self.threads.context_for(item).await;
        let (message, message_id, subject, references) = self.compose(item, &context)?;
        match self.transport.send(message).await {
            Ok(_) => {
                self.threads.sent(item, &message_id, &subject, &references).await;
                Ok(Some(message_id))
            }
            Err(e) if e.is_permanent() => {
                let code = e.status().map(|c| c.to_string()).unwrap_or_default();
                tracing::warn!(message = %item.message_id, code, "SMTP server refused a reply");
                Err(permanent(&format!("SMTP refused {code}")))
            }
            Err(e) => {
                let why = if e.is_timeout() {
                    "timeout"
                } else if e.is_transient() {
                    "transient"
                } else {
                    "connection"
                };
                Err(SendError::Retry {
                    reason: format!("SMTP {why}"),
                    retry_after: None,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontdoor_core::conversation::OutboundDraft;
    use frontdoor_core::types::{ChannelAddress, ChannelKind, ConversationId, MessageId};

    struct NoThreads;

    #[async_trait]
    impl ReplyThreads for NoThreads {
        async fn context_for(&self, _item: &OutboxItem) -> ReplyContext {
            ReplyContext::default()
        }
        async fn sent(&self, _item: &OutboxItem, _id: &str, _subject: &str, _refs: &[String]) {}
    }

    fn sender() -> SmtpSender {
        let settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port: 2525,
            tls: SmtpTls::None,
            credentials: None,
            from: "211 Help <help@211.test>".into(),
            message_id_domain: None,
            default_subject: "Your message to 211".into(),
            attachments_note: "(Attachments are not opened.)".into(),
            timeout: Duration::from_secs(5),
        };
        SmtpSender::new(settings, Arc::new(NoThreads)).unwrap()
    }

    fn item(to: &str) -> OutboxItem {
        OutboxItem {
            message_id: MessageId::new(),
            conversation_id: ConversationId::new(),
            to: ChannelAddress::parse(ChannelKind::Email, to).unwrap(),
            draft: OutboundDraft::bot("Here are food banks <near you> & more."),
            attempt: 1,
            lease_token: Default::default(),
        }
    }

    #[test]
    fn replies_thread_on_the_message_they_answer_and_mention_unread_attachments() {
        let sender = sender();
        let item = item("ana@example.org");
        let context = ReplyContext {
            message_id: Some("m2@example.org".into()),
            references: vec!["m1@example.org".into(), "r1@211.test".into()],
            subject: Some("Re: Need food".into()),
            had_attachments: true,
        };
        let (message, id, subject, refs) = sender.compose(&item, &context).unwrap();
        assert_eq!(id, format!("{}@211.test", item.message_id));
        assert_eq!(subject, "Re: Need food");
        assert_eq!(refs, vec!["m1@example.org", "r1@211.test", "m2@example.org"]);
        let raw = message.formatted();
        let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(parsed.in_reply_to().as_text(), Some("m2@example.org"));
        assert_eq!(parsed.message_id(), Some(id.as_str()));
        assert_eq!(parsed.header_raw("Auto-Submitted").map(str::trim), Some("auto-replied"));
        let text = parsed.body_text(0).unwrap();
        assert!(text.contains("<near you> & more."), "{text}");
        assert!(text.contains("Attachments are not opened"), "{text}");
        let html = parsed.body_html(0).unwrap();
        assert!(html.contains("&lt;near you&gt; &amp; more."), "{html}");

        let (first, ..) = sender.compose(&item, &ReplyContext::default()).unwrap();
        let first = mail_parser::MessageParser::default()
            .parse(&first.formatted())
            .unwrap()
            .subject()
            .map(str::to_owned);
        assert_eq!(
            first.as_deref(),
            Some("Re: Your message to 211"),
            "a reply without a subject to answer"
        );
        let mut empty = item.clone();
        empty.draft.text = "  ".into();
        assert!(matches!(
            sender.compose(&empty, &context),
            Err(SendError::Permanent { .. })
        ));
    }

    #[test]
    fn html_is_escaped_and_keeps_paragraphs() {
        let html = to_html("Food <bank> & more\nline 2\n\nNext");
        assert!(
            html.contains("<p>Food &lt;bank&gt; &amp; more<br>\nline 2</p>\n<p>Next</p>"),
            "{html}"
        );
    }
}
