//! The shared vector-index behaviour suite, run against the embedded flat index in each
//! precision. (A Qdrant backend runs the same `conformance::run_all`.)

use frontdoor_directory::index::{conformance, FlatIndex, Precision, VectorIndex};

#[tokio::test]
async fn flat_index_f32_passes_the_suite() {
    conformance::run_all(|| async {
        Box::new(FlatIndex::new(conformance::DIM, Precision::F32)) as Box<dyn VectorIndex>
    })
    .await;
}

#[tokio::test]
async fn flat_index_int8_with_rescoring_passes_the_suite() {
    conformance::run_all(|| async {
        Box::new(FlatIndex::new(conformance::DIM, Precision::Int8 { rescore: true })) as Box<dyn VectorIndex>
    })
    .await;
}

#[tokio::test]
async fn flat_index_on_several_threads_passes_the_suite() {
    // Threads only engage on large indexes; the suite still checks the single-thread path.
    conformance::run_all(|| async {
        Box::new(FlatIndex::new(conformance::DIM, Precision::F32).with_threads(2)) as Box<dyn VectorIndex>
    })
    .await;
}

#[test]
fn large_multi_threaded_search_equals_single_threaded() {
    let dim = 384;
    let n = 12_000;
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 40) as f32) / (1u64 << 24) as f32 - 0.5
    };
    let points: Vec<_> = (0..n)
        .map(|i| frontdoor_directory::index::IndexPoint {
            id: frontdoor_core::types::ServiceId::parse(&format!("s{i}")).unwrap(),
            vector: (0..dim).map(|_| next()).collect(),
            payload: Default::default(),
        })
        .collect();
    let mut one = FlatIndex::new(dim, Precision::F32).with_threads(1);
    let mut two = FlatIndex::new(dim, Precision::F32).with_threads(2);
    one.insert(points.clone()).unwrap();
    two.insert(points).unwrap();
    let q: Vec<f32> = (0..dim).map(|_| next()).collect();
    let filter = Default::default();
    assert_eq!(one.top_k(&q, &filter, 20).unwrap(), two.top_k(&q, &filter, 20).unwrap());
}
