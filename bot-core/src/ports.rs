//! The ports: traits the adapters (store, models, directory, channels) implement. The core and
//! the server depend on these, never on an adapter's concrete type.

use crate::conversation::{Conversation, Inbound, Message, OutboundDraft};
use crate::event::{CrisisKind, Event, HandoffReason, HandoffRequest};
use crate::types::{
    ChannelAddress, ChannelKind, ConversationId, Fsa, HandoffId, LanguageTag, MessageId, NeedLabel, ServiceId,
    Timestamp,
};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub use crate::clock::Clock;

// ---------------------------------------------------------------------------------------------
// Store

/// A store failure. Messages name what failed, never the personal data involved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The database refused or failed.
    #[error("database: {0}")]
    Backend(String),
    /// Stored data could not be read back into domain types.
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

/// What storing an inbound message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundReceipt {
    /// The stored message (the earlier one for a duplicate).
    pub message_id: MessageId,
    /// The conversation it joined.
    pub conversation_id: ConversationId,
    /// True when the provider id was seen before: nothing new was stored.
    pub duplicate: bool,
}

/// Everything a turn changes, committed atomically with the inbound message marked processed.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnOutcome {
    /// The conversation after the turn (status, language, dialogue state).
    pub conversation: Conversation,
    /// Replies, each stored as an outbound message with an outbox entry.
    pub replies: Vec<OutboundDraft>,
    /// Interaction events.
    pub events: Vec<Event>,
    /// A request to queue the conversation for a navigator.
    pub handoff: Option<HandoffRequest>,
}

/// One turn in progress: the conversation is locked (one worker per conversation, across
/// server instances on PostgreSQL) until it is committed or dropped.
#[async_trait]
pub trait TurnTx: Send {
    /// The conversation as stored before this turn.
    fn conversation(&self) -> &Conversation;
    /// The oldest unprocessed inbound message of the conversation.
    fn inbound(&self) -> &Message;
    /// The messages before it, oldest first (bounded).
    fn history(&self) -> &[Message];
    /// Stores the outcome and marks the inbound message processed, atomically.
    async fn commit(self: Box<Self>, outcome: TurnOutcome, now: Timestamp) -> Result<(), StoreError>;
}

/// An outbox entry claimed for sending.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    /// The outbound message; also the idempotency key senders pass to providers.
    pub message_id: MessageId,
    /// Its conversation.
    pub conversation_id: ConversationId,
    /// Where it goes.
    pub to: ChannelAddress,
    /// What it says (and quick replies).
    pub draft: OutboundDraft,
    /// Which attempt this is (1 for the first).
    pub attempt: u32,
    /// Proof of the claim: completing or failing with a stale token does nothing.
    pub lease_token: uuid::Uuid,
}

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for its (next) attempt.
    Pending,
    /// Claimed by a sender whose lease has not expired.
    Sending,
    /// Delivered to the provider.
    Sent,
    /// Gave up: permanent error or too many attempts. Visible to navigators.
    Dead,
}

impl OutboxStatus {
    /// The stable name stored in databases.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Dead => "dead",
        }
    }

    /// Reads a stored name back.
    pub fn from_db(s: &str) -> Option<Self> {
        [Self::Pending, Self::Sending, Self::Sent, Self::Dead]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// How the outbox retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before an entry is dead-lettered.
    pub max_attempts: u32,
    /// Delay after the first failure; doubles each time.
    pub base_delay: Duration,
    /// Upper bound of the delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// The delay before attempt `attempt + 1`, after `attempt` failed (exponential, capped).
    pub fn delay_after(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        exp.min(self.max_delay).max(retry_after.unwrap_or_default())
    }
}

/// What happened to a failed send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Scheduled again at this time.
    Retrying { next_attempt_at: Timestamp },
    /// Dead-lettered.
    Dead,
    /// The lease had expired: another sender owns the entry now; nothing changed.
    LeaseLost,
}

/// A queued or active request for a navigator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    /// Its id.
    pub id: HandoffId,
    /// The conversation.
    pub conversation_id: ConversationId,
    /// Why.
    pub reason: HandoffReason,
    /// Crisis first.
    pub urgent: bool,
    /// queued, assigned, active, resolved, returned.
    pub status: String,
    /// For routing.
    pub need: Option<NeedLabel>,
    /// For routing.
    pub lang: Option<LanguageTag>,
    /// When it was queued.
    pub created_at: Timestamp,
    /// The navigator who owns it, once claimed.
    #[serde(default)]
    pub navigator_id: Option<crate::inbox::NavigatorId>,
}

/// A stored interaction event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The event.
    pub event: Event,
    /// When.
    pub at: Timestamp,
}

/// Counts for readiness and metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    /// Waiting.
    pub pending: i64,
    /// Claimed.
    pub sending: i64,
    /// Delivered.
    pub sent: i64,
    /// Given up.
    pub dead: i64,
}

/// Durable storage: contacts, conversations, messages, the outbox, handoffs and events.
/// Implemented for SQLite (default) and PostgreSQL; one shared test suite checks both.
#[async_trait]
pub trait Store: Send + Sync {
    /// Stores an inbound message before it is acknowledged, creating the contact and an open
    /// conversation as needed. A provider id seen before stores nothing (`duplicate`).
    async fn record_inbound(&self, inbound: &Inbound) -> Result<InboundReceipt, StoreError>;

    /// Marks an inbound message as handled without a dialogue turn (an SMS opt-out keyword is
    /// kept on record but not answered). Returns false when it was already processed.
    async fn mark_processed(&self, message: MessageId) -> Result<bool, StoreError>;

    /// Locks the conversation and returns its oldest unprocessed inbound message, or `None`
    /// when nothing is pending. Waits while another worker holds the conversation.
    async fn begin_turn(&self, conversation: ConversationId) -> Result<Option<Box<dyn TurnTx>>, StoreError>;

    /// Conversations with unprocessed inbound messages (recovery after a crash), oldest first.
    async fn conversations_with_pending(&self, limit: u32) -> Result<Vec<ConversationId>, StoreError>;

    /// Claims up to `limit` due outbox entries (pending and due, or sending with an expired
    /// lease) for `lease`. Two senders never hold the same entry.
    async fn claim_outbox(
        &self,
        channels: &[ChannelKind],
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError>;

    /// Marks a claimed entry sent. Returns false (and changes nothing) if the lease was lost.
    async fn complete_outbox(
        &self,
        item: &OutboxItem,
        provider_id: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Records a failed attempt: retry later, or dead-letter when `permanent` or out of attempts.
    async fn fail_outbox(
        &self,
        item: &OutboxItem,
        error: &str,
        permanent: bool,
        retry_after: Option<Duration>,
        policy: &RetryPolicy,
        now: Timestamp,
    ) -> Result<FailureOutcome, StoreError>;

    /// Gives claimed entries back (graceful shutdown): they become pending and due at once.
    async fn release_outbox(&self, items: &[OutboxItem]) -> Result<(), StoreError>;

    /// The outbox state of one outbound message.
    async fn outbox_status(&self, message: MessageId) -> Result<Option<(OutboxStatus, u32)>, StoreError>;

    /// Outbox counts by status.
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;

    /// One conversation.
    async fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>, StoreError>;

    // ---- the navigator inbox ----

    /// One handoff, whatever its status.
    async fn handoff(&self, id: HandoffId) -> Result<Option<Handoff>, StoreError>;

    /// Creates or updates a navigator (profile, password hash, presence, lockout).
    async fn save_navigator(&self, navigator: &crate::inbox::Navigator) -> Result<(), StoreError>;

    /// Applies one change to a navigator atomically (sign-in outcome, presence).
    async fn change_navigator(
        &self,
        id: crate::inbox::NavigatorId,
        change: &crate::inbox::NavigatorChange,
    ) -> Result<(), StoreError>;

    /// A navigator by username.
    async fn navigator_named(&self, username: &str) -> Result<Option<crate::inbox::Navigator>, StoreError>;

    /// A navigator by id.
    async fn navigator(&self, id: crate::inbox::NavigatorId) -> Result<Option<crate::inbox::Navigator>, StoreError>;

    /// Every navigator, by username.
    async fn navigators(&self) -> Result<Vec<crate::inbox::Navigator>, StoreError>;

    /// Records a signed-in browser.
    async fn create_session(&self, session: &crate::inbox::NavigatorSession) -> Result<(), StoreError>;

    /// A session that has not expired.
    async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<crate::inbox::NavigatorSession>, StoreError>;

    /// Signs a browser out.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Deletes the sessions that expired at or before `now`; returns how many.
    async fn purge_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError>;

    /// Claims a queued handoff; false when someone else got it first.
    async fn claim_handoff(
        &self,
        id: HandoffId,
        navigator: crate::inbox::NavigatorId,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Moves an owned handoff to another navigator, or back to the queue (`to` = None).
    async fn transfer_handoff(
        &self,
        id: HandoffId,
        from: crate::inbox::NavigatorId,
        to: Option<crate::inbox::NavigatorId>,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// A reply from the navigator who owns the handoff, through the outbox; None when they do not.
    async fn navigator_reply(
        &self,
        handoff: HandoffId,
        navigator: crate::inbox::NavigatorId,
        text: &str,
        now: Timestamp,
    ) -> Result<Option<MessageId>, StoreError>;

    /// Resolves (with a disposition) or returns to the bot; false when not the owner.
    async fn finish_handoff(
        &self,
        id: HandoffId,
        navigator: crate::inbox::NavigatorId,
        end: &crate::inbox::HandoffEnd,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Assigns queued handoffs automatically (crisis first, then longest wait) to the navigator
    /// `route` picks for each, writing an `assigned_automatically` audit entry for each in the
    /// same transaction; atomic across servers.
    async fn assign_queued(
        &self,
        now: Timestamp,
        route: &crate::inbox::Router,
    ) -> Result<Vec<(HandoffId, crate::inbox::NavigatorId)>, StoreError>;

    /// Puts back in the queue the handoffs assigned before `cutoff` that their navigator has
    /// not answered, marking those navigators away and writing a `requeued_unanswered` audit
    /// entry for each; returns them with the navigator each had. Atomic across servers, like
    /// [`Store::assign_queued`].
    async fn requeue_unanswered(
        &self,
        now: Timestamp,
        cutoff: Timestamp,
    ) -> Result<Vec<(HandoffId, crate::inbox::NavigatorId)>, StoreError>;

    /// Erases the text and addresses of conversations closed before `cutoff` (data retention),
    /// keeping their anonymised events, and the SMS route (the helpline number written to) of
    /// people with no open or later SMS conversation who have not written since; returns how
    /// many messages were erased.
    async fn erase_closed_before(&self, cutoff: Timestamp) -> Result<u64, StoreError>;

    /// Appends to the audit log.
    async fn audit(&self, entry: &crate::inbox::AuditEntry) -> Result<(), StoreError>;

    /// The latest audit entries, newest first.
    async fn audit_log(&self, limit: u32) -> Result<Vec<crate::inbox::AuditEntry>, StoreError>;

    /// The most recent conversation at a channel address (to resume a web chat session).
    async fn latest_conversation(&self, address: &ChannelAddress) -> Result<Option<Conversation>, StoreError>;

    /// Conversations started at or after `since`, oldest first (for interaction records).
    async fn conversations_since(&self, since: Timestamp, limit: u32) -> Result<Vec<Conversation>, StoreError>;

    /// A conversation's messages, in order.
    async fn messages(&self, id: ConversationId) -> Result<Vec<Message>, StoreError>;

    /// A conversation's events, in order.
    async fn events(&self, id: ConversationId) -> Result<Vec<EventRecord>, StoreError>;

    /// Handoffs not yet resolved: urgent first, then longest waiting.
    async fn open_handoffs(&self) -> Result<Vec<Handoff>, StoreError>;

    /// Records that a contact opted out of (or back into) messages; `why` is logged for staff
    /// (`keyword`, `provider_unsubscribed`, `keyword_resume`). Returns true when it changed.
    async fn set_opted_out(
        &self,
        address: &ChannelAddress,
        opted_out: bool,
        why: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// True when the contact opted out. The outbox never sends to such a contact.
    async fn is_opted_out(&self, address: &ChannelAddress) -> Result<bool, StoreError>;

    /// Records a provider's delivery report for the message it knows as `provider_id`.
    /// Returns false when no sent message has that id.
    async fn record_delivery(
        &self,
        channel: ChannelKind,
        provider_id: &str,
        status: &str,
        error: Option<&str>,
    ) -> Result<bool, StoreError>;

    /// The latest delivery report of an outbound message: (status, error).
    async fn delivery(&self, message: MessageId) -> Result<Option<(String, Option<String>)>, StoreError>;

    /// True when the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

// ---------------------------------------------------------------------------------------------
// Understanding

/// A need with the classifier's calibrated confidence (0..1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NeedScore {
    /// The label.
    pub need: NeedLabel,
    /// Calibrated probability.
    pub confidence: f32,
}

/// A detected risk to life.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrisisSignal {
    /// What kind.
    pub kind: CrisisKind,
    /// How sure (0..1).
    pub confidence: f32,
}

/// What understanding made of one message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Understood {
    /// Detected language, if any.
    pub lang: Option<LanguageTag>,
    /// Confidence of the language (0..1).
    pub lang_confidence: f32,
    /// Written in a script or language no supported language covers (Ethiopic, syllabics...):
    /// the person needs a navigator with an interpreter.
    #[serde(default)]
    pub needs_interpreter: bool,
    /// Needs, most likely first.
    pub needs: Vec<NeedScore>,
    /// A crisis signal, if any.
    pub crisis: Option<CrisisSignal>,
    /// A postal-code area named in the message.
    pub fsa: Option<Fsa>,
    /// An Ontario place or postal code named in the message, resolved to coordinates.
    pub location: Option<Located>,
}

/// A place a person named, resolved by the gazetteer: coarse (a municipality, neighbourhood or
/// postal-code area centre), never a street address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Located {
    /// What to call it back to the person ("Scarborough", "K1P").
    pub name: String,
    /// Its postal-code area, when known: the only location detail kept for reports.
    pub fsa: Option<Fsa>,
    /// Its centre.
    pub point: GeoPoint,
}

/// How long the navigator queue is, for telling people their place in line.
#[async_trait]
pub trait HandoffQueue: Send + Sync {
    /// Open handoffs that would be served before a new one (all urgent ones, for an urgent one).
    async fn waiting_ahead(&self, urgent: bool) -> usize;
}

/// Language, need, crisis and entities of a message.
pub trait Understanding: Send + Sync {
    /// Understands `text`; `conversation_lang` is the fallback for very short messages.
    fn understand(&self, text: &str, conversation_lang: Option<&LanguageTag>) -> Understood;
}

/// An understanding that understands nothing: for tests of the plumbing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoUnderstanding;

impl Understanding for NoUnderstanding {
    fn understand(&self, _text: &str, conversation_lang: Option<&LanguageTag>) -> Understood {
        Understood {
            lang: conversation_lang.cloned(),
            ..Understood::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Directory

/// A point on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Degrees north.
    pub lat: f64,
    /// Degrees east.
    pub lon: f64,
}

/// A directory search.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectoryQuery {
    /// The person's words.
    pub text: String,
    /// Their language.
    pub lang: Option<LanguageTag>,
    /// The understood need (boosts services with matching taxonomy).
    pub need: Option<NeedLabel>,
    /// Where they are.
    pub near: Option<GeoPoint>,
    /// Results to skip ("more").
    pub offset: usize,
    /// Results to return.
    pub limit: usize,
    /// When "open now" means.
    pub at: Option<Timestamp>,
}

/// A service referral, everything in it taken from a directory record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    /// The record's id.
    pub service_id: ServiceId,
    /// Service name.
    pub name: String,
    /// Organisation name.
    pub organization: String,
    /// Main phone, as the record gives it.
    pub phone: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// Hours, as text.
    pub hours: Option<String>,
    /// Distance from the person, when known.
    pub distance_km: Option<f64>,
    /// Open at the query time, when the schedule says.
    pub open_now: Option<bool>,
    /// Ranking score.
    pub score: f32,
    /// Why it matched (for navigators).
    pub why: Vec<String>,
}

/// A directory failure.
#[derive(Debug, thiserror::Error)]
#[error("directory: {0}")]
pub struct DirectoryError(pub String);

/// The service directory.
#[async_trait]
pub trait Directory: Send + Sync {
    /// Ranked services for a query.
    async fn search(&self, query: &DirectoryQuery) -> Result<Vec<Referral>, DirectoryError>;
}

// ---------------------------------------------------------------------------------------------
// Channels

/// A send that did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Try again later (network, 429, 5xx).
    #[error("temporary: {reason}")]
    Retry {
        /// What went wrong (no personal data).
        reason: String,
        /// The provider's Retry-After, if any.
        retry_after: Option<Duration>,
    },
    /// Do not retry (bad number, unsubscribed, refused).
    #[error("permanent: {reason}")]
    Permanent {
        /// What went wrong (no personal data).
        reason: String,
    },
}

/// Sends outbox entries on one channel.
#[async_trait]
pub trait OutboundSender: Send + Sync {
    /// The channel it serves.
    fn channel(&self) -> ChannelKind;
    /// Delivers one message; returns the provider's id for it, if any.
    async fn send(&self, item: &OutboxItem) -> Result<Option<String>, SendError>;
}
