//! Conversation scripts (DESIGN.md §6): YAML files of turns, each a person's `say` and the
//! expectations that must hold after the bot's reply. They run through the real engine and a
//! real (temporary SQLite) store, at a fixed clock so navigator hours do not depend on when the
//! script runs (a weekday at 11:00 in Ontario unless the script sets `at`, an RFC 3339 time).

use anyhow::{Context, Result};
use frontdoor_core::clock::{Clock, ManualClock};
use frontdoor_core::conversation::Inbound;
use frontdoor_core::dialogue::DialogueState;
use frontdoor_core::engine::Engine;
use frontdoor_core::event::Event;
use frontdoor_core::ports::Store;
use frontdoor_core::types::{ChannelAddress, ChannelKind, ConversationId, Timestamp};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// A conversation script.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// `sms`, `web` (or `web_chat`), `email` or `api`.
    pub channel: String,
    /// The language the script is written in (checked on every turn that sets no `lang`).
    #[serde(default)]
    pub lang: Option<String>,
    /// When the conversation happens (RFC 3339); default Monday 2026-11-23 11:00 Ontario time.
    #[serde(default)]
    pub at: Option<String>,
    /// What the script is about (not checked).
    #[serde(default)]
    pub description: Option<String>,
    /// The turns.
    pub turns: Vec<ScriptTurn>,
}

/// One turn and what must hold after the bot's reply.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptTurn {
    /// What the person writes.
    pub say: String,
    /// The need being served.
    #[serde(default)]
    pub need: Option<String>,
    /// The conversation's language.
    #[serde(default)]
    pub lang: Option<String>,
    /// Whether a crisis was detected in this turn.
    #[serde(default)]
    pub crisis: Option<bool>,
    /// Whether the conversation is with (or queued for) a person.
    #[serde(default)]
    pub handoff: Option<bool>,
    /// Substrings the reply must contain (case-insensitive).
    #[serde(default)]
    pub reply_contains: Vec<String>,
    /// At least this many referrals in the reply.
    #[serde(default)]
    pub referrals_min: Option<usize>,
    /// The dialogue state after the turn.
    #[serde(default)]
    pub state: Option<String>,
}

/// A failed expectation.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The script's file name.
    pub script: String,
    /// The turn (1-based; 0 for the script as a whole).
    pub turn: usize,
    /// What did not hold.
    pub reason: String,
}

/// What one turn produced, for transcripts.
#[derive(Debug, Clone)]
pub struct TurnRecord {
    /// The person's words.
    pub said: String,
    /// The bot's replies.
    pub replies: Vec<String>,
    /// The dialogue state after the turn.
    pub state: String,
}

/// Reads a script file.
pub fn load(path: &Path) -> Result<Script> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| format!("{} is not a conversation script", path.display()))
}

fn channel(name: &str) -> Result<ChannelKind> {
    Ok(match name.trim().to_ascii_lowercase().as_str() {
        "sms" | "text" => ChannelKind::Sms,
        "web" | "web_chat" | "webchat" | "chat" => ChannelKind::WebChat,
        "email" => ChannelKind::Email,
        "api" => ChannelKind::Api,
        other => anyhow::bail!("unknown channel `{other}` (sms, web, email, api)"),
    })
}

/// A fresh sender per script: scripts sharing a store must never share a conversation.
fn address(kind: ChannelKind) -> Result<ChannelAddress> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let id = uuid::Uuid::new_v4();
    let raw = match kind {
        ChannelKind::Sms => {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!("+1416{:07}", 5_550_000 + n % 10_000)
        }
        ChannelKind::Email => format!("person-{}@example.org", id.simple()),
        _ => format!("script-{}", id.simple()),
    };
    Ok(ChannelAddress::parse(kind, &raw)?)
}

/// Monday 23 November 2026, 11:00 in Ontario (16:00 UTC): within default navigator hours.
const DEFAULT_AT: i64 = 1_795_449_600_000;

/// Runs one script; returns its failures and transcript.
pub async fn run(engine: &Engine, store: &dyn Store, script: &Script, name: &str) -> (Vec<Failure>, Vec<TurnRecord>) {
    let fail = |turn: usize, reason: String| Failure {
        script: name.to_owned(),
        turn,
        reason,
    };
    let kind = match channel(&script.channel) {
        Ok(kind) => kind,
        Err(e) => return (vec![fail(0, e.to_string())], Vec::new()),
    };
    let start = match &script.at {
        Some(at) => match chrono::DateTime::parse_from_rfc3339(at) {
            Ok(t) => Timestamp(t.timestamp_millis()),
            Err(_) => return (vec![fail(0, format!("`at` is not an RFC 3339 time: {at}"))], Vec::new()),
        },
        None => Timestamp(DEFAULT_AT),
    };
    let from = match address(kind) {
        Ok(a) => a,
        Err(e) => return (vec![fail(0, e.to_string())], Vec::new()),
    };
    let clock = ManualClock::at(start);
    let mut failures = Vec::new();
    let mut records = Vec::new();
    for (i, turn) in script.turns.iter().enumerate() {
        clock.advance_millis(30_000);
        match run_turn(engine, store, &clock, &from, turn).await {
            Ok((record, observed)) => {
                for reason in check(script, turn, &record, &observed) {
                    failures.push(fail(i + 1, reason));
                }
                records.push(record);
            }
            Err(e) => {
                failures.push(fail(i + 1, format!("turn failed: {e:#}")));
                break;
            }
        }
    }
    (failures, records)
}

/// What a turn left behind, as the expectations see it.
struct Observed {
    need: Option<String>,
    lang: Option<String>,
    crisis: bool,
    handoff: bool,
    referrals: usize,
}

async fn run_turn(
    engine: &Engine,
    store: &dyn Store,
    clock: &ManualClock,
    from: &ChannelAddress,
    turn: &ScriptTurn,
) -> Result<(TurnRecord, Observed)> {
    let now = clock.now();
    let inbound = Inbound {
        from: from.clone(),
        text: turn.say.clone(),
        provider_id: None,
        received_at: now,
    };
    let receipt = store.record_inbound(&inbound).await?;
    let id: ConversationId = receipt.conversation_id;
    crate::processor::run_pending_turns(store, engine, id, now).await?;
    let mut replies = Vec::new();
    for item in store
        .claim_outbox(&[from.channel()], now, Duration::from_secs(60), 1000)
        .await?
    {
        if item.conversation_id == id {
            replies.push(item.draft.text.clone());
            store.complete_outbox(&item, None, now).await?;
        } else {
            store.release_outbox(&[item]).await?;
        }
    }
    let conversation = store.conversation(id).await?.context("conversation vanished")?;
    let state: DialogueState = serde_json::from_value(conversation.state.clone()).unwrap_or_default();
    let events: Vec<Event> = store
        .events(id)
        .await?
        .into_iter()
        .filter(|e| e.at == now)
        .map(|e| e.event)
        .collect();
    let observed = Observed {
        need: state.need.map(|n| n.as_str().to_owned()),
        lang: conversation.lang.as_ref().map(|l| l.as_str().to_owned()),
        crisis: events.iter().any(|e| matches!(e, Event::CrisisDetected { .. })),
        handoff: conversation.status == frontdoor_core::conversation::ConversationStatus::Handoff,
        referrals: events
            .iter()
            .map(|e| match e {
                Event::ReferralsGiven { services, .. } => services.len(),
                _ => 0,
            })
            .sum(),
    };
    let record = TurnRecord {
        said: turn.say.clone(),
        replies,
        state: state.state.as_str().to_owned(),
    };
    Ok((record, observed))
}

fn check(script: &Script, turn: &ScriptTurn, record: &TurnRecord, seen: &Observed) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(need) = &turn.need {
        if seen.need.as_deref() != Some(need.as_str()) {
            reasons.push(format!(
                "need: expected {need}, got {}",
                seen.need.as_deref().unwrap_or("none")
            ));
        }
    }
    if let Some(lang) = turn.lang.as_ref().or(script.lang.as_ref()) {
        if seen.lang.as_deref() != Some(lang.as_str()) {
            reasons.push(format!(
                "lang: expected {lang}, got {}",
                seen.lang.as_deref().unwrap_or("none")
            ));
        }
    }
    if let Some(crisis) = turn.crisis {
        if seen.crisis != crisis {
            reasons.push(format!("crisis: expected {crisis}, got {}", seen.crisis));
        }
    }
    if let Some(handoff) = turn.handoff {
        if seen.handoff != handoff {
            reasons.push(format!("handoff: expected {handoff}, got {}", seen.handoff));
        }
    }
    let reply = record.replies.join("\n").to_lowercase();
    for want in &turn.reply_contains {
        if !reply.contains(&want.to_lowercase()) {
            reasons.push(format!("reply does not contain {want:?}"));
        }
    }
    if let Some(min) = turn.referrals_min {
        if seen.referrals < min {
            reasons.push(format!("referrals: expected at least {min}, got {}", seen.referrals));
        }
    }
    if let Some(state) = &turn.state {
        if record.state != *state {
            reasons.push(format!("state: expected {state}, got {}", record.state));
        }
    }
    reasons
}

/// A temporary SQLite store for script runs, removed when dropped.
pub struct ScratchStore {
    /// The store.
    pub store: std::sync::Arc<dyn Store>,
    dir: std::path::PathBuf,
}

impl ScratchStore {
    /// Creates one under the system's temporary directory.
    pub async fn new() -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("frontdoor-scripts-{}", uuid::Uuid::new_v4().simple()));
        let store = frontdoor_store::SqliteStore::open(&dir.join("scripts.db")).await?;
        Ok(Self {
            store: std::sync::Arc::new(store),
            dir,
        })
    }
}

impl Drop for ScratchStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
