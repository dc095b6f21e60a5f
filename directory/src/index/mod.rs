//! Vector indexes: the [`VectorIndex`] trait, the embedded exact [`FlatIndex`], the scale-out
//! [`QdrantIndex`] (a Qdrant server over gRPC), and the [`conformance`] suite both pass.
//!
//! Scores are cosine similarities: backends store unit-length vectors and score by dot product.
//! Payload filters (language, need, taxonomy, geo box) are applied before scoring.

pub mod conformance;
mod flat;
mod kernels;
mod qdrant;

pub use flat::{FlatIndex, Precision};
pub use kernels::{dot_f32, dot_f32_i8};
pub use qdrant::{point_uuid, qdrant_filter, QdrantIndex, QdrantSettings, SyncReport};

use crate::geo::GeoBox;
use async_trait::async_trait;
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::{NeedLabel, ServiceId};
use serde::{Deserialize, Serialize};

/// What the index stores beside a vector, for filtering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// Languages spoken (codes as records keep them).
    pub languages: Vec<String>,
    /// Need labels.
    pub needs: Vec<NeedLabel>,
    /// Taxonomy codes.
    pub taxonomy: Vec<String>,
    /// Main coordinates.
    pub point: Option<GeoPoint>,
}

/// One vector with its id and payload.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPoint {
    /// The service.
    pub id: ServiceId,
    /// Its embedding (any length: the index normalises).
    pub vector: Vec<f32>,
    /// Its filterable data.
    pub payload: Payload,
}

/// A geographic filter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoFilter {
    /// Points must lie inside.
    pub bbox: GeoBox,
    /// Whether points without coordinates (phone lines, virtual services) pass.
    pub include_unlocated: bool,
}

/// Conditions a point must meet to be scored. Every condition set must hold; within a list, any
/// element is enough. The default filter lets everything through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PayloadFilter {
    /// Speaks at least one of these languages (empty: no condition).
    pub languages_any: Vec<String>,
    /// Meets at least one of these needs (empty: no condition).
    pub needs_any: Vec<NeedLabel>,
    /// Has a taxonomy code under at least one of these prefixes (empty: no condition).
    pub taxonomy_any: Vec<String>,
    /// Lies in this box.
    pub geo: Option<GeoFilter>,
}

impl PayloadFilter {
    /// True when the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        self.languages_any.is_empty() && self.needs_any.is_empty() && self.taxonomy_any.is_empty() && self.geo.is_none()
    }

    /// Whether a payload passes (the reference semantics every backend implements).
    pub fn matches(&self, payload: &Payload) -> bool {
        let languages = self.languages_any.is_empty()
            || payload
                .languages
                .iter()
                .any(|l| self.languages_any.iter().any(|w| crate::languages::serves(l, w)));
        let needs = self.needs_any.is_empty() || payload.needs.iter().any(|n| self.needs_any.contains(n));
        let taxonomy = self.taxonomy_any.is_empty()
            || payload
                .taxonomy
                .iter()
                .any(|c| self.taxonomy_any.iter().any(|p| crate::taxonomy::code_is_under(c, p)));
        let geo = match (&self.geo, payload.point) {
            (None, _) => true,
            (Some(g), Some(p)) => g.bbox.contains(p),
            (Some(g), None) => g.include_unlocated,
        };
        languages && needs && taxonomy && geo
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHit {
    /// The service.
    pub id: ServiceId,
    /// Cosine similarity with the query.
    pub score: f32,
}

/// A backend failure.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A vector of the wrong length.
    #[error("vector index: expected {expected} dimensions, got {got}")]
    Dimension {
        /// The index's dimension.
        expected: usize,
        /// What was given.
        got: usize,
    },
    /// The backend failed (network, server).
    #[error("vector index: {0}")]
    Backend(String),
}

/// A store of service vectors searchable by similarity with payload filters.
#[async_trait]
pub trait VectorIndex: Send + Sync {
    /// A short name for logs and metrics (`flat`, `qdrant`).
    fn backend(&self) -> &'static str;
    /// The vector length.
    fn dim(&self) -> usize;
    /// How many points it holds.
    async fn count(&self) -> Result<usize, IndexError>;
    /// Adds points, replacing those with the same id.
    async fn upsert(&mut self, points: Vec<IndexPoint>) -> Result<(), IndexError>;
    /// Removes points by id (unknown ids are ignored).
    async fn remove(&mut self, ids: &[ServiceId]) -> Result<(), IndexError>;
    /// The `limit` most similar points passing `filter`, best first; equal scores in id order.
    async fn search(&self, query: &[f32], filter: &PayloadFilter, limit: usize) -> Result<Vec<IndexHit>, IndexError>;
}

/// Scales a vector to unit length (zero vectors stay zero).
pub fn normalised(v: &[f32]) -> Vec<f32> {
    let norm = dot_f32(v, v).sqrt();
    if norm > 0.0 && norm.is_finite() {
        v.iter().map(|x| x / norm).collect()
    } else {
        vec![0.0; v.len()]
    }
}
