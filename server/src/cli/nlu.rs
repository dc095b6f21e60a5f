//! `frontdoor understand`, `frontdoor eval nlu`, `frontdoor train nlu`.

use crate::config::Config;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

fn load(config: &Config) -> Result<Arc<frontdoor_nlu::understand::NluUnderstanding>> {
    crate::understanding(config, crate::models::load(config)?)
}

/// Prints what understanding makes of one message.
pub fn understand(config: &Config, text: &str, json: bool) -> Result<()> {
    let nlu = load(config)?;
    let report = nlu.report(text, None);
    let value = serde_json::to_value(&report)?;
    let mut out = std::io::stdout();
    if json {
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    }
    Ok(())
}

/// Prints need, crisis and language metrics against a labelled set.
pub fn eval(config: &Config, set: &Path, json: bool, mistakes_file: Option<&Path>) -> Result<()> {
    let nlu = load(config)?;
    let (metrics, mistakes) = frontdoor_nlu::eval::eval_nlu_with_mistakes(nlu.as_ref(), set)
        .with_context(|| format!("evaluating {}", set.display()))?;
    if let Some(path) = mistakes_file {
        let lines: String = mistakes.iter().map(|m| format!("{m}\n")).collect();
        std::fs::write(path, lines).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut out = std::io::stdout();
    if json {
        writeln!(out, "{metrics}")?;
    } else {
        writeln!(out, "{}", serde_json::to_string_pretty(&metrics)?)?;
    }
    Ok(())
}

/// Trains the need classifier (over the adapted encoder when `encoder` is given) and writes its
/// weights.
pub fn train(
    config: &Config,
    train: &Path,
    dev: &Path,
    shared: &Path,
    out: &Path,
    encoder: Option<&Path>,
) -> Result<()> {
    let model = crate::models::load(config)?;
    let adapter = encoder
        .map(frontdoor_nlu::EncoderAdapter::read)
        .transpose()
        .context("the encoder adapter (write it with nlu-models/train/finetune_encoder.py, or pass --encoder none)")?;
    let shared = shared.is_dir().then_some(shared);
    let (weights, memory, report) =
        frontdoor_nlu::train::train_need_classifier(&model, adapter.as_ref(), train, dev, shared)?;
    frontdoor_nlu::train::write_weights(out, &weights, memory.as_ref())?;
    println!("{}", serde_json::to_string_pretty(&serde_json::to_value(&report)?)?);
    match memory {
        Some(_) => println!(
            "weights written to {} (exemplar memory: {})",
            out.display(),
            frontdoor_nlu::train::memory_path(out).display()
        ),
        None => println!("weights written to {}", out.display()),
    }
    Ok(())
}

/// Prints the token ids the model is fed for each message of a labelled set (JSON Lines).
pub fn tokens(config: &Config, set: &Path) -> Result<()> {
    let model = crate::models::load(config)?;
    let messages = frontdoor_nlu::eval::read_set(set).with_context(|| format!("reading {}", set.display()))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for m in messages {
        let ids = model.token_ids(&m.text, frontdoor_nlu::EmbedKind::Query);
        let line = serde_json::json!({"ids": ids, "need": m.need, "lang": m.lang, "crisis": m.crisis.unwrap_or(false)});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
