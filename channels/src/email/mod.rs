//! Email: raw MIME in, threaded replies out.
//!
//! - Parsing: [`parse_email`] reads a raw RFC 5322 message with `mail-parser` (plain or HTML
//!   body, charsets, encoded words, threading headers) into a [`ParsedEmail`] whose `text` is only
//!   what the person newly wrote ([`strip`]: quotes, reply headers in many languages, Outlook
//!   blocks, signatures, mobile footers).
//! - Loops: [`loops::classify`] says when a message is an auto-reply, a bounce or bulk mail,
//!   which are never answered.
//! - Mailbox: [`imap::watch`] reads unseen mail over IMAP (IDLE where offered) and flags it
//!   handled once stored.
//! - Webhook: [`EmailWebhook`] checks the HMAC-SHA256 of a raw-MIME `POST` before reading it.
//! - Outbound: [`SmtpSender`] sends multipart text + HTML replies over SMTP (STARTTLS or
//!   implicit TLS), threaded on the message it answers.
//! - Threading: [`thread`] reads the ids a message answers and builds a reply's `In-Reply-To`,
//!   `References` and `Re:` subject.
//!
//! What this module does not do: store anything, decide which conversation a message belongs to
//! (the server does, from the ids [`ParsedEmail`] carries), or log message content.
//!
//! ```
//! use frontdoor_channels::email::parse_email;
//! let raw = b"From: Ana <ana@example.org>\r\nSubject: Re: your question\r\n\r\n\
//!             Near Hamilton.\r\n\r\nOn Mon, 3 Mar 2025 at 10:00, 211 <help@211.example> wrote:\r\n> Where are you?\r\n";
//! let email = parse_email(raw).unwrap();
//! assert_eq!(email.text, "Near Hamilton.");
//! assert_eq!(email.from.as_str(), "ana@example.org");
//! ```

pub mod html;
pub mod imap;
pub mod loops;
mod parse;
pub mod sender;
pub mod strip;
pub mod thread;
pub mod webhook;

pub use loops::{classify, Automated, AutomationHeaders};
pub use parse::{body_text, parse_email, strip_file, EmailParseError, ParsedEmail};
pub use sender::{ReplyContext, ReplyThreads, SmtpSender, SmtpSettings, SmtpTls};
pub use strip::{new_text, strip_quotes, strip_signature, SenderHints};
pub use webhook::{read_message, sign, EmailInbound, EmailWebhook, SIGNATURE_HEADER};
