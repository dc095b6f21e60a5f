//! `frontdoor chat`: type as a person would, read the bot's replies. Every message goes through
//! the same store, engine and outbox as on any channel (the terminal is its own channel).

use crate::config::Config;
use anyhow::{Context, Result};
use frontdoor_core::clock::{Clock, SystemClock};
use frontdoor_core::conversation::Inbound;
use frontdoor_core::engine::TurnInput;
use frontdoor_core::types::{ChannelAddress, ChannelKind};
use std::io::{BufRead, Write};
use std::time::Duration;

/// Runs a terminal conversation until end of input or `/quit`.
pub async fn run(config: Config) -> Result<()> {
    let store = frontdoor_store::connect(&config.database_url())
        .await
        .context("opening the store")?;
    let engine = crate::build_engine(None);
    let clock = SystemClock;
    let session = format!("terminal-{}", uuid::Uuid::new_v4().simple());
    let from = ChannelAddress::parse(ChannelKind::Terminal, &session)?;
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    writeln!(stdout, "Frontdoor chat — type a message, /quit to leave.")?;
    loop {
        write!(stdout, "> ")?;
        stdout.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            break;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.trim() == "/quit" {
            break;
        }
        let inbound = Inbound {
            from: from.clone(),
            text: line,
            provider_id: None,
            received_at: clock.now(),
        };
        let receipt = store.record_inbound(&inbound).await?;
        while let Some(turn) = store.begin_turn(receipt.conversation_id).await? {
            let now = clock.now();
            let outcome = engine
                .handle(TurnInput {
                    conversation: turn.conversation(),
                    inbound: turn.inbound(),
                    history: turn.history(),
                    now,
                })
                .await;
            turn.commit(outcome, now).await?;
        }
        let lease = Duration::from_secs(60);
        for item in store
            .claim_outbox(&[ChannelKind::Terminal], clock.now(), lease, 100)
            .await?
        {
            writeln!(stdout, "{}", item.draft.text)?;
            for choice in &item.draft.choices {
                writeln!(stdout, "  [{}] {}", choice.key, choice.label)?;
            }
            store.complete_outbox(&item, None, clock.now()).await?;
        }
    }
    Ok(())
}
