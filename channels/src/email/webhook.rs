//! The raw-MIME webhook: email providers' inbound-parse services `POST` the message as
//! `message/rfc822` with an HMAC-SHA256 of the body, keyed by a shared secret, in
//! [`SIGNATURE_HEADER`] (`sha256=<hex>`, or bare hex). The signature is checked in constant time
//! before anything is parsed.

use super::loops::{classify, Automated};
use super::parse::{parse_email, ParsedEmail};
use crate::{RawRequest, Rejection};
use frontdoor_core::conversation::Inbound;
use frontdoor_core::types::{ChannelAddress, ProviderMessageId, Timestamp};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Longest new text handed to the engine; a longer email is cut (at a character boundary).
pub const MAX_TEXT_CHARS: usize = 4000;

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text.to_owned(),
    }
}

/// The header carrying the body's HMAC-SHA256.
pub const SIGNATURE_HEADER: &str = "x-frontdoor-signature";

/// An authenticated inbound email.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailInbound {
    /// The core message: the sender, the new text, the Message-ID as provider id.
    pub inbound: Inbound,
    /// Everything read from the message (threading ids, subject, attachments).
    pub email: ParsedEmail,
    /// Set when the message is automated and must not be answered.
    pub automated: Option<Automated>,
}

/// Verifies and reads webhook requests.
#[derive(Clone)]
pub struct EmailWebhook {
    secret: String,
}

impl std::fmt::Debug for EmailWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailWebhook").finish_non_exhaustive()
    }
}

/// The signature of `body` under `secret`, as the header carries it.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

impl EmailWebhook {
    /// A webhook accepting bodies signed with `secret` (which must not be empty).
    pub fn new(secret: impl Into<String>) -> Result<Self, String> {
        let secret = secret.into();
        if secret.trim().is_empty() {
            return Err("the email webhook secret must not be empty".into());
        }
        Ok(Self { secret })
    }

    /// Checks the signature header against the body.
    pub fn verify(&self, req: &RawRequest) -> Result<(), Rejection> {
        let presented = req
            .header(SIGNATURE_HEADER)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(Rejection::Unauthenticated("missing X-Frontdoor-Signature"))?;
        let presented = presented
            .strip_prefix("sha256=")
            .unwrap_or(presented)
            .to_ascii_lowercase();
        let expected = sign(&self.secret, &req.body);
        let expected = expected.trim_start_matches("sha256=");
        if bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(())
        } else {
            Err(Rejection::Unauthenticated("bad X-Frontdoor-Signature"))
        }
    }

    /// Verifies the request, then reads the message in its body.
    pub fn parse(&self, req: &RawRequest, now: Timestamp) -> Result<EmailInbound, Rejection> {
        self.verify(req)?;
        read_message(&req.body, now)
    }
}

/// Reads a raw message (from the webhook or a mailbox) into an [`EmailInbound`]. Without a
/// `Message-ID`, the provider id is a hash of the message, so a redelivery is still recognised.
pub fn read_message(raw: &[u8], now: Timestamp) -> Result<EmailInbound, Rejection> {
    let email = parse_email(raw).map_err(|e| Rejection::Malformed(format!("inbound email: {e}")))?;
    let provider_id = match &email.message_id {
        Some(id) => id.clone(),
        None => format!("sha256-{}", &sign("frontdoor-message-id", raw)[7..39]),
    };
    let provider_id = ProviderMessageId::parse(&provider_id)
        .map_err(|_| Rejection::Malformed("inbound email: bad Message-ID".into()))?;
    let automated = classify(&email.automation);
    Ok(EmailInbound {
        inbound: Inbound {
            from: ChannelAddress::email(email.from.clone()),
            text: truncate_chars(&email.text, MAX_TEXT_CHARS),
            provider_id: Some(provider_id),
            received_at: now,
        },
        email,
        automated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &[u8] =
        b"From: Ana <ana@example.org>\r\nMessage-ID: <m1@example.org>\r\nSubject: Help\r\n\r\nI need food.\r\n";

    fn signed(body: &[u8], signature: Option<String>) -> RawRequest {
        RawRequest {
            headers: signature
                .map(|s| vec![(SIGNATURE_HEADER.to_owned(), s)])
                .unwrap_or_default(),
            body: body.to_vec(),
        }
    }

    #[test]
    fn only_bodies_signed_with_the_secret_are_read() {
        let hook = EmailWebhook::new("s3cret").unwrap();
        let ok = hook
            .parse(&signed(MAIL, Some(sign("s3cret", MAIL))), Timestamp(5))
            .unwrap();
        assert_eq!(ok.inbound.text, "I need food.");
        assert_eq!(ok.inbound.provider_id.unwrap().as_str(), "m1@example.org");
        assert_eq!(ok.automated, None);
        let bare_hex = sign("s3cret", MAIL).trim_start_matches("sha256=").to_uppercase();
        assert!(hook.verify(&signed(MAIL, Some(bare_hex))).is_ok(), "bare hex, any case");
        for bad in [None, Some(sign("other", MAIL)), Some("sha256=00".into())] {
            assert!(matches!(
                hook.parse(&signed(MAIL, bad.clone()), Timestamp(5)),
                Err(Rejection::Unauthenticated(_))
            ));
        }
        let mut tampered = MAIL.to_vec();
        tampered.extend_from_slice(b"PS: free money\r\n");
        assert!(hook.verify(&signed(&tampered, Some(sign("s3cret", MAIL)))).is_err());
        assert!(EmailWebhook::new(" ").is_err());
    }

    #[test]
    fn a_message_without_message_id_gets_a_stable_id() {
        let raw = b"From: ana@example.org\r\n\r\nhello";
        let a = read_message(raw, Timestamp(0)).unwrap();
        let b = read_message(raw, Timestamp(1)).unwrap();
        assert_eq!(a.inbound.provider_id, b.inbound.provider_id);
        assert!(read_message(b"no headers here", Timestamp(0)).is_err());
        let long = format!("From: ana@example.org\r\n\r\n{}", "é".repeat(MAX_TEXT_CHARS + 10));
        let read = read_message(long.as_bytes(), Timestamp(0)).unwrap();
        assert_eq!(read.inbound.text.chars().count(), MAX_TEXT_CHARS, "long texts are cut");
    }
}
