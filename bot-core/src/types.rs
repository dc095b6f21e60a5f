//! Validated domain newtypes. Each is built by a fallible constructor (`parse`), so a value of
//! the type is always valid; serde goes through the same constructor.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a raw value was refused at the edge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {reason}")]
pub struct ParseError {
    /// Which type refused it ("phone number", "language tag"...).
    pub kind: &'static str,
    /// What is wrong, without echoing the value (it may be personal data).
    pub reason: &'static str,
}

fn refuse<T>(kind: &'static str, reason: &'static str) -> Result<T, ParseError> {
    Err(ParseError { kind, reason })
}

/// Implements `Display`, `FromStr`, `as_str` and string serde through `parse` for a string newtype.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The canonical string form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                Self::parse(s)
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

/// A phone number in E.164 form (`+` then 8 to 15 digits). North American numbers written
/// locally ("416 555 0123", "1-416-555-0123") are read as `+1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses a phone number as people and providers write it.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        const KIND: &str = "phone number";
        let trimmed = raw.trim();
        if trimmed.len() > 40 {
            return refuse(KIND, "too long");
        }
        let plus = trimmed.starts_with('+');
        let mut digits = String::with_capacity(16);
        for c in trimmed.chars().skip(usize::from(plus)) {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return refuse(KIND, "has a character that is not a digit or separator"),
            }
        }
        let e164 = if plus {
            digits
        } else if digits.len() == 10 {
            format!("1{digits}")
        } else if digits.len() == 11 && digits.starts_with('1') {
            digits
        } else {
            return refuse(KIND, "needs a leading + and country code");
        };
        if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
            return refuse(KIND, "is not a valid E.164 number");
        }
        Ok(Self(format!("+{e164}")))
    }
}
string_newtype!(PhoneNumber);

/// An email address, lower-cased domain; checked for shape only (one `@`, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses an address such as `Person@Example.org`.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        const KIND: &str = "email address";
        let trimmed = raw.trim();
        if trimmed.len() > 254 {
            return refuse(KIND, "too long");
        }
        let Some((local, domain)) = trimmed.rsplit_once('@') else {
            return refuse(KIND, "has no @");
        };
        let bad = |s: &str| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control());
        if bad(local) || bad(domain) || local.contains('@') || !domain.contains('.') {
            return refuse(KIND, "is not of the form local@domain");
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }
}
string_newtype!(EmailAddress);

/// The channels a person can reach the helpline by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Text messages through an SMS provider.
    Sms,
    /// The website chat widget.
    WebChat,
    /// Email to the helpline's address.
    Email,
    /// The generic JSON API channel for integrations (and end-to-end tests).
    Api,
    /// `frontdoor chat` in a terminal.
    Terminal,
}

impl ChannelKind {
    /// Every channel, for metrics and reports.
    pub const ALL: [ChannelKind; 5] = [
        ChannelKind::Sms,
        ChannelKind::WebChat,
        ChannelKind::Email,
        ChannelKind::Api,
        ChannelKind::Terminal,
    ];

    /// The stable name stored in databases and shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Sms => "sms",
            ChannelKind::WebChat => "web_chat",
            ChannelKind::Email => "email",
            ChannelKind::Api => "api",
            ChannelKind::Terminal => "terminal",
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChannelKind {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        ChannelKind::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(ParseError {
                kind: "channel",
                reason: "unknown channel",
            })
    }
}

/// Who a message comes from or goes to, on one channel: a phone number for SMS, an email
/// address for email, an opaque session id for web chat and API, a terminal session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelAddress {
    channel: ChannelKind,
    address: String,
}

impl ChannelAddress {
    /// An SMS sender or recipient.
    pub fn sms(phone: PhoneNumber) -> Self {
        Self {
            channel: ChannelKind::Sms,
            address: phone.0,
        }
    }

    /// An email sender or recipient.
    pub fn email(email: EmailAddress) -> Self {
        Self {
            channel: ChannelKind::Email,
            address: email.0,
        }
    }

    /// Parses an address for `channel`, validating phone numbers and emails; session ids (web
    /// chat, API, terminal) must be 1-128 visible ASCII characters.
    pub fn parse(channel: ChannelKind, raw: &str) -> Result<Self, ParseError> {
        match channel {
            ChannelKind::Sms => PhoneNumber::parse(raw).map(Self::sms),
            ChannelKind::Email => EmailAddress::parse(raw).map(Self::email),
            _ => {
                let ok = !raw.is_empty() && raw.len() <= 128 && raw.bytes().all(|b| b.is_ascii_graphic());
                if !ok {
                    return refuse("session id", "must be 1-128 visible ASCII characters");
                }
                Ok(Self {
                    channel,
                    address: raw.to_owned(),
                })
            }
        }
    }

    /// The channel this address belongs to.
    pub fn channel(&self) -> ChannelKind {
        self.channel
    }

    /// The address itself. Personal data: never log it.
    pub fn address(&self) -> &str {
        &self.address
    }
}

/// An ISO 639-1 language code, lower case (`en`, `fr`, `zh`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Accepts `fr`, `FR`, `fr-CA`, `fr_CA` (the region is dropped: texts are per language).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.len() != 2 || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
            return refuse("language tag", "must be a two-letter ISO 639-1 code");
        }
        Ok(Self(primary.to_ascii_lowercase()))
    }

    /// English, the fallback language.
    pub fn english() -> Self {
        Self("en".to_owned())
    }

    /// True for languages written right to left.
    pub fn is_rtl(&self) -> bool {
        matches!(self.0.as_str(), "ar" | "fa" | "ur" | "he" | "ps" | "yi")
    }
}
string_newtype!(LanguageTag);

/// The primary need of a message, from DESIGN.md §5 (contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedLabel {
    Food,
    Shelter,
    Housing,
    Utilities,
    Income,
    Employment,
    Health,
    MentalHealth,
    SubstanceUse,
    AbuseViolence,
    Legal,
    Newcomers,
    Seniors,
    Disability,
    FamilyChildren,
    Transportation,
    MaterialGoods,
    Education,
    Other,
}

impl NeedLabel {
    /// All 19 labels in DESIGN.md order.
    pub const ALL: [NeedLabel; 19] = [
        NeedLabel::Food,
        NeedLabel::Shelter,
        NeedLabel::Housing,
        NeedLabel::Utilities,
        NeedLabel::Income,
        NeedLabel::Employment,
        NeedLabel::Health,
        NeedLabel::MentalHealth,
        NeedLabel::SubstanceUse,
        NeedLabel::AbuseViolence,
        NeedLabel::Legal,
        NeedLabel::Newcomers,
        NeedLabel::Seniors,
        NeedLabel::Disability,
        NeedLabel::FamilyChildren,
        NeedLabel::Transportation,
        NeedLabel::MaterialGoods,
        NeedLabel::Education,
        NeedLabel::Other,
    ];

    /// The label's contract name (`mental_health`).
    pub fn as_str(self) -> &'static str {
        match self {
            NeedLabel::Food => "food",
            NeedLabel::Shelter => "shelter",
            NeedLabel::Housing => "housing",
            NeedLabel::Utilities => "utilities",
            NeedLabel::Income => "income",
            NeedLabel::Employment => "employment",
            NeedLabel::Health => "health",
            NeedLabel::MentalHealth => "mental_health",
            NeedLabel::SubstanceUse => "substance_use",
            NeedLabel::AbuseViolence => "abuse_violence",
            NeedLabel::Legal => "legal",
            NeedLabel::Newcomers => "newcomers",
            NeedLabel::Seniors => "seniors",
            NeedLabel::Disability => "disability",
            NeedLabel::FamilyChildren => "family_children",
            NeedLabel::Transportation => "transportation",
            NeedLabel::MaterialGoods => "material_goods",
            NeedLabel::Education => "education",
            NeedLabel::Other => "other",
        }
    }

    /// The AIRS/211 taxonomy branch planners report this need under (DESIGN.md §5).
    pub fn taxonomy_code(self) -> &'static str {
        match self {
            NeedLabel::Food => "BD",
            NeedLabel::Shelter => "BH-1800",
            NeedLabel::Housing => "BH",
            NeedLabel::Utilities => "BV",
            NeedLabel::Income => "N",
            NeedLabel::Employment => "ND",
            NeedLabel::Health => "L",
            NeedLabel::MentalHealth => "R",
            NeedLabel::SubstanceUse => "RX",
            NeedLabel::AbuseViolence => "P",
            NeedLabel::Legal => "F",
            NeedLabel::Newcomers => "Y",
            NeedLabel::Seniors => "Y",
            NeedLabel::Disability => "Y",
            NeedLabel::FamilyChildren => "P",
            NeedLabel::Transportation => "BT",
            NeedLabel::MaterialGoods => "BM",
            NeedLabel::Education => "H",
            NeedLabel::Other => "",
        }
    }
}

impl fmt::Display for NeedLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NeedLabel {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        NeedLabel::ALL
            .into_iter()
            .find(|l| l.as_str() == s.trim())
            .ok_or(ParseError {
                kind: "need label",
                reason: "not one of the 19 labels",
            })
    }
}

/// A service's id in the imported directory (the dataset's own id, kept as given).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(String);

impl ServiceId {
    /// Accepts 1-200 characters without control characters; surrounding spaces are trimmed.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.len() > 200 || trimmed.chars().any(char::is_control) {
            return refuse("service id", "must be 1-200 printable characters");
        }
        Ok(Self(trimmed.to_owned()))
    }
}
string_newtype!(ServiceId);

/// A Canadian forward sortation area: the first three characters of a postal code (`M5V`).
/// The only location detail Frontdoor keeps about a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fsa(String);

impl Fsa {
    /// Accepts `m5v`, `M5V`; letters D, F, I, O, Q, U never appear, W and Z never lead.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let up = raw.trim().to_ascii_uppercase();
        let b = up.as_bytes();
        let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
        if b.len() != 3 || !letter(b[0]) || b"WZ".contains(&b[0]) || !b[1].is_ascii_digit() || !letter(b[2]) {
            return refuse("postal code area", "must look like A1A");
        }
        Ok(Self(up))
    }
}
string_newtype!(Fsa);

/// A full Canadian postal code (`M5V 3L9`), used only long enough to derive its [`Fsa`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PostalCode(String);

impl PostalCode {
    /// Accepts `m5v3l9`, `M5V 3L9`, `M5V-3L9`.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect::<String>()
            .to_ascii_uppercase();
        let b = compact.as_bytes();
        let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
        if b.len() != 6
            || Fsa::parse(&compact[..3]).is_err()
            || !b[3].is_ascii_digit()
            || !letter(b[4])
            || !b[5].is_ascii_digit()
        {
            return refuse("postal code", "must look like A1A 1A1");
        }
        Ok(Self(format!("{} {}", &compact[..3], &compact[3..])))
    }

    /// The forward sortation area, the part that may be kept.
    pub fn fsa(&self) -> Fsa {
        Fsa(self.0[..3].to_owned())
    }
}
string_newtype!(PostalCode);

/// Declares a UUID-backed id type.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new random id.
            pub fn new() -> Self {
                Self(uuid::Uuid::new_v4())
            }
        }
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                uuid::Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|_| ParseError { kind: stringify!($name), reason: "not a UUID" })
            }
        }
    };
}

uuid_id!(
    /// One conversation: a contact's exchange on one channel until it is closed.
    ConversationId
);
uuid_id!(
    /// One stored message, inbound or outbound.
    MessageId
);
uuid_id!(
    /// A person as known by one channel address.
    ContactId
);
uuid_id!(
    /// A request for a human navigator.
    HandoffId
);
uuid_id!(
    /// A navigator (a person who answers handed-off conversations).
    NavigatorId
);

/// The provider's own id for an inbound message (Twilio `MessageSid`, email `Message-ID`...),
/// used to drop duplicate deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProviderMessageId(String);

impl ProviderMessageId {
    /// Accepts 1-512 visible characters.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.len() > 512 || trimmed.chars().any(char::is_control) {
            return refuse("provider message id", "must be 1-512 printable characters");
        }
        Ok(Self(trimmed.to_owned()))
    }
}
string_newtype!(ProviderMessageId);

/// A point in time, milliseconds since the Unix epoch (UTC). Stored as an integer in every
/// database so both backends agree to the millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// This time plus `ms` milliseconds.
    pub fn plus_millis(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// As a chrono UTC date-time (for hours and display).
    pub fn to_datetime(self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_normalise_to_e164() {
        for raw in [
            "+14165550123",
            "416-555-0123",
            "(416) 555 0123",
            "1 416 555 0123",
            " +1.416.555.0123 ",
        ] {
            assert_eq!(PhoneNumber::parse(raw).unwrap().as_str(), "+14165550123", "{raw}");
        }
        assert_eq!(
            PhoneNumber::parse("+44 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn phone_numbers_refuse_garbage() {
        for raw in [
            "",
            "hello",
            "555-0123",
            "+0123456789",
            "+1234567890123456",
            "+1 416 555 0123 ext 4",
        ] {
            assert!(PhoneNumber::parse(raw).is_err(), "{raw:?} should be refused");
        }
    }

    #[test]
    fn parse_errors_do_not_echo_the_value() {
        let err = PhoneNumber::parse("my number is 416 call me").unwrap_err();
        assert!(!err.to_string().contains("416"), "{err}");
    }

    #[test]
    fn emails_keep_local_part_and_lowercase_domain() {
        assert_eq!(
            EmailAddress::parse("Jo.Doe@Example.ORG").unwrap().as_str(),
            "Jo.Doe@example.org"
        );
        for raw in ["", "a@b", "no-at.example.org", "a b@example.org", "@example.org"] {
            assert!(EmailAddress::parse(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn language_tags_drop_region_and_case() {
        assert_eq!(LanguageTag::parse("fr-CA").unwrap().as_str(), "fr");
        assert_eq!(LanguageTag::parse("ZH_hant").unwrap().as_str(), "zh");
        assert!(LanguageTag::parse("fra").is_err());
        assert!(LanguageTag::parse("").is_err());
        assert!(LanguageTag::parse("ar").unwrap().is_rtl());
    }

    #[test]
    fn need_labels_round_trip_their_contract_names() {
        for label in NeedLabel::ALL {
            assert_eq!(label.as_str().parse::<NeedLabel>().unwrap(), label);
            let json = serde_json::to_string(&label).unwrap();
            assert_eq!(json, format!("\"{}\"", label.as_str()));
        }
        assert!("shelters".parse::<NeedLabel>().is_err());
    }

    #[test]
    fn postal_codes_yield_their_fsa() {
        let pc = PostalCode::parse("m5v3l9").unwrap();
        assert_eq!(pc.as_str(), "M5V 3L9");
        assert_eq!(pc.fsa().as_str(), "M5V");
        assert!(PostalCode::parse("D5V 3L9").is_err(), "D never appears");
        assert!(PostalCode::parse("M5V 3L").is_err());
        assert!(Fsa::parse("W1A").is_err(), "W never leads");
        assert_eq!(Fsa::parse(" k1p ").unwrap().as_str(), "K1P");
    }

    #[test]
    fn channel_addresses_validate_by_channel() {
        let sms = ChannelAddress::parse(ChannelKind::Sms, "416 555 0123").unwrap();
        assert_eq!(sms.address(), "+14165550123");
        assert!(ChannelAddress::parse(ChannelKind::Email, "nope").is_err());
        assert!(ChannelAddress::parse(ChannelKind::WebChat, "abc def").is_err());
        assert!(ChannelAddress::parse(ChannelKind::WebChat, "s_123").is_ok());
        for c in ChannelKind::ALL {
            assert_eq!(c.as_str().parse::<ChannelKind>().unwrap(), c);
        }
    }

    #[test]
    fn serde_goes_through_parse() {
        assert!(serde_json::from_str::<PhoneNumber>("\"not a phone\"").is_err());
        let fsa: Fsa = serde_json::from_str("\"m4c\"").unwrap();
        assert_eq!(fsa.as_str(), "M4C");
    }
}
