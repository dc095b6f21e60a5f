//! Channel adapters. Each channel is one module that turns a provider's request into core
//! [`Inbound`](frontdoor_core::conversation::Inbound) values (after checking it is authentic) and
//! implements [`OutboundSender`](frontdoor_core::ports::OutboundSender) for replies.
//!
//! - [`api`]: the generic JSON channel for integrations (and the end-to-end tests): bearer-token
//!   inbound, JSON callbacks with an `Idempotency-Key` outbound.
//! - [`sms`]: SMS over Twilio: signed webhooks, carrier keywords, segments, REST sender.
//! - [`webchat`]: the website chat widget's socket protocol, session tokens and origin checks.
//! - [`email`]: raw MIME in (reply stripping, loop detection, threading ids), SMTP out.
//!
//! Only this crate knows a provider's protocol; it knows nothing of HTTP frameworks (the server
//! hands it the raw request parts) nor of the store or the dialogue.
//!
//! ```
//! use frontdoor_channels::{api::ApiChannel, RawRequest};
//! let channel = ApiChannel::new("s3cret".into());
//! let req = RawRequest {
//!     headers: vec![("authorization".into(), "Bearer s3cret".into())],
//!     body: br#"{"from":"user-1","text":"hello","id":"m1"}"#.to_vec(),
//! };
//! let inbound = channel.parse(&req, frontdoor_core::types::Timestamp(0)).unwrap();
//! assert_eq!(inbound.text, "hello");
//! ```

pub mod api;
pub mod email;
pub mod sms;
pub mod webchat;

/// The parts of an HTTP request a channel needs: headers (lower-case names) and the raw body.
#[derive(Debug, Clone, Default)]
pub struct RawRequest {
    /// Header names in lower case, values as received.
    pub headers: Vec<(String, String)>,
    /// The body bytes, exactly as received (signatures are over these).
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why an inbound request was refused. The server maps each to a status code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Missing or wrong credentials or signature (403).
    #[error("not authenticated: {0}")]
    Unauthenticated(&'static str),
    /// The body is not what the protocol says (400).
    #[error("malformed: {0}")]
    Malformed(String),
}
