//! The web chat protocol: JSON frames over a WebSocket (or POST + Server-Sent Events when a
//! network blocks sockets), session tokens, origin checks and message limits. The wire format
//! is documented in `docs/WEBCHAT.md`; the server owns the sockets and this module owns what
//! travels on them.
//!
//! A session is an opaque random id the server issues with a token that expires:
//! `<expiry in ms, hex>.<HMAC-SHA256(secret, id and expiry)>`. The widget keeps both in the tab's
//! `sessionStorage` so a reload resumes the conversation and another tab starts its own; each
//! resume gets a fresh token, so a session lives as long as it is used. Nothing about a session
//! is stored server-side beyond the conversation itself, so any server instance sharing the
//! secret can resume it.
//!
//! ```
//! use frontdoor_channels::webchat::{SessionKeys, ClientFrame};
//! use frontdoor_core::types::Timestamp;
//! let keys = SessionKeys::new(b"a secret of at least sixteen bytes");
//! let (session, token) = keys.issue(Timestamp(2_000));
//! assert!(keys.verify(&session, &token, Timestamp(1_000)));
//! assert!(!keys.verify(&session, &token, Timestamp(2_000)), "expired");
//! assert!(!keys.verify(&session, "forged", Timestamp(1_000)));
//! let frame: ClientFrame = serde_json::from_str(r#"{"type":"message","id":"c1","text":"hi"}"#).unwrap();
//! assert!(matches!(frame, ClientFrame::Message { .. }));
//! ```

use crate::Rejection;
use frontdoor_core::conversation::{Choice, Inbound};
use frontdoor_core::types::{ChannelAddress, ChannelKind, ProviderMessageId, Timestamp};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The longest message a person may send, in characters.
pub const DEFAULT_MAX_MESSAGE_CHARS: usize = 2000;

/// What the widget sends.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Opens the socket's session: a new one (no session) or a resumed one.
    Start {
        /// The session to resume.
        #[serde(default)]
        session: Option<String>,
        /// Its token.
        #[serde(default)]
        token: Option<String>,
        /// Only messages after this sequence number are replayed.
        #[serde(default)]
        after: Option<i64>,
    },
    /// Something the person wrote.
    Message {
        /// The widget's id for it, so a resend after a reconnect is not stored twice.
        id: String,
        /// The text.
        text: String,
    },
    /// The person is typing (ignored for now; navigators will see it).
    Typing,
    /// The person ends the chat and clears it from this device.
    End,
    /// Keeps the socket open through proxies.
    Ping,
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// The session this socket speaks for; the widget stores it to resume.
    Session {
        /// Session id.
        session: String,
        /// Its token.
        token: String,
    },
    /// A message of the conversation, in order (`seq`), the person's own included.
    Message {
        /// Stable id (the widget's own id for the person's messages).
        id: String,
        /// Order in the conversation.
        seq: i64,
        /// `person`, `bot` or `navigator`.
        author: String,
        /// Plain text: the widget renders it as text, never as HTML.
        text: String,
        /// Quick replies the person can pick with one click.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        choices: Vec<Choice>,
        /// The conversation's language (for right-to-left layout).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
    },
    /// The person's earlier conversation ended (resolved, closed) and their latest message
    /// started a new one: its messages count `seq` from 1 again, so `after` restarts at 0.
    NewConversation,
    /// The bot is working on a reply.
    Typing,
    /// Where a handoff to a navigator stands.
    Handoff {
        /// `queued`, `assigned`, `active` (a navigator is connected), `returned` (back to the bot),
        /// `resolved`.
        status: String,
        /// People ahead in the queue, when queued.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<usize>,
    },
    /// The chat was ended; the widget clears it.
    Ended,
    /// A request was refused; the socket stays open unless the session is invalid.
    Error {
        /// A stable code: `bad_frame`, `bad_session`, `too_long`, `empty`, `rate_limited`,
        /// `not_started`, `unavailable`.
        code: String,
        /// A human explanation (English; the widget shows its own localized text).
        message: String,
    },
    /// Answer to a ping.
    Pong,
}

impl ServerFrame {
    /// An error frame.
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        ServerFrame::Error {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Issues and verifies session tokens.
#[derive(Clone)]
pub struct SessionKeys {
    secret: Vec<u8>,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKeys(..)")
    }
}

impl SessionKeys {
    /// Keys from a server secret (shared by every instance that may resume a session).
    pub fn new(secret: &[u8]) -> Self {
        Self {
            secret: secret.to_vec(),
        }
    }

    /// The token of `session` valid until `expires`.
    pub fn sign(&self, session: &str, expires: Timestamp) -> String {
        use base64::Engine;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).expect("HMAC takes keys of any length");
        mac.update(b"frontdoor-webchat-session:");
        mac.update(session.as_bytes());
        mac.update(format!(":{}", expires.0).as_bytes());
        let mac = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{:x}.{mac}", expires.0)
    }

    /// A new random session id and its token, valid until `expires`.
    pub fn issue(&self, expires: Timestamp) -> (String, String) {
        let session = format!("w{}", uuid::Uuid::new_v4().simple());
        let token = self.sign(&session, expires);
        (session, token)
    }

    /// True when `token` was issued for `session` by a server holding this secret and has not
    /// expired at `now`.
    pub fn verify(&self, session: &str, token: &str, now: Timestamp) -> bool {
        use subtle::ConstantTimeEq;
        let Some(expires) = token
            .split_once('.')
            .filter(|(hex, _)| !hex.is_empty() && hex.len() <= 16)
            .and_then(|(hex, _)| i64::from_str_radix(hex, 16).ok())
        else {
            return false;
        };
        if !is_session_id(session) || expires <= now.0 {
            return false;
        }
        let expected = self.sign(session, Timestamp(expires));
        expected.as_bytes().ct_eq(token.as_bytes()).into()
    }
}

fn is_session_id(s: &str) -> bool {
    s.len() == 33 && s.starts_with('w') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The conversation address of a session.
pub fn address(session: &str) -> Result<ChannelAddress, Rejection> {
    if !is_session_id(session) {
        return Err(Rejection::Unauthenticated("unknown session"));
    }
    ChannelAddress::parse(ChannelKind::WebChat, session).map_err(|_| Rejection::Unauthenticated("unknown session"))
}

/// Checks a person's message and turns it into an [`Inbound`]. The widget's message id becomes
/// the provider id (scoped by session), so a message resent after a reconnect is stored once.
pub fn inbound(
    session: &str,
    client_id: &str,
    text: &str,
    max_chars: usize,
    now: Timestamp,
) -> Result<Inbound, Rejection> {
    let from = address(session)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Rejection::Malformed("empty message".into()));
    }
    if text.chars().count() > max_chars {
        return Err(Rejection::Malformed(format!(
            "message longer than {max_chars} characters"
        )));
    }
    let ok_id = !client_id.is_empty() && client_id.len() <= 64 && client_id.bytes().all(|b| b.is_ascii_graphic());
    if !ok_id {
        return Err(Rejection::Malformed(
            "message id must be 1-64 visible ASCII characters".into(),
        ));
    }
    let provider_id = ProviderMessageId::parse(&format!("webchat:{session}:{client_id}"))
        .map_err(|e| Rejection::Malformed(format!("message id: {e}")))?;
    Ok(Inbound {
        from,
        text: text.to_owned(),
        provider_id: Some(provider_id),
        received_at: now,
    })
}

/// The widget's id of a stored message: its own id for the person's messages (from the provider
/// id), the message id otherwise.
pub fn message_wire_id(provider_id: Option<&str>, message_id: &str) -> String {
    provider_id
        .and_then(|p| p.strip_prefix("webchat:"))
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, client)| client.to_owned())
        .unwrap_or_else(|| message_id.to_owned())
}

/// Whether a browser page at `origin` may open a chat. An empty allow-list admits the server's
/// own origin only (`host` is the request's `Host` header); `*` admits any page.
pub fn origin_allowed(origin: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = origin else {
        // Not a browser (curl, a native app, a test client): origin checks do not apply.
        return true;
    };
    let origin = origin.trim_end_matches('/');
    if allowed
        .iter()
        .any(|a| a == "*" || a.trim_end_matches('/').eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let Some(host) = host else { return false };
    let bare = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or("");
    bare.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_their_session_and_secret() {
        let keys = SessionKeys::new(b"0123456789abcdef");
        let (until, now) = (Timestamp(1_000_000), Timestamp(10));
        let (s1, t1) = keys.issue(until);
        let (s2, t2) = keys.issue(until);
        assert_ne!(s1, s2);
        assert!(keys.verify(&s1, &t1, now));
        assert!(!keys.verify(&s1, &t2, now), "a token must not open another session");
        assert!(!SessionKeys::new(b"another secret!!").verify(&s1, &t1, now));
        assert!(!keys.verify("w../../etc", &t1, now));
    }

    #[test]
    fn tokens_expire_and_their_expiry_cannot_be_moved() {
        let keys = SessionKeys::new(b"0123456789abcdef");
        let (s, t) = keys.issue(Timestamp(0xf000));
        assert!(keys.verify(&s, &t, Timestamp(0xefff)));
        assert!(!keys.verify(&s, &t, Timestamp(0xf000)), "expired at its time");
        let (_, mac) = t.split_once('.').unwrap();
        assert!(
            !keys.verify(&s, &format!("fffff.{mac}"), Timestamp(0xf000)),
            "a later expiry breaks the MAC"
        );
        let renewed = keys.sign(&s, Timestamp(0x1f000));
        assert!(
            keys.verify(&s, &renewed, Timestamp(0xf000)),
            "a renewed token opens the same session"
        );
        for bad in ["", ".", "f000", ".abc", "zz.abc", "-1.abc", "11111111111111111.abc"] {
            assert!(!keys.verify(&s, bad, Timestamp(1)), "{bad:?}");
        }
    }

    #[test]
    fn messages_are_checked_and_keyed_by_session() {
        let keys = SessionKeys::new(b"0123456789abcdef");
        let (s, _) = keys.issue(Timestamp(1_000));
        let m = inbound(&s, "c1", "  I need food  ", 100, Timestamp(1)).unwrap();
        assert_eq!(m.text, "I need food");
        assert_eq!(m.from.channel(), ChannelKind::WebChat);
        let pid = m.provider_id.unwrap();
        assert_eq!(message_wire_id(Some(pid.as_str()), "m-9"), "c1");
        assert_eq!(message_wire_id(None, "m-9"), "m-9");
        assert!(inbound(&s, "c1", "   ", 100, Timestamp(1)).is_err());
        assert!(inbound(&s, "c1", &"a".repeat(101), 100, Timestamp(1)).is_err());
        assert!(inbound(&s, "c 1", "hi", 100, Timestamp(1)).is_err());
        assert!(inbound("not-a-session", "c1", "hi", 100, Timestamp(1)).is_err());
    }

    #[test]
    fn origins_default_to_the_server_itself() {
        assert!(origin_allowed(
            Some("http://127.0.0.1:8211"),
            Some("127.0.0.1:8211"),
            &[]
        ));
        assert!(!origin_allowed(
            Some("https://evil.example"),
            Some("127.0.0.1:8211"),
            &[]
        ));
        let list = vec!["https://211ontario.ca".to_owned()];
        assert!(origin_allowed(
            Some("https://211ontario.ca"),
            Some("chat.example"),
            &list
        ));
        assert!(!origin_allowed(
            Some("https://211ontario.ca.evil.example"),
            Some("x"),
            &list
        ));
        assert!(origin_allowed(None, None, &[]));
        assert!(origin_allowed(Some("https://any.example"), None, &["*".to_owned()]));
    }

    #[test]
    fn frames_use_the_documented_wire_names() {
        let f = ServerFrame::Handoff {
            status: "queued".into(),
            position: Some(2),
        };
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"type":"handoff","status":"queued","position":2}"#
        );
        let c: ClientFrame = serde_json::from_str(r#"{"type":"start","session":"w1","token":"t"}"#).unwrap();
        assert_eq!(
            c,
            ClientFrame::Start {
                session: Some("w1".into()),
                token: Some("t".into()),
                after: None
            }
        );
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"shell","cmd":"x"}"#).is_err());
    }
}
