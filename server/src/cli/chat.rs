//! `frontdoor chat`: type as a person would, read the bot's replies. Every message goes through
//! the same store, engine and outbox as on any channel (the terminal is its own channel).

use crate::config::Config;
use anyhow::{Context, Result};
use frontdoor_core::clock::{Clock, SystemClock};
use frontdoor_core::conversation::Inbound;
use frontdoor_core::types::{ChannelAddress, ChannelKind};
use std::io::{BufRead, Write};
use std::time::Duration;

/// Runs a terminal conversation until end of input or `/quit`.
pub async fn run(config: Config) -> Result<()> {
    let store = frontdoor_store::connect(&config.database_url())
        .await
        .context("opening the store")?;
    let brains = crate::load_brains(&config).await?;
    let engine = crate::build_engine(&config, Some(store.clone()), None, Some(&brains))?;
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
        crate::processor::run_pending_turns(store.as_ref(), &engine, receipt.conversation_id, clock.now()).await?;
        let lease = Duration::from_secs(60);
        for item in store
            .claim_outbox(&[ChannelKind::Terminal], clock.now(), lease, 100)
            .await?
        {
            writeln!(stdout, "{}", item.draft.text)?; // choices are numbered in the text
            store.complete_outbox(&item, None, clock.now()).await?;
        }
    }
    Ok(())
}

/// `frontdoor chat --script FILE`: runs one script, prints its transcript, fails on a broken
/// expectation.
pub async fn run_script(config: Config, path: &std::path::Path) -> Result<()> {
    let script = crate::scripts::load(path)?;
    let scratch = crate::scripts::ScratchStore::new().await?;
    let brains = crate::load_brains(&config).await?;
    let engine = crate::build_engine(&config, Some(scratch.store.clone()), None, Some(&brains))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (failures, records) = crate::scripts::run(&engine, scratch.store.as_ref(), &script, &name).await;
    let mut stdout = std::io::stdout();
    for (i, record) in records.iter().enumerate() {
        writeln!(stdout, "[{}] > {}", i + 1, record.said)?;
        for reply in &record.replies {
            for line in reply.lines() {
                writeln!(stdout, "    {line}")?;
            }
        }
        writeln!(stdout, "    (state: {})", record.state)?;
    }
    for f in &failures {
        writeln!(stdout, "FAILED turn {}: {}", f.turn, f.reason)?;
    }
    if failures.is_empty() {
        writeln!(stdout, "{name}: passed")?;
        Ok(())
    } else {
        anyhow::bail!("{name}: {} expectation(s) failed", failures.len())
    }
}

/// `frontdoor eval dialogs DIR [--json]`: runs every script in DIR.
pub async fn eval_dialogs(config: Config, dir: &std::path::Path, json: bool) -> Result<()> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    paths.sort();
    let scratch = crate::scripts::ScratchStore::new().await?;
    let brains = crate::load_brains(&config).await?;
    let engine = crate::build_engine(&config, Some(scratch.store.clone()), None, Some(&brains))?;
    let mut failed = Vec::new();
    let mut passed = 0;
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let failures = match crate::scripts::load(path) {
            Ok(script) => {
                crate::scripts::run(&engine, scratch.store.as_ref(), &script, &name)
                    .await
                    .0
            }
            Err(e) => vec![crate::scripts::Failure {
                script: name.clone(),
                turn: 0,
                reason: format!("{e:#}"),
            }],
        };
        if failures.is_empty() {
            passed += 1;
        }
        failed.extend(failures);
    }
    let summary = serde_json::json!({"n": paths.len(), "passed": passed, "failed": failed});
    let mut stdout = std::io::stdout();
    if json {
        writeln!(stdout, "{summary}")?;
    } else {
        for f in &failed {
            writeln!(stdout, "{} turn {}: {}", f.script, f.turn, f.reason)?;
        }
        writeln!(stdout, "{passed} of {} scripts passed", paths.len())?;
    }
    Ok(())
}
