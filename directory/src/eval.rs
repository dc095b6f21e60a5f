//! Retrieval evaluation: eval sets in the DESIGN.md §6 JSON Lines format, ranking metrics, and
//! a runner over a [`Searcher`].
//!
//! Metrics, each averaged over queries with binary relevance: hit@1 and hit@5 (a relevant
//! service in the top 1 / 5), MRR (reciprocal rank of the first relevant service within the top
//! 10, else 0) and nDCG@10 (with the ideal ranking putting min(|relevant|, 10) relevant services
//! first).

use crate::search::{SearchError, SearchRequest, Searcher};
use frontdoor_core::ports::{GeoPoint, Understanding};
use frontdoor_core::types::{LanguageTag, NeedLabel, ServiceId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// How deep results are read.
pub const DEPTH: usize = 10;

/// One query of a retrieval eval set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetrievalCase {
    /// The message as a person would send it.
    pub query: String,
    /// Its language, when the set says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Where the person is, `[lat, lon]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<[f64; 2]>,
    /// The imported dataset's ids of the services that answer it.
    pub relevant: Vec<String>,
}

/// An eval set that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("retrieval eval set {file}: {reason}")]
pub struct EvalSetError {
    /// The file.
    pub file: String,
    /// What is wrong, with the line.
    pub reason: String,
}

/// Reads a JSON Lines eval set; blank lines and lines starting with `//` are skipped.
pub fn load_retrieval_set(path: &Path) -> Result<Vec<RetrievalCase>, EvalSetError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalSetError {
        file: file.clone(),
        reason: e.to_string(),
    })?;
    parse_retrieval_set(&text).map_err(|reason| EvalSetError { file, reason })
}

/// Parses JSON Lines eval-set text.
pub fn parse_retrieval_set(text: &str) -> Result<Vec<RetrievalCase>, String> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let case: RetrievalCase = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        if case.query.trim().is_empty() {
            return Err(format!("line {}: `query` is empty", i + 1));
        }
        cases.push(case);
    }
    Ok(cases)
}

/// The DESIGN.md §6 metrics object (`eval retrieval --json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RetrievalMetrics {
    /// Queries scored.
    pub n: usize,
    /// Share with a relevant service first.
    pub hit_at_1: f64,
    /// Share with a relevant service in the top 5.
    pub hit_at_5: f64,
    /// Mean reciprocal rank of the first relevant service (within the top 10).
    pub mrr: f64,
    /// Mean nDCG over the top 10.
    pub ndcg_at_10: f64,
}

/// Metrics of ranked id lists against relevant id sets (pairs in the same order).
pub fn score_rankings<S: AsRef<str>>(rankings: &[Vec<S>], relevant: &[Vec<String>]) -> RetrievalMetrics {
    let mut m = RetrievalMetrics::default();
    for (ranking, rel) in rankings.iter().zip(relevant) {
        let rel: HashSet<&str> = rel.iter().map(String::as_str).collect();
        let hits: Vec<bool> = ranking.iter().take(DEPTH).map(|id| rel.contains(id.as_ref())).collect();
        m.n += 1;
        m.hit_at_1 += f64::from(u8::from(hits.first().copied().unwrap_or(false)));
        m.hit_at_5 += f64::from(u8::from(hits.iter().take(5).any(|h| *h)));
        m.mrr += hits.iter().position(|h| *h).map_or(0.0, |p| 1.0 / (p as f64 + 1.0));
        let dcg: f64 = hits
            .iter()
            .enumerate()
            .filter(|(_, h)| **h)
            .map(|(i, _)| 1.0 / (i as f64 + 2.0).log2())
            .sum();
        let ideal: f64 = (0..rel.len().min(DEPTH)).map(|i| 1.0 / (i as f64 + 2.0).log2()).sum();
        m.ndcg_at_10 += if ideal > 0.0 { dcg / ideal } else { 0.0 };
    }
    if m.n > 0 {
        let n = m.n as f64;
        m.hit_at_1 /= n;
        m.hit_at_5 /= n;
        m.mrr /= n;
        m.ndcg_at_10 /= n;
    }
    m
}

/// What one query returned, for error analysis.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The query.
    pub query: String,
    /// Its language.
    pub lang: Option<String>,
    /// The need used for boosting, if any.
    pub need: Option<NeedLabel>,
    /// The top 10 service ids.
    pub ranked: Vec<String>,
    /// 1-based rank of the first relevant service in the top 10.
    pub first_relevant: Option<usize>,
}

/// A whole run: overall metrics, per language, and per query.
#[derive(Debug, Clone, Serialize)]
pub struct RetrievalReport {
    /// Over all queries.
    pub overall: RetrievalMetrics,
    /// By the set's `lang` (or `unknown`).
    pub per_language: BTreeMap<String, RetrievalMetrics>,
    /// Relevant ids absent from the directory (a stale set or the wrong dataset).
    pub unknown_ids: usize,
    /// Each query's outcome.
    pub cases: Vec<CaseResult>,
}

/// How queries are turned into searches.
pub struct EvalOptions<'a> {
    /// Supplies the need (and language when the set has none), as in a conversation.
    pub understanding: Option<&'a dyn Understanding>,
    /// Use the first understood need only when its confidence reaches this.
    pub min_need_confidence: f32,
    /// Pass the set's `near` to the search, which then searches nearby first as the dialogue
    /// does ([`Searcher::search_nearby`]).
    pub use_near: bool,
}

impl Default for EvalOptions<'_> {
    fn default() -> Self {
        Self {
            understanding: None,
            min_need_confidence: 0.0,
            use_near: true,
        }
    }
}

/// Runs every case through the searcher and scores the top 10.
pub async fn evaluate(
    searcher: &Searcher,
    cases: &[RetrievalCase],
    options: &EvalOptions<'_>,
) -> Result<RetrievalReport, SearchError> {
    let mut rankings: Vec<Vec<String>> = Vec::with_capacity(cases.len());
    let mut results = Vec::with_capacity(cases.len());
    let mut unknown_ids = 0;
    for case in cases {
        unknown_ids += case
            .relevant
            .iter()
            .filter(|id| ServiceId::parse(id).ok().and_then(|id| searcher.record(&id)).is_none())
            .count();
        let mut request = SearchRequest::new(case.query.clone());
        request.limit = DEPTH;
        request.lang = case.lang.as_deref().and_then(|l| LanguageTag::parse(l).ok());
        if options.use_near {
            request.near = case.near.map(|[lat, lon]| GeoPoint { lat, lon });
        }
        if let Some(u) = options.understanding {
            let understood = u.understand(&case.query, request.lang.as_ref());
            if request.lang.is_none() {
                request.lang = understood.lang;
            }
            request.need = understood
                .needs
                .first()
                .filter(|n| n.confidence >= options.min_need_confidence && n.need != NeedLabel::Other)
                .map(|n| n.need);
        }
        let hits = searcher.search_nearby(&request).await?;
        let ranked: Vec<String> = hits.iter().map(|h| h.record.id.as_str().to_owned()).collect();
        let relevant: HashSet<&str> = case.relevant.iter().map(String::as_str).collect();
        results.push(CaseResult {
            query: case.query.clone(),
            lang: case.lang.clone(),
            need: request.need,
            first_relevant: ranked
                .iter()
                .position(|id| relevant.contains(id.as_str()))
                .map(|p| p + 1),
            ranked: ranked.clone(),
        });
        rankings.push(ranked);
    }
    let relevant: Vec<Vec<String>> = cases.iter().map(|c| c.relevant.clone()).collect();
    let overall = score_rankings(&rankings, &relevant);
    let mut per_language = BTreeMap::new();
    let mut langs: Vec<String> = cases
        .iter()
        .map(|c| c.lang.clone().unwrap_or_else(|| "unknown".into()))
        .collect();
    langs.sort();
    langs.dedup();
    for lang in langs {
        let picked: Vec<usize> = (0..cases.len())
            .filter(|&i| cases[i].lang.as_deref().unwrap_or("unknown") == lang)
            .collect();
        let r: Vec<Vec<String>> = picked.iter().map(|&i| rankings[i].clone()).collect();
        let rel: Vec<Vec<String>> = picked.iter().map(|&i| relevant[i].clone()).collect();
        per_language.insert(lang, score_rankings(&r, &rel));
    }
    Ok(RetrievalReport {
        overall,
        per_language,
        unknown_ids,
        cases: results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn metrics_by_hand() {
        let rankings = vec![ids(&["a", "b", "c"]), ids(&["x", "y", "a"]), ids(&["x", "y"])];
        let relevant = vec![ids(&["a"]), ids(&["a", "b"]), ids(&["z"])];
        let m = score_rankings(&rankings, &relevant);
        assert_eq!(m.n, 3);
        assert!((m.hit_at_1 - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.hit_at_5 - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.mrr - (1.0 + 1.0 / 3.0) / 3.0).abs() < 1e-9);
        // Query 2: DCG = 1/log2(4) = 0.5; ideal (2 relevant) = 1 + 1/log2(3).
        let q2 = 0.5 / (1.0 + 1.0 / 3f64.log2());
        assert!((m.ndcg_at_10 - (1.0 + q2) / 3.0).abs() < 1e-9, "{}", m.ndcg_at_10);
    }

    #[test]
    fn the_json_has_the_design_keys() {
        let json = serde_json::to_value(RetrievalMetrics::default()).unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["hit_at_1", "hit_at_5", "mrr", "n", "ndcg_at_10"]);
    }

    #[test]
    fn sets_parse_with_optional_fields_and_name_bad_lines() {
        let text = "{\"query\":\"food\",\"relevant\":[\"1\"]}\n\n{\"query\":\"comida\",\"lang\":\"es\",\"near\":[25.7,-80.2],\"relevant\":[\"2\",\"3\"]}\n";
        let cases = parse_retrieval_set(text).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[1].near, Some([25.7, -80.2]));
        let err = parse_retrieval_set("{\"query\":\"x\"}\n{oops").unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
    }
}
