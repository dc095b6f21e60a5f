//! Which Twilio accounts, numbers and Messaging Services this helpline answers on, and the public
//! URL Twilio calls (signatures are over that URL, not over whatever a proxy forwarded).

use frontdoor_core::types::{ParseError, PhoneNumber};
use serde::{Deserialize, Serialize};
use std::fmt;

fn refuse<T>(kind: &'static str, reason: &'static str) -> Result<T, ParseError> {
    Err(ParseError { kind, reason })
}

/// True for `prefix` followed by exactly 32 hexadecimal digits: the shape of every Twilio SID.
fn is_sid(raw: &str, prefix: &str) -> bool {
    raw.len() == 34 && raw.starts_with(prefix) && raw[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Implements `as_str`, `Display` and string serde through `parse`.
macro_rules! sid_newtype {
    ($name:ident) => {
        impl $name {
            /// The SID as Twilio writes it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A Twilio account (or subaccount) SID: `AC` and 32 hex digits. It is also the Basic-auth user
/// name of the REST API, so a typo here would only show up as refused sends: parsed at load.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountSid(String);

impl AccountSid {
    /// Accepts `AC` followed by 32 hexadecimal digits.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let raw = raw.trim();
        if !is_sid(raw, "AC") {
            return refuse("Twilio account SID", "must be AC followed by 32 hex digits");
        }
        Ok(Self(raw.to_owned()))
    }
}
sid_newtype!(AccountSid);

/// A Messaging Service SID: `MG` and 32 hex digits. A service owns a pool of numbers and keeps a
/// person on the same one ("sticky sender"), the simplest way to answer from the right number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessagingServiceSid(String);

impl MessagingServiceSid {
    /// Accepts `MG` followed by 32 hexadecimal digits.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let raw = raw.trim();
        if !is_sid(raw, "MG") {
            return refuse("Twilio Messaging Service SID", "must be MG followed by 32 hex digits");
        }
        Ok(Self(raw.to_owned()))
    }
}
sid_newtype!(MessagingServiceSid);

/// One of the helpline's own numbers: a long code in E.164 form or an SMS short code (Ontario's
/// 2-1-1 is texted as a short code on some carriers), which [`PhoneNumber`] cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HelplineNumber {
    /// A long code, `+14165550100`.
    Long(PhoneNumber),
    /// A short code, 3 to 8 digits as Twilio writes it (`211`, `384387`).
    Short(String),
}

impl HelplineNumber {
    /// Reads a number as Twilio writes it (`+14165550100`, `211`) or as people do (`416-555-0100`).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let raw = raw.trim();
        if (3..=8).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Short(raw.to_owned()));
        }
        PhoneNumber::parse(raw).map(Self::Long).map_err(|_| ParseError {
            kind: "helpline number",
            reason: "must be an E.164 number or a 3-8 digit short code",
        })
    }

    /// The number as Twilio's `From` and `To` parameters write it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Long(phone) => phone.as_str(),
            Self::Short(code) => code,
        }
    }
}

impl From<PhoneNumber> for HelplineNumber {
    fn from(phone: PhoneNumber) -> Self {
        Self::Long(phone)
    }
}

impl fmt::Display for HelplineNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HelplineNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HelplineNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// An account's auth token: the HMAC key of webhook signatures and the REST API password.
/// Its `Debug` never shows it, so configuration can be logged.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct AuthToken(String);

impl AuthToken {
    /// Wraps a token as the Twilio console shows it.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The secret itself, for signing and Basic auth only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(<redacted>)")
    }
}

/// One Twilio account (or subaccount) and what the helpline receives on it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TwilioAccount {
    /// `AC...`: matched against a webhook's `AccountSid`, and the REST API user.
    pub account_sid: AccountSid,
    /// The key of its webhook signatures and the REST API password.
    pub auth_token: AuthToken,
    /// Its numbers whose webhooks point at Frontdoor (matched against `To`).
    #[serde(default)]
    pub numbers: Vec<HelplineNumber>,
    /// Its Messaging Services whose webhooks point at Frontdoor (matched against `MessagingServiceSid`).
    #[serde(default)]
    pub messaging_service_sids: Vec<MessagingServiceSid>,
}

/// Frontdoor's Twilio setup: the accounts, and the URL Twilio was told to call.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TwilioConfig {
    /// Every account whose numbers or services send webhooks here.
    pub accounts: Vec<TwilioAccount>,
    /// Scheme, host and optional port and path prefix as configured in Twilio's console
    /// (`https://help.example.org`), without a trailing slash; behind a proxy this is the public
    /// address, never the one the server listens on.
    pub public_base_url: String,
}

/// A configuration that cannot work, found at start-up rather than at the first message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Twilio configuration: {0}")]
pub struct ConfigError(pub String);

/// The account and sender identity one reply goes out from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SmsRoute {
    /// The account that pays for and signs the send.
    pub account_sid: AccountSid,
    /// `From` or `MessagingServiceSid`.
    pub sender: SmsSender,
}

/// Who a reply says it is from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SmsSender {
    /// `From`: one of the helpline's numbers.
    Number(HelplineNumber),
    /// `MessagingServiceSid`: Twilio picks the number (the same one for the same person).
    MessagingService(MessagingServiceSid),
}

impl TwilioConfig {
    /// Checks what can be checked before the first webhook: at least one account, distinct
    /// account SIDs, non-empty tokens, an absolute http(s) base URL without query or fragment.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.accounts.is_empty() {
            return Err(ConfigError("no account: add one [[accounts]] entry".into()));
        }
        for (i, account) in self.accounts.iter().enumerate() {
            if account.auth_token.expose().trim().is_empty() {
                return Err(ConfigError(format!(
                    "account {} has an empty auth_token",
                    account.account_sid
                )));
            }
            if self.accounts[..i].iter().any(|a| a.account_sid == account.account_sid) {
                return Err(ConfigError(format!("account {} is listed twice", account.account_sid)));
            }
        }
        let base = self.public_base_url.trim();
        let scheme_ok = base.starts_with("https://") || base.starts_with("http://");
        if !scheme_ok || base.contains(['?', '#']) || base.split("://").nth(1).is_none_or(str::is_empty) {
            return Err(ConfigError(
                "public_base_url must be an absolute http(s) URL without query, like https://help.example.org".into(),
            ));
        }
        Ok(())
    }

    /// The full public URL Twilio requested, from the request's path and query as received.
    pub fn public_url(&self, path_and_query: &str) -> String {
        join_url(&self.public_base_url, path_and_query)
    }

    /// The account with this SID.
    pub fn account(&self, sid: &AccountSid) -> Option<&TwilioAccount> {
        self.accounts.iter().find(|a| &a.account_sid == sid)
    }

    /// Every account, in the order to try their tokens on a webhook: those its `AccountSid`
    /// names, then those owning its `MessagingServiceSid`, then those owning its `To` number, then
    /// the rest (a status callback may carry none of these, and a number just added in Twilio's
    /// console may not be listed yet). Whose token verifies the signature decides, so a forged
    /// `AccountSid` gains nothing; the order only saves work.
    pub fn accounts_to_try(
        &self,
        account_sid: Option<&str>,
        messaging_service_sid: Option<&str>,
        to: Option<&str>,
    ) -> Vec<&TwilioAccount> {
        let to = to.and_then(|t| HelplineNumber::parse(t).ok());
        let by_sid = self
            .accounts
            .iter()
            .filter(|a| account_sid.is_some_and(|s| a.account_sid.as_str() == s.trim()));
        let by_service = self.accounts.iter().filter(|a| {
            messaging_service_sid.is_some_and(|s| a.messaging_service_sids.iter().any(|m| m.as_str() == s.trim()))
        });
        let by_number = self
            .accounts
            .iter()
            .filter(|a| to.as_ref().is_some_and(|t| a.numbers.contains(t)));
        let mut ordered: Vec<&TwilioAccount> = Vec::with_capacity(self.accounts.len());
        for account in by_sid.chain(by_service).chain(by_number).chain(&self.accounts) {
            if !ordered.iter().any(|f| f.account_sid == account.account_sid) {
                ordered.push(account);
            }
        }
        ordered
    }

    /// Where replies go out from when nothing better is known: the first account's first
    /// Messaging Service, else its first number.
    pub fn default_route(&self) -> Option<SmsRoute> {
        let account = self.accounts.first()?;
        let sender = account
            .messaging_service_sids
            .first()
            .cloned()
            .map(SmsSender::MessagingService)
            .or_else(|| account.numbers.first().cloned().map(SmsSender::Number))?;
        Some(SmsRoute {
            account_sid: account.account_sid.clone(),
            sender,
        })
    }
}

/// `base` (trailing slashes dropped) followed by the request target.
pub(crate) fn join_url(base: &str, path_and_query: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    if path_and_query.starts_with('/') {
        format!("{base}{path_and_query}")
    } else {
        format!("{base}/{path_and_query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AC1: &str = "AC0123456789abcdef0123456789abcdef";
    const AC2: &str = "ACfedcba9876543210fedcba9876543210";
    const MG1: &str = "MG0123456789abcdef0123456789abcdef";

    fn config() -> TwilioConfig {
        TwilioConfig {
            accounts: vec![
                TwilioAccount {
                    account_sid: AccountSid::parse(AC1).unwrap(),
                    auth_token: AuthToken::new("s3cret-one"),
                    numbers: vec![HelplineNumber::parse("+14165550100").unwrap()],
                    messaging_service_sids: vec![],
                },
                TwilioAccount {
                    account_sid: AccountSid::parse(AC2).unwrap(),
                    auth_token: AuthToken::new("s3cret-two"),
                    numbers: vec![HelplineNumber::parse("211").unwrap()],
                    messaging_service_sids: vec![MessagingServiceSid::parse(MG1).unwrap()],
                },
            ],
            public_base_url: "https://help.example.org/".into(),
        }
    }

    #[test]
    fn sids_must_have_twilio_shape() {
        assert!(AccountSid::parse(AC1).is_ok());
        assert!(AccountSid::parse("acctid").is_err());
        assert!(AccountSid::parse(MG1).is_err(), "a service SID is not an account SID");
        assert!(MessagingServiceSid::parse(MG1).is_ok());
        assert!(MessagingServiceSid::parse("MG0123").is_err());
    }

    #[test]
    fn helpline_numbers_include_short_codes() {
        assert_eq!(
            HelplineNumber::parse("211").unwrap(),
            HelplineNumber::Short("211".into())
        );
        assert_eq!(HelplineNumber::parse("416 555 0100").unwrap().as_str(), "+14165550100");
        assert!(HelplineNumber::parse("whatsapp:+14165550100").is_err());
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        assert!(!format!("{:?}", config()).contains("s3cret"));
    }

    #[test]
    fn accounts_named_by_sid_service_or_number_are_tried_first() {
        let config = config();
        let sids = |found: Vec<&TwilioAccount>| found.iter().map(|a| a.account_sid.to_string()).collect::<Vec<_>>();
        assert_eq!(sids(config.accounts_to_try(Some(AC2), None, None)), [AC2, AC1]);
        assert_eq!(
            sids(config.accounts_to_try(Some("acctid"), Some(MG1), None)),
            [AC2, AC1]
        );
        assert_eq!(sids(config.accounts_to_try(None, None, Some("211"))), [AC2, AC1]);
        assert_eq!(
            sids(config.accounts_to_try(None, None, Some("+14165550100"))),
            [AC1, AC2]
        );
        assert_eq!(sids(config.accounts_to_try(None, None, None)), [AC1, AC2]);
    }

    #[test]
    fn public_urls_join_base_and_path() {
        let config = config();
        assert_eq!(
            config.public_url("/channels/sms/twilio?x=1"),
            "https://help.example.org/channels/sms/twilio?x=1"
        );
        assert!(config.validate().is_ok());
        let bad = TwilioConfig {
            public_base_url: "help.example.org".into(),
            ..config.clone()
        };
        assert!(bad.validate().is_err());
        let empty = TwilioConfig {
            accounts: vec![],
            ..config
        };
        assert!(empty.validate().is_err());
    }

    #[test]
    fn default_route_prefers_a_messaging_service() {
        let mut config = config();
        assert_eq!(
            config.default_route().unwrap().sender,
            SmsSender::Number(HelplineNumber::parse("+14165550100").unwrap())
        );
        config.accounts.swap(0, 1);
        assert_eq!(
            config.default_route().unwrap().sender,
            SmsSender::MessagingService(MessagingServiceSid::parse(MG1).unwrap())
        );
    }
}
