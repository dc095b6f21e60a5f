//! The interaction record planners report on: one per conversation, AIRS-style, folded from its
//! events. It holds labels, codes, ids, the channel, the language and the FSA; nothing else
//! personal (no text, no address, no phone number).

use crate::conversation::Conversation;
use crate::event::{CrisisKind, Event, HandoffReason};
use crate::ports::EventRecord;
use crate::types::{ChannelKind, ConversationId, Fsa, LanguageTag, NeedLabel, ServiceId, Timestamp};
use serde::Serialize;

/// What became of one need.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum NeedOutcome {
    /// Services were referred (whether the person got help is the follow-up's or the
    /// navigator's disposition).
    Referred,
    /// Nothing in the directory met it.
    Unmet {
        /// Why (`no_matching_service`...).
        reason: String,
    },
    /// Understood, but the conversation went elsewhere (handoff, goodbye) before referrals.
    NotServed,
    /// A navigator recorded it as met.
    Met,
}

/// One need of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedRecord {
    /// The label (DESIGN.md §5).
    pub need: NeedLabel,
    /// Its AIRS/211 taxonomy branch.
    pub taxonomy_code: String,
    /// The classifier's confidence when it was recorded.
    pub confidence: f32,
    /// Met, unmet or not served.
    pub outcome: NeedOutcome,
    /// Services referred for it.
    pub referrals: Vec<ServiceId>,
}

/// Whether the person agreed to be contacted again.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "consent", rename_all = "snake_case")]
pub enum FollowUp {
    /// Not offered.
    NotAsked,
    /// Agreed, due at this time.
    Accepted {
        /// When the check-in is due.
        due: Timestamp,
    },
    /// Declined.
    Declined,
}

/// The conversation's interaction record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InteractionRecord {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// SMS, web chat, email...
    pub channel: ChannelKind,
    /// The conversation's language.
    pub lang: Option<LanguageTag>,
    /// The person's area, FSA only.
    pub fsa: Option<Fsa>,
    /// When it started.
    pub started_at: Timestamp,
    /// Needs in the order they were recorded.
    pub needs: Vec<NeedRecord>,
    /// Crisis signals detected.
    pub crisis: Vec<CrisisKind>,
    /// The first handoff requested: why, and whether urgent.
    pub handoff: Option<(HandoffReason, bool)>,
    /// Follow-up consent.
    pub follow_up: FollowUp,
    /// A navigator resolved it with a disposition (outcomes are theirs, not the bot's).
    pub disposed_by_navigator: bool,
}

impl InteractionRecord {
    /// Folds a conversation's events into its record.
    pub fn from_events(conversation: &Conversation, events: &[EventRecord]) -> Self {
        let mut record = InteractionRecord {
            conversation_id: conversation.id,
            channel: conversation.channel(),
            lang: conversation.lang.clone(),
            fsa: None,
            started_at: conversation.started_at,
            needs: Vec::new(),
            crisis: Vec::new(),
            handoff: None,
            follow_up: FollowUp::NotAsked,
            disposed_by_navigator: false,
        };
        for e in events {
            match &e.event {
                Event::NeedRecorded {
                    need,
                    confidence,
                    taxonomy_code,
                } => {
                    if !record.needs.iter().any(|n| n.need == *need) {
                        record.needs.push(NeedRecord {
                            need: *need,
                            taxonomy_code: taxonomy_code.clone(),
                            confidence: *confidence,
                            outcome: NeedOutcome::NotServed,
                            referrals: Vec::new(),
                        });
                    }
                }
                Event::ReferralsGiven { need, services } => {
                    let entry = record.need_entry(*need);
                    entry.outcome = NeedOutcome::Referred;
                    entry.referrals.extend(
                        services
                            .iter()
                            .filter(|s| !entry.referrals.contains(s))
                            .cloned()
                            .collect::<Vec<_>>(),
                    );
                }
                Event::UnmetNeed { need, reason } => {
                    let entry = record.need_entry(*need);
                    if entry.outcome != NeedOutcome::Referred {
                        entry.outcome = NeedOutcome::Unmet { reason: reason.clone() };
                    }
                }
                Event::CrisisDetected { crisis } => record.crisis.push(*crisis),
                Event::LocationSet { fsa } => record.fsa = Some(fsa.clone()),
                Event::HandoffRequested { reason, urgent } => {
                    if record.handoff.is_none() || *urgent {
                        record.handoff = Some((*reason, *urgent));
                    }
                }
                Event::FollowUpScheduled { due } => record.follow_up = FollowUp::Accepted { due: *due },
                Event::FollowUpDeclined => record.follow_up = FollowUp::Declined,
                Event::HandoffResolved { needs } => {
                    for d in needs {
                        let entry = record.need_entry(d.need);
                        entry.outcome = if d.met {
                            NeedOutcome::Met
                        } else {
                            NeedOutcome::Unmet {
                                reason: d.reason.clone().unwrap_or_else(|| "unmet".into()),
                            }
                        };
                        for s in &d.referrals {
                            if !entry.referrals.contains(s) {
                                entry.referrals.push(s.clone());
                            }
                        }
                    }
                    record.disposed_by_navigator = true;
                }
                Event::LanguageSet { .. } | Event::ConversationClosed | Event::HandoffReturned => {}
            }
        }
        record
    }

    fn need_entry(&mut self, need: NeedLabel) -> &mut NeedRecord {
        if let Some(i) = self.needs.iter().position(|n| n.need == need) {
            return &mut self.needs[i];
        }
        self.needs.push(NeedRecord {
            need,
            taxonomy_code: need.taxonomy_code().to_owned(),
            confidence: 0.0,
            outcome: NeedOutcome::NotServed,
            referrals: Vec::new(),
        });
        self.needs.last_mut().expect("just pushed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::ConversationStatus;
    use crate::types::{ChannelAddress, ContactId};

    #[test]
    fn events_fold_into_one_record_without_personal_data() {
        let conversation = Conversation {
            id: ConversationId::new(),
            contact_id: ContactId::new(),
            address: ChannelAddress::parse(ChannelKind::Sms, "+14165550100").unwrap(),
            status: ConversationStatus::Bot,
            lang: Some(LanguageTag::parse("fr").unwrap()),
            state: serde_json::Value::Null,
            started_at: Timestamp(1),
            updated_at: Timestamp(2),
        };
        let at = |event| EventRecord {
            conversation_id: conversation.id,
            event,
            at: Timestamp(5),
        };
        let svc = ServiceId::parse("svc-1").unwrap();
        let events = vec![
            at(Event::NeedRecorded {
                need: NeedLabel::Food,
                confidence: 0.9,
                taxonomy_code: "BD".into(),
            }),
            at(Event::LocationSet {
                fsa: Fsa::parse("K1P").unwrap(),
            }),
            at(Event::ReferralsGiven {
                need: NeedLabel::Food,
                services: vec![svc.clone()],
            }),
            at(Event::NeedRecorded {
                need: NeedLabel::Legal,
                confidence: 0.7,
                taxonomy_code: "F".into(),
            }),
            at(Event::UnmetNeed {
                need: NeedLabel::Legal,
                reason: "no_matching_service".into(),
            }),
            at(Event::CrisisDetected {
                crisis: CrisisKind::Violence,
            }),
            at(Event::HandoffRequested {
                reason: HandoffReason::Crisis,
                urgent: true,
            }),
            at(Event::FollowUpDeclined),
        ];
        let record = InteractionRecord::from_events(&conversation, &events);
        assert_eq!(record.fsa.as_ref().map(|f| f.as_str()), Some("K1P"));
        assert_eq!(record.needs[0].outcome, NeedOutcome::Referred);
        assert_eq!(record.needs[0].referrals, vec![svc]);
        assert_eq!(
            record.needs[1].outcome,
            NeedOutcome::Unmet {
                reason: "no_matching_service".into()
            }
        );
        assert_eq!(record.crisis, vec![CrisisKind::Violence]);
        assert_eq!(record.handoff, Some((HandoffReason::Crisis, true)));
        assert_eq!(record.follow_up, FollowUp::Declined);
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.contains("4165550100"), "no phone number in a record: {json}");
    }
}
