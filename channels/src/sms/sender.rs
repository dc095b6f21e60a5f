//! Sending replies through Twilio's REST API: one `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`
//! per outbox entry, form-encoded, with HTTP Basic auth (account SID and auth token).
//!
//! **Long replies go out as one message.** A `Body` of up to 1,600 characters is accepted by
//! Twilio, which splits it into segments that phones join back together. Splitting here into
//! several REST calls would break the outbox's promise: an entry is retried as a whole, so a
//! failure after part 2 of 3 would resend part 1, and Twilio offers no idempotency key to
//! suppress that. A reply longer than 1,600 characters is cut politely at a boundary
//! ([`truncate_politely`]); to send a long reply as several texts, split it with
//! [`split_for_sms`](super::segments::split_for_sms) *before* it enters the outbox, one entry
//! per part, so each part is retried on its own.
//!
//! **Which number it comes from.** An [`OutboxItem`] says who the reply is for, not which of the
//! helpline's numbers or accounts it should come from. The sender asks its [`ReplyRoutes`] (the
//! server remembers the route of each person's last inbound message, see [`RememberedRoutes`])
//! and falls back to a default route (a Messaging Service, whose sticky sender keeps a person on
//! one number, is the best default).

use super::config::{AccountSid, ConfigError, SmsRoute, SmsSender, TwilioConfig};
use super::segments::{truncate_politely, MAX_BODY_CHARS};
use super::status::ERROR_UNSUBSCRIBED;
use async_trait::async_trait;
use frontdoor_core::ports::{OutboundSender, OutboxItem, SendError};
use frontdoor_core::types::{ChannelAddress, ChannelKind, PhoneNumber};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Twilio's production API.
pub const DEFAULT_API_BASE_URL: &str = "https://api.twilio.com";

/// The longest `Retry-After` honoured; beyond it the outbox's own back-off applies.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// How the sender reaches Twilio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioSenderSettings {
    /// Scheme and host of the REST API, [`DEFAULT_API_BASE_URL`] unless testing.
    pub api_base_url: String,
    /// Give up on one attempt after this long (the outbox retries).
    pub timeout: Duration,
    /// Sent as `StatusCallback` so delivery reports come back (the server's public status URL).
    pub status_callback_url: Option<String>,
    /// Where replies come from when [`ReplyRoutes`] knows nothing; `None` uses
    /// [`TwilioConfig::default_route`].
    pub default_route: Option<SmsRoute>,
}

impl Default for TwilioSenderSettings {
    fn default() -> Self {
        Self {
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            timeout: Duration::from_secs(10),
            status_callback_url: None,
            default_route: None,
        }
    }
}

/// Tells the sender which account and number to answer a person from.
#[async_trait]
pub trait ReplyRoutes: Send + Sync {
    /// The route for this outbox entry, or `None` to use the default route.
    async fn route_for(&self, item: &OutboxItem) -> Option<SmsRoute>;
}

/// Routes remembered in memory from inbound messages ([`super::SmsInbound::reply_route`]), by
/// the person's number. Lost on restart (the default route then applies): a store-backed
/// [`ReplyRoutes`] can replace it without touching the sender.
#[derive(Debug, Default)]
pub struct RememberedRoutes {
    routes: Mutex<HashMap<String, SmsRoute>>,
}

/// How many people's routes [`RememberedRoutes`] keeps before it forgets arbitrary ones.
const REMEMBERED_ROUTES_CAP: usize = 100_000;

impl RememberedRoutes {
    /// An empty memory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers to answer `person` by `route`.
    pub fn remember(&self, person: &ChannelAddress, route: SmsRoute) {
        let mut routes = self.routes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if routes.len() >= REMEMBERED_ROUTES_CAP && !routes.contains_key(person.address()) {
            if let Some(evicted) = routes.keys().next().cloned() {
                routes.remove(&evicted);
            }
        }
        routes.insert(person.address().to_owned(), route);
    }

    /// The route remembered for `person`.
    pub fn get(&self, person: &ChannelAddress) -> Option<SmsRoute> {
        let routes = self.routes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        routes.get(person.address()).cloned()
    }
}

#[async_trait]
impl ReplyRoutes for RememberedRoutes {
    async fn route_for(&self, item: &OutboxItem) -> Option<SmsRoute> {
        self.get(&item.to)
    }
}

/// Sends SMS replies through Twilio's REST API.
pub struct TwilioSender {
    client: reqwest::Client,
    config: TwilioConfig,
    settings: TwilioSenderSettings,
    routes: Arc<dyn ReplyRoutes>,
}

impl TwilioSender {
    /// A sender for these accounts.
    pub fn new(
        config: TwilioConfig,
        settings: TwilioSenderSettings,
        routes: Arc<dyn ReplyRoutes>,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        if let Some(route) = &settings.default_route {
            if config.account(&route.account_sid).is_none() {
                return Err(ConfigError(format!(
                    "default route uses account {}, which is not configured",
                    route.account_sid
                )));
            }
        }
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()
            .map_err(|e| ConfigError(format!("HTTP client: {e}")))?;
        Ok(Self {
            client,
            config,
            settings,
            routes,
        })
    }

    /// The Messages endpoint of an account.
    pub fn messages_url(&self, account: &AccountSid) -> String {
        format!(
            "{}/2010-04-01/Accounts/{account}/Messages.json",
            self.settings.api_base_url.trim_end_matches('/')
        )
    }

    /// The form parameters of one send: `To`, `From` or `MessagingServiceSid`, `Body` and
    /// `StatusCallback`.
    pub fn message_params(&self, to: &PhoneNumber, route: &SmsRoute, body: &str) -> Vec<(&'static str, String)> {
        let mut params = vec![("To", to.as_str().to_owned())];
        match &route.sender {
            SmsSender::Number(number) => params.push(("From", number.as_str().to_owned())),
            SmsSender::MessagingService(service) => params.push(("MessagingServiceSid", service.as_str().to_owned())),
        }
        params.push(("Body", body.to_owned()));
        if let Some(callback) = &self.settings.status_callback_url {
            params.push(("StatusCallback", callback.clone()));
        }
        params
    }

    async fn route(&self, item: &OutboxItem) -> Result<SmsRoute, SendError> {
        let route = match self.routes.route_for(item).await {
            Some(route) => Some(route),
            None => self
                .settings
                .default_route
                .clone()
                .or_else(|| self.config.default_route()),
        };
        route.ok_or_else(|| permanent("no route: configure a number or Messaging Service to send from"))
    }
}

fn permanent(reason: &str) -> SendError {
    SendError::Permanent {
        reason: reason.to_owned(),
    }
}

#[async_trait]
impl OutboundSender for TwilioSender {
    fn channel(&self) -> ChannelKind {
        ChannelKind::Sms
    }

    async fn send(&self, item: &OutboxItem) -> Result<Option<String>, SendError> {
        if item.to.channel() != ChannelKind::Sms {
            return Err(permanent("not an SMS address"));
        }
        let to = PhoneNumber::parse(item.to.address()).map_err(|_| permanent("recipient is not a phone number"))?;
        let route = self.route(item).await?;
        let account = self
            .config
            .account(&route.account_sid)
            .ok_or_else(|| permanent("route names an account that is not configured"))?;
        let body = truncate_politely(item.draft.text.trim(), MAX_BODY_CHARS);
        if body.is_empty() {
            return Err(permanent("empty reply"));
        }
        let form = encode_form(&self.message_params(&to, &route, &body));
        let response = self
            .client
            .post(self.messages_url(&account.account_sid))
            .basic_auth(account.account_sid.as_str(), Some(account.auth_token.expose()))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(form)
            .send()
            .await
            .map_err(|e| SendError::Retry {
                reason: format!("Twilio unreachable: {}", transport_failure(&e)),
                retry_after: None,
            })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // A 2xx whose body cannot be read was still accepted: never resend it.
        let body = response.bytes().await.unwrap_or_default();
        let outcome = classify_response(status, retry_after.as_deref(), &body);
        if let Err(e) = &outcome {
            tracing::warn!(status, error = %e, "Twilio did not accept an SMS");
        }
        outcome
    }
}

fn encode_form(params: &[(&str, String)]) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        form.append_pair(name, value);
    }
    form.finish()
}

fn transport_failure(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "request"
    }
}

/// Maps a REST API answer: 2xx is sent (with the message SID), 408, 425, 429 and 5xx are
/// retried (honouring `Retry-After` seconds), any other status is permanent. Reasons carry the
/// status and Twilio's error `code`, never its `message` (which can quote a phone number).
pub fn classify_response(status: u16, retry_after: Option<&str>, body: &[u8]) -> Result<Option<String>, SendError> {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    if (200..300).contains(&status) {
        let sid = json
            .as_ref()
            .and_then(|j| j.get("sid"))
            .and_then(|s| s.as_str())
            .map(str::to_owned);
        return Ok(sid);
    }
    let code = json.as_ref().and_then(|j| j.get("code")).and_then(|c| c.as_u64());
    let reason = match code {
        Some(code) => format!("Twilio HTTP {status}, error {code}{}", known_error(code)),
        None => format!("Twilio HTTP {status}"),
    };
    match status {
        408 | 425 | 429 | 500..=599 => Err(SendError::Retry {
            reason,
            retry_after: retry_after
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER)),
        }),
        _ => Err(SendError::Permanent { reason }),
    }
}

/// A few words on the errors navigators will see most.
fn known_error(code: u64) -> &'static str {
    match code {
        21610 => " (recipient unsubscribed: they texted STOP)",
        21211 => " (invalid To number)",
        21408 => " (sending to this region is not enabled)",
        21614 => " (To is not a mobile number)",
        21617 => " (body over 1,600 characters)",
        20003 => " (authentication failed: check the account SID and auth token)",
        20429 | 14107 => " (rate limited)",
        30007 => " (filtered by the carrier)",
        _ => "",
    }
}

/// Twilio's error code in a [`SendError`] reason made by this sender.
pub fn error_code(reason: &str) -> Option<u32> {
    let after = reason.split(", error ").nth(1)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// True when a failed send's reason says the person unsubscribed (error 21610): the server should
/// mark the contact opted out, as if they had texted STOP.
pub fn is_unsubscribed(reason: &str) -> bool {
    error_code(reason) == Some(ERROR_UNSUBSCRIBED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_map_to_sent_retry_or_permanent() {
        assert_eq!(
            classify_response(201, None, br#"{"sid":"SM0123","status":"queued"}"#),
            Ok(Some("SM0123".into()))
        );
        assert_eq!(classify_response(200, None, b"not json"), Ok(None));
        assert_eq!(
            classify_response(429, Some("7"), br#"{"code":20429,"message":"Too Many Requests"}"#),
            Err(SendError::Retry {
                reason: "Twilio HTTP 429, error 20429 (rate limited)".into(),
                retry_after: Some(Duration::from_secs(7)),
            })
        );
        assert!(matches!(
            classify_response(503, None, b""),
            Err(SendError::Retry { retry_after: None, .. })
        ));
        let Err(SendError::Permanent { reason }) = classify_response(
            400,
            None,
            br#"{"code":21610,"message":"Attempt to send to unsubscribed recipient +14165550123"}"#,
        ) else {
            panic!("a 400 is permanent");
        };
        assert!(is_unsubscribed(&reason), "{reason}");
        assert!(!reason.contains("+1416"), "Twilio's message is not copied: {reason}");
        assert_eq!(
            error_code("Twilio HTTP 400, error 21211 (invalid To number)"),
            Some(21211)
        );
        assert!(!is_unsubscribed("Twilio HTTP 400"));
    }

    #[test]
    fn retry_after_is_bounded() {
        let Err(SendError::Retry { retry_after, .. }) = classify_response(429, Some("999999"), b"") else {
            panic!("429 retries");
        };
        assert_eq!(retry_after, Some(MAX_RETRY_AFTER));
    }
}
