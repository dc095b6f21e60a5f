//! The conversation scripts in `eval-sets/dialogs/` through the real engine: the model,
//! understanding, the bundled demo directory and a real SQLite store. Every script is run; the
//! suite fails when fewer than 95% pass (known misses are listed in the closing notes), and
//! prints every failed expectation.

use frontdoor_server::config::Config;
use frontdoor_server::scripts;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversation_scripts_pass() {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::load(None, |k| std::env::var(k).ok()).unwrap();
    config.data_dir = data.path().to_owned();
    let brains = frontdoor_server::load_brains(&config)
        .await
        .expect("model and directory load (FRONTDOOR_MODEL_PATH)");
    let scratch = scripts::ScratchStore::new().await.unwrap();
    let engine = frontdoor_server::build_engine(&config, Some(scratch.store.clone()), None, Some(&brains)).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../eval-sets/dialogs");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 40, "at least 40 scripts, found {}", paths.len());
    let mut passed = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let script = scripts::load(path).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        let (failed, _) = scripts::run(&engine, scratch.store.as_ref(), &script, &name).await;
        if failed.is_empty() {
            passed += 1;
        }
        failures.extend(
            failed
                .into_iter()
                .map(|f| format!("{} turn {}: {}", f.script, f.turn, f.reason)),
        );
    }
    eprintln!("{passed} of {} scripts passed", paths.len());
    for f in &failures {
        eprintln!("  {f}");
    }
    let rate = passed as f64 / paths.len() as f64;
    assert!(
        rate >= 0.95,
        "{passed} of {} scripts passed:\n{}",
        paths.len(),
        failures.join("\n")
    );
}
