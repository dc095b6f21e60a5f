//! The service directory: HSDS import, service records, vector index and ranked search.
//!
//! - [`import`]: reads Open Referral HSDS datasets (1.x and 3.0 CSV data packages, 3.0 JSON and
//!   NDJSON) into [`record::ServiceRecord`]s, reporting each bad row by file, row and field.
//! - [`store::DirectoryStore`]: the directory's files in the data dir (records and vectors);
//!   re-import updates, deletes and re-embeds only records whose embedded text changed.
//! - [`index`]: the [`index::VectorIndex`] trait, the embedded exact [`index::FlatIndex`]
//!   (SIMD dot products, optional int8, payload filters before scoring), the scale-out
//!   [`index::QdrantIndex`] (a Qdrant server over gRPC, kept in sync with the store by
//!   [`sync_qdrant`]) and the conformance suite every backend runs.
//! - [`search::Searcher`]: ranking (vector backbone, need, distance and language boosts; radius,
//!   open-now, language and age filters) with "why" lines; implements the core's
//!   [`frontdoor_core::ports::Directory`] port.
//! - [`places::Gazetteer`]: Ontario municipalities, neighbourhoods and postal-code areas, to
//!   find where a person is from their message.
//! - [`eval`]: retrieval eval sets and metrics (hit@1, hit@5, MRR, nDCG@10).
//!
//! ```no_run
//! use frontdoor_directory::{import_hsds, open_searcher, embed::HashingEmbedder, store::ImportOptions};
//! use frontdoor_directory::search::SearchRequest;
//! use std::{path::Path, sync::Arc};
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let embedder = Arc::new(HashingEmbedder::new(384)); // the server passes the E5 model here
//! let dir = Path::new("frontdoor-data/directory");
//! let summary = import_hsds(Path::new("miami_open211_2019"), dir, embedder.as_ref(), &ImportOptions::default())?;
//! println!("{summary}");
//! let searcher = open_searcher(dir, embedder)?;
//! for hit in searcher.search(&SearchRequest::new("food bank")).await? {
//!     println!("{} — {}", hit.record.name, hit.why.join(", "));
//! }
//! # Ok(()) }
//! ```
//!
//! What it leaves to others: the embedding model (the server implements
//! [`embed::TextEmbedder`] over `frontdoor-nlu`), understanding the message (need, language,
//! place extraction beyond the gazetteer lookup), and the CLI.

pub mod embed;
pub mod eval;
pub mod geo;
pub mod hours;
pub mod import;
pub mod index;
pub mod keyword;
pub mod languages;
pub mod places;
pub mod record;
pub mod search;
pub mod store;
pub mod taxonomy;
pub mod text;

use embed::TextEmbedder;
use import::ImportError;
use index::{IndexError, Precision, QdrantIndex, QdrantSettings, SyncReport};
use search::{RankingConfig, SearchError, Searcher};
use std::path::Path;
use std::sync::Arc;
use store::{DirectoryStore, ImportOptions, ImportSummary, StoreError};

/// The bundled demo directory (fictional Ontario services, HSDS 3.0 JSON), for a new install.
pub const DEMO_DIRECTORY_JSON: &str = include_str!("../data/demo/ontario-demo.hsds.json");

/// The bundled demo directory's file name, as import issues name it.
pub const DEMO_DIRECTORY_NAME: &str = "ontario-demo.hsds.json";

/// Imports the HSDS dataset at `dataset` into the directory store in `directory_dir` (by
/// convention `<data-dir>/directory`), embedding only new or changed service texts.
pub fn import_hsds(
    dataset: &Path,
    directory_dir: &Path,
    embedder: &dyn TextEmbedder,
    options: &ImportOptions<'_>,
) -> Result<ImportSummary, ImportError> {
    let parsed = import::read_dataset(dataset)?;
    let mut store = DirectoryStore::open(directory_dir)?;
    store.apply_import(parsed, embedder, options)
}

/// Imports the bundled demo directory into `directory_dir` (use a [`store::VectorCache`] in
/// `options` so that nothing is embedded at start-up).
pub fn import_demo(
    directory_dir: &Path,
    embedder: &dyn TextEmbedder,
    options: &ImportOptions<'_>,
) -> Result<ImportSummary, ImportError> {
    let parsed = import::read_json_text(DEMO_DIRECTORY_NAME, DEMO_DIRECTORY_JSON)?;
    let mut store = DirectoryStore::open(directory_dir)?;
    store.apply_import(parsed, embedder, options)
}

/// An error opening the searcher.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The stored files could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index could not be built.
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Loads the directory in `directory_dir` and builds the embedded index (precision chosen by
/// size, see [`Precision::for_size`]) with default ranking.
pub fn open_searcher(directory_dir: &Path, embedder: Arc<dyn TextEmbedder>) -> Result<Searcher, OpenError> {
    let store = DirectoryStore::open(directory_dir)?;
    let precision = Precision::for_size(store.len());
    Ok(Searcher::from_store(
        &store,
        embedder,
        precision,
        RankingConfig::default(),
    )?)
}

/// Loads the directory in `directory_dir`, brings the Qdrant collection in `settings` in line
/// with its vectors ([`sync_qdrant`]) and searches through it with default ranking.
pub async fn open_searcher_on_qdrant(
    directory_dir: &Path,
    embedder: Arc<dyn TextEmbedder>,
    settings: &QdrantSettings,
) -> Result<(Searcher, SyncReport), OpenError> {
    let store = DirectoryStore::open(directory_dir)?;
    search::check_model(&store, embedder.as_ref())?;
    let (index, report) = sync_qdrant(&store, settings, embedder.dim())
        .await
        .map_err(SearchError::from)?;
    let records = store.records().cloned().collect();
    let searcher = Searcher::with_index(records, Box::new(index), embedder, RankingConfig::default());
    Ok((searcher, report))
}

/// Makes the Qdrant collection hold exactly the store's services (creating it, `dim`
/// dimensions, when missing): new and changed vectors or payloads are sent, services gone from
/// the store are deleted, the rest is left alone, so a restart sends nothing.
pub async fn sync_qdrant(
    store: &DirectoryStore,
    settings: &QdrantSettings,
    dim: usize,
) -> Result<(QdrantIndex, SyncReport), IndexError> {
    let mut index = QdrantIndex::connect(settings, dim).await?;
    let report = index.sync(search::store_points(store)).await?;
    Ok((index, report))
}
