//! Conversations and the messages in them.

use crate::types::{
    ChannelAddress, ChannelKind, ContactId, ConversationId, LanguageTag, MessageId, ProviderMessageId, Timestamp,
};
use serde::{Deserialize, Serialize};

/// Who is answering a conversation right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// The bot answers.
    Bot,
    /// Handed to navigators: the bot stays silent (but for crisis replies) until it is handed back.
    Handoff,
    /// Over; a new message from the same address starts a new conversation.
    Closed,
}

impl ConversationStatus {
    /// The stable name stored in databases.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Bot => "bot",
            ConversationStatus::Handoff => "handoff",
            ConversationStatus::Closed => "closed",
        }
    }

    /// Reads a stored name back.
    pub fn from_db(s: &str) -> Option<Self> {
        [Self::Bot, Self::Handoff, Self::Closed]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// One person's exchange with the helpline on one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// Its id.
    pub id: ConversationId,
    /// The person, as known by this channel address.
    pub contact_id: ContactId,
    /// Where replies go.
    pub address: ChannelAddress,
    /// Bot, handoff or closed.
    pub status: ConversationStatus,
    /// The language replies are written in, once known.
    pub lang: Option<LanguageTag>,
    /// The dialogue policy's own state (opaque to everything else; JSON so that it survives
    /// restarts and schema changes of the policy).
    pub state: serde_json::Value,
    /// When the first message arrived.
    pub started_at: Timestamp,
    /// When the last turn was processed.
    pub updated_at: Timestamp,
}

impl Conversation {
    /// The channel the conversation is on.
    pub fn channel(&self) -> ChannelKind {
        self.address.channel()
    }
}

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the person.
    Inbound,
    /// From the bot or a navigator.
    Outbound,
}

impl Direction {
    /// The stable name stored in databases.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "in",
            Direction::Outbound => "out",
        }
    }
}

/// Who wrote an outbound message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The person writing to the helpline.
    Person,
    /// Frontdoor's dialogue engine.
    Bot,
    /// A human navigator.
    Navigator,
}

impl Author {
    /// The stable name stored in databases.
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Person => "person",
            Author::Bot => "bot",
            Author::Navigator => "navigator",
        }
    }

    /// Reads a stored name back.
    pub fn from_db(s: &str) -> Option<Self> {
        [Self::Person, Self::Bot, Self::Navigator]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Its id (also the outbox idempotency key for outbound messages).
    pub id: MessageId,
    /// The conversation it belongs to.
    pub conversation_id: ConversationId,
    /// Order within the conversation, assigned when stored (1, 2, 3...).
    pub seq: i64,
    /// In or out.
    pub direction: Direction,
    /// Person, bot or navigator.
    pub author: Author,
    /// The text. Personal data: never log it.
    pub text: String,
    /// The provider's id, for inbound de-duplication.
    pub provider_id: Option<ProviderMessageId>,
    /// When it was stored.
    pub created_at: Timestamp,
}

/// What a channel adapter hands to the store: an authenticated, parsed inbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbound {
    /// The sender on its channel.
    pub from: ChannelAddress,
    /// The text the person wrote (already stripped of quotes for email).
    pub text: String,
    /// The provider's id, to drop duplicate deliveries.
    pub provider_id: Option<ProviderMessageId>,
    /// When the adapter received it.
    pub received_at: Timestamp,
}

/// A choice offered as a quick reply (a button on the web, a number on SMS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// What the person sends to pick it ("1", "2"...).
    pub key: String,
    /// What the choice says.
    pub label: String,
}

/// A reply the engine wants delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboundDraft {
    /// The text, already localized and rendered for the channel.
    pub text: String,
    /// Quick-reply choices, when the reply offers some.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Bot or navigator.
    pub author: Author,
}

impl OutboundDraft {
    /// A plain bot reply.
    pub fn bot(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            choices: Vec::new(),
            author: Author::Bot,
        }
    }
}
