//! SMS over Twilio's protocol: signed webhooks in, REST API out.
//!
//! - Inbound: [`SmsChannel::parse_inbound`] verifies `X-Twilio-Signature` (see [`signature`]) with
//!   the auth token of the account the request names (by `AccountSid`, `MessagingServiceSid` or
//!   `To`), then reads Twilio's form parameters into a core [`Inbound`](frontdoor_core::conversation::Inbound)
//!   plus what only SMS has ([`SmsInbound`]: the number written to, the account, media, carrier
//!   keyword). The server answers [`twiml::acknowledgement`] at once.
//! - Keywords: [`classify_keyword`] for STOP / START / HELP as carriers require.
//! - Outbound: [`TwilioSender`] implements [`OutboundSender`](frontdoor_core::ports::OutboundSender)
//!   over `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`; [`segments`](segments::segments)
//!   and [`split_for_sms`] say what a reply costs and cut long ones.
//! - Delivery: [`SmsChannel::parse_status`] reads signed status callbacks into [`StatusUpdate`].
//! - Tests: with the `test-double` feature, [`testing::TwilioDouble`] is a loopback REST API that
//!   checks requests against Twilio's OpenAPI description.
//!
//! What this module does not do: store anything, decide on opt-outs (it classifies; the server
//! records and the outbox enforces), localize texts (the English constants are defaults), or know
//! HTTP frameworks (the server hands it the method, path and query, headers and body).
//!
//! ```
//! use frontdoor_channels::sms::{
//!     AccountSid, AuthToken, HelplineNumber, SmsChannel, TwilioAccount, TwilioConfig, WebhookMethod,
//!     WebhookRequest, signature::compute_signature,
//! };
//! use frontdoor_channels::RawRequest;
//! use frontdoor_core::types::Timestamp;
//!
//! let channel = SmsChannel::new(TwilioConfig {
//!     accounts: vec![TwilioAccount {
//!         account_sid: AccountSid::parse("AC0123456789abcdef0123456789abcdef").unwrap(),
//!         auth_token: AuthToken::new("secret"),
//!         numbers: vec![HelplineNumber::parse("+14165550100").unwrap()],
//!         messaging_service_sids: vec![],
//!     }],
//!     public_base_url: "https://help.example.org".into(),
//! })
//! .unwrap();
//! let body = "MessageSid=SM0123&From=%2B16475550123&To=%2B14165550100&Body=STOP&NumMedia=0";
//! let params: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
//! let signature = compute_signature("secret", "https://help.example.org/channels/sms/twilio", &params);
//! let raw = RawRequest {
//!     headers: vec![("x-twilio-signature".into(), signature)],
//!     body: body.as_bytes().to_vec(),
//! };
//! let req = WebhookRequest { method: WebhookMethod::Post, path_and_query: "/channels/sms/twilio", raw: &raw };
//! let sms = channel.parse_inbound(&req, Timestamp(0)).unwrap();
//! assert_eq!(sms.inbound.text, "STOP");
//! assert_eq!(sms.keyword, Some(frontdoor_channels::sms::SmsKeyword::OptOut));
//! ```

mod config;
mod form;
mod inbound;
pub mod keywords;
pub mod segments;
pub mod sender;
pub mod signature;
pub mod status;
#[cfg(feature = "test-double")]
pub mod testing;
pub mod twiml;

pub use config::{
    AccountSid, AuthToken, ConfigError, HelplineNumber, MessagingServiceSid, SmsRoute, SmsSender, TwilioAccount,
    TwilioConfig,
};
pub use form::FormParams;
pub use inbound::{
    SignedRequest, SmsChannel, SmsInbound, WebhookMethod, WebhookRequest, MAX_BODY_BYTES, MAX_WEBHOOK_BYTES,
};
pub use keywords::{classify_keyword, is_conditional_opt_in, SmsKeyword, HELP_REPLY_EN};
pub use segments::{segments, split_for_sms, truncate_politely, SegmentInfo, SmsEncoding, MAX_BODY_CHARS};
pub use sender::{
    is_unsubscribed, RememberedRoutes, ReplyRoutes, TwilioSender, TwilioSenderSettings, DEFAULT_API_BASE_URL,
};
pub use status::{MessageStatus, StatusUpdate, ERROR_UNSUBSCRIBED};
pub use twiml::{acknowledgement, TwimlResponse, EMPTY_TWIML, MMS_TEXT_ONLY_REPLY_EN, TWIML_CONTENT_TYPE};
