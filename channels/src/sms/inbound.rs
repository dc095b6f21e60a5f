//! Verifying and reading Twilio's webhooks: inbound messages and delivery status callbacks.

use super::config::{
    join_url, AccountSid, ConfigError, HelplineNumber, MessagingServiceSid, SmsRoute, SmsSender, TwilioAccount,
    TwilioConfig,
};
use super::form::FormParams;
use super::keywords::{classify_keyword, SmsKeyword};
use super::signature::{self, SignedContent, SIGNATURE_HEADER};
use super::status::StatusUpdate;
use crate::{RawRequest, Rejection};
use frontdoor_core::conversation::Inbound;
use frontdoor_core::types::{ChannelAddress, PhoneNumber, ProviderMessageId, Timestamp};

/// Largest webhook body accepted. Twilio's are 1-3 KB; the largest possible is a 1,600-character
/// `Body` of 4-byte characters, percent-encoded (19,200 bytes), plus ten media URLs and the other
/// parameters (about 3 KB). The server refuses larger bodies with 413 before reading them.
pub const MAX_WEBHOOK_BYTES: usize = 32 * 1024;

/// Longest `Body` accepted, in bytes: Twilio's 1,600 characters at 4 bytes each.
pub const MAX_BODY_BYTES: usize = 1600 * 4;

/// The HTTP method Twilio used: its console lets a number's webhook be POST (default) or GET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookMethod {
    /// Parameters in the form body, signed after the URL.
    Post,
    /// Parameters in the query string, signed as part of the URL.
    Get,
}

/// A webhook request as the server received it.
#[derive(Debug, Clone, Copy)]
pub struct WebhookRequest<'a> {
    /// GET or POST.
    pub method: WebhookMethod,
    /// The request target's path and query, exactly as received (`/channels/sms/twilio?x=1`);
    /// joined to [`TwilioConfig::public_base_url`] to rebuild the URL Twilio signed.
    pub path_and_query: &'a str,
    /// Headers (`x-twilio-signature`, `content-type`) and the raw body.
    pub raw: &'a RawRequest,
}

/// An authenticated inbound SMS or MMS.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsInbound {
    /// The core message: the sender's number, the text, `MessageSid` as the provider id.
    pub inbound: Inbound,
    /// The helpline number the person wrote to (reply from it).
    pub to: HelplineNumber,
    /// The account whose auth token verified the request.
    pub account_sid: AccountSid,
    /// The Messaging Service the number belongs to, if any.
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// Pictures or other media attached (`NumMedia`).
    pub num_media: u32,
    /// The text's class if it is a carrier keyword (STOP, START, HELP...).
    pub keyword: Option<SmsKeyword>,
}

impl SmsInbound {
    /// The person sent media: Frontdoor answers that it reads text only.
    pub fn is_mms(&self) -> bool {
        self.num_media > 0
    }

    /// Where replies to this person should come from: the same Messaging Service (Twilio keeps
    /// the same number), else the number they wrote to, on the same account.
    pub fn reply_route(&self) -> SmsRoute {
        let sender = match &self.messaging_service_sid {
            Some(service) => SmsSender::MessagingService(service.clone()),
            None => SmsSender::Number(self.to.clone()),
        };
        SmsRoute {
            account_sid: self.account_sid.clone(),
            sender,
        }
    }
}

/// Verifies Twilio webhooks against the configured accounts and reads them.
#[derive(Debug, Clone)]
pub struct SmsChannel {
    config: TwilioConfig,
}

impl SmsChannel {
    /// A channel for these accounts; refuses a configuration that cannot work.
    pub fn new(config: TwilioConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self { config })
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &TwilioConfig {
        &self.config
    }

    /// Verifies an inbound-message webhook and reads it. Anything not signed by a configured
    /// account is `Unauthenticated` (answer 403, store nothing); a signed request that is not an
    /// SMS Frontdoor can answer is `Malformed`.
    pub fn parse_inbound(&self, req: &WebhookRequest<'_>, now: Timestamp) -> Result<SmsInbound, Rejection> {
        let (params, account) = self.authenticate(req)?;
        let malformed = |what: &str| Rejection::Malformed(format!("inbound SMS: {what}"));
        let sid = params
            .first_of(&["MessageSid", "SmsMessageSid", "SmsSid"])
            .ok_or_else(|| malformed("MessageSid is missing"))?;
        let provider_id = ProviderMessageId::parse(sid).map_err(|_| malformed("MessageSid is not an id"))?;
        let from = params.get("From").ok_or_else(|| malformed("From is missing"))?;
        let from = PhoneNumber::parse(from).map_err(|_| malformed("From is not a phone number"))?;
        let to = params.get("To").ok_or_else(|| malformed("To is missing"))?;
        let to = HelplineNumber::parse(to).map_err(|_| malformed("To is not an SMS number"))?;
        let text = params.get("Body").unwrap_or_default();
        if text.len() > MAX_BODY_BYTES {
            return Err(malformed("Body is longer than Twilio allows"));
        }
        let num_media = match params.get("NumMedia").map(str::trim).filter(|n| !n.is_empty()) {
            None => 0,
            Some(n) => n.parse::<u32>().map_err(|_| malformed("NumMedia is not a number"))?,
        };
        let messaging_service_sid = params
            .get("MessagingServiceSid")
            .filter(|s| !s.trim().is_empty())
            .map(|s| MessagingServiceSid::parse(s).map_err(|_| malformed("MessagingServiceSid is not a SID")))
            .transpose()?;
        Ok(SmsInbound {
            keyword: classify_keyword(text),
            inbound: Inbound {
                from: ChannelAddress::sms(from),
                text: text.to_owned(),
                provider_id: Some(provider_id),
                received_at: now,
            },
            to,
            account_sid: account.account_sid.clone(),
            messaging_service_sid,
            num_media,
        })
    }

    /// Verifies a delivery status callback and reads it.
    pub fn parse_status(&self, req: &WebhookRequest<'_>) -> Result<StatusUpdate, Rejection> {
        let (params, account) = self.authenticate(req)?;
        StatusUpdate::from_params(&params, account.account_sid.clone())
    }

    /// The request's parameters and the account whose token signed it. Every failure here is
    /// `Unauthenticated`, whatever the cause, and says nothing about the request's content.
    pub fn authenticate(&self, req: &WebhookRequest<'_>) -> Result<(FormParams, &TwilioAccount), Rejection> {
        let signature = req
            .raw
            .header(SIGNATURE_HEADER)
            .filter(|s| !s.trim().is_empty())
            .ok_or(Rejection::Unauthenticated("missing X-Twilio-Signature"))?;
        let signed = SignedRequest::read(&self.config.public_base_url, req)?;
        let params = signed.params();
        let account = self
            .config
            .accounts_to_try(
                params.get("AccountSid"),
                params.get("MessagingServiceSid"),
                params.get("To"),
            )
            .into_iter()
            .find(|a| signed.is_signed_by(a.auth_token.expose(), signature))
            .ok_or(Rejection::Unauthenticated("bad X-Twilio-Signature"))?;
        Ok((signed.params, account))
    }
}

/// A webhook as its signature sees it: the public URL Twilio requested, the parameters to read,
/// and what besides the URL is signed. Form POST: the form parameters. GET: nothing (the
/// parameters are in the signed URL's query). JSON with `bodySHA256`: the raw body's hash.
#[derive(Debug, Clone)]
pub struct SignedRequest<'r> {
    url: String,
    params: FormParams,
    covers: Covers<'r>,
}

/// What the signature covers besides the URL.
#[derive(Debug, Clone, Copy)]
enum Covers<'r> {
    FormParams,
    Nothing,
    BodyHash(&'r [u8]),
}

impl<'r> SignedRequest<'r> {
    /// Reads a request received under `public_base_url`. A body that is neither a form nor bound
    /// by `bodySHA256` cannot be verified and is refused.
    pub fn read(public_base_url: &str, req: &WebhookRequest<'r>) -> Result<Self, Rejection> {
        if req.raw.body.len() > MAX_WEBHOOK_BYTES {
            return Err(Rejection::Unauthenticated("webhook body too large to verify"));
        }
        let url = join_url(public_base_url, req.path_and_query);
        let query = FormParams::parse(req.path_and_query.split_once('?').map_or("", |(_, q)| q).as_bytes());
        if signature::query_param(&url, signature::BODY_HASH_PARAM).is_some() {
            let covers = Covers::BodyHash(req.raw.body.as_slice());
            return Ok(Self {
                url,
                params: query,
                covers,
            });
        }
        if req.method == WebhookMethod::Get {
            return Ok(Self {
                url,
                params: query,
                covers: Covers::Nothing,
            });
        }
        let content_type = req
            .raw
            .header("content-type")
            .unwrap_or("application/x-www-form-urlencoded");
        let is_form = content_type
            .split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
        if !is_form && !req.raw.body.is_empty() {
            return Err(Rejection::Unauthenticated(
                "unsigned body: not a form and no bodySHA256",
            ));
        }
        Ok(Self {
            url,
            params: FormParams::parse(&req.raw.body),
            covers: Covers::FormParams,
        })
    }

    /// The URL the signature is checked against (before port and spelling variants).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The webhook's parameters (from the form body, or the query for GET and JSON requests).
    pub fn params(&self) -> &FormParams {
        &self.params
    }

    /// True when `signature` is valid under `auth_token`.
    pub fn is_signed_by(&self, auth_token: &str, signature: &str) -> bool {
        let content = match self.covers {
            Covers::FormParams => SignedContent::Form(self.params.pairs()),
            Covers::Nothing => SignedContent::Form(&[]),
            Covers::BodyHash(body) => SignedContent::Body(body),
        };
        signature::is_valid(auth_token, signature, &self.url, content)
    }
}
