//! Helpers shared by the integration tests.
#![allow(dead_code)]

use frontdoor_directory::embed::{EmbedError, HashingEmbedder, TextEmbedder};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `shared/data/hsds` beside the repository (or `$FRONTDOOR_SHARED_DATA/hsds`), if present.
pub fn hsds_data(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("FRONTDOOR_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    let path = base.join("hsds").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (shared data not beside the repository)",
            path.display()
        );
        None
    }
}

/// The bundled demo directory file.
pub fn demo_json() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo/ontario-demo.hsds.json")
}

/// A hashing embedder that counts and remembers what it embedded; its "arithmetic"
/// ([`TextEmbedder::flops_done`]) is one operation per character of passage embedded.
pub struct CountingEmbedder {
    inner: HashingEmbedder,
    pub passages: AtomicUsize,
    chars: AtomicUsize,
    pub last_batch: Mutex<Vec<String>>,
}

impl CountingEmbedder {
    pub fn new(dim: usize) -> Self {
        Self {
            inner: HashingEmbedder::new(dim),
            passages: AtomicUsize::new(0),
            chars: AtomicUsize::new(0),
            last_batch: Mutex::new(Vec::new()),
        }
    }

    pub fn embedded(&self) -> usize {
        self.passages.load(Ordering::SeqCst)
    }

    pub fn reset(&self) {
        self.passages.store(0, Ordering::SeqCst);
        self.last_batch.lock().unwrap().clear();
    }
}

impl TextEmbedder for CountingEmbedder {
    fn model_id(&self) -> &str {
        self.inner.model_id()
    }
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.passages.fetch_add(texts.len(), Ordering::SeqCst);
        self.chars
            .fetch_add(texts.iter().map(|t| t.chars().count()).sum(), Ordering::SeqCst);
        self.last_batch
            .lock()
            .unwrap()
            .extend(texts.iter().map(|t| t.to_string()));
        self.inner.embed_passages(texts)
    }
    fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        self.inner.embed_query(text)
    }
    fn flops_done(&self) -> Option<f64> {
        Some(self.chars.load(Ordering::SeqCst) as f64)
    }
}
