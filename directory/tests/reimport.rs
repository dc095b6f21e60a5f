//! Re-import: idempotent, updates and deletions, re-embedding only changed texts.

mod common;

use common::{demo_json, CountingEmbedder};
use frontdoor_directory::embed::HashingEmbedder;
use frontdoor_directory::import::read_json_text;
use frontdoor_directory::store::{DirectoryStore, ImportOptions, VectorCache};
use serde_json::Value;

fn demo_services() -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(demo_json()).unwrap()).unwrap()
}

fn import(
    store: &mut DirectoryStore,
    services: &[Value],
    embedder: &CountingEmbedder,
) -> frontdoor_directory::store::ImportSummary {
    let text = serde_json::to_string(services).unwrap();
    let data = read_json_text("demo.json", &text).unwrap();
    store.apply_import(data, embedder, &ImportOptions::default()).unwrap()
}

#[test]
fn reimporting_the_same_data_changes_and_embeds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let embedder = CountingEmbedder::new(48);
    let services = demo_services();
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    let first = import(&mut store, &services, &embedder);
    assert_eq!((first.imported, first.embedded), (413, 413));
    let chars: usize = embedder
        .last_batch
        .lock()
        .unwrap()
        .iter()
        .map(|t| t.chars().count())
        .sum();
    assert_eq!(
        first.embed_flops,
        Some(chars as f64),
        "the import counts the embedder's arithmetic"
    );

    embedder.reset();
    let mut reopened = DirectoryStore::open(dir.path()).unwrap();
    let again = import(&mut reopened, &services, &embedder);
    assert_eq!(
        (again.imported, again.updated, again.deleted, again.unchanged),
        (0, 0, 0, 413)
    );
    assert!(again.is_noop());
    assert_eq!(embedder.embedded(), 0);
    assert_eq!(again.embed_flops, Some(0.0));
}

#[test]
fn a_changed_description_is_re_embedded_alone_and_a_changed_phone_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let embedder = CountingEmbedder::new(48);
    let mut services = demo_services();
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    import(&mut store, &services, &embedder);
    let old_vector = store.vector(7).to_vec();

    services[7]["description"] = Value::String("Hot meals every evening for anyone who is hungry.".into());
    services[9]["phones"][0]["number"] = Value::String("+1 416 555-0199".into());
    embedder.reset();
    let summary = import(&mut store, &services, &embedder);
    assert_eq!(
        (summary.updated, summary.unchanged, summary.embedded),
        (2, 411, 1),
        "{summary}"
    );
    let batch = embedder.last_batch.lock().unwrap().clone();
    assert_eq!(batch.len(), 1);
    assert!(
        batch[0].contains("Hot meals every evening"),
        "the changed text was embedded: {}",
        batch[0]
    );
    assert_ne!(
        store.vector(7),
        old_vector.as_slice(),
        "the changed service has a new vector"
    );

    let reopened = DirectoryStore::open(dir.path()).unwrap();
    assert_eq!(
        reopened.services()[9].record.main_phone().as_deref(),
        Some("+1 416 555-0199"),
        "update saved"
    );
}

#[test]
fn services_missing_from_the_dataset_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let embedder = CountingEmbedder::new(48);
    let mut services = demo_services();
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    import(&mut store, &services, &embedder);
    let gone = services[0]["id"].as_str().unwrap().to_owned();
    services.remove(0);
    services.remove(0);
    embedder.reset();
    let summary = import(&mut store, &services, &embedder);
    assert_eq!((summary.deleted, summary.unchanged, summary.embedded), (2, 411, 0));
    let reopened = DirectoryStore::open(dir.path()).unwrap();
    assert_eq!(reopened.len(), 411);
    assert!(reopened.records().all(|r| r.id.as_str() != gone));
}

#[test]
fn a_service_skipped_for_a_bad_row_keeps_its_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let embedder = CountingEmbedder::new(48);
    let mut services = demo_services();
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    import(&mut store, &services, &embedder);
    let kept = services[3]["id"].as_str().unwrap().to_owned();
    services[3]["name"] = Value::String("  ".into());
    let summary = import(&mut store, &services, &embedder);
    assert_eq!((summary.skipped_services, summary.deleted), (1, 0), "{summary}");
    assert!(store.records().any(|r| r.id.as_str() == kept), "previous version kept");
    assert_eq!(store.len(), 413);
}

#[test]
fn a_new_model_re_embeds_everything_and_a_vector_cache_embeds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let services = demo_services();
    let embedder = CountingEmbedder::new(48);
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    import(&mut store, &services, &embedder);
    let cache_path = dir.path().join("demo.vectors");
    VectorCache::from_store(&store).save(&cache_path).unwrap();

    // Same texts, another model: every vector is redone.
    let other = HashingEmbedder::with_model_id(48, "another-model");
    let data = read_json_text("demo.json", &serde_json::to_string(&services).unwrap()).unwrap();
    let summary = store.apply_import(data, &other, &ImportOptions::default()).unwrap();
    assert_eq!(
        (summary.embedded, summary.unchanged),
        (413, 413),
        "records unchanged, vectors redone"
    );

    // A fresh data dir seeded from the cache of the first model embeds nothing.
    let fresh = tempfile::tempdir().unwrap();
    let cache = VectorCache::load(&cache_path).unwrap();
    assert!(
        cache.len() > 400,
        "one vector per distinct passage text ({})",
        cache.len()
    );
    embedder.reset();
    let options = ImportOptions {
        vector_cache: Some(&cache),
        ..ImportOptions::default()
    };
    let summary = frontdoor_directory::import_demo(fresh.path(), &embedder, &options).unwrap();
    assert_eq!((summary.imported, summary.from_cache, summary.embedded), (413, 413, 0));
    assert_eq!(embedder.embedded(), 0);
}

#[test]
fn a_damaged_store_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let embedder = CountingEmbedder::new(16);
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    import(&mut store, &demo_services()[..5], &embedder);
    std::fs::write(dir.path().join("vectors.f32"), b"FDVEC001garbage").unwrap();
    let err = DirectoryStore::open(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("vectors.f32") && err.contains("import the directory again"),
        "{err}"
    );
}
