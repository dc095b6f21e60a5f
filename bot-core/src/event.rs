//! Interaction events: what happened in a conversation, in the words planners and navigators use.
//! They carry labels, codes and ids only, never message text or contact details.

use crate::types::{Fsa, LanguageTag, NeedLabel, ServiceId, Timestamp};
use serde::{Deserialize, Serialize};

/// The kinds of risk to life the crisis detector names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrisisKind {
    /// Suicidal ideation, direct or indirect.
    Suicide,
    /// Immediate danger from another person.
    Violence,
    /// An overdose or poisoning.
    Overdose,
    /// A medical emergency (chest pain, cannot breathe, stroke signs...).
    MedicalEmergency,
    /// A child in danger.
    ChildInDanger,
}

impl CrisisKind {
    /// The stable name used in events and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CrisisKind::Suicide => "suicide",
            CrisisKind::Violence => "violence",
            CrisisKind::Overdose => "overdose",
            CrisisKind::MedicalEmergency => "medical_emergency",
            CrisisKind::ChildInDanger => "child_in_danger",
        }
    }
}

/// Why a conversation goes to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    /// Risk to life: urgent, head of the queue.
    Crisis,
    /// The person asked for a person.
    Requested,
    /// The bot could not understand after clarifying.
    LowConfidence,
    /// The bot cannot serve the person's language.
    Language,
    /// The bot failed repeatedly.
    RepeatedFailure,
}

impl HandoffReason {
    /// The stable name stored in databases.
    pub fn as_str(self) -> &'static str {
        match self {
            HandoffReason::Crisis => "crisis",
            HandoffReason::Requested => "requested",
            HandoffReason::LowConfidence => "low_confidence",
            HandoffReason::Language => "language",
            HandoffReason::RepeatedFailure => "repeated_failure",
        }
    }

    /// Reads a stored name back.
    pub fn from_db(s: &str) -> Option<Self> {
        [
            Self::Crisis,
            Self::Requested,
            Self::LowConfidence,
            Self::Language,
            Self::RepeatedFailure,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A request, produced by a turn, to queue the conversation for a navigator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffRequest {
    /// Why.
    pub reason: HandoffReason,
    /// Crisis handoffs go ahead of every other.
    pub urgent: bool,
    /// The need understood so far, for routing.
    pub need: Option<NeedLabel>,
    /// The person's language, for routing (interpreters included).
    pub lang: Option<LanguageTag>,
}

/// Something that happened in a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A need was understood.
    NeedRecorded {
        need: NeedLabel,
        confidence: f32,
        taxonomy_code: String,
    },
    /// The crisis detector fired.
    CrisisDetected { crisis: CrisisKind },
    /// The conversation's language was set or changed.
    LanguageSet { lang: LanguageTag },
    /// The person's area, as an FSA only.
    LocationSet { fsa: Fsa },
    /// Services were referred.
    ReferralsGiven { need: NeedLabel, services: Vec<ServiceId> },
    /// Nothing matched the need.
    UnmetNeed { need: NeedLabel, reason: String },
    /// The conversation was queued for a navigator.
    HandoffRequested { reason: HandoffReason, urgent: bool },
    /// The person agreed to a follow-up at this time.
    FollowUpScheduled { due: Timestamp },
    /// The person declined the follow-up.
    FollowUpDeclined,
    /// The person ended the conversation.
    ConversationClosed,
    /// A navigator resolved the handoff with a disposition per need.
    HandoffResolved {
        /// Met or unmet, with reasons and referrals.
        needs: Vec<crate::inbox::NeedDisposition>,
    },
    /// A navigator handed the conversation back to the bot.
    HandoffReturned,
}

impl Event {
    /// The event's kind name, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::NeedRecorded { .. } => "need_recorded",
            Event::CrisisDetected { .. } => "crisis_detected",
            Event::LanguageSet { .. } => "language_set",
            Event::LocationSet { .. } => "location_set",
            Event::ReferralsGiven { .. } => "referrals_given",
            Event::UnmetNeed { .. } => "unmet_need",
            Event::HandoffRequested { .. } => "handoff_requested",
            Event::FollowUpScheduled { .. } => "follow_up_scheduled",
            Event::FollowUpDeclined => "follow_up_declined",
            Event::ConversationClosed => "conversation_closed",
            Event::HandoffResolved { .. } => "handoff_resolved",
            Event::HandoffReturned => "handoff_returned",
        }
    }
}
