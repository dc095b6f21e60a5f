//! The behaviour every [`VectorIndex`] backend must show, as one suite each backend's tests run
//! (`run_all` with a function that makes a fresh, empty index of [`DIM`] dimensions).
//!
//! ```
//! use frontdoor_directory::index::{conformance, FlatIndex, Precision, VectorIndex};
//! async fn check_flat_index() {
//!     conformance::run_all(|| async {
//!         Box::new(FlatIndex::new(conformance::DIM, Precision::F32)) as Box<dyn VectorIndex>
//!     })
//!     .await;
//! }
//! ```
//!
//! The checks panic with a message naming the behaviour that broke, like assertions in a test.

use super::{GeoFilter, IndexPoint, Payload, PayloadFilter, VectorIndex};
use crate::geo::GeoBox;
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::{NeedLabel, ServiceId};
use std::future::Future;

/// The dimension of the suite's vectors.
pub const DIM: usize = 8;

/// Runs every check, each on a fresh index from `fresh`.
pub async fn run_all<F, Fut>(mut fresh: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Box<dyn VectorIndex>>,
{
    empty_index_finds_nothing(fresh().await.as_mut()).await;
    nearest_first_with_cosine_scores(fresh().await.as_mut()).await;
    limit_is_respected(fresh().await.as_mut()).await;
    upsert_replaces_by_id(fresh().await.as_mut()).await;
    remove_deletes_and_ignores_unknown_ids(fresh().await.as_mut()).await;
    language_filter(fresh().await.as_mut()).await;
    need_and_taxonomy_filters(fresh().await.as_mut()).await;
    geo_filter(fresh().await.as_mut()).await;
    filters_combine(fresh().await.as_mut()).await;
    wrong_dimension_is_an_error(fresh().await.as_mut()).await;
    equal_scores_in_id_order(fresh().await.as_mut()).await;
    exact_recall_against_brute_force(fresh().await.as_mut()).await;
}

fn id(s: &str) -> ServiceId {
    ServiceId::parse(s).expect("test ids are valid")
}

fn axis(i: usize) -> Vec<f32> {
    let mut v = vec![0.0; DIM];
    v[i % DIM] = 1.0;
    v
}

fn point(name: &str, vector: Vec<f32>, payload: Payload) -> IndexPoint {
    IndexPoint {
        id: id(name),
        vector,
        payload,
    }
}

fn ids(hits: &[super::IndexHit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

async fn search(index: &dyn VectorIndex, q: &[f32], filter: &PayloadFilter, limit: usize) -> Vec<super::IndexHit> {
    index.search(q, filter, limit).await.expect("search succeeds")
}

/// An empty index answers with no hits, not an error.
pub async fn empty_index_finds_nothing(index: &mut dyn VectorIndex) {
    assert_eq!(index.count().await.expect("len"), 0, "a fresh index is empty");
    assert!(
        search(index, &axis(0), &PayloadFilter::default(), 5).await.is_empty(),
        "empty index finds nothing"
    );
}

/// The most similar point comes first, scores are cosines and descend.
pub async fn nearest_first_with_cosine_scores(index: &mut dyn VectorIndex) {
    let mut near = axis(0);
    near[1] = 0.5;
    let points = vec![
        point("a", axis(0), Payload::default()),
        point("b", near, Payload::default()),
        point("c", axis(2), Payload::default()),
        // Not unit length: the index must normalise.
        point("d", axis(3).iter().map(|x| x * 7.0).collect(), Payload::default()),
    ];
    index.upsert(points).await.expect("upsert");
    let hits = search(index, &axis(0), &PayloadFilter::default(), 4).await;
    assert_eq!(ids(&hits)[..2], ["a", "b"], "nearest first");
    assert!(
        (hits[0].score - 1.0).abs() < 1e-3,
        "identical direction scores 1, got {}",
        hits[0].score
    );
    assert!(
        (hits[1].score - 0.894).abs() < 1e-2,
        "cosine of (1,0.5) with (1,0) is 0.894, got {}",
        hits[1].score
    );
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "scores descend");
    let scaled = search(
        index,
        &axis(3).iter().map(|x| x * 0.1).collect::<Vec<_>>(),
        &PayloadFilter::default(),
        1,
    )
    .await;
    assert_eq!(ids(&scaled), ["d"], "query length does not matter");
    assert!(
        (scaled[0].score - 1.0).abs() < 1e-3,
        "scores are cosines whatever the lengths"
    );
}

/// At most `limit` hits; all points when fewer.
pub async fn limit_is_respected(index: &mut dyn VectorIndex) {
    let points = (0..6)
        .map(|i| point(&format!("p{i}"), axis(i), Payload::default()))
        .collect();
    index.upsert(points).await.expect("upsert");
    assert_eq!(
        search(index, &axis(0), &PayloadFilter::default(), 3).await.len(),
        3,
        "limit 3"
    );
    assert_eq!(
        search(index, &axis(0), &PayloadFilter::default(), 50).await.len(),
        6,
        "limit above size"
    );
    assert!(
        search(index, &axis(0), &PayloadFilter::default(), 0).await.is_empty(),
        "limit 0"
    );
}

/// Upserting an existing id replaces its vector and payload.
pub async fn upsert_replaces_by_id(index: &mut dyn VectorIndex) {
    index
        .upsert(vec![
            point("a", axis(0), Payload::default()),
            point("b", axis(1), Payload::default()),
        ])
        .await
        .expect("upsert");
    let moved = Payload {
        needs: vec![NeedLabel::Food],
        ..Payload::default()
    };
    index.upsert(vec![point("a", axis(2), moved)]).await.expect("re-upsert");
    assert_eq!(index.count().await.expect("len"), 2, "replacing does not duplicate");
    assert_eq!(
        ids(&search(index, &axis(2), &PayloadFilter::default(), 1).await),
        ["a"],
        "new vector is searched"
    );
    let top = search(index, &axis(0), &PayloadFilter::default(), 2).await;
    assert!(top.iter().all(|h| h.score < 0.5), "old vector is gone");
    let food = PayloadFilter {
        needs_any: vec![NeedLabel::Food],
        ..PayloadFilter::default()
    };
    assert_eq!(
        ids(&search(index, &axis(2), &food, 5).await),
        ["a"],
        "new payload is filtered on"
    );
}

/// Removing deletes the points, keeps the others searchable, ignores unknown ids.
pub async fn remove_deletes_and_ignores_unknown_ids(index: &mut dyn VectorIndex) {
    let points = (0..5)
        .map(|i| point(&format!("p{i}"), axis(i), Payload::default()))
        .collect();
    index.upsert(points).await.expect("upsert");
    index.remove(&[id("p1"), id("nope")]).await.expect("remove");
    assert_eq!(index.count().await.expect("len"), 4);
    let all = search(index, &axis(4), &PayloadFilter::default(), 10).await;
    assert!(!ids(&all).contains(&"p1"), "removed point is not found");
    assert_eq!(
        ids(&all)[0],
        "p4",
        "the last point is still found after a removal moved it"
    );
    for i in [0, 2, 3, 4] {
        let name = format!("p{i}");
        assert_eq!(
            ids(&search(index, &axis(i), &PayloadFilter::default(), 1).await),
            [name.as_str()],
            "{name} intact"
        );
    }
}

/// Only points speaking one of the languages pass; Cantonese counts for Chinese.
pub async fn language_filter(index: &mut dyn VectorIndex) {
    let speaks = |langs: &[&str]| Payload {
        languages: langs.iter().map(|s| s.to_string()).collect(),
        ..Payload::default()
    };
    index
        .upsert(vec![
            point("en", axis(0), speaks(&["en"])),
            point("fr", axis(1), speaks(&["en", "fr"])),
            point("yue", axis(2), speaks(&["yue"])),
            point("none", axis(3), Payload::default()),
        ])
        .await
        .expect("upsert");
    let f = |langs: &[&str]| PayloadFilter {
        languages_any: langs.iter().map(|s| s.to_string()).collect(),
        ..PayloadFilter::default()
    };
    let mut got = ids(&search(index, &axis(0), &f(&["fr"]), 10).await)
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    assert_eq!(got, ["fr"], "French speakers only");
    got = ids(&search(index, &axis(0), &f(&["zh"]), 10).await)
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(got, ["yue"], "Cantonese serves Chinese");
    let mut both: Vec<String> = ids(&search(index, &axis(0), &f(&["fr", "zh"]), 10).await)
        .into_iter()
        .map(str::to_owned)
        .collect();
    both.sort();
    assert_eq!(both, ["fr", "yue"], "any of the languages");
    assert!(
        search(index, &axis(0), &f(&["so"]), 10).await.is_empty(),
        "nobody speaks Somali"
    );
}

/// Need and taxonomy-prefix filters.
pub async fn need_and_taxonomy_filters(index: &mut dyn VectorIndex) {
    let p = |needs: &[NeedLabel], codes: &[&str]| Payload {
        needs: needs.to_vec(),
        taxonomy: codes.iter().map(|s| s.to_string()).collect(),
        ..Payload::default()
    };
    index
        .upsert(vec![
            point("pantry", axis(0), p(&[NeedLabel::Food], &["BD-1800.2000"])),
            point("shelter", axis(1), p(&[NeedLabel::Shelter], &["BH-1800.8500"])),
            point("rent", axis(2), p(&[NeedLabel::Housing], &["BH-3800.7000"])),
        ])
        .await
        .expect("upsert");
    let needs = PayloadFilter {
        needs_any: vec![NeedLabel::Food, NeedLabel::Housing],
        ..PayloadFilter::default()
    };
    let mut got: Vec<String> = ids(&search(index, &axis(1), &needs, 10).await)
        .into_iter()
        .map(str::to_owned)
        .collect();
    got.sort();
    assert_eq!(got, ["pantry", "rent"], "any of the needs");
    let bh = PayloadFilter {
        taxonomy_any: vec!["BH".into()],
        ..PayloadFilter::default()
    };
    let mut got: Vec<String> = ids(&search(index, &axis(0), &bh, 10).await)
        .into_iter()
        .map(str::to_owned)
        .collect();
    got.sort();
    assert_eq!(got, ["rent", "shelter"], "taxonomy prefix BH");
    let exact = PayloadFilter {
        taxonomy_any: vec!["BH-1800".into()],
        ..PayloadFilter::default()
    };
    assert_eq!(
        ids(&search(index, &axis(0), &exact, 10).await),
        ["shelter"],
        "prefix at a code boundary"
    );
}

/// The geo box keeps points inside; unlocated points pass only when asked.
pub async fn geo_filter(index: &mut dyn VectorIndex) {
    let at = |lat, lon| Payload {
        point: Some(GeoPoint { lat, lon }),
        ..Payload::default()
    };
    index
        .upsert(vec![
            point("toronto", axis(0), at(43.6532, -79.3832)),
            point("mississauga", axis(1), at(43.5890, -79.6441)),
            point("ottawa", axis(2), at(45.4215, -75.6972)),
            point("phone-line", axis(3), Payload::default()),
        ])
        .await
        .expect("upsert");
    let bbox = GeoBox::around(
        GeoPoint {
            lat: 43.6532,
            lon: -79.3832,
        },
        30.0,
    );
    let located = PayloadFilter {
        geo: Some(GeoFilter {
            bbox,
            include_unlocated: false,
        }),
        ..PayloadFilter::default()
    };
    let mut got: Vec<String> = ids(&search(index, &axis(2), &located, 10).await)
        .into_iter()
        .map(str::to_owned)
        .collect();
    got.sort();
    assert_eq!(got, ["mississauga", "toronto"], "within 30 km of Toronto");
    let with_lines = PayloadFilter {
        geo: Some(GeoFilter {
            bbox,
            include_unlocated: true,
        }),
        ..PayloadFilter::default()
    };
    assert_eq!(
        search(index, &axis(2), &with_lines, 10).await.len(),
        3,
        "phone lines pass when asked"
    );
}

/// Conditions combine with AND.
pub async fn filters_combine(index: &mut dyn VectorIndex) {
    let p = |langs: &[&str], needs: &[NeedLabel]| Payload {
        languages: langs.iter().map(|s| s.to_string()).collect(),
        needs: needs.to_vec(),
        ..Payload::default()
    };
    index
        .upsert(vec![
            point("fr-food", axis(0), p(&["fr"], &[NeedLabel::Food])),
            point("en-food", axis(1), p(&["en"], &[NeedLabel::Food])),
            point("fr-legal", axis(2), p(&["fr"], &[NeedLabel::Legal])),
        ])
        .await
        .expect("upsert");
    let both = PayloadFilter {
        languages_any: vec!["fr".into()],
        needs_any: vec![NeedLabel::Food],
        ..PayloadFilter::default()
    };
    assert_eq!(
        ids(&search(index, &axis(1), &both, 10).await),
        ["fr-food"],
        "French AND food"
    );
}

/// Vectors of the wrong length are refused.
pub async fn wrong_dimension_is_an_error(index: &mut dyn VectorIndex) {
    assert!(
        index
            .upsert(vec![point("x", vec![1.0; DIM + 1], Payload::default())])
            .await
            .is_err(),
        "upsert of wrong length"
    );
    index
        .upsert(vec![point("a", axis(0), Payload::default())])
        .await
        .expect("upsert");
    assert!(
        index.search(&[1.0; 3], &PayloadFilter::default(), 1).await.is_err(),
        "query of wrong length"
    );
}

/// Equal scores come back in id order, so results are stable.
pub async fn equal_scores_in_id_order(index: &mut dyn VectorIndex) {
    let points = ["c", "a", "d", "b"]
        .iter()
        .map(|n| point(n, axis(0), Payload::default()))
        .collect();
    index.upsert(points).await.expect("upsert");
    assert_eq!(
        ids(&search(index, &axis(0), &PayloadFilter::default(), 3).await),
        ["a", "b", "c"]
    );
}

/// Results equal a brute-force scan, with and without filters.
pub async fn exact_recall_against_brute_force(index: &mut dyn VectorIndex) {
    let mut rng = Lcg(42);
    let needs = [NeedLabel::Food, NeedLabel::Shelter, NeedLabel::Health];
    let points: Vec<IndexPoint> = (0..600)
        .map(|i| {
            let v: Vec<f32> = (0..DIM).map(|_| rng.next() - 0.5).collect();
            let payload = Payload {
                needs: vec![needs[i % 3]],
                ..Payload::default()
            };
            point(&format!("s{i:04}"), v, payload)
        })
        .collect();
    index.upsert(points.clone()).await.expect("upsert");
    for q in 0..10 {
        let query: Vec<f32> = (0..DIM).map(|_| rng.next() - 0.5).collect();
        let filter = if q % 2 == 0 {
            PayloadFilter::default()
        } else {
            PayloadFilter {
                needs_any: vec![NeedLabel::Shelter],
                ..PayloadFilter::default()
            }
        };
        let qn = super::normalised(&query);
        let mut expected: Vec<(f32, &str)> = points
            .iter()
            .filter(|p| filter.matches(&p.payload))
            .map(|p| {
                let v = super::normalised(&p.vector);
                (v.iter().zip(&qn).map(|(a, b)| a * b).sum::<f32>(), p.id.as_str())
            })
            .collect();
        expected.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let got = search(index, &query, &filter, 10).await;
        let want: Vec<&str> = expected.iter().take(10).map(|e| e.1).collect();
        assert_eq!(ids(&got), want, "query {q}: exact top 10");
        for (hit, (score, _)) in got.iter().zip(&expected) {
            assert!(
                (hit.score - score).abs() < 1e-4,
                "query {q}: score {} vs {score}",
                hit.score
            );
        }
    }
}

/// A tiny deterministic generator for test vectors.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 40) as f32) / (1u64 << 24) as f32
    }
}
