//! Safety invariants of the dialogue, over every state and many inputs:
//! - a crisis in any state gets the crisis reply and an urgent handoff;
//! - every phone number and service name in a reply comes from a directory record (or is one of
//!   the crisis lines in the texts);
//! - a reply promising a person or a follow-up comes with the event that makes it happen;
//! - arbitrary input (empty, 10 kB, emoji, mixed scripts, control characters) never panics and
//!   always gets a reply unless a navigator owns the conversation.

use async_trait::async_trait;
use frontdoor_core::conversation::{Author, Conversation, ConversationStatus, Direction, Message};
use frontdoor_core::dialogue::{DialoguePolicy, DialogueSettings, DialogueState, StateName};
use frontdoor_core::engine::{Engine, Ports, TurnInput};
use frontdoor_core::event::{CrisisKind, Event};
use frontdoor_core::localization::{LocaleSource, Texts};
use frontdoor_core::ports::*;
use frontdoor_core::types::*;
use std::path::Path;
use std::sync::Arc;

fn texts() -> Arc<Texts> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dialogs");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if entry.path().join("main.ftl").exists() {
            let lang = entry.file_name().to_string_lossy().into_owned();
            sources.push(LocaleSource {
                lang: LanguageTag::parse(&lang).unwrap(),
                ftl: std::fs::read_to_string(entry.path().join("main.ftl")).unwrap(),
                keywords: std::fs::read_to_string(entry.path().join("keywords.toml")).unwrap(),
            });
        }
    }
    Arc::new(Texts::new(&sources, &std::fs::read_to_string(dir.join("languages.toml")).unwrap()).unwrap())
}

/// Understanding driven by markers in the text, so tests choose what is understood.
struct Scripted;

impl Understanding for Scripted {
    fn understand(&self, text: &str, conversation_lang: Option<&LanguageTag>) -> Understood {
        let mut u = Understood {
            lang: conversation_lang.cloned().or(Some(LanguageTag::english())),
            lang_confidence: 0.95,
            ..Understood::default()
        };
        if text.contains("CRISIS") {
            u.crisis = Some(CrisisSignal {
                kind: CrisisKind::Suicide,
                confidence: 0.99,
            });
        }
        if text.contains("food") {
            u.needs.push(NeedScore {
                need: NeedLabel::Food,
                confidence: 0.9,
            });
        }
        if text.contains("rent") {
            u.needs.push(NeedScore {
                need: NeedLabel::Housing,
                confidence: 0.45,
            });
            u.needs.push(NeedScore {
                need: NeedLabel::Income,
                confidence: 0.4,
            });
        }
        if text.contains("K1P") {
            u.location = Some(Located {
                name: "K1P".into(),
                fsa: Some(Fsa::parse("K1P").unwrap()),
                point: GeoPoint {
                    lat: 45.42,
                    lon: -75.69,
                },
            });
        }
        u
    }
}

/// A directory of three fixed records.
struct Fixed;

fn records() -> Vec<Referral> {
    (1..=5)
        .map(|i| Referral {
            service_id: ServiceId::parse(&format!("svc-{i}")).unwrap(),
            name: format!("Riverside Food Bank {i}"),
            organization: "Riverside Community".into(),
            phone: Some(format!("613-555-01{i:02}")),
            address: Some(format!("{i}00 Bank St, Ottawa")),
            hours: Some("Mon-Fri 9:00-17:00".into()),
            distance_km: Some(1.5),
            open_now: Some(true),
            score: 0.9,
            why: vec![],
        })
        .collect()
}

#[async_trait]
impl Directory for Fixed {
    async fn search(&self, q: &DirectoryQuery) -> Result<Vec<Referral>, DirectoryError> {
        Ok(records().into_iter().skip(q.offset).take(q.limit).collect())
    }
}

fn engine() -> Engine {
    let ports = Ports {
        understanding: Arc::new(Scripted),
        directory: Some(Arc::new(Fixed)),
        queue: None,
    };
    Engine::new(
        ports,
        Arc::new(DialoguePolicy::new(texts(), DialogueSettings::default())),
    )
}

fn conversation(channel: ChannelKind, state: StateName, status: ConversationStatus) -> Conversation {
    let address = match channel {
        ChannelKind::Sms => "+14165550199",
        ChannelKind::Email => "p@example.org",
        _ => "session-1",
    };
    let st = DialogueState {
        state,
        welcomed: state != StateName::Start,
        need: Some(NeedLabel::Food),
        ..DialogueState::default()
    };
    Conversation {
        id: ConversationId::new(),
        contact_id: ContactId::new(),
        address: ChannelAddress::parse(channel, address).unwrap(),
        status,
        lang: Some(LanguageTag::english()),
        state: serde_json::to_value(st).unwrap(),
        started_at: Timestamp(0),
        updated_at: Timestamp(0),
    }
}

fn message(conv: &Conversation, text: &str) -> Message {
    Message {
        id: MessageId::new(),
        conversation_id: conv.id,
        seq: 1,
        direction: Direction::Inbound,
        author: Author::Person,
        text: text.into(),
        provider_id: None,
        created_at: Timestamp(0),
    }
}

const NOW: Timestamp = Timestamp(1_795_449_600_000);

async fn turn(engine: &Engine, conv: &Conversation, text: &str) -> TurnOutcome {
    let msg = message(conv, text);
    engine
        .handle(TurnInput {
            conversation: conv,
            inbound: &msg,
            history: &[],
            now: NOW,
        })
        .await
}

const ALL_STATES: [StateName; 10] = [
    StateName::Start,
    StateName::AwaitingNeed,
    StateName::ConfirmLanguage,
    StateName::ClarifyNeed,
    StateName::OfferNavigator,
    StateName::AwaitingLocation,
    StateName::ShowingReferrals,
    StateName::FollowUpOffer,
    StateName::Handoff,
    StateName::Closed,
];

#[tokio::test]
async fn a_crisis_in_any_state_gets_the_crisis_reply_and_an_urgent_handoff() {
    let engine = engine();
    for channel in [ChannelKind::Sms, ChannelKind::WebChat, ChannelKind::Email] {
        for state in ALL_STATES {
            let status = if state == StateName::Handoff {
                ConversationStatus::Handoff
            } else {
                ConversationStatus::Bot
            };
            let conv = conversation(channel, state, status);
            let out = turn(&engine, &conv, "CRISIS").await;
            let reply = out
                .replies
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                reply.contains("911") && reply.contains("9-8-8"),
                "{channel} {state:?}: {reply}"
            );
            let handoff = out
                .handoff
                .as_ref()
                .unwrap_or_else(|| panic!("{channel} {state:?}: no handoff"));
            assert!(handoff.urgent, "{channel} {state:?}: the handoff must be urgent");
            assert_eq!(out.conversation.status, ConversationStatus::Handoff);
            assert!(out.events.iter().any(|e| matches!(e, Event::CrisisDetected { .. })));
        }
    }
}

/// Phone-number-like runs of digits in a text (7+ digits once separators are removed).
fn phones_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_digit() {
            current.push(c);
        } else if matches!(c, '-' | '.' | '(' | ')') || (c == ' ' && !current.is_empty() && current.len() < 11) {
            continue;
        } else {
            if current.len() >= 7 {
                found.push(current.clone());
            }
            current.clear();
        }
    }
    found
}

#[tokio::test]
async fn every_phone_and_service_name_in_a_reply_comes_from_a_record_or_the_crisis_lines() {
    let engine = engine();
    let texts = texts();
    let mut allowed: Vec<String> = records()
        .iter()
        .filter_map(|r| r.phone.clone())
        .flat_map(|p| phones_in(&p))
        .collect();
    for lang in texts.languages() {
        let lines = texts.get(lang, "crisis-lines", &[]);
        allowed.extend(phones_in(&lines));
        allowed.extend(phones_in(&texts.get(lang, "location-not-found", &[])));
    }
    let inputs = [
        "hi",
        "I need food",
        "food near K1P",
        "1",
        "more",
        "2",
        "rent",
        "K1P",
        "thanks",
        "yes",
        "CRISIS",
    ];
    for channel in [ChannelKind::Sms, ChannelKind::WebChat, ChannelKind::Email] {
        for state in ALL_STATES {
            for input in inputs {
                let conv = conversation(channel, state, ConversationStatus::Bot);
                let out = turn(&engine, &conv, input).await;
                for reply in &out.replies {
                    for phone in phones_in(&reply.text) {
                        assert!(
                            allowed.contains(&phone),
                            "{channel} {state:?} {input:?}: invented phone {phone} in {}",
                            reply.text
                        );
                    }
                    if reply.text.contains("Food Bank") {
                        let named_ok = records().iter().any(|r| reply.text.contains(&r.name));
                        assert!(named_ok, "a service name not in a record: {}", reply.text);
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn promises_come_with_the_events_that_keep_them() {
    let engine = engine();
    let texts = texts();
    let en = LanguageTag::english();
    let queued = texts.get(
        &en,
        "handoff-queued",
        &[("position", "1".into()), ("minutes", "5".into())],
    );
    let queued_prefix: String = queued.chars().take(20).collect();
    let follow_up = texts.get(&en, "follow-up-scheduled", &[("days", "3".into())]);
    let follow_up_prefix: String = follow_up.chars().take(20).collect();
    let inputs = ["person", "yes", "1", "2", "thanks", "bye", "food", "CRISIS", "no"];
    for state in ALL_STATES {
        for input in inputs {
            let mut conv = conversation(ChannelKind::Sms, state, ConversationStatus::Bot);
            let mut st: DialogueState = serde_json::from_value(conv.state.clone()).unwrap();
            st.referred = true;
            conv.state = serde_json::to_value(st).unwrap();
            let out = turn(&engine, &conv, input).await;
            let reply = out
                .replies
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if reply.contains(&queued_prefix) {
                assert!(
                    out.handoff.is_some(),
                    "{state:?} {input:?}: promised a person without a handoff"
                );
            }
            if reply.contains(&follow_up_prefix) {
                assert!(
                    out.events.iter().any(|e| matches!(e, Event::FollowUpScheduled { .. })),
                    "{state:?} {input:?}: promised a follow-up without scheduling it"
                );
            }
        }
    }
}

/// A small deterministic generator (xorshift), so the fuzz corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "",
            " ",
            "food",
            "rent",
            "K1P",
            "1",
            "more",
            "😀",
            "🏳️‍🌈",
            "\u{0}",
            "\u{7}",
            "\r\n",
            "\u{202e}",
            "مرحبا",
            "你好",
            "ਸਤ ਸ੍ਰੀ ਅਕਾਲ",
            "Привет",
            "é",
            "<script>alert(1)</script>",
            "'; DROP TABLE messages; --",
            "\u{feff}",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "ok",
            "yes",
            "no",
            "person",
            "\t",
            "CRISIS",
        ];
        let n = (self.next() % 12) as usize;
        (0..n)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

#[tokio::test]
async fn arbitrary_input_never_panics_and_always_gets_a_reply() {
    let engine = engine();
    let mut rng = Rng(0x211_211_211);
    let mut inputs: Vec<String> = (0..400).map(|_| rng.text()).collect();
    inputs.push("x".repeat(10_000));
    inputs.push("😀".repeat(2_500));
    inputs.push((0u8..32).map(char::from).collect());
    inputs.push("\u{0}".repeat(100));
    for (i, input) in inputs.iter().enumerate() {
        let state = ALL_STATES[i % ALL_STATES.len()];
        let channel = [ChannelKind::Sms, ChannelKind::WebChat, ChannelKind::Email][i % 3];
        let status = if state == StateName::Handoff {
            ConversationStatus::Handoff
        } else {
            ConversationStatus::Bot
        };
        let conv = conversation(channel, state, status);
        let out = turn(&engine, &conv, input).await;
        let silent_ok = status == ConversationStatus::Handoff && !input.contains("CRISIS");
        assert!(silent_ok || !out.replies.is_empty(), "{state:?} {input:?}: no reply");
        assert!(
            out.replies.iter().all(|r| !r.text.trim().is_empty()),
            "{state:?}: an empty reply"
        );
        // The state must still deserialize for the next turn.
        serde_json::from_value::<DialogueState>(out.conversation.state.clone()).unwrap();
    }
}
