//! The retrieval eval sets parse, point at services that exist, and run through the evaluator.
//! (Scores with the hashing test embedder mean nothing and are not checked.)

mod common;

use frontdoor_core::ports::{NeedScore, Understanding, Understood};
use frontdoor_core::types::{LanguageTag, NeedLabel};
use frontdoor_directory::embed::{HashingEmbedder, TextEmbedder};
use frontdoor_directory::eval::{evaluate, load_retrieval_set, EvalOptions};
use frontdoor_directory::import::read_dataset;
use frontdoor_directory::index::Precision;
use frontdoor_directory::search::{RankingConfig, Searcher};
use frontdoor_directory::store::{DirectoryStore, ImportOptions};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

fn set(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../eval-sets/retrieval")
        .join(name)
}

#[test]
fn the_demo_set_covers_languages_and_names_demo_services() {
    let cases = load_retrieval_set(&set("demo.jsonl")).unwrap();
    assert!(cases.len() >= 40, "{} queries", cases.len());
    let langs: HashSet<&str> = cases.iter().filter_map(|c| c.lang.as_deref()).collect();
    for lang in ["en", "fr", "ar", "zh", "pa"] {
        assert!(langs.contains(lang), "a query in {lang}");
    }
    let demo = read_dataset(&common::demo_json()).unwrap();
    let ids: HashSet<&str> = demo.services.iter().map(|s| s.id.as_str()).collect();
    for case in &cases {
        assert!(case.near.is_some(), "{}: has a location", case.query);
        assert!(
            case.relevant.iter().all(|id| ids.contains(id.as_str())),
            "{}: ids are demo services",
            case.query
        );
    }
}

#[test]
fn the_miami_sets_name_miami_services() {
    let Some(path) = common::hsds_data("miami_open211_2019") else {
        return;
    };
    let miami = read_dataset(&path).unwrap();
    let ids: HashSet<&str> = miami.services.iter().map(|s| s.id.as_str()).collect();
    let natural = load_retrieval_set(&set("miami_natural.jsonl")).unwrap();
    assert!(natural.len() >= 80);
    let langs: HashSet<&str> = natural.iter().filter_map(|c| c.lang.as_deref()).collect();
    assert_eq!(langs, HashSet::from(["en", "es", "fr", "ht"]));
    let terms = load_retrieval_set(&set("miami_taxonomy_terms.jsonl")).unwrap();
    assert!(terms.len() > 500);
    for case in natural.iter().chain(&terms) {
        assert!(
            !case.relevant.is_empty() && case.relevant.iter().all(|id| ids.contains(id.as_str())),
            "{}",
            case.query
        );
    }
}

/// An understanding that knows one word per need: enough to exercise the need path.
struct KeywordUnderstanding;

impl Understanding for KeywordUnderstanding {
    fn understand(&self, text: &str, lang: Option<&LanguageTag>) -> Understood {
        let need = if text.contains("food") || text.contains("groceries") {
            Some(NeedLabel::Food)
        } else {
            None
        };
        Understood {
            lang: lang.cloned(),
            needs: need
                .map(|need| NeedScore { need, confidence: 0.9 })
                .into_iter()
                .collect(),
            ..Understood::default()
        }
    }
}

#[tokio::test]
async fn the_evaluator_runs_a_set_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let embedder = HashingEmbedder::new(128);
    frontdoor_directory::import_demo(dir.path(), &embedder, &ImportOptions::default()).unwrap();
    let store = DirectoryStore::open(dir.path()).unwrap();
    let embedder: Arc<dyn TextEmbedder> = Arc::new(embedder);
    let searcher = Searcher::from_store(&store, embedder, Precision::F32, RankingConfig::default()).unwrap();
    let cases = load_retrieval_set(&set("demo.jsonl")).unwrap();
    let options = EvalOptions {
        understanding: Some(&KeywordUnderstanding),
        ..EvalOptions::default()
    };
    let report = evaluate(&searcher, &cases, &options).await.unwrap();
    assert_eq!(report.overall.n, cases.len());
    assert_eq!(report.unknown_ids, 0);
    assert!((0.0..=1.0).contains(&report.overall.ndcg_at_10));
    assert!(report.overall.hit_at_1 <= report.overall.hit_at_5);
    assert_eq!(report.per_language.values().map(|m| m.n).sum::<usize>(), cases.len());
    assert_eq!(
        report.cases[0].need,
        Some(NeedLabel::Food),
        "the understood need is used"
    );
}
