//! `frontdoor import hsds`, `frontdoor search`, `frontdoor eval retrieval`.

use crate::config::Config;
use anyhow::{Context, Result};
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::LanguageTag;
use frontdoor_directory::search::SearchRequest;
use frontdoor_directory::store::{DirectoryStore, ImportOptions, VectorCache};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

fn embedder(config: &Config) -> Result<Arc<crate::directory::E5Passages>> {
    Ok(Arc::new(crate::directory::E5Passages::new(crate::models::load(
        config,
    )?)))
}

/// Imports a dataset and prints the summary (counts, skipped rows and why); with the Qdrant
/// index, then sends the collection what changed.
pub fn import(
    config: &Config,
    dataset: &Path,
    save_vectors: Option<&Path>,
    runtime: &tokio::runtime::Runtime,
) -> Result<()> {
    let embedder = embedder(config)?;
    let dir = crate::directory::directory_dir(config);
    let progress = |done: usize, total: usize| {
        if total > 0 && (done == total || done % 256 < 32) {
            eprint!("\rembedding {done}/{total}");
        }
    };
    let options = ImportOptions {
        progress: Some(&progress),
        ..ImportOptions::default()
    };
    let summary = frontdoor_directory::import_hsds(dataset, &dir, embedder.as_ref(), &options)
        .with_context(|| format!("importing {}", dataset.display()))?;
    eprintln!();
    println!("{summary}");
    let dim = frontdoor_directory::embed::TextEmbedder::dim(embedder.as_ref());
    if let Some(report) = runtime.block_on(crate::directory::sync_index_after_import(config, dim))? {
        println!("Qdrant collection {}: {report}", config.directory.qdrant_collection);
    }
    if let Some(file) = save_vectors {
        let store = DirectoryStore::open(&dir)?;
        VectorCache::from_store(&store).save(file)?;
        println!("vectors written to {}", file.display());
    }
    Ok(())
}

fn parse_near(near: &str) -> Result<GeoPoint> {
    let (lat, lon) = near.split_once(',').context("--near must be LAT,LON")?;
    Ok(GeoPoint {
        lat: lat.trim().parse().context("latitude")?,
        lon: lon.trim().parse().context("longitude")?,
    })
}

/// Prints the ranked results for a message.
pub async fn search(
    config: &Config,
    text: &str,
    lang: Option<&str>,
    near: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<()> {
    let brains = crate::load_brains(config).await?;
    let mut request = SearchRequest::new(text);
    request.limit = limit;
    request.lang = lang.map(LanguageTag::parse).transpose()?;
    request.near = near.map(parse_near).transpose()?;
    let understood = brains.understanding.understand(text, request.lang.as_ref());
    if request.lang.is_none() {
        request.lang = understood.lang.clone();
    }
    request.need = understood
        .needs
        .first()
        .filter(|n| n.need != frontdoor_core::types::NeedLabel::Other)
        .map(|n| n.need);
    if request.near.is_none() {
        request.near = understood.location.as_ref().map(|l| l.point);
    }
    let hits = brains.directory.search_nearby(&request).await?;
    let mut out = std::io::stdout();
    if json {
        let rows: Vec<_> = hits
            .iter()
            .map(|h| {
                let r = h.to_referral();
                serde_json::json!({
                    "service_id": r.service_id, "name": r.name, "organization": r.organization,
                    "phone": r.phone, "address": r.address, "hours": r.hours,
                    "distance_km": r.distance_km, "open_now": r.open_now, "score": h.score, "why": h.why,
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({"query": text, "need": request.need, "results": rows})
        )?;
    } else {
        for (i, hit) in hits.iter().enumerate() {
            let r = hit.to_referral();
            writeln!(out, "{}. {} — {} [{}]", i + 1, r.name, r.organization, r.service_id)?;
            writeln!(out, "   {}", hit.why.join(" · "))?;
        }
    }
    Ok(())
}

/// Prints ranking metrics against a retrieval set.
pub async fn eval_retrieval(config: &Config, set: &Path, json: bool) -> Result<()> {
    let brains = crate::load_brains(config).await?;
    let cases = frontdoor_directory::eval::load_retrieval_set(set)?;
    let options = frontdoor_directory::eval::EvalOptions {
        understanding: Some(brains.understanding.as_ref()),
        ..frontdoor_directory::eval::EvalOptions::default()
    };
    let report = frontdoor_directory::eval::evaluate(&brains.directory, &cases, &options).await?;
    let m = &report.overall;
    let mut out = std::io::stdout();
    if json {
        let value = serde_json::to_value(m)?;
        writeln!(out, "{value}")?;
    } else {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::to_value(&report.per_language)?)?
        )?;
        writeln!(out, "overall: {}", serde_json::to_value(m)?)?;
        if report.unknown_ids > 0 {
            writeln!(
                out,
                "warning: {} relevant ids are not in the imported directory",
                report.unknown_ids
            )?;
        }
    }
    Ok(())
}
