//! The sentence-embedding port the directory needs, the passage text it embeds for a service,
//! and a deterministic hashing embedder for tests.
//!
//! The real model (multilingual-e5-small) lives in `frontdoor-nlu`; the server implements
//! [`TextEmbedder`] over it. The directory never depends on the model crate.

use crate::record::ServiceRecord;
use crate::text::{fold, one_line, truncate_chars};

/// An embedding failure, as the model reports it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct EmbedError(pub String);

/// Turns texts into vectors. Implementations add their model's prefixes themselves (E5 wants
/// `passage: ` on service texts and `query: ` on messages) and should return unit-length
/// vectors; the index normalises again anyway.
pub trait TextEmbedder: Send + Sync {
    /// A stable id of the model and its settings: stored with the vectors, and part of each
    /// record's embedding hash, so changing the model re-embeds everything.
    fn model_id(&self) -> &str;
    /// The vector length.
    fn dim(&self) -> usize;
    /// Embeds service texts, one vector per text, in order.
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
    /// Embeds a person's message.
    fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError>;
    /// The arithmetic (floating-point operations) done by every embedding so far, when the
    /// model counts it: the import reports the embedder's rate with it.
    fn flops_done(&self) -> Option<f64> {
        None
    }
}

/// How the text embedded for a service is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageOptions {
    /// Upper bound on characters (about 4 per token in English): the embedder's cost grows with
    /// length, and the first sentences carry most of the meaning.
    pub max_chars: usize,
    /// Most taxonomy term names included.
    pub max_terms: usize,
}

impl Default for PassageOptions {
    fn default() -> Self {
        Self {
            max_chars: 600,
            max_terms: 6,
        }
    }
}

/// The text embedded for a service: name, organisation, what kind of service it is (taxonomy
/// term names, service types before target populations), city, then the description, cut to
/// `max_chars`. The term names matter: without them, multilingual-e5-small on
/// `eval-sets/retrieval/miami_natural.jsonl` fell from hit@5 0.765 / nDCG@10 0.478 to
/// 0.735 / 0.401, and on the taxonomy-term set from 0.840 / 0.527 to 0.623 / 0.302.
pub fn passage_text(record: &ServiceRecord, options: &PassageOptions) -> String {
    let mut head = record.name.clone();
    if let Some(alt) = &record.alternate_name {
        if !fold(&record.name).contains(&fold(alt)) {
            head.push_str(" (");
            head.push_str(alt);
            head.push(')');
        }
    }
    let mut parts = vec![head];
    if !record.organization.is_empty() && !fold(&record.name).contains(&fold(&record.organization)) {
        parts.push(record.organization.clone());
    }
    let mut terms: Vec<&str> = Vec::new();
    let population = |code: &str| code.starts_with('Y');
    for pass_populations in [false, true] {
        for term in &record.taxonomy {
            if population(&term.code) == pass_populations
                && !term.name.is_empty()
                && !terms.contains(&term.name.as_str())
            {
                terms.push(&term.name);
            }
        }
    }
    terms.truncate(options.max_terms);
    if !terms.is_empty() {
        parts.push(terms.join(", "));
    }
    if let Some(city) = record
        .locations
        .iter()
        .find_map(|l| l.address.as_ref().and_then(|a| a.city.clone()))
    {
        parts.push(city);
    }
    // "INC." + ". " would read "INC.. ": sentence ends are written once.
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim_end_matches(['.', ' ']))
        .filter(|p| !p.is_empty())
        .collect();
    let mut text = parts.join(". ");
    let description = one_line(&record.description);
    if !description.is_empty() {
        text.push_str(". ");
        text.push_str(&description);
    }
    truncate_chars(&text, options.max_chars).to_owned()
}

/// A deterministic stand-in embedder: hashed character trigrams and words, L2-normalised.
/// It knows spelling, not meaning, and nothing across languages: for tests and plumbing only;
/// never quote retrieval metrics measured with it.
#[derive(Debug, Clone)]
pub struct HashingEmbedder {
    dim: usize,
    model_id: String,
}

impl HashingEmbedder {
    /// A hashing embedder of `dim` dimensions.
    pub fn new(dim: usize) -> Self {
        Self {
            dim,
            model_id: format!("hashing-trigrams-v1-{dim}"),
        }
    }

    /// The same embedder under another id (tests of model changes).
    pub fn with_model_id(dim: usize, model_id: &str) -> Self {
        Self {
            dim,
            model_id: model_id.to_owned(),
        }
    }

    fn embed(&self, text: &str) -> Vec<f32> {
        let mut v = vec![0f32; self.dim];
        let folded = fold(text);
        for word in folded.split(' ').filter(|w| !w.is_empty()) {
            self.add(&mut v, word.as_bytes(), 2.0);
            let padded: Vec<u8> = [b"^".as_slice(), word.as_bytes(), b"$".as_slice()].concat();
            for gram in padded.windows(3) {
                self.add(&mut v, gram, 1.0);
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }

    fn add(&self, v: &mut [f32], bytes: &[u8], weight: f32) {
        let h = fnv1a(bytes);
        let slot = (h % self.dim as u64) as usize;
        let sign = if (h >> 63) & 1 == 1 { -1.0 } else { 1.0 };
        v[slot] += sign * weight;
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl TextEmbedder for HashingEmbedder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(texts.iter().map(|t| self.embed(t)).collect())
    }

    fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self.embed(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_text_reads_name_organisation_kind_city_then_description() {
        let json = r#"{"id": "s1", "name": "Food Bank Inc.", "organization": "Riverside Org",
            "description": "Groceries every Tuesday.", "taxonomy": [
              {"code": "YB-8000", "name": "Older Adults"}, {"code": "BD-1800.2000", "name": "Food Pantries"}],
            "locations": [{"address": {"street": "1 Main St", "city": "Toronto"}}]}"#;
        let record: ServiceRecord = serde_json::from_str(json).unwrap();
        assert_eq!(
            passage_text(&record, &PassageOptions::default()),
            "Food Bank Inc. Riverside Org. Food Pantries, Older Adults. Toronto. Groceries every Tuesday."
        );
        let short = passage_text(
            &record,
            &PassageOptions {
                max_chars: 20,
                max_terms: 0,
            },
        );
        assert_eq!(short, "Food Bank Inc.", "cut at a word boundary");
    }

    #[test]
    fn hashing_embedder_is_deterministic_and_unit_length() {
        let e = HashingEmbedder::new(64);
        let a = e.embed_query("food bank near me").unwrap();
        let b = e.embed_query("food bank near me").unwrap();
        assert_eq!(a, b);
        let norm: f32 = a.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        let same: f32 = a
            .iter()
            .zip(&e.embed_query("food banks").unwrap())
            .map(|(x, y)| x * y)
            .sum();
        let other: f32 = a
            .iter()
            .zip(&e.embed_query("legal aid clinic").unwrap())
            .map(|(x, y)| x * y)
            .sum();
        assert!(same > other, "shared spelling scores higher: {same} vs {other}");
    }
}
