//! Delivery status callbacks: Twilio reports each outbound message's progress (`queued`, `sent`,
//! `delivered`, `undelivered`, `failed`...) to the `StatusCallback` URL the sender gave, signed
//! like any webhook. [`StatusUpdate`] is what the server needs to update the outbound message and,
//! on error 21610, to mark the contact opted out.

use super::config::AccountSid;
use super::form::FormParams;
use crate::Rejection;
use frontdoor_core::types::{PhoneNumber, ProviderMessageId};

/// Twilio's error for a send to someone who texted STOP.
pub const ERROR_UNSUBSCRIBED: u32 = 21610;

/// A message's state as Twilio reports it (`components.schemas.message_enum_status`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageStatus {
    Queued,
    Sending,
    Sent,
    Failed,
    Delivered,
    Undelivered,
    Receiving,
    Received,
    Accepted,
    Scheduled,
    Read,
    PartiallyDelivered,
    Canceled,
    /// A status Twilio added after this code was written, kept as sent.
    Other(String),
}

impl MessageStatus {
    /// Reads Twilio's name (`partially_delivered`).
    pub fn parse(raw: &str) -> Self {
        match raw.trim().to_ascii_lowercase().as_str() {
            "queued" => Self::Queued,
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "delivered" => Self::Delivered,
            "undelivered" => Self::Undelivered,
            "receiving" => Self::Receiving,
            "received" => Self::Received,
            "accepted" => Self::Accepted,
            "scheduled" => Self::Scheduled,
            "read" => Self::Read,
            "partially_delivered" => Self::PartiallyDelivered,
            "canceled" => Self::Canceled,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Twilio's name for it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Delivered => "delivered",
            Self::Undelivered => "undelivered",
            Self::Receiving => "receiving",
            Self::Received => "received",
            Self::Accepted => "accepted",
            Self::Scheduled => "scheduled",
            Self::Read => "read",
            Self::PartiallyDelivered => "partially_delivered",
            Self::Canceled => "canceled",
            Self::Other(s) => s,
        }
    }

    /// The message did not reach the person: navigators should see it.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Undelivered | Self::Canceled)
    }

    /// Nothing further will be reported (except possibly `read` after `delivered`).
    pub fn is_final(&self) -> bool {
        self.is_failure() || matches!(self, Self::Delivered | Self::Read)
    }
}

/// One delivery status callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate {
    /// The outbound message's SID, as the sender returned it from the REST API.
    pub message_sid: ProviderMessageId,
    /// Its new state.
    pub status: MessageStatus,
    /// Twilio's error code on `failed` / `undelivered`.
    pub error_code: Option<u32>,
    /// The account that sent it (the one whose token verified the callback).
    pub account_sid: AccountSid,
    /// The person the message was for, when Twilio says (it does for SMS).
    pub to: Option<PhoneNumber>,
}

impl StatusUpdate {
    /// The person had opted out at the carrier or at Twilio: stop messaging them.
    pub fn is_unsubscribed(&self) -> bool {
        self.error_code == Some(ERROR_UNSUBSCRIBED)
    }

    /// Reads an authenticated callback's parameters.
    pub(crate) fn from_params(params: &FormParams, account_sid: AccountSid) -> Result<Self, Rejection> {
        let sid = params
            .first_of(&["MessageSid", "SmsSid"])
            .ok_or_else(|| Rejection::Malformed("status callback has no MessageSid".into()))?;
        let message_sid = ProviderMessageId::parse(sid).map_err(|e| Rejection::Malformed(e.to_string()))?;
        let status = params
            .first_of(&["MessageStatus", "SmsStatus"])
            .map(MessageStatus::parse)
            .ok_or_else(|| Rejection::Malformed("status callback has no MessageStatus".into()))?;
        let error_code = match params.get("ErrorCode").map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(code) => Some(
                code.parse::<u32>()
                    .map_err(|_| Rejection::Malformed("ErrorCode is not a number".into()))?,
            ),
        };
        let to = params.get("To").and_then(|t| PhoneNumber::parse(t).ok());
        Ok(Self {
            message_sid,
            status,
            error_code,
            account_sid,
            to,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_twilio_names() {
        for name in [
            "queued",
            "sending",
            "sent",
            "failed",
            "delivered",
            "undelivered",
            "receiving",
            "received",
            "accepted",
            "scheduled",
            "read",
            "partially_delivered",
            "canceled",
        ] {
            let status = MessageStatus::parse(name);
            assert!(!matches!(status, MessageStatus::Other(_)), "{name}");
            assert_eq!(status.as_str(), name);
        }
        assert_eq!(
            MessageStatus::parse("teleported"),
            MessageStatus::Other("teleported".into())
        );
        assert!(MessageStatus::Undelivered.is_failure());
        assert!(!MessageStatus::Sent.is_final());
    }
}
