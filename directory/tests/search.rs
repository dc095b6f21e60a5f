//! Ranked search over the demo directory with the hashing test embedder: filters, boosts and
//! "why" lines. (Retrieval quality is measured with the real model, not here.)

mod common;

use chrono::DateTime;
use frontdoor_core::ports::{Directory, DirectoryQuery, GeoPoint};
use frontdoor_core::types::{LanguageTag, NeedLabel, Timestamp};
use frontdoor_directory::embed::{HashingEmbedder, TextEmbedder};
use frontdoor_directory::geo::distance_km;
use frontdoor_directory::index::Precision;
use frontdoor_directory::search::{RankingConfig, SearchRequest, Searcher};
use frontdoor_directory::store::{DirectoryStore, ImportOptions};
use std::sync::{Arc, OnceLock};

const OTTAWA: GeoPoint = GeoPoint {
    lat: 45.4215,
    lon: -75.6972,
};
const TORONTO: GeoPoint = GeoPoint {
    lat: 43.6532,
    lon: -79.3832,
};

fn at(rfc3339: &str) -> Timestamp {
    Timestamp(DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis())
}

/// The demo directory imported once into a temporary data dir.
fn demo_store() -> &'static (tempfile::TempDir, DirectoryStore) {
    static STORE: OnceLock<(tempfile::TempDir, DirectoryStore)> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let embedder = HashingEmbedder::new(256);
        frontdoor_directory::import_demo(dir.path(), &embedder, &ImportOptions::default()).unwrap();
        let store = DirectoryStore::open(dir.path()).unwrap();
        (dir, store)
    })
}

fn searcher() -> Searcher {
    searcher_with(RankingConfig::default())
}

/// Ranking with one signal made strong, to test its mechanics independently of the (weak)
/// hashing embedder's similarities.
fn searcher_with(config: RankingConfig) -> Searcher {
    let embedder: Arc<dyn TextEmbedder> = Arc::new(HashingEmbedder::new(256));
    Searcher::from_store(&demo_store().1, embedder, Precision::F32, config).unwrap()
}

#[tokio::test]
async fn a_radius_keeps_services_near_the_person() {
    let s = searcher();
    let mut req = SearchRequest::new("food bank groceries");
    req.near = Some(OTTAWA);
    req.radius_km = Some(20.0);
    req.limit = 20;
    let hits = s.search(&req).await.unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        if let Some(p) = h.record.point() {
            assert!(
                distance_km(OTTAWA, p) <= 20.0,
                "{} is {:.1} km away",
                h.record.name,
                distance_km(OTTAWA, p)
            );
            assert!(h.why.iter().any(|w| w.ends_with(" km")), "{:?}", h.why);
        }
    }
}

#[tokio::test]
async fn nearness_is_boosted_when_the_location_is_known() {
    let s = searcher_with(RankingConfig {
        distance_weight: 2.0,
        ..RankingConfig::default()
    });
    let mut req = SearchRequest::new("food bank");
    req.limit = 10;
    req.near = Some(TORONTO);
    let near = s.search(&req).await.unwrap();
    let toronto = near
        .iter()
        .filter(|h| h.record.point().is_some_and(|p| distance_km(TORONTO, p) < 30.0))
        .count();
    req.near = Some(OTTAWA);
    let far = s.search(&req).await.unwrap();
    let ottawa = far
        .iter()
        .filter(|h| h.record.point().is_some_and(|p| distance_km(OTTAWA, p) < 30.0))
        .count();
    assert!(
        toronto >= 5 && ottawa >= 5,
        "results follow the person: {toronto} in Toronto, {ottawa} in Ottawa"
    );
}

#[tokio::test]
async fn open_now_only_on_a_sunday_night() {
    let s = searcher();
    // Sunday 19 January 2025, 03:00 in Toronto (08:00 UTC).
    let mut req = SearchRequest::new("somewhere to sleep tonight");
    req.at = Some(at("2025-01-19T08:00:00Z"));
    req.open_now_only = true;
    req.limit = 10;
    let hits = s.search(&req).await.unwrap();
    assert!(!hits.is_empty(), "24/7 services exist");
    for h in &hits {
        assert_eq!(h.open_now, Some(true));
        assert!(
            h.record.hours.is_open_local(6, 180),
            "{} open Sunday 3am",
            h.record.name
        );
        assert!(h.why.contains(&"open now".to_owned()));
    }
    // Without the filter, closed services say so.
    req.open_now_only = false;
    req.limit = 40;
    let all = s.search(&req).await.unwrap();
    assert!(all
        .iter()
        .any(|h| h.open_now == Some(false) && h.why.contains(&"closed now".to_owned())));
}

#[tokio::test]
async fn speaks_only_and_the_language_boost() {
    let s = searcher();
    let mut req = SearchRequest::new("banque alimentaire");
    req.lang = Some(LanguageTag::parse("fr").unwrap());
    req.speaks_only = true;
    req.limit = 10;
    let hits = s.search(&req).await.unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h.record.languages.iter().any(|l| l == "fr"),
            "{} speaks French",
            h.record.name
        );
        assert!(h.why.contains(&"speaks French".to_owned()), "{:?}", h.why);
    }
}

#[tokio::test]
async fn the_understood_need_is_boosted_and_explained() {
    let s = searcher_with(RankingConfig {
        need_boost: 2.0,
        ..RankingConfig::default()
    });
    let mut req = SearchRequest::new("I need help please");
    req.need = Some(NeedLabel::Food);
    req.limit = 5;
    let hits = s.search(&req).await.unwrap();
    assert!(
        hits.iter().all(|h| h.record.needs.contains(&NeedLabel::Food)),
        "need boost dominates a vague message"
    );
    let why = &hits[0].why[0];
    assert!(why.starts_with("matches need: food (BD-"), "{why}");
    req.need_only = true;
    req.text = "legal aid lawyer".into();
    let only = s.search(&req).await.unwrap();
    assert!(
        only.iter().all(|h| h.record.needs.contains(&NeedLabel::Food)),
        "need_only filters"
    );
}

#[tokio::test]
async fn age_excludes_services_for_other_ages() {
    let s = searcher();
    let mut req = SearchRequest::new("youth drop-in program");
    req.age = Some(10);
    req.limit = 50;
    let hits = s.search(&req).await.unwrap();
    assert!(hits.iter().all(|h| h.record.serves_age(10)));
    req.age = None;
    let unfiltered = s.search(&req).await.unwrap();
    assert!(
        unfiltered.iter().any(|h| !h.record.serves_age(10)),
        "the filter removed something"
    );
}

#[tokio::test]
async fn pages_follow_each_other() {
    let s = searcher();
    let mut req = SearchRequest::new("counselling");
    req.limit = 10;
    let ten = s.search(&req).await.unwrap();
    req.limit = 5;
    req.offset = 5;
    let second = s.search(&req).await.unwrap();
    let ids = |h: &[frontdoor_directory::search::SearchHit]| h.iter().map(|h| h.record.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&second), ids(&ten[5..]));
}

#[tokio::test]
async fn the_directory_port_gives_referrals_from_records() {
    let s = searcher_with(RankingConfig {
        need_boost: 2.0,
        ..RankingConfig::default()
    });
    let query = DirectoryQuery {
        text: "shelter for women leaving abuse".into(),
        lang: Some(LanguageTag::english()),
        need: Some(NeedLabel::AbuseViolence),
        near: Some(TORONTO),
        offset: 0,
        limit: 5,
        at: Some(at("2025-01-15T15:00:00Z")),
    };
    let referrals = Directory::search(&s, &query).await.unwrap();
    assert_eq!(referrals.len(), 5);
    for r in &referrals {
        let record = s.record(&r.service_id).expect("every referral is a record");
        assert_eq!(r.name, record.name);
        assert_eq!(r.phone, record.main_phone());
        assert!(
            r.distance_km.is_none_or(|d| d <= 40.0),
            "within the default radius: {:?}",
            r.distance_km
        );
        if record.flags.iter().any(|f| f == "confidential_address") {
            assert!(r.address.is_none(), "confidential shelters give no address");
        }
        assert!(
            r.why.iter().any(|w| w.starts_with("matches need: abuse_violence")),
            "{:?}",
            r.why
        );
        assert!(r.why.contains(&"demo data (fictional)".to_owned()));
    }
}

#[tokio::test]
async fn a_small_town_widens_the_radius_rather_than_returning_nothing() {
    let s = searcher();
    // Kenora: no demo services within 120 km.
    let query = DirectoryQuery {
        text: "food bank".into(),
        lang: None,
        need: Some(NeedLabel::Food),
        near: Some(GeoPoint {
            lat: 49.767,
            lon: -94.489,
        }),
        offset: 0,
        limit: 3,
        at: None,
    };
    let referrals = Directory::search(&s, &query).await.unwrap();
    assert_eq!(referrals.len(), 3);
}

#[test]
fn a_store_from_another_model_is_refused() {
    let embedder: Arc<dyn TextEmbedder> = Arc::new(HashingEmbedder::with_model_id(256, "e5-small"));
    let err = Searcher::from_store(&demo_store().1, embedder, Precision::F32, RankingConfig::default()).unwrap_err();
    assert!(err.to_string().contains("import it again"), "{err}");
}
