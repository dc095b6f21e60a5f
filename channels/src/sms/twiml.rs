//! What the webhook answers. Frontdoor acknowledges at once with empty TwiML (no `<Message>`):
//! replies go out later through the outbox and the REST API, so a slow turn never runs into
//! Twilio's 15-second webhook deadline and a retried webhook never produces a second reply.

/// The empty TwiML document: "received, nothing to say here".
pub const EMPTY_TWIML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#;

/// The content type Twilio expects TwiML in.
pub const TWIML_CONTENT_TYPE: &str = "text/xml";

/// The English answer to a picture or other media (NumMedia > 0): Frontdoor reads only text. The
/// dialogue sends it localized (Fluent id `media-not-read`, whose English text this is) when an
/// SMS carries no text; an MMS with text is answered on its text.
pub const MMS_TEXT_ONLY_REPLY_EN: &str =
    "Sorry, I can only read text, not pictures or other media. Please tell me in words what you need. In danger? Call 911.";

/// An HTTP answer for the server to send as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwimlResponse {
    /// Always 200: any other status makes Twilio log an error (and some retry).
    pub status: u16,
    /// [`TWIML_CONTENT_TYPE`].
    pub content_type: &'static str,
    /// [`EMPTY_TWIML`].
    pub body: &'static str,
}

/// The acknowledgement of an inbound message or a status callback, duplicates included.
pub fn acknowledgement() -> TwimlResponse {
    TwimlResponse {
        status: 200,
        content_type: TWIML_CONTENT_TYPE,
        body: EMPTY_TWIML,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::segments::{segments, SmsEncoding};

    #[test]
    fn the_mms_answer_is_plain_gsm_text() {
        let info = segments(MMS_TEXT_ONLY_REPLY_EN);
        assert_eq!(info.encoding, SmsEncoding::Gsm7);
        assert!(info.segments <= 1, "{info:?}");
    }

    #[test]
    fn the_acknowledgement_is_empty_twiml() {
        let ack = acknowledgement();
        assert_eq!((ack.status, ack.content_type), (200, "text/xml"));
        assert!(ack.body.ends_with("<Response></Response>"));
    }
}
