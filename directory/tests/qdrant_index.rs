//! The Qdrant backend: the shared vector-index suite over real gRPC against the loopback
//! double (always), and against a real server when `FRONTDOOR_TEST_QDRANT_URL` is set.

mod qdrant_double;

use frontdoor_core::types::{NeedLabel, ServiceId};
use frontdoor_directory::index::{
    conformance, qdrant_filter, IndexPoint, Payload, PayloadFilter, QdrantIndex, QdrantSettings, SyncReport,
    VectorIndex,
};
use qdrant_double::QdrantDouble;
use std::sync::atomic::{AtomicUsize, Ordering};

static COLLECTIONS: AtomicUsize = AtomicUsize::new(0);

/// A collection name no other run uses (several runs may share one real server).
fn fresh_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "frontdoor_test_{}_{nanos}_{}",
        std::process::id(),
        COLLECTIONS.fetch_add(1, Ordering::Relaxed)
    )
}

fn settings(url: &str, collection: &str) -> QdrantSettings {
    let mut s = QdrantSettings::new(url, collection);
    s.api_key = std::env::var("FRONTDOOR_TEST_QDRANT_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    s
}

async fn connect(url: &str, collection: &str, dim: usize) -> QdrantIndex {
    QdrantIndex::connect(&settings(url, collection), dim)
        .await
        .expect("connect and create the collection")
}

/// Runs the suite, each check on a new collection, and drops the collections afterwards.
async fn run_suite(url: &str) {
    let mut names = Vec::new();
    conformance::run_all(|| {
        let name = fresh_name();
        names.push(name.clone());
        async move { Box::new(connect(url, &name, conformance::DIM).await) as Box<dyn VectorIndex> }
    })
    .await;
    for name in names {
        connect(url, &name, conformance::DIM)
            .await
            .drop_collection()
            .await
            .expect("drop the test collection");
    }
}

#[tokio::test]
async fn qdrant_index_passes_the_suite_against_the_loopback_double() {
    let double = QdrantDouble::start().await;
    run_suite(&double.url).await;
    assert!(double.collections().is_empty(), "every test collection was dropped");
}

#[tokio::test]
async fn qdrant_index_passes_the_suite_against_a_real_server() {
    let Some(url) = std::env::var("FRONTDOOR_TEST_QDRANT_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("skipped: FRONTDOOR_TEST_QDRANT_URL is not set (a Qdrant gRPC endpoint, e.g. http://localhost:6334)");
        return;
    };
    run_suite(&url).await;
}

#[tokio::test]
async fn a_new_collection_gets_payload_indexes_for_every_filtered_field() {
    let double = QdrantDouble::start().await;
    let _index = connect(&double.url, "directory", 4).await;
    assert_eq!(
        double.payload_indexes("directory"),
        [
            ("languages".to_owned(), "Keyword".to_owned()),
            ("location".to_owned(), "Geo".to_owned()),
            ("needs".to_owned(), "Keyword".to_owned()),
            ("taxonomy".to_owned(), "Keyword".to_owned()),
        ]
    );
}

#[tokio::test]
async fn a_collection_of_another_dimension_is_refused_with_advice() {
    let double = QdrantDouble::start().await;
    connect(&double.url, "directory", 4).await;
    let err = QdrantIndex::connect(&settings(&double.url, "directory"), 8)
        .await
        .expect_err("dimension mismatch");
    let text = err.to_string();
    assert!(
        text.contains("4-dimension") && text.contains("8-dimension") && text.contains("collection name"),
        "{text}"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_backend_error_naming_it() {
    let mut s = QdrantSettings::new("http://127.0.0.1:9", "directory");
    s.connect_timeout = std::time::Duration::from_millis(500);
    let err = QdrantIndex::connect(&s, 4)
        .await
        .expect_err("nothing listens on port 9");
    assert!(err.to_string().contains("qdrant"), "{err}");
}

fn service(id: &str, vector: Vec<f32>, needs: &[NeedLabel]) -> IndexPoint {
    IndexPoint {
        id: ServiceId::parse(id).unwrap(),
        vector,
        payload: Payload {
            needs: needs.to_vec(),
            ..Payload::default()
        },
    }
}

#[tokio::test]
async fn sync_sends_only_what_changed_and_deletes_what_is_gone() {
    let double = QdrantDouble::start().await;
    let mut index = connect(&double.url, "directory", 3).await;
    let directory = vec![
        service("food-bank", vec![1.0, 0.0, 0.0], &[NeedLabel::Food]),
        service("shelter", vec![0.0, 1.0, 0.0], &[NeedLabel::Shelter]),
        service("legal-clinic", vec![0.0, 0.0, 1.0], &[NeedLabel::Legal]),
    ];
    let first = index.sync(directory.clone()).await.expect("first sync");
    assert_eq!(
        first,
        SyncReport {
            unchanged: 0,
            upserted: 3,
            removed: 0
        }
    );
    let again = index.sync(directory.clone()).await.expect("restart");
    assert_eq!(
        again,
        SyncReport {
            unchanged: 3,
            upserted: 0,
            removed: 0
        },
        "a restart re-sends nothing"
    );
    assert_eq!(double.points_received(), 3);

    // A re-import: the shelter's text changed (new vector), the clinic closed, a pantry opened.
    let mut reimport = directory.clone();
    reimport[1].vector = vec![0.0, 0.8, 0.6];
    reimport.remove(2);
    reimport.push(service("pantry", vec![0.9, 0.1, 0.0], &[NeedLabel::Food]));
    let report = index.sync(reimport).await.expect("re-import sync");
    assert_eq!(
        report,
        SyncReport {
            unchanged: 1,
            upserted: 2,
            removed: 1
        }
    );
    assert_eq!(index.count().await.unwrap(), 3);
    let hits = index
        .search(&[0.0, 0.0, 1.0], &PayloadFilter::default(), 1)
        .await
        .unwrap();
    assert_eq!(
        hits[0].id.as_str(),
        "shelter",
        "the clinic is gone; the moved shelter is nearest"
    );

    // A restart after the re-import finds everything current again.
    let mut restarted = connect(&double.url, "directory", 3).await;
    let current = vec![
        directory[0].clone(),
        service("shelter", vec![0.0, 0.8, 0.6], &[NeedLabel::Shelter]),
        service("pantry", vec![0.9, 0.1, 0.0], &[NeedLabel::Food]),
    ];
    assert_eq!(restarted.sync(current).await.unwrap().upserted, 0);
}

#[tokio::test]
async fn sync_pages_through_large_collections() {
    let double = QdrantDouble::start().await;
    let mut index = connect(&double.url, "directory", 2).await;
    let many: Vec<IndexPoint> = (0..2_500)
        .map(|i| service(&format!("s{i}"), vec![1.0, i as f32], &[]))
        .collect();
    assert_eq!(index.sync(many.clone()).await.unwrap().upserted, 2_500);
    let report = index.sync(many[..2_000].to_vec()).await.unwrap();
    assert_eq!(
        report,
        SyncReport {
            unchanged: 2_000,
            upserted: 0,
            removed: 500
        },
        "three scroll pages were read"
    );
}

#[tokio::test]
async fn ties_past_the_fetch_margin_still_come_back_in_id_order() {
    let double = QdrantDouble::start().await;
    let mut index = connect(&double.url, "directory", 2).await;
    // Forty identical vectors: the tie runs far past the limit and the margin.
    let points: Vec<IndexPoint> = (0..40)
        .map(|i| service(&format!("t{i:02}"), vec![1.0, 1.0], &[]))
        .collect();
    index.upsert(points).await.unwrap();
    let hits = index.search(&[1.0, 1.0], &PayloadFilter::default(), 5).await.unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["t00", "t01", "t02", "t03", "t04"]);
}

#[tokio::test]
async fn filters_reach_the_server_as_payload_conditions() {
    let double = QdrantDouble::start().await;
    let mut index = connect(&double.url, "directory", 2).await;
    index
        .upsert(vec![service("a", vec![1.0, 0.0], &[NeedLabel::Food])])
        .await
        .unwrap();
    let filter = PayloadFilter {
        needs_any: vec![NeedLabel::Food],
        ..PayloadFilter::default()
    };
    index.search(&[1.0, 0.0], &filter, 3).await.unwrap();
    index.search(&[1.0, 0.0], &PayloadFilter::default(), 3).await.unwrap();
    let seen = double.filters_seen();
    assert_eq!(seen[0], qdrant_filter(&filter), "the filter is evaluated by the server");
    assert_eq!(seen[1], None, "no filter when everything passes");
}

#[tokio::test]
async fn the_demo_directory_is_searched_through_a_synced_collection_and_a_restart_sends_nothing() {
    use frontdoor_directory::embed::HashingEmbedder;
    use frontdoor_directory::search::SearchRequest;
    use frontdoor_directory::store::{DirectoryStore, ImportOptions};
    let double = QdrantDouble::start().await;
    let data = tempfile::tempdir().unwrap();
    let embedder = std::sync::Arc::new(HashingEmbedder::new(64));
    frontdoor_directory::import_demo(data.path(), embedder.as_ref(), &ImportOptions::default()).unwrap();
    let services = DirectoryStore::open(data.path()).unwrap().len();
    let settings = settings(&double.url, "ontario");

    let (searcher, first) = frontdoor_directory::open_searcher_on_qdrant(data.path(), embedder.clone(), &settings)
        .await
        .expect("open on Qdrant");
    assert_eq!(first.upserted, services, "a new collection receives every service");
    assert!(format!("{searcher:?}").contains("qdrant"), "{searcher:?}");
    let mut request = SearchRequest::new("food bank");
    request.lang = Some(frontdoor_core::types::LanguageTag::parse("fr").unwrap());
    request.speaks_only = true;
    let hits = searcher.search(&request).await.expect("search through Qdrant");
    assert!(!hits.is_empty(), "French-speaking services are found");
    assert!(hits.iter().all(|h| h.record.languages.iter().any(|l| l == "fr")));

    let (_, restart) = frontdoor_directory::open_searcher_on_qdrant(data.path(), embedder, &settings)
        .await
        .unwrap();
    assert_eq!(
        restart,
        SyncReport {
            unchanged: services,
            upserted: 0,
            removed: 0
        },
        "a restart re-sends nothing"
    );
    assert_eq!(double.points_received(), services);
}
