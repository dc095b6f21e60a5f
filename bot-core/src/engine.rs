//! The dialogue engine: one entry point, [`Engine::handle`], from a conversation and an inbound
//! message to replies, events and the conversation's next state. The engine does no I/O of its
//! own; it asks the understanding and directory ports and leaves storing to the caller.

use crate::conversation::{Conversation, ConversationStatus, Message, OutboundDraft};
use crate::event::{Event, HandoffReason, HandoffRequest};
use crate::ports::{Directory, DirectoryQuery, TurnOutcome, Understanding, Understood};
use crate::types::{NeedLabel, Timestamp};
use async_trait::async_trait;
use std::sync::Arc;

/// What a turn starts from.
#[derive(Debug, Clone, Copy)]
pub struct TurnInput<'a> {
    /// The conversation before the turn.
    pub conversation: &'a Conversation,
    /// The person's message.
    pub inbound: &'a Message,
    /// Earlier messages, oldest first.
    pub history: &'a [Message],
    /// The time of the turn.
    pub now: Timestamp,
}

/// The ports a policy may consult.
#[derive(Clone)]
pub struct Ports {
    /// Language, need, crisis.
    pub understanding: Arc<dyn Understanding>,
    /// The service directory, when one is loaded.
    pub directory: Option<Arc<dyn Directory>>,
    /// The navigator queue, when the store can tell its length.
    pub queue: Option<Arc<dyn crate::ports::HandoffQueue>>,
}

/// A dialogue policy: decides what to say. The engine runs one.
#[async_trait]
pub trait Policy: Send + Sync {
    /// Produces the turn's outcome.
    async fn respond(&self, input: TurnInput<'_>, understood: &Understood, ports: &Ports) -> TurnOutcome;
}

/// The dialogue engine.
#[derive(Clone)]
pub struct Engine {
    ports: Ports,
    policy: Arc<dyn Policy>,
}

impl Engine {
    /// An engine running `policy` over `ports`.
    pub fn new(ports: Ports, policy: Arc<dyn Policy>) -> Self {
        Self { ports, policy }
    }

    /// Handles one inbound message: understands it and lets the policy answer.
    pub async fn handle(&self, input: TurnInput<'_>) -> TurnOutcome {
        let understood = self
            .ports
            .understanding
            .understand(&input.inbound.text, input.conversation.lang.as_ref());
        self.policy.respond(input, &understood, &self.ports).await
    }
}

/// The foundation's policy, until the full dialogue replaces it: a welcome on first contact, the
/// crisis reply on a crisis signal, and otherwise the top referrals for the understood need.
#[derive(Debug, Default, Clone, Copy)]
pub struct MinimalPolicy;

const WELCOME: &str = "Hi, this is 211: free and confidential help finding community, health and social services. \
Tell me in a few words what you need help with. You can ask for a person at any time.";
const CRISIS: &str = "If you are in danger right now, call 911. If you are thinking about suicide, call or text 9-8-8 \
(Suicide Crisis Helpline, 24/7). I am connecting you with a person now.";
const NOTED: &str = "Thank you. I have noted what you need; a navigator can follow up with you here.";

#[async_trait]
impl Policy for MinimalPolicy {
    async fn respond(&self, input: TurnInput<'_>, understood: &Understood, ports: &Ports) -> TurnOutcome {
        let mut conversation = input.conversation.clone();
        conversation.updated_at = input.now;
        if conversation.lang.is_none() {
            conversation.lang = understood.lang.clone();
        }
        let mut outcome = TurnOutcome {
            conversation,
            replies: Vec::new(),
            events: Vec::new(),
            handoff: None,
        };
        if let Some(crisis) = understood.crisis {
            outcome.events.push(Event::CrisisDetected { crisis: crisis.kind });
            outcome.replies.push(OutboundDraft::bot(CRISIS));
            outcome.handoff = Some(HandoffRequest {
                reason: HandoffReason::Crisis,
                urgent: true,
                need: understood.needs.first().map(|n| n.need),
                lang: outcome.conversation.lang.clone(),
            });
            outcome.conversation.status = ConversationStatus::Handoff;
            return outcome;
        }
        if outcome.conversation.status != ConversationStatus::Bot {
            return outcome; // a navigator owns the conversation: the bot stays silent
        }
        let first_contact = input.history.is_empty();
        if first_contact {
            outcome.replies.push(OutboundDraft::bot(WELCOME));
        }
        let need = understood.needs.first().filter(|n| n.need != NeedLabel::Other);
        match (need, &ports.directory) {
            (Some(need), Some(directory)) => {
                outcome.events.push(Event::NeedRecorded {
                    need: need.need,
                    confidence: need.confidence,
                    taxonomy_code: need.need.taxonomy_code().to_owned(),
                });
                let query = DirectoryQuery {
                    text: input.inbound.text.clone(),
                    lang: outcome.conversation.lang.clone(),
                    need: Some(need.need),
                    near: None,
                    offset: 0,
                    limit: 3,
                    at: Some(input.now),
                };
                let referrals = directory.search(&query).await.unwrap_or_default();
                if referrals.is_empty() {
                    outcome.events.push(Event::UnmetNeed {
                        need: need.need,
                        reason: "no_match".into(),
                    });
                    outcome.replies.push(OutboundDraft::bot(NOTED));
                } else {
                    let lines: Vec<String> = referrals
                        .iter()
                        .enumerate()
                        .map(|(i, r)| format!("{}. {} — {}", i + 1, r.name, r.phone.as_deref().unwrap_or("")))
                        .collect();
                    outcome.events.push(Event::ReferralsGiven {
                        need: need.need,
                        services: referrals.iter().map(|r| r.service_id.clone()).collect(),
                    });
                    outcome.replies.push(OutboundDraft::bot(lines.join("\n")));
                }
            }
            _ if !first_contact => outcome.replies.push(OutboundDraft::bot(NOTED)),
            _ => {}
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::{Author, Direction};
    use crate::event::CrisisKind;
    use crate::ports::{CrisisSignal, NoUnderstanding};
    use crate::types::{ChannelAddress, ChannelKind, ContactId, ConversationId, MessageId};

    struct AlwaysCrisis;
    impl Understanding for AlwaysCrisis {
        fn understand(&self, _: &str, _: Option<&crate::types::LanguageTag>) -> Understood {
            Understood {
                crisis: Some(CrisisSignal {
                    kind: CrisisKind::Suicide,
                    confidence: 0.99,
                }),
                ..Understood::default()
            }
        }
    }

    fn conversation(status: ConversationStatus) -> Conversation {
        Conversation {
            id: ConversationId::new(),
            contact_id: ContactId::new(),
            address: ChannelAddress::parse(ChannelKind::Api, "person-1").unwrap(),
            status,
            lang: None,
            state: serde_json::Value::Null,
            started_at: Timestamp(0),
            updated_at: Timestamp(0),
        }
    }

    fn message(conversation: &Conversation, text: &str) -> Message {
        Message {
            id: MessageId::new(),
            conversation_id: conversation.id,
            seq: 1,
            direction: Direction::Inbound,
            author: Author::Person,
            text: text.into(),
            provider_id: None,
            created_at: Timestamp(0),
        }
    }

    fn engine(understanding: Arc<dyn Understanding>) -> Engine {
        Engine::new(
            Ports {
                understanding,
                directory: None,
                queue: None,
            },
            Arc::new(MinimalPolicy),
        )
    }

    #[tokio::test]
    async fn first_contact_gets_a_welcome_that_says_free_and_confidential() {
        let conv = conversation(ConversationStatus::Bot);
        let msg = message(&conv, "hello");
        let out = engine(Arc::new(NoUnderstanding))
            .handle(TurnInput {
                conversation: &conv,
                inbound: &msg,
                history: &[],
                now: Timestamp(5),
            })
            .await;
        assert_eq!(out.replies.len(), 1);
        assert!(out.replies[0].text.contains("free and confidential"));
        assert_eq!(out.conversation.updated_at, Timestamp(5));
    }

    #[tokio::test]
    async fn crisis_pre_empts_even_a_navigator_owned_conversation() {
        let conv = conversation(ConversationStatus::Handoff);
        let msg = message(&conv, "…");
        let out = engine(Arc::new(AlwaysCrisis))
            .handle(TurnInput {
                conversation: &conv,
                inbound: &msg,
                history: &[],
                now: Timestamp(5),
            })
            .await;
        assert!(out.replies[0].text.contains("9-8-8") && out.replies[0].text.contains("911"));
        assert_eq!(out.handoff.as_ref().map(|h| h.urgent), Some(true));
        assert!(matches!(
            out.events[0],
            Event::CrisisDetected {
                crisis: CrisisKind::Suicide
            }
        ));
    }

    #[tokio::test]
    async fn the_bot_stays_silent_while_a_navigator_owns_the_conversation() {
        let conv = conversation(ConversationStatus::Handoff);
        let msg = message(&conv, "are you there");
        let out = engine(Arc::new(NoUnderstanding))
            .handle(TurnInput {
                conversation: &conv,
                inbound: &msg,
                history: &[],
                now: Timestamp(5),
            })
            .await;
        assert!(out.replies.is_empty());
    }
}
