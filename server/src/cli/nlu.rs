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
pub fn eval(config: &Config, set: &Path, json: bool) -> Result<()> {
    let nlu = load(config)?;
    let metrics =
        frontdoor_nlu::eval::eval_nlu(nlu.as_ref(), set).with_context(|| format!("evaluating {}", set.display()))?;
    let mut out = std::io::stdout();
    if json {
        writeln!(out, "{metrics}")?;
    } else {
        writeln!(out, "{}", serde_json::to_string_pretty(&metrics)?)?;
    }
    Ok(())
}

/// Trains the need classifier and writes its weights.
pub fn train(config: &Config, train: &Path, dev: &Path, shared: &Path, out: &Path) -> Result<()> {
    let model = crate::models::load(config)?;
    let shared = shared.is_dir().then_some(shared);
    let (weights, report) = frontdoor_nlu::train::train_need_classifier(&model, train, dev, shared)?;
    frontdoor_nlu::train::write_weights(out, &weights)?;
    println!("{}", serde_json::to_string_pretty(&serde_json::to_value(&report)?)?);
    println!("weights written to {}", out.display());
    Ok(())
}
